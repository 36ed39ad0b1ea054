//! `pruefen --selbstpruefung`: Stimmen Cargo.toml, die Dateien und das Buch
//! mit den Aufgabendefinitionen überein?
//!
//! Die Definitionen in `aufgaben/aNN_*.rs` sind die einzige Quelle. Geprüft
//! wird in beide Richtungen: Alles, was eine Definition nennt, gibt es – und
//! alles, was es gibt (`[[example]]`-Einträge für `loesungen/`, Dateien in
//! `loesungen/`, `examples/aufgabe_*`, `python/aufgabe_*`, Seiten in
//! `book/aufgaben/`, Zeilen in `book/SUMMARY.md`), nennt eine Definition.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use crate::aufgaben::{self, Loesung};
use crate::bericht::aus;

/// Abschnitte, die jede Aufgabenseite haben muss.
const SEITENTEILE: &[&str] = &[
    "## Lernziel",
    "## Aufgabe",
    "## Erwartetes Verhalten",
    "<summary>Tipp 1</summary>",
    "<!-- LOESUNG -->",
    "<!-- /LOESUNG -->",
    "Minuten",
];

pub fn main(wurzel: &Path) -> ExitCode {
    let fehler = pruefe(wurzel);
    if fehler.is_empty() {
        aus(&format!(
            "Selbstprüfung: {} Aufgaben, Cargo.toml, Dateien und Buch stimmen überein.",
            aufgaben::alle().len()
        ));
        ExitCode::SUCCESS
    } else {
        for f in &fehler {
            aus(&format!("✗ {f}"));
        }
        aus(&format!("Selbstprüfung: {} Abweichungen.", fehler.len()));
        ExitCode::FAILURE
    }
}

/// Die `[[example]]`-Einträge aus Cargo.toml: Name → Pfad.
fn beispiele_in_cargo_toml(text: &str) -> BTreeMap<String, String> {
    let mut eintraege = BTreeMap::new();
    let mut im_beispiel = false;
    let mut name: Option<String> = None;
    let mut pfad: Option<String> = None;
    let mut abschliessen = |name: &mut Option<String>, pfad: &mut Option<String>| {
        if let Some(n) = name.take() {
            eintraege.insert(n, pfad.take().unwrap_or_default());
        }
        *pfad = None;
    };
    for zeile in text.lines() {
        let zeile = zeile.trim();
        if zeile.starts_with('[') {
            abschliessen(&mut name, &mut pfad);
            im_beispiel = zeile == "[[example]]";
            continue;
        }
        if !im_beispiel {
            continue;
        }
        if let Some((schluessel, wert)) = zeile.split_once('=') {
            let wert = wert.trim().trim_matches('"').to_string();
            match schluessel.trim() {
                "name" => name = Some(wert),
                "path" => pfad = Some(wert),
                _ => {}
            }
        }
    }
    abschliessen(&mut name, &mut pfad);
    eintraege
}

fn dateien(ordner: &Path) -> BTreeSet<String> {
    std::fs::read_dir(ordner)
        .map(|it| {
            it.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Alle Abweichungen als deutsche Sätze; leer heißt: alles stimmt.
pub fn pruefe(wurzel: &Path) -> Vec<String> {
    let mut fehler = Vec::new();
    let alle = aufgaben::alle();
    let cargo = std::fs::read_to_string(wurzel.join("Cargo.toml")).unwrap_or_default();
    let beispiele = beispiele_in_cargo_toml(&cargo);
    let summary = std::fs::read_to_string(wurzel.join("book/SUMMARY.md")).unwrap_or_default();
    let index = std::fs::read_to_string(wurzel.join("book/aufgaben/index.md")).unwrap_or_default();

    let mut erwartet_loesungen = BTreeSet::new();
    let mut erwartet_beispiele = BTreeSet::new();
    let mut erwartet_starter = BTreeSet::new();
    let mut erwartet_python = BTreeSet::new();
    let mut erwartet_seiten = BTreeSet::new();
    let mut nummern = BTreeSet::new();

    for (i, a) in alle.iter().enumerate() {
        let wer = format!("Aufgabe {}", a.nummer);
        if a.nummer != format!("{:02}", i + 1) {
            fehler.push(format!(
                "{wer}: steht an Stelle {} der Liste in aufgaben/mod.rs.",
                i + 1
            ));
        }
        if !nummern.insert(a.nummer) {
            fehler.push(format!("{wer}: Nummer doppelt vergeben."));
        }
        if a.starter != format!("aufgabe_{}_{}", a.nummer, a.kurz) {
            fehler.push(format!(
                "{wer}: Starter {:?} heißt nicht aufgabe_{}_{}.",
                a.starter, a.nummer, a.kurz
            ));
        }
        if a.schritte.is_empty() {
            fehler.push(format!("{wer}: hat keine Schritte."));
        }
        let schrittnamen: BTreeSet<&str> = a.schritte.iter().map(|s| s.name).collect();
        if schrittnamen.len() != a.schritte.len() {
            fehler.push(format!("{wer}: zwei Schritte haben denselben Namen."));
        }
        for (name, _) in a.punkte {
            if !schrittnamen.contains(name) {
                fehler.push(format!(
                    "{wer}: Punkte für den unbekannten Schritt {name:?}."
                ));
            }
        }
        erwartet_starter.insert(format!("{}.rs", a.starter));
        if let Some(p) = a.python_starter {
            erwartet_python.insert(p.to_string());
        }
        if !a.loesungen.iter().any(|l| matches!(l, Loesung::Rust(_))) {
            fehler.push(format!("{wer}: hat keine Rust-Musterlösung."));
        }
        for l in a.loesungen {
            match l {
                Loesung::Rust(n) => {
                    erwartet_loesungen.insert(format!("{n}.rs"));
                    erwartet_beispiele.insert(n.to_string());
                }
                Loesung::Python(n) => {
                    erwartet_loesungen.insert(n.to_string());
                }
            }
        }
        if a.varianten.is_empty() {
            fehler.push(format!("{wer}: hat keine falsche Variante."));
        }
        for v in a.varianten {
            erwartet_loesungen.insert(format!("{}.rs", v.name));
            erwartet_beispiele.insert(v.name.to_string());
            if !schrittnamen.contains(v.schritt) {
                fehler.push(format!(
                    "{wer}: Variante {} soll bei {:?} scheitern, diesen Schritt gibt es nicht.",
                    v.name, v.schritt
                ));
            }
            if !v.name.starts_with(&format!("falsch_{}_", a.nummer)) {
                fehler.push(format!(
                    "{wer}: Variante {} heißt nicht falsch_{}_….",
                    v.name, a.nummer
                ));
            }
        }

        // Buchseite, SUMMARY.md und Übersicht.
        let seite = format!("{}-{}.md", a.nummer, a.kurz);
        erwartet_seiten.insert(seite.clone());
        match std::fs::read_to_string(wurzel.join("book/aufgaben").join(&seite)) {
            Err(_) => fehler.push(format!("{wer}: die Seite book/aufgaben/{seite} fehlt.")),
            Ok(inhalt) => {
                let kopf = format!("# Aufgabe {}: {}", a.nummer, a.titel);
                if inhalt.lines().next() != Some(kopf.as_str()) {
                    fehler.push(format!(
                        "{wer}: book/aufgaben/{seite} beginnt nicht mit {kopf:?}."
                    ));
                }
                for teil in SEITENTEILE {
                    if !inhalt.contains(teil) {
                        fehler.push(format!("{wer}: book/aufgaben/{seite} ohne {teil:?}."));
                    }
                }
                let starter = format!("`examples/{}.rs`", a.starter);
                if !inhalt.contains(&starter) {
                    fehler.push(format!(
                        "{wer}: book/aufgaben/{seite} nennt den Starter {starter} nicht."
                    ));
                }
            }
        }
        let eintrag = format!("[{} {}](aufgaben/{seite})", a.nummer, a.titel);
        if !summary.contains(&eintrag) {
            fehler.push(format!(
                "{wer}: book/SUMMARY.md ohne die Zeile {eintrag:?}."
            ));
        }
        let zeile = format!("| {} | [{}]({seite}) |", a.nummer, a.titel);
        let ende = format!("| {} | {} |", a.art, a.minuten);
        match index.lines().find(|z| z.starts_with(&zeile)) {
            None => fehler.push(format!(
                "{wer}: book/aufgaben/index.md ohne die Tabellenzeile {zeile:?}…"
            )),
            Some(z) if !z.trim_end().ends_with(&ende) => fehler.push(format!(
                "{wer}: Die Zeile in book/aufgaben/index.md endet nicht mit {ende:?} (Art und \
                 Minuten aus der Definition)."
            )),
            Some(_) => {}
        }
    }

    // Cargo.toml: genau die Beispiele in loesungen/, die Definitionen nennen.
    for name in &erwartet_beispiele {
        match beispiele.get(name) {
            None => fehler.push(format!("Cargo.toml: [[example]] {name} fehlt.")),
            Some(p) if *p != format!("loesungen/{name}.rs") => fehler.push(format!(
                "Cargo.toml: [[example]] {name} zeigt auf {p}, nicht auf loesungen/{name}.rs."
            )),
            Some(_) => {}
        }
    }
    for (name, p) in &beispiele {
        if p.starts_with("loesungen/") && !erwartet_beispiele.contains(name) {
            fehler.push(format!(
                "Cargo.toml: [[example]] {name} ({p}) gehört zu keiner Aufgabendefinition."
            ));
        }
    }

    vergleiche(
        &mut fehler,
        "loesungen/",
        &dateien(&wurzel.join("loesungen")),
        &erwartet_loesungen,
    );
    let starter: BTreeSet<String> = dateien(&wurzel.join("examples"))
        .into_iter()
        .filter(|d| d.starts_with("aufgabe_"))
        .collect();
    vergleiche(&mut fehler, "examples/", &starter, &erwartet_starter);
    for d in dateien(&wurzel.join("examples")) {
        if d.starts_with("loesung_") || d.starts_with("falsch_") {
            fehler.push(format!(
                "examples/{d} gehört nach loesungen/ (mit [[example]] in Cargo.toml und einem \
                 Eintrag in der Aufgabendefinition), sonst sehen Schülerinnen es als Lektion."
            ));
        }
    }
    let python: BTreeSet<String> = dateien(&wurzel.join("python"))
        .into_iter()
        .filter(|d| d.starts_with("aufgabe_"))
        .collect();
    vergleiche(&mut fehler, "python/", &python, &erwartet_python);
    let seiten: BTreeSet<String> = dateien(&wurzel.join("book/aufgaben"))
        .into_iter()
        .filter(|d| d.ends_with(".md") && d.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    vergleiche(&mut fehler, "book/aufgaben/", &seiten, &erwartet_seiten);
    for zeile in summary.lines() {
        if let Some(start) = zeile.find("](aufgaben/") {
            let ziel = zeile[start + 11..].trim_end().trim_end_matches(')');
            if ziel != "index.md"
                && !ziel.starts_with("bewerten")
                && !erwartet_seiten.contains(ziel)
            {
                fehler.push(format!(
                    "book/SUMMARY.md verweist auf aufgaben/{ziel}, das keine Aufgabe definiert."
                ));
            }
        }
    }
    fehler
}

/// Meldet Dateien, die fehlen, und Dateien, die keine Definition nennt.
fn vergleiche(
    fehler: &mut Vec<String>,
    ordner: &str,
    da: &BTreeSet<String>,
    erwartet: &BTreeSet<String>,
) {
    for f in erwartet.difference(da) {
        fehler.push(format!(
            "{ordner}{f} fehlt, eine Aufgabendefinition nennt die Datei."
        ));
    }
    for f in da.difference(erwartet) {
        fehler.push(format!(
            "{ordner}{f} gehört zu keiner Aufgabendefinition (aufgaben/aNN_*.rs)."
        ));
    }
}

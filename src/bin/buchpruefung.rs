//! Buchprüfung: prüft, dass das Buch hält, was es verspricht.
//!
//! Aufruf (nach `mdbook build`): `cargo run --bin buchpruefung`
//!
//! Geprüft wird:
//! - Jedes `cargo run --example X` im Buch nennt ein vorhandenes Beispiel.
//! - Jedes `cargo run -p werkzeuge --bin X` nennt ein vorhandenes Werkzeug
//!   (`werkzeuge/src/bin/X.rs`, die Messwerkzeuge sind keine Lektionen).
//! - Jedes Beispiel und jedes Werkzeug wird von mindestens einer Seite benutzt
//!   (genannt oder eingebunden).
//! - Jedes `{{#include}}`-Ziel existiert, ebenso jeder Anker darin.
//! - Kein ```` ```rust ````-Block enthält eingefügten Code statt Includes.
//! - Links auf andere Seiten zeigen auf vorhandene Dateien.
//! - Jede Seite im Verzeichnis `book/` steht im Inhaltsverzeichnis.
//! - Keine Seite zeigt einen Playground-Knopf (book.toml und das gebaute HTML).
//! - Rechtschreibung der Fließtexte mit hunspell (de_DE) und den Wortlisten in
//!   `wortliste/`; Code, Links und HTML-Tags sind ausgenommen.
//! - Jede Datei in `examples/` (auch in Unterordnern) ist eine Lektion von
//!   höchstens 250 Zeilen.
//! - Gleiche Blöcke (`// GLEICH: NAME` … `// GLEICH_ENDE: NAME`) sind in allen
//!   Beispielen, Lösungen und Werkzeugen wortgleich.
//! - Keine Seite unter `book/` benutzt eine verbotene Schreibweise aus
//!   `wortliste/verboten.txt` („Handshake“ statt „Handschlag“, `TIME_WAIT`
//!   statt `TIME-WAIT` …) oder eine Zahl mit Tausenderpunkt (65.530 statt 65 530).
//!   Im Fließtext (nicht in Codeblöcken) gruppiert sie Zahlen nur mit Leerzeichen
//!   (theme/ausgabe.py setzt beim Bauen U+202F), nie mit U+2009 oder U+00A0, und
//!   vierstellige Zahlen gar nicht (1000 statt 1 000).
//!
//! Jeder Fund wird als `Datei:Zeile: Meldung` ausgegeben; der Exit-Code ist
//! 0 nur ohne Funde.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, bail};

fn main() -> ExitCode {
    match run() {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ein Fund: wo, und was nicht stimmt.
#[derive(Debug, PartialEq)]
struct Fund {
    datei: String,
    zeile: usize,
    meldung: String,
}

fn run() -> anyhow::Result<usize> {
    let wurzel = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let buch = wurzel.join("book");
    let mut funde = Vec::new();

    let seiten = seiten_im_inhaltsverzeichnis(&buch)?;
    let beispiele = beispiele(&wurzel)?;
    let werkzeuge = werkzeuge(&wurzel)?;
    let bekannt = Bekannt {
        beispiele: &beispiele,
        werkzeuge: &werkzeuge,
    };
    let mut benutzt = BTreeSet::new();
    let mut benutzte_werkzeuge = BTreeSet::new();
    let mut eingebundene_dateien = BTreeSet::new();
    let mut woerter: BTreeMap<String, (String, usize)> = BTreeMap::new();

    for seite in &seiten {
        let pfad = buch.join(seite);
        let name = format!("book/{seite}");
        let text = fs::read_to_string(&pfad).with_context(|| format!("{name} fehlt"))?;
        let verzeichnis = pfad.parent().unwrap_or(&buch);
        let analyse = analysiere(&name, &text, verzeichnis, &bekannt);
        benutzt.extend(analyse.benutzte_beispiele);
        benutzte_werkzeuge.extend(analyse.benutzte_werkzeuge);
        eingebundene_dateien.extend(analyse.eingebunden);
        funde.extend(analyse.funde);
        for (wort, zeile) in analyse.woerter {
            woerter.entry(wort).or_insert((name.clone(), zeile));
        }
    }

    // Verbotene Schreibweisen auf allen Seiten und Bausteinen.
    let verbote = lade_verbote(&wurzel)?;
    for datei in alle_markdown_dateien(&buch)? {
        let text = fs::read_to_string(&datei)?;
        let relativ = datei
            .strip_prefix(&wurzel)?
            .to_string_lossy()
            .replace('\\', "/");
        funde.extend(verbotene_schreibweisen(&relativ, &text, &verbote));
    }

    // Jede Markdown-Datei ist eine Seite im Inhaltsverzeichnis, ein Baustein,
    // den eine Seite einbindet, oder eine Sonderseite von mdBook.
    for datei in alle_markdown_dateien(&buch)? {
        let eingebunden = eingebundene_dateien.contains(&fs::canonicalize(&datei)?);
        let relativ = datei
            .strip_prefix(&buch)?
            .to_string_lossy()
            .replace('\\', "/");
        let sonderseite = relativ == "SUMMARY.md" || relativ == "404.md";
        if !sonderseite && !eingebunden && !seiten.contains(&relativ) {
            funde.push(Fund {
                datei: format!("book/{relativ}"),
                zeile: 1,
                meldung: "Seite steht nicht in book/SUMMARY.md und wird nirgends eingebunden"
                    .into(),
            });
        }
    }

    for beispiel in &beispiele {
        if !benutzt.contains(beispiel) {
            funde.push(Fund {
                datei: format!("examples/{beispiel}.rs"),
                zeile: 1,
                meldung: format!("Beispiel {beispiel} wird von keiner Seite benutzt"),
            });
        }
    }

    for werkzeug in &werkzeuge {
        if !benutzte_werkzeuge.contains(werkzeug) {
            funde.push(Fund {
                datei: format!("werkzeuge/src/bin/{werkzeug}.rs"),
                zeile: 1,
                meldung: format!("Werkzeug {werkzeug} wird von keiner Seite benutzt"),
            });
        }
    }

    funde.extend(lektionslaenge(&wurzel)?);
    funde.extend(gleiche_bloecke(&wurzel)?);
    funde.extend(pruefe_playground(&wurzel)?);
    funde.extend(rechtschreibung(&wurzel, &woerter)?);

    for fund in &funde {
        println!("{}:{}: {}", fund.datei, fund.zeile, fund.meldung);
    }
    println!(
        "Buchprüfung: {} Seiten, {} Beispiele, {} Werkzeuge, {} verschiedene Wörter geprüft, {} Funde",
        seiten.len(),
        beispiele.len(),
        werkzeuge.len(),
        woerter.len(),
        funde.len()
    );
    Ok(funde.len())
}

/// Die Seiten aus `book/SUMMARY.md`, relativ zu `book/`.
fn seiten_im_inhaltsverzeichnis(buch: &Path) -> anyhow::Result<Vec<String>> {
    let summary = fs::read_to_string(buch.join("SUMMARY.md")).context("book/SUMMARY.md fehlt")?;
    let mut seiten = Vec::new();
    for zeile in summary.lines() {
        if let Some(ziel) = link_ziele(zeile).into_iter().next()
            && !ziel.is_empty()
            && !seiten.contains(&ziel)
        {
            seiten.push(ziel);
        }
    }
    if seiten.is_empty() {
        bail!("book/SUMMARY.md nennt keine Seite");
    }
    Ok(seiten)
}

fn alle_markdown_dateien(verzeichnis: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut dateien = Vec::new();
    for eintrag in fs::read_dir(verzeichnis)? {
        let pfad = eintrag?.path();
        if pfad.is_dir() {
            dateien.extend(alle_markdown_dateien(&pfad)?);
        } else if pfad.extension().is_some_and(|e| e == "md") {
            dateien.push(pfad);
        }
    }
    dateien.sort();
    Ok(dateien)
}

/// Alle Beispiele: Dateien in `examples/` und `[[example]]`-Einträge in Cargo.toml.
fn beispiele(wurzel: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut namen = BTreeSet::new();
    for eintrag in fs::read_dir(wurzel.join("examples"))? {
        let pfad = eintrag?.path();
        if pfad.extension().is_some_and(|e| e == "rs") {
            if let Some(stamm) = pfad.file_stem() {
                namen.insert(stamm.to_string_lossy().into_owned());
            }
        } else if pfad.join("main.rs").exists() {
            namen.insert(
                pfad.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    let cargo = fs::read_to_string(wurzel.join("Cargo.toml"))?;
    let mut im_beispiel = false;
    for zeile in cargo.lines().map(str::trim) {
        if zeile.starts_with('[') {
            im_beispiel = zeile == "[[example]]";
        } else if im_beispiel
            && zeile.starts_with("name")
            && let Some(name) = zeile.split('"').nth(1)
        {
            namen.insert(name.to_string());
        }
    }
    Ok(namen)
}

/// Die Werkzeuge: `werkzeuge/src/bin/NAME.rs`, gestartet mit
/// `cargo run -p werkzeuge --bin NAME`.
fn werkzeuge(wurzel: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut namen = BTreeSet::new();
    let verzeichnis = wurzel.join("werkzeuge/src/bin");
    if !verzeichnis.exists() {
        return Ok(namen);
    }
    for eintrag in fs::read_dir(&verzeichnis)? {
        let pfad = eintrag?.path();
        if pfad.extension().is_some_and(|e| e == "rs")
            && let Some(stamm) = pfad.file_stem()
        {
            namen.insert(stamm.to_string_lossy().into_owned());
        }
    }
    Ok(namen)
}

/// Was es gibt: Beispiele (Lektionen) und Werkzeuge.
struct Bekannt<'a> {
    beispiele: &'a BTreeSet<String>,
    werkzeuge: &'a BTreeSet<String>,
}

#[derive(Default)]
struct Analyse {
    funde: Vec<Fund>,
    benutzte_beispiele: BTreeSet<String>,
    benutzte_werkzeuge: BTreeSet<String>,
    /// Kanonische Pfade aller eingebundenen Dateien.
    eingebunden: BTreeSet<PathBuf>,
    /// Wörter des Fließtexts mit der ersten Zeile, in der sie stehen.
    woerter: Vec<(String, usize)>,
}

/// Prüft eine Seite. `verzeichnis` ist das Verzeichnis der Seite, relativ zu
/// dem Includes und Links aufgelöst werden.
fn analysiere(name: &str, text: &str, verzeichnis: &Path, bekannt: &Bekannt) -> Analyse {
    let mut a = Analyse::default();
    let fund = |a: &mut Analyse, zeile: usize, meldung: String| {
        a.funde.push(Fund {
            datei: name.to_string(),
            zeile,
            meldung,
        })
    };
    // Sprache und Startzeile des offenen Codeblocks, falls einer offen ist.
    let mut block: Option<(String, usize, String)> = None;

    for (index, zeile) in text.lines().enumerate() {
        let nr = index + 1;
        let getrimmt = zeile.trim_start();

        for beispiel in beispiel_aufrufe(zeile) {
            if bekannt.beispiele.contains(&beispiel) {
                a.benutzte_beispiele.insert(beispiel);
            } else if bekannt.werkzeuge.contains(&beispiel) {
                fund(
                    &mut a,
                    nr,
                    format!(
                        "`--example {beispiel}`: {beispiel} ist ein Werkzeug, \
                         gestartet mit `cargo run -p werkzeuge --bin {beispiel}`"
                    ),
                );
            } else {
                fund(
                    &mut a,
                    nr,
                    format!("`--example {beispiel}`: dieses Beispiel gibt es nicht"),
                );
            }
        }
        for werkzeug in werkzeug_aufrufe(zeile) {
            if bekannt.werkzeuge.contains(&werkzeug) {
                a.benutzte_werkzeuge.insert(werkzeug);
            } else {
                fund(
                    &mut a,
                    nr,
                    format!(
                        "`-p werkzeuge --bin {werkzeug}`: dieses Werkzeug gibt es nicht \
                         (werkzeuge/src/bin/{werkzeug}.rs fehlt)"
                    ),
                );
            }
        }
        for (pfad, anker) in includes(zeile) {
            let ziel = verzeichnis.join(&pfad);
            if let Some(stamm) = beispiel_aus_pfad(&pfad) {
                a.benutzte_beispiele.insert(stamm);
            }
            if let Some(stamm) = werkzeug_aus_pfad(&pfad) {
                a.benutzte_werkzeuge.insert(stamm);
            }
            if let Ok(kanonisch) = fs::canonicalize(&ziel) {
                a.eingebunden.insert(kanonisch);
            }
            match fs::read_to_string(&ziel) {
                Err(_) => fund(&mut a, nr, format!("Include-Ziel {pfad} existiert nicht")),
                Ok(inhalt) => {
                    if let Some(anker) = anker
                        && !anker_vorhanden(&inhalt, &anker)
                    {
                        fund(&mut a, nr, format!("Anker {anker:?} fehlt in {pfad}"));
                    }
                }
            }
        }

        if getrimmt.starts_with("```") || getrimmt.starts_with("~~~") {
            let zaun = &getrimmt[..3];
            match block.take() {
                None => {
                    let sprache = getrimmt.trim_start_matches(zaun).trim();
                    let sprache = sprache.split([',', ' ']).next().unwrap_or_default();
                    block = Some((sprache.to_lowercase(), nr, zaun.to_string()));
                }
                Some((sprache, start, offener_zaun)) if offener_zaun != zaun => {
                    block = Some((sprache, start, offener_zaun));
                }
                Some(_) => {}
            }
            continue;
        }

        match &block {
            Some((sprache, start, _)) => {
                let ist_rust = matches!(sprache.as_str(), "rust" | "rs");
                let leer = getrimmt.is_empty();
                let include = getrimmt.starts_with("{{#include")
                    || getrimmt.starts_with("{{#rustdoc_include");
                if ist_rust && !leer && !include {
                    fund(
                        &mut a,
                        nr,
                        format!(
                            "Rust-Code im Block ab Zeile {start} ist eingefügt statt mit {{{{#include}}}} aus einem Beispiel eingebunden"
                        ),
                    );
                }
            }
            None => {
                for ziel in link_ziele(zeile) {
                    let datei = ziel.split('#').next().unwrap_or_default();
                    if datei.ends_with(".md")
                        && !ziel.contains("://")
                        && !verzeichnis.join(datei).exists()
                    {
                        fund(
                            &mut a,
                            nr,
                            format!("Link auf {ziel}: Seite existiert nicht"),
                        );
                    }
                }
                for wort in prosa_woerter(zeile) {
                    a.woerter.push((wort, nr));
                }
            }
        }
    }
    if let Some((_, start, _)) = block {
        fund(&mut a, start, "Codeblock wird nicht geschlossen".into());
    }
    a
}

/// Die Namen hinter `--example` in einer Zeile.
fn beispiel_aufrufe(zeile: &str) -> Vec<String> {
    namen_hinter(zeile, "--example ")
}

/// Die Werkzeuge in `cargo run -p werkzeuge --bin NAME` (auch
/// `--package werkzeuge`) in einer Zeile.
fn werkzeug_aufrufe(zeile: &str) -> Vec<String> {
    let mut namen = namen_hinter(zeile, "-p werkzeuge --bin ");
    namen.extend(namen_hinter(zeile, "--package werkzeuge --bin "));
    namen
}

/// Die Namen (Buchstaben, Ziffern, `_`, `-`) direkt hinter `vorsatz`.
fn namen_hinter(zeile: &str, vorsatz: &str) -> Vec<String> {
    zeile
        .match_indices(vorsatz)
        .map(|(i, m)| {
            zeile[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
        })
        // Platzhalter wie `NAME` in `--bin NAME` sind kein Name.
        .filter(|n| !n.is_empty() && n.chars().any(|c| c.is_ascii_lowercase()))
        .collect()
}

/// `{{#include PFAD}}` und `{{#include PFAD:ANKER}}` (auch rustdoc_include).
/// Zeilenbereiche wie `:3:10` gelten nicht als Anker.
fn includes(zeile: &str) -> Vec<(String, Option<String>)> {
    let mut treffer = Vec::new();
    for (start, _) in zeile.match_indices("{{#") {
        let rest = &zeile[start + 3..];
        let Some(ende) = rest.find("}}") else {
            continue;
        };
        let mut teile = rest[..ende].split_whitespace();
        let befehl = teile.next().unwrap_or_default();
        if befehl != "include" && befehl != "rustdoc_include" {
            continue;
        }
        let argument = teile.next().unwrap_or_default();
        let mut stuecke = argument.splitn(2, ':');
        let pfad = stuecke.next().unwrap_or_default().to_string();
        let anker = stuecke
            .next()
            .filter(|a| !a.is_empty() && !a.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map(str::to_string);
        treffer.push((pfad, anker));
    }
    treffer
}

/// `../examples/name.rs` → `name`.
fn beispiel_aus_pfad(pfad: &str) -> Option<String> {
    let rest = pfad.split("examples/").nth(1)?;
    let stamm = rest
        .strip_suffix(".rs")
        .or_else(|| rest.strip_suffix("/main.rs"))?;
    Some(stamm.trim_end_matches("/main").to_string())
}

/// `../werkzeuge/src/bin/name.rs` → `name`.
fn werkzeug_aus_pfad(pfad: &str) -> Option<String> {
    let rest = pfad.split("werkzeuge/src/bin/").nth(1)?;
    Some(rest.strip_suffix(".rs")?.to_string())
}

fn anker_vorhanden(inhalt: &str, anker: &str) -> bool {
    let hat = |marke: &str| {
        inhalt.lines().any(|l| {
            l.split_once(marke)
                .is_some_and(|(_, rest)| rest.trim() == anker)
        })
    };
    hat("ANCHOR:") && hat("ANCHOR_END:")
}

/// Ziele von Markdown-Links `[text](ziel)` in einer Zeile.
fn link_ziele(zeile: &str) -> Vec<String> {
    zeile
        .match_indices("](")
        .filter_map(|(i, _)| {
            let rest = &zeile[i + 2..];
            rest.find(')').map(|e| rest[..e].trim().to_string())
        })
        .collect()
}

/// Die Wörter des Fließtexts einer Zeile, ohne Inline-Code, Links, HTML,
/// Include-Befehle und Adressen. Wörter mit Ziffern oder mit Großbuchstaben
/// im Wortinneren (Bezeichner wie `WouldBlock`, Abkürzungen wie `TCP`)
/// prüft hunspell nicht, ebenso wenig englische Wörter, die als solche
/// ausgezeichnet sind (`<i lang="en">handshake</i>`, wie im Glossar).
fn prosa_woerter(zeile: &str) -> Vec<String> {
    let ohne_englisch = ohne_englisches(zeile);
    let mut text = String::new();
    let mut rest = ohne_englisch.as_str();
    // Inline-Code, HTML-Tags, {{#…}} und Link-Ziele entfernen.
    while let Some(i) = rest.find(['`', '<', '{', ']']) {
        text.push_str(&rest[..i]);
        let (auf, zu) = match rest.as_bytes()[i] {
            b'`' => ("`", "`"),
            b'<' => ("<", ">"),
            b'{' => ("{", "}"),
            _ => ("](", ")"),
        };
        if !rest[i..].starts_with(auf) {
            text.push(' ');
            rest = &rest[i + 1..];
            continue;
        }
        let nach = &rest[i + auf.len()..];
        match nach.find(zu) {
            Some(e) => rest = &nach[e + zu.len()..],
            None => rest = "",
        }
        text.push(' ');
    }
    text.push_str(rest);

    // Punkte gehören vorläufig zum Wort, damit Namen wie `crates.io` oder
    // `example.com` ganz bleiben; ein Punkt am Wortende ist Satzzeichen.
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '.'))
        .map(|w| w.trim_matches(['-', '\'', '.']))
        .filter(|w| w.chars().count() > 1 && !w.contains('.'))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !w.chars().skip(1).any(char::is_uppercase))
        .map(str::to_string)
        .collect()
}

/// Die Liste der verbotenen Schreibweisen, relativ zur Wurzel des Projekts.
const VERBOTSLISTE: &str = "wortliste/verboten.txt";

/// Eine verbotene Schreibweise und was stattdessen stehen soll.
#[derive(Debug)]
struct Verbot {
    verboten: String,
    /// Mit `*` am Ende: Auch ein längeres Wort, das so beginnt, ist verboten.
    wortanfang: bool,
    statt: String,
}

fn lade_verbote(wurzel: &Path) -> anyhow::Result<Vec<Verbot>> {
    let pfad = wurzel.join(VERBOTSLISTE);
    let text = fs::read_to_string(&pfad).with_context(|| format!("{VERBOTSLISTE} fehlt"))?;
    lies_verbote(&text).with_context(|| format!("{VERBOTSLISTE} ist fehlerhaft"))
}

/// Liest Zeilen der Form `VERBOTEN → STATTDESSEN`; `#` beginnt einen Kommentar.
fn lies_verbote(text: &str) -> anyhow::Result<Vec<Verbot>> {
    let mut verbote = Vec::new();
    for (index, zeile) in text.lines().enumerate() {
        let zeile = zeile.trim();
        if zeile.is_empty() || zeile.starts_with('#') {
            continue;
        }
        let Some((verboten, statt)) = zeile.split_once('→') else {
            bail!("Zeile {}: „VERBOTEN → STATTDESSEN“ erwartet", index + 1);
        };
        let verboten = verboten.trim();
        let (verboten, wortanfang) = match verboten.strip_suffix('*') {
            Some(v) => (v, true),
            None => (verboten, false),
        };
        if verboten.is_empty() {
            bail!("Zeile {}: leere Schreibweise", index + 1);
        }
        verbote.push(Verbot {
            verboten: verboten.to_string(),
            wortanfang,
            statt: statt.trim().to_string(),
        });
    }
    Ok(verbote)
}

fn ist_wortzeichen(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Meldet jede verbotene Schreibweise, jede Zahl mit Tausenderpunkt und im
/// Fließtext jede Zahl mit falschem Tausendertrenner oder gruppierter vierstelliger Zahl.
fn verbotene_schreibweisen(datei: &str, text: &str, verbote: &[Verbot]) -> Vec<Fund> {
    let mut funde = Vec::new();
    let mut zaun: Option<String> = None;
    for (index, zeile) in text.lines().enumerate() {
        for verbot in verbote {
            for (start, _) in zeile.match_indices(&verbot.verboten) {
                let davor = zeile[..start].chars().next_back();
                let danach = zeile[start + verbot.verboten.len()..].chars().next();
                let ganz = !davor.is_some_and(ist_wortzeichen)
                    && (verbot.wortanfang || !danach.is_some_and(ist_wortzeichen));
                if ganz {
                    funde.push(fund(
                        datei,
                        index + 1,
                        format!(
                            "Schreibweise: „{}“ ist im Buch verboten, schreibe {} ({VERBOTSLISTE})",
                            verbot.verboten, verbot.statt
                        ),
                    ));
                }
            }
        }
        // Zahlen in Inline-Code (`192.168.`) sind Werte, keine Prosa.
        let ohne_code: String = zeile
            .split('`')
            .enumerate()
            .map(|(i, teil)| if i % 2 == 0 { teil } else { " " })
            .collect();
        for zahl in zahlen_mit_tausenderpunkt(&ohne_code) {
            let gruppiert = zahl.split(',').next().unwrap_or(&zahl).replace('.', " ");
            funde.push(fund(
                datei,
                index + 1,
                format!("Schreibweise: Zahl „{zahl}“ mit Tausenderpunkt, schreibe „{gruppiert}“"),
            ));
        }
        // Trenner in gruppierten Zahlen: nur im Fließtext, nicht in Codeblöcken (echte
        // Ausgaben) und nicht in HTML-Tags (`viewBox="0 0 640 216"`).
        let zaun_zeile = zaun_an(zeile);
        if let Some(offen) = &zaun {
            if zaun_zeile.is_some_and(|z| z.starts_with(offen.as_str())) {
                zaun = None;
            }
            continue;
        }
        if let Some(z) = zaun_zeile {
            zaun = Some(z.to_string());
            continue;
        }
        for zahl in gruppierte_zahlen(&ohne_tags(&ohne_code)) {
            if let Some(meldung) = falsch_gruppiert(&zahl) {
                funde.push(fund(datei, index + 1, meldung));
            }
        }
    }
    funde
}

/// Zeichen, die zwischen Zifferngruppen stehen können. Das Buch schreibt ein
/// Leerzeichen (DIN 5008, Duden); theme/ausgabe.py macht beim Bauen das schmale
/// geschützte Leerzeichen U+202F daraus, das auch die Diagramme benutzen.
const GRUPPENTRENNER: [char; 4] = [' ', '\u{202f}', '\u{2009}', '\u{a0}'];

/// Beginnt die Zeile einen Codeblock (```` ``` ```` oder `~~~`), die Zaunzeichen.
fn zaun_an(zeile: &str) -> Option<&str> {
    let z = zeile.trim_start();
    let zeichen = z.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let lang = z.len() - z.trim_start_matches(zeichen).len();
    (lang >= 3).then(|| &z[..lang])
}

/// Ersetzt jedes HTML-Tag `<…>` durch ein Leerzeichen.
fn ohne_tags(zeile: &str) -> String {
    let mut aus = String::with_capacity(zeile.len());
    let mut im_tag = false;
    for c in zeile.chars() {
        match c {
            '<' => im_tag = true,
            '>' if im_tag => {
                im_tag = false;
                aus.push(' ');
            }
            _ if !im_tag => aus.push(c),
            _ => {}
        }
    }
    aus
}

/// Zahlen aus Gruppen zu drei Ziffern hinter einem Trenner: `65 530`, `1 048 576`.
fn gruppierte_zahlen(zeile: &str) -> Vec<String> {
    let z: Vec<char> = zeile.chars().collect();
    let ziffer = |i: usize| z.get(i).is_some_and(char::is_ascii_digit);
    let mut zahlen = Vec::new();
    let mut i = 0;
    while i < z.len() {
        let davor = i.checked_sub(1).map(|j| z[j]);
        if !ziffer(i) || davor.is_some_and(|c| ist_wortzeichen(c) || c == '.' || c == ',') {
            i += 1;
            continue;
        }
        let start = i;
        while ziffer(i) {
            i += 1;
        }
        let mut ende = i;
        while i - start <= 3
            && z.get(ende).is_some_and(|c| GRUPPENTRENNER.contains(c))
            && (1..=3).all(|k| ziffer(ende + k))
            && !z.get(ende + 4).is_some_and(|c| ist_wortzeichen(*c))
        {
            ende += 4;
        }
        if ende > i {
            zahlen.push(z[start..ende].iter().collect());
            i = ende;
        }
    }
    zahlen
}

/// Meldung, wenn eine gruppierte Zahl nicht der Schreibweise des Buchs folgt.
fn falsch_gruppiert(zahl: &str) -> Option<String> {
    if let Some(c) = zahl.chars().find(|c| ['\u{2009}', '\u{a0}'].contains(c)) {
        return Some(format!(
            "Schreibweise: Zahl „{zahl}“ mit U+{:04X} als Tausendertrenner, schreibe ein \
             Leerzeichen (beim Bauen wird daraus U+202F)",
            c as u32
        ));
    }
    let ziffern = zahl.chars().filter(char::is_ascii_digit).count();
    (ziffern == 4).then(|| {
        let ohne: String = zahl.chars().filter(char::is_ascii_digit).collect();
        format!("Schreibweise: vierstellige Zahl „{zahl}“ gruppiert, schreibe „{ohne}“")
    })
}

/// Zahlen wie `65.530` oder `1.243,1`: Gruppen aus genau drei Ziffern, durch
/// Punkte getrennt. Adressen (`127.0.0.1`), Versionen (`3.13`) und Zeiten mit
/// Bruchteilen (`18.252854`) passen nicht auf dieses Muster.
fn zahlen_mit_tausenderpunkt(zeile: &str) -> Vec<String> {
    let ist_zahlzeichen = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let mut zahlen = Vec::new();
    let mut rest = zeile;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        // Eine Zahl, die an einem Wort klebt (`v1.000`, `x86.064`), zählt nicht.
        let davor = rest[..start].chars().next_back();
        let ende = rest[start..]
            .find(|c: char| !ist_zahlzeichen(c))
            .map_or(rest.len(), |e| start + e);
        let lauf = rest[start..ende].trim_end_matches(['.', ',']);
        let danach = rest[ende..].chars().next();
        if !davor.is_some_and(ist_wortzeichen)
            && !danach.is_some_and(ist_wortzeichen)
            && hat_tausenderpunkt(lauf)
        {
            zahlen.push(lauf.to_string());
        }
        rest = &rest[ende..];
    }
    zahlen
}

fn hat_tausenderpunkt(zahl: &str) -> bool {
    let ganz = match zahl.split_once(',') {
        Some((ganz, bruch)) if !bruch.is_empty() && bruch.chars().all(|c| c.is_ascii_digit()) => {
            ganz
        }
        Some(_) => return false,
        None => zahl,
    };
    let mut gruppen = ganz.split('.');
    let erste = gruppen.next().unwrap_or("");
    let rest: Vec<&str> = gruppen.collect();
    (1..=3).contains(&erste.len())
        && erste.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Entfernt englische Einschübe `<i lang="en">…</i>` samt Inhalt.
fn ohne_englisches(zeile: &str) -> String {
    const AUF: &str = "<i lang=\"en\">";
    let mut text = String::new();
    let mut rest = zeile;
    while let Some(i) = rest.find(AUF) {
        text.push_str(&rest[..i]);
        text.push(' ');
        rest = match rest[i..].find("</i>") {
            Some(e) => &rest[i + e + "</i>".len()..],
            None => "",
        };
    }
    text.push_str(rest);
    text
}

/// So lang darf eine Lektion in `examples/` höchstens sein (KONVENTIONEN.md).
const MAX_LEKTION: usize = 250;

/// Jede Datei unter `examples/` ist eine Lektion, die man in einem Zug liest.
fn lektionslaenge(wurzel: &Path) -> anyhow::Result<Vec<Fund>> {
    let mut funde = Vec::new();
    for datei in alle_dateien_mit_endung(&wurzel.join("examples"), "rs")? {
        let zeilen = fs::read_to_string(&datei)?.lines().count();
        if zeilen > MAX_LEKTION {
            funde.push(Fund {
                datei: datei.strip_prefix(wurzel)?.display().to_string(),
                zeile: MAX_LEKTION + 1,
                meldung: format!(
                    "Lektion hat {zeilen} Zeilen, erlaubt sind {MAX_LEKTION}: in Schritte teilen \
                     oder Teile ohne I/O in ein Modul im Unterordner verschieben"
                ),
            });
        }
    }
    Ok(funde)
}

/// Ein gleicher Block: Datei, Zeile des Anfangs und der Text dazwischen.
type Block = (String, usize, String);

/// Liest alle Blöcke `// GLEICH: NAME` … `// GLEICH_ENDE: NAME` aus einem Text.
/// Fehlt ein Ende oder passt es nicht zum Anfang, ist das ein Fund.
fn bloecke_in(datei: &str, text: &str) -> (Vec<(String, Block)>, Vec<Fund>) {
    let mut bloecke = Vec::new();
    let mut funde = Vec::new();
    let mut offen: Option<(String, usize, String)> = None;
    for (nummer, zeile) in text.lines().enumerate() {
        let roh = zeile.trim();
        if let Some(name) = roh.strip_prefix("// GLEICH: ") {
            if let Some((alt, anfang, _)) = offen.take() {
                funde.push(fund(datei, anfang, format!("Block {alt} ohne GLEICH_ENDE")));
            }
            let name = name.split_whitespace().next().unwrap_or("").to_string();
            offen = Some((name, nummer + 1, String::new()));
        } else if let Some(name) = roh.strip_prefix("// GLEICH_ENDE: ") {
            match offen.take() {
                Some((offen_name, anfang, inhalt)) if offen_name == name.trim() => {
                    bloecke.push((offen_name, (datei.to_string(), anfang, inhalt)));
                }
                _ => funde.push(fund(
                    datei,
                    nummer + 1,
                    format!("GLEICH_ENDE {name} ohne Anfang"),
                )),
            }
        } else if let Some((_, _, inhalt)) = offen.as_mut() {
            // In einem Modul muss eine Funktion `pub` sein, in einer Lektion
            // nicht; das allein ist kein Unterschied.
            let ohne_pub = zeile.trim_start().strip_prefix("pub ");
            let einzug = &zeile[..zeile.len() - zeile.trim_start().len()];
            match ohne_pub {
                Some(rest) => inhalt.push_str(&format!("{einzug}{rest}")),
                None => inhalt.push_str(zeile),
            }
            inhalt.push('\n');
        }
    }
    if let Some((name, anfang, _)) = offen {
        funde.push(fund(
            datei,
            anfang,
            format!("Block {name} ohne GLEICH_ENDE"),
        ));
    }
    (bloecke, funde)
}

fn fund(datei: &str, zeile: usize, meldung: String) -> Fund {
    Fund {
        datei: datei.to_string(),
        zeile,
        meldung,
    }
}

/// Vergleicht alle Kopien jedes gleichen Blocks. Maßstab ist die Fassung, die
/// am häufigsten vorkommt; jede abweichende Kopie ist ein Fund mit der ersten
/// Zeile, in der sie abweicht.
fn vergleiche_bloecke(bloecke: Vec<(String, Block)>) -> Vec<Fund> {
    let mut nach_name: BTreeMap<String, Vec<Block>> = BTreeMap::new();
    for (name, block) in bloecke {
        nach_name.entry(name).or_default().push(block);
    }
    let mut funde = Vec::new();
    for (name, kopien) in nach_name {
        let mut haeufigkeit: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, inhalt) in &kopien {
            *haeufigkeit.entry(inhalt).or_default() += 1;
        }
        let Some((massstab, _)) = haeufigkeit.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        let vorbild = kopien
            .iter()
            .find(|(_, _, i)| i == massstab)
            .expect("Maßstab kommt vor");
        for (datei, anfang, inhalt) in &kopien {
            if inhalt == massstab {
                continue;
            }
            let abweichung = inhalt
                .lines()
                .zip(massstab.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(inhalt.lines().count().min(massstab.lines().count()));
            funde.push(fund(
                datei,
                anfang + 1 + abweichung,
                format!(
                    "Block {name} weicht von der Fassung in {}:{} ab",
                    vorbild.0, vorbild.1
                ),
            ));
        }
    }
    funde
}

/// Gleiche Blöcke in Beispielen, Lösungen und Werkzeugen.
fn gleiche_bloecke(wurzel: &Path) -> anyhow::Result<Vec<Fund>> {
    let mut bloecke = Vec::new();
    let mut funde = Vec::new();
    for ordner in ["examples", "loesungen", "werkzeuge/src"] {
        let verzeichnis = wurzel.join(ordner);
        if !verzeichnis.exists() {
            continue;
        }
        for datei in alle_dateien_mit_endung(&verzeichnis, "rs")? {
            let name = datei.strip_prefix(wurzel)?.display().to_string();
            let (gefunden, kaputt) = bloecke_in(&name, &fs::read_to_string(&datei)?);
            bloecke.extend(gefunden);
            funde.extend(kaputt);
        }
    }
    funde.extend(vergleiche_bloecke(bloecke));
    Ok(funde)
}

/// Kein Playground: book.toml schaltet ihn ab, und das gebaute HTML enthält
/// keinen Codeblock, den mdBooks JavaScript mit einem Knopf versehen würde.
fn pruefe_playground(wurzel: &Path) -> anyhow::Result<Vec<Fund>> {
    let mut funde = Vec::new();
    let toml = fs::read_to_string(wurzel.join("book.toml")).context("book.toml fehlt")?;
    let mut abschnitt = String::new();
    let mut abgeschaltet = false;
    for zeile in toml.lines().map(str::trim) {
        if zeile.starts_with('[') {
            abschnitt = zeile.to_string();
        } else if abschnitt == "[output.html.playground]"
            && zeile.replace(' ', "") == "runnable=false"
        {
            abgeschaltet = true;
        }
    }
    if !abgeschaltet {
        funde.push(Fund {
            datei: "book.toml".into(),
            zeile: 1,
            meldung: "[output.html.playground] braucht runnable = false".into(),
        });
    }
    let gebaut = wurzel.join("target").join("book");
    if !gebaut.join("index.html").exists() {
        bail!("target/book fehlt: erst `mdbook build` ausführen");
    }
    for datei in alle_dateien_mit_endung(&gebaut, "html")? {
        let html = fs::read_to_string(&datei)?;
        if html.contains("<pre class=\"playground\"") || html.contains("class=\"play-button") {
            funde.push(Fund {
                datei: datei.strip_prefix(wurzel)?.display().to_string(),
                zeile: 1,
                meldung: "Codeblock mit Playground-Knopf".into(),
            });
        }
    }
    Ok(funde)
}

fn alle_dateien_mit_endung(verzeichnis: &Path, endung: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut dateien = Vec::new();
    for eintrag in fs::read_dir(verzeichnis)? {
        let pfad = eintrag?.path();
        if pfad.is_dir() {
            dateien.extend(alle_dateien_mit_endung(&pfad, endung)?);
        } else if pfad.extension().is_some_and(|e| e == endung) {
            dateien.push(pfad);
        }
    }
    Ok(dateien)
}

/// Schickt alle Wörter an `hunspell -l` und meldet die unbekannten mit der
/// ersten Stelle, an der sie stehen.
fn rechtschreibung(
    wurzel: &Path,
    woerter: &BTreeMap<String, (String, usize)>,
) -> anyhow::Result<Vec<Fund>> {
    let mut liste = String::new();
    for eintrag in fs::read_dir(wurzel.join("wortliste"))? {
        let pfad = eintrag?.path();
        // verboten.txt ist keine Wortliste: Sie nennt, was nicht stehen darf.
        if pfad.extension().is_some_and(|e| e == "txt") && !pfad.ends_with(VERBOTSLISTE) {
            liste.push_str(&fs::read_to_string(&pfad)?);
            liste.push('\n');
        }
    }
    let wortliste = std::env::temp_dir().join(format!("buchpruefung-{}.txt", std::process::id()));
    fs::write(&wortliste, liste)?;

    let mut hunspell = Command::new("hunspell")
        .args(["-d", "de_DE", "-i", "UTF-8", "-l", "-p"])
        .arg(&wortliste)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("hunspell fehlt. Installiere es mit scripts/setup (hunspell, hunspell-de-de)")?;
    let mut eingabe = hunspell.stdin.take().context("stdin von hunspell")?;
    let alle: String = woerter.keys().map(|w| format!("{w}\n")).collect();
    // Auf einem eigenen Thread schreiben, damit sich die Puffer nicht verklemmen.
    let schreiber = std::thread::spawn(move || eingabe.write_all(alle.as_bytes()));
    let ausgabe = hunspell.wait_with_output()?;
    schreiber.join().expect("Schreib-Thread")?;
    let _ = fs::remove_file(&wortliste);
    if !ausgabe.status.success() {
        bail!("hunspell ist gescheitert (ist hunspell-de-de installiert?)");
    }

    let unbekannt: BTreeSet<&str> = std::str::from_utf8(&ausgabe.stdout)?.lines().collect();
    let mut funde: Vec<Fund> = woerter
        .iter()
        .filter(|(w, _)| unbekannt.contains(w.as_str()))
        .map(|(wort, (datei, zeile))| Fund {
            datei: datei.clone(),
            zeile: *zeile,
            meldung: format!("Rechtschreibung: unbekanntes Wort „{wort}“ (Tippfehler oder in wortliste/ eintragen)"),
        })
        .collect();
    funde.sort_by(|a, b| (&a.datei, a.zeile).cmp(&(&b.datei, b.zeile)));
    Ok(funde)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pruefe(text: &str) -> Analyse {
        let beispiele = ["hello_server".to_string()].into_iter().collect();
        let werkzeuge = ["echo_bench".to_string()].into_iter().collect();
        let bekannt = Bekannt {
            beispiele: &beispiele,
            werkzeuge: &werkzeuge,
        };
        analysiere(
            "book/test.md",
            text,
            Path::new(env!("CARGO_MANIFEST_DIR")).join("book").as_path(),
            &bekannt,
        )
    }

    /// Zeilen, wie sie vor issue 15 im Buch standen.
    const ALTE_FEHLER: &str = "\
Den Handshake erledigt das Betriebssystem.
Nach Handshake, Daten und ACK kommt kein FIN.
Die Verbindung steht noch in `TIME_WAIT`.
früheren Lauf, während dem andere Prozesse liefen
Wie schnell kann eine Round Trip über Loopback sein?
In Rust übernimmt das der Crate `mio`: Er
- Ist schon N Clients verbunden, bekommt der nächste
Die Aufbauten der Schritte 7 und 8 sehen gleich aus.
Der Kern des Servers antwortet SYN+ACK.
fest, hier 65.530. Bei 1.243,1 ms
Diagramm: 50\u{2009}000 und 20\u{a0}000, davon 1 000 angemeldet
";

    fn verbote() -> Vec<Verbot> {
        lade_verbote(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("wortliste/verboten.txt")
    }

    #[test]
    fn verbotene_schreibweisen_der_alten_fassung_werden_gefunden() {
        let funde = verbotene_schreibweisen("book/alt.md", ALTE_FEHLER, &verbote());
        let zeilen: Vec<usize> = funde.iter().map(|f| f.zeile).collect();
        // Zeile 10 enthält zwei Zahlen mit Tausenderpunkt, Zeile 11 zwei falsche
        // Trenner und eine gruppierte vierstellige Zahl.
        assert_eq!(
            zeilen,
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 11, 11],
            "{funde:#?}"
        );
        assert!(funde[11].meldung.contains("U+2009"), "{funde:#?}");
        assert!(funde[12].meldung.contains("U+00A0"), "{funde:#?}");
        assert!(funde[13].meldung.contains("„1000“"), "{funde:#?}");
        assert!(funde[0].meldung.contains("Handschlag"));
        assert!(funde[2].meldung.contains("TIME-WAIT"));
        assert!(funde[9].meldung.contains("„65 530“"));
    }

    #[test]
    fn richtige_schreibweisen_bleiben_ohne_fund() {
        let gut = "\
Den Handschlag erledigt das Betriebssystem; ss zeigt `TIME-WAIT`.
Während des Laufs liefen andere Prozesse; ein Round Trip dauert 20 µs.
Das Crate `mio` und der Kernel; jeder CPU-Kern; der Timeout.
Grenze 65 530, Adresse 127.0.0.1:5000, Python 3.13, Zeit 18.252854, 1,5 s, `192.168.`.
Der Kernel des Servers; `TCP_TIME_WAIT` ist ein anderer Name; die Crates.
10 000 Clients, 1 048 576 Bytes, 10\u{202f}000, 1000 angemeldet, Port 5000, `1 000`.
<svg viewBox=\"0 0 640 216\"><text>50\u{202f}000</text></svg>
```text
1 000 ist echte Ausgabe, 50\u{2009}000 auch
```
";
        let funde = verbotene_schreibweisen("book/gut.md", gut, &verbote());
        assert!(funde.is_empty(), "{funde:#?}");
    }

    #[test]
    fn verbotsliste_wird_gelesen() {
        let verbote = lies_verbote("# Kommentar\n\nHandshake* → Handschlag\nfoo → bar\n").unwrap();
        assert_eq!(verbote.len(), 2);
        assert!(verbote[0].wortanfang && !verbote[1].wortanfang);
        assert!(lies_verbote("ohne Pfeil\n").is_err());
        let funde = verbotene_schreibweisen("x.md", "Handshakes foo food", &verbote);
        assert_eq!(funde.len(), 2, "{funde:#?}");
    }

    #[test]
    fn gleiche_bloecke_werden_verglichen() {
        let a = "x\n// GLEICH: hilfe\nfn h() {}\n// GLEICH_ENDE: hilfe\n";
        let b = "// GLEICH: hilfe\nfn h() {}\n// GLEICH_ENDE: hilfe\n";
        let c = "// GLEICH: hilfe\nfn h() { 1 }\n// GLEICH_ENDE: hilfe\n";
        let mut alle = Vec::new();
        for (datei, text) in [("a.rs", a), ("b.rs", b), ("c.rs", c)] {
            let (bloecke, funde) = bloecke_in(datei, text);
            assert!(funde.is_empty());
            alle.extend(bloecke);
        }
        let funde = vergleiche_bloecke(alle);
        assert_eq!(funde.len(), 1, "{funde:?}");
        assert_eq!(funde[0].datei, "c.rs");
        assert_eq!(funde[0].zeile, 2);
    }

    #[test]
    fn offener_block_ist_ein_fund() {
        let (_, funde) = bloecke_in("a.rs", "// GLEICH: hilfe\nfn h() {}\n");
        assert_eq!(funde.len(), 1);
        let (_, funde) = bloecke_in("a.rs", "// GLEICH_ENDE: hilfe\n");
        assert_eq!(funde.len(), 1);
    }

    #[test]
    fn werkzeuge_werden_erkannt() {
        let a = pruefe(
            "    cargo run --release -p werkzeuge --bin echo_bench -- server\n\
             {{#include ../werkzeuge/src/bin/echo_bench.rs:client}}\n\
             cargo run -p werkzeuge --bin gibt_es_nicht\n\
             cargo run --example echo_bench\n",
        );
        assert!(a.benutzte_werkzeuge.contains("echo_bench"));
        assert!(
            a.benutzte_beispiele.is_empty(),
            "{:?}",
            a.benutzte_beispiele
        );
        let meldungen: Vec<&str> = a.funde.iter().map(|f| f.meldung.as_str()).collect();
        assert_eq!(meldungen.len(), 2, "{meldungen:?}");
        assert!(meldungen[0].contains("gibt_es_nicht"), "{meldungen:?}");
        assert!(meldungen[1].contains("ist ein Werkzeug"), "{meldungen:?}");
    }

    #[test]
    fn eingefuegter_rust_code_wird_gefunden() {
        let a = pruefe("Text\n\n```rust\nlet s = TcpStream::connect(a)?;\n```\n");
        assert_eq!(a.funde.len(), 1, "{:?}", a.funde);
        assert_eq!(a.funde[0].zeile, 4);
    }

    #[test]
    fn include_block_ist_erlaubt() {
        let a = pruefe("```rust\n{{#include ../examples/hello_server.rs:binden}}\n```\n");
        assert!(a.funde.is_empty(), "{:?}", a.funde);
        assert!(a.benutzte_beispiele.contains("hello_server"));
    }

    #[test]
    fn fehlender_anker_und_fehlendes_ziel() {
        let a =
            pruefe("{{#include ../examples/hello_server.rs:gibtsnicht}}\n{{#include ../nix.rs}}\n");
        assert_eq!(a.funde.len(), 2, "{:?}", a.funde);
    }

    #[test]
    fn unbekanntes_beispiel() {
        let a =
            pruefe("    cargo run --example hello_server\n    cargo run --example gibt_es_nicht\n");
        assert_eq!(a.funde.len(), 1);
        assert!(a.funde[0].meldung.contains("gibt_es_nicht"));
    }

    #[test]
    fn prosa_ohne_code_links_und_bezeichner() {
        let w = prosa_woerter(
            "Ein `TcpStream` ist ein [Bytestrom](udp.md#x) ohne <b>WouldBlock</b> über TCP, IPv4 von crates.io.",
        );
        assert_eq!(w, ["Ein", "ist", "ein", "Bytestrom", "ohne", "über", "von"]);
    }

    #[test]
    fn englische_einschuebe_werden_nicht_geprueft() {
        let w =
            prosa_woerter(r#"Englisch <i lang="en">three-way handshake</i>, deutsch Handschlag."#);
        assert_eq!(w, ["Englisch", "deutsch", "Handschlag"]);
    }

    #[test]
    fn code_in_anderen_sprachen_wird_nicht_geprueft() {
        let a = pruefe("```text\nQuatschwort\n```\nEcht\n");
        assert_eq!(a.woerter, [("Echt".to_string(), 4)]);
    }
}

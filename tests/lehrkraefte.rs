//! Die Bewertungsraster auf den Seiten für Lehrkräfte (`book/lehrkraefte/*.md`)
//! stimmen mit den Aufgabendefinitionen des Prüfers überein: dieselben
//! Schritte in derselben Reihenfolge, dieselben Punkte, dieselbe Summe und zu
//! jedem Schritt die falschen Varianten, die dort scheitern müssen. Die
//! Definitionen in `src/bin/pruefen/aufgaben/` sind die eine Quelle; ändert
//! sich dort ein Schritt, schlägt dieser Test an, bis die Seite nachzieht.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{binaerprogramm, lauf_bis_ende, wurzel};
use serde_json::Value;

/// Eine Zeile eines Rasters: Schritt, Punkte, Varianten (sortiert).
type Zeile = (String, u64, Vec<String>);

/// Liest alle Raster `#### Bewertung: Aufgabe NN …` aus den Seiten.
fn raster_aus_den_seiten() -> BTreeMap<String, Vec<Zeile>> {
    let mut raster = BTreeMap::new();
    let ordner = wurzel().join("book/lehrkraefte");
    for eintrag in std::fs::read_dir(&ordner).expect("book/lehrkraefte lesen") {
        let pfad = eintrag.expect("Eintrag").path();
        if pfad.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&pfad).expect("Seite lesen");
        let mut zeilen = text.lines().peekable();
        while let Some(zeile) = zeilen.next() {
            let Some(rest) = zeile.strip_prefix("#### Bewertung: Aufgabe ") else {
                continue;
            };
            let nummer = rest.split_whitespace().next().expect("Nummer").to_string();
            // Bis zur Tabelle vorspulen, dann ihre Zeilen lesen.
            for z in zeilen.by_ref() {
                if z.starts_with("|---") {
                    break;
                }
            }
            let mut tabelle = Vec::new();
            while let Some(z) = zeilen.next_if(|z| z.starts_with('|')) {
                let spalten: Vec<String> = z
                    .replace("\\|", "\u{0}")
                    .split('|')
                    .map(|s| s.trim().replace('\u{0}', "|"))
                    .collect();
                let schritt = spalten[1].clone();
                if schritt == "**Summe**" {
                    continue;
                }
                let punkte = spalten[2].parse().expect("Punkte als Zahl");
                let mut varianten: Vec<String> = spalten[3]
                    .split(", ")
                    .filter(|v| *v != "–" && !v.is_empty())
                    .map(|v| v.trim_matches('`').to_string())
                    .collect();
                varianten.sort();
                tabelle.push((schritt, punkte, varianten));
            }
            raster.insert(nummer, tabelle);
        }
    }
    raster
}

/// Dieselben Raster, berechnet aus `pruefen --definitionen`.
fn raster_aus_den_definitionen() -> BTreeMap<String, Vec<Zeile>> {
    let mut befehl = Command::new(binaerprogramm("pruefen"));
    befehl.arg("--definitionen");
    let lauf = lauf_bis_ende(befehl);
    assert!(lauf.erfolg, "pruefen --definitionen: {}", lauf.stderr);
    let definitionen: Value = serde_json::from_str(&lauf.stdout).expect("JSON");
    let mut raster = BTreeMap::new();
    for aufgabe in definitionen.as_array().expect("Liste") {
        let nummer = aufgabe["nummer"].as_str().expect("nummer").to_string();
        let varianten = aufgabe["varianten"].as_array().expect("varianten");
        let tabelle = aufgabe["schritte"]
            .as_array()
            .expect("schritte")
            .iter()
            .map(|s| {
                let name = s["name"].as_str().expect("name").to_string();
                let mut dort: Vec<String> = varianten
                    .iter()
                    .filter(|v| v["schritt"] == name.as_str())
                    .map(|v| v["name"].as_str().expect("name").to_string())
                    .collect();
                dort.sort();
                (name, s["punkte"].as_u64().expect("punkte"), dort)
            })
            .collect();
        raster.insert(nummer, tabelle);
    }
    raster
}

#[test]
fn raster_stimmen_mit_den_definitionen_ueberein() {
    let seiten = raster_aus_den_seiten();
    let definitionen = raster_aus_den_definitionen();
    let mut befunde = Vec::new();
    for (nummer, soll) in &definitionen {
        match seiten.get(nummer) {
            None => befunde.push(format!("Aufgabe {nummer}: kein Raster in book/lehrkraefte/")),
            Some(ist) if ist != soll => befunde.push(format!(
                "Aufgabe {nummer}: Raster weicht ab\n  Seite:       {ist:?}\n  Definition:  {soll:?}"
            )),
            Some(_) => {}
        }
    }
    for nummer in seiten.keys().filter(|n| !definitionen.contains_key(*n)) {
        befunde.push(format!("Aufgabe {nummer}: Raster ohne Definition"));
    }
    assert!(befunde.is_empty(), "{}", befunde.join("\n"));
}

/// Der Kursplan passt zum Buch: Jede Doppelstunde ergibt 90 Minuten, die
/// Lesezeiten stimmen mit dem gemessenen Umfang der Kapitel überein (auf 5 %
/// oder 2 Minuten genau), Quiz, „Probier es aus“ und jede Aufgabe stehen mit
/// ihren Minuten im Plan (`cargo run --bin kursplan -- --pruefen`).
#[test]
fn kursplan_passt_zum_buch() {
    let mut befehl = Command::new(binaerprogramm("kursplan"));
    befehl.arg("--pruefen");
    let lauf = lauf_bis_ende(befehl);
    assert!(
        lauf.erfolg,
        "book/kursplan.md passt nicht zum Buch:\n{}{}",
        lauf.stdout, lauf.stderr
    );
}

/// Die Prüfung des Kursplans greift: In einer Kopie mit einer falschen
/// Minute, einer fehlenden Aufgabe und einer veralteten Lesezeit meldet sie
/// jeden Fehler.
#[test]
fn kursplan_pruefung_findet_fehler() {
    let plan = std::fs::read_to_string(wurzel().join("book/kursplan.md")).expect("Kursplan lesen");
    let faelle = [
        (
            "mit dem Prüfer lösen | 20 |",
            "mit dem Prüfer lösen | 25 |",
            "Übung 01 dauert laut Definition 20 min",
        ),
        (
            "[22 Das Vierertupel](aufgaben/22-vierertupel.md)",
            "Aufgabe 22",
            "Aufgabe 22 „Das Vierertupel“ steht in keiner Doppelstunde",
        ),
        (
            "| [Einführung](einfuehrung.md) | ",
            "| [Einführung](einfuehrung.md) | 9999 | 0 | 0 | 90 | 5 | 22 |\n| [Alt](alt.md) | ",
            "einfuehrung.md: Lesezeit laut Tabelle 90 min",
        ),
    ];
    for (i, (alt, neu, erwartet)) in faelle.iter().enumerate() {
        assert!(plan.contains(alt), "Im Kursplan fehlt {alt:?}");
        let kopie = std::env::temp_dir().join(format!("kursplan-{}-{i}.md", std::process::id()));
        std::fs::write(&kopie, plan.replacen(alt, neu, 1)).expect("Kopie schreiben");
        let mut befehl = Command::new(binaerprogramm("kursplan"));
        befehl.arg("--pruefen").arg(&kopie);
        let lauf = lauf_bis_ende(befehl);
        let _ = std::fs::remove_file(&kopie);
        assert!(
            !lauf.erfolg,
            "Fall {i}: Fehler nicht erkannt:\n{}",
            lauf.stdout
        );
        assert!(
            lauf.stdout.contains(erwartet),
            "Fall {i}: erwartet {erwartet:?}, gemeldet:\n{}{}",
            lauf.stdout,
            lauf.stderr
        );
    }
}

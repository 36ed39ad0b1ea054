//! Kommandozeile: Jedes Programm des Buchs – Beispiele, Startdateien,
//! Musterlösungen, Fehlervarianten und Werkzeuge – beantwortet `--help` und
//! `-h` mit einer deutschen Kurzhilfe, die mit `Aufruf:` beginnt, und endet mit
//! Exit-Code 0, ohne einen Port zu binden. Ein unbekannter Schalter führt zu
//! einer deutschen Meldung und einem Exit-Code ungleich 0 – nie zu einer
//! englischen Meldung aus der Standardbibliothek und nie zu einem Programm, das
//! ewig weiterläuft oder es endlos neu versucht.
//!
//! Die Liste der Programme entsteht aus dem Dateisystem und aus Cargo.toml,
//! damit ein neues Beispiel automatisch mitgeprüft wird.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::Command;

use common::{Lauf, beispiel, lauf_bis_ende, werkzeug, wurzel};

/// Ein Programm des Repositorys: Name und wie es gebaut wird.
enum Art {
    Beispiel,
    Werkzeug,
}

/// Alle Beispiele (`examples/*.rs`, `examples/*/main.rs`, `[[example]]` in
/// Cargo.toml) und alle Werkzeuge (`werkzeuge/src/bin/*.rs`).
fn alle_programme() -> Vec<(String, Art)> {
    let mut namen = Vec::new();
    let stamm = |pfad: &PathBuf| pfad.file_stem().map(|s| s.to_string_lossy().into_owned());
    for eintrag in std::fs::read_dir(wurzel().join("examples")).expect("examples/ lesen") {
        let pfad = eintrag.expect("Eintrag in examples/").path();
        if pfad.extension().is_some_and(|e| e == "rs") {
            namen.push((stamm(&pfad).expect("Dateiname"), Art::Beispiel));
        } else if pfad.join("main.rs").exists() {
            let name = pfad.file_name().expect("Ordnername").to_string_lossy();
            namen.push((name.into_owned(), Art::Beispiel));
        }
    }
    let cargo = std::fs::read_to_string(wurzel().join("Cargo.toml")).expect("Cargo.toml lesen");
    let mut im_beispiel = false;
    for zeile in cargo.lines().map(str::trim) {
        if zeile.starts_with('[') {
            im_beispiel = zeile == "[[example]]";
        } else if let Some(rest) = zeile.strip_prefix("name = \"").filter(|_| im_beispiel) {
            namen.push((rest.trim_end_matches('"').to_string(), Art::Beispiel));
        }
    }
    if let Ok(bins) = std::fs::read_dir(wurzel().join("werkzeuge/src/bin")) {
        for eintrag in bins {
            let pfad = eintrag.expect("Eintrag in werkzeuge/src/bin").path();
            if pfad.extension().is_some_and(|e| e == "rs") {
                namen.push((stamm(&pfad).expect("Dateiname"), Art::Werkzeug));
            }
        }
    }
    namen.sort_by(|a, b| a.0.cmp(&b.0));
    namen.dedup_by(|a, b| a.0 == b.0);
    assert!(
        namen.len() > 40,
        "zu wenige Programme gefunden: {}",
        namen.len()
    );
    namen
}

fn pfad(name: &str, art: &Art) -> PathBuf {
    match art {
        Art::Beispiel => beispiel(name),
        Art::Werkzeug => werkzeug(name),
    }
}

/// Startet das Programm mit `args` und wartet auf sein Ende; hängt es, ist
/// das ein Befund statt eines Abbruchs des ganzen Tests.
fn laufe(programm: &PathBuf, args: &[&str]) -> Result<Lauf, String> {
    let mut befehl = Command::new(programm);
    befehl.args(args);
    catch_unwind(AssertUnwindSafe(|| lauf_bis_ende(befehl)))
        .map_err(|_| "endet nicht (hängt oder versucht es endlos neu)".to_string())
}

/// Englische Meldungen der Standardbibliothek, die nie bei der Leserin ankommen
/// sollen: Sie gehören übersetzt.
const ENGLISCH: [&str; 5] = [
    "invalid socket address",
    "invalid digit",
    "invalid port value",
    "cannot parse",
    "invalid IP address",
];

#[test]
fn jedes_programm_beantwortet_help_auf_deutsch() {
    let mut befunde = Vec::new();
    for (name, art) in alle_programme() {
        let programm = pfad(&name, &art);
        for schalter in ["--help", "-h"] {
            match laufe(&programm, &[schalter]) {
                Err(grund) => befunde.push(format!("{name} {schalter}: {grund}")),
                Ok(lauf) if !lauf.erfolg => befunde.push(format!(
                    "{name} {schalter}: Exit-Code nicht 0: {}",
                    lauf.stderr
                )),
                Ok(lauf) if !lauf.stdout.starts_with("Aufruf:") => befunde.push(format!(
                    "{name} {schalter}: stdout beginnt nicht mit „Aufruf:“: {:?}",
                    lauf.stdout.lines().next().unwrap_or("")
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

#[test]
fn ein_unbekannter_schalter_wird_auf_deutsch_abgelehnt() {
    let mut befunde = Vec::new();
    for (name, art) in alle_programme() {
        let programm = pfad(&name, &art);
        // Mit Leerzeichen: Hält ein Programm den Schalter versehentlich für einen
        // Rechnernamen, lehnt glibc ihn ab, bevor eine DNS-Anfrage den Rechner
        // verlässt.
        match laufe(&programm, &["--kein schalter"]) {
            Err(grund) => befunde.push(format!("{name}: {grund}")),
            Ok(lauf) if lauf.erfolg => befunde.push(format!("{name}: Exit-Code 0")),
            Ok(lauf) => {
                if !lauf.stderr.contains("Fehler") {
                    befunde.push(format!(
                        "{name}: keine deutsche Fehlermeldung: {}",
                        lauf.stderr
                    ));
                }
                let englisch = ENGLISCH.iter().find(|e| lauf.stderr.contains(*e));
                if let Some(englisch) = englisch {
                    befunde.push(format!(
                        "{name}: englische Meldung „{englisch}“: {}",
                        lauf.stderr
                    ));
                }
                if lauf.stderr.contains("panicked") {
                    befunde.push(format!("{name}: Panik: {}", lauf.stderr));
                }
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

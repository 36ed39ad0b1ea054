//! mdBook-Vorverarbeiter: entfernt die Musterlösungen aus dem Buch.
//!
//! Auf jeder Aufgabenseite steht die Lösung zwischen zwei Markierungen:
//!
//! ```text
//! <!-- LOESUNG -->
//! … Musterlösung, Erwartungshorizont …
//! <!-- /LOESUNG -->
//! ```
//!
//! Eingeschaltet wird der Vorverarbeiter nur für Ausgaben ohne Lösungen, über
//! mdBooks Konfiguration per Umgebungsvariable (book.toml bleibt unverändert):
//!
//! ```text
//! MDBOOK_PREPROCESSOR__OHNE_LOESUNGEN='{"command": "cargo run --quiet --bin pruefen -- --mdbook-ohne-loesungen"}' mdbook build
//! ```
//!
//! mdBook ruft das Programm zuerst mit `supports RENDERER` auf (Exit-Code 0 =
//! ja), dann ohne Argumente: Auf stdin kommt `[Kontext, Buch]` als JSON, auf
//! stdout geht das veränderte Buch zurück. Weil die eingebauten
//! Vorverarbeiter (`{{#include}}`) vorher laufen, verschwindet auch
//! eingebundener Lösungscode.

use std::io::Read;
use std::process::ExitCode;

use serde_json::Value;

pub const ANFANG: &str = "<!-- LOESUNG -->";
pub const ENDE: &str = "<!-- /LOESUNG -->";
/// Was statt der Lösung im Buch steht.
const ERSATZ: &str =
    "> [!NOTE]\n> Die Musterlösung ist in dieser Ausgabe des Buchs ausgeblendet.\n";

pub fn main(args: &[String]) -> ExitCode {
    if args.first().map(String::as_str) == Some("supports") {
        return ExitCode::SUCCESS;
    }
    let mut eingabe = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut eingabe) {
        eprintln!("Fehler: stdin nicht lesbar: {e}");
        return ExitCode::FAILURE;
    }
    let wert: Value = match serde_json::from_str(&eingabe) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("Fehler: mdBook hat kein gültiges JSON geschickt: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(mut buch) = wert.get(1).cloned() else {
        eprintln!("Fehler: erwartet war [Kontext, Buch]");
        return ExitCode::FAILURE;
    };
    bearbeite(&mut buch);
    println!("{buch}");
    ExitCode::SUCCESS
}

/// Geht durch das ganze Buch und filtert jedes Feld `content`. So hängt der
/// Vorverarbeiter nicht an den genauen Feldnamen der mdBook-Version.
fn bearbeite(wert: &mut Value) {
    match wert {
        Value::Object(felder) => {
            for (name, feld) in felder.iter_mut() {
                if name == "content"
                    && let Value::String(text) = feld
                {
                    *text = ohne_loesungen(text);
                } else {
                    bearbeite(feld);
                }
            }
        }
        Value::Array(liste) => liste.iter_mut().for_each(bearbeite),
        _ => {}
    }
}

/// Entfernt alles zwischen den Markierungen (einschließlich). Fehlt eine
/// Endmarkierung, fällt der Rest der Seite weg: lieber zu viel als eine
/// Lösung im Schülerbuch.
pub fn ohne_loesungen(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(ANFANG) {
        aus.push_str(&rest[..i]);
        aus.push_str(ERSATZ);
        match rest[i..].find(ENDE) {
            Some(j) => rest = &rest[i + j + ENDE.len()..],
            None => {
                rest = "";
            }
        }
    }
    aus.push_str(rest);
    aus
}

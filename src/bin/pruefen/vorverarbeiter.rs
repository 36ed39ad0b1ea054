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
/// Lösung im Schülerbuch. Der Hinweis steht einmal je Seite, an der Stelle der
/// ersten Lösung; eine Überschrift, unter der danach nichts mehr steht, fällt mit
/// weg (die Seite „Antworten und Prüfungsfragen“ hätte sonst 27 leere Abschnitte).
/// Eine Markierung in Backticks (`` `<!-- LOESUNG -->` ``) ist nur Text über die
/// Markierung, keine Markierung.
pub fn ohne_loesungen(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    let mut rest = text;
    let mut gemeldet = false;
    while let Some(i) = markierung(rest, ANFANG) {
        aus.push_str(&rest[..i]);
        rest = match markierung(&rest[i..], ENDE) {
            Some(j) => &rest[i + j + ENDE.len()..],
            None => "",
        };
        if let Some(kopf) = letzte_ueberschrift(&aus)
            && abschnitt_endet(rest, ebene(&aus[kopf..]))
        {
            aus.truncate(kopf);
        }
        if !gemeldet {
            aus.push_str(ERSATZ);
            gemeldet = true;
        }
    }
    aus.push_str(rest);
    aus
}

/// Erste Fundstelle von `zeichen`, die nicht direkt hinter einem Backtick steht.
fn markierung(text: &str, zeichen: &str) -> Option<usize> {
    text.match_indices(zeichen)
        .map(|(i, _)| i)
        .find(|&i| !text[..i].ends_with('`'))
}

/// Anfang der letzten Zeile, wenn sie (nach Leerzeilen) eine Überschrift ist.
fn letzte_ueberschrift(text: &str) -> Option<usize> {
    let inhalt = text.trim_end();
    let start = inhalt.rfind('\n').map_or(0, |i| i + 1);
    (ebene(&inhalt[start..]) > 0).then_some(start)
}

/// Ebene einer Überschrift `## …` (2), 0 für jede andere Zeile.
fn ebene(zeile: &str) -> usize {
    let rauten = zeile.chars().take_while(|&c| c == '#').count();
    if rauten > 0 && zeile[rauten..].starts_with(' ') {
        rauten
    } else {
        0
    }
}

/// Steht nach der Lösung nichts mehr bis zur nächsten Überschrift derselben oder
/// einer höheren Ebene (oder bis zum Ende)?
fn abschnitt_endet(rest: &str, ebene_kopf: usize) -> bool {
    match rest.lines().find(|z| !z.trim().is_empty()) {
        None => true,
        Some(z) => (1..=ebene_kopf).contains(&ebene(z)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ein_hinweis_je_seite_und_keine_leeren_abschnitte() {
        let seite = "# Seite\n\nText\n\n## A {#a}\n\n<!-- LOESUNG -->\ngeheim\n<!-- /LOESUNG -->\n\n\
                     ## B\n\n<!-- LOESUNG -->\ngeheim\n<!-- /LOESUNG -->\n";
        let aus = ohne_loesungen(seite);
        assert_eq!(aus.matches("ausgeblendet").count(), 1, "{aus}");
        assert!(!aus.contains("geheim") && !aus.contains("## A") && !aus.contains("## B"));
        assert!(aus.starts_with("# Seite\n\nText\n\n> [!NOTE]"), "{aus}");
    }

    #[test]
    fn ueberschrift_mit_weiterem_inhalt_bleibt() {
        let seite = "## Aufgabe\n\n<!-- LOESUNG -->\ngeheim\n<!-- /LOESUNG -->\n\nNoch ein Satz.\n";
        let aus = ohne_loesungen(seite);
        assert!(
            aus.contains("## Aufgabe") && aus.contains("Noch ein Satz."),
            "{aus}"
        );
        assert!(!aus.contains("geheim"));
    }

    #[test]
    fn markierung_in_backticks_ist_text() {
        let seite = "zwischen `<!-- LOESUNG -->` und `<!-- /LOESUNG -->` steht sie\n";
        assert_eq!(ohne_loesungen(seite), seite);
        // Ohne Endmarkierung fällt der Rest weg.
        assert_eq!(
            ohne_loesungen("x<!-- LOESUNG -->geheim"),
            format!("x{ERSATZ}")
        );
    }
}

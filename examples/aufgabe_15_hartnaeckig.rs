//! Aufgabe 15 „Hartnäckiger Client“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/15-hartnaeckig.md).
//!
//! Holt Zahlen vom Server (`AB n` → `ZAHL k` … `ENDE`) und verbindet sich
//! nach jedem Abbruch neu, mit wachsender Wartezeit.
//!
//! Aufruf:     cargo run --example aufgabe_15_hartnaeckig -- 127.0.0.1:5115
//! Prüfen:     cargo run --bin pruefen -- 15

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

// GLEICH: zeile_ohne_panik
/// println! ohne Panik: Ist der Leser von stdout fort (`… | head -n 1`), endet
/// das Programm leise. Rust ignoriert SIGPIPE, also liefert write() BrokenPipe.
macro_rules! zeile {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}
// GLEICH_ENDE: zeile_ohne_panik

const STANDARD_ADRESSE: &str = "127.0.0.1:5115";
/// Erste Wartezeit; sie verdoppelt sich bis HOECHSTENS.
const ERSTE_PAUSE: Duration = Duration::from_millis(100);
const HOECHSTENS: Duration = Duration::from_millis(1600);
/// So viele gescheiterte Versuche in Folge, dann geben wir auf.
const MAX_VERSUCHE: u32 = 6;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_15_hartnaeckig -- [HOST:PORT]\nHOST:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5115",
        |i, a| i == 0 && a.contains(':') && !a.starts_with('-'),
    ) {
        return ende;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    zeile!("Verbinde mit {adresse}");
    hole_alle(&adresse)?;
    zeile!("Fertig");
    Ok(())
}

/// Schritt 1: verbinden, „AB n“ schicken, „Zahl k“ ausgeben bis ENDE.
/// Schritt 2: bei einem Abbruch warten (ERSTE_PAUSE, verdoppeln bis
/// HOECHSTENS) und ab der letzten Zahl weitermachen.
/// Schritt 3: nach MAX_VERSUCHE Fehlschlägen in Folge aufgeben (Err).
fn hole_alle(adresse: &str) -> anyhow::Result<()> {
    todo!("Zahlen von {adresse} holen ({ERSTE_PAUSE:?} … {HOECHSTENS:?}, {MAX_VERSUCHE} Versuche)")
}

/// `--help` zeigt die Kurzhilfe; ein unbekanntes Argument endet mit einer
/// deutschen Meldung und Exit-Code 2 (schon fertig, du musst nichts tun).
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) -> Option<ExitCode> {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            return Some(ExitCode::SUCCESS);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            return Some(ExitCode::from(2));
        }
    }
    None
}

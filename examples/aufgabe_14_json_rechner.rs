//! Aufgabe 14 „JSON-Rechner“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/14-json_rechner.md).
//!
//! Ein Rechner mit JSON-Zeilen: `{"op": "add", "a": 1, "b": 2}` →
//! `{"ok": true, "ergebnis": 3}`.
//!
//! Terminal 1: cargo run --example aufgabe_14_json_rechner
//! Terminal 2: nc 127.0.0.1 5114
//! Prüfen:     cargo run --bin pruefen -- 14

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5114";
const MAX_ZEILE: usize = 4096;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_14_json_rechner -- [IP:PORT]\nIP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5114",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
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
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = bediene(&v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => {
                // Etwa EMFILE: kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    Ok(())
}

/// Schritt 1: Zeile für Zeile lesen (höchstens MAX_ZEILE Bytes).
/// Schritt 2: mit serde_json zerlegen; jeder Fehler wird zu {"ok": false, …}.
/// Schritt 3: die Antwort als eine JSON-Zeile schicken.
fn bediene(verbindung: &TcpStream) -> anyhow::Result<()> {
    todo!("Anfragen von {verbindung:?} beantworten (Zeilen bis {MAX_ZEILE} Bytes)")
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

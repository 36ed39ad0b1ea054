//! Aufgabe 05 „Summen-Server“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/05-summe.md).
//!
//! Der Client schickt Zahlen, eine pro Zeile; der Server antwortet mit der
//! laufenden Summe. `ende` liefert das Ergebnis und beendet die Verbindung.
//!
//! Terminal 1: cargo run --example aufgabe_05_summe
//! Terminal 2: nc 127.0.0.1 5105
//! Prüfen:     cargo run --bin pruefen -- 05

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5105";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 100;

fn main() -> ExitCode {
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
    println!("Server lauscht auf {}", listener.local_addr()?);
    // Äußere Schleife: ein Client nach dem anderen.
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = summiere(&v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => eprintln!("accept() ist gescheitert: {e}"),
        }
    }
    Ok(())
}

/// Innere Schleife: Zeile um Zeile eines Clients, mit eigener Summe.
fn summiere(verbindung: &TcpStream) -> anyhow::Result<()> {
    todo!("Zahlen von {verbindung:?} summieren (Zeilen bis {MAX_ZEILE} Bytes)")
}

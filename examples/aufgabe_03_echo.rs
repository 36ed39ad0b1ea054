//! Aufgabe 03 „Echo, das Einzelbytes übersteht“ – dein Starter. Die Aufgabe
//! steht im Buch unter „Übungsaufgaben“ (book/aufgaben/03-echo.md).
//!
//! Jede Zeile kommt als `Echo: ZEILE` zurück, `bye` beendet die Verbindung.
//!
//! Terminal 1: cargo run --example aufgabe_03_echo
//! Terminal 2: cargo run --example chat_client -- 127.0.0.1:5103
//! Prüfen:     cargo run --bin pruefen -- 03

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5103";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 1024;

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
    for verbindung in listener.incoming() {
        match verbindung {
            // Der Fehler eines Clients beendet nicht den Server.
            Ok(v) => {
                if let Err(e) = echo(v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => eprintln!("accept() ist gescheitert: {e}"),
        }
    }
    Ok(())
}

/// Lies Zeile um Zeile (höchstens MAX_ZEILE Bytes) und antworte mit
/// `Echo: …\n`; `bye` bekommt `Tschüss!\n`, dann ist Schluss.
fn echo(verbindung: TcpStream) -> anyhow::Result<()> {
    todo!("Zeilen von {verbindung:?} lesen (MAX_ZEILE = {MAX_ZEILE}) und beantworten")
}

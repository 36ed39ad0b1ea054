//! Aufgabe 02 „Bestätigungs-Server“ – dein Starter. Die Aufgabe steht im Buch
//! unter „Übungsaufgaben“ (book/aufgaben/02-bestaetigung.md).
//!
//! Der Server liest von jedem Client einen Namen und antwortet
//! `Verbindung hergestellt, NAME! Du bist Client Nr. N.`
//!
//! Terminal 1: cargo run --example aufgabe_02_bestaetigung
//! Terminal 2: cargo run --example hello_client -- 127.0.0.1:5102 Ada
//! Prüfen:     cargo run --bin pruefen -- 02

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5102";
/// Längster Name in Bytes (ohne `\n`).
const MAX_NAME: usize = 100;

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

    // Schritt 1: Nimm Clients in einer Schleife an und zähle die Bestätigungen.
    let mut nummer = 0u64;
    for verbindung in listener.incoming() {
        let verbindung = verbindung.context("accept() ist gescheitert")?;
        if bediene(&verbindung, nummer + 1)? {
            nummer += 1;
        }
    }
    Ok(())
}

/// Schritt 2: Lies EINE Zeile (höchstens MAX_NAME Bytes, bis zum `\n`) und
/// antworte. Liefert `true`, wenn bestätigt wurde.
///
/// Vorsicht: Ein einzelnes read() kann eine halbe Zeile liefern.
fn bediene(verbindung: &TcpStream, nummer: u64) -> anyhow::Result<bool> {
    todo!("Namen von {verbindung:?} lesen, Nr. {nummer} bestätigen (MAX_NAME = {MAX_NAME})")
}

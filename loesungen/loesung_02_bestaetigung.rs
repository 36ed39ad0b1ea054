//! Musterlösung zu Aufgabe 02 „Bestätigungs-Server“: liest von jedem Client
//! einen Namen und bestätigt die Verbindung mit einer laufenden Nummer.
//!
//! Terminal 1: cargo run --example loesung_02_bestaetigung
//! Terminal 2: cargo run --example hello_client -- 127.0.0.1:5102 Ada
//!
//! Prüfen: cargo run --bin pruefen -- 02 --beispiel loesung_02_bestaetigung

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5102";
/// Längster Name in Bytes (ohne `\n`).
const MAX_NAME: usize = 100;
/// Ein Client, der so lange nichts schickt, wird aufgegeben.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);

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
    let listener = std::net::TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);

    // ANCHOR: zaehlen
    // Die Nummer gehört dem Server, nicht der Verbindung: Sie lebt außerhalb
    // der Schleife und zählt nur echte Bestätigungen.
    let mut nummer = 0u64;
    for verbindung in listener.incoming() {
        let verbindung = match verbindung {
            Ok(v) => v,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        let client = verbindung
            .peer_addr()
            .map(|a| a.to_string())
            .unwrap_or_else(|_| "?".into());
        match bediene(&verbindung, nummer + 1) {
            Ok(true) => nummer += 1,
            Ok(false) => {}
            // Der Fehler eines Clients beendet nicht den Server.
            Err(e) => eprintln!("Client {client}: {e:#}"),
        }
    }
    // ANCHOR_END: zaehlen
    Ok(())
}

// ANCHOR: bedienen
/// Liest den Namen und bestätigt. `Ok(true)`, wenn bestätigt wurde.
fn bediene(verbindung: &TcpStream, nummer: u64) -> anyhow::Result<bool> {
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let mut zeile = Vec::new();
    // Ein read() liefert, was gerade da ist – vielleicht nur „G“. read_until
    // sammelt bis zum `\n`; take begrenzt, wie viel wir höchstens annehmen.
    BufReader::new(verbindung)
        .take(MAX_NAME as u64 + 1)
        .read_until(b'\n', &mut zeile)
        .context("Lesen des Namens ist gescheitert")?;
    let mut schreiber = verbindung;
    if zeile.is_empty() {
        println!("Ein Client hat ohne Namen aufgelegt.");
        return Ok(false);
    }
    if !zeile.ends_with(b"\n") {
        if zeile.len() > MAX_NAME {
            schreiber.write_all(
                format!("Fehler: Name zu lang (höchstens {MAX_NAME} Bytes)\n").as_bytes(),
            )?;
        }
        return Ok(false);
    }
    // Ungültiges UTF-8 wird zu „�“ statt zum Absturz.
    let name = String::from_utf8_lossy(&zeile);
    let name = name.trim();
    let antwort = format!("Verbindung hergestellt, {name}! Du bist Client Nr. {nummer}.\n");
    schreiber
        .write_all(antwort.as_bytes())
        .context("Senden der Bestätigung ist gescheitert")?;
    println!("{name} bestätigt (Nr. {nummer})");
    Ok(true)
}
// ANCHOR_END: bedienen

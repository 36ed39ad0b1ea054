//! TCP-Chat, Zwilling des Python-Originals (Client). Absichtlich so einfach
//! wie das Python-Original; die robuste Fassung ist `chat_client`.
//!
//! Jede Eingabe an der Eingabeaufforderung ` -> ` geht ohne Zeilenende hinaus,
//! ein `read` von bis zu 1024 Bytes gilt als die ganze Antwort. „bye“ (Groß-
//! und Kleinschreibung egal, Leerzeichen außen herum auch) beendet den Chat.
//! Benutzt `TcpStream::connect`, `write_all` und `Read::read`.
//!
//! Terminal 1: cargo run --example original_chat_server
//!             (oder python3 python/original/chat_server.py)
//! Terminal 2: cargo run --example original_chat_client

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "localhost:5000";
const AUFRUF: &str = "Aufruf: original_chat_client [ADRESSE]   (Standard: localhost:5000)";

fn main() -> ExitCode {
    let adresse = std::env::args().nth(1);
    let adresse = adresse.as_deref().unwrap_or(STANDARD_ADRESSE);
    if adresse == "--help" || adresse == "-h" {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Nur die Form HOST:PORT prüfen; den Namen löst erst das Betriebssystem auf.
    let form = adresse.rsplit_once(':');
    if !form.is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok()) {
        eprintln!("Fehler: {adresse:?} ist keine Adresse der Form HOST:PORT.\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: zwilling
fn run(adresse: &str) -> anyhow::Result<()> {
    let mut verbindung = TcpStream::connect(adresse).with_context(|| {
        format!("Keine Verbindung zu {adresse}. Starte zuerst den Server in Terminal 1.")
    })?;

    let mut puffer = [0u8; 1024];
    let mut nachricht = frage()?;
    while nachricht.trim().to_lowercase() != "bye" {
        verbindung
            .write_all(nachricht.as_bytes())
            .context("Senden ist gescheitert")?;
        // Ein einziges read(): Das Original hält es für die ganze Antwort.
        let n = verbindung
            .read(&mut puffer)
            .context("Lesen ist gescheitert")?;
        let text = std::str::from_utf8(&puffer[..n])
            .map_err(|e| anyhow!("Kein gültiges UTF-8 ab Byte {}", e.valid_up_to()))?;
        zeile!("Vom Server empfangen: {text}");
        nachricht = frage()?;
    }
    Ok(()) // Drop schließt die Verbindung.
}

/// Zeigt ` -> ` und liest eine Zeile ohne Zeilenende. Strg+D gilt als „bye“.
fn frage() -> io::Result<String> {
    ausgabe!(" -> ");
    let mut zeile = String::new();
    if io::stdin().read_line(&mut zeile)? == 0 {
        return Ok("bye".to_string());
    }
    Ok(zeile.trim_end_matches(['\r', '\n']).to_string())
}
// ANCHOR_END: zwilling

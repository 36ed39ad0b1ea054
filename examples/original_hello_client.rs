//! Zwilling des Python-Clients aus der Vorlage (`python/original/hello_client.py`):
//! verbindet sich, schickt „Hallo, Server!“ ohne Zeilenende, liest ein
//! einziges Mal höchstens 1024 Bytes und gibt sie als Antwort aus.
//!
//! Absichtlich so einfach wie das Python-Original; die robuste Fassung ist
//! `hello_client`.
//!
//! Benutzt `TcpStream::connect`, `write_all`, ein einziges `Read::read`.
//!
//! Terminal 1: cargo run --example original_hello_server
//!         oder python3 python/original/hello_server.py
//! Terminal 2: cargo run --example original_hello_client

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Name und Port wie in der Vorlage.
const STANDARD_ADRESSE: &str = "localhost:12345";
const AUFRUF: &str = "Aufruf: original_hello_client [HOST:PORT]   (Standard: localhost:12345)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: client
fn run() -> anyhow::Result<()> {
    let adresse = std::env::args().nth(1);
    if matches!(adresse.as_deref(), Some("--help" | "-h")) {
        zeile!("{AUFRUF}");
        return Ok(());
    }
    let adresse = adresse.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    anyhow::ensure!(
        !adresse.starts_with('-'),
        "unbekannter Schalter {adresse}\n{AUFRUF}"
    );
    let mut verbindung = TcpStream::connect(&adresse)
        .with_context(|| format!("Keine Verbindung zu {adresse}. Läuft der Server?"))?;
    verbindung.write_all("Hallo, Server!".as_bytes())?; // ohne Zeilenende

    // Ein einziges read wie recv(1024): Es liefert, was gerade da ist.
    let mut puffer = [0u8; 1024];
    let n = verbindung.read(&mut puffer)?;
    zeile!(
        "Antwort vom Server: {}",
        String::from_utf8_lossy(&puffer[..n])
    );
    Ok(()) // Drop schließt die Verbindung
}
// ANCHOR_END: client

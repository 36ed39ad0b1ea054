//! Zwilling des Python-Clients aus der Vorlage (`python/original/tcp_client.py`):
//! verbindet sich mit Port 50000, schickt jede getippte Zeile ohne
//! Zeilenende und zeigt das Ergebnis eines einzigen `read` von höchstens
//! 1024 Bytes als `[IP] antwort`.
//!
//! Absichtlich so einfach wie das Python-Original; die robuste Fassung ist
//! `tcp_client` (Kapitel „TCP in einer Schleife“). Die Vorlage fragt nach der
//! IP-Adresse, der Zwilling nimmt sie aus dem ersten Argument.
//!
//! Benutzt `TcpStream::connect`, `Write::write_all`, `Read::read`.
//!
//! Terminal 1: cargo run --example original_tcp_server
//!         oder python3 python/original/tcp_server.py 127.0.0.1:50000
//! Terminal 2: cargo run --example original_tcp_client

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
const AUFRUF: &str = "Aufruf: original_tcp_client [IP:PORT]   (Standard: 127.0.0.1:50000)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Falsches Argument: Meldung und Aufruf auf stderr, Exit-Code 2.
fn falsches_argument(meldung: String) -> ! {
    eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
    std::process::exit(2)
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args().nth(1);
    if matches!(adresse.as_deref(), Some("--help" | "-h")) {
        zeile!("{AUFRUF}");
        return Ok(());
    }
    let adresse = adresse.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    if !adresse.contains(':') {
        falsches_argument(format!("Adresse {adresse:?}: erwartet ADRESSE:PORT"));
    }
    // ANCHOR: client
    let mut verbindung = TcpStream::connect(&adresse).with_context(|| {
        format!("Keine Verbindung zu {adresse}. Läuft original_tcp_server in Terminal 1?")
    })?;
    let ip = verbindung.peer_addr()?.ip();
    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("Nachricht: ");
        let mut nachricht = String::new();
        if tastatur.read_line(&mut nachricht)? == 0 {
            return Ok(()); // Strg+D: Ende der Eingabe
        }
        verbindung.write_all(nachricht.trim_end_matches(['\n', '\r']).as_bytes())?;
        let mut puffer = [0u8; 1024];
        let n = verbindung.read(&mut puffer)?; // wie recv(1024)
        zeile!("[{ip}] {}", String::from_utf8_lossy(&puffer[..n]));
    }
    // ANCHOR_END: client
}

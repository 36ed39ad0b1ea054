//! Zwilling des Python-Servers aus der Vorlage (`python/original/tcp_server.py`):
//! bedient einen Client nach dem anderen auf Port 50000. Jedes einzelne
//! `read` von höchstens 1024 Bytes gilt als eine Nachricht und erscheint als
//! `[IP] text`; nach `Antwort: ` tippst du die Antwort, die ohne Zeilenende
//! zurückgeht. Liest `read` 0 Bytes, ist der nächste Client dran.
//!
//! Absichtlich so einfach wie das Python-Original; die robuste Fassung ist
//! `tcp_server` (Kapitel „TCP in einer Schleife“).
//!
//! Benutzt `TcpListener::bind`, `accept`, `Read::read`, `Write::write_all`.
//!
//! Terminal 1: cargo run --example original_tcp_server
//! Terminal 2: cargo run --example original_tcp_client
//!         oder python3 python/original/tcp_client.py 127.0.0.1:50000

use std::io::{self, BufRead, Read, Write};
use std::net::{TcpListener, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Wie die Vorlage Port 50000, aber nur über Loopback erreichbar.
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
const AUFRUF: &str = "Aufruf: original_tcp_server [IP:PORT]   (Standard: 127.0.0.1:50000)";

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
    if adresse.to_socket_addrs().is_err() {
        falsches_argument(format!(
            "Adresse {adresse:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"
        ));
    }
    // ANCHOR: server
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let mut tastatur = io::stdin().lock();
    loop {
        let (mut verbindung, client) = listener.accept()?;
        loop {
            let mut puffer = [0u8; 1024];
            let n = verbindung.read(&mut puffer)?; // wie recv(1024)
            if n == 0 {
                break; // Client hat geschlossen: zum nächsten
            }
            let text = std::str::from_utf8(&puffer[..n]).context("Kein gültiges UTF-8")?;
            zeile!("[{}] {text}", client.ip());
            ausgabe!("Antwort: ");
            let mut antwort = String::new();
            tastatur.read_line(&mut antwort)?;
            verbindung.write_all(antwort.trim_end_matches(['\n', '\r']).as_bytes())?;
        }
    }
    // ANCHOR_END: server
}

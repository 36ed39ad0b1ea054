//! Musterlösung zu Aufgabe 13 „Zeilensicherer Chat“: ein Thread je Client,
//! eine geteilte Liste aller Clients, Zeilen mit Längengrenze.
//!
//! Terminal 1: cargo run --example loesung_13_chat
//! Terminal 2 und 3: nc 127.0.0.1 5113
//!
//! Prüfen: cargo run --bin pruefen -- 13 --beispiel loesung_13_chat

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5113";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 256;
/// Höchstens so viele Clients (und damit Threads) zugleich.
const MAX_CLIENTS: usize = 100;
/// Ein Client, der so lange nichts annimmt, bremst die anderen nicht länger.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(2);

/// Alle verbundenen Clients: Adresse → Schreibende der Verbindung.
type Clients = Arc<Mutex<HashMap<SocketAddr, TcpStream>>>;

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
    let clients: Clients = Arc::default();
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        let Ok(wer) = verbindung.peer_addr() else {
            continue;
        };
        if clients.lock().map(|c| c.len()).unwrap_or(MAX_CLIENTS) >= MAX_CLIENTS {
            let _ = (&verbindung).write_all(b"! Server voll\n");
            continue;
        }
        let clients = Arc::clone(&clients);
        thread::spawn(move || {
            if let Err(e) = bediene(verbindung, wer, &clients) {
                eprintln!("{wer}: {e:#}");
            }
            // Wie auch immer die Verbindung endet: raus aus der Liste.
            if let Ok(mut c) = clients.lock() {
                c.remove(&wer);
            }
            println!("{wer} ist gegangen");
        });
    }
    Ok(())
}

// ANCHOR: bedienen
fn bediene(verbindung: TcpStream, wer: SocketAddr, clients: &Clients) -> anyhow::Result<()> {
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let schreibende = verbindung.try_clone()?;
    {
        // Erst eintragen, dann begrüßen: Ab der Begrüßung bekommt er alles mit.
        let mut c = clients
            .lock()
            .map_err(|_| anyhow::anyhow!("Liste kaputt"))?;
        c.insert(wer, schreibende);
        (&verbindung).write_all(format!("Willkommen {wer}\n").as_bytes())?;
    }
    println!("{wer} ist dabei");
    let mut leser = BufReader::new(&verbindung);
    loop {
        let mut zeile = Vec::new();
        // take: höchstens MAX_ZEILE + 1 Bytes, damit niemand unseren Speicher füllt.
        let n = (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?;
        if n == 0 {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                (&verbindung).write_all(b"! Zeile zu lang\n")?;
            }
            return Ok(());
        }
        let text = String::from_utf8_lossy(&zeile);
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.is_empty() {
            verteile(clients, wer, &format!("{wer}: {text}\n"));
        }
    }
}

/// Schickt eine Zeile an alle außer dem Absender. Wer nicht annimmt, fliegt.
fn verteile(clients: &Clients, absender: SocketAddr, zeile: &str) {
    let Ok(mut c) = clients.lock() else { return };
    c.retain(|&wer, strom| wer == absender || strom.write_all(zeile.as_bytes()).is_ok());
}
// ANCHOR_END: bedienen

//! Musterlösung zu Aufgabe 05 „Summen-Server“: addiert die Zahlen eines
//! Clients Zeile für Zeile, in einer Schleife über Clients und Zeilen.
//!
//! Terminal 1: cargo run --example loesung_05_summe
//! Terminal 2: nc 127.0.0.1 5105      (Zahlen tippen, dann „ende“)
//!
//! Prüfen: cargo run --bin pruefen -- 05 --beispiel loesung_05_summe

use std::io::{BufRead, BufReader, Read, Write};
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
    // ANCHOR: aussen
    // Äußere Schleife: ein Client nach dem anderen.
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        let client = verbindung
            .peer_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        match summiere(&verbindung) {
            Ok(summe) => println!("{client}: Summe {summe}"),
            Err(e) => eprintln!("{client}: {e:#}"),
        }
    }
    // ANCHOR_END: aussen
    Ok(())
}

// ANCHOR: innen
/// Innere Schleife: Zeile um Zeile eines Clients. Die Summe lebt hier, also
/// beginnt jeder Client bei 0.
fn summiere(verbindung: &TcpStream) -> anyhow::Result<i64> {
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    let mut summe: i64 = 0;
    loop {
        let mut zeile = Vec::new();
        let n = (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?;
        if n == 0 {
            return Ok(summe); // aufgelegt ohne „ende“
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                schreiber.write_all(b"Fehler: Zeile zu lang\n")?;
            }
            return Ok(summe);
        }
        let text = String::from_utf8_lossy(&zeile);
        let text = text.trim();
        let antwort = if text == "ende" {
            schreiber.write_all(format!("Ergebnis: {summe}\n").as_bytes())?;
            return Ok(summe);
        } else {
            match text.parse::<i64>() {
                Ok(zahl) => match summe.checked_add(zahl) {
                    Some(s) => {
                        summe = s;
                        format!("Summe: {summe}\n")
                    }
                    None => "Fehler: Überlauf\n".to_string(),
                },
                Err(_) => format!("Fehler: \"{text}\" ist keine Zahl\n"),
            }
        };
        schreiber
            .write_all(antwort.as_bytes())
            .context("Senden ist gescheitert")?;
    }
}
// ANCHOR_END: innen

//! Aufgabe 09 „Dienstauskunft“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/09-dienste.md).
//!
//! Beantwortet Anfragen wie `http/tcp` (→ Port) und `80/tcp` (→ Name) aus
//! der Dienstedatei (DIENSTE_DATEI, sonst /etc/services).
//!
//! Terminal 1: cargo run --example aufgabe_09_dienste
//! Terminal 2: nc 127.0.0.1 5109
//! Prüfen:     cargo run --bin pruefen -- 09

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5109";
const STANDARD_DATEI: &str = "/etc/services";

/// Eine Zeile der Dienstedatei: `http 80/tcp www # World Wide Web`.
#[derive(Debug)]
#[allow(dead_code)] // Die Felder liest du in Schritt 2.
struct Dienst {
    namen: Vec<String>,
    port: u16,
    protokoll: String,
}

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
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| STANDARD_DATEI.to_string());
    let text =
        std::fs::read_to_string(&datei).with_context(|| format!("Kann {datei} nicht lesen"))?;
    let dienste = lies_dienste(&text);
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = bediene(&v, &dienste) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => eprintln!("accept() ist gescheitert: {e}"),
        }
    }
    Ok(())
}

/// Schritt 1: Zeilen zerlegen; alles ab # ist Kommentar.
fn lies_dienste(text: &str) -> Vec<Dienst> {
    todo!("{} Zeilen in Dienste zerlegen", text.lines().count())
}

/// Schritt 2: Anfragen Zeile für Zeile beantworten.
fn bediene(verbindung: &TcpStream, dienste: &[Dienst]) -> anyhow::Result<()> {
    todo!(
        "Anfragen von {verbindung:?} mit {} Diensten beantworten",
        dienste.len()
    )
}

//! Musterlösung zu Aufgabe 14 „JSON-Rechner“: ein eigenes Protokoll aus
//! JSON-Zeilen, mit serde_json. Fehler bekommen eine Antwort, die
//! Verbindung bleibt.
//!
//! Terminal 1: cargo run --example loesung_14_json_rechner
//! Terminal 2: nc 127.0.0.1 5114     dann: {"op": "add", "a": 1, "b": 2}
//!
//! Prüfen: cargo run --bin pruefen -- 14 --beispiel loesung_14_json_rechner

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;

use anyhow::Context;
use serde::Deserialize;
use serde_json::json;

const STANDARD_ADRESSE: &str = "127.0.0.1:5114";
const MAX_ZEILE: usize = 4096;

/// Eine Anfrage. serde prüft Felder und Typen für uns.
#[derive(Deserialize)]
struct Anfrage {
    op: String,
    a: f64,
    b: f64,
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
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        // Ein Thread je Client; für einen Übungsserver genügt das.
        thread::spawn(move || {
            if let Err(e) = bediene(&verbindung) {
                eprintln!("Ein Client: {e:#}");
            }
        });
    }
    Ok(())
}

// ANCHOR: rechnen
/// Beantwortet eine Zeile. Jeder Fehler wird zu `{"ok": false, …}`.
fn antworte(zeile: &str) -> serde_json::Value {
    let anfrage: Anfrage = match serde_json::from_str(zeile) {
        Ok(a) => a,
        Err(e) => return json!({"ok": false, "fehler": format!("ungültige Anfrage: {e}")}),
    };
    let ergebnis = match anfrage.op.as_str() {
        "add" => anfrage.a + anfrage.b,
        "sub" => anfrage.a - anfrage.b,
        "mul" => anfrage.a * anfrage.b,
        "div" if anfrage.b == 0.0 => return json!({"ok": false, "fehler": "Division durch null"}),
        "div" => anfrage.a / anfrage.b,
        op => return json!({"ok": false, "fehler": format!("unbekannte Operation {op:?}")}),
    };
    json!({"ok": true, "ergebnis": ergebnis})
}
// ANCHOR_END: rechnen

fn bediene(verbindung: &TcpStream) -> anyhow::Result<()> {
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    loop {
        let mut zeile = Vec::new();
        if (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?
            == 0
        {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                schreiber.write_all(b"{\"ok\":false,\"fehler\":\"Zeile zu lang\"}\n")?;
            }
            return Ok(());
        }
        let antwort = antworte(&String::from_utf8_lossy(&zeile));
        // Eine Antwort = ein JSON-Objekt in einer Zeile (to_string hat kein \n).
        schreiber.write_all(format!("{antwort}\n").as_bytes())?;
    }
}

//! Musterlösung zu Aufgabe 03 „Echo, das Einzelbytes übersteht“: schickt
//! jede Zeile mit „Echo: “ davor zurück, egal in wie vielen Stücken sie kommt.
//!
//! Terminal 1: cargo run --example loesung_03_echo
//! Terminal 2: cargo run --example chat_client -- 127.0.0.1:5103
//!
//! Prüfen: cargo run --bin pruefen -- 03 --beispiel loesung_03_echo

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5103";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 1024;

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
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                let client = v.peer_addr().map(|a| a.to_string()).unwrap_or_default();
                println!("Verbunden mit {client}");
                if let Err(e) = echo(v) {
                    eprintln!("Client {client}: {e:#}");
                }
            }
            Err(e) => eprintln!("accept() ist gescheitert: {e}"),
        }
    }
    Ok(())
}

// ANCHOR: echo
fn echo(verbindung: TcpStream) -> anyhow::Result<()> {
    let mut leser = BufReader::new(&verbindung);
    let mut schreiber = BufWriter::new(&verbindung);
    loop {
        let mut zeile = Vec::new();
        // read_until ruft read() so oft auf, bis das `\n` da ist: Einzelbytes
        // werden gesammelt, und liefert ein read() zwei Zeilen, bleibt die
        // zweite für den nächsten Durchlauf im BufReader.
        let n = (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            return Ok(()); // Der Client hat aufgelegt.
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                schreiber.write_all(
                    format!("Fehler: Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n").as_bytes(),
                )?;
                schreiber.flush()?;
            }
            return Ok(()); // Zu lang oder mitten in der Zeile aufgelegt.
        }
        zeile.pop();
        if zeile.ends_with(b"\r") {
            zeile.pop();
        }
        let text = String::from_utf8_lossy(&zeile);
        if text == "bye" {
            schreiber.write_all("Tschüss!\n".as_bytes())?;
            schreiber.flush()?;
            return Ok(());
        }
        schreiber.write_all(format!("Echo: {text}\n").as_bytes())?;
        // BufWriter sammelt; flush schickt die Antwort jetzt ab.
        schreiber.flush().context("Senden ist gescheitert")?;
    }
}
// ANCHOR_END: echo

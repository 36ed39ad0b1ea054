//! Musterlösung zu Aufgabe 16 „Mini-Webserver“: HTTP/1.1 von Hand, eine
//! Seite, Statuscodes 200, 400, 404, 405 und 431.
//!
//! Terminal 1: cargo run --example loesung_16_webserver
//! Browser:    http://127.0.0.1:5116/
//! Eigene Seite: SEITE=meine.html cargo run --example loesung_16_webserver
//!
//! Prüfen: cargo run --bin pruefen -- 16 --beispiel loesung_16_webserver

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5116";
/// Größter Kopf einer Anfrage.
const MAX_KOPF: usize = 8192;
const LESE_TIMEOUT: Duration = Duration::from_secs(10);
const EINGEBAUT: &str = "<!DOCTYPE html>\n<html lang=\"de\"><meta charset=\"utf-8\">\
<title>Hallo</title><h1>Hallo aus Rust!</h1></html>\n";

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
    let seite = match std::env::var("SEITE") {
        Ok(pfad) => {
            std::fs::read(&pfad).with_context(|| format!("Kann die Seite {pfad} nicht lesen"))?
        }
        Err(_) => EINGEBAUT.as_bytes().to_vec(),
    };
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        if let Err(e) = bediene(&verbindung, &seite) {
            eprintln!("Ein Client: {e:#}");
        }
    }
    Ok(())
}

/// Liest den Kopf bis zur Leerzeile. `None`: zu groß.
fn lies_kopf(verbindung: &TcpStream) -> std::io::Result<Option<Vec<String>>> {
    let mut leser = BufReader::new(verbindung).take(MAX_KOPF as u64);
    let mut zeilen = Vec::new();
    loop {
        let mut zeile = Vec::new();
        leser.read_until(b'\n', &mut zeile)?;
        if !zeile.ends_with(b"\n") {
            // Grenze erreicht oder Client fertig ohne Leerzeile.
            return Ok(if leser.limit() == 0 {
                None
            } else {
                Some(zeilen)
            });
        }
        let text = String::from_utf8_lossy(&zeile).trim_end().to_string();
        if text.is_empty() {
            return Ok(Some(zeilen));
        }
        zeilen.push(text);
    }
}

// ANCHOR: antworten
fn bediene(verbindung: &TcpStream, seite: &[u8]) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let (status, extra, inhalt): (&str, &str, &[u8]) = match lies_kopf(verbindung)? {
        None => (
            "431 Request Header Fields Too Large",
            "",
            b"Kopf zu gross\n",
        ),
        Some(kopf) => {
            let erste = kopf.first().map(String::as_str).unwrap_or("");
            match erste.split(' ').collect::<Vec<_>>().as_slice() {
                ["GET", "/" | "/index.html", v] if v.starts_with("HTTP/") => ("200 OK", "", seite),
                ["GET", _, v] if v.starts_with("HTTP/") => {
                    ("404 Not Found", "", b"Nicht gefunden\n")
                }
                [_, _, v] if v.starts_with("HTTP/") => {
                    ("405 Method Not Allowed", "Allow: GET\r\n", b"Nur GET\n")
                }
                _ => ("400 Bad Request", "", b"Kaputte Anfrage\n"),
            }
        }
    };
    let typ = if status.starts_with("200") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    // Content-Length zählt Bytes, nicht Zeichen.
    let kopf = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {typ}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        inhalt.len()
    );
    let mut schreiber = verbindung;
    // write_all wiederholt write(), bis alles beim Betriebssystem ist.
    schreiber.write_all(kopf.as_bytes())?;
    schreiber.write_all(inhalt)?;
    // Nur unsere Richtung schließen und kurz lesen, was der Client noch
    // schickt: Schließt man mit ungelesenen Daten, sendet das System ein RST,
    // und der Client verliert womöglich die Antwort.
    schreiber.shutdown(std::net::Shutdown::Write)?;
    verbindung.set_read_timeout(Some(Duration::from_millis(200)))?;
    let _ = std::io::copy(&mut (&mut schreiber).take(1 << 20), &mut std::io::sink());
    Ok(())
}
// ANCHOR_END: antworten

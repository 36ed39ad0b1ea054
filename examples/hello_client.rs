//! Erste Verbindung, Client: verbindet sich mit `hello_server`, schickt
//! „Hallo, Server!“ und gibt die Antwort aus.
//!
//! Benutzt `TcpStream::connect`, `write_all` und `BufRead::read_until`.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example hello_client
//!
//! Andere Adresse und Nachricht: cargo run --example hello_client -- 127.0.0.1:12346 "Servus!"

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

/// `localhost` ist der Name für diesen Rechner; er wird zu 127.0.0.1 (und oft
/// auch zu ::1) aufgelöst.
const STANDARD_ADRESSE: &str = "localhost:12345";
const STANDARD_NACHRICHT: &str = "Hallo, Server!";
/// Längere Antworten nehmen wir nicht an.
const MAX_ZEILE: usize = 1024;
/// Antwortet der Server so lange nicht, geben wir auf, statt ewig zu warten.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);

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
    let mut args = std::env::args().skip(1);
    let adresse = args.next().unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let nachricht = args
        .next()
        .unwrap_or_else(|| STANDARD_NACHRICHT.to_string());

    // ANCHOR: verbinden
    // connect() löst den Namen auf und baut die TCP-Verbindung auf (den
    // Drei-Wege-Handschlag). Ohne lauschenden Server antwortet das
    // Betriebssystem des Ziels sofort mit einer Absage: ConnectionRefused.
    let mut verbindung = TcpStream::connect(&adresse).map_err(|e| connect_fehler(e, &adresse))?;
    println!("Verbunden mit {}", verbindung.peer_addr()?);
    // ANCHOR_END: verbinden

    // ANCHOR: senden
    // Das `\n` am Ende markiert für den Server, wo die Nachricht aufhört.
    // write_all schreibt so lange, bis alle Bytes beim Betriebssystem sind.
    verbindung
        .write_all(format!("{nachricht}\n").as_bytes())
        .context("Senden ist gescheitert")?;
    println!("Gesendet: {nachricht}");
    // ANCHOR_END: senden

    // ANCHOR: empfangen
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let mut antwort = Vec::new();
    BufReader::new(&verbindung)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut antwort)
        .context("Keine Antwort vom Server")?;
    if antwort.is_empty() {
        println!("Der Server hat die Verbindung ohne Antwort geschlossen.");
    } else {
        let text = String::from_utf8_lossy(&antwort);
        println!("Antwort vom Server: {}", text.trim_end());
    }
    // ANCHOR_END: empfangen
    // Hier endet run(): Drop schließt die Verbindung, der Server sieht das Ende.
    Ok(())
}

/// Übersetzt die häufigsten Fehler von connect() in einen Rat.
fn connect_fehler(e: io::Error, adresse: &str) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            "Dort lauscht kein Server. Starte zuerst in Terminal 1: cargo run --example hello_server"
        }
        io::ErrorKind::TimedOut => "Das Ziel antwortet nicht. Stimmt die Adresse?",
        _ => "Prüfe Adresse und Port, etwa localhost:12345.",
    };
    anyhow::Error::new(e).context(format!("Keine Verbindung zu {adresse}. {rat}"))
}

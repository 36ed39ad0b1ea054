//! Erste Verbindung, Client: verbindet sich mit `hello_server`, schickt
//! „Hallo, Server!“ und gibt die Antwort aus. Die robuste Fassung von
//! `original_hello_client`: Die Nachricht endet mit `\n`, die Antwort wird bis
//! zum `\n` gesammelt, und was vor einem Fehler ankam, geht nicht verloren.
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
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// `localhost` ist der Name für diesen Rechner; er wird zu 127.0.0.1 (und oft
/// auch zu ::1) aufgelöst.
const STANDARD_ADRESSE: &str = "localhost:12345";
const STANDARD_NACHRICHT: &str = "Hallo, Server!";
/// Längere Antworten nehmen wir nicht an.
const MAX_ZEILE: usize = 1024;
/// Antwortet der Server so lange nicht, geben wir auf, statt ewig zu warten.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);
const AUFRUF: &str = "Aufruf: hello_client [HOST:PORT] [NACHRICHT]
  HOST:PORT  Adresse des Servers (Standard: localhost:12345)
  NACHRICHT  eine Zeile ohne Zeilenende (Standard: Hallo, Server!)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let schalter = args.first().is_some_and(|a| a.starts_with('-'));
    if schalter || args.len() > 2 || args.get(1).is_some_and(|n| n.contains(['\n', '\r'])) {
        eprintln!(
            "Fehler: Erwartet sind höchstens HOST:PORT und eine einzeilige NACHRICHT.\n{AUFRUF}"
        );
        return ExitCode::from(2);
    }
    let adresse = args.first().map_or(STANDARD_ADRESSE, String::as_str);
    let nachricht = args.get(1).map_or(STANDARD_NACHRICHT, String::as_str);
    match run(adresse, nachricht) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: &str, nachricht: &str) -> anyhow::Result<()> {
    // ANCHOR: verbinden
    // connect() löst den Namen auf und baut die TCP-Verbindung auf (den
    // Drei-Wege-Handschlag). Ohne lauschenden Server antwortet das
    // Betriebssystem des Ziels sofort mit einer Absage: ConnectionRefused.
    let mut verbindung = TcpStream::connect(adresse).map_err(|e| connect_fehler(e, adresse))?;
    zeile!("Verbunden mit {}", verbindung.peer_addr()?);
    // ANCHOR_END: verbinden

    // ANCHOR: senden
    // Das `\n` am Ende markiert für den Server, wo die Nachricht aufhört.
    // write_all schreibt so lange, bis alle Bytes beim Betriebssystem sind.
    verbindung
        .write_all(format!("{nachricht}\n").as_bytes())
        .context("Senden ist gescheitert")?;
    zeile!("Gesendet: {nachricht}");
    // ANCHOR_END: senden

    // ANCHOR: empfangen
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let mut antwort = Vec::new();
    let gelesen = BufReader::new(&verbindung)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut antwort);
    // Erst zeigen, was ankam – auch wenn danach ein Fehler kam. read_until hat
    // die Bytes vor dem Fehler schon in `antwort` gelegt.
    if !antwort.is_empty() {
        let text = String::from_utf8_lossy(&antwort);
        zeile!("Antwort vom Server: {}", sichtbar(text.trim_end()));
    }
    match gelesen {
        Ok(0) => zeile!("Der Server hat die Verbindung ohne Antwort geschlossen."),
        Ok(_) if !antwort.ends_with(b"\n") && antwort.len() > MAX_ZEILE => {
            zeile!("(abgeschnitten nach {MAX_ZEILE} Bytes)");
        }
        Ok(_) if !antwort.ends_with(b"\n") => {
            zeile!("(Der Server hat ohne Zeilenende geschlossen.)");
        }
        Ok(_) => {}
        Err(e) => return Err(lese_fehler(e, antwort.is_empty())),
    }
    // ANCHOR_END: empfangen
    // Hier endet run(): Drop schließt die Verbindung, der Server sieht das Ende.
    Ok(())
}

// ANCHOR: lesefehler
/// Erklärt, warum nach (oder statt) der Antwort ein Fehler kam.
fn lese_fehler(e: io::Error, nichts_da: bool) -> anyhow::Error {
    let wann = if nichts_da {
        "Statt einer Antwort"
    } else {
        "Nach der Antwort oben"
    };
    let text = match e.kind() {
        io::ErrorKind::ConnectionReset => format!(
            "{wann} kam ein Reset (RST). Das passiert etwa, wenn der Server schließt, \
             bevor er alles gelesen hat, was wir geschickt haben"
        ),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => format!(
            "{wann} kam {} Sekunden lang kein Zeilenende. Spricht der Server dasselbe Protokoll?",
            LESE_TIMEOUT.as_secs()
        ),
        _ => format!("{wann} ist das Lesen gescheitert"),
    };
    anyhow::Error::new(e).context(text)
}
// ANCHOR_END: lesefehler

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for zeichen in text.chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}
// GLEICH_ENDE: sichtbar

/// Übersetzt die häufigsten Fehler von connect() in einen Rat.
fn connect_fehler(e: io::Error, adresse: &str) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            "Dort lauscht kein Server. Starte zuerst in Terminal 1: cargo run --example hello_server"
        }
        io::ErrorKind::TimedOut => "Das Ziel antwortet nicht. Stimmt die Adresse?",
        // Die englische Meldung der Standardbibliothek („invalid socket
        // address“) ersetzen wir durch eine deutsche.
        io::ErrorKind::InvalidInput => {
            return anyhow::anyhow!("{adresse:?} ist keine Adresse der Form HOST:PORT");
        }
        _ => "Prüfe Adresse und Port, etwa localhost:12345.",
    };
    anyhow::Error::new(e).context(format!("Keine Verbindung zu {adresse}. {rat}"))
}

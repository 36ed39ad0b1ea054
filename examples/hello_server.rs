//! Erste Verbindung, Server: nimmt genau einen Client an, liest seine
//! Begrüßung und schickt eine Bestätigung zurück.
//!
//! Benutzt `TcpListener::bind`, `accept`, `BufRead::read_until` und `write_all`.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example hello_client
//!
//! Eine andere Adresse: cargo run --example hello_server -- 127.0.0.1:12346

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

/// Nur Programme auf diesem Rechner erreichen den Server (Loopback).
const STANDARD_ADRESSE: &str = "127.0.0.1:12345";
/// Länger darf die Begrüßung nicht sein – so viel, wie `recv(1024)` in Python liest.
const MAX_ZEILE: usize = 1024;
/// So lange wartet der Server auf die Begrüßung, dann gibt er auf. Ohne diese
/// Grenze würde ein Client, der verschwindet, den Server für immer blockieren.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);
/// Die Bestätigung, die jeder Client bekommt.
const BESTAETIGUNG: &str = "Verbindung hergestellt!";

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
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());

    // ANCHOR: binden
    // bind() reserviert Adresse und Port beim Betriebssystem, listen() macht
    // daraus einen Server-Socket. `TcpListener::bind` erledigt beides.
    let listener = TcpListener::bind(&adresse).map_err(|e| bind_fehler(e, &adresse))?;
    // Die erste Zeile nennt die tatsächlich gebundene Adresse. Bei Port 0
    // sucht das Betriebssystem einen freien Port aus.
    println!("Server lauscht auf {}", listener.local_addr()?);
    // ANCHOR_END: binden

    // ANCHOR: annehmen
    println!("Warte auf einen Client …");
    // accept() blockiert, bis ein Client sich verbindet. Es liefert einen
    // *neuen* Socket nur für diesen Client und dessen Adresse.
    let (verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    println!("Verbunden mit {client}");
    // ANCHOR_END: annehmen

    bediene(verbindung)?;
    // Am Ende von run() werden `listener` und alle Sockets per Drop geschlossen;
    // der Port ist danach wieder frei.
    Ok(())
}

// ANCHOR: bedienen
fn bediene(verbindung: TcpStream) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let mut leser = BufReader::new(&verbindung);

    // TCP überträgt einen Bytestrom ohne Nachrichtengrenzen. Unsere Grenze ist
    // das Zeilenende `\n`. `take` begrenzt, wie viel wir höchstens lesen.
    let mut zeile = Vec::new();
    let gelesen = (&mut leser)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut zeile);
    match gelesen {
        Ok(0) => {
            println!("Der Client hat die Verbindung ohne Nachricht beendet.");
            return Ok(());
        }
        // Ein Lese-Timeout meldet Unix als WouldBlock, Windows als TimedOut.
        Err(e) if ist_timeout(&e) => {
            let sekunden = LESE_TIMEOUT.as_secs();
            if zeile.is_empty() {
                println!("Der Client hat {sekunden} Sekunden lang nichts geschickt. Ich gebe auf.");
            } else {
                let teil = String::from_utf8_lossy(&zeile);
                println!("Nach {sekunden} Sekunden noch kein Zeilenende. Angekommen: {teil:?}");
            }
            return Ok(());
        }
        Err(e) => return Err(e).context("Lesen vom Client ist gescheitert"),
        Ok(_) => {}
    }

    if !zeile.ends_with(b"\n") {
        // Entweder zu lang, oder der Client hat vor dem Zeilenende aufgelegt.
        // Was ankam, zeigen wir trotzdem: nichts geht verloren.
        let teil = String::from_utf8_lossy(&zeile);
        if zeile.len() > MAX_ZEILE {
            println!("Die Nachricht ist länger als {MAX_ZEILE} Bytes und wird abgelehnt.");
            (&verbindung)
                .write_all(format!("Fehler: höchstens {MAX_ZEILE} Bytes pro Zeile\n").as_bytes())
                .context("Senden der Fehlermeldung ist gescheitert")?;
        } else {
            println!("Der Client hat mitten in der Zeile aufgelegt. Angekommen: {teil:?}");
        }
        return Ok(());
    }

    // Ungültiges UTF-8 führt nicht zum Absturz: `from_utf8_lossy` ersetzt
    // kaputte Bytes durch �.
    let text = String::from_utf8_lossy(&zeile);
    println!("Nachricht vom Client: {}", text.trim_end());

    (&verbindung)
        .write_all(format!("{BESTAETIGUNG}\n").as_bytes())
        .context("Senden der Bestätigung ist gescheitert")?;
    println!("Bestätigung gesendet, Verbindung wird geschlossen.");
    Ok(())
}
// ANCHOR_END: bedienen

fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Übersetzt die häufigsten Fehler von bind() in einen Rat.
fn bind_fehler(e: io::Error, adresse: &str) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::AddrNotAvailable => "Diese IP-Adresse gehört nicht zu diesem Rechner.",
        io::ErrorKind::PermissionDenied => {
            "Ports unter 1024 darf unter Linux nur ein Administrator binden."
        }
        _ => "Prüfe die Adresse, etwa 127.0.0.1:12345.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

//! UDP-Server, Schritt 2: fremde Bytes sicher anzeigen. Wie Schritt 1, aber
//! ein Datagramm kann den Server nicht mehr beenden und keine falsche Zeile
//! ins Protokoll schreiben:
//!
//! - ungültiges UTF-8 erscheint als `�` (`String::from_utf8_lossy`),
//! - Steuerzeichen erscheinen als sichtbare Escape-Folge (`\n`, `\u{1b}`),
//! - der Absender steht mit Port da, denn viele Clients teilen sich eine IP,
//! - ein Empfangsfehler, der nur ein Datagramm betrifft, wird übersprungen.
//!
//! Noch fehlt: Ein Datagramm über 1024 Bytes wird stillschweigend
//! abgeschnitten. Das behebt `udp_server`, der letzte Schritt.
//!
//! Terminal 1: cargo run --example udp_server_schritt2
//! Terminal 2: python3 python/original/udp_client.py
//!             (oder cargo run --example udp_client)

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Loopback: Nur Programme auf diesem Rechner erreichen den Server.
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
const AUFRUF: &str = "Aufruf: udp_server_schritt2 [IP:PORT]   (Standard: 127.0.0.1:50000)";

fn main() -> ExitCode {
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    if text == "--help" || text == "-h" {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let Ok(adresse) = text.parse::<SocketAddr>() else {
        eprintln!("Fehler: Die Adresse {text:?} hat nicht die Form IP:PORT.\n{AUFRUF}");
        return ExitCode::from(2);
    };
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let socket = UdpSocket::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft schon ein Server dort?"))?;
    zeile!("UDP-Server empfängt auf {}", socket.local_addr()?);
    // ANCHOR: empfangen
    let mut puffer = [0u8; 1024];
    loop {
        let (n, absender) = match socket.recv_from(&mut puffer) {
            Ok(ergebnis) => ergebnis,
            // Betrifft nur ein Datagramm (Windows meldet hier etwa ein ICMP
            // „Port nicht erreichbar“ als ConnectionReset): weiter empfangen.
            Err(e) if voruebergehend(&e) => continue,
            Err(e) => return Err(e).context("recv_from() ist gescheitert"),
        };
        // Kaputtes UTF-8 wird zu �, statt den Server zu beenden.
        let text = String::from_utf8_lossy(&puffer[..n]);
        zeile!("[{absender}] {}", sichtbar(&text));
    }
    // ANCHOR_END: empfangen
}

// ANCHOR: sichtbar
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
// ANCHOR_END: sichtbar

fn voruebergehend(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

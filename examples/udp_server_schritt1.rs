//! UDP-Server, Schritt 1: der Zwilling des Python-Originals. Er empfängt
//! Datagramme von höchstens 1024 Bytes und zeigt jedes als `[IP] text`, genau
//! wie `python/original/udp_server.py`. Er antwortet nie.
//!
//! Absichtlich so einfach wie das Python-Original; die robuste Fassung ist
//! `udp_server`, der Weg dorthin führt über `udp_server_schritt2`.
//!
//! Benutzt `UdpSocket::bind`, `UdpSocket::recv_from` und `std::str::from_utf8`.
//!
//! Terminal 1: cargo run --example udp_server_schritt1
//! Terminal 2: python3 python/original/udp_client.py
//!             (oder cargo run --example udp_client)

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Loopback: Nur Programme auf diesem Rechner erreichen den Server.
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
const AUFRUF: &str = "Aufruf: udp_server_schritt1 [IP:PORT]   (Standard: 127.0.0.1:50000)";

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

// ANCHOR: server
fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let socket = UdpSocket::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft schon ein Server dort?"))?;
    zeile!("UDP-Server empfängt auf {}", socket.local_addr()?);
    let mut puffer = [0u8; 1024];
    loop {
        // Ein Aufruf liefert genau ein Datagramm, wie recvfrom(1024).
        let (n, absender) = socket
            .recv_from(&mut puffer)
            .context("recv_from() ist gescheitert")?;
        // Wie daten.decode() in Python: Ungültiges UTF-8 beendet den Server.
        let Ok(text) = std::str::from_utf8(&puffer[..n]) else {
            anyhow::bail!("Das Datagramm von {absender} ist kein gültiges UTF-8");
        };
        zeile!("[{}] {text}", absender.ip());
    }
}
// ANCHOR_END: server

//! Zwilling des Python-Servers aus der Vorlage (`python/original/hello_server.py`):
//! lauscht mit `listen(1)`, nimmt genau einen Client an, schickt
//! „Verbindung hergestellt!“ ohne Zeilenende und schließt. Was der Client
//! schickt, liest er nie.
//!
//! Absichtlich so einfach wie das Python-Original; die robuste Fassung ist
//! `hello_server`, die Schritte dorthin `hello_server_schritt1` und `…2`.
//!
//! Benutzt socket2 (`Socket::new`, `bind`, `listen(1)`), `accept`, `write_all`.
//!
//! Terminal 1: cargo run --example original_hello_server
//! Terminal 2: cargo run --example original_hello_client
//!         oder python3 python/original/hello_client.py

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Port 12345 wie in der Vorlage, aber nur über Loopback erreichbar.
const STANDARD_ADRESSE: &str = "127.0.0.1:12345";
const AUFRUF: &str = "Aufruf: original_hello_server [IP:PORT]   (Standard: 127.0.0.1:12345)";

fn main() -> ExitCode {
    let argument = std::env::args().nth(1);
    if matches!(argument.as_deref(), Some("--help" | "-h")) {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let text = argument.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let Ok(adresse) = text.parse::<SocketAddr>() else {
        eprintln!("Fehler: {text:?} ist keine Adresse wie 127.0.0.1:12345.\n{AUFRUF}");
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
    // socket() + bind() + listen(1): std's TcpListener::bind nähme 128 als Backlog.
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket
        .bind(&adresse.into())
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    socket.listen(1)?;
    let listener: TcpListener = socket.into();
    zeile!("Server lauscht auf {}", listener.local_addr()?);

    let (mut verbindung, client) = listener.accept()?;
    zeile!("Verbunden mit {client}");
    verbindung.write_all("Verbindung hergestellt!".as_bytes())?; // ohne Zeilenende
    Ok(()) // Drop schließt Verbindung und Server-Socket
}
// ANCHOR_END: server

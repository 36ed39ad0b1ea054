//! Erste Verbindung, Schritt 1 auf dem Weg zu `hello_server`: Der Server liest
//! die Begrüßung, bevor er antwortet und schließt.
//!
//! Der Zwilling `original_hello_server` liest nie. Schließt er die Verbindung,
//! während die Begrüßung ungelesen im Empfangspuffer liegt, schickt das
//! Betriebssystem ein RST statt eines FIN, und der Client sieht einen Reset.
//! Neu ist nur ein einziges `read` von höchstens 1024 Bytes, wie `recv(1024)`.
//! Die Bestätigung geht weiter ohne Zeilenende: Das Protokoll der Vorlage bleibt.
//!
//! Benutzt `TcpListener::bind`, `accept`, `Read::read`, `write_all`.
//!
//! Terminal 1: cargo run --example hello_server_schritt1
//! Terminal 2: cargo run --example original_hello_client
//!         oder cargo run --example hello_client

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Port 12345 wie in der Vorlage, nur über Loopback erreichbar.
const STANDARD_ADRESSE: &str = "127.0.0.1:12345";
const AUFRUF: &str = "Aufruf: hello_server_schritt1 [IP:PORT]   (Standard: 127.0.0.1:12345)";

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

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    // Ab hier bindet std den Socket: TcpListener::bind ruft socket(), bind()
    // und listen(128). Für einen einzigen Client ändert der größere Backlog nichts.
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);

    let (mut verbindung, client) = listener.accept()?;
    zeile!("Verbunden mit {client}");

    // ANCHOR: lesen
    // Neu: erst lesen, dann antworten. Ein read liefert, was gerade da ist,
    // höchstens 1024 Bytes – bei einer kurzen Begrüßung auf Loopback meist alles.
    let mut puffer = [0u8; 1024];
    let n = verbindung.read(&mut puffer)?;
    zeile!(
        "Nachricht vom Client: {}",
        String::from_utf8_lossy(&puffer[..n])
    );
    // ANCHOR_END: lesen

    verbindung.write_all("Verbindung hergestellt!".as_bytes())?; // ohne Zeilenende
    Ok(()) // Drop schließt; der Empfangspuffer ist leer, also geht ein FIN hinaus
}

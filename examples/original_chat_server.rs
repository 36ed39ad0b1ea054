//! TCP-Chat, Zwilling des Python-Originals (Server). Absichtlich so einfach
//! wie das Python-Original; die robuste Fassung ist `chat_server`.
//!
//! Wie im Original gilt ein `read` von bis zu 1024 Bytes als eine Nachricht,
//! und die Antwort, die du an der Eingabeaufforderung ` -> ` tippst, geht ohne
//! Zeilenende hinaus. Liest der Server 0 Bytes, hat der Client geschlossen.
//! Benutzt `TcpListener::bind`, `accept`, `Read::read` und `write_all`.
//!
//! Terminal 1: cargo run --example original_chat_server
//! Terminal 2: cargo run --example original_chat_client
//!             (oder python3 python/original/chat_client.py)

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:5000";
const AUFRUF: &str = "Aufruf: original_chat_server [ADRESSE]   (Standard: 127.0.0.1:5000)";

fn main() -> ExitCode {
    let adresse = std::env::args().nth(1);
    let adresse = adresse.as_deref().unwrap_or(STANDARD_ADRESSE);
    if adresse == "--help" || adresse == "-h" {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Nur die Form HOST:PORT prüfen; den Namen löst erst das Betriebssystem auf.
    let form = adresse.rsplit_once(':');
    if !form.is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok()) {
        eprintln!("Fehler: {adresse:?} ist keine Adresse der Form HOST:PORT.\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: zwilling
fn run(adresse: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let (mut verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    zeile!("Verbindung von {client}");

    let mut puffer = [0u8; 1024];
    loop {
        // Was gerade da ist, höchstens 1024 Bytes: Das Original hält es für
        // genau eine Nachricht.
        let n = verbindung
            .read(&mut puffer)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            break; // Der Client hat geschlossen.
        }
        // Wie `.decode()` in Python: Ungültiges UTF-8 beendet das Programm.
        let text = std::str::from_utf8(&puffer[..n])
            .map_err(|e| anyhow!("Kein gültiges UTF-8 ab Byte {}", e.valid_up_to()))?;
        zeile!("Vom Client empfangen: {text}");

        ausgabe!(" -> ");
        let mut antwort = String::new();
        if io::stdin().read_line(&mut antwort)? == 0 {
            break; // Strg+D: keine Eingabe mehr
        }
        // Ohne Zeilenende senden, wie `conn.send(data.encode())`.
        let antwort = antwort.trim_end_matches(['\r', '\n']);
        verbindung
            .write_all(antwort.as_bytes())
            .context("Senden ist gescheitert")?;
    }
    Ok(())
}
// ANCHOR_END: zwilling

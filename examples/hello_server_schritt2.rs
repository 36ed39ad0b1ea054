//! Erste Verbindung, Schritt 2 auf dem Weg zu `hello_server`: Nachrichten
//! enden mit `\n`, ihre Länge ist begrenzt, und das Warten auch.
//!
//! Schritt 1 liest ein einziges Mal. Kommt die Begrüßung in Stücken an (etwa
//! durch den Störsender), sieht er nur das erste Stück. Jetzt sammelt
//! `read_until` bis zum Zeilenende, `take` begrenzt die Zeile auf 1024 Bytes,
//! und ein Lese-Timeout beendet das Warten auf einen Client, der schweigt.
//! Die Bestätigung endet jetzt ebenfalls mit `\n`: Das ist ein neues Protokoll,
//! der Client der Vorlage (ohne `\n`) versteht es nicht mehr.
//!
//! Benutzt `BufRead::read_until`, `Read::take`, `set_read_timeout`, `write_all`.
//!
//! Terminal 1: cargo run --example hello_server_schritt2
//! Terminal 2: cargo run --example hello_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Port 12345 wie in der Vorlage, nur über Loopback erreichbar.
const STANDARD_ADRESSE: &str = "127.0.0.1:12345";
const AUFRUF: &str = "Aufruf: hello_server_schritt2 [IP:PORT]   (Standard: 127.0.0.1:12345)";
/// Längere Begrüßungen lehnt der Server ab: so viel, wie `recv(1024)` liest.
const MAX_ZEILE: usize = 1024;
/// So lange wartet der Server auf das Zeilenende, dann gibt er auf.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);

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
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let (verbindung, client) = listener.accept()?;
    zeile!("Verbunden mit {client}");
    bediene(&verbindung)
}

// ANCHOR: rahmen
fn bediene(verbindung: &TcpStream) -> anyhow::Result<()> {
    // Neu: Ein Client, der schweigt, hält den Server nicht ewig fest.
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    // Neu: Bytes sammeln bis zum `\n`, aber höchstens MAX_ZEILE + 1 Stück.
    let mut zeile = Vec::new();
    let gelesen = BufReader::new(verbindung)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut zeile);
    match gelesen {
        Ok(_) if zeile.ends_with(b"\n") => {}
        Ok(_) if zeile.len() > MAX_ZEILE => {
            zeile!("Die Nachricht ist länger als {MAX_ZEILE} Bytes und wird abgelehnt.");
            let fehler = format!("Fehler: höchstens {MAX_ZEILE} Bytes pro Zeile\n");
            (&*verbindung).write_all(fehler.as_bytes())?;
            return Ok(()); // Drop schließt, auch wenn noch Bytes ungelesen sind
        }
        Ok(_) => {
            let teil = String::from_utf8_lossy(&zeile);
            zeile!("Der Client hat vor dem Zeilenende aufgelegt. Angekommen: {teil:?}");
            return Ok(());
        }
        // Ein Lese-Timeout meldet Unix als WouldBlock, Windows als TimedOut.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            zeile!(
                "Kein Zeilenende nach {} Sekunden. Ich gebe auf.",
                LESE_TIMEOUT.as_secs()
            );
            return Ok(());
        }
        Err(e) => return Err(e).context("Lesen vom Client ist gescheitert"),
    }
    let text = String::from_utf8_lossy(&zeile);
    zeile!("Nachricht vom Client: {}", text.trim_end());
    // Neu: Auch die Antwort endet mit `\n`, damit der Client weiß, wo sie aufhört.
    (&*verbindung).write_all(b"Verbindung hergestellt!\n")?;
    Ok(())
}
// ANCHOR_END: rahmen

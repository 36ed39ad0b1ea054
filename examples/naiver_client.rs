//! SO NICHT! Gegenbeispiel: ein Chat-Client, der annimmt, ein read() liefere
//! genau eine Antwort des Servers. Auf Loopback scheint das zu stimmen, weil
//! die Antwort dort fast immer am Stück ankommt. Hinter dem Störsender, der den
//! Bytestrom in Stückchen zerlegt, zerfallen die Antworten, und jede Antwort
//! erscheint bei der falschen Frage. Den richtigen Weg zeigt `chat_client`:
//! lesen, bis das Zeilenende da ist (`read_until`).
//!
//! Terminal 1: cargo run --example chat_server
//! Terminal 2: cargo run --example stoerer -- tcp --stueckchen 1 --pause 200ms
//! Terminal 3: cargo run --example naiver_client
//!
//! Standardziel ist der Störsender auf Port 6100; ohne ihn
//! (`cargo run --example naiver_client -- localhost:5000`) scheint alles zu gehen.

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Der Störsender aus dem Kapitel „Der Störsender“.
const STANDARD_ADRESSE: &str = "localhost:6100";

const AUFRUF: &str = "Aufruf: cargo run --example naiver_client [-- ADRESSE]

Gegenbeispiel: ein Chat-Client, der jedes read() für eine ganze Antwort hält.
ADRESSE ist HOST:PORT, Standard localhost:6100 (der Störsender).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let adresse = match args.as_slice() {
        [] => STANDARD_ADRESSE,
        [adresse]
            if adresse
                .rsplit_once(':')
                .is_some_and(|(_, p)| p.parse::<u16>().is_ok()) =>
        {
            adresse
        }
        [falsch, ..] => {
            let meldung = match args.len() {
                1 => format!("Die ADRESSE {falsch:?} hat keinen gültigen Port (0 bis 65535)"),
                n => format!("Zu viele Argumente ({n}): erwartet wird höchstens eine ADRESSE"),
            };
            eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: &str) -> anyhow::Result<()> {
    let mut verbindung = TcpStream::connect(adresse).with_context(|| {
        format!(
            "Keine Verbindung zu {adresse}. Starte zuerst chat_server und \
             `cargo run --example stoerer -- tcp`"
        )
    })?;
    zeile!(
        "Verbunden mit {} (naiver Client: So nicht!)",
        verbindung.peer_addr()?
    );

    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("-> ");
        let mut nachricht = String::new();
        if tastatur.read_line(&mut nachricht)? == 0 || nachricht.trim_end() == "bye" {
            break;
        }
        verbindung
            .write_all(format!("{}\n", nachricht.trim_end()).as_bytes())
            .context("Senden ist gescheitert")?;

        // ANCHOR: falsch
        // FALSCH: Ein read() liefert, was gerade im Empfangspuffer liegt –
        // ein Byte, eine halbe Zeile oder zwei Zeilen. TCP kennt keine
        // Nachrichtengrenzen; dieser Code tut so, als gäbe es welche.
        let mut puffer = [0u8; 1024];
        let n = verbindung
            .read(&mut puffer)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            zeile!("Der Server hat den Chat beendet.");
            return Ok(());
        }
        zeile!(
            "Server: {}",
            String::from_utf8_lossy(&puffer[..n]).trim_end()
        );
        // ANCHOR_END: falsch
    }
    zeile!("Chat beendet.");
    Ok(())
}

//! TCP-Chat, Client: verbindet sich mit `chat_server`. Abwechselnd schreibst
//! du eine Zeile und wartest auf die Antwort des Servers. „bye“ beendet den Chat.
//!
//! Benutzt `TcpStream::connect`, `write_all` und `BufRead::read_until`.
//!
//! Terminal 1: cargo run --example chat_server
//! Terminal 2: cargo run --example chat_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "localhost:5000";
/// Längste Zeile, die wir senden oder annehmen.
const MAX_ZEILE: usize = 1024;
/// Mit diesem Wort beendest du den Chat.
const ENDE: &str = "bye";

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

    // ANCHOR: verbinden
    let verbindung = match TcpStream::connect(&adresse) {
        Ok(verbindung) => verbindung,
        // Kein Server lauscht auf dem Port: Das Betriebssystem des Ziels lehnt
        // den Verbindungsaufbau sofort ab.
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            return Err(e).with_context(|| {
                format!(
                    "Keine Verbindung zu {adresse}: Dort lauscht kein Server. \
                     Starte ihn zuerst in Terminal 1 mit `cargo run --example chat_server`"
                )
            });
        }
        Err(e) => return Err(e).with_context(|| format!("Keine Verbindung zu {adresse}")),
    };
    println!(
        "Verbunden mit {}. Tippe eine Nachricht, „{ENDE}“ beendet den Chat.",
        verbindung.peer_addr()?
    );
    // ANCHOR_END: verbinden

    // ANCHOR: chatten
    let mut vom_server = BufReader::new(&verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        print!("-> ");
        io::stdout().flush()?;
        let mut nachricht = String::new();
        if tastatur.read_line(&mut nachricht)? == 0 {
            println!();
            break; // Strg+D (Windows: Strg+Z): keine Eingabe mehr
        }
        let nachricht = nachricht.trim_end();
        if nachricht == ENDE {
            break;
        }
        if nachricht.len() > MAX_ZEILE {
            println!("Zu lang: höchstens {MAX_ZEILE} Bytes pro Nachricht. Nicht gesendet.");
            continue;
        }
        // Das `\n` ist unsere Nachrichtengrenze im Bytestrom.
        (&verbindung)
            .write_all(format!("{nachricht}\n").as_bytes())
            .context("Senden ist gescheitert: Der Server ist nicht mehr erreichbar")?;

        let mut antwort = Vec::new();
        let n = (&mut vom_server)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut antwort)
            .context("Lesen ist gescheitert: Die Verbindung ist abgerissen")?;
        if n == 0 {
            println!("Der Server hat den Chat beendet.");
            return Ok(());
        }
        // Ungültiges UTF-8 erscheint als �, statt das Programm abzubrechen.
        println!("Server: {}", String::from_utf8_lossy(&antwort).trim_end());
    }
    // Drop schließt die Verbindung; der Server liest danach 0 Bytes.
    println!("Chat beendet.");
    Ok(())
    // ANCHOR_END: chatten
}

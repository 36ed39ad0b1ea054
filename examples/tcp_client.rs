//! TCP-Client für `tcp_server`: schickt jede getippte Zeile als Nachricht
//! und zeigt die Antwort des Servers als `[SERVERADRESSE] text`.
//! Strg+D (Windows: Strg+Z) beendet den Client; der Server bedient dann den
//! nächsten.
//!
//! Benutzt `ToSocketAddrs`, `TcpStream::connect`, `write_all` und
//! `BufRead::read_until` mit Längengrenze.
//!
//! Terminal 1: cargo run --example tcp_server
//! Terminal 2: cargo run --example tcp_client
//! Terminal 3 (ein zweiter Client, er wartet, bis der erste fertig ist):
//!             cargo run --example tcp_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir senden oder annehmen.
const MAX_ZEILE: usize = 1024;

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
    let ziel = std::env::args()
        .nth(1)
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());

    // ANCHOR: verbinden
    // Erst den Namen auflösen, dann verbinden: So sagt die Fehlermeldung
    // genau, welcher der beiden Schritte gescheitert ist.
    let adressen: Vec<SocketAddr> = ziel
        .to_socket_addrs()
        .with_context(|| {
            format!(
                "Kann {ziel:?} nicht auflösen. Prüfe die Schreibweise, oder nimm eine \
                 IP-Adresse wie {STANDARD_ADRESSE}"
            )
        })?
        .collect();
    // connect() probiert jede Adresse, bis eine klappt (Drei-Wege-Handschlag: SYN, SYN-ACK, ACK).
    let verbindung = TcpStream::connect(&adressen[..]).map_err(|e| {
        let rat = if e.kind() == io::ErrorKind::ConnectionRefused {
            "Dort lauscht kein Server. Starte ihn zuerst in Terminal 1 mit \
             `cargo run --example tcp_server`"
        } else {
            "Prüfe Adresse und Port"
        };
        anyhow::Error::new(e).context(format!("Keine Verbindung zu {ziel}: {rat}"))
    })?;
    let server = verbindung.peer_addr()?;
    println!("Verbunden mit {server}. Strg+D beendet.");
    // ANCHOR_END: verbinden

    // ANCHOR: gespraech
    let mut vom_server = BufReader::new(&verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        print!("Nachricht: ");
        io::stdout().flush()?;
        let mut nachricht = Vec::new();
        if tastatur.read_until(b'\n', &mut nachricht)? == 0 {
            println!();
            break; // keine Eingabe mehr
        }
        while nachricht.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            nachricht.pop();
        }
        if nachricht.len() > MAX_ZEILE {
            println!("Zu lang: höchstens {MAX_ZEILE} Bytes pro Nachricht. Nicht gesendet.");
            continue;
        }
        // Das `\n` ist die Nachrichtengrenze im Bytestrom.
        nachricht.push(b'\n');
        (&verbindung)
            .write_all(&nachricht)
            .context("Senden ist gescheitert: Der Server ist nicht mehr erreichbar")?;

        // Blockiert, bis der Server antwortet. Bedient er gerade einen anderen
        // Client, wartet unsere Nachricht so lange im Empfangspuffer.
        let mut antwort = Vec::new();
        let n = (&mut vom_server)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut antwort)
            .context("Lesen ist gescheitert: Die Verbindung ist abgerissen")?;
        if n == 0 {
            println!("Der Server hat die Verbindung beendet.");
            return Ok(());
        }
        println!(
            "[{server}] {}",
            String::from_utf8_lossy(&antwort).trim_end()
        );
    }
    // Drop schließt die Verbindung; der Server liest danach 0 Bytes.
    println!("Verbindung beendet.");
    Ok(())
    // ANCHOR_END: gespraech
}

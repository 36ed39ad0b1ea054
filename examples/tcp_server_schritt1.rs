//! Schritt 1 vom Zwilling `original_tcp_server` zu `tcp_server`: Eine
//! Nachricht ist eine Zeile. Statt eines einzelnen `read` liest der Server bis
//! zum `\n`, höchstens 1024 Bytes, und hängt an jede Antwort ein `\n` an. So
//! kommt eine zerteilte Nachricht ganz an, und zwei Nachrichten in einem
//! Stück bleiben zwei. Sonst noch so naiv wie der Zwilling: Jeder Fehler eines
//! Clients beendet den ganzen Server (das behebt `tcp_server_schritt2`).
//!
//! Benutzt `BufReader`, `Read::take` und `BufRead::read_until`.
//!
//! Terminal 1: cargo run --example tcp_server_schritt1
//! Terminal 2: cargo run --example tcp_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir annehmen – so viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
const AUFRUF: &str = "Aufruf: tcp_server_schritt1 [IP:PORT]   (Standard: 127.0.0.1:50000)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Falsches Argument: Meldung und Aufruf auf stderr, Exit-Code 2.
fn falsches_argument(meldung: String) -> ! {
    eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
    std::process::exit(2)
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args().nth(1);
    if matches!(adresse.as_deref(), Some("--help" | "-h")) {
        zeile!("{AUFRUF}");
        return Ok(());
    }
    let adresse = adresse.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    if adresse.to_socket_addrs().is_err() {
        falsches_argument(format!(
            "Adresse {adresse:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"
        ));
    }
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("TCP-Server lauscht auf {}", listener.local_addr()?);
    let mut tastatur = io::stdin().lock();
    loop {
        zeile!("Warte auf einen Client …");
        let (verbindung, client) = listener.accept()?;
        zeile!("Client {client} ist verbunden.");
        // ANCHOR: zeilen
        let mut vom_client = BufReader::new(&verbindung);
        loop {
            let mut zeile = Vec::new();
            // Bis zum `\n`, egal in wie vielen Stücken es kommt; höchstens
            // MAX_ZEILE + 1 Bytes, damit ein Client ohne `\n` den Speicher
            // nicht füllt. Was hinter dem `\n` schon da ist, bleibt im
            // BufReader für die nächste Runde.
            let n = (&mut vom_client)
                .take(MAX_ZEILE as u64 + 1)
                .read_until(b'\n', &mut zeile)?;
            if n == 0 {
                zeile!("Client {client} hat die Verbindung beendet.");
                break;
            }
            if !zeile.ends_with(b"\n") {
                // Zu lang, oder der Client hat mitten in der Zeile aufgelegt.
                let meldung = "Fehler: Zeile länger als 1024 Bytes oder ohne Zeilenende.\n";
                let _ = (&verbindung).write_all(meldung.as_bytes());
                zeile!("Client {client}: {}", meldung.trim_end());
                break;
            }
            let text = std::str::from_utf8(&zeile).context("Kein gültiges UTF-8")?;
            zeile!("[{client}] {}", text.trim_end());
            ausgabe!("Antwort: ");
            let mut antwort = String::new();
            tastatur.read_line(&mut antwort)?;
            let antwort = format!("{}\n", antwort.trim_end()); // das `\n` beendet die Nachricht
            (&verbindung).write_all(antwort.as_bytes())?;
        }
        // ANCHOR_END: zeilen
    }
}

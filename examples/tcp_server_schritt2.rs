//! Schritt 2 vom Zwilling `original_tcp_server` zu `tcp_server`: Ein Fehler
//! eines Clients beendet nur seine Verbindung, nie den Server. Das Gespräch
//! steht in `bediene()`; dort beendet `?` nur dieses Gespräch, die Schleife
//! meldet den Fehler mit der Adresse des Clients und holt den nächsten.
//! Ungültiges UTF-8 ist gar kein Fehler mehr: es erscheint als �.
//! Noch fehlt eine Frist: Ein Client, der nichts schickt, hält alle anderen
//! auf (das behebt `tcp_server_schritt3`).
//!
//! Benutzt `String::from_utf8_lossy` und ein `match` auf das Ergebnis.
//!
//! Terminal 1: cargo run --example tcp_server_schritt2
//! Terminal 2: cargo run --example tcp_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir annehmen – so viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
const AUFRUF: &str = "Aufruf: tcp_server_schritt2 [IP:PORT]   (Standard: 127.0.0.1:50000)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Wie das Gespräch mit einem Client endete.
enum Ende {
    ClientGegangen, // Der Client hat geschlossen: weiter mit dem nächsten.
    EingabeBeendet, // Strg+D im Server-Terminal: Der Server hört auf.
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
    // ANCHOR: schleife
    let mut tastatur = io::stdin().lock();
    loop {
        zeile!("Warte auf einen Client …");
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa ECONNABORTED: Der Client ging, bevor wir ihn abholten.
                zeile!("accept() ist gescheitert: {e}. Weiter mit dem nächsten.");
                continue;
            }
        };
        zeile!("Client {client} ist verbunden.");
        // Was auch immer dieser Client anstellt: Sein Fehler beendet nur
        // seine Verbindung. Ein `?` hier würde den ganzen Server beenden.
        match bediene(&verbindung, client, &mut tastatur) {
            Ok(Ende::ClientGegangen) => zeile!("Client {client} hat die Verbindung beendet."),
            Ok(Ende::EingabeBeendet) => {
                zeile!("Eingabe beendet, der Server hört auf.");
                return Ok(());
            }
            Err(e) => zeile!("Fehler mit Client {client}: {e:#}"),
        }
        // Hier fällt `verbindung` weg: close() für diesen Client.
    }
    // ANCHOR_END: schleife
}

// ANCHOR: bedienen
fn bediene(
    verbindung: &TcpStream,
    client: SocketAddr,
    tastatur: &mut impl BufRead,
) -> anyhow::Result<Ende> {
    let mut vom_client = BufReader::new(verbindung);
    loop {
        let mut zeile = Vec::new();
        let n = (&mut vom_client)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            return Ok(Ende::ClientGegangen); // 0 Bytes: Der Client hat geschlossen.
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                let meldung = "Fehler: Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n";
                let _ = (&*verbindung).write_all(meldung.as_bytes());
                bail!("Zeile länger als {MAX_ZEILE} Bytes, Verbindung wird getrennt.");
            }
            let teil = String::from_utf8_lossy(&zeile);
            bail!("Der Client hat mitten in einer Zeile aufgelegt. Angekommen: {teil:?}");
        }
        // Ungültiges UTF-8 erscheint als �, statt den Server abzubrechen.
        zeile!("[{client}] {}", String::from_utf8_lossy(&zeile).trim_end());

        ausgabe!("Antwort: ");
        let mut antwort = String::new();
        if tastatur.read_line(&mut antwort)? == 0 {
            return Ok(Ende::EingabeBeendet);
        }
        (&*verbindung)
            .write_all(format!("{}\n", antwort.trim_end()).as_bytes())
            .with_context(|| format!("Senden an {client} ist gescheitert"))?;
    }
}
// ANCHOR_END: bedienen

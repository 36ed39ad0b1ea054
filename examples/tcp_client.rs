//! TCP-Client für `tcp_server`: schickt jede getippte Zeile als Nachricht
//! und zeigt die Antwort des Servers als `[SERVERADRESSE] text`.
//! Strg+D (Windows: Strg+Z) beendet den Client; der Server bedient dann den
//! nächsten.
//!
//! Benutzt `ToSocketAddrs`, `TcpStream::connect`, `write_all` und
//! `BufRead::read_until` mit Längengrenze. Die robuste Fassung des Zwillings
//! `original_tcp_client`: Jede Nachricht endet mit `\n`, die Antwort wird bis
//! zum Zeilenende gelesen, und was vor einem Fehler ankam, wird gezeigt.
//!
//! Terminal 1: cargo run --example tcp_server
//! Terminal 2: cargo run --example tcp_client
//! Terminal 3 (ein zweiter Client, er wartet, bis der erste fertig ist):
//!             cargo run --example tcp_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
const AUFRUF: &str = "Aufruf: cargo run --example tcp_client -- [ADRESSE:PORT]
ADRESSE:PORT  der tcp_server, Standard 127.0.0.1:50000";
/// Längste Zeile, die wir senden oder annehmen.
const MAX_ZEILE: usize = 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    if args.len() > 1 || args.iter().any(|a| a.starts_with('-')) {
        eprintln!(
            "Fehler: Unerwartetes Argument {:?}\n\n{AUFRUF}",
            args[args.len() - 1]
        );
        return ExitCode::from(2);
    }
    let ziel = args.into_iter().next();
    match run(ziel.unwrap_or_else(|| STANDARD_ADRESSE.to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(ziel: String) -> anyhow::Result<()> {
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
    zeile!("Verbunden mit {server}. Strg+D beendet.");
    // ANCHOR_END: verbinden

    // ANCHOR: gespraech
    let mut vom_server = BufReader::new(&verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("Nachricht: ");
        let mut nachricht = Vec::new();
        if tastatur.read_until(b'\n', &mut nachricht)? == 0 {
            zeile!();
            break; // keine Eingabe mehr
        }
        while nachricht.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            nachricht.pop();
        }
        if nachricht.len() > MAX_ZEILE {
            zeile!("Zu lang: höchstens {MAX_ZEILE} Bytes pro Nachricht. Nicht gesendet.");
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
        let gelesen = (&mut vom_server)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut antwort);
        // Was ankam, zeigen wir in jedem Fall, auch vor einem Fehler. Ungültiges
        // UTF-8 erscheint als �, Steuerzeichen als \u{…}.
        let text = sichtbar(String::from_utf8_lossy(&antwort).trim_end_matches(['\n', '\r']));
        match gelesen {
            Ok(0) => {
                zeile!("Der Server hat die Verbindung beendet.");
                return Ok(());
            }
            Ok(_) if antwort.ends_with(b"\n") => zeile!("[{server}] {text}"),
            Ok(_) if antwort.len() > MAX_ZEILE => {
                zeile!("[{server}] {text} …");
                bail!("Die Antwort ist länger als {MAX_ZEILE} Bytes; ich lese nicht weiter.");
            }
            Ok(_) => {
                zeile!("[{server}] {text}");
                zeile!("Der Server hat mitten in der Zeile geschlossen.");
                return Ok(());
            }
            Err(e) => {
                if !antwort.is_empty() {
                    zeile!("Angekommen vor dem Fehler: {text}");
                }
                return Err(e).context("Lesen ist gescheitert: Die Verbindung ist abgerissen");
            }
        }
    }
    // Drop schließt die Verbindung; der Server liest danach 0 Bytes.
    zeile!("Verbindung beendet.");
    Ok(())
    // ANCHOR_END: gespraech
}

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for zeichen in text.chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}
// GLEICH_ENDE: sichtbar

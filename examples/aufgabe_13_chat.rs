//! Aufgabe 13 „Zeilensicherer Chat“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/13-chat.md).
//!
//! Ein Chat für viele Clients: Jede Zeile geht an alle anderen, zu lange
//! Zeilen werden abgelehnt.
//!
//! Terminal 1: cargo run --example aufgabe_13_chat
//! Terminal 2 und 3: nc 127.0.0.1 5113
//! Prüfen:     cargo run --bin pruefen -- 13

use std::collections::HashMap;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::Context;

// GLEICH: zeile_ohne_panik
/// println! ohne Panik: Ist der Leser von stdout fort (`… | head -n 1`), endet
/// das Programm leise. Rust ignoriert SIGPIPE, also liefert write() BrokenPipe.
macro_rules! zeile {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}
// GLEICH_ENDE: zeile_ohne_panik

const STANDARD_ADRESSE: &str = "127.0.0.1:5113";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 256;

/// Alle verbundenen Clients: Adresse → Schreibende der Verbindung.
type Clients = Arc<Mutex<HashMap<SocketAddr, TcpStream>>>;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_13_chat -- [IP:PORT]\nIP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5113",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    ) {
        return ende;
    }
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
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let clients: Clients = Arc::default();
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        let clients = Arc::clone(&clients);
        thread::spawn(move || {
            if let Err(e) = bediene(verbindung, &clients) {
                eprintln!("Ein Client: {e:#}");
            }
        });
    }
    Ok(())
}

/// Schritt 1: eintragen, dann „Willkommen ADRESSE“ schicken.
/// Schritt 2: Zeilen (höchstens MAX_ZEILE Bytes) an alle anderen verteilen.
/// Schritt 3: am Ende (auch bei Fehlern) austragen.
fn bediene(verbindung: TcpStream, clients: &Clients) -> anyhow::Result<()> {
    todo!(
        "{verbindung:?} bedienen ({} Clients, Zeilen bis {MAX_ZEILE} Bytes)",
        clients.lock().map(|c| c.len()).unwrap_or(0)
    )
}

/// `--help` zeigt die Kurzhilfe; ein unbekanntes Argument endet mit einer
/// deutschen Meldung und Exit-Code 2 (schon fertig, du musst nichts tun).
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) -> Option<ExitCode> {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            return Some(ExitCode::SUCCESS);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            return Some(ExitCode::from(2));
        }
    }
    None
}

//! Aufgabe 08 „Ausweichserver“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/08-ausweichserver.md).
//!
//! Versucht die angegebenen Adressen der Reihe nach, jede höchstens 500 ms,
//! und spricht mit dem ersten Server, der antwortet.
//!
//! Terminal 1: cargo run --example loesung_03_echo -- 127.0.0.1:5103
//! Terminal 2: cargo run --example aufgabe_08_ausweichserver -- 127.0.0.1:5999 localhost:5103
//! Prüfen:     cargo run --bin pruefen -- 08

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

/// So lange darf ein Verbindungsversuch dauern.
const VERBINDEN: Duration = Duration::from_millis(500);

const AUFRUF: &str =
    "Aufruf: cargo run --example aufgabe_08_ausweichserver -- HOST:PORT [HOST:PORT …]
HOST:PORT  Kandidaten der Reihe nach, etwa 127.0.0.1:5999 localhost:5103";

fn main() -> ExitCode {
    let kandidaten: Vec<String> = std::env::args().skip(1).collect();
    if kandidaten.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let falsch = match kandidaten.iter().find(|a| a.starts_with('-')) {
        Some(schalter) => Some(format!("Unbekannter Schalter {schalter:?}")),
        None if kandidaten.is_empty() => Some("Nenne mindestens eine Adresse.".to_string()),
        None => None,
    };
    if let Some(grund) = falsch {
        eprintln!("Fehler: {grund}\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(&kandidaten) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(kandidaten: &[String]) -> anyhow::Result<()> {
    let (strom, adresse) = verbinde(kandidaten)?;
    let mut aus = io::stdout();
    writeln!(aus, "Verbunden mit {adresse}")?;
    sprich(strom)
}

/// Schritt 1: Für jeden Kandidaten alle Adressen (to_socket_addrs), vor jedem
/// Versuch „Versuche ADRESSE“, bei Misserfolg „Fehlgeschlagen: ADRESSE (GRUND)“.
/// Scheitern alle: den letzten Fehler samt Adresse zurückgeben. Ausgeben mit
/// `writeln!(io::stdout(), …)?` wie in run, nicht mit println!.
fn verbinde(kandidaten: &[String]) -> anyhow::Result<(TcpStream, SocketAddr)> {
    todo!("{kandidaten:?} der Reihe nach mit connect_timeout({VERBINDEN:?}) versuchen")
}

/// Schritt 2: die Zeile „HALLO“ senden, eine Zeile lesen (mit Lese-Timeout),
/// „Antwort: ZEILE“ ausgeben.
fn sprich(strom: TcpStream) -> anyhow::Result<()> {
    todo!("mit {strom:?} sprechen")
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

//! Musterlösung zu Aufgabe 08 „Ausweichserver“: versucht Adresse um Adresse
//! mit Timeout, wie Pythons `socket.create_connection`, und nimmt die erste,
//! die antwortet.
//!
//! Terminal 1: cargo run --example loesung_03_echo -- 127.0.0.1:5103
//! Terminal 2: cargo run --example loesung_08_ausweichserver -- 127.0.0.1:5999 localhost:5103
//!
//! Prüfen: cargo run --bin pruefen -- 08 --beispiel loesung_08_ausweichserver

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, anyhow};

/// So lange darf ein Verbindungsversuch dauern.
const VERBINDEN: Duration = Duration::from_millis(500);
/// So lange warten wir auf die Antwort.
const LESEN: Duration = Duration::from_secs(2);

const AUFRUF: &str =
    "Aufruf: cargo run --example loesung_08_ausweichserver -- HOST:PORT [HOST:PORT …]
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

// ANCHOR: verbinden
/// Probiert alle Adressen aller Kandidaten der Reihe nach. Gibt den letzten
/// Fehler zurück, wenn keine klappt.
fn verbinde(kandidaten: &[String]) -> anyhow::Result<(TcpStream, SocketAddr)> {
    let mut letzter_fehler = anyhow!("keine Adresse angegeben");
    for kandidat in kandidaten {
        // Ein Name wie „localhost“ kann mehrere Adressen ergeben (::1 und 127.0.0.1).
        let adressen = match kandidat.to_socket_addrs() {
            Ok(a) => a,
            Err(e) => {
                writeln!(io::stdout(), "Fehlgeschlagen: {kandidat} ({e})")?;
                letzter_fehler =
                    anyhow!("{kandidat} lässt sich nicht auflösen ({e}), erwartet HOST:PORT");
                continue;
            }
        };
        for adresse in adressen {
            writeln!(io::stdout(), "Versuche {adresse}")?;
            match TcpStream::connect_timeout(&adresse, VERBINDEN) {
                Ok(strom) => return Ok((strom, adresse)),
                Err(e) => {
                    writeln!(io::stdout(), "Fehlgeschlagen: {adresse} ({e})")?;
                    letzter_fehler = anyhow!(e).context(format!("keine Verbindung zu {adresse}"));
                }
            }
        }
    }
    Err(letzter_fehler.context("Keine Adresse erreichbar. Läuft einer der Server?"))
}
// ANCHOR_END: verbinden

fn run(kandidaten: &[String]) -> anyhow::Result<()> {
    let (strom, adresse) = verbinde(kandidaten)?;
    let mut aus = io::stdout();
    writeln!(aus, "Verbunden mit {adresse}")?;
    (&strom)
        .write_all(b"HALLO\n")
        .context("Senden ist gescheitert")?;
    strom.set_read_timeout(Some(LESEN))?;
    let mut zeile = Vec::new();
    BufReader::new(&strom)
        .take(4096)
        .read_until(b'\n', &mut zeile)
        .context("Keine Antwort vom Server")?;
    // Steuerzeichen des Servers (ESC …) erscheinen sichtbar, nicht roh im Terminal.
    let mut text = String::new();
    for zeichen in String::from_utf8_lossy(&zeile).trim_end().chars() {
        if zeichen.is_control() {
            text.extend(zeichen.escape_default());
        } else {
            text.push(zeichen);
        }
    }
    writeln!(aus, "Antwort: {text}")?;
    Ok(())
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

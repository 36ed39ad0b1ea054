//! Absichtlich falsch (Aufgabe 08): wartet je Adresse 1 s statt 500 ms. Eine
//! stille Adresse fällt so nicht auf, vier hintereinander schon. Der Prüfer
//! meldet „Wartet je Adresse höchstens 500 ms“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, anyhow};

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

/// Der Fehler: 1 s statt 500 ms je Verbindungsversuch.
const VERBINDEN: Duration = Duration::from_secs(1);
/// So lange warten wir auf die Antwort.
const LESEN: Duration = Duration::from_secs(2);

const AUFRUF: &str = "Aufruf: cargo run --example falsch_08_timeout_1s -- HOST:PORT [HOST:PORT …]
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
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Probiert alle Adressen aller Kandidaten der Reihe nach. Gibt den letzten
/// Fehler zurück, wenn keine klappt.
fn verbinde(kandidaten: &[String]) -> anyhow::Result<(TcpStream, SocketAddr)> {
    let mut letzter_fehler = anyhow!("keine Adresse angegeben");
    for kandidat in kandidaten {
        // Ein Name wie „localhost“ kann mehrere Adressen ergeben (::1 und 127.0.0.1).
        let adressen = match kandidat.to_socket_addrs() {
            Ok(a) => a,
            Err(e) => {
                zeile!("Fehlgeschlagen: {kandidat} ({e})");
                letzter_fehler =
                    anyhow!("{kandidat} lässt sich nicht auflösen ({e}), erwartet HOST:PORT");
                continue;
            }
        };
        for adresse in adressen {
            zeile!("Versuche {adresse}");
            match TcpStream::connect_timeout(&adresse, VERBINDEN) {
                Ok(strom) => return Ok((strom, adresse)),
                Err(e) => {
                    zeile!("Fehlgeschlagen: {adresse} ({e})");
                    letzter_fehler = anyhow!(e).context(format!("keine Verbindung zu {adresse}"));
                }
            }
        }
    }
    Err(letzter_fehler.context("Keine Adresse erreichbar. Läuft einer der Server?"))
}

fn run(kandidaten: &[String]) -> anyhow::Result<()> {
    let (strom, adresse) = verbinde(kandidaten)?;
    zeile!("Verbunden mit {adresse}");
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
    zeile!("Antwort: {text}");
    Ok(())
}

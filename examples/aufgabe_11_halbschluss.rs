//! Aufgabe 11 „Zählen bis zum Halbschluss“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/11-halbschluss.md).
//!
//! Der Server liest, bis der Client seine Senderichtung schließt, und
//! antwortet dann `ZEILEN n BYTES m`.
//!
//! Terminal 1: cargo run --example aufgabe_11_halbschluss
//! Terminal 2: printf 'a\nbb\n' | nc -N 127.0.0.1 5111
//! Prüfen:     cargo run --bin pruefen -- 11

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5111";

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_11_halbschluss -- [IP:PORT]\nIP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5111",
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
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = zaehle(v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => {
                // Etwa EMFILE: kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    Ok(())
}

/// Schritt 1: „Verbindung von ADRESSE“ ausgeben (peer_addr).
/// Schritt 2: lesen, bis read() 0 Bytes liefert; Zeilen und Bytes zählen.
/// Schritt 3: „ZEILEN n BYTES m\n“ schicken und schließen.
fn zaehle(verbindung: TcpStream) -> anyhow::Result<()> {
    todo!("von {verbindung:?} bis zum Halbschluss lesen")
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

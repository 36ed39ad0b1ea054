//! Aufgabe 12 „Dateiübertragung mit Längenpräfix“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/12-datei.md).
//!
//! Empfängt Dateien: u16 Namenslänge, Name, u64 Datenlänge, Daten – alle
//! Zahlen in Netzwerk-Byte-Order (Big Endian).
//!
//! Terminal 1: cargo run --example aufgabe_12_datei
//! Prüfen:     cargo run --bin pruefen -- 12

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
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

const STANDARD_ADRESSE: &str = "127.0.0.1:5112";
const STANDARD_ORDNER: &str = "empfangen";
/// Größte Datei, die wir annehmen.
const MAX_DATEI: u64 = 100 * 1024 * 1024;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_12_datei -- [IP:PORT]\nIP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5112",
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
    let ordner =
        PathBuf::from(std::env::var("ZIELORDNER").unwrap_or_else(|_| STANDARD_ORDNER.into()));
    std::fs::create_dir_all(&ordner)
        .with_context(|| format!("Kann {} nicht anlegen", ordner.display()))?;
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = empfange(v, &ordner) {
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

/// Schritt 1: Kopf mit read_exact lesen (u16::from_be_bytes, u64::from_be_bytes).
/// Schritt 2: Name und Länge prüfen; Status 1 oder 2 sofort antworten.
/// Schritt 3: genau die angekündigten Bytes in die Datei kopieren, Status 0.
/// Antwort immer 9 Bytes: Status, dann u64 Big Endian.
fn empfange(verbindung: TcpStream, ordner: &Path) -> anyhow::Result<()> {
    todo!(
        "Datei von {verbindung:?} nach {} (höchstens {MAX_DATEI} Bytes)",
        ordner.display()
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

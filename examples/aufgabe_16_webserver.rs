//! Aufgabe 16 „Mini-Webserver“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/16-webserver.md).
//!
//! Ein HTTP/1.1-Server für eine Seite: 200, 404, 405, 400 und 431.
//!
//! Terminal 1: cargo run --example aufgabe_16_webserver
//! Browser:    http://127.0.0.1:5116/
//! Prüfen:     cargo run --bin pruefen -- 16

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5116";
/// Größter Kopf einer Anfrage.
const MAX_KOPF: usize = 8192;
const EINGEBAUT: &str = "<!DOCTYPE html>\n<html lang=\"de\"><meta charset=\"utf-8\"><title>Hallo</title><h1>Hallo!</h1></html>\n";

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_16_webserver -- [IP:PORT]\nIP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5116",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    ) {
        return ende;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
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
    let seite = match std::env::var("SEITE") {
        Ok(pfad) => {
            std::fs::read(&pfad).with_context(|| format!("Kann die Seite {pfad} nicht lesen"))?
        }
        Err(_) => EINGEBAUT.as_bytes().to_vec(),
    };
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    writeln!(
        std::io::stdout(),
        "Server lauscht auf {}",
        listener.local_addr()?
    )?;
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = bediene(&v, &seite) {
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

/// Schritt 1: Kopf bis zur Leerzeile lesen (höchstens MAX_KOPF Bytes).
/// Schritt 2: Anfragezeile zerlegen und den Status wählen.
/// Schritt 3: Statuszeile, Kopfzeilen, Leerzeile und Inhalt mit write_all.
fn bediene(verbindung: &TcpStream, seite: &[u8]) -> anyhow::Result<()> {
    todo!(
        "{verbindung:?} eine Antwort schicken (Seite: {} Bytes, Kopf bis {MAX_KOPF})",
        seite.len()
    )
}

/// `--help` zeigt die Kurzhilfe; ein unbekanntes Argument endet mit einer
/// deutschen Meldung und Exit-Code 2 (schon fertig, du musst nichts tun).
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) -> Option<ExitCode> {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            println!("{aufruf}");
            return Some(ExitCode::SUCCESS);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            return Some(ExitCode::from(2));
        }
    }
    None
}

/// Schreibt das Programm in eine Pipe, deren Leser schon fort ist?
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|u| {
        u.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

//! Aufgabe 19 „Pipelining gegen Latenz“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/19-pipeline.md).
//!
//! Schickt ANZAHL Anfragen `QUADRAT k`, ohne auf Antworten zu warten, und
//! gibt die Summe der Antworten aus.
//!
//! Aufruf:     cargo run --example aufgabe_19_pipeline -- 127.0.0.1:5119 1000
//! Prüfen:     cargo run --bin pruefen -- 19

use std::io::Write;
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::{Context, bail};

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_19_pipeline -- HOST:PORT ANZAHL\nHOST:PORT  der Quadrat-Server; ANZAHL  so viele Anfragen",
        |i, a| {
            (i == 0 && a.contains(':') && !a.starts_with('-'))
                || (i == 1 && a.parse::<u64>().is_ok())
        },
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [adresse, anzahl] = args.as_slice() else {
        bail!("Aufruf: aufgabe_19_pipeline HOST:PORT ANZAHL");
    };
    let anzahl: u64 = anzahl
        .parse()
        .with_context(|| format!("{anzahl:?} ist keine Anzahl"))?;
    let verbindung = TcpStream::connect(adresse.as_str())
        .with_context(|| format!("Keine Verbindung zu {adresse}. Läuft der Server?"))?;
    let mut aus = std::io::stdout();
    writeln!(aus, "Verbunden mit {}", verbindung.peer_addr()?)?;
    let summe = frage_alle(verbindung, anzahl)?;
    writeln!(aus, "Summe: {summe}")?;
    Ok(())
}

/// Schritt 1: alle Anfragen schicken (BufWriter, am Ende flush) – am besten
/// auf einem eigenen Thread (try_clone).
/// Schritt 2: ANZAHL Antwortzeilen lesen und addieren (die Summe wird groß: u64).
fn frage_alle(verbindung: TcpStream, anzahl: u64) -> anyhow::Result<u64> {
    todo!("{anzahl} Anfragen über {verbindung:?}")
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

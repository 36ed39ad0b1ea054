//! Absichtlich falsch (Aufgabe 19): zählt ab 0 statt ab 1 und schickt
//! `QUADRAT 0` bis `QUADRAT ANZAHL`, eine Anfrage zu viel. Die Summe stimmt
//! trotzdem (0² = 0), aber der Server bekommt nicht, was verlangt ist. Der
//! Prüfer meldet „Genau die Anfragen 1 bis ANZAHL“ mit ✗.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::net::TcpStream;
use std::thread;

fn main() -> std::process::ExitCode {
    kommandozeile(
        "Aufruf: cargo run --example falsch_19_ab_null -- HOST:PORT ANZAHL\n(absichtlich falsch, siehe Aufgabe 19)",
        |i, a| {
            (i == 0 && a.contains(':') && !a.starts_with('-'))
                || (i == 1 && a.parse::<u64>().is_ok())
        },
    );
    match lauf() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn lauf() -> std::io::Result<()> {
    let mut aus = std::io::stdout();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(ziel), Some(anzahl)) = (args.first(), args.get(1)) else {
        eprintln!("Fehler: Aufruf mit HOST:PORT ANZAHL");
        std::process::exit(2);
    };
    let anzahl: u64 = anzahl.parse().unwrap_or(0);
    let verbindung = TcpStream::connect(ziel)?;
    writeln!(aus, "Verbunden mit {}", verbindung.peer_addr()?)?;
    let schreibende = verbindung.try_clone()?;
    let schreiber = thread::spawn(move || -> std::io::Result<()> {
        let mut aus = BufWriter::new(schreibende);
        for k in 0..=anzahl {
            writeln!(aus, "QUADRAT {k}")?;
        }
        aus.flush()
    });
    let mut leser = BufReader::new(&verbindung);
    let mut summe = 0u64;
    for _ in 0..anzahl + 1 {
        let mut z = String::new();
        leser.read_line(&mut z)?;
        summe += z.trim().parse::<u64>().unwrap_or(0);
    }
    let _ = schreiber.join();
    writeln!(aus, "Summe: {summe}")?;
    Ok(())
}

/// Nur die Kommandozeile ist hier ordentlich: `--help` zeigt die Kurzhilfe,
/// ein unbekanntes Argument endet mit deutscher Meldung und Exit-Code 2.
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            println!("{aufruf}");
            std::process::exit(0);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            std::process::exit(2);
        }
    }
}

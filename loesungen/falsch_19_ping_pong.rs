//! Absichtlich falsch (Aufgabe 19): schickt eine Anfrage und wartet auf die
//! Antwort, bevor die nächste geht. Bei 25 ms Latenz dauern 400 Anfragen
//! über 10 s. Der Prüfer meldet „400 Anfragen trotz 25 ms Latenz“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

fn main() -> std::process::ExitCode {
    kommandozeile(
        "Aufruf: cargo run --example falsch_19_ping_pong -- HOST:PORT ANZAHL\n(absichtlich falsch, siehe Aufgabe 19)",
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
    let mut s = TcpStream::connect(&args[0])?;
    writeln!(aus, "Verbunden mit {}", s.peer_addr()?)?;
    let anzahl: u64 = args[1].parse().unwrap_or(0);
    let mut leser = BufReader::new(s.try_clone()?);
    let mut summe = 0u64;
    for k in 1..=anzahl {
        s.write_all(format!("QUADRAT {k}\n").as_bytes())?;
        let mut z = String::new();
        leser.read_line(&mut z)?; // der Fehler: warten, bevor die nächste Anfrage geht
        summe += z.trim().parse::<u64>().unwrap_or(0);
    }
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

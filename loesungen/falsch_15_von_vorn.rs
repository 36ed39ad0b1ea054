//! Absichtlich falsch (Aufgabe 15): verbindet sich zwar neu, fragt aber
//! immer ab 0 – alle Zahlen kommen doppelt. Der Prüfer meldet „Nimmt nach
//! einem Abbruch wieder auf“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

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

fn main() {
    kommandozeile(
        "Aufruf: cargo run --example falsch_15_von_vorn -- HOST:PORT\n(absichtlich falsch, siehe Aufgabe 15)",
        |i, a| i == 0 && a.contains(':') && !a.starts_with('-'),
    );
    let adresse = std::env::args().nth(1).unwrap_or_default();
    zeile!("Verbinde mit {adresse}");
    for _ in 0..6 {
        if let Ok(mut s) = TcpStream::connect(&adresse) {
            let _ = s.write_all(b"AB 0\n"); // der Fehler
            for zeile in BufReader::new(s).lines() {
                let Ok(zeile) = zeile else { break };
                if zeile == "ENDE" {
                    zeile!("Fertig");
                    return;
                }
                if let Some(k) = zeile.strip_prefix("ZAHL ") {
                    zeile!("Zahl {k}");
                }
            }
        }
        thread::sleep(Duration::from_millis(200));
    }
    eprintln!("Fehler: aufgegeben");
    std::process::exit(1);
}

/// Nur die Kommandozeile ist hier ordentlich: `--help` zeigt die Kurzhilfe,
/// ein unbekanntes Argument endet mit deutscher Meldung und Exit-Code 2.
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            std::process::exit(0);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            std::process::exit(2);
        }
    }
}

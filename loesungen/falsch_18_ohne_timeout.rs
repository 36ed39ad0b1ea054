//! Absichtlich falsch (Aufgabe 18): connect mit Timeout, aber read ohne.
//! Ein Server, der annimmt und schweigt, lässt den Client ewig warten. Der
//! Prüfer meldet „Stiller Server“ mit ✗.

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{SocketAddr, TcpStream};
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
        "Aufruf: cargo run --example falsch_18_ohne_timeout -- HOST:PORT\n(absichtlich falsch, siehe Aufgabe 18)",
        |i, a| i == 0 && a.contains(':') && !a.starts_with('-'),
    );
    let adresse: SocketAddr = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .expect("Adresse");
    let antwort = match TcpStream::connect_timeout(&adresse, Duration::from_secs(1)) {
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => "ABGELEHNT".to_string(),
        Err(_) => "STILL".to_string(),
        Ok(s) => {
            let mut zeile = Vec::new();
            match BufReader::new(&s).read_until(b'\n', &mut zeile) {
                Ok(_) if zeile.ends_with(b"\n") => {
                    format!("OK: {}", String::from_utf8_lossy(&zeile).trim_end())
                }
                Ok(_) => "GETRENNT".to_string(),
                Err(e) if e.kind() == ErrorKind::ConnectionReset => "ZURÜCKGESETZT".to_string(),
                Err(_) => "STILL".to_string(),
            }
        }
    };
    zeile!("{antwort}");
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

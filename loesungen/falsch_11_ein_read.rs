//! Absichtlich falsch (Aufgabe 11): zählt nur, was das erste read() liefert,
//! und antwortet sofort. Der Prüfer meldet „Antwortet erst nach dem Ende“
//! mit ✗.

use std::io::{Read, Write};
use std::net::TcpListener;

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

fn main() -> std::io::Result<()> {
    kommandozeile(
        "Aufruf: cargo run --example falsch_11_ein_read -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 11)",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    );
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5111".into());
    let listener = TcpListener::bind(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    for v in listener.incoming() {
        let mut v = v?;
        zeile!("Verbindung von {}", v.peer_addr()?);
        let mut puffer = [0u8; 65536];
        let n = v.read(&mut puffer).unwrap_or(0);
        let zeilen = puffer[..n].iter().filter(|&&b| b == b'\n').count();
        let _ = v.write_all(format!("ZEILEN {zeilen} BYTES {n}\n").as_bytes());
    }
    Ok(())
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

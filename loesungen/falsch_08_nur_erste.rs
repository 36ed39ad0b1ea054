//! Absichtlich falsch (Aufgabe 08): versucht nur die erste Adresse und gibt
//! dann auf. Der Prüfer meldet „Weicht bei Ablehnung aus“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
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
    let kandidat = std::env::args().nth(1).unwrap_or_default();
    if kandidat == "--help" || kandidat == "-h" {
        println!("Aufruf: cargo run --example falsch_08_nur_erste -- HOST:PORT [HOST:PORT …]");
        return;
    }
    if kandidat.starts_with('-') || kandidat.is_empty() {
        eprintln!("Fehler: {kandidat:?} ist keine Adresse HOST:PORT");
        std::process::exit(2);
    }
    let Some(adresse) = kandidat.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        eprintln!("Fehler: {kandidat:?} lässt sich nicht auflösen");
        std::process::exit(1);
    };
    zeile!("Versuche {adresse}");
    match TcpStream::connect_timeout(&adresse, Duration::from_millis(500)) {
        Ok(mut s) => {
            zeile!("Verbunden mit {adresse}");
            let _ = s.write_all(b"HALLO\n");
            let mut z = String::new();
            let _ = BufReader::new(&s).read_line(&mut z);
            zeile!("Antwort: {}", z.trim_end());
        }
        Err(e) => {
            zeile!("Fehlgeschlagen: {adresse} ({e})");
            eprintln!("Fehler: keine Verbindung");
            std::process::exit(1);
        }
    }
}

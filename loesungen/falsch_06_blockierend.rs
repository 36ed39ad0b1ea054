//! Absichtlich falsch (Aufgabe 06): liest blockierend erst A bis zum Ende,
//! dann B. Antwortet B zuerst, bleibt das unbemerkt. Der Prüfer meldet „B
//! antwortet zuerst“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};

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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_06_blockierend -- ADRESSE_A ADRESSE_B";

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        return Ok(());
    }
    let [a, b] = args.as_slice() else {
        eprintln!("Fehler: erwartet genau zwei Adressen\n\n{AUFRUF}");
        std::process::exit(2);
    };
    let (Some(a), Some(b)) = (adresse(a), adresse(b)) else {
        eprintln!("Fehler: erwartet zwei Adressen IP:PORT\n\n{AUFRUF}");
        std::process::exit(2);
    };
    let a = TcpStream::connect(a)?;
    let b = TcpStream::connect(b)?;
    zeile!("Verbunden mit 2 Servern");
    for (name, strom) in [("A", a), ("B", b)] {
        for zeile in BufReader::new(strom).lines() {
            zeile!("{name}: {}", zeile?);
        }
    }
    zeile!("Fertig");
    Ok(())
}

fn adresse(text: &str) -> Option<SocketAddr> {
    if text.starts_with('-') {
        return None;
    }
    text.to_socket_addrs().ok().and_then(|mut a| a.next())
}

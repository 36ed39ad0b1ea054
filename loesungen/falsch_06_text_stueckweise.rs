//! Absichtlich falsch (Aufgabe 06): fragt beide Server nicht-blockierend ab,
//! wandelt aber jedes gelesene Stück sofort in Text um. Kommt ein „ü“ auf zwei
//! Stücke verteilt an, wird jede Hälfte zu „�“.
//! Der Prüfer meldet „Zeile kommt in Stücken“ mit ✗.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
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

const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_06_text_stueckweise -- ADRESSE_A ADRESSE_B";

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
    let mut quellen = Vec::new();
    for (name, ziel) in [("A", a), ("B", b)] {
        let verbindung = TcpStream::connect(ziel)?;
        verbindung.set_nonblocking(true)?;
        quellen.push((name, verbindung, String::new(), true));
    }
    zeile!("Verbunden mit 2 Servern");
    let mut puffer = [0u8; 4096];
    while quellen.iter().any(|q| q.3) {
        for (name, verbindung, text, offen) in quellen.iter_mut().filter(|q| q.3) {
            match verbindung.read(&mut puffer) {
                Ok(0) => *offen = false,
                Ok(n) => {
                    // Der Fehler: Text je Stück statt je ganzer Zeile.
                    text.push_str(&String::from_utf8_lossy(&puffer[..n]));
                    while let Some(pos) = text.find('\n') {
                        let zeile: String = text.drain(..=pos).collect();
                        zeile!("{name}: {}", zeile.trim_end());
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        std::thread::sleep(Duration::from_millis(5));
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

//! Absichtlich falsch (Aufgabe 07): wartet je Port 1 s statt 300 ms. Ein
//! stiller Port fällt so nicht auf, sechs hintereinander schon. Der Prüfer
//! meldet „Wartet je Port höchstens 300 ms“ mit ✗.

use std::io::ErrorKind;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpStream};
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("Aufruf: cargo run --example falsch_07_timeout_1s -- HOST ERSTER LETZTER");
        return;
    }
    let (Some(erster), Some(letzter)) = (
        args.get(1).and_then(|a| a.parse::<u16>().ok()),
        args.get(2).and_then(|a| a.parse::<u16>().ok()),
    ) else {
        eprintln!(
            "Fehler: erwartet HOST ERSTER LETZTER\n\nAufruf: cargo run --example falsch_07_timeout_1s -- HOST ERSTER LETZTER"
        );
        std::process::exit(2);
    };
    if erster > letzter {
        eprintln!("Fehler: ERSTER > LETZTER");
        std::process::exit(1);
    }
    zeile!("Scanne {} von {erster} bis {letzter}", args[0]);
    let Ok(ip) = args[0].parse::<IpAddr>() else {
        eprintln!("Fehler: {:?} ist keine IP-Adresse", args[0]);
        std::process::exit(2);
    };
    let (mut offen, mut still) = (0, 0);
    for port in erster..=letzter {
        // Der Fehler: 1 s statt 300 ms je Port.
        match TcpStream::connect_timeout(&SocketAddr::new(ip, port), Duration::from_secs(1)) {
            Ok(_) => {
                offen += 1;
                zeile!("{port} offen");
            }
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                still += 1;
                zeile!("{port} keine Antwort");
            }
            Err(_) => {}
        }
    }
    zeile!("Fertig: {offen} offen, {still} ohne Antwort");
}

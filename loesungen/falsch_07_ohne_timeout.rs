//! Absichtlich falsch (Aufgabe 07): connect() ohne Timeout. Ein stiller Port
//! hält den Scan minutenlang auf. Der Prüfer meldet „Ein stiller Port bremst
//! nicht“ mit ✗.

use std::io::Write;
use std::net::TcpStream;

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
        println!("Aufruf: cargo run --example falsch_07_ohne_timeout -- HOST ERSTER LETZTER");
        return;
    }
    let (Some(erster), Some(letzter)) = (
        args.get(1).and_then(|a| a.parse::<u16>().ok()),
        args.get(2).and_then(|a| a.parse::<u16>().ok()),
    ) else {
        eprintln!(
            "Fehler: erwartet HOST ERSTER LETZTER\n\nAufruf: cargo run --example falsch_07_ohne_timeout -- HOST ERSTER LETZTER"
        );
        std::process::exit(2);
    };
    if erster > letzter {
        eprintln!("Fehler: ERSTER > LETZTER");
        std::process::exit(1);
    }
    zeile!("Scanne {} von {erster} bis {letzter}", args[0]);
    let mut offen = 0;
    for port in erster..=letzter {
        if TcpStream::connect((args[0].as_str(), port)).is_ok() {
            offen += 1;
            zeile!("{port} offen");
        }
    }
    zeile!("Fertig: {offen} offen, 0 ohne Antwort");
}

//! Absichtlich falsch (Aufgabe 22): `unwrap()` auf dem Verbindungsaufbau.
//! Läuft kein Server, stürzt das Programm mit einer englischen Panik-Meldung
//! und Exit-Code 101 ab, statt zu sagen, was zu tun ist. Der Prüfer meldet
//! „Server fehlt“ mit ✗.

use std::io::Write;
use std::net::TcpStream;
use std::process::ExitCode;

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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_22_unwrap -- ADRESSE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let [ziel] = args.as_slice() else {
        eprintln!("Fehler: erwartet ADRESSE\n\n{AUFRUF}");
        return ExitCode::from(2);
    };
    if ziel
        .rsplit_once(':')
        .is_none_or(|(_, p)| p.parse::<u16>().is_err())
    {
        eprintln!("Fehler: {ziel:?} ist keine Adresse mit Port\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    // Der Fehler: unwrap() macht aus ConnectionRefused eine Panik.
    #[allow(clippy::unwrap_used)]
    let mut verbindung = TcpStream::connect(ziel).unwrap();
    let (Ok(lokal), Ok(entfernt)) = (verbindung.local_addr(), verbindung.peer_addr()) else {
        eprintln!("Fehler: Adressen unbekannt");
        return ExitCode::FAILURE;
    };
    zeile!("Verbunden: {lokal} -> {entfernt}");
    if verbindung
        .write_all(format!("Hallo von {lokal}\n").as_bytes())
        .is_err()
    {
        eprintln!("Fehler: Senden gescheitert");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

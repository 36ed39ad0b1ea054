//! Absichtlich falsch (Aufgabe 22): trennt Rechner und Port am ersten
//! Doppelpunkt. Für `127.0.0.1:5000` und `localhost:5000` geht das, für
//! `[::1]:5000` nicht: Die IPv6-Adresse enthält selbst Doppelpunkte. Der
//! Prüfer meldet „Versteht IPv6-Adressen“ mit ✗.

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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_22_nur_ipv4 -- ADRESSE";

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
    // Der Fehler: split_once trennt am ersten Doppelpunkt, nicht am letzten.
    let Some((rechner, Ok(port))) = ziel.split_once(':').map(|(r, p)| (r, p.parse::<u16>())) else {
        eprintln!("Fehler: {ziel:?} ist keine Adresse mit Port\n\n{AUFRUF}");
        return ExitCode::from(2);
    };
    let Ok(mut verbindung) = TcpStream::connect((rechner, port)) else {
        eprintln!("Fehler: Keine Verbindung zu {ziel}");
        return ExitCode::FAILURE;
    };
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

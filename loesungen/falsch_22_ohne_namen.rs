//! Absichtlich falsch (Aufgabe 22): liest das Argument als `SocketAddr`.
//! Das versteht `127.0.0.1:5000` und `[::1]:5000`, aber keinen Namen wie
//! `localhost:5000`: Namen muss erst der Resolver in Adressen übersetzen. Der
//! Prüfer meldet „Löst localhost auf“ mit ✗.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_22_ohne_namen -- ADRESSE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Der Fehler: parse::<SocketAddr>() kennt nur Zahlen, keine Namen.
    let [arg] = args.as_slice() else {
        eprintln!("Fehler: erwartet ADRESSE\n\n{AUFRUF}");
        return ExitCode::from(2);
    };
    let Ok(ziel) = arg.parse::<SocketAddr>() else {
        eprintln!("Fehler: {arg:?} ist keine Adresse der Form IP:PORT\n\n{AUFRUF}");
        return ExitCode::from(2);
    };
    let Ok(mut verbindung) = TcpStream::connect(ziel) else {
        eprintln!("Fehler: Keine Verbindung zu {ziel}");
        return ExitCode::FAILURE;
    };
    let Ok(lokal) = verbindung.local_addr() else {
        eprintln!("Fehler: Eigene Adresse unbekannt");
        return ExitCode::FAILURE;
    };
    zeile!("Verbunden: {lokal} -> {ziel}");
    if verbindung
        .write_all(format!("Hallo von {lokal}\n").as_bytes())
        .is_err()
    {
        eprintln!("Fehler: Senden gescheitert");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

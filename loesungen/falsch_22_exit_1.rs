//! Absichtlich falsch (Aufgabe 22): prüft die Adresse zwar, behandelt eine
//! falsche Angabe wie `127.0.0.1:70000` aber wie jeden anderen Fehler:
//! Exit-Code 1 und keine Kurzhilfe, genau wie ein fehlender Server. Wer das
//! Programm aufruft (oder ein Skript), kann die beiden Fälle so nicht
//! unterscheiden. Der Prüfer meldet „Lehnt falsche Angaben ab“ mit ✗.

use std::io::Write;
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::{Context, bail};

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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_22_exit_1 -- ADRESSE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    match run(args.first().map_or("127.0.0.1:12345", String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Der Fehler: Jeder Fehler endet mit 1, auch eine falsche Angabe.
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(ziel: &str) -> anyhow::Result<()> {
    if ziel
        .rsplit_once(':')
        .is_none_or(|(_, p)| p.parse::<u16>().is_err())
    {
        bail!("{ziel:?} ist keine Adresse mit Port");
    }
    let mut verbindung =
        TcpStream::connect(ziel).with_context(|| format!("Keine Verbindung zu {ziel}"))?;
    let lokal = verbindung.local_addr()?;
    let entfernt = verbindung.peer_addr()?;
    zeile!("Verbunden: {lokal} -> {entfernt}");
    verbindung.write_all(format!("Hallo von {lokal}\n").as_bytes())?;
    Ok(())
}

//! Falsche Variante zu Aufgabe 20: ein Thread je Client.
//!
//! Antwortet richtig, bedient auch viele Clients gleichzeitig und lässt sich
//! von einem stillen Client nicht aufhalten – aber mit 200 Clients laufen
//! 201 Threads. Die Aufgabe verlangt einen einzigen Thread: ✗ bei „Ein Thread
//! für 200 Clients“.
//!
//! Terminal 1: cargo run --example falsch_20_thread_je_client
//! Terminal 2: nc 127.0.0.1 5120
//!
//! Prüfen: cargo run --bin pruefen -- 20 --beispiel falsch_20_thread_je_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;

use anyhow::Context;

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5120";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: u64 = 1024;
const AUFRUF: &str = "Aufruf: cargo run --example falsch_20_thread_je_client -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5120";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    if let Some(falsch) = args.iter().find(|a| a.starts_with('-')).or(args.get(1)) {
        eprintln!("Fehler: Unerwartetes Argument „{falsch}“\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(args.first().cloned()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(arg: Option<String>) -> anyhow::Result<()> {
    let text = arg
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse: SocketAddr = text
        .parse()
        .with_context(|| format!("„{text}“ ist keine Adresse wie 127.0.0.1:5120"))?;
    let lauscher = TcpListener::bind(adresse).with_context(|| {
        format!("Kann {adresse} nicht binden – ist der Port schon belegt? Nimm einen anderen.")
    })?;
    zeile!("Server lauscht auf {}", lauscher.local_addr()?);
    for verbindung in lauscher.incoming() {
        match verbindung {
            // Der Fehler: Jeder Client bekommt seinen eigenen Thread.
            Ok(verbindung) => {
                thread::spawn(move || {
                    let _ = bediene(verbindung);
                });
            }
            Err(e) => eprintln!("accept: {e}"),
        }
    }
    Ok(())
}

fn bediene(verbindung: TcpStream) -> io::Result<()> {
    let mut schreiber = verbindung.try_clone()?;
    let mut leser = BufReader::new(verbindung);
    let mut zeile = Vec::new();
    loop {
        zeile.clear();
        let n = (&mut leser)
            .take(MAX_ZEILE + 1)
            .read_until(b'\n', &mut zeile)?;
        if n == 0 {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            schreiber.write_all(b"! Zeile zu lang\n")?;
            return Ok(());
        }
        let mut antwort = zeile.to_ascii_uppercase();
        if antwort.ends_with(b"\r\n") {
            antwort.truncate(antwort.len() - 2);
            antwort.push(b'\n');
        }
        schreiber.write_all(&antwort)?;
    }
}

//! Absichtlich falsch (Aufgabe 18): wartet 3 s auf die erste Zeile statt 1 s.
//! Das Ergebnis stimmt, kommt aber zu spät. Der Prüfer meldet „Antwortet nach
//! gut einer Sekunde“ mit ✗.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

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

const AUFRUF: &str = "Aufruf: cargo run --example falsch_18_lange_frist -- HOST:PORT
HOST:PORT  wen du untersuchst (sonst Umgebungsvariable ADRESSE), etwa 127.0.0.1:5101
Ausgabe: OK: ZEILE, ABGELEHNT, STILL, GETRENNT, ZURÜCKGESETZT oder FEHLER";

/// Höchstens so lange für den Verbindungsaufbau …
const VERBINDEN: Duration = Duration::from_secs(1);
/// … und so lange für die erste Zeile.
const LESEN: Duration = Duration::from_secs(3); // der Fehler: 3 s statt 1 s

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let text = match lies_ziel(&args) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Das Ziel aus dem ersten Argument oder aus `ADRESSE`.
fn lies_ziel(args: &[String]) -> anyhow::Result<String> {
    let text = match args {
        [] => std::env::var("ADRESSE")
            .ok()
            .context("Es fehlt das Ziel HOST:PORT")?,
        [eins] => eins.clone(),
        [_, zuviel, ..] => bail!("Unerwartetes Argument „{zuviel}“"),
    };
    // Ein Schalter ist nie ein Rechnername: nicht beim DNS-Server nachfragen.
    if text.starts_with('-') {
        bail!("Unbekannter Schalter „{text}“");
    }
    Ok(text)
}

fn run(text: &str) -> anyhow::Result<()> {
    let adresse: SocketAddr = text
        .to_socket_addrs()
        .with_context(|| format!("{text:?} ist keine Adresse"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))?;
    zeile!("{}", diagnose(adresse));
    Ok(())
}

/// Ordnet jedes Ergebnis einer Fehlerart zu.
fn deute(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => "ABGELEHNT",
        // Unix meldet abgelaufene Timeouts als WouldBlock, Windows als TimedOut.
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => "STILL",
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => "ZURÜCKGESETZT",
        io::ErrorKind::UnexpectedEof => "GETRENNT",
        _ => "FEHLER",
    }
}

fn diagnose(adresse: SocketAddr) -> String {
    let ergebnis = (|| -> io::Result<String> {
        let verbindung = TcpStream::connect_timeout(&adresse, VERBINDEN)?;
        verbindung.set_read_timeout(Some(LESEN))?;
        let mut zeile = Vec::new();
        BufReader::new(&verbindung)
            .take(4096)
            .read_until(b'\n', &mut zeile)?;
        if !zeile.ends_with(b"\n") {
            // 0 Bytes oder eine halbe Zeile: Der Server hat aufgelegt.
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(String::from_utf8_lossy(&zeile).trim_end().to_string())
    })();
    match ergebnis {
        Ok(zeile) => format!("OK: {zeile}"),
        Err(e) => deute(&e).to_string(),
    }
}

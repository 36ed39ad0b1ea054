//! Musterlösung zu Aufgabe 18 „Fehlerdiagnose“: verbindet sich, liest eine
//! Zeile und sagt in einem Wort, was passiert ist – wie ein Eintrag im
//! Fehler-Atlas.
//!
//! Aufruf: cargo run --example loesung_18_diagnose -- 127.0.0.1:5101
//! (z. B. gegen loesung_01_portansage, gegen einen freien Port oder den Störsender)
//!
//! Prüfen: cargo run --bin pruefen -- 18 --beispiel loesung_18_diagnose

use std::io::{self, BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

/// Höchstens so lange für den Verbindungsaufbau …
const VERBINDEN: Duration = Duration::from_secs(1);
/// … und so lange für die erste Zeile.
const LESEN: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let text = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .context("Aufruf: loesung_18_diagnose HOST:PORT")?;
    let adresse: SocketAddr = text
        .to_socket_addrs()
        .with_context(|| format!("{text:?} ist keine Adresse"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))?;
    println!("{}", diagnose(adresse));
    Ok(())
}

// ANCHOR: diagnose
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
        let strom = TcpStream::connect_timeout(&adresse, VERBINDEN)?;
        strom.set_read_timeout(Some(LESEN))?;
        let mut zeile = Vec::new();
        BufReader::new(&strom)
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
// ANCHOR_END: diagnose

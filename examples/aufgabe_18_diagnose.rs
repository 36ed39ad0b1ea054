//! Aufgabe 18 „Fehlerdiagnose“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/18-diagnose.md).
//!
//! Verbindet sich, liest eine Zeile und sagt in einem Wort, was passiert ist:
//! OK, ABGELEHNT, STILL, GETRENNT oder ZURÜCKGESETZT.
//!
//! Aufruf:     cargo run --example aufgabe_18_diagnose -- 127.0.0.1:5101
//! Prüfen:     cargo run --bin pruefen -- 18

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

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

/// Höchstens so lange für den Verbindungsaufbau …
const VERBINDEN: Duration = Duration::from_secs(1);
/// … und so lange für die erste Zeile.
const LESEN: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_18_diagnose -- HOST:PORT\nHOST:PORT  wen du untersuchst, etwa 127.0.0.1:5101",
        |i, a| i == 0 && a.contains(':') && !a.starts_with('-'),
    ) {
        return ende;
    }
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
        .context("Aufruf: aufgabe_18_diagnose HOST:PORT")?;
    let adresse: SocketAddr = text
        .to_socket_addrs()
        .with_context(|| format!("{text:?} ist keine Adresse"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))?;
    zeile!("{}", diagnose(adresse));
    Ok(())
}

/// Verbinden (connect_timeout), eine Zeile lesen (set_read_timeout) und
/// jedes Ergebnis einem Wort zuordnen (ErrorKind).
fn diagnose(adresse: SocketAddr) -> String {
    todo!("{adresse} untersuchen ({VERBINDEN:?} zum Verbinden, {LESEN:?} zum Lesen)")
}

/// `--help` zeigt die Kurzhilfe; ein unbekanntes Argument endet mit einer
/// deutschen Meldung und Exit-Code 2 (schon fertig, du musst nichts tun).
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) -> Option<ExitCode> {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            return Some(ExitCode::SUCCESS);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            return Some(ExitCode::from(2));
        }
    }
    None
}

//! Aufgabe 10 „Zwei Familien“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/10-zwei_familien.md).
//!
//! Ein Server mit einem IPv4- und einem IPv6-Socket auf demselben Port.
//!
//! Terminal 1: cargo run --example aufgabe_10_zwei_familien -- 5110
//! Terminal 2: nc 127.0.0.1 5110   und   nc ::1 5110
//! Prüfen:     cargo run --bin pruefen -- 10

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;

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

const STANDARD_PORT: u16 = 5110;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_10_zwei_familien -- [PORT]\nPORT  0 bis 65535; Standard: Umgebungsvariable PORT, sonst 5110",
        |i, a| i == 0 && a.parse::<u16>().is_ok(),
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
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .map(|p| {
            p.parse::<u16>()
                .with_context(|| format!("{p:?} ist kein Port"))
        })
        .transpose()?
        .unwrap_or(STANDARD_PORT);
    let (v4, v6) = binde_beide(port)?;
    zeile!(
        "Server lauscht auf {} und {}",
        v4.local_addr()?,
        v6.local_addr()?
    );
    bediene_beide(v4, v6)
}

/// Schritt 1: 127.0.0.1:PORT binden, dann [::1] mit demselben (echten) Port.
/// Tipp: socket2 mit Domain::IPV6 und set_only_v6(true).
fn binde_beide(port: u16) -> anyhow::Result<(TcpListener, TcpListener)> {
    todo!("IPv4 und IPv6 auf Port {port} binden")
}

/// Schritt 2: beide Listener gleichzeitig bedienen; jedem Client
/// „IPv4 ADRESSE“ bzw. „IPv6 ADRESSE“ schicken.
fn bediene_beide(v4: TcpListener, v6: TcpListener) -> anyhow::Result<()> {
    todo!("{v4:?} und {v6:?} bedienen")
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

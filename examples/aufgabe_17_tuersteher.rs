//! Aufgabe 17 „Türsteher“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/17-tuersteher.md).
//!
//! Ein Server mit Grenzen: Zahl der Clients, Zeilenlänge und eine Frist je
//! Zeile. Jede Zeile kommt in Großbuchstaben zurück.
//!
//! Terminal 1: cargo run --example aufgabe_17_tuersteher -- 127.0.0.1:5117 --max-clients 2 --timeout-ms 5000
//! Terminal 2: nc 127.0.0.1 5117
//! Prüfen:     cargo run --bin pruefen -- 17

use std::io::Write;
use std::net::TcpListener;
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

const STANDARD_ADRESSE: &str = "127.0.0.1:5117";
const MAX_ZEILE: usize = 256;

fn main() -> ExitCode {
    if let Some(ende) = kommandozeile(
        "Aufruf: cargo run --example aufgabe_17_tuersteher -- [IP:PORT] [--max-clients N] [--timeout-ms T]\nStandard: ADRESSE bzw. 127.0.0.1:5117, 10 Clients, 30000 ms",
        |_, a| {
            matches!(a, "--max-clients" | "--timeout-ms")
                || a.parse::<u64>().is_ok()
                || a.parse::<std::net::SocketAddr>().is_ok()
        },
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
    let mut adresse = std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string());
    let (mut max_clients, mut timeout_ms) = (10usize, 30_000u64);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-clients" => {
                max_clients = args
                    .next()
                    .context("--max-clients braucht eine Zahl")?
                    .parse()?
            }
            "--timeout-ms" => {
                timeout_ms = args
                    .next()
                    .context("--timeout-ms braucht eine Zahl")?
                    .parse()?
            }
            s if s.starts_with("--") => bail!("Unbekannte Option {s}"),
            s => adresse = s.to_string(),
        }
    }
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    bediene_alle(listener, max_clients, Duration::from_millis(timeout_ms))
}

/// Schritt 1: Plätze zählen; wer keinen bekommt, erhält „! Server voll“.
/// Schritt 2: je Client ein Thread: „Willkommen“, dann Zeilen groß zurück.
/// Schritt 3: Frist je Zeile (Instant + frist), Zeilen bis MAX_ZEILE Bytes.
fn bediene_alle(listener: TcpListener, max_clients: usize, frist: Duration) -> anyhow::Result<()> {
    todo!(
        "{listener:?}: höchstens {max_clients} Clients, Frist {frist:?}, Zeilen bis {MAX_ZEILE} Bytes"
    )
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

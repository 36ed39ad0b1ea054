//! Absichtlich falsch (Aufgabe 17): Grenzen für Clients und Zeilenlänge, aber
//! kein Timeout. Ein stummer Client belegt seinen Platz für immer. Der Prüfer
//! meldet „Trennt einen stillen Client“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

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

fn main() -> std::io::Result<()> {
    kommandozeile(
        "Aufruf: cargo run --example falsch_17_ohne_timeout -- [IP:PORT] [--max-clients N] [--timeout-ms T]\n(absichtlich falsch, siehe Aufgabe 17)",
        |_, a| {
            matches!(a, "--max-clients" | "--timeout-ms")
                || a.parse::<u64>().is_ok()
                || a.parse::<std::net::SocketAddr>().is_ok()
        },
    );
    let args: Vec<String> = std::env::args().skip(1).collect();
    let max: usize = args
        .iter()
        .position(|a| a == "--max-clients")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let listener = TcpListener::bind(args.first().map(String::as_str).unwrap_or("127.0.0.1:5117"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let belegt = Arc::new(AtomicUsize::new(0));
    for v in listener.incoming() {
        let mut v = v?;
        if belegt.fetch_add(1, Ordering::SeqCst) >= max {
            belegt.fetch_sub(1, Ordering::SeqCst);
            let _ = v.write_all(b"! Server voll\n");
            continue;
        }
        let belegt = Arc::clone(&belegt);
        thread::spawn(move || {
            let _ = v.write_all(b"Willkommen\n");
            let mut leser = BufReader::new(&v);
            loop {
                let mut zeile = Vec::new();
                // Der Fehler: read_until ohne Timeout wartet ewig.
                if (&mut leser)
                    .take(257)
                    .read_until(b'\n', &mut zeile)
                    .unwrap_or(0)
                    == 0
                {
                    break;
                }
                if !zeile.ends_with(b"\n") {
                    let _ = (&v).write_all(b"! Zeile zu lang\n");
                    break;
                }
                let text = String::from_utf8_lossy(&zeile).trim_end().to_uppercase();
                if (&v).write_all(format!("{text}\n").as_bytes()).is_err() {
                    break;
                }
            }
            belegt.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

/// Nur die Kommandozeile ist hier ordentlich: `--help` zeigt die Kurzhilfe,
/// ein unbekanntes Argument endet mit deutscher Meldung und Exit-Code 2.
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            std::process::exit(0);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            std::process::exit(2);
        }
    }
}

//! Absichtlich falsch (Aufgabe 13): liest Zeilen ohne Längengrenze. Eine
//! riesige Zeile füllt den Speicher und wird sogar weitergeschickt. Der
//! Prüfer meldet „Lehnt eine zu lange Zeile ab“ mit ✗.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
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
        "Aufruf: cargo run --example falsch_13_ohne_grenze -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 13)",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    );
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5113".into());
    let listener = TcpListener::bind(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let clients: Arc<Mutex<HashMap<SocketAddr, TcpStream>>> = Arc::default();
    for v in listener.incoming() {
        let v = v?;
        let wer = v.peer_addr()?;
        let clients = Arc::clone(&clients);
        thread::spawn(move || {
            clients.lock().unwrap().insert(wer, v.try_clone().unwrap());
            let _ = (&v).write_all(format!("Willkommen {wer}\n").as_bytes());
            let mut leser = BufReader::new(&v);
            let mut zeile = String::new();
            // Der Fehler: read_line ohne take – keine Obergrenze.
            while leser.read_line(&mut zeile).unwrap_or(0) > 0 {
                let text = zeile.trim_end().to_string();
                zeile.clear();
                if text.is_empty() {
                    continue;
                }
                let mut c = clients.lock().unwrap();
                c.retain(|&a, s| {
                    a == wer || s.write_all(format!("{wer}: {text}\n").as_bytes()).is_ok()
                });
            }
            clients.lock().unwrap().remove(&wer);
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

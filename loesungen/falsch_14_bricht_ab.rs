//! Absichtlich falsch (Aufgabe 14): Ein Parse-Fehler wird mit `?`
//! weitergereicht – und beendet die ganze Verbindung. Der Prüfer meldet
//! „Kaputtes JSON, Verbindung bleibt“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
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

fn bediene(v: TcpStream) -> Result<(), Box<dyn std::error::Error>> {
    let mut s = &v;
    for zeile in BufReader::new(&v).lines() {
        let anfrage: serde_json::Value = serde_json::from_str(&zeile?)?; // der Fehler
        let (a, b) = (
            anfrage["a"].as_f64().ok_or("a")?,
            anfrage["b"].as_f64().ok_or("b")?,
        );
        let antwort = match anfrage["op"].as_str() {
            Some("add") => serde_json::json!({"ok": true, "ergebnis": a + b}),
            Some("sub") => serde_json::json!({"ok": true, "ergebnis": a - b}),
            Some("mul") => serde_json::json!({"ok": true, "ergebnis": a * b}),
            Some("div") if b != 0.0 => serde_json::json!({"ok": true, "ergebnis": a / b}),
            _ => serde_json::json!({"ok": false, "fehler": "geht nicht"}),
        };
        s.write_all(format!("{antwort}\n").as_bytes())?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    kommandozeile(
        "Aufruf: cargo run --example falsch_14_bricht_ab -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 14)",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    );
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5114".into());
    let listener = TcpListener::bind(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    for v in listener.incoming() {
        let v = v?;
        thread::spawn(move || {
            let _ = bediene(v);
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

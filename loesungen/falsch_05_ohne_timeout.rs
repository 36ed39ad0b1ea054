//! Absichtlich falsch (Aufgabe 05): nimmt `--timeout SEKUNDEN` an, benutzt es aber
//! nie und setzt auch sonst keinen Timeout. Ein Client, der schweigt, hält alle
//! anderen auf.
//! Der Prüfer meldet „Ein stiller Client hält nicht auf“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_05_ohne_timeout -- [IP:PORT] [--timeout SEKUNDEN]";
const MAX_ZEILE: usize = 100;

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind(adresse_aus_argumenten("127.0.0.1:5105"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    loop {
        let Ok((verbindung, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let _ = summiere(&verbindung);
    }
}

fn summiere(verbindung: &TcpStream) -> std::io::Result<()> {
    // Der Fehler: kein set_read_timeout, also wartet read() ewig.
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    let mut summe: i64 = 0;
    loop {
        let mut zeile = Vec::new();
        (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?;
        if zeile.is_empty() {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                schreiber.write_all(b"Fehler: Zeile zu lang\n")?;
            }
            return Ok(());
        }
        let text = String::from_utf8_lossy(&zeile);
        let text = text.trim();
        if text == "ende" {
            schreiber.write_all(format!("Ergebnis: {summe}\n").as_bytes())?;
            return Ok(());
        }
        let antwort = match text.parse::<i64>() {
            Ok(zahl) => match summe.checked_add(zahl) {
                Some(neu) => {
                    summe = neu;
                    format!("Summe: {summe}\n")
                }
                None => "Fehler: Überlauf\n".to_string(),
            },
            Err(_) => format!("Fehler: \"{text}\" ist keine Zahl\n"),
        };
        schreiber.write_all(antwort.as_bytes())?;
    }
}

/// Kommandozeile `[IP:PORT] [--timeout SEKUNDEN]`: `--help` zeigt die Hilfe, eine falsche Angabe
/// endet mit deutscher Meldung und Exit-Code 2.
fn adresse_aus_argumenten(standard: &str) -> SocketAddr {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--timeout SEKUNDEN` wird angenommen und weggeworfen.
    if let Some(i) = args.iter().position(|a| a == "--timeout") {
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        std::process::exit(0);
    }
    let text = args.first().map_or(standard, String::as_str);
    match text.to_socket_addrs().ok().and_then(|mut a| a.next()) {
        Some(adresse) if !text.starts_with('-') && args.len() <= 1 => adresse,
        _ => {
            eprintln!("Fehler: {text:?} ist keine Adresse IP:PORT\n\n{AUFRUF}");
            std::process::exit(2);
        }
    }
}

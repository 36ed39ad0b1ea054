//! Absichtlich falsch (Aufgabe 02): nimmt `--timeout SEKUNDEN` an, wartet aber ohne
//! Timeout auf den Namen. Ein Client, der schweigt, hält alle anderen auf.
//! Der Prüfer meldet „Ein stiller Client hält nicht auf“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_02_ohne_timeout -- [IP:PORT] [--timeout SEKUNDEN]";
const MAX_NAME: usize = 100;

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind(adresse_aus_argumenten("127.0.0.1:5102"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    let mut nummer = 0;
    loop {
        let Ok((verbindung, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        if bediene(&verbindung, nummer + 1).unwrap_or(false) {
            nummer += 1;
        }
    }
}

fn bediene(verbindung: &TcpStream, nummer: u64) -> std::io::Result<bool> {
    // Der Fehler: kein set_read_timeout.
    let mut zeile = Vec::new();
    BufReader::new(verbindung)
        .take(MAX_NAME as u64 + 1)
        .read_until(b'\n', &mut zeile)?;
    let mut schreiber = verbindung;
    if zeile.is_empty() {
        return Ok(false);
    }
    if !zeile.ends_with(b"\n") {
        if zeile.len() > MAX_NAME {
            let fehler = format!("Fehler: Name zu lang (höchstens {MAX_NAME} Bytes)\n");
            schreiber.write_all(fehler.as_bytes())?;
        }
        return Ok(false);
    }
    let name = String::from_utf8_lossy(&zeile);
    let name = name.trim();
    let antwort = format!("Verbindung hergestellt, {name}! Du bist Client Nr. {nummer}.\n");
    schreiber.write_all(antwort.as_bytes())?;
    Ok(true)
}

/// Kommandozeile `[IP:PORT]`: `--help` zeigt die Hilfe, eine falsche Angabe
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

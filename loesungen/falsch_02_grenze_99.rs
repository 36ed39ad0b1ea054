//! Absichtlich falsch (Aufgabe 02): liest höchstens 100 Bytes samt `\n`.
//! Ein Name mit genau 100 Bytes passt dann nicht mehr hinein (Off-by-one).
//! Der Prüfer meldet „100 Bytes gehen, 101 nicht“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

const AUFRUF: &str = "Aufruf: cargo run --example falsch_02_grenze_99 -- [IP:PORT]";
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
    verbindung.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut zeile = Vec::new();
    // Der Fehler: take(MAX_NAME) lässt keinen Platz für das \n.
    BufReader::new(verbindung)
        .take(MAX_NAME as u64)
        .read_until(b'\n', &mut zeile)?;
    let mut schreiber = verbindung;
    if zeile.is_empty() {
        return Ok(false);
    }
    if !zeile.ends_with(b"\n") {
        if zeile.len() >= MAX_NAME {
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
    let args: Vec<String> = std::env::args().skip(1).collect();
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

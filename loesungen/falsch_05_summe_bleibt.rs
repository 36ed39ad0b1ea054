//! Absichtlich falsch (Aufgabe 05): Die Summe lebt außerhalb der Schleife
//! über die Clients, also rechnet der zweite Client mit der Summe des ersten
//! weiter. Der Prüfer meldet „Neuer Client beginnt bei 0“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_05_summe_bleibt -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5105");
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    let mut summe: i64 = 0; // Der Fehler: gehört in die Verbindung.
    for verbindung in listener.incoming() {
        let verbindung = verbindung?;
        let mut leser = BufReader::new(&verbindung);
        let mut schreiber = &verbindung;
        loop {
            let mut zeile = Vec::new();
            if (&mut leser).take(101).read_until(b'\n', &mut zeile)? == 0 {
                break;
            }
            if !zeile.ends_with(b"\n") {
                let _ = schreiber.write_all(b"Fehler: Zeile zu lang\n");
                break;
            }
            let text = String::from_utf8_lossy(&zeile).trim().to_string();
            if text == "ende" {
                let _ = schreiber.write_all(format!("Ergebnis: {summe}\n").as_bytes());
                break;
            }
            let antwort = match text.parse::<i64>() {
                Ok(z) => {
                    summe = summe.wrapping_add(z);
                    format!("Summe: {summe}\n")
                }
                Err(_) => format!("Fehler: \"{text}\" ist keine Zahl\n"),
            };
            if schreiber.write_all(antwort.as_bytes()).is_err() {
                break;
            }
        }
    }
    Ok(())
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

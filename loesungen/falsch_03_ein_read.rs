//! Absichtlich falsch (Aufgabe 03): ein read() = eine Nachricht. Kommt eine
//! Zeile in Einzelbytes, antwortet der Server auf jedes Stück; kommen zwei
//! Zeilen in einem Paket, antwortet er nur einmal. Der Prüfer meldet „Zeile
//! kommt in Einzelbytes“ mit ✗.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_03_ein_read -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5103");
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let mut verbindung = verbindung?;
        let mut puffer = [0u8; 1024];
        loop {
            let n = match verbindung.read(&mut puffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let text = String::from_utf8_lossy(&puffer[..n]);
            let text = text.trim_end();
            let antwort = if text == "bye" {
                "Tschüss!\n".to_string()
            } else {
                format!("Echo: {text}\n")
            };
            if verbindung.write_all(antwort.as_bytes()).is_err() || text == "bye" {
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

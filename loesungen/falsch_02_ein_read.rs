//! Absichtlich falsch (Aufgabe 02): hält ein read() für eine ganze Nachricht.
//! Kommt der Name in Stücken, bestätigt der Server nur das erste Stück. Der
//! Prüfer meldet „Name kommt in Einzelbytes“ mit ✗.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_02_ein_read -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5102");
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    let mut nummer = 0;
    for verbindung in listener.incoming() {
        let mut verbindung = verbindung?;
        let mut puffer = [0u8; 1024];
        // Der Fehler: ein einzelnes read() – es liefert, was gerade da ist.
        let n = verbindung.read(&mut puffer)?;
        if n == 0 {
            continue;
        }
        nummer += 1;
        let name = String::from_utf8_lossy(&puffer[..n]);
        let antwort = format!(
            "Verbindung hergestellt, {}! Du bist Client Nr. {nummer}.\n",
            name.trim()
        );
        let _ = verbindung.write_all(antwort.as_bytes());
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

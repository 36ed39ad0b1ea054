//! Absichtlich falsch (Aufgabe 01): bindet 0.0.0.0 statt der Adresse aus dem
//! Argument und ist damit aus dem ganzen Netz erreichbar. Der Prüfer meldet
//! „Lauscht nur auf Loopback“ mit ✗.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_01_alle_schnittstellen -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    // Der typische Fehler: nur den Port übernehmen und „überall“ lauschen.
    let port = adresse_aus_argumenten("127.0.0.1:5101").port();
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let mut verbindung = verbindung?;
        let client = verbindung.peer_addr()?;
        verbindung.write_all(format!("Du kommst von {client}\n").as_bytes())?;
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

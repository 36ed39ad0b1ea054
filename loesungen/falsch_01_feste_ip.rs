//! Absichtlich falsch (Aufgabe 01): übernimmt aus dem Argument nur den Port
//! und bindet immer 127.0.0.1. Mit `127.0.0.2:0` gestartet, lauscht er an der
//! falschen Adresse. Der Prüfer meldet „Bindet die Adresse aus dem Argument“
//! mit ✗.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_01_feste_ip -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    // Der Fehler: Die IP aus dem Argument fällt unter den Tisch.
    let port = adresse_aus_argumenten("127.0.0.1:5101").port();
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    loop {
        let Ok((mut verbindung, client)) = listener.accept() else {
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        };
        let _ = verbindung.write_all(format!("Du kommst von {client}\n").as_bytes());
    }
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

//! Absichtlich falsch (Aufgabe 04): sagt die Zeit an, sobald ein Datagramm mit „ZEIT“
//! beginnt – auch bei „ZEITUNG“.
//! Der Prüfer meldet „Nur genau ZEIT“ mit ✗.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_04_zeit_anfang -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let socket = UdpSocket::bind(adresse_aus_argumenten("127.0.0.1:5104"))?;
    println!("Server lauscht auf {}", socket.local_addr()?);
    let mut puffer = [0u8; 1500];
    loop {
        let Ok((n, absender)) = socket.recv_from(&mut puffer) else {
            continue;
        };
        let anfrage = puffer[..n].strip_suffix(b"\n").unwrap_or(&puffer[..n]);
        if anfrage.is_empty() || anfrage.starts_with(b"ZEIT ") || anfrage.starts_with(b"FEHLER") {
            continue;
        }
        let antwort = if anfrage.starts_with(b"ZEIT")
        /* Der Fehler: nur der Anfang zählt. */
        {
            let s = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            format!("ZEIT {s}")
        } else {
            "FEHLER unbekannte Anfrage".to_string()
        };
        let _ = socket.send_to(antwort.as_bytes(), absender);
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

//! Absichtlich falsch (Aufgabe 04): beantwortet jedes Datagramm, auch ein leeres und
//! auch Antworten anderer Server.
//! Der Prüfer meldet „Leeres Datagramm bleibt ohne Antwort“ mit ✗.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_04_antwortet_allem -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let socket = UdpSocket::bind(adresse_aus_argumenten("127.0.0.1:5104"))?;
    println!("Server lauscht auf {}", socket.local_addr()?);
    let mut puffer = [0u8; 1500];
    loop {
        let Ok((n, absender)) = socket.recv_from(&mut puffer) else {
            continue;
        };
        let anfrage = puffer[..n].strip_suffix(b"\n").unwrap_or(&puffer[..n]);
        // Der Fehler: Jedes Datagramm bekommt eine Antwort.
        let antwort = if anfrage == b"ZEIT" {
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

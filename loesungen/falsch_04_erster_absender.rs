//! Absichtlich falsch (Aufgabe 04): merkt sich den ersten Absender und
//! schickt alle Antworten dorthin – als gäbe es bei UDP eine Verbindung. Der
//! Prüfer meldet „Antwortet jedem Absender“ mit ✗.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_04_erster_absender -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5104");
    let socket = UdpSocket::bind(adresse)?;
    println!("Server lauscht auf {}", socket.local_addr()?);
    let mut erster: Option<SocketAddr> = None;
    let mut puffer = [0u8; 1500];
    loop {
        let Ok((n, absender)) = socket.recv_from(&mut puffer) else {
            continue;
        };
        let ziel = *erster.get_or_insert(absender);
        let anfrage = puffer[..n].strip_suffix(b"\n").unwrap_or(&puffer[..n]);
        let antwort = if anfrage == b"ZEIT" {
            let s = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            format!("ZEIT {s}")
        } else {
            "FEHLER unbekannte Anfrage".to_string()
        };
        let _ = socket.send_to(antwort.as_bytes(), ziel);
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

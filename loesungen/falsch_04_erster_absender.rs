//! Absichtlich falsch (Aufgabe 04): merkt sich den ersten Absender und
//! schickt alle Antworten dorthin – als gäbe es bei UDP eine Verbindung. Der
//! Prüfer meldet „Antwortet jedem Absender“ mit ✗.

use std::net::{SocketAddr, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> std::io::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5104".into());
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

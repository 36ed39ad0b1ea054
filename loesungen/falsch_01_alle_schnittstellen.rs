//! Absichtlich falsch (Aufgabe 01): bindet 0.0.0.0 statt der Adresse aus dem
//! Argument und ist damit aus dem ganzen Netz erreichbar. Der Prüfer meldet
//! „Lauscht nur auf Loopback“ mit ✗.

use std::io::Write;
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    // Der typische Fehler: nur den Port übernehmen und „überall“ lauschen.
    let port = std::env::args()
        .nth(1)
        .and_then(|a| a.rsplit(':').next().map(String::from))
        .unwrap_or_else(|| "5101".into());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let mut verbindung = verbindung?;
        let client = verbindung.peer_addr()?;
        verbindung.write_all(format!("Du kommst von {client}\n").as_bytes())?;
    }
    Ok(())
}

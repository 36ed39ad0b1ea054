//! Absichtlich falsch (Aufgabe 02): hält ein read() für eine ganze Nachricht.
//! Kommt der Name in Stücken, bestätigt der Server nur das erste Stück. Der
//! Prüfer meldet „Name kommt in Einzelbytes“ mit ✗.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5102".into());
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

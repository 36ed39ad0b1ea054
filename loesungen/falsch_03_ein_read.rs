//! Absichtlich falsch (Aufgabe 03): ein read() = eine Nachricht. Kommt eine
//! Zeile in Einzelbytes, antwortet der Server auf jedes Stück; kommen zwei
//! Zeilen in einem Paket, antwortet er nur einmal. Der Prüfer meldet „Zeile
//! kommt in Einzelbytes“ mit ✗.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5103".into());
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

//! Absichtlich falsch (Aufgabe 05): Die Summe lebt außerhalb der Schleife
//! über die Clients, also rechnet der zweite Client mit der Summe des ersten
//! weiter. Der Prüfer meldet „Neuer Client beginnt bei 0“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5105".into());
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    let mut summe: i64 = 0; // Der Fehler: gehört in die Verbindung.
    for verbindung in listener.incoming() {
        let verbindung = verbindung?;
        let mut leser = BufReader::new(&verbindung);
        let mut schreiber = &verbindung;
        loop {
            let mut zeile = Vec::new();
            if (&mut leser).take(101).read_until(b'\n', &mut zeile)? == 0 {
                break;
            }
            if !zeile.ends_with(b"\n") {
                let _ = schreiber.write_all(b"Fehler: Zeile zu lang\n");
                break;
            }
            let text = String::from_utf8_lossy(&zeile).trim().to_string();
            if text == "ende" {
                let _ = schreiber.write_all(format!("Ergebnis: {summe}\n").as_bytes());
                break;
            }
            let antwort = match text.parse::<i64>() {
                Ok(z) => {
                    summe = summe.wrapping_add(z);
                    format!("Summe: {summe}\n")
                }
                Err(_) => format!("Fehler: \"{text}\" ist keine Zahl\n"),
            };
            if schreiber.write_all(antwort.as_bytes()).is_err() {
                break;
            }
        }
    }
    Ok(())
}

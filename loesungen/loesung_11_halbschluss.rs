//! Musterlösung zu Aufgabe 11 „Zählen bis zum Halbschluss“: liest, bis der
//! Client seine Senderichtung schließt, und antwortet erst dann.
//!
//! Terminal 1: cargo run --example loesung_11_halbschluss
//! Terminal 2: printf 'a\nbb\n' | nc -N 127.0.0.1 5111
//!             (-N: nach dem Ende der Eingabe shutdown(Write); manche nc heißen -q0)
//!
//! Prüfen: cargo run --bin pruefen -- 11 --beispiel loesung_11_halbschluss

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5111";
/// Ein Client, der so lange gar nichts schickt, wird aufgegeben.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        if let Err(e) = zaehle(verbindung) {
            eprintln!("Ein Client: {e:#}");
        }
    }
    Ok(())
}

// ANCHOR: zaehlen
fn zaehle(mut verbindung: TcpStream) -> anyhow::Result<()> {
    // getpeername(2): Wer ist am anderen Ende?
    println!("Verbindung von {}", verbindung.peer_addr()?);
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let (mut zeilen, mut bytes) = (0u64, 0u64);
    let mut puffer = [0u8; 8192];
    loop {
        // read() liefert 0 Bytes erst, wenn der Client shutdown(Write)
        // aufgerufen (oder geschlossen) hat – vorher kommt immer noch etwas.
        let n = verbindung
            .read(&mut puffer)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        zeilen += puffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    // Die Gegenrichtung ist noch offen: Die Antwort kommt an.
    verbindung.write_all(format!("ZEILEN {zeilen} BYTES {bytes}\n").as_bytes())?;
    // shutdown(2) schließt auch unsere Senderichtung: Der Client liest 0 Bytes.
    verbindung.shutdown(Shutdown::Write)?;
    Ok(())
}
// ANCHOR_END: zaehlen

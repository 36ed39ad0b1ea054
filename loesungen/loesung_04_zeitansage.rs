//! Musterlösung zu Aufgabe 04 „UDP-Zeitansage“: beantwortet jedes Datagramm
//! `ZEIT` mit den Sekunden seit 1970, an genau den Absender.
//!
//! Terminal 1: cargo run --example loesung_04_zeitansage
//! Terminal 2: echo -n ZEIT | nc -u -w1 127.0.0.1 5104
//!
//! Prüfen: cargo run --bin pruefen -- 04 --beispiel loesung_04_zeitansage

use std::net::UdpSocket;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5104";
/// Größtes Datagramm, das wir ganz lesen. Ein größeres schneidet das System
/// ab (Linux/macOS) oder meldet einen Fehler (Windows) – beides übersteht
/// der Server.
const PUFFER: usize = 1500;

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
    let socket = UdpSocket::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", socket.local_addr()?);

    // ANCHOR: schleife
    let mut puffer = [0u8; PUFFER];
    loop {
        // Ein recv_from ist genau ein Datagramm, samt Absender. Es gibt keine
        // Verbindung: Wohin die Antwort geht, steht nur in `absender`.
        let (n, absender) = match socket.recv_from(&mut puffer) {
            Ok(x) => x,
            Err(e) => {
                // z. B. Windows: Datagramm größer als der Puffer. Weiter geht's.
                eprintln!("Empfangen ist gescheitert: {e}");
                continue;
            }
        };
        let anfrage = &puffer[..n];
        let anfrage = anfrage.strip_suffix(b"\n").unwrap_or(anfrage);
        let antwort = if anfrage == b"ZEIT" {
            let sekunden = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
            format!("ZEIT {sekunden}")
        } else {
            "FEHLER unbekannte Anfrage".to_string()
        };
        println!(
            "{absender}: {} → {antwort}",
            String::from_utf8_lossy(anfrage)
        );
        if let Err(e) = socket.send_to(antwort.as_bytes(), absender) {
            eprintln!("Antwort an {absender} ist gescheitert: {e}");
        }
    }
    // ANCHOR_END: schleife
}

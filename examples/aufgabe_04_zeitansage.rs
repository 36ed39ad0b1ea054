//! Aufgabe 04 „UDP-Zeitansage“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/04-zeitansage.md).
//!
//! Auf das Datagramm `ZEIT` antwortet der Server mit `ZEIT 1732240000`
//! (Sekunden seit 1970), auf alles andere mit `FEHLER unbekannte Anfrage`.
//!
//! Terminal 1: cargo run --example aufgabe_04_zeitansage
//! Terminal 2: echo -n ZEIT | nc -u -w1 127.0.0.1 5104
//! Prüfen:     cargo run --bin pruefen -- 04

use std::net::UdpSocket;
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5104";
/// Größtes Datagramm, das wir ganz lesen.
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
    beantworte(&socket)
}

/// Empfange Datagramme mit recv_from und antworte jedem Absender mit send_to.
fn beantworte(socket: &UdpSocket) -> anyhow::Result<()> {
    todo!("Schleife mit recv_from auf {socket:?} (Puffer {PUFFER} Bytes)")
}

//! Aufgabe 01 „Port-Ansager“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/01-portansage.md).
//!
//! Der Server sagt jedem Client, unter welcher Adresse er ihn sieht:
//! `Du kommst von 127.0.0.1:54321`.
//!
//! Terminal 1: cargo run --example aufgabe_01_portansage
//! Terminal 2: nc 127.0.0.1 5101
//! Prüfen:     cargo run --bin pruefen -- 01

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

/// Nur Programme auf diesem Rechner erreichen den Server.
const STANDARD_ADRESSE: &str = "127.0.0.1:5101";

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
    // Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    // oder aus der Umgebungsvariable ADRESSE.
    let adresse = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());

    let listener = binde(&adresse)?;
    // Schritt 2: Melde die ECHTE Adresse (local_addr), z. B.
    // „Server lauscht auf 127.0.0.1:41234“ – als erste Zeile.
    println!("Server lauscht auf {}", listener.local_addr()?);

    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = sage_an(v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => eprintln!("accept() ist gescheitert: {e}"),
        }
    }
    Ok(())
}

/// Schritt 1: Binde die Adresse. Mit Port 0 wählt das System einen freien Port.
fn binde(adresse: &str) -> anyhow::Result<TcpListener> {
    todo!("TcpListener::bind({adresse:?}) mit einer deutschen Fehlermeldung")
}

/// Schritt 3: Schicke dem Client „Du kommst von IP:PORT\n“ (seine Adresse,
/// nicht die des Servers) und schließe die Verbindung.
fn sage_an(verbindung: TcpStream) -> anyhow::Result<()> {
    todo!("peer_addr() von {verbindung:?} ansagen")
}

//! Musterlösung zu Aufgabe 01 „Port-Ansager“: Der Server sagt jedem Client,
//! unter welcher Adresse (IP und Port) er ihn sieht.
//!
//! Terminal 1: cargo run --example loesung_01_portansage
//! Terminal 2: nc 127.0.0.1 5101      (oder: cargo run --example hello_client -- 127.0.0.1:5101)
//!
//! Prüfen: cargo run --bin pruefen -- 01 --beispiel loesung_01_portansage

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::Context;

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
    // Adresse: erstes Argument, sonst Umgebungsvariable ADRESSE, sonst Standard.
    let adresse = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());

    // ANCHOR: binden
    let listener = TcpListener::bind(&adresse).with_context(|| {
        format!("Kann {adresse} nicht binden. Läuft der Server schon in einem anderen Terminal?")
    })?;
    // Die echte Adresse aus local_addr(): Bei Port 0 wählt das System den Port.
    println!("Server lauscht auf {}", listener.local_addr()?);
    // ANCHOR_END: binden

    // ANCHOR: schleife
    // Der Server hat einen festen Port; jeder Client bekommt vom System einen
    // eigenen, meist hohen „ephemeren“ Port. accept() liefert ihn mit.
    for verbindung in listener.incoming() {
        let mut verbindung = match verbindung {
            Ok(v) => v,
            Err(e) => {
                // Ein gescheitertes accept() betrifft nur diesen einen Client.
                eprintln!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        let client = verbindung.peer_addr()?;
        println!("Client {client} angesagt");
        if let Err(e) = verbindung.write_all(format!("Du kommst von {client}\n").as_bytes()) {
            eprintln!("Senden an {client} ist gescheitert: {e}");
        }
        // Hier endet der Schleifendurchlauf: Drop schließt die Verbindung.
    }
    // ANCHOR_END: schleife
    Ok(())
}

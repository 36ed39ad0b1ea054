//! Eigenes Protokoll, Client: liest Befehle von der Tastatur, schickt sie als
//! Rahmen (4 Bytes Länge, Big Endian, dann JSON) an `json_server` und zeigt,
//! was auf der Leitung hin und her geht.
//!
//! Benutzt `serde_json::json!`, `write_all` und `read_exact`.
//!
//! Terminal 1: cargo run --example json_server
//! Terminal 2: cargo run --example json_client
//!
//! Befehle: echo TEXT · addiere 1 2 3 · notiere TEXT · liste · roh JSON · ende

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::json;

const STANDARD_ADRESSE: &str = "localhost:6002";
/// Größte Antwort, die wir annehmen – dieselbe Grenze wie beim Server.
const MAX_RAHMEN: usize = 64 * 1024;
const HILFE: &str = "Befehle: echo TEXT · addiere 1 2 3 · notiere TEXT · liste · roh JSON · ende";

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
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let mut verbindung = match TcpStream::connect(&adresse) {
        Ok(v) => v,
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            return Err(e).with_context(|| {
                format!(
                    "Keine Verbindung zu {adresse}: Dort lauscht kein Server. \
                     Starte ihn zuerst in Terminal 1 mit `cargo run --example json_server`"
                )
            });
        }
        Err(e) => return Err(e).with_context(|| format!("Keine Verbindung zu {adresse}")),
    };
    println!("Verbunden mit {}. {HILFE}", verbindung.peer_addr()?);

    let mut tastatur = io::stdin().lock();
    loop {
        print!("-> ");
        io::stdout().flush()?;
        let mut zeile = String::new();
        if tastatur.read_line(&mut zeile)? == 0 {
            println!();
            break; // Strg+D: keine Eingabe mehr
        }
        let (befehl, rest) = zeile.trim().split_once(' ').unwrap_or((zeile.trim(), ""));
        // ANCHOR: anfrage
        let nutzdaten = match befehl {
            "" => continue,
            "ende" => break,
            "echo" | "notiere" => json!({ "befehl": befehl, "text": rest }).to_string(),
            "liste" => json!({ "befehl": "liste" }).to_string(),
            "addiere" => {
                let zahlen: Result<Vec<i64>, _> = rest.split_whitespace().map(str::parse).collect();
                match zahlen {
                    Ok(zahlen) => json!({ "befehl": "addiere", "zahlen": zahlen }).to_string(),
                    Err(_) => {
                        println!("addiere erwartet ganze Zahlen, etwa: addiere 1 2 3");
                        continue;
                    }
                }
            }
            // Schickt den Text ungeprüft – so lassen sich die Fehlerantworten ausprobieren.
            "roh" => rest.to_string(),
            _ => {
                println!("{HILFE}");
                continue;
            }
        };
        // ANCHOR_END: anfrage
        if nutzdaten.len() > MAX_RAHMEN {
            println!("Zu groß: höchstens {MAX_RAHMEN} Bytes pro Rahmen. Nicht gesendet.");
            continue;
        }
        sende(&mut verbindung, nutzdaten.as_bytes())?;
        println!("gesendet:  {}", zeige(nutzdaten.as_bytes()));
        match empfange(&mut verbindung)? {
            Some(antwort) => println!("empfangen: {}", zeige(&antwort)),
            None => {
                println!("Der Server hat die Verbindung geschlossen.");
                return Ok(());
            }
        }
    }
    println!("Verbindung wird geschlossen.");
    Ok(())
}

// ANCHOR: senden
/// Ein Rahmen: 4 Bytes Länge in Netzwerk-Byte-Order, dann die Nutzdaten.
/// Beides in einem write_all, damit kein halber Rahmen allein unterwegs ist.
fn sende(verbindung: &mut TcpStream, nutzdaten: &[u8]) -> anyhow::Result<()> {
    let mut rahmen = (nutzdaten.len() as u32).to_be_bytes().to_vec();
    rahmen.extend_from_slice(nutzdaten);
    verbindung
        .write_all(&rahmen)
        .context("Senden ist gescheitert: Der Server ist nicht mehr erreichbar")
}

/// Liest genau einen Rahmen. `read_exact` sammelt so lange, bis alle Bytes da
/// sind – TCP darf sie in beliebig vielen Stücken liefern.
/// `Ok(None)`: Der Server hat vor dem nächsten Rahmen aufgelegt.
fn empfange(verbindung: &mut TcpStream) -> anyhow::Result<Option<Vec<u8>>> {
    let mut kopf = [0u8; 4];
    match verbindung.read_exact(&mut kopf) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e).context("Lesen ist gescheitert: Die Verbindung ist abgerissen"),
    }
    let laenge = u32::from_be_bytes(kopf) as usize;
    if laenge > MAX_RAHMEN {
        bail!(
            "Der Server kündigt {laenge} Bytes an, mehr als {MAX_RAHMEN}. Ist das wirklich json_server?"
        );
    }
    let mut nutzdaten = vec![0u8; laenge];
    verbindung
        .read_exact(&mut nutzdaten)
        .context("Der Server hat mitten im Rahmen aufgelegt")?;
    Ok(Some(nutzdaten))
}
// ANCHOR_END: senden

/// Zeigt einen Rahmen so, wie er auf der Leitung liegt: Kopf in Hex, dann die
/// Nutzdaten als Text. Ungültiges UTF-8 erscheint als �, statt abzubrechen.
fn zeige(nutzdaten: &[u8]) -> String {
    let kopf = (nutzdaten.len() as u32).to_be_bytes();
    let hex: Vec<String> = kopf.iter().map(|b| format!("{b:02x}")).collect();
    format!("[{}] {}", hex.join(" "), String::from_utf8_lossy(nutzdaten))
}

//! Eigenes Protokoll, Client: liest Befehle von der Tastatur, schickt sie als
//! Rahmen (4 Bytes Länge, Big Endian, dann JSON) an `json_server` und zeigt,
//! was auf der Leitung hin und her geht. Schickt der Server bei `liste` nur
//! eine Seite (`"weiter":10`), fragt der Client selbst nach der nächsten.
//!
//! Benutzt `serde_json::json!`, `write_all`, `Read::take` und Lese-Timeouts.
//!
//! Terminal 1: cargo run --example json_server
//! Terminal 2: cargo run --example json_client
//!
//! Befehle: echo TEXT · addiere 1 2 3 · notiere TEXT · liste · roh JSON · ende

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "localhost:6002";
/// Größte Antwort, die wir annehmen – dieselbe Grenze wie beim Server.
const MAX_RAHMEN: usize = 64 * 1024;
/// Antwortet der Server so lange nicht, geben wir auf.
const LESE_TIMEOUT: Duration = Duration::from_secs(10);
/// Höchstens so viele Seiten holt der Client für ein `liste` nach.
const MAX_SEITEN: usize = 100;
const HILFE: &str = "Befehle: echo TEXT · addiere 1 2 3 · notiere TEXT · liste · roh JSON · ende";
const AUFRUF: &str = "Aufruf: json_client [ADRESSE]
  ADRESSE  wo json_server lauscht, Name oder IP-Adresse mit Port (Standard: localhost:6002)
Danach liest der Client Befehle von der Tastatur:
  echo TEXT · addiere 1 2 3 · notiere TEXT · liste · roh JSON · ende";

fn main() -> ExitCode {
    let adresse = match lies_adresse(std::env::args().skip(1)) {
        Ok(Some(adresse)) => adresse,
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)`: Die Hilfe war gefragt.
fn lies_adresse(args: impl Iterator<Item = String>) -> Result<Option<String>, String> {
    let mut adresse = STANDARD_ADRESSE.to_string();
    for (i, arg) in args.enumerate() {
        let hat_port = arg
            .rsplit_once(':')
            .is_some_and(|(_, p)| p.parse::<u16>().is_ok());
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            _ if arg.starts_with('-') => return Err(format!("unbekannte Option {arg:?}")),
            _ if i > 0 => return Err(format!("nur eine ADRESSE, nicht auch noch {arg:?}")),
            _ if !hat_port => {
                return Err(format!(
                    "ADRESSE {arg:?} braucht einen Port, etwa localhost:6002"
                ));
            }
            _ => adresse = arg,
        }
    }
    Ok(Some(adresse))
}

fn run(adresse: &str) -> anyhow::Result<()> {
    let mut verbindung = match TcpStream::connect(adresse) {
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
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    zeile!("Verbunden mit {}. {HILFE}", verbindung.peer_addr()?);

    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("-> ");
        let mut zeile = String::new();
        if tastatur.read_line(&mut zeile)? == 0 {
            zeile!();
            break; // Strg+D: keine Eingabe mehr
        }
        let (befehl, rest) = zeile.trim().split_once(' ').unwrap_or((zeile.trim(), ""));
        // ANCHOR: anfrage
        let mut nutzdaten = match befehl {
            "" => continue,
            "ende" => break,
            "echo" | "notiere" => json!({ "befehl": befehl, "text": rest }).to_string(),
            "liste" => json!({ "befehl": "liste" }).to_string(),
            "addiere" => {
                let zahlen: Result<Vec<i64>, _> = rest.split_whitespace().map(str::parse).collect();
                match zahlen {
                    Ok(zahlen) => json!({ "befehl": "addiere", "zahlen": zahlen }).to_string(),
                    Err(_) => {
                        zeile!("addiere erwartet ganze Zahlen, etwa: addiere 1 2 3");
                        continue;
                    }
                }
            }
            // Schickt den Text ungeprüft – so lassen sich die Fehlerantworten ausprobieren.
            "roh" => rest.to_string(),
            _ => {
                zeile!("{HILFE}");
                continue;
            }
        };
        // ANCHOR_END: anfrage
        if nutzdaten.len() > MAX_RAHMEN {
            zeile!("Zu groß: höchstens {MAX_RAHMEN} Bytes pro Rahmen. Nicht gesendet.");
            continue;
        }
        // ANCHOR: seiten
        // Eine Anfrage, eine Antwort – außer bei einer Seite mit `weiter`:
        // Dann fragt der Client selbst nach der nächsten Seite.
        for _ in 0..MAX_SEITEN {
            sende(&mut verbindung, nutzdaten.as_bytes())?;
            zeile!("gesendet:  {}", zeige(nutzdaten.as_bytes()));
            let Some(antwort) = empfange(&mut verbindung)? else {
                zeile!("Der Server hat die Verbindung geschlossen.");
                return Ok(());
            };
            zeile!("empfangen: {}", zeige(&antwort));
            // Kein JSON oder kein `weiter`: Die Antwort ist vollständig.
            let antwort: Option<Value> = serde_json::from_slice(&antwort).ok();
            let weiter = antwort.filter(|a| a["antwort"] == "notizen");
            match weiter.and_then(|a| a["weiter"].as_u64()) {
                Some(ab) => nutzdaten = json!({ "befehl": "liste", "ab": ab }).to_string(),
                None => break,
            }
        }
        // ANCHOR_END: seiten
    }
    zeile!("Verbindung wird geschlossen.");
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

/// Liest genau einen Rahmen: erst 4 Bytes Kopf, dann so viele Bytes, wie er
/// ankündigt. TCP darf sie in beliebig vielen Stücken liefern, also sammelt
/// `lies` so lange, bis alles da ist. `Ok(None)`: Der Server hat vor dem
/// nächsten Rahmen aufgelegt.
fn empfange(verbindung: &mut TcpStream) -> anyhow::Result<Option<Vec<u8>>> {
    let kopf = lies(verbindung, 4)?;
    if kopf.is_empty() {
        return Ok(None);
    }
    let [a, b, c, d] = kopf[..] else {
        bail!("Der Server hat mitten im Kopf aufgelegt (angekommen: {kopf:02x?})");
    };
    let laenge = u32::from_be_bytes([a, b, c, d]) as usize;
    if laenge > MAX_RAHMEN {
        bail!(
            "Der Server kündigt {laenge} Bytes an, mehr als {MAX_RAHMEN}. Ist das wirklich json_server?"
        );
    }
    let nutzdaten = lies(verbindung, laenge)?;
    if nutzdaten.len() < laenge {
        let text = sichtbar(&String::from_utf8_lossy(&nutzdaten));
        bail!("Der Server hat mitten im Rahmen aufgelegt (angekommen: {text})");
    }
    Ok(Some(nutzdaten))
}

/// Bis zu `n` Bytes; weniger nur, wenn der Server vorher auflegt.
fn lies(verbindung: &mut TcpStream, n: usize) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(n);
    match verbindung.take(n as u64).read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            let (s, text) = (
                LESE_TIMEOUT.as_secs(),
                sichtbar(&String::from_utf8_lossy(&bytes)),
            );
            bail!("Der Server antwortet nicht ({s} s gewartet; angekommen: {text})")
        }
        Err(e) => {
            let text = String::from_utf8_lossy(&bytes);
            Err(e).context(format!(
                "Die Verbindung ist abgerissen (angekommen: {text:?})"
            ))
        }
    }
}
// ANCHOR_END: senden

/// Zeigt einen Rahmen so, wie er auf der Leitung liegt: Kopf in Hex, dann die
/// Nutzdaten als Text. Ungültiges UTF-8 erscheint als �, Steuerzeichen als
/// `\u{1b}` – ein Server kann so nicht das Terminal steuern.
fn zeige(nutzdaten: &[u8]) -> String {
    let kopf = (nutzdaten.len() as u32).to_be_bytes();
    let hex: Vec<String> = kopf.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "[{}] {}",
        hex.join(" "),
        sichtbar(&String::from_utf8_lossy(nutzdaten))
    )
}

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for zeichen in text.chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}
// GLEICH_ENDE: sichtbar

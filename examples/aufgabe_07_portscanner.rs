//! Aufgabe 07 „Port-Scanner mit Timeout“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/07-portscanner.md).
//!
//! Prüft die Ports ERSTER bis LETZTER auf HOST, jeden höchstens 300 ms lang.
//!
//! Aufruf:     cargo run --example aufgabe_07_portscanner -- 127.0.0.1 5000 5120
//! Prüfen:     cargo run --bin pruefen -- 07

use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;

/// So lange darf ein einzelner Verbindungsversuch dauern.
const TIMEOUT: Duration = Duration::from_millis(300);

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [host, erster, letzter] = args.as_slice() else {
        bail!("Aufruf: aufgabe_07_portscanner HOST ERSTER LETZTER, z. B. 127.0.0.1 5000 5100");
    };
    let (ip, erster, letzter) = lies_angaben(host, erster, letzter)?;
    println!("Scanne {ip} von {erster} bis {letzter}");
    scanne(ip, erster, letzter)
}

/// Schritt 1: IP und Ports prüfen; Fehler mit deutscher Meldung (bail!).
fn lies_angaben(host: &str, erster: &str, letzter: &str) -> anyhow::Result<(IpAddr, u16, u16)> {
    todo!("{host:?}, {erster:?} und {letzter:?} prüfen")
}

/// Schritt 2: Jeder Port mit connect_timeout(TIMEOUT); „PORT offen“,
/// „PORT keine Antwort“, am Ende „Fertig: N offen, M ohne Antwort“.
fn scanne(ip: IpAddr, erster: u16, letzter: u16) -> anyhow::Result<()> {
    todo!("{ip} von {erster} bis {letzter} scannen, je Port höchstens {TIMEOUT:?}")
}

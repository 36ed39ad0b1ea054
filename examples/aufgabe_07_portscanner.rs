//! Aufgabe 07 „Port-Scanner mit Timeout“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/07-portscanner.md).
//!
//! Prüft die Ports ERSTER bis LETZTER auf HOST, jeden höchstens 300 ms lang.
//!
//! Aufruf:     cargo run --example aufgabe_07_portscanner -- 127.0.0.1 5000 5120
//! Prüfen:     cargo run --bin pruefen -- 07

use std::io::{self, Write};
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

/// So lange darf ein einzelner Verbindungsversuch dauern.
const TIMEOUT: Duration = Duration::from_millis(300);

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_07_portscanner -- HOST ERSTER LETZTER
HOST           eine IP-Adresse, etwa 127.0.0.1 (scanne nur Rechner, die dir gehören)
ERSTER LETZTER Ports von 0 bis 65535, ERSTER höchstens LETZTER";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Falsche Angaben: deutsche Meldung, die Hilfe und Exit-Code 2.
    let angaben = match args.as_slice() {
        [host, erster, letzter] => lies_angaben(host, erster, letzter),
        _ => Err(anyhow::anyhow!(
            "Erwartet HOST ERSTER LETZTER, z. B. 127.0.0.1 5000 5100"
        )),
    };
    let (ip, erster, letzter) = match angaben {
        Ok(angaben) => angaben,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(ip, erster, letzter) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(ip: IpAddr, erster: u16, letzter: u16) -> anyhow::Result<()> {
    let mut aus = io::stdout();
    writeln!(aus, "Scanne {ip} von {erster} bis {letzter}")?;
    scanne(ip, erster, letzter)
}

/// Schritt 1: IP und Ports prüfen; Fehler mit deutscher Meldung (anyhow::bail!).
fn lies_angaben(host: &str, erster: &str, letzter: &str) -> anyhow::Result<(IpAddr, u16, u16)> {
    todo!("{host:?}, {erster:?} und {letzter:?} prüfen")
}

/// Schritt 2: Jeder Port mit connect_timeout(TIMEOUT); „PORT offen“,
/// „PORT keine Antwort“, am Ende „Fertig: N offen, M ohne Antwort“. Ausgeben
/// mit `writeln!(io::stdout(), …)?` wie in run, nicht mit println!.
fn scanne(ip: IpAddr, erster: u16, letzter: u16) -> anyhow::Result<()> {
    todo!("{ip} von {erster} bis {letzter} scannen, je Port höchstens {TIMEOUT:?}")
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

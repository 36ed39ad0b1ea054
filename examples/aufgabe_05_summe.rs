//! Aufgabe 05 „Summen-Server“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/05-summe.md).
//!
//! Der Client schickt Zahlen, eine pro Zeile; der Server antwortet mit der
//! laufenden Summe. `ende` liefert das Ergebnis und beendet die Verbindung.
//!
//! Terminal 1: cargo run --example aufgabe_05_summe
//! Terminal 2: nc 127.0.0.1 5105
//! Prüfen:     cargo run --bin pruefen -- 05

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5105";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 100;

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_05_summe -- [IP:PORT]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5105 (nur dieser Rechner)";

fn main() -> ExitCode {
    let adresse = match lies_adresse() {
        Ok(Some(adresse)) => adresse,
        Ok(None) => {
            println!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    // Äußere Schleife: ein Client nach dem anderen.
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = summiere(&v) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt
                // sofort neu zu versuchen und den Kern heiß zu drehen.
                eprintln!("accept() ist gescheitert: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    Ok(())
}

/// Innere Schleife: Zeile um Zeile eines Clients, mit eigener Summe.
fn summiere(verbindung: &TcpStream) -> anyhow::Result<()> {
    todo!("Zahlen von {verbindung:?} summieren (Zeilen bis {MAX_ZEILE} Bytes)")
}

/// Schon fertig: liest `[IP:PORT]`, sonst die Umgebungsvariable ADRESSE,
/// sonst STANDARD_ADRESSE. `None` heißt: Hilfe gewünscht.
fn lies_adresse() -> anyhow::Result<Option<SocketAddr>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(None);
    }
    let text = match args.as_slice() {
        [] => std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string()),
        [a] if a.starts_with('-') => anyhow::bail!("Unbekannter Schalter {a:?}"),
        [a] => a.clone(),
        [_, zu_viel, ..] => anyhow::bail!("Zu viele Argumente: {zu_viel:?}"),
    };
    let adresse = (text.to_socket_addrs().ok()).and_then(|mut a| a.next());
    let adresse = adresse.ok_or_else(|| {
        anyhow::anyhow!("Adresse {text:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}")
    })?;
    Ok(Some(adresse))
}

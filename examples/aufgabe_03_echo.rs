//! Aufgabe 03 „Echo, das Einzelbytes übersteht“ – dein Starter. Die Aufgabe
//! steht im Buch unter „Übungsaufgaben“ (book/aufgaben/03-echo.md).
//!
//! Jede Zeile kommt als `Echo: ZEILE` zurück, `bye` beendet die Verbindung.
//!
//! Terminal 1: cargo run --example aufgabe_03_echo
//! Terminal 2: cargo run --example chat_client -- 127.0.0.1:5103
//! Prüfen:     cargo run --bin pruefen -- 03

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5103";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 1024;

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_03_echo -- [IP:PORT]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5103 (nur dieser Rechner)";

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
    for verbindung in listener.incoming() {
        match verbindung {
            // Der Fehler eines Clients beendet nicht den Server.
            Ok(v) => {
                if let Err(e) = echo(v) {
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

/// Lies Zeile um Zeile (höchstens MAX_ZEILE Bytes) und antworte mit
/// `Echo: …\n`; `bye` bekommt `Tschüss!\n`, dann ist Schluss.
fn echo(verbindung: TcpStream) -> anyhow::Result<()> {
    todo!("Zeilen von {verbindung:?} lesen (MAX_ZEILE = {MAX_ZEILE}) und beantworten")
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

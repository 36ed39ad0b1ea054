//! Aufgabe 09 „Dienstauskunft“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/09-dienste.md).
//!
//! Beantwortet Anfragen wie `http/tcp` (→ Port) und `80/tcp` (→ Name) aus
//! der Dienstedatei (DIENSTE_DATEI, sonst /etc/services).
//!
//! Terminal 1: cargo run --example aufgabe_09_dienste
//! Terminal 2: nc 127.0.0.1 5109
//! Prüfen:     cargo run --bin pruefen -- 09

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5109";
const STANDARD_DATEI: &str = "/etc/services";

/// Eine Zeile der Dienstedatei: `http 80/tcp www # World Wide Web`.
#[derive(Debug)]
#[allow(dead_code)] // Die Felder liest du in Schritt 2.
struct Dienst {
    namen: Vec<String>,
    port: u16,
    protokoll: String,
}

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_09_dienste -- [IP:PORT]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5109 (nur dieser Rechner)";

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
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| STANDARD_DATEI.to_string());
    let text =
        std::fs::read_to_string(&datei).with_context(|| format!("Kann {datei} nicht lesen"))?;
    let dienste = lies_dienste(&text);
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = bediene(&v, &dienste) {
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

/// Schritt 1: Zeilen zerlegen; alles ab # ist Kommentar.
fn lies_dienste(text: &str) -> Vec<Dienst> {
    todo!("{} Zeilen in Dienste zerlegen", text.lines().count())
}

/// Schritt 2: Anfragen Zeile für Zeile beantworten.
fn bediene(verbindung: &TcpStream, dienste: &[Dienst]) -> anyhow::Result<()> {
    todo!(
        "Anfragen von {verbindung:?} mit {} Diensten beantworten",
        dienste.len()
    )
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

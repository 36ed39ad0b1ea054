//! Aufgabe 02 „Bestätigungs-Server“ – dein Starter. Die Aufgabe steht im Buch
//! unter „Übungsaufgaben“ (book/aufgaben/02-bestaetigung.md).
//!
//! Der Server liest von jedem Client einen Namen und antwortet
//! `Verbindung hergestellt, NAME! Du bist Client Nr. N.`
//!
//! Terminal 1: cargo run --example aufgabe_02_bestaetigung
//! Terminal 2: cargo run --example hello_client -- 127.0.0.1:5102 Ada
//! Prüfen:     cargo run --bin pruefen -- 02

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5102";
/// Längster Name in Bytes (ohne `\n`).
const MAX_NAME: usize = 100;

/// So lange darf ein Client für seinen ganzen Namen brauchen (`--timeout`).
const STANDARD_TIMEOUT_S: u64 = 10;

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_02_bestaetigung -- [IP:PORT] [--timeout SEKUNDEN]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5102 (nur dieser Rechner)\n\
SEKUNDEN Frist für den ganzen Namen, etwa 0.5 (Standard 10)";

fn main() -> ExitCode {
    let (adresse, timeout) = match lies_argumente() {
        Ok(Some(paar)) => paar,
        Ok(None) => {
            println!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse, timeout) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;

    // Schritt 1: Nimm Clients in einer Schleife an und zähle die Bestätigungen.
    let mut nummer = 0u64;
    for verbindung in listener.incoming() {
        let verbindung = match verbindung {
            Ok(v) => v,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt
                // sofort neu zu versuchen und den CPU-Kern heiß zu drehen.
                eprintln!("accept() ist gescheitert: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
                continue;
            }
        };
        // Der Fehler eines Clients beendet nicht den Server.
        match bediene(&verbindung, nummer + 1, timeout) {
            Ok(true) => nummer += 1,
            Ok(false) => {}
            Err(e) => eprintln!("Ein Client: {e:#}"),
        }
    }
    Ok(())
}

/// Schritt 2: Lies EINE Zeile (höchstens MAX_NAME Bytes, bis zum `\n`) und
/// antworte. Liefert `true`, wenn bestätigt wurde.
///
/// Vorsicht: Ein einzelnes read() kann eine halbe Zeile liefern. Und ein
/// Client, der schweigt, darf den Server höchstens `timeout` lang aufhalten
/// (set_read_timeout).
fn bediene(verbindung: &TcpStream, nummer: u64, timeout: Duration) -> anyhow::Result<bool> {
    todo!(
        "Namen von {verbindung:?} lesen, Nr. {nummer} bestätigen (höchstens {MAX_NAME} Bytes, Frist {timeout:?})"
    )
}

/// Schon fertig: liest `[IP:PORT] [--timeout SEKUNDEN]`; ohne IP:PORT gilt die
/// Umgebungsvariable ADRESSE, sonst STANDARD_ADRESSE. `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> anyhow::Result<Option<(SocketAddr, Duration)>> {
    let (mut text, mut timeout) = (None, Duration::from_secs(STANDARD_TIMEOUT_S));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--timeout" => {
                let wert = args.next().unwrap_or_default();
                let sekunden = (wert.parse::<f64>().ok()).filter(|s| (0.1..=3600.0).contains(s));
                let sekunden = sekunden.with_context(|| {
                    format!("--timeout {wert:?}: erwartet Sekunden von 0.1 bis 3600 (etwa 0.5)")
                })?;
                timeout = Duration::from_secs_f64(sekunden);
            }
            a if a.starts_with('-') => anyhow::bail!("Unbekannter Schalter {a:?}"),
            _ if text.is_some() => anyhow::bail!("Zu viele Argumente: {arg:?}"),
            _ => text = Some(arg),
        }
    }
    let text = (text.or_else(|| std::env::var("ADRESSE").ok()))
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = (text.to_socket_addrs().ok()).and_then(|mut a| a.next());
    let adresse = adresse.ok_or_else(|| {
        anyhow::anyhow!("Adresse {text:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}")
    })?;
    Ok(Some((adresse, timeout)))
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

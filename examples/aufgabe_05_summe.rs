//! Aufgabe 05 „Summen-Server“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/05-summe.md).
//!
//! Der Client schickt Zahlen, eine pro Zeile; der Server antwortet mit der
//! laufenden Summe. `ende` liefert das Ergebnis und beendet die Verbindung.
//!
//! Terminal 1: cargo run --example aufgabe_05_summe
//! Terminal 2: nc 127.0.0.1 5105
//! Prüfen:     cargo run --bin pruefen -- 05

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5105";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 100;

/// So lange darf ein Client für eine ganze Zeile brauchen (`--timeout`).
const STANDARD_TIMEOUT_S: u64 = 30;

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_05_summe -- [IP:PORT] [--timeout SEKUNDEN]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5105 (nur dieser Rechner)\n\
SEKUNDEN Frist für eine ganze Zeile des Clients, etwa 0.5 (Standard 30)";

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
    // Äußere Schleife: ein Client nach dem anderen.
    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = summiere(&v, timeout) {
                    eprintln!("Ein Client: {e:#}");
                }
            }
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt
                // sofort neu zu versuchen und den CPU-Kern heiß zu drehen.
                eprintln!("accept() ist gescheitert: {e}");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    Ok(())
}

/// Innere Schleife: Zeile um Zeile eines Clients, mit eigener Summe.
fn summiere(verbindung: &TcpStream, timeout: Duration) -> anyhow::Result<()> {
    // Ein Client, der `timeout` lang keine ganze Zeile schickt, wird getrennt,
    // sonst hält er alle anderen auf (set_read_timeout).
    todo!("Zahlen von {verbindung:?} summieren (Zeilen bis {MAX_ZEILE} Bytes, Frist {timeout:?})")
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

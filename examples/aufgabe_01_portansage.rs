//! Aufgabe 01 „Port-Ansager“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/01-portansage.md).
//!
//! Der Server sagt jedem Client, unter welcher Adresse er ihn sieht:
//! `Du kommst von 127.0.0.1:54321`.
//!
//! Terminal 1: cargo run --example aufgabe_01_portansage
//! Terminal 2: nc 127.0.0.1 5101
//! Prüfen:     cargo run --bin pruefen -- 01

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

/// Nur Programme auf diesem Rechner erreichen den Server.
const STANDARD_ADRESSE: &str = "127.0.0.1:5101";

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_01_portansage -- [IP:PORT]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5101 (nur dieser Rechner)";

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
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    // Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    // oder aus der Umgebungsvariable ADRESSE.
    let listener = binde(adresse)?;
    // Schritt 2: Melde die ECHTE Adresse (local_addr), z. B.
    // „Server lauscht auf 127.0.0.1:41234“ – als erste Zeile.
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;

    for verbindung in listener.incoming() {
        match verbindung {
            Ok(v) => {
                if let Err(e) = sage_an(v) {
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

/// Schritt 1: Binde die Adresse. Mit Port 0 wählt das System einen freien Port.
fn binde(adresse: SocketAddr) -> anyhow::Result<TcpListener> {
    todo!("TcpListener::bind({adresse}) mit einer deutschen Fehlermeldung")
}

/// Schritt 3: Schicke dem Client „Du kommst von IP:PORT\n“ (seine Adresse,
/// nicht die des Servers) und schließe die Verbindung.
fn sage_an(verbindung: TcpStream) -> anyhow::Result<()> {
    todo!("peer_addr() von {verbindung:?} ansagen")
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

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

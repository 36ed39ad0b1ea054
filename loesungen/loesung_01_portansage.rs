//! Musterlösung zu Aufgabe 01 „Port-Ansager“: Der Server sagt jedem Client,
//! unter welcher Adresse (IP und Port) er ihn sieht.
//!
//! Terminal 1: cargo run --example loesung_01_portansage
//! Terminal 2: nc 127.0.0.1 5101      (oder: cargo run --example hello_client -- 127.0.0.1:5101)
//!
//! Prüfen: cargo run --bin pruefen -- 01 --beispiel loesung_01_portansage

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

/// Nur Programme auf diesem Rechner erreichen den Server.
const STANDARD_ADRESSE: &str = "127.0.0.1:5101";
/// Pause nach einem gescheiterten accept(), etwa wenn keine Dateideskriptoren
/// mehr frei sind (EMFILE): Sofort neu versuchen hieße, den CPU-Kern heiß zu drehen.
const PAUSE_NACH_FEHLER: Duration = Duration::from_millis(100);
/// So lange darf das Senden der Ansage dauern, wenn der Client nicht liest.
const SENDE_TIMEOUT: Duration = Duration::from_secs(2);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_01_portansage -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5101 (nur dieser Rechner)";

fn main() -> ExitCode {
    let adresse = match lies_argumente() {
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
    // ANCHOR: binden
    let listener = TcpListener::bind(adresse).with_context(|| {
        format!("Kann {adresse} nicht binden. Läuft der Server schon in einem anderen Terminal?")
    })?;
    // Die echte Adresse aus local_addr(): Bei Port 0 wählt das System den Port.
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;
    // ANCHOR_END: binden

    // ANCHOR: schleife
    // Der Server hat einen festen Port; jeder Client bekommt vom System einen
    // eigenen, meist hohen „ephemeren“ Port. accept() liefert ihn mit.
    loop {
        let (mut verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Ein gescheitertes accept() betrifft nur diesen einen Versuch.
                eprintln!("accept() ist gescheitert: {e}. Neuer Versuch gleich.");
                std::thread::sleep(PAUSE_NACH_FEHLER);
                continue;
            }
        };
        // accept() nennt die Adresse des Clients gleich mit. peer_addr() fragte
        // das System noch einmal – und scheitert, wenn der Client schon weg ist.
        writeln!(aus, "Client {client} angesagt")?;
        let _ = verbindung.set_write_timeout(Some(SENDE_TIMEOUT));
        if let Err(e) = verbindung.write_all(format!("Du kommst von {client}\n").as_bytes()) {
            eprintln!("Senden an {client} ist gescheitert: {e}");
        }
        // Hier endet der Schleifendurchlauf: Drop schließt die Verbindung.
    }
    // ANCHOR_END: schleife
}

/// Liest `[IP:PORT]`; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> anyhow::Result<Option<SocketAddr>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(None);
    }
    let text = match args.as_slice() {
        [] => std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string()),
        [a] if a.starts_with('-') => bail!("Unbekannter Schalter {a:?}"),
        [a] => a.clone(),
        [_, zu_viel, ..] => bail!("Zu viele Argumente: {zu_viel:?}"),
    };
    let adresse = (text.to_socket_addrs().ok())
        .and_then(|mut a| a.next())
        .with_context(|| format!("Adresse {text:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"))?;
    Ok(Some(adresse))
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

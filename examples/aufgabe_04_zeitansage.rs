//! Aufgabe 04 „UDP-Zeitansage“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/04-zeitansage.md).
//!
//! Auf das Datagramm `ZEIT` antwortet der Server mit `ZEIT 1732240000`
//! (Sekunden seit 1970), auf alles andere mit `FEHLER unbekannte Anfrage`.
//!
//! Terminal 1: cargo run --example aufgabe_04_zeitansage
//! Terminal 2: echo -n ZEIT | nc -u -w1 127.0.0.1 5104
//! Prüfen:     cargo run --bin pruefen -- 04

use std::io::{self, Write};
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5104";
/// Größtes Datagramm, das wir ganz lesen.
const PUFFER: usize = 1500;

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_04_zeitansage -- [IP:PORT]\n\
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5104 (nur dieser Rechner)";

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
    let socket = UdpSocket::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", socket.local_addr()?)?;
    beantworte(&socket)
}

/// Empfange Datagramme mit recv_from und antworte jedem Absender mit send_to.
/// Leere Datagramme und Antworten (beginnen mit `ZEIT ` oder `FEHLER`) bleiben
/// ohne Antwort, sonst schaukeln sich zwei Server gegenseitig auf.
fn beantworte(socket: &UdpSocket) -> anyhow::Result<()> {
    todo!("Schleife mit recv_from auf {socket:?} (Puffer {PUFFER} Bytes)")
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

//! Musterlösung zu Aufgabe 04 „UDP-Zeitansage“: beantwortet jedes Datagramm
//! `ZEIT` mit den Sekunden seit 1970, an genau den Absender. Leere Datagramme
//! und Antworten (`ZEIT …`, `FEHLER …`) bleiben unbeantwortet: So schaukeln
//! sich zwei Server nie gegenseitig auf.
//!
//! Terminal 1: cargo run --example loesung_04_zeitansage
//! Terminal 2: echo -n ZEIT | nc -u -w1 127.0.0.1 5104
//!
//! Prüfen: cargo run --bin pruefen -- 04 --beispiel loesung_04_zeitansage

use std::io::{self, Write};
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5104";
/// Größtes Datagramm, das wir ganz lesen. Ein größeres schneidet das System
/// ab (Linux/macOS) oder meldet einen Fehler (Windows) – beides übersteht
/// der Server.
const PUFFER: usize = 1500;
/// Pause nach einem Fehler beim Empfangen, damit ein Dauerfehler den Kern
/// nicht heiß dreht.
const PAUSE_NACH_FEHLER: Duration = Duration::from_millis(10);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_04_zeitansage -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5104 (nur dieser Rechner)";

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
    let socket = UdpSocket::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", socket.local_addr()?)?;

    // ANCHOR: schleife
    let mut puffer = [0u8; PUFFER];
    loop {
        // Ein recv_from ist genau ein Datagramm, samt Absender. Es gibt keine
        // Verbindung: Wohin die Antwort geht, steht nur in `absender`.
        let (n, absender) = match socket.recv_from(&mut puffer) {
            Ok(x) => x,
            Err(e) => {
                // z. B. Windows: Datagramm größer als der Puffer. Weiter geht's.
                eprintln!("Empfangen ist gescheitert: {e}");
                std::thread::sleep(PAUSE_NACH_FEHLER);
                continue;
            }
        };
        let anfrage = &puffer[..n];
        let anfrage = anfrage.strip_suffix(b"\n").unwrap_or(anfrage);
        let Some(antwort) = antwort_auf(anfrage) else {
            writeln!(aus, "{absender}: {} bleibt ohne Antwort", zeig(anfrage))?;
            continue;
        };
        writeln!(aus, "{absender}: {} → {antwort}", zeig(anfrage))?;
        if let Err(e) = socket.send_to(antwort.as_bytes(), absender) {
            eprintln!("Antwort an {absender} ist gescheitert: {e}");
        }
    }
    // ANCHOR_END: schleife
}

// ANCHOR: antwort
/// Die Antwort auf eine Anfrage, oder `None`, wenn wir schweigen. Ein leeres
/// Datagramm und alles, was selbst wie eine Antwort aussieht, bleibt ohne
/// Antwort. Sonst genügte ein einziges gefälschtes Datagramm (Absender: der
/// andere Server), und zwei Server schickten sich ewig `FEHLER` hin und her.
fn antwort_auf(anfrage: &[u8]) -> Option<String> {
    if anfrage.is_empty() || anfrage.starts_with(b"ZEIT ") || anfrage.starts_with(b"FEHLER") {
        return None;
    }
    if anfrage == b"ZEIT" {
        let sekunden = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Some(format!("ZEIT {sekunden}"))
    } else {
        Some("FEHLER unbekannte Anfrage".to_string())
    }
}
// ANCHOR_END: antwort

/// Zeigt ein Datagramm fürs Terminal: ungültiges UTF-8 als �, Steuerzeichen
/// (ein `\n`, das eine falsche Logzeile beginnt, ESC …) als `\n`, `\u{1b}`.
fn zeig(daten: &[u8]) -> String {
    let mut aus = String::new();
    for zeichen in String::from_utf8_lossy(daten).chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    format!("\"{aus}\"")
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

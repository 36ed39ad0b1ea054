//! Aufgabe 06 „Zwei Server, ein Client“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/06-zwei_server.md).
//!
//! Der Client liest von zwei Servern zugleich und gibt jede Zeile sofort aus:
//! `A: …` oder `B: …`. Haben beide geschlossen: `Fertig`.
//!
//! Terminal 1: cargo run --example loesung_03_echo -- 127.0.0.1:5103   (oder ein eigener Server)
//! Terminal 2: cargo run --example aufgabe_06_zwei_server -- 127.0.0.1:5103 127.0.0.1:5105
//! Prüfen:     cargo run --bin pruefen -- 06

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_06_zwei_server -- ADRESSE_A ADRESSE_B
ADRESSE_A, ADRESSE_B  die beiden Server als IP:PORT, etwa 127.0.0.1:5103 127.0.0.1:5105";

fn main() -> ExitCode {
    let [a, b] = match lies_adressen() {
        Ok(Some(adressen)) => adressen,
        Ok(None) => {
            println!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(a, b) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: SocketAddr, b: SocketAddr) -> anyhow::Result<()> {
    let strom_a =
        TcpStream::connect(a).with_context(|| format!("Keine Verbindung zu Server A ({a})"))?;
    let strom_b =
        TcpStream::connect(b).with_context(|| format!("Keine Verbindung zu Server B ({b})"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Verbunden mit 2 Servern")?;
    lies_beide(strom_a, strom_b)?;
    writeln!(aus, "Fertig")?;
    Ok(())
}

/// Schritt 1: beide Sockets nicht-blockierend machen (set_nonblocking).
/// Schritt 2: in einer Schleife von beiden lesen, bis WouldBlock kommt;
///            je Server einen eigenen Puffer für angefangene Zeilen.
/// Schritt 3: zurückkehren, wenn beide Server geschlossen haben (read → 0).
/// Ausgeben mit `writeln!(io::stdout(), "A: {text}")?` wie oben, nicht mit
/// println!: So endet das Programm still, wenn niemand mehr mitliest.
fn lies_beide(a: TcpStream, b: TcpStream) -> anyhow::Result<()> {
    todo!("von {a:?} und {b:?} lesen, ohne auf einen zu warten")
}

/// Schon fertig: liest `ADRESSE_A ADRESSE_B`. `None` heißt: Hilfe gewünscht.
fn lies_adressen() -> anyhow::Result<Option<[SocketAddr; 2]>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(None);
    }
    if let Some(schalter) = args.iter().find(|a| a.starts_with('-')) {
        bail!("Unbekannter Schalter {schalter:?}");
    }
    let [a, b] = args.as_slice() else {
        bail!("Erwartet genau zwei Adressen, bekommen: {}", args.len());
    };
    let adresse = |text: &String| {
        (text.to_socket_addrs().ok())
            .and_then(|mut a| a.next())
            .with_context(|| format!("Adresse {text:?}: erwartet IP:PORT, etwa 127.0.0.1:5103"))
    };
    Ok(Some([adresse(a)?, adresse(b)?]))
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

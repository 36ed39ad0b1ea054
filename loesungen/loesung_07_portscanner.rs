//! Musterlösung zu Aufgabe 07 „Port-Scanner mit Timeout“: prüft Ports auf
//! diesem Rechner, jeden höchstens 300 ms lang.
//!
//! Aufruf: cargo run --example loesung_07_portscanner -- 127.0.0.1 5000 5110
//!
//! Prüfen: cargo run --bin pruefen -- 07 --beispiel loesung_07_portscanner

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

/// So lange darf ein einzelner Verbindungsversuch dauern.
const TIMEOUT: Duration = Duration::from_millis(300);

const AUFRUF: &str = "Aufruf: cargo run --example loesung_07_portscanner -- HOST ERSTER LETZTER
HOST           eine IP-Adresse, etwa 127.0.0.1 (scanne nur Rechner, die dir gehören)
ERSTER LETZTER Ports von 0 bis 65535, ERSTER höchstens LETZTER";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let angaben = match lies_angaben(&args) {
        Ok(angaben) => angaben,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(angaben) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prüft `HOST ERSTER LETZTER`.
fn lies_angaben(args: &[String]) -> anyhow::Result<(IpAddr, u16, u16)> {
    if let Some(schalter) = args.iter().find(|a| a.starts_with('-')) {
        bail!("Unbekannter Schalter {schalter:?}");
    }
    let [host, erster, letzter] = args else {
        bail!("Erwartet HOST ERSTER LETZTER, z. B. 127.0.0.1 5000 5100");
    };
    let ip: IpAddr = host
        .parse()
        .ok()
        .with_context(|| format!("{host:?} ist keine IP-Adresse, z. B. 127.0.0.1"))?;
    let erster: u16 = erster
        .parse()
        .ok()
        .with_context(|| format!("{erster:?} ist kein Port (0–65535)"))?;
    let letzter: u16 = letzter
        .parse()
        .ok()
        .with_context(|| format!("{letzter:?} ist kein Port (0–65535)"))?;
    if erster > letzter {
        bail!("Der erste Port ({erster}) liegt hinter dem letzten ({letzter}).");
    }
    Ok((ip, erster, letzter))
}

fn run((ip, erster, letzter): (IpAddr, u16, u16)) -> anyhow::Result<()> {
    let mut aus = io::stdout();
    writeln!(aus, "Scanne {ip} von {erster} bis {letzter}")?;

    // ANCHOR: scannen
    let (mut offen, mut still) = (0, 0);
    for port in erster..=letzter {
        let ziel = SocketAddr::new(ip, port);
        // connect_timeout bricht nach TIMEOUT ab. Ein einfaches connect()
        // würde bei einem Port, der Pakete schluckt, minutenlang warten.
        match TcpStream::connect_timeout(&ziel, TIMEOUT) {
            Ok(_) => {
                offen += 1;
                writeln!(aus, "{port} offen")?;
            }
            // Unter Unix meist TimedOut, manche Systeme melden WouldBlock.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                still += 1;
                writeln!(aus, "{port} keine Antwort")?;
            }
            // ConnectionRefused: Niemand lauscht dort. Das ist der Normalfall.
            Err(_) => {}
        }
    }
    // ANCHOR_END: scannen
    writeln!(aus, "Fertig: {offen} offen, {still} ohne Antwort")?;
    Ok(())
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

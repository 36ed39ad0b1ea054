//! Musterlösung zu Aufgabe 22 „Das Vierertupel“: Ein Client verbindet sich,
//! zeigt beide Enden seiner Verbindung (eigene Adresse mit dem ephemeren Port,
//! den das Betriebssystem gewählt hat, und die Adresse des Servers) und schickt
//! dem Server seine Adresse als Zeile.
//!
//! Benutzt `ToSocketAddrs` (Namen auflösen), `TcpStream::connect`,
//! `local_addr`, `peer_addr` und `write_all`.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example loesung_22_vierertupel
//!
//! Mit IPv6:   cargo run --example hello_server -- [::1]:12345
//!             cargo run --example loesung_22_vierertupel -- [::1]:12345
//! Prüfen:     cargo run --bin pruefen -- 22 --beispiel loesung_22_vierertupel

use std::io::Write;
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::{Context, bail};

// GLEICH: zeile_ohne_panik
/// println! ohne Panik: Ist der Leser von stdout fort (`… | head -n 1`), endet
/// das Programm leise. Rust ignoriert SIGPIPE, also liefert write() BrokenPipe.
macro_rules! zeile {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}
// GLEICH_ENDE: zeile_ohne_panik

/// Der Server des Kapitels „Erste Verbindung“ (`hello_server`) lauscht hier.
const STANDARD_ZIEL: &str = "127.0.0.1:12345";

const AUFRUF: &str = "Aufruf: cargo run --example loesung_22_vierertupel -- [ADRESSE]
  ADRESSE  Server als IP:PORT, [IPv6]:PORT oder NAME:PORT (Standard: 127.0.0.1:12345)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Falsche Angaben: deutsche Meldung, die Kurzhilfe und Exit-Code 2.
    let ziel = match args.as_slice() {
        [] => Ok(STANDARD_ZIEL.to_string()),
        [schalter] if schalter.starts_with('-') => {
            Err(anyhow::anyhow!("Unbekannter Schalter {schalter:?}"))
        }
        [ziel] => pruefe_ziel(ziel).map(|()| ziel.clone()),
        _ => Err(anyhow::anyhow!(
            "Erwartet höchstens eine ADRESSE, etwa 127.0.0.1:12345"
        )),
    };
    let ziel = match ziel {
        Ok(ziel) => ziel,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&ziel) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: pruefen
/// Eine Adresse hat zwei Teile: vor dem letzten Doppelpunkt der Rechner
/// (IP oder Name, IPv6 in eckigen Klammern), dahinter der Port, 0 bis 65535.
fn pruefe_ziel(ziel: &str) -> anyhow::Result<()> {
    let Some((rechner, port)) = ziel.rsplit_once(':') else {
        bail!("{ziel:?} hat keinen Port; schreibe IP:PORT, etwa 127.0.0.1:12345");
    };
    if rechner.is_empty() || rechner == "[" {
        bail!("{ziel:?} nennt keinen Rechner vor dem Port");
    }
    if port.parse::<u16>().is_err() {
        bail!("{port:?} in {ziel:?} ist kein Port (erlaubt: 0 bis 65535)");
    }
    Ok(())
}
// ANCHOR_END: pruefen

// ANCHOR: verbinden
fn run(ziel: &str) -> anyhow::Result<()> {
    // connect löst einen Namen wie localhost auf und probiert jede Adresse,
    // bis eine antwortet (etwa erst ::1, dann 127.0.0.1).
    let mut verbindung = TcpStream::connect(ziel).with_context(|| {
        format!("Keine Verbindung zu {ziel}. Läuft der Server? Starte ihn mit `cargo run --example hello_server`")
    })?;
    // Erst jetzt hat der Socket einen Port: Das Betriebssystem hat ihn beim
    // Verbindungsaufbau aus seinem Bereich für ephemere Ports gewählt.
    let lokal = verbindung
        .local_addr()
        .context("Eigene Adresse unbekannt")?;
    let entfernt = verbindung
        .peer_addr()
        .context("Adresse des Servers unbekannt")?;
    zeile!("Verbunden: {lokal} -> {entfernt}");
    verbindung
        .write_all(format!("Hallo von {lokal}\n").as_bytes())
        .with_context(|| format!("Senden an {entfernt} ist gescheitert"))?;
    Ok(())
}
// ANCHOR_END: verbinden

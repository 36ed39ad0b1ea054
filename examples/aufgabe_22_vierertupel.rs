//! Aufgabe 22 „Das Vierertupel“ – dein Starter. Die Aufgabe steht im Buch unter
//! „Übungsaufgaben“ (book/aufgaben/22-vierertupel.md).
//!
//! Ein Client verbindet sich mit einem Server und zeigt beide Enden der
//! Verbindung: seine eigene Adresse (mit dem Port, den das Betriebssystem
//! gewählt hat) und die des Servers. Dann schickt er dem Server eine Zeile.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example aufgabe_22_vierertupel
//! Prüfen:     cargo run --bin pruefen -- 22

use std::io::Write;
use std::process::ExitCode;

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

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_22_vierertupel -- [ADRESSE]
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
    // Fehler beim Lauf (etwa: kein Server): „Fehler: …“ und Exit-Code 1.
    match run(&ziel) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Schritt 1: Hat `ziel` einen Rechner und dahinter, nach dem letzten
/// Doppelpunkt, einen Port von 0 bis 65535? Sonst `anyhow::bail!` mit einer
/// deutschen Meldung, die das Argument nennt.
fn pruefe_ziel(ziel: &str) -> anyhow::Result<()> {
    todo!("{ziel:?} prüfen: Rechner und Port")
}

/// Schritt 2: Verbinden, `Verbunden: LOKAL -> ENTFERNT` ausgeben und
/// `Hallo von LOKAL` mit `\n` an den Server schicken.
fn run(ziel: &str) -> anyhow::Result<()> {
    todo!("mit {ziel} verbinden und beide Enden der Verbindung zeigen")
}

//! Musterlösung zu Aufgabe 15 „Hartnäckiger Client“: verbindet sich nach
//! einem Abbruch neu, mit wachsender Wartezeit, und macht dort weiter, wo er
//! aufgehört hat.
//!
//! Protokoll: Client → `AB n`, Server → `ZAHL k` … `ENDE`.
//! Aufruf: cargo run --example loesung_15_hartnaeckig -- 127.0.0.1:5115
//! (Den Server spielt der Prüfer: cargo run --bin pruefen -- 15 --beispiel loesung_15_hartnaeckig)

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use anyhow::bail;

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

const AUFRUF: &str = "Aufruf: cargo run --example loesung_15_hartnaeckig -- [HOST:PORT]
HOST:PORT  der Zahlen-Server; Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5115";

const STANDARD_ADRESSE: &str = "127.0.0.1:5115";
/// Erste Wartezeit; sie verdoppelt sich bis HOECHSTENS.
const ERSTE_PAUSE: Duration = Duration::from_millis(100);
const HOECHSTENS: Duration = Duration::from_millis(1600);
/// So viele gescheiterte Versuche in Folge, dann geben wir auf.
const MAX_VERSUCHE: u32 = 6;
/// Schweigt der Server so lange, gilt die Verbindung als tot.
const LESE_TIMEOUT: Duration = Duration::from_secs(10);

/// Warum ein Verbindungsdurchgang endete.
enum Grund {
    Fertig,
    /// Abgebrochen; `true`, wenn dabei Neues ankam (dann zählt ein Versuch
    /// als gelungen).
    Abbruch(bool, io::Error),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let adresse = match lies_adresse(&args) {
        Ok(adresse) => adresse,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Das Ziel aus dem ersten Argument, sonst aus `ADRESSE`, sonst der Standard.
fn lies_adresse(args: &[String]) -> anyhow::Result<String> {
    let text = match args {
        [] => std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string()),
        [eins] => eins.clone(),
        [_, zuviel, ..] => bail!("Unerwartetes Argument „{zuviel}“"),
    };
    if text.starts_with('-') {
        bail!("Unbekannter Schalter „{text}“");
    }
    if !text.contains(':') {
        bail!("„{text}“ ist keine Adresse der Form HOST:PORT, etwa 127.0.0.1:5115");
    }
    Ok(text)
}

fn run(adresse: &str) -> anyhow::Result<()> {
    zeile!("Verbinde mit {adresse}");
    // ANCHOR: wiederholen
    let mut letzte = 0u64;
    let mut fehlversuche = 0;
    let mut pause = ERSTE_PAUSE;
    loop {
        match durchgang(adresse, &mut letzte) {
            Grund::Fertig => break,
            Grund::Abbruch(fortschritt, e) => {
                if fortschritt {
                    // Es ging voran: Zähler und Pause von vorn.
                    fehlversuche = 0;
                    pause = ERSTE_PAUSE;
                }
                fehlversuche += 1;
                if fehlversuche >= MAX_VERSUCHE {
                    bail!(
                        "{MAX_VERSUCHE} Versuche in Folge gescheitert, zuletzt: {e}. Läuft der Server unter {adresse}?"
                    );
                }
                zeile!(
                    "Verbindung verloren ({e}), neuer Versuch in {} ms",
                    pause.as_millis()
                );
                thread::sleep(pause);
                // Exponentielles Zurückweichen: Ein überlasteter Server bekommt Luft.
                pause = (pause * 2).min(HOECHSTENS);
            }
        }
    }
    // ANCHOR_END: wiederholen
    zeile!("Fertig");
    Ok(())
}

// ANCHOR: durchgang
/// Ein Verbindungsdurchgang: verbinden, `AB n` schicken, Zahlen lesen.
fn durchgang(adresse: &str, letzte: &mut u64) -> Grund {
    let start = *letzte;
    let ergebnis = (|| -> io::Result<bool> {
        let mut verbindung = TcpStream::connect(adresse)?;
        verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
        verbindung.write_all(format!("AB {letzte}\n").as_bytes())?;
        let mut leser = BufReader::new(verbindung);
        loop {
            let mut zeile = Vec::new();
            (&mut leser).take(1024).read_until(b'\n', &mut zeile)?;
            // Ohne \n am Ende ist die Zeile halb: verwerfen, neu verbinden.
            if !zeile.ends_with(b"\n") {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "Server hat die Verbindung geschlossen",
                ));
            }
            let text = String::from_utf8_lossy(&zeile);
            let text = text.trim_end();
            if text == "ENDE" {
                return Ok(true);
            }
            match text
                .strip_prefix("ZAHL ")
                .and_then(|z| z.parse::<u64>().ok())
            {
                Some(k) if k > *letzte => {
                    *letzte = k;
                    zeile!("Zahl {k}");
                }
                Some(_) => {} // schon gesehen
                None => eprintln!("Unverständliche Zeile vom Server: {text:?}"),
            }
        }
    })();
    match ergebnis {
        Ok(_) => Grund::Fertig,
        Err(e) => Grund::Abbruch(*letzte > start, e),
    }
}
// ANCHOR_END: durchgang

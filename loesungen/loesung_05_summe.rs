//! Musterlösung zu Aufgabe 05 „Summen-Server“: addiert die Zahlen eines
//! Clients Zeile für Zeile, in einer Schleife über Clients und Zeilen.
//! Der Server bedient einen Client nach dem anderen; wer innerhalb der Frist
//! (Standard 30 s) keine ganze Zeile schickt, wird getrennt.
//!
//! Terminal 1: cargo run --example loesung_05_summe
//! Terminal 2: nc 127.0.0.1 5105      (Zahlen tippen, dann „ende“)
//!
//! Prüfen: cargo run --bin pruefen -- 05 --beispiel loesung_05_summe

use std::io::ErrorKind::{Interrupted, TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5105";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 100;
/// So lange darf eine Zeile des Clients dauern; dann ist der nächste dran.
const STANDARD_TIMEOUT_S: f64 = 30.0;
/// Pause nach einem gescheiterten accept(), etwa ohne freie Dateideskriptoren
/// (EMFILE): Sofort neu versuchen hieße, den CPU-Kern heiß zu drehen.
const PAUSE_NACH_FEHLER: Duration = Duration::from_millis(100);
/// Nach der letzten Zeile lesen wir höchstens 64 KiB und 2 s lang weg, was noch kommt.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(2);
const AUFRUF: &str =
    "Aufruf: cargo run --example loesung_05_summe -- [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5105 (nur dieser Rechner)
SEKUNDEN  Frist für eine Zeile des Clients, 0.1 bis 3600 (auch 0.5), Standard 30";

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
    // ANCHOR: aussen
    // Äußere Schleife: ein Client nach dem anderen.
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}. Neuer Versuch gleich.");
                std::thread::sleep(PAUSE_NACH_FEHLER);
                continue;
            }
        };
        match summiere(&verbindung, timeout) {
            Ok(summe) => writeln!(aus, "{client}: Summe {summe}")?,
            Err(e) => {
                eprintln!("{client}: {e:#}");
                verabschiede(&verbindung, &format!("Fehler: {e}\n"));
            }
        }
    }
    // ANCHOR_END: aussen
}

// ANCHOR: innen
/// Innere Schleife: Zeile um Zeile eines Clients. Die Summe lebt hier, also
/// beginnt jeder Client bei 0.
fn summiere(verbindung: &TcpStream, timeout: Duration) -> anyhow::Result<i64> {
    verbindung.set_write_timeout(Some(timeout))?;
    let mut leser = BufReader::new(MitFrist(verbindung, Instant::now()));
    let mut schreiber = verbindung;
    let mut summe: i64 = 0;
    loop {
        leser.get_mut().1 = Instant::now() + timeout; // Frist für diese Zeile
        let mut zeile = Vec::new();
        let gelesen = (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile);
        let n = match gelesen {
            Err(e) if abgelaufen(&e) => bail!(
                "{} s lang keine ganze Zeile, Verbindung wird getrennt",
                timeout.as_secs_f64()
            ),
            gelesen => gelesen.context("Lesen ist gescheitert")?,
        };
        if n == 0 {
            return Ok(summe); // aufgelegt ohne „ende“
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                bail!("Zeile zu lang");
            }
            bail!("aufgelegt mitten in einer Zeile");
        }
        let text = String::from_utf8_lossy(&zeile);
        let text = text.trim();
        let antwort = if text == "ende" {
            verabschiede(verbindung, &format!("Ergebnis: {summe}\n"));
            return Ok(summe);
        } else {
            match text.parse::<i64>() {
                // checked_add: Verlässt die Summe den Bereich von i64, gibt
                // es einen Fehler statt einer falschen Zahl.
                Ok(zahl) => match summe.checked_add(zahl) {
                    Some(s) => {
                        summe = s;
                        format!("Summe: {summe}\n")
                    }
                    None => "Fehler: Überlauf\n".to_string(),
                },
                Err(_) => format!("Fehler: \"{text}\" ist keine Zahl\n"),
            }
        };
        schreiber
            .write_all(antwort.as_bytes())
            .context("Senden ist gescheitert")?;
    }
}
// ANCHOR_END: innen

// ANCHOR: frist
/// Liest von der Verbindung, aber nur bis zur Frist: Vor jedem `read` stellt
/// es den Read-Timeout auf die Restzeit. So kann ein Client, der alle paar
/// Sekunden ein Byte schickt, die Frist nicht immer wieder verlängern.
struct MitFrist<'a>(&'a TcpStream, Instant);

impl Read for MitFrist<'_> {
    fn read(&mut self, puffer: &mut [u8]) -> io::Result<usize> {
        let MitFrist(mut verbindung, frist) = *self;
        let rest = frist.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(TimedOut.into());
        }
        verbindung.set_read_timeout(Some(rest))?;
        verbindung.read(puffer)
    }
}

/// Ein abgelaufener Read-Timeout: WouldBlock unter Unix, TimedOut unter Windows.
fn abgelaufen(e: &io::Error) -> bool {
    matches!(e.kind(), WouldBlock | TimedOut)
}
// ANCHOR_END: frist

// ANCHOR: verabschieden
/// Schickt die letzte Zeile, dann FIN (`shutdown(Write)`), und liest weg, was
/// der Client noch schickt, begrenzt in Bytes und Zeit. Schlössen wir mit
/// ungelesenen Daten, schickte das System ein RST, und die Zeile ginge verloren.
fn verabschiede(mut verbindung: &TcpStream, zeile: &str) {
    let _ = verbindung.set_write_timeout(Some(NACHLAUF_ZEIT));
    let _ = verbindung.write_all(zeile.as_bytes());
    let _ = verbindung.shutdown(Shutdown::Write);
    let ende = Instant::now() + NACHLAUF_ZEIT;
    let (mut muell, mut gelesen) = ([0u8; 4096], 0);
    while gelesen < NACHLAUF_BYTES {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || verbindung.set_read_timeout(Some(rest)).is_err() {
            break;
        }
        match verbindung.read(&mut muell) {
            Ok(0) => break, // Der Client hat auch geschlossen.
            Ok(n) => gelesen += n,
            Err(e) if e.kind() == Interrupted => {}
            Err(_) => break,
        }
    }
}
// ANCHOR_END: verabschieden

/// Liest `[IP:PORT] [--timeout SEKUNDEN]`; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> anyhow::Result<Option<(SocketAddr, Duration)>> {
    let (mut adresse, mut timeout) = (None, STANDARD_TIMEOUT_S);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(None);
        } else if arg == "--timeout" {
            let wert = args.next().context("--timeout braucht eine Zahl")?;
            timeout = match wert.parse::<f64>() {
                Ok(s) if (0.1..=3600.0).contains(&s) => s,
                _ => bail!("--timeout {wert:?}: erwartet Sekunden von 0.1 bis 3600 (etwa 0.5)"),
            };
        } else if arg.starts_with('-') {
            bail!("Unbekannter Schalter {arg:?}");
        } else if adresse.replace(arg.clone()).is_some() {
            bail!("Zu viele Argumente: {arg:?}");
        }
    }
    let text = adresse
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = (text.to_socket_addrs().ok())
        .and_then(|mut a| a.next())
        .with_context(|| format!("Adresse {text:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"))?;
    Ok(Some((adresse, Duration::from_secs_f64(timeout))))
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

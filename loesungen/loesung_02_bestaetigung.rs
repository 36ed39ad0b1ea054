//! Musterlösung zu Aufgabe 02 „Bestätigungs-Server“: liest von jedem Client
//! einen Namen und bestätigt die Verbindung mit einer laufenden Nummer.
//! Der Server bedient einen Client nach dem anderen; wer nicht innerhalb der
//! Frist (Standard 10 s) seinen Namen schickt, wird getrennt.
//!
//! Terminal 1: cargo run --example loesung_02_bestaetigung
//! Terminal 2: cargo run --example hello_client -- 127.0.0.1:5102 Ada
//!
//! Prüfen: cargo run --bin pruefen -- 02 --beispiel loesung_02_bestaetigung

use std::io::ErrorKind::{Interrupted, TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5102";
/// Längster Name in Bytes (ohne `\n`).
const MAX_NAME: usize = 100;
/// So lange hat ein Client Zeit für seinen Namen; dann ist der nächste dran.
const STANDARD_TIMEOUT_S: f64 = 10.0;
/// Pause nach einem gescheiterten accept(), etwa ohne freie Dateideskriptoren
/// (EMFILE): Sofort neu versuchen hieße, den CPU-Kern heiß zu drehen.
const PAUSE_NACH_FEHLER: Duration = Duration::from_millis(100);
/// Nach der letzten Zeile lesen wir höchstens 64 KiB und 2 s lang weg, was noch kommt.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(2);
const AUFRUF: &str =
    "Aufruf: cargo run --example loesung_02_bestaetigung -- [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5102 (nur dieser Rechner)
SEKUNDEN  Frist für den Namen eines Clients, 0.1 bis 3600 (auch 0.5), Standard 10";

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

    // ANCHOR: zaehlen
    // Die Nummer gehört dem Server, nicht der Verbindung: Sie lebt außerhalb
    // der Schleife und zählt nur echte Bestätigungen.
    let mut nummer = 0u64;
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}. Neuer Versuch gleich.");
                std::thread::sleep(PAUSE_NACH_FEHLER);
                continue;
            }
        };
        match bediene(&verbindung, nummer + 1, timeout) {
            // Ausgeben erst hier: Scheitert das Schreiben auf stdout, ist das
            // kein Fehler des Clients.
            Ok(Some(name)) => {
                nummer += 1;
                writeln!(aus, "{} bestätigt (Nr. {nummer})", sichtbar(&name))?;
            }
            Ok(None) => writeln!(aus, "Client {client} hat ohne Namen aufgelegt.")?,
            // Der Fehler eines Clients beendet nicht den Server: Er erfährt
            // den Grund, und der nächste ist dran.
            Err(e) => {
                eprintln!("Client {client}: {e:#}");
                verabschiede(&verbindung, &format!("Fehler: {e}\n"));
            }
        }
    }
    // ANCHOR_END: zaehlen
}

// ANCHOR: bedienen
/// Liest den Namen und bestätigt. Liefert ihn, `None` ohne Namen.
fn bediene(
    verbindung: &TcpStream,
    nummer: u64,
    timeout: Duration,
) -> anyhow::Result<Option<String>> {
    verbindung.set_write_timeout(Some(timeout))?;
    let mut zeile = Vec::new();
    // Ein read() liefert, was gerade da ist – vielleicht nur „G“. read_until
    // sammelt bis zum `\n`; take begrenzt, wie viel wir höchstens annehmen,
    // MitFrist, wie lange wir darauf warten.
    let gelesen = BufReader::new(MitFrist(verbindung, Instant::now() + timeout))
        .take(MAX_NAME as u64 + 1)
        .read_until(b'\n', &mut zeile);
    match gelesen {
        Err(e) if abgelaufen(&e) => bail!(
            "{} s lang kein ganzer Name, Verbindung wird getrennt",
            timeout.as_secs_f64()
        ),
        gelesen => gelesen.context("Lesen des Namens ist gescheitert")?,
    };
    if zeile.is_empty() {
        return Ok(None);
    }
    if !zeile.ends_with(b"\n") {
        if zeile.len() > MAX_NAME {
            bail!("Name zu lang (höchstens {MAX_NAME} Bytes)");
        }
        bail!("aufgelegt mitten im Namen");
    }
    // Ungültiges UTF-8 wird zu „�“ statt zum Absturz.
    let name = String::from_utf8_lossy(&zeile);
    let name = name.trim();
    let antwort = format!("Verbindung hergestellt, {name}! Du bist Client Nr. {nummer}.\n");
    // verabschiede schickt die Antwort und schließt sauber, auch wenn der
    // Client hinter dem Namen noch mehr geschickt hat.
    verabschiede(verbindung, &antwort);
    Ok(Some(name.to_string()))
}
// ANCHOR_END: bedienen

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

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for zeichen in text.chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}
// GLEICH_ENDE: sichtbar

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

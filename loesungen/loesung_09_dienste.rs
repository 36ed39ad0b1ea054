//! Musterlösung zu Aufgabe 09 „Dienstauskunft“: beantwortet Fragen nach Diensten und Ports
//! aus /etc/services, wie getservbyname/getservbyport. Der Server bedient einen Client nach
//! dem anderen; wer innerhalb der Frist (Standard 30 s) keine ganze Zeile schickt, wird getrennt.
//!
//! Terminal 1: cargo run --example loesung_09_dienste
//! Terminal 2: nc 127.0.0.1 5109     (dann z. B. „http/tcp“ oder „22/tcp“)
//! Andere Datei: DIENSTE_DATEI=meine-dienste.txt cargo run --example loesung_09_dienste
//! Prüfen: cargo run --bin pruefen -- 09 --beispiel loesung_09_dienste

use std::io::ErrorKind::{Interrupted, TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5109";
const STANDARD_DATEI: &str = "/etc/services";
/// Längste Anfrage in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 256;
/// So lange darf eine Zeile des Clients dauern; dann ist der nächste dran.
const STANDARD_TIMEOUT_S: f64 = 30.0;
/// Pause nach einem gescheiterten accept(), etwa ohne Dateideskriptoren (EMFILE).
const PAUSE_NACH_FEHLER: Duration = Duration::from_millis(100);
/// Nach der letzten Zeile lesen wir höchstens 64 KiB und 2 s lang weg, was noch kommt.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(2);
const AUFRUF: &str =
    "Aufruf: cargo run --example loesung_09_dienste -- [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5109 (nur dieser Rechner)
SEKUNDEN  Frist für eine Zeile des Clients, 0.1 bis 3600 (auch 0.5), Standard 30
Die Dienstedatei steht in DIENSTE_DATEI, sonst /etc/services.";

/// Eine Zeile aus der Dienstedatei: `http 80/tcp www # World Wide Web`.
struct Dienst {
    namen: Vec<String>, // erster Name, dann die Aliasnamen
    port: u16,
    protokoll: String,
}

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
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| STANDARD_DATEI.to_string());
    let text = std::fs::read_to_string(&datei).with_context(|| {
        format!("Kann {datei} nicht lesen. Setze DIENSTE_DATEI auf eine Dienstedatei.")
    })?;
    let dienste = lies_dienste(&text);
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;
    writeln!(aus, "{} Einträge aus {datei}", dienste.len())?;
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}. Neuer Versuch gleich.");
                std::thread::sleep(PAUSE_NACH_FEHLER);
                continue;
            }
        };
        if let Err(e) = bediene(&verbindung, &dienste, timeout) {
            eprintln!("Client {client}: {e:#}");
            verabschiede(&verbindung, &format!("Fehler: {e}\n"));
        }
    }
}

// ANCHOR: lesen
fn lies_dienste(text: &str) -> Vec<Dienst> {
    let mut dienste = Vec::new();
    for zeile in text.lines() {
        // Alles ab # ist Kommentar; leere oder unvollständige Zeilen zählen nicht.
        let mut woerter = zeile.split('#').next().unwrap_or("").split_whitespace();
        if let (Some(name), Some(port_proto)) = (woerter.next(), woerter.next())
            && let Some((port, protokoll)) = port_proto.split_once('/')
            && let Ok(port) = port.parse()
        {
            let mut namen = vec![name.to_string()];
            namen.extend(woerter.map(String::from)); // Aliasnamen
            let protokoll = protokoll.to_string();
            dienste.push(Dienst {
                namen,
                port,
                protokoll,
            });
        }
    }
    dienste
}
// ANCHOR_END: lesen

// ANCHOR: antworten
fn antworte(anfrage: &str, dienste: &[Dienst]) -> String {
    let Some((links, protokoll)) = anfrage.split_once('/') else {
        return "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL".to_string();
    };
    let passend = dienste.iter().filter(|d| d.protokoll == protokoll);
    let treffer = match links.parse::<u16>() {
        // Wie getservbyport: Port → erster Name.
        Ok(port) => passend
            .into_iter()
            .find(|d| d.port == port)
            .map(|d| d.namen[0].clone()),
        // Wie getservbyname: Name oder Alias → Port.
        Err(_) => passend
            .into_iter()
            .find(|d| d.namen.iter().any(|n| n == links))
            .map(|d| d.port.to_string()),
    };
    treffer.map_or("unbekannt".to_string(), |t| format!("{anfrage} {t}"))
}
// ANCHOR_END: antworten

fn bediene(verbindung: &TcpStream, dienste: &[Dienst], timeout: Duration) -> anyhow::Result<()> {
    verbindung.set_write_timeout(Some(timeout))?;
    let mut leser = BufReader::new(MitFrist(verbindung, Instant::now()));
    let mut schreiber = verbindung;
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
            return Ok(()); // Der Client hat aufgelegt.
        }
        match zeile.last() {
            Some(b'\n') => {}
            _ if zeile.len() > MAX_ZEILE => bail!("Zeile zu lang"),
            _ => bail!("aufgelegt mitten in einer Zeile"),
        }
        let anfrage = String::from_utf8_lossy(&zeile);
        let antwort = antworte(anfrage.trim(), dienste);
        schreiber
            .write_all(format!("{antwort}\n").as_bytes())
            .context("Senden ist gescheitert")?;
    }
}

// ANCHOR: frist
/// Liest nur bis zur Frist: Vor jedem `read` stellt es den Read-Timeout auf die Restzeit.
/// So verlängert ein Client, der alle paar Sekunden ein Byte schickt, die Frist nicht.
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
/// Schickt die letzte Zeile, dann FIN (`shutdown(Write)`), und liest begrenzt weg, was noch
/// kommt. Schlössen wir mit ungelesenen Daten, ginge die Zeile im RST des Systems verloren.
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
    let text = (adresse.or_else(|| std::env::var("ADRESSE").ok()))
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

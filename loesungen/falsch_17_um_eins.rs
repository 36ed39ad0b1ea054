//! Absichtlich falsch (Aufgabe 17): lehnt schon eine Zeile mit genau 256
//! Bytes ab (das `\n` mitgezählt). Der Prüfer meldet „Grenze genau 256 Bytes“
//! mit ✗.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5117";
const MAX_ZEILE: usize = 256;
/// Wer so lange nichts annimmt, gibt seinen Platz frei.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(5);
/// Nach einer Meldung lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_millis(200);
const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_17_um_eins -- [IP:PORT] [--max-clients N] [--timeout-ms T]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5117
N        höchstens so viele Clients zugleich, 1 bis 1000, Standard 10
T        Frist je Zeile in Millisekunden, 1 bis 3600000, Standard 30000";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let einstellungen = match lies_argumente(&args) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(einstellungen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

struct Einstellungen {
    adresse: SocketAddr,
    max_clients: usize,
    frist: Duration,
}

/// Liest eine Zahl im erlaubten Bereich, mit deutscher Meldung.
fn zahl(
    schalter: &str,
    wert: Option<&String>,
    bereich: std::ops::RangeInclusive<u64>,
) -> anyhow::Result<u64> {
    let wert = wert.with_context(|| format!("{schalter} braucht eine Zahl"))?;
    wert.parse()
        .ok()
        .filter(|n| bereich.contains(n))
        .with_context(|| {
            format!(
                "{schalter} „{wert}“: erlaubt sind ganze Zahlen von {} bis {}",
                bereich.start(),
                bereich.end()
            )
        })
}

fn lies_argumente(args: &[String]) -> anyhow::Result<Einstellungen> {
    let mut adresse = None;
    let (mut max_clients, mut timeout_ms) = (10, 30_000);
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--max-clients" => max_clients = zahl(a, rest.next(), 1..=1000)?,
            "--timeout-ms" => timeout_ms = zahl(a, rest.next(), 1..=3_600_000)?,
            s if s.starts_with('-') => bail!("Unbekannter Schalter „{s}“"),
            s if adresse.is_some() => bail!("Unerwartetes Argument „{s}“"),
            s => adresse = Some(s.to_string()),
        }
    }
    let text = adresse
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = text
        .parse()
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5117"))?;
    Ok(Einstellungen {
        adresse,
        max_clients: max_clients as usize,
        frist: Duration::from_millis(timeout_ms),
    })
}

/// Zählt belegte Plätze; `Drop` gibt den Platz wieder frei – auch wenn der
/// Thread mit einem Fehler endet.
struct Platz(Arc<AtomicUsize>);

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn run(e: Einstellungen) -> anyhow::Result<()> {
    let listener = TcpListener::bind(e.adresse).with_context(|| {
        format!(
            "Kann {} nicht binden. Ist der Port schon belegt?",
            e.adresse
        )
    })?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);

    let belegt = Arc::new(AtomicUsize::new(0));
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(fehler) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert ({fehler}), neuer Versuch gleich");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        // Platz reservieren; ist keiner frei, sofort wieder freigeben.
        if belegt.fetch_add(1, Ordering::SeqCst) >= e.max_clients {
            belegt.fetch_sub(1, Ordering::SeqCst);
            zeile!("{client} abgewiesen: Server voll");
            verabschiede(&verbindung, b"! Server voll\n");
            continue;
        }
        let platz = Platz(Arc::clone(&belegt));
        let frist = e.frist;
        // thread::Builder meldet einen Fehler, statt abzustürzen, wenn das
        // System keinen Thread mehr hergibt; der Platz geht mit der Closure.
        let gestartet = thread::Builder::new().spawn(move || {
            let _platz = platz;
            match bediene(&verbindung, frist) {
                Ok(grund) => zeile!("{client}: {grund}"),
                Err(fehler) => zeile!("{client}: abgebrochen ({fehler})"),
            }
        });
        if let Err(fehler) = gestartet {
            eprintln!("{client} abgewiesen: kein Thread frei ({fehler})");
        }
    }
}

/// Liest eine Zeile, die bis `ende` vollständig sein muss. Vor jedem read()
/// wird der Rest der Frist als Timeout gesetzt: Einzelne Bytes verlängern sie
/// nicht.
fn zeile_bis(leser: &mut BufReader<&TcpStream>, ende: Instant) -> io::Result<Option<Vec<u8>>> {
    let mut zeile = Vec::new();
    loop {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        leser.get_ref().set_read_timeout(Some(rest))?;
        let verfuegbar = leser.fill_buf()?;
        if verfuegbar.is_empty() {
            return Ok(None); // Client hat geschlossen
        }
        let (nimm, fertig) = match verfuegbar.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (verfuegbar.len(), false),
        };
        zeile.extend_from_slice(&verfuegbar[..nimm]);
        leser.consume(nimm);
        if zeile.len() > MAX_ZEILE {
            // der Fehler: das \n mitgezählt
            return Err(io::Error::new(io::ErrorKind::InvalidData, "zu lang"));
        }
        if fertig {
            return Ok(Some(zeile));
        }
    }
}

fn bediene(verbindung: &TcpStream, frist: Duration) -> io::Result<&'static str> {
    // Ein Client, der nichts annimmt, hält seinen Platz höchstens so lange.
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut schreiber = verbindung;
    schreiber.write_all(b"Willkommen\n")?;
    let mut leser = BufReader::new(verbindung);
    loop {
        match zeile_bis(&mut leser, Instant::now() + frist) {
            Ok(None) => return Ok("hat geschlossen"),
            Ok(Some(zeile)) => {
                let text = String::from_utf8_lossy(&zeile);
                schreiber.write_all(format!("{}\n", text.trim_end().to_uppercase()).as_bytes())?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                verabschiede(verbindung, b"! Zu lange still\n");
                return Ok("zu lange still");
            }
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                verabschiede(verbindung, b"! Zeile zu lang\n");
                return Ok("Zeile zu lang");
            }
            Err(e) => return Err(e),
        }
    }
}

/// Meldung senden, `shutdown(Write)`, begrenzt abfließen lassen, schließen:
/// So bekommt der Client den Grund und ein sauberes Ende statt eines Resets.
fn verabschiede(mut verbindung: &TcpStream, meldung: &[u8]) {
    let _ = verbindung.set_write_timeout(Some(NACHLAUF_ZEIT));
    let _ = verbindung.write_all(meldung);
    let _ = verbindung.shutdown(Shutdown::Write);
    let ende = Instant::now() + NACHLAUF_ZEIT;
    let (mut muell, mut gelesen) = ([0u8; 4096], 0);
    while gelesen < NACHLAUF_BYTES {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || verbindung.set_read_timeout(Some(rest)).is_err() {
            break;
        }
        match verbindung.read(&mut muell) {
            Ok(0) => break,
            Ok(n) => gelesen += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
}

//! Musterlösung zu Aufgabe 11 „Zählen bis zum Halbschluss“: liest, bis der
//! Client seine Senderichtung schließt, und antwortet erst dann.
//!
//! Der Server bedient einen Client nach dem anderen. Damit ein stiller oder
//! tröpfelnder Client die anderen nicht für immer aufhält, hat jeder Client
//! eine Frist: 10 s Stille am Stück oder 60 s insgesamt, dann bekommt er
//! `! Zu lange still` und wird getrennt.
//!
//! Terminal 1: cargo run --example loesung_11_halbschluss
//! Terminal 2: printf 'a\nbb\n' | nc -N 127.0.0.1 5111
//!             (-N: nach dem Ende der Eingabe shutdown(Write); manche nc heißen -q0)
//!
//! Prüfen: cargo run --bin pruefen -- 11 --beispiel loesung_11_halbschluss

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
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

const STANDARD_ADRESSE: &str = "127.0.0.1:5111";
/// So lange darf ein Client am Stück schweigen …
const STILLE: Duration = Duration::from_secs(10);
/// … und so lange darf ein ganzer Client höchstens dauern (gegen Tröpfeln).
const GESAMTFRIST: Duration = Duration::from_secs(60);
/// Nach einer Fehlermeldung lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(1);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_11_halbschluss -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5111";

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
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Die Adresse aus dem ersten Argument, sonst aus `ADRESSE`, sonst der Standard.
fn lies_adresse(args: &[String]) -> anyhow::Result<SocketAddr> {
    let text = match args {
        [] => std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string()),
        [eins] => eins.clone(),
        [_, zuviel, ..] => bail!("Unerwartetes Argument „{zuviel}“"),
    };
    if text.starts_with('-') {
        bail!("Unbekannter Schalter „{text}“");
    }
    text.parse()
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5111"))
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert ({e}), neuer Versuch gleich");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        match zaehle(&verbindung, client) {
            Ok(()) => {}
            Err(Abbruch::ZuLangeStill) => {
                zeile!("{client}: zu lange still, getrennt");
                verabschiede(&verbindung, b"! Zu lange still\n");
            }
            Err(Abbruch::Fehler(e)) => zeile!("{client}: Verbindung abgebrochen ({e})"),
        }
    }
}

/// Warum ein Client vor seiner Antwort endet.
enum Abbruch {
    ZuLangeStill,
    Fehler(io::Error),
}

impl From<io::Error> for Abbruch {
    fn from(e: io::Error) -> Self {
        // Unix meldet einen abgelaufenen Lese-Timeout als WouldBlock, Windows als TimedOut.
        match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Abbruch::ZuLangeStill,
            _ => Abbruch::Fehler(e),
        }
    }
}

// ANCHOR: zaehlen
fn zaehle(mut verbindung: &TcpStream, client: SocketAddr) -> Result<(), Abbruch> {
    // accept() hat uns die Adresse des Clients schon gegeben (getpeername(2)).
    zeile!("Verbindung von {client}");
    let ende = Instant::now() + GESAMTFRIST;
    let (mut zeilen, mut bytes) = (0u64, 0u64);
    let mut puffer = [0u8; 8192];
    loop {
        // Vor jedem read(): höchstens STILLE, aber nie über die Gesamtfrist hinaus.
        let rest = ende.saturating_duration_since(Instant::now()).min(STILLE);
        if rest.is_zero() {
            return Err(Abbruch::ZuLangeStill);
        }
        verbindung.set_read_timeout(Some(rest))?;
        // read() liefert 0 Bytes erst, wenn der Client shutdown(Write)
        // aufgerufen (oder geschlossen) hat – vorher kommt immer noch etwas.
        let n = match verbindung.read(&mut puffer) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if n == 0 {
            break;
        }
        bytes += n as u64;
        zeilen += puffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    // Die Gegenrichtung ist noch offen: Die Antwort kommt an.
    verbindung.set_write_timeout(Some(STILLE))?;
    verbindung.write_all(format!("ZEILEN {zeilen} BYTES {bytes}\n").as_bytes())?;
    // shutdown(2) schließt auch unsere Senderichtung: Der Client liest 0 Bytes.
    verbindung.shutdown(Shutdown::Write)?;
    Ok(())
}
// ANCHOR_END: zaehlen

/// Grund senden, `shutdown(Write)`, begrenzt abfließen lassen, schließen: So
/// bekommt der Client die Meldung und ein sauberes Ende statt eines Resets.
fn verabschiede(mut verbindung: &TcpStream, grund: &[u8]) {
    let _ = verbindung.set_write_timeout(Some(NACHLAUF_ZEIT));
    let _ = verbindung.write_all(grund);
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

//! Absichtlich falsch (Aufgabe 14): bindet immer 127.0.0.1:5114 und übergeht
//! die Adresse aus dem Argument. Laufen zwei Prüfungen zugleich, stoßen sie
//! zusammen. Der Prüfer meldet „Nimmt die Adresse aus dem Argument“ mit ✗.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde::Deserialize;
use serde_json::json;

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5114";
const MAX_ZEILE: usize = 4096;
/// Höchstens so viele Clients (und Threads) zugleich, weit unter der Grenze
/// für offene Dateien (Linux meist 1024, macOS 256).
const MAX_CLIENTS: usize = 64;
/// Wer so lange nichts schickt, wird getrennt; wer so lange nichts annimmt, auch.
const LEERLAUF: Duration = Duration::from_secs(300);
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(5);
/// Nach einer Fehlerantwort lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_millis(200);
const AUFRUF: &str = "Aufruf: cargo run --example falsch_14_fester_port -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5114";

/// Eine Anfrage. serde prüft Felder und Typen für uns.
#[derive(Deserialize)]
struct Anfrage {
    op: String,
    a: f64,
    b: f64,
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
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5114"))
}

/// Ein belegter Platz; `Drop` gibt ihn frei, wie auch immer der Thread endet.
struct Platz(Arc<AtomicUsize>);

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    // Der Fehler: immer der Standard, egal was im Argument steht.
    let listener = TcpListener::bind(STANDARD_ADRESSE)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let belegt = Arc::new(AtomicUsize::new(0));
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
        // Prüfen und belegen in einem Schritt (fetch_update).
        let frei = belegt.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < MAX_CLIENTS).then_some(n + 1)
        });
        if frei.is_err() {
            zeile!("{client} abgewiesen: Server voll");
            verabschiede(&verbindung, &json!({"ok": false, "fehler": "Server voll"}));
            continue;
        }
        let platz = Platz(Arc::clone(&belegt));
        // thread::Builder meldet einen Fehler, statt wie thread::spawn abzustürzen,
        // wenn das System keinen Thread mehr hergibt.
        let gestartet = thread::Builder::new()
            .name(format!("rechnet für {client}"))
            .spawn(move || {
                let _platz = platz;
                if let Err(e) = bediene(&verbindung) {
                    zeile!("{client}: Verbindung abgebrochen ({e})");
                }
            });
        if let Err(e) = gestartet {
            eprintln!("{client} abgewiesen: kein Thread frei ({e})");
        }
    }
}

/// Beantwortet eine Zeile. Jeder Fehler wird zu `{"ok": false, …}`.
fn antworte(zeile: &str) -> serde_json::Value {
    let anfrage: Anfrage = match serde_json::from_str(zeile) {
        Ok(a) => a,
        Err(e) => {
            // Deutsch zuerst, serdes eigener Text in Klammern.
            let was = match e.classify() {
                serde_json::error::Category::Data => "ein Feld fehlt oder hat den falschen Typ",
                _ => "kein gültiges JSON",
            };
            return json!({"ok": false, "fehler": format!("ungültige Anfrage: {was} ({e})")});
        }
    };
    let ergebnis = match anfrage.op.as_str() {
        "add" => anfrage.a + anfrage.b,
        "sub" => anfrage.a - anfrage.b,
        "mul" => anfrage.a * anfrage.b,
        "div" if anfrage.b == 0.0 => return json!({"ok": false, "fehler": "Division durch null"}),
        "div" => anfrage.a / anfrage.b,
        op => return json!({"ok": false, "fehler": format!("unbekannte Operation {op:?}")}),
    };
    if !ergebnis.is_finite() {
        // JSON kennt weder Unendlich noch NaN.
        return json!({"ok": false, "fehler": "Ergebnis zu groß"});
    }
    json!({"ok": true, "ergebnis": ergebnis})
}

fn bediene(verbindung: &TcpStream) -> io::Result<()> {
    verbindung.set_read_timeout(Some(LEERLAUF))?;
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    loop {
        let mut zeile = Vec::new();
        // take: höchstens MAX_ZEILE + 2 Bytes (Text, \r, \n) – nie eine ganze
        // riesige Zeile im Speicher.
        let gelesen = (&mut leser)
            .take(MAX_ZEILE as u64 + 2)
            .read_until(b'\n', &mut zeile);
        match gelesen {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                verabschiede(
                    verbindung,
                    &json!({"ok": false, "fehler": "zu lange still"}),
                );
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        let Some(ohne_n) = zeile.strip_suffix(b"\n") else {
            if zeile.len() > MAX_ZEILE {
                verabschiede(verbindung, &json!({"ok": false, "fehler": "Zeile zu lang"}));
            }
            // Sonst: Der Client hat mitten in der Zeile geschlossen.
            return Ok(());
        };
        let ohne_r = ohne_n.strip_suffix(b"\r").unwrap_or(ohne_n);
        if ohne_r.len() > MAX_ZEILE {
            verabschiede(verbindung, &json!({"ok": false, "fehler": "Zeile zu lang"}));
            return Ok(());
        }
        let antwort = antworte(&String::from_utf8_lossy(ohne_r));
        // Eine Antwort = ein JSON-Objekt in einer Zeile (to_string hat kein \n).
        schreiber.write_all(format!("{antwort}\n").as_bytes())?;
    }
}

/// Fehlerantwort senden, `shutdown(Write)`, begrenzt abfließen lassen: So
/// kommt die Antwort an statt eines Resets, auch wenn der Client noch schickt.
fn verabschiede(mut verbindung: &TcpStream, antwort: &serde_json::Value) {
    let _ = verbindung.set_write_timeout(Some(NACHLAUF_ZEIT));
    let _ = verbindung.write_all(format!("{antwort}\n").as_bytes());
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

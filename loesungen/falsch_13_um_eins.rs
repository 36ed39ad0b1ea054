//! Absichtlich falsch (Aufgabe 13): lehnt schon eine Zeile mit genau 256
//! Bytes ab (`>=` statt `>`). Der Prüfer meldet „Grenze genau 256 Bytes“
//! mit ✗.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard};
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

const STANDARD_ADRESSE: &str = "127.0.0.1:5113";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 256;
/// Höchstens so viele Clients zugleich (je zwei Threads), weit unter der
/// Grenze für offene Dateien (Linux meist 1024, macOS 256).
const MAX_CLIENTS: usize = 100;
/// So viele Nachrichten warten höchstens auf einen Empfänger.
const WARTESCHLANGE: usize = 64;
/// Ein Empfänger, der so lange nichts annimmt, wird getrennt.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(2);
/// Standard für die Leerlauf-Frist in Sekunden.
const STANDARD_LEERLAUF_S: u64 = 300;
/// Nach einer Fehlermeldung lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_millis(200);
const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_13_um_eins -- [IP:PORT] [--leerlauf SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5113
SEKUNDEN  Wer so lange nichts schickt, wird getrennt; 1 bis 3600, Standard 300";

/// Ein Eintrag der Liste: die Warteschlange zum Schreib-Thread und die
/// Verbindung, um einen zu langsamen Empfänger sofort zu trennen.
struct Empfaenger {
    schlange: SyncSender<Arc<[u8]>>,
    verbindung: TcpStream,
}

/// Alle verbundenen Clients: Adresse → Empfänger.
type Clients = Arc<Mutex<HashMap<SocketAddr, Empfaenger>>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let (adresse, leerlauf) = match lies_argumente(&args) {
        Ok(paar) => paar,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse, leerlauf) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn lies_argumente(args: &[String]) -> anyhow::Result<(SocketAddr, Duration)> {
    let mut adresse = None;
    let mut leerlauf = STANDARD_LEERLAUF_S;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--leerlauf" {
            let wert = rest
                .next()
                .context("--leerlauf braucht eine Zahl von Sekunden")?;
            leerlauf = wert
                .parse()
                .ok()
                .filter(|s| (1..=3600).contains(s))
                .with_context(|| format!("--leerlauf „{wert}“: erlaubt sind 1 bis 3600"))?;
        } else if arg.starts_with('-') {
            bail!("Unbekannter Schalter „{arg}“");
        } else if adresse.is_some() {
            bail!("Unerwartetes Argument „{arg}“");
        } else {
            adresse = Some(arg.clone());
        }
    }
    let text = adresse
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = text
        .parse()
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5113"))?;
    Ok((adresse, Duration::from_secs(leerlauf)))
}

/// Zählt belegte Plätze; `Drop` gibt den Platz frei, wie auch immer der
/// Client endet.
struct Platz(Arc<AtomicUsize>);

impl Platz {
    /// Reserviert atomar einen Platz – prüfen und belegen in einem Schritt,
    /// damit zwei gleichzeitige Clients nicht beide den letzten bekommen.
    fn reserviere(belegt: &Arc<AtomicUsize>) -> Option<Platz> {
        belegt
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_CLIENTS).then_some(n + 1)
            })
            .ok()
            .map(|_| Platz(Arc::clone(belegt)))
    }
}

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn sperre(clients: &Clients) -> MutexGuard<'_, HashMap<SocketAddr, Empfaenger>> {
    // Eine Panik in einem anderen Thread macht die Liste nicht unbrauchbar.
    clients.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(adresse: SocketAddr, leerlauf: Duration) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    let clients: Clients = Arc::default();
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
        let Some(platz) = Platz::reserviere(&belegt) else {
            zeile!("{client} abgewiesen: Server voll");
            verabschiede(&verbindung, b"! Server voll\n");
            continue;
        };
        if let Err(e) = nimm_auf(verbindung, client, platz, &clients, leerlauf) {
            zeile!("{client} abgewiesen: {e}");
        }
    }
}

/// Trägt den Client ein und startet seinen Lese- und Schreib-Thread.
fn nimm_auf(
    verbindung: TcpStream,
    client: SocketAddr,
    platz: Platz,
    clients: &Clients,
    leerlauf: Duration,
) -> io::Result<()> {
    let (schlange, empfaenger) = sync_channel(WARTESCHLANGE);
    // Die Begrüßung steht als Erstes in seiner Schlange; danach kommt alles,
    // was verteilt wird, sobald er in der Liste steht.
    let _ = schlange.try_send(Arc::from(format!("Willkommen {client}\n").into_bytes()));
    // Zwei weitere Deskriptoren für dieselbe Verbindung; sind keine mehr frei
    // (EMFILE), erfährt der Client es, statt wortlos getrennt zu werden.
    let klone = verbindung
        .try_clone()
        .and_then(|eins| Ok((eins, verbindung.try_clone()?)));
    let (zum_schreiben, zum_trennen) = match klone {
        Ok(paar) => paar,
        Err(e) => {
            verabschiede(&verbindung, "! Server überlastet\n".as_bytes());
            return Err(e);
        }
    };
    // Erst eintragen, dann den Schreib-Thread starten: Sobald der Client die
    // Begrüßung liest, steht er schon in der Liste und verpasst nichts.
    sperre(clients).insert(
        client,
        Empfaenger {
            schlange,
            verbindung: zum_trennen,
        },
    );
    let schreiber = thread::Builder::new()
        .name(format!("schreibt an {client}"))
        .spawn(move || schreibe(zum_schreiben, empfaenger));
    if let Err(e) = schreiber {
        sperre(clients).remove(&client);
        verabschiede(&verbindung, "! Server überlastet\n".as_bytes());
        return Err(e);
    }
    let liste = Arc::clone(clients);
    let leser = thread::Builder::new()
        .name(format!("liest von {client}"))
        .spawn(move || {
            let _platz = platz;
            let grund = bediene(&verbindung, client, &liste, leerlauf);
            // Wie auch immer die Verbindung endet: raus aus der Liste. Das
            // schließt die Schlange; der Schreib-Thread schickt den Rest und
            // schließt dann unsere Senderichtung.
            let ich = sperre(&liste).remove(&client);
            if let (Some(ich), Some(meldung)) = (ich, grund.meldung()) {
                let _ = ich.schlange.try_send(Arc::from(meldung.as_bytes()));
            }
            lass_abfliessen(&verbindung);
            zeile!("{client} ist gegangen ({})", grund.text());
        });
    if let Err(e) = leser {
        // Die Closure ist mit dem Platz verworfen; aus der Liste nehmen
        // schließt die Schlange und beendet den Schreib-Thread.
        if let Some(ich) = sperre(clients).remove(&client) {
            let _ = ich
                .schlange
                .try_send(Arc::from("! Server überlastet\n".as_bytes()));
        }
        return Err(e);
    }
    zeile!("{client} ist dabei");
    Ok(())
}

/// Warum ein Client gegangen ist.
enum Grund {
    Geschlossen,
    ZuLang,
    Still,
    Hinausgeworfen,
    Fehler(io::Error),
}

impl Grund {
    fn meldung(&self) -> Option<&'static str> {
        match self {
            Grund::ZuLang => Some("! Zeile zu lang\n"),
            Grund::Still => Some("! Zu lange still\n"),
            _ => None,
        }
    }

    fn text(&self) -> String {
        match self {
            Grund::Geschlossen => "hat geschlossen".into(),
            Grund::ZuLang => "Zeile zu lang".into(),
            Grund::Still => "zu lange still".into(),
            Grund::Hinausgeworfen => "nahm keine Nachrichten an".into(),
            Grund::Fehler(e) => format!("Fehler: {e}"),
        }
    }
}

fn bediene(
    verbindung: &TcpStream,
    ich: SocketAddr,
    clients: &Clients,
    leerlauf: Duration,
) -> Grund {
    if let Err(e) = verbindung.set_read_timeout(Some(leerlauf)) {
        return Grund::Fehler(e);
    }
    let mut leser = BufReader::new(verbindung);
    loop {
        let mut zeile = Vec::new();
        // take: höchstens MAX_ZEILE + 1 Bytes, damit niemand unseren Speicher füllt.
        match (&mut leser)
            .take(MAX_ZEILE as u64 + 2)
            .read_until(b'\n', &mut zeile)
        {
            Ok(0) => return Grund::Geschlossen,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Grund::Still;
            }
            Err(e) => return Grund::Fehler(e),
        }
        // Ohne \n am Ende: zu lang, oder der Client hat mitten in der Zeile geschlossen.
        let Some(ohne_n) = zeile.strip_suffix(b"\n") else {
            return if zeile.len() > MAX_ZEILE {
                Grund::ZuLang
            } else {
                Grund::Geschlossen
            };
        };
        let ohne_r = ohne_n.strip_suffix(b"\r").unwrap_or(ohne_n);
        if ohne_r.len() >= MAX_ZEILE {
            // der Fehler: >= statt >
            return Grund::ZuLang;
        }
        if !ohne_r.is_empty() {
            let text = String::from_utf8_lossy(ohne_r);
            if !verteile(clients, ich, format!("{ich}: {text}\n")) {
                return Grund::Hinausgeworfen;
            }
        }
    }
}

/// Legt die Zeile in die Schlange jedes anderen – ohne die Sperre zu halten,
/// während gewartet wird. Ist eine Schlange voll, wartet der Absender
/// höchstens SCHREIB_TIMEOUT (für alle Empfänger zusammen); wessen Schlange
/// dann noch voll ist, der liest nicht mit und wird getrennt. `false`: Der
/// Absender selbst steht nicht mehr in der Liste.
fn verteile(clients: &Clients, absender: SocketAddr, zeile: String) -> bool {
    let zeile: Arc<[u8]> = Arc::from(zeile.into_bytes());
    let empfaenger: Vec<(SocketAddr, SyncSender<Arc<[u8]>>)> = {
        let liste = sperre(clients);
        if !liste.contains_key(&absender) {
            return false;
        }
        liste
            .iter()
            .filter(|(wer, _)| **wer != absender)
            .map(|(wer, e)| (*wer, e.schlange.clone()))
            .collect()
    };
    let frist = Instant::now() + SCHREIB_TIMEOUT;
    for (wer, schlange) in empfaenger {
        let mut nachricht = Arc::clone(&zeile);
        loop {
            match schlange.try_send(nachricht) {
                Ok(()) | Err(TrySendError::Disconnected(_)) => break,
                Err(TrySendError::Full(zurueck)) if Instant::now() < frist => {
                    nachricht = zurueck;
                    thread::sleep(Duration::from_millis(5));
                }
                Err(TrySendError::Full(_)) => {
                    trenne(clients, wer);
                    break;
                }
            }
        }
    }
    true
}

/// Nimmt einen Client aus der Liste und trennt ihn; shutdown(2) blockiert
/// nicht, sein Lese-Thread sieht das Ende und räumt auf.
fn trenne(clients: &Clients, wer: SocketAddr) {
    if let Some(empfaenger) = sperre(clients).remove(&wer) {
        let _ = empfaenger.verbindung.shutdown(Shutdown::Both);
    }
}

/// Der Schreib-Thread: schickt, was in der Schlange steht. Endet die Schlange
/// (der Client ist aus der Liste), schließt er unsere Senderichtung.
fn schreibe(mut verbindung: TcpStream, schlange: Receiver<Arc<[u8]>>) {
    let _ = verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT));
    for zeile in schlange {
        if verbindung.write_all(&zeile).is_err() {
            // Nimmt nichts an: trennen, sein Lese-Thread räumt auf.
            let _ = verbindung.shutdown(Shutdown::Both);
            return;
        }
    }
    let _ = verbindung.shutdown(Shutdown::Write);
}

/// Liest begrenzt weg, was der Client noch schickt: Schließen mit ungelesenen
/// Daten würde ein RST auslösen, und die letzte Meldung ginge verloren.
fn lass_abfliessen(mut verbindung: &TcpStream) {
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

/// Meldung senden, `shutdown(Write)`, begrenzt abfließen lassen, schließen.
fn verabschiede(mut verbindung: &TcpStream, meldung: &[u8]) {
    let _ = verbindung.set_write_timeout(Some(NACHLAUF_ZEIT));
    let _ = verbindung.write_all(meldung);
    let _ = verbindung.shutdown(Shutdown::Write);
    lass_abfliessen(verbindung);
}

//! Gruppenchat-Server mit einem Thread je Client, wie Pythons
//! `socketserver.ThreadingTCPServer`, aber mit Grenzen: höchstens N Clients,
//! Timeout für stille Clients, Obergrenze für ungelesene Ausgabe je Client.
//!
//! Benutzt socket2 (`listen` mit großer Warteschlange, `send` mit
//! `MSG_DONTWAIT`), `thread::Builder` (kleine Stacks), einen `Mutex` als
//! Postfach je Client und Lese-Timeouts. Ein Thread je Client, unter Windows
//! schickt dieser Thread auch die Ausgabe seines Clients (siehe `nachschieben`).
//!
//! Terminal 1: cargo run --example threaded_server
//! Terminal 2: cargo run --example gruppen_client
//! Terminal 3: cargo run --example gruppen_client
//!
//! Aufruf: threaded_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]
//!         [--max-puffer BYTES] [--leise]

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};

const STANDARD_ADRESSE: &str = "127.0.0.1:6000";
const AUFRUF: &str = "Aufruf: threaded_server [ADRESSE] [--max-clients N] \
                      [--timeout SEKUNDEN] [--max-puffer BYTES] [--leise]";
/// Warteschlange für fertige Verbindungen: groß, damit ein Ansturm nicht abprallt.
const WARTESCHLANGE: i32 = 1024;
/// Längste Zeile eines Clients in Bytes, `\n` eingeschlossen (Protokoll).
const MAX_ZEILE: usize = 1024;
/// Stack je Thread. Der Standard (2 MiB) wäre bei 10 000 Clients 40 GiB Adressraum.
const STACK: usize = 64 * 1024;
/// So lange schreiben wir zum Schluss noch aus und lesen nach einer
/// Abschiedszeile noch mit, damit sie ankommt.
const NACHLAUF: Duration = Duration::from_secs(2);
/// Schalter `--leise`: keine Protokollzeile je Client (für Lasttests).
static LEISE: AtomicBool = AtomicBool::new(false);

/// Eine Protokollzeile auf stdout, außer mit `--leise`.
macro_rules! protokoll {
    ($($arg:tt)*) => { if !LEISE.load(Ordering::Relaxed) { println!($($arg)*) } };
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: zustand
/// Was ein Client noch lesen muss. Wer dem Client etwas schickt, wirft die
/// Zeile hier ein und gibt dem Betriebssystem sofort, was dessen Sendepuffer
/// nimmt. Der Rest wartet hier, bis wieder Platz ist.
struct Postfach {
    stream: TcpStream,
    inhalt: Mutex<Ausgang>,
}

#[derive(Default)]
struct Ausgang {
    /// Zeilen als `Arc`: Eine Nachricht an 1000 Clients liegt nur einmal im Speicher.
    zeilen: VecDeque<Arc<[u8]>>,
    /// So viele Bytes der ersten Zeile hat das Betriebssystem schon genommen.
    angefangen: usize,
    /// Bytes, die noch nicht beim Betriebssystem abgegeben sind.
    bytes: usize,
    /// Nichts mehr annehmen: Der Client geht, ist weg oder wurde getrennt.
    zu: bool,
}

/// Alle Clients mit Namen. Ein einziger Mutex: Wer ihn hält, sieht den Raum
/// in einem festen Zustand, darum kommen Zeilen überall in derselben Reihenfolge an.
#[derive(Default)]
struct Raum {
    mitglieder: HashMap<u64, Mitglied>,
    namen: BTreeSet<String>,
}

struct Mitglied {
    name: String,
    adresse: SocketAddr,
    postfach: Arc<Postfach>,
}

struct Server {
    raum: Mutex<Raum>,
    /// Verbindungen mit laufenden Threads, auch solche ohne Namen.
    aktive: AtomicUsize,
    max_clients: usize,
    timeout: Duration,
    max_puffer: usize,
}
// ANCHOR_END: zustand

/// Ein Mutex bleibt benutzbar, auch wenn ein anderer Thread darin abgestürzt ist.
fn sperre<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

// ANCHOR: postfach
/// So lange schläft der Thread eines Clients höchstens, solange für diesen
/// noch Ausgabe im Postfach wartet. Dann versucht er, sie loszuwerden. Unter
/// Windows schaut er immer im Takt nach (siehe `nachschieben`), darum öfter.
const TAKT: Duration = Duration::from_millis(if cfg!(unix) { 200 } else { 20 });

impl Postfach {
    /// Reiht eine Zeile ein und schickt sofort, was geht. `false`: Der Client
    /// hat schon mehr als `max` Bytes nicht abgeholt, er liest nicht mit und muss gehen.
    fn einwerfen(&self, zeile: &Arc<[u8]>, max: usize) -> bool {
        let mut a = sperre(&self.inhalt);
        if a.zu {
            return true; // Der Client geht ohnehin gerade.
        }
        if a.bytes + zeile.len() > max {
            return false;
        }
        a.bytes += zeile.len();
        a.zeilen.push_back(Arc::clone(zeile));
        self.abgeben(&mut a);
        true
    }

    /// Gibt dem Betriebssystem, was es ohne Warten nimmt. Alles Senden läuft
    /// unter dem Mutex des Postfachs, darum bleibt die Reihenfolge der Bytes.
    fn abgeben(&self, a: &mut Ausgang) {
        while let Some(zeile) = a.zeilen.front() {
            let laenge = zeile.len();
            match senden_ohne_warten(&self.stream, &zeile[a.angefangen..]) {
                Ok(0) => return,
                Ok(n) => {
                    a.bytes -= n;
                    a.angefangen += n;
                    if a.angefangen == laenge {
                        a.zeilen.pop_front();
                        a.angefangen = 0;
                    }
                }
                // Sendepuffer voll: Der Rest bleibt im Postfach.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Der Client ist weg (EPIPE, ECONNRESET). shutdown() weckt
                // seinen Thread aus read(); der meldet es und räumt auf.
                Err(_) => return self.verwerfen(a),
            }
        }
    }

    /// Nimmt nichts mehr an, vergisst alles Ungeschriebene und trennt die
    /// Verbindung in beide Richtungen. Ein blockiertes read() kehrt mit 0 zurück.
    fn verwerfen(&self, a: &mut Ausgang) {
        a.zeilen.clear();
        (a.bytes, a.angefangen, a.zu) = (0, 0, true);
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    fn trennen(&self) {
        self.verwerfen(&mut sperre(&self.inhalt));
    }

    /// Der Thread des Clients vor jedem read(): Wartet noch Ausgabe, weil der
    /// Sendepuffer voll war? Noch ein Versuch. `true`: Es wartet immer noch etwas.
    #[cfg(unix)]
    fn nachschieben(&self) -> bool {
        let mut a = sperre(&self.inhalt);
        self.abgeben(&mut a);
        !a.zeilen.is_empty()
    }

    /// Windows kennt kein `MSG_DONTWAIT`. Dort schickt nur der Thread des
    /// Clients, blockierend und außerhalb des Mutex: Liest der Client nicht,
    /// hängt nur dieser Thread, und die anderen trennen ihn beim Überlaufen.
    /// Niemand weckt ihn für neue Zeilen, darum schaut er alle `TAKT` nach.
    #[cfg(not(unix))]
    fn nachschieben(&self) -> bool {
        let (zeilen, bytes) = {
            let mut a = sperre(&self.inhalt);
            (std::mem::take(&mut a.zeilen), a.bytes)
        };
        if zeilen.iter().any(|z| (&self.stream).write_all(z).is_err()) {
            self.trennen();
        }
        let mut a = sperre(&self.inhalt);
        a.bytes = a.bytes.saturating_sub(bytes);
        true
    }

    /// Zum Schluss, wenn niemand sonst mehr sendet: Rest und `abschied`
    /// blockierend schreiben, höchstens bis `frist`, dann FIN senden.
    fn zum_schluss(&self, abschied: &str, frist: Instant) -> io::Result<()> {
        let mut rest = Vec::new();
        {
            let mut a = sperre(&self.inhalt);
            if a.zu {
                return Ok(()); // schon getrennt, nichts mehr zu sagen
            }
            a.zu = true;
            a.zeilen.iter().for_each(|z| rest.extend_from_slice(z));
            rest.drain(..a.angefangen);
        }
        rest.extend_from_slice(abschied.as_bytes());
        // setsockopt(SO_SNDTIMEO): write() wartet höchstens bis zur Frist auf Platz.
        let warten = frist.saturating_duration_since(Instant::now());
        self.stream
            .set_write_timeout(Some(warten.max(Duration::from_millis(1))))?;
        (&self.stream).write_all(&rest)?;
        self.stream.shutdown(Shutdown::Write) // FIN: „mehr kommt nicht“
    }
}

/// send(2) mit `MSG_DONTWAIT`: Ist der Sendepuffer voll, kehrt der Aufruf
/// sofort mit `WouldBlock` zurück, statt zu warten. Der Socket bleibt dabei
/// blockierend, der Thread des Clients kann also weiter blockierend lesen.
#[cfg(unix)]
fn senden_ohne_warten(stream: &TcpStream, bytes: &[u8]) -> io::Result<usize> {
    socket2::SockRef::from(stream).send_with_flags(bytes, libc::MSG_DONTWAIT)
}

#[cfg(not(unix))]
fn senden_ohne_warten(_: &TcpStream, _: &[u8]) -> io::Result<usize> {
    Err(io::ErrorKind::WouldBlock.into()) // Windows: Das übernimmt `nachschieben`.
}
// ANCHOR_END: postfach

// ANCHOR: rundruf
impl Server {
    /// Schickt eine Zeile an alle Mitglieder außer `absender`. Wessen Postfach
    /// überläuft, fliegt raus, und die anderen erfahren es (daher die Schleife).
    fn rundruf(&self, raum: &mut Raum, absender: Option<u64>, zeile: String) {
        let mut offen = vec![(absender, zeile)];
        while let Some((absender, zeile)) = offen.pop() {
            let zeile: Arc<[u8]> = Arc::from(zeile.into_bytes());
            let zu_langsam: Vec<u64> = (raum.mitglieder.iter())
                .filter(|&(id, m)| {
                    Some(*id) != absender && !m.postfach.einwerfen(&zeile, self.max_puffer)
                })
                .map(|(&id, _)| id)
                .collect();
            for id in zu_langsam {
                let Some(m) = raum.mitglieder.remove(&id) else {
                    continue;
                };
                raum.namen.remove(&m.name);
                // Sofort trennen: Das weckt auch seinen Thread aus read().
                m.postfach.trennen();
                protokoll!(
                    "{}: {} getrennt (liest nicht mit, über {} Bytes ausstehend)",
                    m.adresse,
                    m.name,
                    self.max_puffer
                );
                offen.push((None, format!("* {} ist gegangen\n", m.name)));
            }
        }
    }
}
// ANCHOR_END: rundruf

/// Warum eine Verbindung endet.
enum Grund {
    Quit,
    Geschlossen,
    ZuLang,
    Still,
    ZuLangsam,
    Fehler(io::Error),
}

// ANCHOR: gespraech
/// Liest Zeilen eines Clients und setzt das Protokoll um, bis die Verbindung endet.
fn gespraech(
    server: &Server,
    postfach: &Arc<Postfach>,
    id: u64,
    adresse: SocketAddr,
    angemeldet: &mut bool,
) -> (Grund, usize) {
    let mut leser = Zeilenleser::new(server.timeout);
    let antwort = |text: &str| postfach.einwerfen(&Arc::from(text.as_bytes()), server.max_puffer);
    if !antwort("* Willkommen! Wie heißt du?\n") {
        return (Grund::ZuLangsam, 0);
    }
    loop {
        let zeile = match leser.naechste(postfach) {
            Ok(zeile) => zeile,
            Err(grund) => return (grund, leser.puffer.len()),
        };
        let text = text_aus(&zeile);
        if text == "/quit" {
            return (Grund::Quit, 0);
        }
        let gesendet = if *angemeldet {
            let mut raum = sperre(&server.raum);
            match raum.mitglieder.get(&id) {
                // Jemand anderes hat uns wegen Überlaufs entfernt.
                None => return (Grund::ZuLangsam, 0),
                Some(_) if text.is_empty() => {} // leere Zeilen ignorieren
                Some(m) => {
                    let nachricht = format!("{}: {text}\n", m.name);
                    server.rundruf(&mut raum, Some(id), nachricht);
                }
            }
            true
        } else if !name_gueltig(&text) {
            antwort("! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n")
        } else {
            let mut raum = sperre(&server.raum);
            if raum.namen.contains(&text) {
                antwort(&format!("! Der Name {text} ist vergeben\n"))
            } else {
                let ok = antwort(&gruss(&raum.namen, &text));
                server.rundruf(&mut raum, Some(id), format!("* {text} ist dabei\n"));
                raum.namen.insert(text.clone());
                let m = Mitglied {
                    name: text.clone(),
                    adresse,
                    postfach: Arc::clone(postfach),
                };
                raum.mitglieder.insert(id, m);
                drop(raum);
                protokoll!("{adresse}: heißt {text}");
                *angemeldet = true;
                ok
            }
        };
        if !gesendet {
            return (Grund::ZuLangsam, 0);
        }
    }
}
// ANCHOR_END: gespraech

/// `* Hallo NAME! Im Raum: …`, höchstens eine Protokollzeile lang.
fn gruss(namen: &BTreeSet<String>, neu: &str) -> String {
    let mut zeile = format!("* Hallo {neu}! Im Raum: ");
    let mut gezeigt = 0;
    for name in namen {
        if zeile.len() + name.len() + 40 > MAX_ZEILE {
            break;
        }
        if gezeigt > 0 {
            zeile.push_str(", ");
        }
        zeile.push_str(name);
        gezeigt += 1;
    }
    match namen.len() - gezeigt {
        _ if namen.is_empty() => zeile.push_str("niemand sonst"),
        0 => {}
        rest => zeile.push_str(&format!(" und {rest} weitere")),
    }
    zeile.push('\n');
    zeile
}

/// 1 bis 32 Zeichen, kein Leerraum, keine Steuerzeichen.
fn name_gueltig(name: &str) -> bool {
    let zeichen = name.chars().count();
    (1..=32).contains(&zeichen) && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Zeile ohne `\n` (und `\r` von Windows-Terminals); kaputtes UTF-8 wird zu �.
fn text_aus(zeile: &[u8]) -> String {
    let zeile = zeile.strip_suffix(b"\n").unwrap_or(zeile);
    let zeile = zeile.strip_suffix(b"\r").unwrap_or(zeile);
    String::from_utf8_lossy(zeile).into_owned()
}

// ANCHOR: zeilenleser
/// Liest Zeilen mit zwei Grenzen: höchstens MAX_ZEILE Bytes, und eine ganze
/// Zeile muss innerhalb von `timeout` fertig werden. Ein Client, der jede
/// Sekunde ein Byte schickt (Slowloris), setzt die Frist also nicht zurück.
/// Nebenbei schiebt der Leser Ausgabe nach, die im Postfach liegen blieb.
struct Zeilenleser {
    puffer: Vec<u8>,
    frist: Instant,
    timeout: Duration,
}

impl Zeilenleser {
    fn new(timeout: Duration) -> Self {
        let frist = Instant::now() + timeout;
        Zeilenleser {
            puffer: Vec::new(),
            frist,
            timeout,
        }
    }

    fn naechste(&mut self, postfach: &Postfach) -> Result<Vec<u8>, Grund> {
        let mut stream = &postfach.stream;
        loop {
            if let Some(pos) = self.puffer.iter().position(|&b| b == b'\n') {
                if pos >= MAX_ZEILE {
                    return Err(Grund::ZuLang);
                }
                self.frist = Instant::now() + self.timeout;
                return Ok(self.puffer.drain(..=pos).collect());
            }
            if self.puffer.len() >= MAX_ZEILE {
                return Err(Grund::ZuLang);
            }
            let rest = self.frist.saturating_duration_since(Instant::now());
            if rest.is_zero() {
                return Err(Grund::Still);
            }
            // Wartet noch Ausgabe, schlafen wir höchstens einen TAKT und
            // versuchen es dann erneut; sonst bis zur Frist.
            let warten = if postfach.nachschieben() {
                rest.min(TAKT)
            } else {
                rest
            };
            // setsockopt(SO_RCVTIMEO): read() wartet höchstens so lange.
            stream
                .set_read_timeout(Some(warten))
                .map_err(Grund::Fehler)?;
            let mut stueck = [0u8; MAX_ZEILE];
            match stream.read(&mut stueck) {
                Ok(0) => return Err(Grund::Geschlossen), // FIN: Client hat geschlossen
                Ok(n) => self.puffer.extend_from_slice(&stueck[..n]),
                // Abgelaufen: Unix meldet WouldBlock, Windows TimedOut. Kein
                // Fehler, nur der Wecker: Oben wird nachgeschoben und die Frist geprüft.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Grund::Fehler(e)),
            }
        }
    }
}
// ANCHOR_END: zeilenleser

// ANCHOR: client_thread
/// Der einzige Thread eines Clients: führt das Gespräch und räumt danach auf,
/// was auch immer schiefging.
fn client_thread(server: Arc<Server>, stream: TcpStream, adresse: SocketAddr, id: u64) {
    let postfach = Arc::new(Postfach {
        stream,
        inhalt: Mutex::default(),
    });
    let mut angemeldet = false;
    let (grund, rest) = gespraech(&server, &postfach, id, adresse, &mut angemeldet);

    // Aus dem Raum austragen. Fehlt der Client dort, hat ihn schon jemand
    // wegen Überlaufs entfernt und das auch gemeldet.
    let name = {
        let mut raum = sperre(&server.raum);
        let m = raum.mitglieder.remove(&id);
        if let Some(m) = &m {
            raum.namen.remove(&m.name);
            server.rundruf(&mut raum, None, format!("* {} ist gegangen\n", m.name));
        }
        m.map(|m| m.name)
    };
    let abschied = match &grund {
        Grund::Quit => Some("* Tschüss!\n".to_string()),
        Grund::ZuLang => Some(format!("! Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n")),
        Grund::Still => Some(format!(
            "! Zu lange still ({} s), Verbindung wird getrennt\n",
            server.timeout.as_secs()
        )),
        _ => None,
    };
    // Der Client ist aus dem Raum, niemand sonst schickt ihm mehr etwas.
    // Jetzt darf sein Thread blockierend schreiben, aber nicht ewig.
    let ende = Instant::now() + NACHLAUF;
    match (&grund, abschied) {
        // Scheitert das Schreiben, kehrt auch der Nachlauf sofort zurück.
        (_, Some(zeile)) => {
            let _ = postfach.zum_schluss(&zeile, ende);
            nachlauf(&postfach.stream, ende);
        }
        // Der Client hat nur seine Senderichtung geschlossen: Rest noch schicken.
        (Grund::Geschlossen, None) => {
            let _ = postfach.zum_schluss("", ende);
        }
        _ => {}
    }
    // Hart schließen; close() folgt, wenn das letzte `Arc` auf das Postfach fällt.
    let _ = postfach.stream.shutdown(Shutdown::Both);
    server.aktive.fetch_sub(1, Ordering::SeqCst);
    // Angemeldet, aber nicht mehr im Raum: `rundruf` hat den Client wegen
    // Überlaufs getrennt und das schon protokolliert.
    if !(angemeldet && name.is_none()) {
        let wer = name.as_deref().unwrap_or("(ohne Namen)");
        protokoll!(
            "{adresse}: {wer} getrennt ({})",
            beschreibe(&grund, rest, &server)
        );
    }
}
// ANCHOR_END: client_thread

/// Nach der Abschiedszeile lesen wir weg, was noch kommt, bis der Client
/// schließt. Schlössen wir mit ungelesenen Daten, schickte das System ein RST,
/// und der Client verlöre womöglich unsere letzte Zeile.
fn nachlauf(mut stream: &TcpStream, ende: Instant) {
    let mut muell = [0u8; 1024];
    loop {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || stream.set_read_timeout(Some(rest)).is_err() {
            return;
        }
        match stream.read(&mut muell) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

fn beschreibe(grund: &Grund, rest: usize, server: &Server) -> String {
    let mut text = match grund {
        Grund::Quit => "/quit".to_string(),
        Grund::Geschlossen => "Verbindung vom Client geschlossen".to_string(),
        Grund::ZuLang => format!("Zeile länger als {MAX_ZEILE} Bytes"),
        Grund::Still => format!("{} s lang keine Zeile", server.timeout.as_secs()),
        Grund::ZuLangsam => format!(
            "liest nicht mit, über {} Bytes ausstehend",
            server.max_puffer
        ),
        Grund::Fehler(e) => match e.kind() {
            io::ErrorKind::ConnectionReset => "Verbindung zurückgesetzt (RST)".to_string(),
            io::ErrorKind::ConnectionAborted => "Verbindung abgebrochen".to_string(),
            _ => format!("Fehler: {e}"),
        },
    };
    if rest > 0 && matches!(grund, Grund::Geschlossen | Grund::Still | Grund::Fehler(..)) {
        text.push_str(&format!(", {rest} Bytes ohne Zeilenende verworfen"));
    }
    text
}

// ANCHOR: annehmen
fn run() -> anyhow::Result<()> {
    let (mut server, adresse) = lies_argumente()?;
    let listener = lausche(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    if let Some((grenze, grund)) = systemgrenze()
        && server.max_clients > grenze
    {
        println!(
            "Achtung: {grund}: höchstens {grenze} statt {} Clients.",
            server.max_clients
        );
        server.max_clients = grenze;
    }
    println!(
        "Höchstens {} Clients, Timeout {} s, Puffer {} Bytes je Client",
        server.max_clients,
        server.timeout.as_secs(),
        server.max_puffer
    );
    let server = Arc::new(server);
    let mut naechste_id = 0u64;
    loop {
        let (stream, adresse) = match listener.accept() {
            Ok(verbindung) => verbindung,
            Err(e) => {
                // Etwa EMFILE (zu viele offene Dateien): melden, kurz durchatmen, weiter.
                protokoll!("accept() ist gescheitert: {e}");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        // Nur dieser Thread erhöht den Zähler, die Client-Threads senken ihn.
        if server.aktive.load(Ordering::SeqCst) >= server.max_clients {
            protokoll!("{adresse}: abgewiesen, Server voll");
            abweisen(stream, server.max_clients);
            continue;
        }
        server.aktive.fetch_add(1, Ordering::SeqCst);
        naechste_id += 1;
        let (id, s) = (naechste_id, Arc::clone(&server));
        let start = thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || client_thread(s, stream, adresse, id));
        match start {
            Ok(_) => protokoll!("{adresse}: verbunden"),
            Err(e) => {
                // Der Stream steckt in der Closure und wird mit ihr geschlossen.
                server.aktive.fetch_sub(1, Ordering::SeqCst);
                protokoll!("{adresse}: kein Thread möglich ({e}), Verbindung geschlossen");
            }
        }
    }
}

/// Sagt einem Client, dass kein Platz ist, und schließt. Nicht-blockierend,
/// damit ein Client, der nicht liest, den Annahme-Thread nicht aufhält.
fn abweisen(stream: TcpStream, max: usize) {
    let _ = stream.set_nonblocking(true);
    let zeile = format!("! Server voll (höchstens {max} Clients), versuch es später noch einmal\n");
    let _ = (&stream).write_all(zeile.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    // Was schon angekommen ist, weglesen, sonst antwortet close() mit RST.
    let mut muell = [0u8; 1024];
    for _ in 0..16 {
        if !matches!((&stream).read(&mut muell), Ok(n) if n > 0) {
            break;
        }
    }
}
// ANCHOR_END: annehmen

// ANCHOR: systemgrenze
/// Wie viele Clients mit je einem Thread verträgt dieser Rechner? Unter Linux
/// braucht jeder Thread vier Speicherbereiche (Stack, Schutzseite, Signal-Stack,
/// Schutzseite), erlaubt sind `vm.max_map_count` je Prozess. Wird es mehr, bricht
/// die Standardbibliothek beim Thread-Start den ganzen Prozess ab, statt einen
/// Fehler zu melden. Dazu kommt ein Dateideskriptor je Client (`ulimit -n`).
#[cfg(target_os = "linux")]
fn systemgrenze() -> Option<(usize, String)> {
    let lies = |pfad: &str| std::fs::read_to_string(pfad).ok();
    let karten: usize = lies("/proc/sys/vm/max_map_count")?.trim().parse().ok()?;
    let nach_karten = karten.saturating_sub(1000) / 4;
    let dateien: usize = lies("/proc/self/limits")?
        .lines()
        .find(|z| z.starts_with("Max open files"))?
        .split_whitespace()
        .nth(3)? // „Max open files  SOFT  HART  files“
        .parse()
        .ok()?;
    let nach_dateien = dateien.saturating_sub(50);
    Some(if nach_karten <= nach_dateien {
        (
            nach_karten,
            format!("vm.max_map_count = {karten}, ein Thread je Client"),
        )
    } else {
        (
            nach_dateien,
            format!("ulimit -n = {dateien}, ein Socket je Client"),
        )
    })
}

#[cfg(not(target_os = "linux"))]
fn systemgrenze() -> Option<(usize, String)> {
    None // Andere Systeme haben andere Grenzen; die Seite „Threads“ nennt sie.
}
// ANCHOR_END: systemgrenze

// ANCHOR: lauschen
fn lausche(adresse: SocketAddr) -> anyhow::Result<TcpListener> {
    // socket(2) für IPv4 oder IPv6, passend zur Adresse.
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )
    .context("socket() ist gescheitert")?;
    // SO_REUSEADDR: Neustart trotz alter Verbindungen in TIME_WAIT (nur Unix, siehe chat_server).
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket
        .bind(&adresse.into())
        .map_err(|e| bind_fehler(e, adresse))?;
    // listen(2) mit 1024 Plätzen; Linux kappt still bei net.core.somaxconn.
    socket
        .listen(WARTESCHLANGE)
        .context("listen() ist gescheitert")?;
    Ok(socket.into())
}
// ANCHOR_END: lauschen

fn bind_fehler(e: io::Error, adresse: SocketAddr) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::AddrNotAvailable => "Diese IP-Adresse gehört nicht zu diesem Rechner.",
        io::ErrorKind::PermissionDenied => {
            "Ports unter 1024 darf unter Linux nur ein Administrator binden."
        }
        _ => "Prüfe die Adresse, etwa 127.0.0.1:6000.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

/// Liest `[ADRESSE] [--max-clients N] [--timeout SEKUNDEN] [--max-puffer BYTES] [--leise]`.
fn lies_argumente() -> anyhow::Result<(Server, SocketAddr)> {
    let (mut adresse, mut max_clients, mut timeout, mut max_puffer) = (None, 100, 300, 65536);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut zahl = |min: u64| -> anyhow::Result<u64> {
            let wert = args
                .next()
                .with_context(|| format!("{arg} braucht eine Zahl. {AUFRUF}"))?;
            match wert.parse::<u64>() {
                Ok(n) if n >= min => Ok(n),
                _ => bail!("{arg} {wert}: erwartet eine ganze Zahl ab {min}. {AUFRUF}"),
            }
        };
        match arg.as_str() {
            "--max-clients" => max_clients = zahl(1)? as usize,
            "--timeout" => timeout = zahl(1)?,
            // Mindestens eine längste Nachrichtenzeile (Name + 1023 Bytes als �) muss passen.
            "--max-puffer" => max_puffer = zahl(4096)? as usize,
            "--leise" => LEISE.store(true, Ordering::Relaxed),
            _ if arg.starts_with("--") => bail!("Unbekannte Option {arg}. {AUFRUF}"),
            _ if adresse.is_none() => adresse = Some(arg),
            _ => bail!("Zu viele Argumente: {arg:?}. {AUFRUF}"),
        }
    }
    let text = adresse.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = (text.to_socket_addrs())
        .with_context(|| format!("Ungültige Adresse {text:?}, erwartet etwa 127.0.0.1:6000"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))?;
    let server = Server {
        raum: Mutex::default(),
        aktive: AtomicUsize::new(0),
        max_clients,
        timeout: Duration::from_secs(timeout),
        max_puffer,
    };
    Ok((server, adresse))
}

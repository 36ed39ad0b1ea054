//! Gruppenchat-Server mit einem einzigen Thread: Readiness-Polling mit mio
//! (epoll unter Linux, kqueue unter macOS, IOCP unter Windows), wie Pythons
//! `selectors`. Dasselbe Protokoll und dieselben Grenzen wie `threaded_server`.
//!
//! Benutzt socket2 (`listen` mit großer Warteschlange), `mio::Poll`, `Token`,
//! `Interest` und nicht-blockierende `TcpStream`s.
//!
//! Terminal 1: cargo run --example poll_server
//! Terminal 2: cargo run --example gruppen_client -- 127.0.0.1:6001
//! Terminal 3: cargo run --example gruppen_client -- 127.0.0.1:6001
//!
//! Aufruf: poll_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]
//!         [--max-puffer BYTES] [--leise]

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Registry, Token};
use socket2::{Domain, Protocol, Socket, Type};

const STANDARD_ADRESSE: &str = "127.0.0.1:6001";
const AUFRUF: &str = "Aufruf: poll_server [ADRESSE] [--max-clients N] \
                      [--timeout SEKUNDEN] [--max-puffer BYTES] [--leise]";
/// Warteschlange für fertige Verbindungen: groß, damit ein Ansturm nicht abprallt.
const WARTESCHLANGE: i32 = 1024;
/// Längste Zeile eines Clients in Bytes, `\n` eingeschlossen (Protokoll).
const MAX_ZEILE: usize = 1024;
/// So lange lesen wir nach einer Abschiedszeile noch mit, damit sie ankommt.
const NACHLAUF: Duration = Duration::from_secs(2);
/// Höchstens so viele read() à 4 KiB für einen Client, dann sind die anderen dran.
const LESEBUDGET: usize = 16;
/// Token des lauschenden Sockets. Clients bekommen ihren Platz im Vec als Token.
const LAUSCHER: Token = Token(usize::MAX);
/// Schalter `--leise`: keine Protokollzeile je Client (für Lasttests).
static LEISE: AtomicBool = AtomicBool::new(false);

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

// ANCHOR: hilfen
/// Der Socket hat gerade nichts (mehr) für uns: zurück zu poll().
fn would_block(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

/// Ein Signal hat den Systemaufruf unterbrochen: einfach noch einmal.
fn interrupted(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Interrupted
}
// ANCHOR_END: hilfen

// ANCHOR: client
/// Alles, was der Server über eine Verbindung weiß. Ein ruhender Client
/// belegt nur diese Struktur: beide Puffer sind dann leer und ohne Speicher.
struct Client {
    stream: TcpStream,
    adresse: SocketAddr,
    /// Eindeutig über die ganze Laufzeit; der Platz (Token) wird wiederverwendet.
    id: u64,
    name: Option<Box<str>>,
    /// Angefangene Zeile, die noch auf ihr `\n` wartet.
    eingang: Vec<u8>,
    /// Ausgabe, die das Betriebssystem noch nicht genommen hat, ab `gesendet`.
    ausgang: Vec<u8>,
    gesendet: usize,
    letzte_zeile: Instant,
    /// Abschiedszeile ist unterwegs; spätestens dann wird geschlossen.
    abschied: Option<Instant>,
    /// WRITABLE ist gerade registriert.
    will_schreiben: bool,
    /// Wird nach dem aktuellen Ereignis getrennt.
    weg: bool,
}

/// Warum eine Verbindung endet.
enum Grund {
    Quit,
    Geschlossen,
    ZuLang,
    Still,
    ZuLangsam,
    Fehler(io::Error),
}

struct Server {
    registry: Registry,
    /// Platz = Token. `None` ist frei; freie Plätze stehen zusätzlich in `frei`.
    clients: Vec<Option<Client>>,
    frei: Vec<usize>,
    namen: BTreeSet<Box<str>>,
    /// Fristen als Min-Heap: (wann, Platz, id). Veraltete Einträge werden beim
    /// Herausnehmen erkannt und mit der echten Frist neu eingereiht.
    fristen: BinaryHeap<Reverse<(Instant, usize, u64)>>,
    zu_trennen: Vec<(usize, Grund)>,
    /// Clients, deren Lesebudget aufgebraucht war: in der nächsten Runde weiter.
    nochmal: Vec<usize>,
    naechste_id: u64,
    max_clients: usize,
    timeout: Duration,
    max_puffer: usize,
}
// ANCHOR_END: client

// ANCHOR: schleife
fn run() -> anyhow::Result<()> {
    let mut poll = Poll::new().context("Poll::new() ist gescheitert")?;
    let (mut server, adresse) = lies_argumente(poll.registry().try_clone()?)?;
    let mut listener = TcpListener::from_std(lausche(adresse)?);
    println!("Server lauscht auf {}", listener.local_addr()?);
    println!(
        "Höchstens {} Clients, Timeout {} s, Puffer {} Bytes je Client",
        server.max_clients,
        server.timeout.as_secs(),
        server.max_puffer
    );
    poll.registry()
        .register(&mut listener, LAUSCHER, Interest::READABLE)?;
    let mut events = Events::with_capacity(1024);
    loop {
        // Schlafen, bis etwas passiert oder die nächste Frist abläuft.
        let frist = server.fristen.peek().map(|Reverse((wann, _, _))| *wann);
        let mut warten = frist.map(|f| f.saturating_duration_since(Instant::now()));
        if !server.nochmal.is_empty() {
            warten = Some(Duration::ZERO); // nur nachsehen, nicht schlafen
        }
        if let Err(e) = poll.poll(&mut events, warten) {
            if interrupted(&e) {
                continue;
            }
            return Err(e).context("poll() ist gescheitert");
        }
        for event in events.iter() {
            match event.token() {
                LAUSCHER => server.annehmen(&listener),
                Token(platz) => {
                    if event.is_writable() {
                        server.schreiben(platz);
                    }
                    if event.is_readable() || event.is_read_closed() || event.is_error() {
                        server.lesen(platz);
                    }
                }
            }
            server.aufraeumen();
        }
        for platz in std::mem::take(&mut server.nochmal) {
            server.lesen(platz);
            server.aufraeumen();
        }
        server.fristen_pruefen();
    }
}
// ANCHOR_END: schleife

/// Der Client auf `platz`, falls es ihn gibt und er nicht gerade geht. Eine
/// freie Funktion statt Methode: So bleiben die anderen Felder des Servers
/// (registry, namen, fristen) daneben benutzbar.
fn aktiv(clients: &mut [Option<Client>], platz: usize) -> Option<&mut Client> {
    clients.get_mut(platz)?.as_mut().filter(|c| !c.weg)
}

impl Server {
    // ANCHOR: annehmen
    /// accept() bis WouldBlock: Ein Ereignis kann für viele Verbindungen stehen.
    fn annehmen(&mut self, listener: &TcpListener) {
        loop {
            let (mut stream, adresse) = match listener.accept() {
                Ok(verbindung) => verbindung,
                Err(e) if would_block(&e) => return,
                Err(e) if interrupted(&e) => continue,
                Err(e) => {
                    // Etwa EMFILE: Die Verbindung bleibt in der Warteschlange.
                    protokoll!("accept() ist gescheitert: {e}");
                    return;
                }
            };
            if self.clients.len() - self.frei.len() >= self.max_clients {
                protokoll!("{adresse}: abgewiesen, Server voll");
                abweisen(stream, self.max_clients);
                continue;
            }
            let platz = self.frei.pop().unwrap_or(self.clients.len());
            if let Err(e) = (self.registry).register(&mut stream, Token(platz), Interest::READABLE)
            {
                protokoll!("{adresse}: register() ist gescheitert: {e}");
                continue;
            }
            if platz == self.clients.len() {
                self.clients.push(None);
            }
            self.naechste_id += 1;
            let jetzt = Instant::now();
            self.fristen
                .push(Reverse((jetzt + self.timeout, platz, self.naechste_id)));
            self.clients[platz] = Some(Client {
                stream,
                adresse,
                id: self.naechste_id,
                name: None,
                eingang: Vec::new(),
                ausgang: Vec::new(),
                gesendet: 0,
                letzte_zeile: jetzt,
                abschied: None,
                will_schreiben: false,
                weg: false,
            });
            protokoll!("{adresse}: verbunden");
            self.senden(platz, "* Willkommen! Wie heißt du?\n".as_bytes());
        }
    }
    // ANCHOR_END: annehmen

    // ANCHOR: lesen
    /// read() bis WouldBlock. mio meldet Bereitschaft nur bei Änderungen
    /// (flankengesteuert): Wer aufhört, bevor der Socket leer ist, hört nie
    /// wieder etwas. Damit ein Client, der pausenlos sendet, die anderen nicht
    /// aushungert, gibt es ein Budget; danach kommt er in der nächsten Runde dran.
    fn lesen(&mut self, platz: usize) {
        let mut puffer = [0u8; 4096]; // einer für alle Clients, auf dem Stack
        let mut budget = LESEBUDGET;
        while let Some(client) = aktiv(&mut self.clients, platz) {
            if budget == 0 {
                self.nochmal.push(platz);
                break;
            }
            budget -= 1;
            match client.stream.read(&mut puffer) {
                Ok(0) => return self.trennen(platz, Grund::Geschlossen), // FIN
                Ok(_) if client.abschied.is_some() => {}                 // Nachlauf: wegwerfen
                Ok(n) => {
                    client.eingang.extend_from_slice(&puffer[..n]);
                    self.zeilen_verarbeiten(platz);
                }
                Err(e) if would_block(&e) => break,
                Err(e) if interrupted(&e) => {}
                Err(e) => return self.trennen(platz, Grund::Fehler(e)),
            }
        }
        // Nichts Angefangenes mehr? Dann den Speicher ganz zurückgeben.
        if let Some(client) = aktiv(&mut self.clients, platz)
            && client.eingang.is_empty()
        {
            client.eingang = Vec::new();
        }
    }

    fn zeilen_verarbeiten(&mut self, platz: usize) {
        while let Some(client) = aktiv(&mut self.clients, platz).filter(|c| c.abschied.is_none()) {
            let zeile: Vec<u8> = match client.eingang.iter().position(|&b| b == b'\n') {
                Some(pos) if pos < MAX_ZEILE => client.eingang.drain(..=pos).collect(),
                None if client.eingang.len() < MAX_ZEILE => return,
                _ => return self.verabschieden(platz, Grund::ZuLang),
            };
            client.letzte_zeile = Instant::now();
            self.zeile(platz, &text_aus(&zeile));
        }
    }
    // ANCHOR_END: lesen

    // ANCHOR: protokoll
    /// Eine vollständige Zeile des Clients auf `platz`, ohne `\n`.
    fn zeile(&mut self, platz: usize, text: &str) {
        if text == "/quit" {
            return self.verabschieden(platz, Grund::Quit);
        }
        let Some(client) = aktiv(&mut self.clients, platz) else {
            return;
        };
        if let Some(name) = client.name.clone() {
            if !text.is_empty() {
                let nachricht = format!("{name}: {text}\n");
                self.rundruf(Some(platz), nachricht.as_bytes());
            }
        } else if !name_gueltig(text) {
            let fehler = "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n";
            self.senden(platz, fehler.as_bytes());
        } else if self.namen.contains(text) {
            let fehler = format!("! Der Name {text} ist vergeben\n");
            self.senden(platz, fehler.as_bytes());
        } else {
            protokoll!("{}: heißt {text}", client.adresse);
            client.name = Some(text.into());
            let gruss = gruss(&self.namen, text);
            self.namen.insert(text.into());
            self.senden(platz, gruss.as_bytes());
            self.rundruf(Some(platz), format!("* {text} ist dabei\n").as_bytes());
        }
    }

    /// An alle Clients mit Namen außer `absender`.
    fn rundruf(&mut self, absender: Option<usize>, zeile: &[u8]) {
        for platz in 0..self.clients.len() {
            let angemeldet = matches!(&self.clients[platz], Some(c) if c.name.is_some());
            if angemeldet && Some(platz) != absender {
                self.senden(platz, zeile);
            }
        }
    }
    // ANCHOR_END: protokoll

    // ANCHOR: schreiben
    /// Hängt `bytes` an die Ausgabe und schreibt sofort, so viel der Socket nimmt.
    fn senden(&mut self, platz: usize, bytes: &[u8]) {
        let max_puffer = self.max_puffer;
        let Some(client) = aktiv(&mut self.clients, platz) else {
            return;
        };
        if client.ausgang.len() - client.gesendet + bytes.len() > max_puffer {
            // Liest nicht mit: Wir puffern nicht endlos für einen einzigen Client.
            client.weg = true;
            self.zu_trennen.push((platz, Grund::ZuLangsam));
            return;
        }
        client.ausgang.extend_from_slice(bytes);
        self.schreiben(platz);
    }

    /// write() bis der Puffer leer ist oder WouldBlock. WRITABLE ist nur
    /// registriert, solange noch etwas wartet; sonst weckte uns jeder freie
    /// Sendepuffer umsonst.
    fn schreiben(&mut self, platz: usize) {
        let Some(client) = aktiv(&mut self.clients, platz) else {
            return;
        };
        while client.gesendet < client.ausgang.len() {
            match client.stream.write(&client.ausgang[client.gesendet..]) {
                Ok(0) => break, // kommt bei nicht-leerem Puffer nicht vor
                Ok(n) => client.gesendet += n,
                Err(e) if would_block(&e) => break,
                Err(e) if interrupted(&e) => {}
                Err(e) => {
                    client.weg = true;
                    return self.zu_trennen.push((platz, Grund::Fehler(e)));
                }
            }
        }
        if client.gesendet == client.ausgang.len() {
            // Alles beim Betriebssystem: Speicher zurückgeben.
            (client.ausgang, client.gesendet) = (Vec::new(), 0);
            if client.abschied.is_some() {
                let _ = client.stream.shutdown(Shutdown::Write); // FIN nach der letzten Zeile
            }
        } else if client.gesendet >= 4096 {
            client.ausgang.drain(..client.gesendet); // Geschriebenes vorne abschneiden
            client.gesendet = 0;
        }
        let will = client.gesendet < client.ausgang.len();
        if will != client.will_schreiben {
            client.will_schreiben = will;
            let interesse = match will {
                true => Interest::READABLE | Interest::WRITABLE,
                false => Interest::READABLE,
            };
            if let Err(e) = (self.registry).reregister(&mut client.stream, Token(platz), interesse)
            {
                client.weg = true;
                self.zu_trennen.push((platz, Grund::Fehler(e)));
            }
        }
    }
    // ANCHOR_END: schreiben

    // ANCHOR: trennen
    /// Der Client verlässt den Raum und bekommt noch eine letzte Zeile. Bis sie
    /// angekommen ist (höchstens NACHLAUF), bleibt die Verbindung offen.
    fn verabschieden(&mut self, platz: usize, grund: Grund) {
        let zeile = match grund {
            Grund::Quit => "* Tschüss!\n".to_string(),
            Grund::ZuLang => format!("! Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n"),
            _ => format!(
                "! Zu lange still ({} s), Verbindung wird getrennt\n",
                self.timeout.as_secs()
            ),
        };
        self.verlassen(platz, &grund);
        let Some(client) = aktiv(&mut self.clients, platz) else {
            return;
        };
        let ende = Instant::now() + NACHLAUF;
        (client.abschied, client.eingang) = (Some(ende), Vec::new());
        self.fristen.push(Reverse((ende, platz, client.id)));
        self.senden(platz, zeile.as_bytes());
    }

    /// Sofort schließen. Wer schon im Abschied war, hat den Raum bereits verlassen.
    fn trennen(&mut self, platz: usize, grund: Grund) {
        if matches!(&self.clients[platz], Some(c) if c.abschied.is_none()) {
            self.verlassen(platz, &grund);
        }
        if let Some(mut client) = self.clients[platz].take() {
            let _ = self.registry.deregister(&mut client.stream);
            self.frei.push(platz); // Drop von `client` schließt den Socket.
        }
    }

    /// Protokollzeile, Name freigeben, die anderen benachrichtigen.
    fn verlassen(&mut self, platz: usize, grund: &Grund) {
        let Some(Some(client)) = self.clients.get(platz) else {
            return;
        };
        let beschreibung = self.beschreibe(grund, client.eingang.len());
        let Some(Some(client)) = self.clients.get_mut(platz) else {
            return;
        };
        let name = client.name.take();
        let wer = name.as_deref().unwrap_or("(ohne Namen)");
        protokoll!("{}: {wer} getrennt ({beschreibung})", client.adresse);
        if let Some(name) = name {
            self.namen.remove(&name);
            self.rundruf(None, format!("* {name} ist gegangen\n").as_bytes());
        }
    }

    /// Trennt, wen `senden` oder `schreiben` vorgemerkt hat. Als Schleife statt
    /// Rekursion: Jedes „ist gegangen“ kann weitere Überläufe auslösen.
    fn aufraeumen(&mut self) {
        while let Some((platz, grund)) = self.zu_trennen.pop() {
            if let Some(client) = self.clients[platz].as_mut() {
                client.weg = false; // damit `verlassen` ihn noch findet
                self.trennen(platz, grund);
            }
        }
    }

    /// Abgelaufene Fristen: stille Clients verabschieden, Nachläufe beenden.
    fn fristen_pruefen(&mut self) {
        let jetzt = Instant::now();
        while let Some(&Reverse((frist, platz, id))) = self.fristen.peek() {
            if frist > jetzt {
                break;
            }
            self.fristen.pop();
            let timeout = self.timeout;
            let Some(client) = aktiv(&mut self.clients, platz).filter(|c| c.id == id) else {
                continue; // veraltet: Client schon weg
            };
            let echte_frist = client.abschied.unwrap_or(client.letzte_zeile + timeout);
            if echte_frist > jetzt {
                self.fristen.push(Reverse((echte_frist, platz, id)));
            } else if client.abschied.is_some() {
                self.trennen(platz, Grund::Geschlossen);
            } else {
                self.verabschieden(platz, Grund::Still);
            }
            self.aufraeumen();
        }
    }
    // ANCHOR_END: trennen

    fn beschreibe(&self, grund: &Grund, rest: usize) -> String {
        let mut text = match grund {
            Grund::Quit => "/quit".to_string(),
            Grund::Geschlossen => "Verbindung vom Client geschlossen".to_string(),
            Grund::ZuLang => format!("Zeile länger als {MAX_ZEILE} Bytes"),
            Grund::Still => format!("{} s lang keine Zeile", self.timeout.as_secs()),
            Grund::ZuLangsam => {
                format!("liest nicht mit, über {} Bytes ausstehend", self.max_puffer)
            }
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
}

/// Sagt einem Client, dass kein Platz ist, und schließt. Der Socket ist
/// nicht-blockierend: Ein Client, der nicht liest, hält niemanden auf.
fn abweisen(mut stream: TcpStream, max: usize) {
    let zeile = format!("! Server voll (höchstens {max} Clients), versuch es später noch einmal\n");
    let _ = stream.write_all(zeile.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    // Was schon angekommen ist, weglesen, sonst antwortet close() mit RST.
    let mut muell = [0u8; 1024];
    for _ in 0..16 {
        if !matches!(stream.read(&mut muell), Ok(n) if n > 0) {
            break;
        }
    }
}

/// `* Hallo NAME! Im Raum: …`, höchstens eine Protokollzeile lang.
fn gruss(namen: &BTreeSet<Box<str>>, neu: &str) -> String {
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

// ANCHOR: lauschen
fn lausche(adresse: SocketAddr) -> anyhow::Result<std::net::TcpListener> {
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )
    .context("socket() ist gescheitert")?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket
        .bind(&adresse.into())
        .map_err(|e| bind_fehler(e, adresse))?;
    socket
        .listen(WARTESCHLANGE)
        .context("listen() ist gescheitert")?;
    // O_NONBLOCK: accept() wartet nie, sondern meldet WouldBlock. mio verlangt das.
    socket.set_nonblocking(true)?;
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
        _ => "Prüfe die Adresse, etwa 127.0.0.1:6001.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

/// Liest `[ADRESSE] [--max-clients N] [--timeout SEKUNDEN] [--max-puffer BYTES] [--leise]`.
fn lies_argumente(registry: Registry) -> anyhow::Result<(Server, SocketAddr)> {
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
        .with_context(|| format!("Ungültige Adresse {text:?}, erwartet etwa 127.0.0.1:6001"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))?;
    let server = Server {
        registry,
        clients: Vec::new(),
        frei: Vec::new(),
        namen: BTreeSet::new(),
        fristen: BinaryHeap::new(),
        zu_trennen: Vec::new(),
        nochmal: Vec::new(),
        naechste_id: 0,
        max_clients,
        timeout: Duration::from_secs(timeout),
        max_puffer,
    };
    Ok((server, adresse))
}

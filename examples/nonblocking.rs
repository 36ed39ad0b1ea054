//! Blockierend und nicht-blockierend: eine Vorführung in einem einzigen
//! Prozess. Server und Clients laufen auf Loopback im selben Programm; jeder
//! Schritt wird ausgegeben.
//!
//! Zeigt `set_nonblocking(true)`, ein `read()` mit `WouldBlock`, ein `write()`,
//! das den Sendepuffer füllt (`SO_SNDBUF` klein gemacht mit socket2), und ein
//! nicht-blockierendes `connect()` mit socket2, dessen Ende wir mit mio
//! abwarten (`Poll`, `Interest::WRITABLE`, `take_error`, `peer_addr`).
//!
//! Terminal: cargo run --example nonblocking

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use mio::{Events, Interest, Poll, Token};
use socket2::{Domain, Protocol, SockRef, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// So klein wünschen wir uns Sende- und Empfangspuffer, damit sie schnell
/// voll sind. Das System darf den Wert anpassen (Linux verdoppelt ihn).
const KLEINER_PUFFER: usize = 4096;
/// So viele Bytes übergibt jedes write() in Schritt 5.
const STUECK: usize = 1024;
/// Länger wartet keine Schleife hier; danach stimmt etwas nicht.
const FRIST: Duration = Duration::from_secs(10);

/// EINPROGRESS aus `errno.h`: „Operation now in progress“. std hat dafür
/// noch keine stabile `ErrorKind`, daher die Nummer je Betriebssystem.
/// Windows meldet stattdessen WSAEWOULDBLOCK, das std zu WouldBlock macht.
#[cfg(any(target_os = "linux", target_os = "android"))]
const EINPROGRESS: Option<i32> = Some(115);
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
const EINPROGRESS: Option<i32> = Some(36);
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd"
)))]
const EINPROGRESS: Option<i32> = None;

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example nonblocking

Führt blockierende und nicht-blockierende Aufrufe in einem Prozess vor.
Das Beispiel nimmt keine Argumente.";

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("--help" | "-h") => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Some(anderes) => {
            eprintln!("Fehler: unbekanntes Argument {anderes:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").context("Kann keinen Server-Socket binden")?;
    // Angenommene Verbindungen erben den kleinen Empfangspuffer (SO_RCVBUF),
    // sonst würde der Empfänger in Schritt 5 Megabytes schlucken.
    SockRef::from(&listener).set_recv_buffer_size(KLEINER_PUFFER)?;
    let server = listener.local_addr()?;
    zeile!("Schritt 1: Ein Server lauscht auf {server}, ein Client verbindet sich.");
    let verbindung = TcpStream::connect(server)?;
    let (mut server_seite, _) = listener.accept()?;

    // ANCHOR: lesen
    zeile!("Schritt 2: verbindung.set_nonblocking(true)");
    verbindung.set_nonblocking(true)?;
    let mut puffer = [0u8; 64];
    zeile!("Schritt 3: read(), obwohl noch nichts angekommen ist …");
    match (&verbindung).read(&mut puffer) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
            zeile!("  -> Err, ErrorKind::WouldBlock: {e}");
            zeile!("  Das Programm wartet nicht, es kann sofort etwas anderes tun.");
        }
        anderes => bail!("Erwartet war WouldBlock, gekommen ist {anderes:?}"),
    }
    zeile!("Schritt 4: Der Server schickt „Hallo“. read() erneut, bis etwas da ist …");
    server_seite.write_all(b"Hallo\n")?;
    let n = bis_es_klappt(|| (&verbindung).read(&mut puffer))?;
    let text = String::from_utf8_lossy(&puffer[..n]);
    zeile!("  -> Ok({n}): {:?}", text);
    // ANCHOR_END: lesen

    // ANCHOR: schreiben
    zeile!("Schritt 5: Sendepuffer füllen. Der Server liest absichtlich nichts.");
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    // setsockopt(SO_SNDBUF): vor connect(), damit es sicher wirkt.
    socket.set_send_buffer_size(KLEINER_PUFFER)?;
    zeile!(
        "  SO_SNDBUF: {KLEINER_PUFFER} Bytes erbeten, das System gibt {} Bytes",
        socket.send_buffer_size()?
    );
    socket.connect(&server.into())?;
    let sender: TcpStream = socket.into();
    sender.set_nonblocking(true)?;
    let (mut empfaenger, _) = listener.accept()?;
    let stueck = [b'x'; STUECK];
    let mut summe = 0;
    loop {
        match (&sender).write(&stueck) {
            Ok(n) => summe += n, // auch weniger als STUECK ist möglich
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                zeile!("  -> WouldBlock nach {summe} Bytes: Alle Puffer sind voll.");
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e).context("write() ist gescheitert"),
        }
    }
    zeile!("Schritt 6: Der Server liest alles. Danach nimmt write() wieder etwas an.");
    let mut alles = vec![0u8; summe];
    empfaenger.read_exact(&mut alles)?;
    let n = bis_es_klappt(|| (&sender).write(&stueck))?;
    zeile!("  -> Ok({n})");
    // ANCHOR_END: schreiben

    // ANCHOR: verbinden
    zeile!("Schritt 7: Nicht-blockierendes connect() zum Server …");
    let verbindung = starte_verbindung(server)?;
    if !warte_auf_aufbau(verbindung)? {
        bail!("Die Verbindung zu {server} hätte klappen sollen");
    }
    zeile!("Schritt 8: Dasselbe zu einem Port, auf dem niemand lauscht …");
    let niemand = TcpListener::bind("127.0.0.1:0")?.local_addr()?; // sofort wieder frei
    let verbindung = starte_verbindung(niemand)?;
    if warte_auf_aufbau(verbindung)? {
        bail!("Zu {niemand} hätte keine Verbindung zustande kommen dürfen");
    }
    // ANCHOR_END: verbinden
    zeile!("Fertig. Wie man auf viele Sockets zugleich wartet, zeigt das Kapitel zum Polling.");
    Ok(())
}

// ANCHOR: connect
/// socket(), set_nonblocking(true), connect(): kehrt sofort zurück.
fn starte_verbindung(ziel: SocketAddr) -> anyhow::Result<TcpStream> {
    let socket = Socket::new(Domain::for_address(ziel), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_nonblocking(true)?;
    match socket.connect(&ziel.into()) {
        // Auf Loopback kann der Aufbau sofort fertig sein.
        Ok(()) => zeile!("  connect(): Ok(()), sofort verbunden"),
        // Python: connect_ex() gäbe hier die Zahl e.raw_os_error() zurück.
        Err(e) if aufbau_laeuft(&e) => zeile!("  connect(): Err({e}), der Aufbau läuft"),
        Err(e) => return Err(e).with_context(|| format!("connect() zu {ziel} ist gescheitert")),
    }
    Ok(socket.into())
}

fn aufbau_laeuft(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
        || (EINPROGRESS.is_some() && e.raw_os_error() == EINPROGRESS)
}
// ANCHOR_END: connect

// ANCHOR: warten
/// Wartet mit mio, bis der Socket schreibbar ist: Dann ist der
/// Verbindungsaufbau vorbei. `true` heißt verbunden, `false` gescheitert.
fn warte_auf_aufbau(verbindung: TcpStream) -> anyhow::Result<bool> {
    let mut verbindung = mio::net::TcpStream::from_std(verbindung);
    let mut poll = Poll::new()?;
    let mut ereignisse = Events::with_capacity(4);
    poll.registry()
        .register(&mut verbindung, Token(0), Interest::WRITABLE)?;
    let start = Instant::now();
    while start.elapsed() < FRIST {
        match poll.poll(&mut ereignisse, Some(FRIST)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            ergebnis => ergebnis?,
        }
        if ereignisse.is_empty() {
            continue;
        }
        zeile!("  poll(): schreibbar");
        // SO_ERROR lesen: Hier steht, woran der Aufbau gescheitert ist.
        if let Some(e) = verbindung.take_error()? {
            zeile!("  -> take_error(): Some({:?}): {e}", e.kind());
            return Ok(false);
        }
        // Kein Fehler und eine Gegenstelle: verbunden. NotConnected oder (laut
        // mios Doku auf manchen Systemen) EINPROGRESS heißen „noch nicht“, ein
        // verfrühtes Ereignis: Dann warten wir weiter.
        match verbindung.peer_addr() {
            Ok(gegenstelle) => {
                zeile!("  -> take_error(): None, peer_addr(): {gegenstelle}");
                return Ok(true);
            }
            Err(e) if e.kind() == io::ErrorKind::NotConnected => {}
            Err(e) if e.raw_os_error().is_some() && e.raw_os_error() == EINPROGRESS => {}
            Err(e) => return Err(e).context("peer_addr() ist gescheitert"),
        }
    }
    bail!("Der Verbindungsaufbau ist nach {FRIST:?} immer noch nicht fertig")
}
// ANCHOR_END: warten

// ANCHOR: bis_es_klappt
/// Ruft `versuch` so lange auf, bis es nicht mehr WouldBlock meldet. Das ist
/// aktives Warten: Es kostet Rechenzeit und ist nur für diese Vorführung gut.
fn bis_es_klappt<T>(mut versuch: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let start = Instant::now();
    loop {
        match versuch() {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && start.elapsed() < FRIST => {
                thread::sleep(Duration::from_millis(1));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            ergebnis => return ergebnis,
        }
    }
}
// ANCHOR_END: bis_es_klappt

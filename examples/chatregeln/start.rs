//! Der Start jedes Gruppenchat-Servers: Schalter lesen, Socket binden. Beide
//! Server teilen das; anders als die Regeln in `mod.rs` spricht es mit dem
//! Betriebssystem.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};

// ANCHOR: befehlszeile
/// Die Schalter, die alle Gruppenchat-Server verstehen.
pub struct Einstellungen {
    pub adresse: SocketAddr,
    pub max_clients: usize,
    pub timeout: Duration,
    pub max_puffer: usize,
    pub leise: bool,
}

/// Ohne Schalter: 100 Clients, 300 s, 64 KiB; die Adresse setzt `befehlszeile`.
impl Default for Einstellungen {
    fn default() -> Self {
        Einstellungen {
            adresse: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_clients: 100,
            timeout: Duration::from_secs(300),
            max_puffer: 65536,
            leise: false,
        }
    }
}

/// Liest `[ADRESSE] [--max-clients N] [--timeout SEKUNDEN] [--max-puffer
/// BYTES] [--leise]`. `Err`: Hilfe gezeigt (0) oder falsches Argument (2).
pub fn befehlszeile(programm: &str, standard: &str) -> Result<Einstellungen, ExitCode> {
    let aufruf = format!(
        "Aufruf: {programm} [ADRESSE] [--max-clients N] [--timeout SEKUNDEN] \
         [--max-puffer BYTES] [--leise]\n  ADRESSE {standard}, N 1..100000 (100), \
         SEKUNDEN 1..86400 (300), BYTES 4096..67108864 (65536)"
    );
    let falsch = |text: String| {
        eprintln!("Fehler: {text}\n{aufruf}");
        ExitCode::from(2)
    };
    let (mut adresse, mut max_clients, mut sekunden, mut max_puffer) = (None, 100, 300, 65536);
    let mut leise = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut zahl = |bereich: std::ops::RangeInclusive<u64>| {
            let wert = args.next().unwrap_or_default();
            match wert.parse::<u64>() {
                Ok(n) if bereich.contains(&n) => Ok(n),
                _ => Err(falsch(format!(
                    "{arg} {wert:?}: erlaubt sind ganze Zahlen {bereich:?}"
                ))),
            }
        };
        match arg.as_str() {
            "-h" | "--help" => {
                zeile!("{aufruf}");
                return Err(ExitCode::SUCCESS);
            }
            "--max-clients" => max_clients = zahl(1..=100_000)? as usize,
            "--timeout" => sekunden = zahl(1..=86_400)?,
            // Eine längste Nachricht (Name, `: `, 1023 Bytes als �) muss passen.
            "--max-puffer" => max_puffer = zahl(4096..=64 << 20)? as usize,
            "--leise" => leise = true,
            _ if arg.starts_with('-') => return Err(falsch(format!("Unbekannte Option {arg}"))),
            _ if adresse.is_none() => adresse = Some(arg),
            _ => return Err(falsch(format!("Zu viele Argumente: {arg:?}"))),
        }
    }
    let text = adresse.unwrap_or_else(|| standard.to_string());
    let Some(adresse) = text.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        return Err(falsch(format!(
            "ADRESSE {text:?}: erwartet etwa {standard}"
        )));
    };
    let timeout = Duration::from_secs(sekunden);
    Ok(Einstellungen {
        adresse,
        max_clients,
        timeout,
        max_puffer,
        leise,
    })
}
// ANCHOR_END: befehlszeile

// ANCHOR: lauschen
/// Warteschlange für fertige Verbindungen: groß, damit ein Ansturm nicht abprallt.
const WARTESCHLANGE: i32 = 1024;

/// socket(2), bind(2), listen(2) mit socket2, dann ein `TcpListener` von std.
/// Die erste Zeile nennt die echte Adresse (bei Port 0 vergibt das System einen).
/// `nicht_blockierend`: O_NONBLOCK, accept() meldet dann WouldBlock statt zu warten.
pub fn lausche(e: &Einstellungen, nicht_blockierend: bool) -> anyhow::Result<TcpListener> {
    let adresse = e.adresse;
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
    // Linux kappt die Warteschlange still bei net.core.somaxconn.
    socket
        .listen(WARTESCHLANGE)
        .context("listen() ist gescheitert")?;
    socket.set_nonblocking(nicht_blockierend)?;
    let lauscher = TcpListener::from(socket);
    zeile!("Server lauscht auf {}", lauscher.local_addr()?);
    let (max, sekunden, puffer) = (e.max_clients, e.timeout.as_secs(), e.max_puffer);
    zeile!("Höchstens {max} Clients, Timeout {sekunden} s, Puffer {puffer} Bytes je Client");
    Ok(lauscher)
}

/// Sagt einem Client, dass kein Platz ist. Der Aufrufer hat den Socket
/// nicht-blockierend gemacht: Wer nicht liest, hält niemanden auf. Was schon
/// angekommen ist, wird weggelesen; sonst schickte close() ein RST statt FIN.
pub fn abweisen(mut verbindung: impl Read + Write, max_clients: usize) {
    let _ = verbindung.write_all(voll(max_clients).as_bytes());
    let mut muell = [0u8; 1024];
    for _ in 0..16 {
        if !matches!(verbindung.read(&mut muell), Ok(n) if n > 0) {
            break;
        }
    }
}
// ANCHOR_END: lauschen

// GLEICH: bind_fehler – deutsche Meldung mit Rat, wenn bind() scheitert
fn bind_fehler(e: io::Error, adresse: impl std::fmt::Display) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::AddrNotAvailable => "Diese IP-Adresse gehört nicht zu diesem Rechner.",
        io::ErrorKind::PermissionDenied => {
            "Ports unter 1024 darf unter Linux nur root (oder mit CAP_NET_BIND_SERVICE) binden."
        }
        _ => "Prüfe die Adresse: IP-Adresse und Port, etwa 127.0.0.1:5000.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}
// GLEICH_ENDE: bind_fehler

/// `main` jedes Chat-Servers: Schalter lesen, `run` starten, Fehler deutsch
/// melden. Exit 0 nach `--help`, 2 bei falschen Argumenten, 1 bei Fehlern.
pub fn hauptprogramm(
    programm: &str,
    standard: &str,
    run: fn(Einstellungen) -> anyhow::Result<()>,
) -> ExitCode {
    match befehlszeile(programm, standard).map(run) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
        Err(code) => code,
    }
}

// ANCHOR: hilfen
/// Der Socket hat gerade nichts (mehr) für uns: zurück zu poll().
pub fn wuerde_blockieren(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
pub fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout

/// Ein Signal hat den Systemaufruf unterbrochen: einfach noch einmal.
pub fn unterbrochen(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Interrupted
}
// ANCHOR_END: hilfen

pub fn voll(max_clients: usize) -> String {
    format!("! Server voll (höchstens {max_clients} Clients), versuch es später noch einmal\n")
}

// ANCHOR: nachlauf
/// Nach der letzten Zeile: so lange und so viel lesen wir höchstens noch weg.
pub const NACHLAUF: Duration = Duration::from_secs(2);
pub const NACHLAUF_BYTES: usize = 4 * 1024 * 1024; // eine Riesenzeile (1 MiB) passt

/// Liest (blockierend) weg, was noch kommt, bis der Client schließt, höchstens
/// NACHLAUF lang und NACHLAUF_BYTES viel. Schlösse close() mit Ungelesenem,
/// schickte das System ein RST, und die letzte Zeile ginge womöglich verloren.
pub fn nachlauf(mut verbindung: &TcpStream) {
    let (ende, mut gelesen, mut muell) = (Instant::now() + NACHLAUF, 0, [0u8; 4096]);
    while gelesen < NACHLAUF_BYTES {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || verbindung.set_read_timeout(Some(rest)).is_err() {
            return;
        }
        match verbindung.read(&mut muell) {
            Ok(0) => return, // FIN: Der Client hat alles gelesen und geschlossen.
            Ok(n) => gelesen += n,
            Err(e) if unterbrochen(&e) => {}
            Err(_) => return, // abgelaufen oder abgerissen
        }
    }
}
// ANCHOR_END: nachlauf

// ANCHOR: platz
/// Ein belegter Platz unter `--max-clients`. Drop gibt ihn frei, wie auch
/// immer der Thread endet, der ihn hält, selbst bei einer Panik.
pub struct Platz(Arc<AtomicUsize>);

impl Platz {
    pub fn belegen(aktive: &Arc<AtomicUsize>) -> Platz {
        aktive.fetch_add(1, Ordering::SeqCst);
        Platz(Arc::clone(aktive))
    }
}

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: platz

/// Ein Mutex bleibt benutzbar, auch wenn ein Thread darin in Panik geriet.
pub fn sperre<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

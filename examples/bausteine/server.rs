//! Bausteine, die `json_server`, `http_server` und `pool_server` gleich brauchen:
//! kein Protokoll, nur Verbindungen, Grenzen und Kommandozeile. Kein eigenes
//! Beispiel: Die Server binden die Datei mit `#[path = "bausteine/server.rs"]`
//! ein; so zeigen sie nur noch, was sie unterscheidet.

use std::io::{self, Read};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Nach einem gescheiterten accept() so lange warten, statt sofort neu zu versuchen.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(100);
/// Vor dem Auflegen höchstens so viele Bytes des Clients lesen und wegwerfen …
pub const ABFLUSS_BYTES: usize = 1024 * 1024;
/// … und höchstens so lange.
pub const ABFLUSS_ZEIT: Duration = Duration::from_secs(2);

/// Was beide Server auf der Kommandozeile verstehen.
pub struct Optionen {
    pub adresse: String,
    pub max_clients: usize,
    pub timeout: Duration,
}

/// Liest `[ADRESSE] [--max-clients N] [--timeout SEKUNDEN]`. `Ok(None)`: Die
/// Hilfe war gefragt. `Err`: eine deutsche Meldung, die das Argument nennt.
pub fn lies_optionen(
    mut args: impl Iterator<Item = String>,
    mut optionen: Optionen,
) -> Result<Option<Optionen>, String> {
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--max-clients" => {
                optionen.max_clients = zahl(args.next(), "--max-clients", 1..=10_000)? as usize;
            }
            // 0 hieße „sofort trennen“, ein riesiger Wert „nie“: beides ist ein Tippfehler.
            "--timeout" => {
                optionen.timeout = Duration::from_secs(zahl(args.next(), "--timeout", 1..=86_400)?);
            }
            _ if arg.starts_with('-') => return Err(format!("unbekannte Option {arg:?}")),
            _ if arg.to_socket_addrs().is_err() => {
                let beispiel = &optionen.adresse;
                return Err(format!(
                    "ADRESSE {arg:?} ist keine Adresse mit Port, etwa {beispiel}"
                ));
            }
            _ => optionen.adresse = arg,
        }
    }
    Ok(Some(optionen))
}

/// Eine ganze Zahl im erlaubten Bereich, sonst eine Meldung, die ihn nennt.
pub fn zahl(
    wert: Option<String>,
    option: &str,
    erlaubt: RangeInclusive<u64>,
) -> Result<u64, String> {
    let (von, bis) = (erlaubt.start(), erlaubt.end());
    let wert = wert.ok_or_else(|| format!("nach {option} fehlt eine Zahl von {von} bis {bis}"))?;
    match wert.parse() {
        Ok(zahl) if erlaubt.contains(&zahl) => Ok(zahl),
        _ => Err(format!(
            "{option} erwartet eine ganze Zahl von {von} bis {bis}, nicht {wert:?}"
        )),
    }
}

// ANCHOR: platz
/// Ein belegter Platz unter einer Obergrenze. Drop gibt ihn frei – auch wenn
/// der Thread mit einem Fehler endet, in Panik gerät oder gar nicht startet.
pub struct Platz(Arc<AtomicUsize>);

impl Platz {
    pub fn belege(zaehler: &Arc<AtomicUsize>, max: usize) -> Option<Platz> {
        // Erst zählen, dann prüfen: So kann kein zweiter Thread dazwischen.
        let platz = Platz(Arc::clone(zaehler));
        let belegt = zaehler.fetch_add(1, Ordering::SeqCst) + 1;
        // Über der Grenze fällt `platz` hier weg, und Drop zählt gleich zurück.
        (belegt <= max).then_some(platz)
    }
}

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: platz

// ANCHOR: verabschieden
/// Die letzte Nachricht, dann auflegen – so, dass sie auch ankommt.
///
/// Schließt ein Server die Verbindung, während ungelesene Bytes des Clients
/// in seinem Empfangspuffer liegen, schickt Linux (wie Windows) ein RST statt
/// eines FIN. Der Client bekommt „Connection reset“, und was er noch nicht
/// gelesen hatte, ist womöglich verloren – auch unsere Fehlermeldung. Also:
/// senden, mit `shutdown(Write)` das Ende ansagen (FIN), den Rest des Clients
/// lesen und wegwerfen, begrenzt in Bytes und Zeit, erst dann schließen.
pub fn verabschiede(verbindung: &TcpStream, letzte: &[u8]) {
    use std::io::Write;
    let _ = verbindung.set_write_timeout(Some(ABFLUSS_ZEIT));
    if (&*verbindung).write_all(letzte).is_err() || verbindung.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let ende = Instant::now() + ABFLUSS_ZEIT;
    let (mut weg, mut rest) = (0, [0u8; 4096]);
    while weg < ABFLUSS_BYTES {
        let frist = ende.saturating_duration_since(Instant::now());
        if frist.is_zero() || verbindung.set_read_timeout(Some(frist)).is_err() {
            return;
        }
        match (&*verbindung).read(&mut rest) {
            Ok(0) => return, // FIN: Auch der Client hat aufgelegt.
            Ok(n) => weg += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return, // Frist um oder Verbindung abgerissen
        }
    }
}
// ANCHOR_END: verabschieden

// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
pub fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
pub fn sichtbar(text: &str) -> String {
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

// GLEICH: bind_fehler – deutsche Meldung mit Rat, wenn bind() scheitert
pub fn bind_fehler(e: io::Error, adresse: impl std::fmt::Display) -> anyhow::Error {
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

// ANCHOR: ende
/// Nach Strg+C dürfen laufende Anfragen noch so lange dauern, dann endet der Prozess.
pub const ENDE_FRIST: Duration = Duration::from_secs(5);
/// So oft schaut ein Thread, der auf Daten wartet, ob der Server enden soll.
pub const TAKT: Duration = Duration::from_millis(200);

/// Der Schalter für Strg+C. Ein `static`, weil es ihn je Prozess genau einmal gibt.
static BEENDET: AtomicBool = AtomicBool::new(false);
pub fn endet() -> bool {
    BEENDET.load(Ordering::SeqCst)
}

/// Fängt Strg+C ab: SIGINT und SIGTERM unter Linux und macOS, das
/// Konsolenereignis unter Windows. Das Crate `ctrlc` ruft die Closure in
/// einem eigenen Thread auf, nicht im Signal-Handler; dort darf sie alles.
pub fn fange_strg_c(lokal: SocketAddr) -> anyhow::Result<()> {
    // accept() blockiert, bis jemand anklopft – also klopfen wir selbst an. Ein
    // nicht-blockierendes accept() mit kurzem Takt wachte dagegen ständig auf.
    let mut wecker = lokal;
    if wecker.ip() == Ipv4Addr::UNSPECIFIED {
        wecker.set_ip(Ipv4Addr::LOCALHOST.into()); // 0.0.0.0 ist unter Windows kein Ziel
    } else if wecker.ip() == Ipv6Addr::UNSPECIFIED {
        wecker.set_ip(Ipv6Addr::LOCALHOST.into());
    }
    let handler = move || {
        if BEENDET.swap(true, Ordering::SeqCst) {
            std::process::exit(130); // zweimal Strg+C: sofort, ohne zu warten
        }
        let _ = TcpStream::connect_timeout(&wecker, Duration::from_secs(1));
    };
    ctrlc::set_handler(handler).map_err(|e| anyhow::anyhow!("Kann Strg+C nicht abfangen: {e}"))
}

/// Nach dem letzten accept(): keine neuen Verbindungen mehr (der Listener
/// schließt), laufende dürfen höchstens ENDE_FRIST lang fertig werden.
pub fn warte_auf_ende(listener: std::net::TcpListener, clients: &AtomicUsize) {
    drop(listener);
    let offen = clients.load(Ordering::SeqCst);
    zeile!("Strg+C: nehme nichts Neues an, warte auf {offen} Verbindung(en)");
    let frist = Instant::now() + ENDE_FRIST;
    // Abkürzung: alle 20 ms nachsehen, statt benachrichtigt zu werden (Condvar).
    while clients.load(Ordering::SeqCst) > 0 && Instant::now() < frist {
        std::thread::sleep(Duration::from_millis(20));
    }
    let rest = clients.load(Ordering::SeqCst);
    zeile!("Server beendet ({rest} Verbindung(en) nach Ablauf der Frist abgebrochen)");
}
// ANCHOR_END: ende

// ANCHOR: lies
pub enum Gelesen {
    Bytes(usize),
    Aufgelegt,
    Still,   // `timeout` lang kam nichts
    Beendet, // Strg+C, und keine Anfrage ist angefangen
}

/// read() mit einem Lese-Timeout von TAKT statt `timeout`: So wacht der
/// Thread regelmäßig auf und merkt, dass der Server enden soll. Wer gerade
/// eine Anfrage halb empfangen hat (`darf_enden == false`), liest weiter.
pub fn lies(
    verbindung: &TcpStream,
    stueck: &mut [u8],
    timeout: Duration,
    darf_enden: bool,
) -> io::Result<Gelesen> {
    verbindung.set_read_timeout(Some(TAKT))?;
    let beginn = Instant::now();
    loop {
        // Vor dem read() nachsehen: Was vor Strg+C ankam, liefert dieses read() noch.
        let beendet = endet();
        match (&*verbindung).read(stueck) {
            Ok(0) => return Ok(Gelesen::Aufgelegt),
            Ok(n) => return Ok(Gelesen::Bytes(n)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if ist_timeout(&e) && darf_enden && beendet => return Ok(Gelesen::Beendet),
            Err(e) if ist_timeout(&e) && beginn.elapsed() >= timeout => return Ok(Gelesen::Still),
            Err(e) if ist_timeout(&e) => {}
            Err(e) => return Err(e),
        }
    }
}
// ANCHOR_END: lies

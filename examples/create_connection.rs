//! create_connection: löst den Namen des Ziels auf, versucht jede Adresse der
//! Reihe nach mit einem Timeout und liefert die erste Verbindung, die klappt –
//! oder den Fehler des letzten Versuchs. So arbeitet auch Pythons
//! `socket.create_connection(address, timeout, source_address)`.
//!
//! Benutzt `ToSocketAddrs` (Namensauflösung), socket2 für `bind(2)` vor dem
//! Verbinden und `Socket::connect_timeout`, danach `TcpStream` aus std.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example create_connection -- localhost:12345
//!
//! Mehrere Ziele werden der Reihe nach versucht, als hätte die Namensauflösung
//! sie geliefert:
//! cargo run --example create_connection -- [::1]:12345 127.0.0.1:12345
//! Weitere Schalter: --timeout SEKUNDEN, --quelle IP:PORT, --nachricht TEXT

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Der Server aus dem Kapitel „Erste Verbindung“ (`hello_server`).
const STANDARD_ZIEL: &str = "localhost:12345";
/// So lange darf jeder einzelne Verbindungsversuch dauern.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(5);
/// Was wir nach dem Verbinden senden, wie `s.send(b"Hallo Welt")` in den Folien.
const STANDARD_NACHRICHT: &str = "Hallo Welt";
/// Längere Antworten nehmen wir nicht an.
const MAX_ZEILE: usize = 1024;

/// Kurzhilfe für `--help` und bei falschen Argumenten.
const AUFRUF: &str =
    "Aufruf: cargo run --example create_connection -- [ZIEL …] [--timeout SEKUNDEN]
                [--quelle IP:PORT] [--nachricht TEXT]
ZIEL: NAME:PORT (Standard localhost:12345); mehrere werden der Reihe nach versucht.";

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let auftrag = match lies_argumente() {
        Ok(auftrag) => auftrag,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(auftrag) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Was auf der Befehlszeile steht.
struct Auftrag {
    ziele: Vec<String>,
    timeout: Duration,
    quelle: Option<SocketAddr>,
    nachricht: String,
}

fn lies_argumente() -> anyhow::Result<Auftrag> {
    let mut auftrag = Auftrag {
        ziele: Vec::new(),
        timeout: STANDARD_TIMEOUT,
        quelle: None,
        nachricht: STANDARD_NACHRICHT.to_string(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut wert = |name: &str| {
            args.next()
                .with_context(|| format!("{name} braucht einen Wert"))
        };
        match arg.as_str() {
            "--timeout" => {
                // Höchstens eine Stunde; riesige Werte ließen `from_secs_f64` abbrechen.
                let text = wert("--timeout")?;
                let s: f64 = (text.parse().ok())
                    .filter(|s| (0.001..=3600.0).contains(s))
                    .with_context(|| format!("--timeout {text:?}: erwartet 0.001 bis 3600 s"))?;
                auftrag.timeout = Duration::from_secs_f64(s);
            }
            "--quelle" => {
                let text = wert("--quelle")?;
                let quelle = text.parse().ok().with_context(|| {
                    format!("--quelle {text:?}: erwartet IP:PORT, etwa 127.0.0.1:0")
                })?;
                auftrag.quelle = Some(quelle);
            }
            "--nachricht" => auftrag.nachricht = wert("--nachricht")?,
            _ if arg.starts_with('-') => bail!("Unbekannter Schalter {arg}"),
            _ => auftrag.ziele.push(arg),
        }
    }
    if auftrag.ziele.is_empty() {
        auftrag.ziele.push(STANDARD_ZIEL.to_string());
    }
    Ok(auftrag)
}

fn run(auftrag: Auftrag) -> anyhow::Result<()> {
    // ANCHOR: aufloesen
    // getaddrinfo(3): Ein Name kann mehrere Adressen haben, etwa ::1 und
    // 127.0.0.1 für `localhost`. Die Reihenfolge bestimmt das Betriebssystem.
    let mut adressen = Vec::new();
    for ziel in &auftrag.ziele {
        let gefunden: Vec<SocketAddr> = (ziel.to_socket_addrs())
            .with_context(|| format!("Kann {ziel:?} nicht auflösen. Stimmt der Name? Das Ziel braucht die Form NAME:PORT, etwa localhost:12345"))?
            .collect();
        let liste: Vec<String> = gefunden.iter().map(ToString::to_string).collect();
        zeile!("{ziel} ergibt {}", liste.join(", "));
        adressen.extend(gefunden);
    }
    // ANCHOR_END: aufloesen

    let verbindung = create_connection(&adressen, auftrag.timeout, auftrag.quelle)
        .map_err(|e| verbindungsfehler(e, &auftrag.ziele.join(" "), auftrag.timeout))?;
    spreche(&verbindung, &auftrag.nachricht)
}

// ANCHOR: create_connection
/// Versucht jede Adresse der Reihe nach; die erste Verbindung gewinnt.
/// Scheitern alle, kommt der Fehler des letzten Versuchs zurück.
fn create_connection(
    adressen: &[SocketAddr],
    timeout: Duration,
    quelle: Option<SocketAddr>,
) -> io::Result<TcpStream> {
    let mut letzter_fehler = None;
    for (nummer, ziel) in adressen.iter().enumerate() {
        ausgabe!("Versuch {} von {}: {ziel} … ", nummer + 1, adressen.len());
        match verbinde(*ziel, timeout, quelle) {
            Ok(verbindung) => {
                zeile!("verbunden (lokal {})", verbindung.local_addr()?);
                return Ok(verbindung);
            }
            Err(e) => {
                zeile!("{}", kurz(&e, timeout));
                // Der Socket dieses Versuchs ist schon geschlossen (Drop in
                // `verbinde`); der nächste Versuch bekommt einen frischen.
                letzter_fehler = Some(e);
            }
        }
    }
    Err(letzter_fehler.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "die Namensauflösung lieferte keine Adresse",
        )
    }))
}

/// Ein Versuch: socket() → [bind(quelle)] → connect() mit Timeout.
fn verbinde(
    ziel: SocketAddr,
    timeout: Duration,
    quelle: Option<SocketAddr>,
) -> io::Result<TcpStream> {
    // socket(2) mit der Familie der Zieladresse: AF_INET oder AF_INET6.
    let socket = Socket::new(Domain::for_address(ziel), Type::STREAM, Some(Protocol::TCP))?;
    if let Some(quelle) = quelle {
        if quelle.is_ipv4() != ziel.is_ipv4() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "Quelle und Ziel haben verschiedene Adressfamilien (IPv4/IPv6)",
            ));
        }
        // bind(2) vor connect(2) legt fest, von welcher Adresse und welchem
        // Port aus wir verbinden. Ohne bind wählt das Betriebssystem beides.
        socket.bind(&quelle.into())?;
    }
    // connect(2) im nicht-blockierenden Modus plus poll(2): Nach `timeout`
    // gibt das Betriebssystem auf. Nach einem Fehler ist der Socket
    // unbrauchbar; er wird hier per Drop geschlossen.
    socket.connect_timeout(&ziel.into(), timeout)?;
    Ok(socket.into())
}
// ANCHOR_END: create_connection

// ANCHOR: sprechen
/// Wie `with socket.create_connection(...) as s: s.send(b"Hallo Welt")`,
/// nur mit Zeilenende und Antwort.
fn spreche(verbindung: &TcpStream, nachricht: &str) -> anyhow::Result<()> {
    let mut verbindung = verbindung;
    verbindung
        .write_all(format!("{nachricht}\n").as_bytes())
        .context("Senden ist gescheitert: Die Gegenseite hat die Verbindung beendet")?;
    zeile!("Gesendet: {nachricht}");

    verbindung.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut antwort = Vec::new();
    let gelesen = BufReader::new(verbindung)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut antwort);
    // Was vor einem Fehler ankam, geht nicht verloren: erst zeigen, dann klagen.
    // Ungültiges UTF-8 und Steuerzeichen (etwa ESC) erscheinen als �.
    let text = String::from_utf8_lossy(antwort.trim_ascii_end()).replace(char::is_control, "�");
    match gelesen {
        Ok(0) => zeile!("Die Gegenseite hat ohne Antwort geschlossen."),
        _ if antwort.len() > MAX_ZEILE => {
            bail!("Die Antwort ist länger als {MAX_ZEILE} Bytes; ich lese nicht weiter.")
        }
        Ok(_) => zeile!("Antwort: {text}"),
        Err(e) => {
            if !antwort.is_empty() {
                zeile!("Angekommen vor dem Fehler: {text}");
            }
            return Err(e).context("Keine vollständige Antwort von der Gegenseite");
        }
    }
    Ok(())
}
// ANCHOR_END: sprechen

/// Eine Zeile pro gescheitertem Versuch, auf Deutsch. Unter Unix meldet ein
/// abgelaufenes connect_timeout TimedOut, je nach System auch WouldBlock.
fn kurz(e: &io::Error, timeout: Duration) -> String {
    use io::ErrorKind::*;
    let text = match e.kind() {
        ConnectionRefused => "abgelehnt: dort lauscht niemand",
        TimedOut | WouldBlock => return format!("keine Antwort innerhalb von {timeout:?}"),
        AddrInUse => "die Quelladresse ist schon belegt",
        AddrNotAvailable => "die Adresse gehört nicht zu diesem Rechner",
        _ => return format!("gescheitert: {e}"),
    };
    text.to_string()
}

/// Der Fehler des letzten Versuchs mit einem Rat, was zu tun ist.
fn verbindungsfehler(e: io::Error, ziel: &str, timeout: Duration) -> anyhow::Error {
    use io::ErrorKind::*;
    let rat = match e.kind() {
        ConnectionRefused => "Starte zuerst in Terminal 1: cargo run --example hello_server",
        TimedOut | WouldBlock => "Ist der Server überlastet? Versuch es mit --timeout 10",
        AddrInUse => "Nimm bei --quelle Port 0, dann wählt das System.",
        AddrNotAvailable | InvalidInput => "Passt --quelle zur Familie des Ziels und zum Rechner?",
        _ => "Prüfe Name und Port.",
    };
    let was = kurz(&e, timeout);
    anyhow::Error::new(e).context(format!("Keine Verbindung zu {ziel}, {was}. {rat}"))
}

//! TCP-Chat, Server: nimmt einen Client an; abwechselnd schreibt der Client eine Zeile
//! und du antwortest, „bye“ beendet den Chat. Schritt 3 nach `chat_server_schritt1`
//! (Zeilen) und `…2` (kaputte Bytes): Zeitlimit und geordneter Abschied.
//! Benutzt socket2 für `listen(2)`, `read_until`, `take`, `write_all`, `shutdown`.
//!
//! Terminal 1: cargo run --example chat_server
//! Terminal 2: cargo run --example chat_client

use std::io::ErrorKind::{TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:5000";
const WARTESCHLANGE: i32 = 2; // Wunsch für listen(): noch nicht angenommene Verbindungen
/// Längste Zeile, die wir annehmen. So viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
/// Sekunden, die der Server auf eine Zeile wartet; großzügig, dort tippt ein Mensch.
const STANDARD_ZEITLIMIT: u64 = 300;
/// Nachlesen beim Abschied, begrenzt; mehr als 1 MiB, sonst käme statt FIN ein RST.
const ABSCHIED_BYTES: u64 = 2 * 1024 * 1024;
const ABSCHIED_ZEIT: Duration = Duration::from_secs(2);
const ENDE: &str = "bye";
const AUFRUF: &str = "Aufruf: chat_server [ADRESSE] [--timeout SEKUNDEN]
  ADRESSE    hier lauscht der Server (Standard: 127.0.0.1:5000)
  --timeout  so lange auf die nächste Zeile des Clients warten (Standard: 300)";

fn main() -> ExitCode {
    match lies_argumente() {
        Ok(Some((adresse, zeitlimit))) => match run(adresse, zeitlimit) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Fehler: {e:#}");
                ExitCode::FAILURE
            }
        },
        Ok(None) => {
            zeile!("{AUFRUF}");
            ExitCode::SUCCESS
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            ExitCode::from(2)
        }
    }
}

/// Adresse und Zeitlimit aus der Befehlszeile; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> Result<Option<(SocketAddr, Duration)>, String> {
    let mut adresse = STANDARD_ADRESSE.to_string();
    let mut zeitlimit = STANDARD_ZEITLIMIT;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--timeout" => {
                let wert = args.next().unwrap_or_default();
                zeitlimit = match wert.parse() {
                    Ok(sekunden @ 1..=86_400) => sekunden,
                    _ => return Err(format!("--timeout {wert:?}: erwartet 1 bis 86400 s.")),
                };
            }
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg:?}.")),
            _ => adresse = arg,
        }
    }
    let adresse = (adresse.to_socket_addrs().ok().and_then(|mut a| a.next()))
        .ok_or_else(|| format!("ADRESSE {adresse:?} ist keine Adresse wie 127.0.0.1:5000."))?;
    Ok(Some((adresse, Duration::from_secs(zeitlimit))))
}

fn run(adresse: SocketAddr, zeitlimit: Duration) -> anyhow::Result<()> {
    let listener = lausche(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    zeile!("Warte auf einen Client (Warteschlange: {WARTESCHLANGE}) …");

    let (verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    zeile!("Verbunden mit {client}. Warte auf seine erste Nachricht.");
    chatte(&verbindung, zeitlimit)
}

// ANCHOR: lauschen
/// Baut den Server-Socket Schritt für Schritt, so wie in Python:
/// socket() → bind() → listen(backlog).
fn lausche(adresse: SocketAddr) -> anyhow::Result<TcpListener> {
    // socket(2): ein TCP-Socket für die Adressfamilie der Adresse (IPv4 oder IPv6).
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )
    .context("socket() ist gescheitert")?;
    // SO_REUSEADDR: nach einem Neustart sofort wieder binden (TIME_WAIT). Wie
    // std nur unter Unix; unter Windows dürften sonst Fremde den Port kapern.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    // bind(2): Adresse und Port reservieren.
    socket
        .bind(&adresse.into())
        .map_err(|e| bind_fehler(e, adresse))?;
    // listen(2): ab jetzt nimmt das Betriebssystem Verbindungen an. Die 2 ist
    // nur ein Wunsch für die Länge der Warteschlange (siehe Buch).
    socket
        .listen(WARTESCHLANGE)
        .context("listen() ist gescheitert")?;
    // Für das Lesen und Schreiben genügt std: aus dem socket2-Socket wird ein TcpListener.
    Ok(socket.into())
}
// ANCHOR_END: lauschen

// ANCHOR: chatten
fn chatte(verbindung: &TcpStream, zeitlimit: Duration) -> anyhow::Result<()> {
    // Ohne Zeitlimit hielte ein Client, der nichts schickt oder nichts liest,
    // den Server ewig auf.
    verbindung.set_read_timeout(Some(zeitlimit))?;
    verbindung.set_write_timeout(Some(zeitlimit))?;
    let mut vom_client = BufReader::new(verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        let zeile = lies_zeile(&mut vom_client)?;
        // Auch eine abgebrochene Zeile zeigen wir: Es geht nichts verloren.
        if let Zeile::Ende(rest) | Zeile::Stille(rest) = &zeile
            && !rest.is_empty()
        {
            zeile!("Angekommen ohne Zeilenende: {}", zeige(rest));
        }
        let zeile = match zeile {
            Zeile::Text(zeile) => zeile,
            Zeile::Ende(_) => {
                zeile!("Der Client hat den Chat beendet.");
                return Ok(());
            }
            Zeile::ZuLang => {
                let grund = format!("Zeile länger als {MAX_ZEILE} Bytes");
                return verabschiede(vom_client, &grund);
            }
            Zeile::Stille(_) => {
                let grund = format!("{} s lang keine ganze Zeile", zeitlimit.as_secs());
                return verabschiede(vom_client, &grund);
            }
        };
        zeile!("Client: {}", zeige(&zeile));
        ausgabe!("-> ");
        let mut antwort = String::new();
        if tastatur.read_line(&mut antwort)? == 0 {
            zeile!("\nEingabe beendet, Verbindung wird geschlossen.");
            return Ok(());
        }
        let antwort = antwort.trim_end();
        if antwort == ENDE {
            zeile!("Chat beendet.");
            return Ok(());
        }
        (&*verbindung)
            .write_all(format!("{antwort}\n").as_bytes())
            .context("Senden an den Client ist gescheitert")?;
    }
}
// ANCHOR_END: chatten

// ANCHOR: abschied
/// Beendet den Chat wegen des Clients, ohne abzustürzen: Grund senden, FIN,
/// begrenzt lesen, was noch kommt, dann schließen (ungelesene Bytes → RST).
fn verabschiede(mut leser: BufReader<&TcpStream>, grund: &str) -> anyhow::Result<()> {
    let mut verbindung = *leser.get_ref();
    zeile!("Ich beende den Chat: {grund}.");
    let zeile = format!("Fehler: {grund}, Chat beendet.\n");
    // Scheitert das Senden, ist der Client schon weg; der Abschied entfällt.
    if verbindung.write_all(zeile.as_bytes()).is_err() {
        return Ok(());
    }
    let _ = verbindung.shutdown(Shutdown::Write);
    // Nach der Frist beginnt kein read() mehr: insgesamt unter 2 × ABSCHIED_ZEIT.
    let _ = verbindung.set_read_timeout(Some(ABSCHIED_ZEIT));
    let frist = Instant::now() + ABSCHIED_ZEIT;
    let mut nachzuegler = (&mut leser).take(ABSCHIED_BYTES);
    let mut puffer = [0u8; 4096];
    while Instant::now() < frist && matches!(nachzuegler.read(&mut puffer), Ok(n) if n > 0) {}
    zeile!("Verbindung geordnet geschlossen.");
    Ok(())
}
// ANCHOR_END: abschied

// ANCHOR: zeile
/// Was beim Lesen einer Zeile herauskommen kann.
enum Zeile {
    Text(Vec<u8>),
    /// read() lieferte 0 Bytes: Der Client hat geschlossen (dabei: der Rest).
    Ende(Vec<u8>),
    ZuLang,
    /// Das Zeitlimit ist abgelaufen (dabei: was bis dahin ankam).
    Stille(Vec<u8>),
}

/// Liest eine Zeile vom Client, höchstens MAX_ZEILE Bytes.
fn lies_zeile(leser: &mut impl BufRead) -> anyhow::Result<Zeile> {
    let mut bytes = Vec::new();
    let gelesen = leser
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut bytes);
    match gelesen {
        // Ein Lese-Timeout meldet Unix als WouldBlock, Windows als TimedOut.
        Err(e) if matches!(e.kind(), WouldBlock | TimedOut) => return Ok(Zeile::Stille(bytes)),
        Err(e) => return Err(e).context("Lesen vom Client ist gescheitert"),
        Ok(_) => {}
    }
    match bytes.strip_suffix(b"\n") {
        Some(zeile) => Ok(Zeile::Text(zeile.to_vec())),
        None if bytes.len() > MAX_ZEILE => Ok(Zeile::ZuLang),
        None => Ok(Zeile::Ende(bytes)),
    }
}

/// Macht Bytes des Clients sicher für das Terminal: Ungültiges UTF-8 wird
/// zu �, Steuerzeichen wie `\r` oder ESC erscheinen als Escape-Folge. Sonst
/// könnte ein Client Zeilen überschreiben und Meldungen des Servers fälschen.
fn zeige(bytes: &[u8]) -> String {
    let mut text = String::new();
    for zeichen in String::from_utf8_lossy(bytes).chars() {
        if zeichen.is_control() {
            text.extend(zeichen.escape_default());
        } else {
            text.push(zeichen);
        }
    }
    text
}
// ANCHOR_END: zeile

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

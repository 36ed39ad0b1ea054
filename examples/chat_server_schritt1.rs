//! TCP-Chat, Server, Schritt 1 von 3 auf dem Weg von `original_chat_server`
//! zu `chat_server`: Eine Nachricht ist eine Zeile. `read_until` sammelt bis
//! zum `\n`, `take` begrenzt die Zeile auf 1024 Bytes, Antworten enden mit `\n`.
//! Noch fehlen: kaputte Bytes (Schritt 2), Zeitlimit und Abschied (Schritt 3).
//!
//! Terminal 1: cargo run --example chat_server_schritt1
//! Terminal 2: cargo run --example chat_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:5000";
/// Wie viele fertige Verbindungen das Betriebssystem für uns aufhebt, solange
/// wir gerade nicht in accept() stehen. 2 wie im Python-Original.
const WARTESCHLANGE: i32 = 2;
/// Längste Zeile, die wir annehmen. So viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
const ENDE: &str = "bye";
const AUFRUF: &str = "Aufruf: chat_server_schritt1 [ADRESSE]   (Standard: 127.0.0.1:5000)";

fn main() -> ExitCode {
    match lies_argumente() {
        Ok(Some(adresse)) => match run(adresse) {
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

/// Die Adresse aus der Befehlszeile; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> Result<Option<SocketAddr>, String> {
    let mut adresse = STANDARD_ADRESSE.to_string();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg:?}.")),
            _ => adresse = arg,
        }
    }
    let adresse = (adresse.to_socket_addrs().ok().and_then(|mut a| a.next()))
        .ok_or_else(|| format!("ADRESSE {adresse:?} ist keine Adresse wie 127.0.0.1:5000."))?;
    Ok(Some(adresse))
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let listener = lausche(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    zeile!("Warte auf einen Client (Warteschlange: {WARTESCHLANGE}) …");

    let (verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    zeile!("Verbunden mit {client}. Warte auf seine erste Nachricht.");
    chatte(&verbindung)
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
fn chatte(verbindung: &TcpStream) -> anyhow::Result<()> {
    let mut vom_client = BufReader::new(verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        let zeile = lies_zeile(&mut vom_client)?;
        // Auch eine abgebrochene Zeile zeigen wir: Es geht nichts verloren.
        if let Zeile::Ende(rest) = &zeile
            && !rest.is_empty()
        {
            zeile!(
                "Angekommen ohne Zeilenende: {}",
                String::from_utf8_lossy(rest)
            );
        }
        let zeile = match zeile {
            Zeile::Text(zeile) => zeile,
            Zeile::Ende(_) => {
                zeile!("Der Client hat den Chat beendet.");
                return Ok(());
            }
            Zeile::ZuLang => {
                // Dem Client sagen, was los ist, dann auflegen.
                let meldung =
                    format!("Fehler: Zeile länger als {MAX_ZEILE} Bytes, Chat beendet.\n");
                (&*verbindung).write_all(meldung.as_bytes())?;
                bail!("Der Client schickt eine Zeile mit mehr als {MAX_ZEILE} Bytes.");
            }
        };
        // Streng wie `.decode()` in Python: Kaputte Bytes beenden den Server.
        let text = String::from_utf8(zeile)
            .map_err(|_| anyhow!("Der Client schickt kein gültiges UTF-8."))?;
        zeile!("Client: {text}");
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

// ANCHOR: zeile
/// Was beim Lesen einer Zeile herauskommen kann.
enum Zeile {
    Text(Vec<u8>),
    /// read() lieferte 0 Bytes: Der Client hat geschlossen (dabei: der Rest).
    Ende(Vec<u8>),
    ZuLang,
}

/// Liest eine Zeile vom Client, höchstens MAX_ZEILE Bytes.
fn lies_zeile(leser: &mut impl BufRead) -> anyhow::Result<Zeile> {
    let mut bytes = Vec::new();
    leser
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut bytes)
        .context("Lesen vom Client ist gescheitert")?;
    match bytes.strip_suffix(b"\n") {
        Some(zeile) => Ok(Zeile::Text(zeile.to_vec())),
        None if bytes.len() > MAX_ZEILE => Ok(Zeile::ZuLang),
        None => Ok(Zeile::Ende(bytes)),
    }
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

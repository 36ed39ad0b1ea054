//! TCP-Chat, Server: nimmt einen Client an. Abwechselnd schreibt der Client
//! eine Zeile und du antwortest im Terminal. „bye“ beendet den Chat.
//!
//! Benutzt socket2 für `listen(2)` mit einer Warteschlange von 2 Verbindungen,
//! dann `TcpListener`, `BufRead` und `write_all` aus std.
//!
//! Terminal 1: cargo run --example chat_server
//! Terminal 2: cargo run --example chat_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};

const STANDARD_ADRESSE: &str = "127.0.0.1:5000";
/// Wie viele fertige Verbindungen das Betriebssystem für uns aufhebt, solange
/// wir gerade nicht in accept() stehen. 2 wie im Python-Original.
const WARTESCHLANGE: i32 = 2;
/// Längste Zeile, die wir annehmen. So viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
/// Mit diesem Wort beendet eine der beiden Seiten den Chat.
const ENDE: &str = "bye";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| format!("Ungültige Adresse {adresse:?}"))?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;

    let listener = lausche(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    println!("Warte auf einen Client (Warteschlange: {WARTESCHLANGE}) …");

    let (verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    println!("Verbunden mit {client}. Warte auf seine erste Nachricht.");
    chatte(verbindung)
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
    // setsockopt(SO_REUSEADDR): Nach einem Neustart darf der Server den Port
    // sofort wieder binden, auch wenn alte Verbindungen noch in TIME_WAIT
    // stehen. std macht das unter Unix genauso; unter Windows bedeutet die
    // Option etwas anderes (fremde Prozesse dürften den Port kapern), daher nur Unix.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    // bind(2): Adresse und Port reservieren.
    socket
        .bind(&adresse.into())
        .map_err(|e| bind_fehler(e, adresse))?;
    // listen(2): ab jetzt nimmt das Betriebssystem Verbindungen an und stellt
    // bis zu WARTESCHLANGE fertige Verbindungen in die Warteschlange.
    socket
        .listen(WARTESCHLANGE)
        .context("listen() ist gescheitert")?;
    // Für das Lesen und Schreiben genügt std: aus dem socket2-Socket wird ein TcpListener.
    Ok(socket.into())
}
// ANCHOR_END: lauschen

// ANCHOR: chatten
fn chatte(verbindung: TcpStream) -> anyhow::Result<()> {
    let mut vom_client = BufReader::new(&verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        // Eine Nachricht ist eine Zeile. Ein einzelnes read() könnte eine halbe
        // Zeile oder zwei Zeilen auf einmal liefern; read_until sammelt so
        // lange, bis das `\n` da ist.
        let zeile = match lies_zeile(&mut vom_client)? {
            Zeile::Text(zeile) => zeile,
            Zeile::Ende => {
                println!("Der Client hat den Chat beendet.");
                return Ok(());
            }
            Zeile::ZuLang => {
                // Erst dem Client sagen, was los ist, dann auflegen.
                let meldung = format!("Fehler: Zeile länger als {MAX_ZEILE} Bytes, Chat beendet.");
                (&verbindung).write_all(format!("{meldung}\n").as_bytes())?;
                bail!(
                    "Der Client schickt eine Zeile mit mehr als {MAX_ZEILE} Bytes. Verbindung beendet."
                );
            }
        };
        println!("Client: {zeile}");

        print!("-> ");
        io::stdout().flush()?;
        let mut antwort = String::new();
        if tastatur.read_line(&mut antwort)? == 0 {
            println!();
            println!("Eingabe beendet, Verbindung wird geschlossen.");
            return Ok(());
        }
        let antwort = antwort.trim_end();
        if antwort == ENDE {
            println!("Chat beendet.");
            return Ok(());
        }
        (&verbindung)
            .write_all(format!("{antwort}\n").as_bytes())
            .context("Senden an den Client ist gescheitert")?;
    }
}
// ANCHOR_END: chatten

// ANCHOR: zeile
/// Was beim Lesen einer Zeile herauskommen kann.
enum Zeile {
    Text(String),
    /// read() lieferte 0 Bytes: Die Gegenseite hat die Verbindung geschlossen.
    Ende,
    ZuLang,
}

/// Liest eine Zeile vom Client, höchstens MAX_ZEILE Bytes.
fn lies_zeile(leser: &mut impl BufRead) -> anyhow::Result<Zeile> {
    let mut bytes = Vec::new();
    // Höchstens MAX_ZEILE + 1 Bytes: So erkennen wir eine zu lange Zeile,
    // ohne beliebig viel Speicher zu belegen.
    let n = leser
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut bytes)
        .context("Lesen vom Client ist gescheitert")?;
    if n == 0 {
        return Ok(Zeile::Ende);
    }
    if !bytes.ends_with(b"\n") {
        if bytes.len() > MAX_ZEILE {
            return Ok(Zeile::ZuLang);
        }
        // Auch eine abgebrochene Zeile zeigen wir: Es geht nichts verloren.
        let teil = String::from_utf8_lossy(&bytes);
        bail!("Der Client hat mitten in einer Zeile aufgelegt. Angekommen: {teil:?}");
    }
    // Ungültiges UTF-8 wird als � angezeigt, statt das Programm abzubrechen.
    Ok(Zeile::Text(
        String::from_utf8_lossy(&bytes).trim_end().to_string(),
    ))
}
// ANCHOR_END: zeile

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
        _ => "Prüfe die Adresse, etwa 127.0.0.1:5000.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

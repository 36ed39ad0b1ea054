//! TCP-Server in einer Schleife: bedient einen Client nach dem anderen. Jede
//! Nachricht eines Clients erscheint als `[CLIENTADRESSE] text`; du tippst
//! nach `Antwort: ` eine Zeile, die der Client zurückbekommt. Geht der
//! Client, wartet der Server in accept() auf den nächsten.
//!
//! Benutzt `TcpListener::bind`, `accept` in einer Schleife,
//! `BufRead::read_until` mit Längengrenze und `write_all`.
//!
//! Terminal 1: cargo run --example tcp_server
//! Terminal 2: cargo run --example tcp_client
//!
//! Eine Nachricht ist eine Zeile mit höchstens 1024 Bytes. Strg+D (Windows:
//! Strg+Z) im Server-Terminal beendet den Server, Strg+C ebenso.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};

/// Nur Programme auf diesem Rechner erreichen den Server (Loopback).
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir annehmen – so viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Wie das Gespräch mit einem Client endete.
enum Ende {
    /// Der Client hat die Verbindung geschlossen: weiter mit dem nächsten.
    ClientGegangen,
    /// Die Tastatur des Servers ist zu (Strg+D): Der Server hört auf.
    EingabeBeendet,
}

fn run() -> anyhow::Result<()> {
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| {
            format!(
                "Kann {adresse:?} nicht auflösen. Erwartet wird IP:PORT, etwa {STANDARD_ADRESSE}"
            )
        })?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;
    let listener = TcpListener::bind(adresse).map_err(|e| bind_fehler(e, adresse))?;
    println!("TCP-Server lauscht auf {}", listener.local_addr()?);

    // ANCHOR: schleife
    let mut tastatur = io::stdin().lock();
    loop {
        println!("Warte auf einen Client …");
        // Weitere Clients, die sich jetzt verbinden, nimmt das Betriebssystem
        // schon an und stellt sie in die Warteschlange von listen(). Wir holen
        // sie erst hier mit accept() ab, wenn der vorige Client fertig ist.
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa ECONNABORTED: Der Client ging, bevor wir ihn abholten.
                println!("accept() ist gescheitert: {e}. Weiter mit dem nächsten.");
                continue;
            }
        };
        println!("Client {client} ist verbunden.");
        // Was auch immer dieser Client anstellt: Sein Fehler beendet nur
        // seine Verbindung, nie den Server.
        match bediene(&verbindung, client, &mut tastatur) {
            Ok(Ende::ClientGegangen) => println!("Client {client} hat die Verbindung beendet."),
            Ok(Ende::EingabeBeendet) => {
                println!("Eingabe beendet, der Server hört auf.");
                return Ok(());
            }
            Err(e) => println!("Fehler mit Client {client}: {e:#}"),
        }
        // Hier fällt `verbindung` weg: close() für diesen Client.
    }
    // ANCHOR_END: schleife
}

// ANCHOR: bedienen
fn bediene(
    verbindung: &TcpStream,
    client: SocketAddr,
    tastatur: &mut impl BufRead,
) -> anyhow::Result<Ende> {
    let mut vom_client = BufReader::new(verbindung);
    loop {
        let mut zeile = Vec::new();
        // Höchstens MAX_ZEILE + 1 Bytes: So erkennen wir eine zu lange Zeile,
        // ohne beliebig viel Speicher zu belegen.
        let n = (&mut vom_client)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)
            .context("Lesen ist gescheitert")?;
        if n == 0 {
            return Ok(Ende::ClientGegangen); // 0 Bytes: Der Client hat geschlossen.
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                let meldung = format!(
                    "Fehler: Zeile länger als {MAX_ZEILE} Bytes, Verbindung wird getrennt.\n"
                );
                // Der Client soll erfahren, warum; scheitert das, ist es egal.
                let _ = (&*verbindung).write_all(meldung.as_bytes());
                bail!("Zeile länger als {MAX_ZEILE} Bytes, Verbindung getrennt");
            }
            let teil = String::from_utf8_lossy(&zeile);
            bail!("Der Client hat mitten in einer Zeile aufgelegt. Angekommen: {teil:?}");
        }
        // Ungültiges UTF-8 erscheint als �, statt den Server abzubrechen.
        println!("[{client}] {}", String::from_utf8_lossy(&zeile).trim_end());

        let Some(mut antwort) = frage_nach_antwort(tastatur)? else {
            return Ok(Ende::EingabeBeendet);
        };
        antwort.push(b'\n');
        (&*verbindung)
            .write_all(&antwort)
            .with_context(|| format!("Senden an {client} ist gescheitert"))?;
    }
}
// ANCHOR_END: bedienen

/// Liest eine Antwort von der Tastatur, höchstens MAX_ZEILE Bytes.
/// `None` heißt: Die Eingabe ist zu Ende.
fn frage_nach_antwort(tastatur: &mut impl BufRead) -> anyhow::Result<Option<Vec<u8>>> {
    loop {
        print!("Antwort: ");
        io::stdout().flush()?;
        let mut antwort = Vec::new();
        if tastatur.read_until(b'\n', &mut antwort)? == 0 {
            println!();
            return Ok(None);
        }
        while antwort.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            antwort.pop();
        }
        if antwort.len() <= MAX_ZEILE {
            return Ok(Some(antwort));
        }
        println!("Zu lang: höchstens {MAX_ZEILE} Bytes. Versuch es noch einmal.");
    }
}

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
        _ => "Prüfe die Adresse, etwa 127.0.0.1:50000.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

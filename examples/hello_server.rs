//! Erste Verbindung, Server: nimmt genau einen Client an, liest seine
//! Begrüßung und schickt eine Bestätigung zurück. Die robuste Fassung nach
//! `original_hello_server`, `hello_server_schritt1` und `hello_server_schritt2`.
//!
//! Benutzt `TcpListener::bind`, `accept`, `BufRead::read_until`, `write_all`
//! und `shutdown(Write)`: Auf einem Fehlerweg schickt der Server den Grund,
//! schließt seine Senderichtung und liest begrenzt nach, damit der Client die
//! Meldung bekommt und keinen Reset.
//!
//! Terminal 1: cargo run --example hello_server
//! Terminal 2: cargo run --example hello_client
//!
//! Eine andere Adresse: cargo run --example hello_server -- 127.0.0.1:12346
//! Kürzer warten:       cargo run --example hello_server -- 127.0.0.1:12345 --timeout 2

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Nur Programme auf diesem Rechner erreichen den Server (Loopback).
const STANDARD_ADRESSE: &str = "127.0.0.1:12345";
/// Länger darf die Begrüßung nicht sein – so viel, wie `recv(1024)` in Python liest.
const MAX_ZEILE: usize = 1024;
/// So lange wartet der Server auf die Begrüßung, dann gibt er auf. Ohne diese
/// Grenze würde ein Client, der verschwindet, den Server für immer blockieren.
const LESE_TIMEOUT: Duration = Duration::from_secs(30);
/// So lange darf ein Client brauchen, um eine Antwort abzunehmen.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
/// Nachlesen nach einer Fehlermeldung: höchstens so viele Bytes und so lange.
const NACHLESEN_BYTES: u64 = 2 * 1024 * 1024; // mehr, als ein Client auf einmal schickt
const NACHLESEN_ZEIT: Duration = Duration::from_secs(2);
/// Die Bestätigung, die jeder Client bekommt.
const BESTAETIGUNG: &str = "Verbindung hergestellt!";
const AUFRUF: &str = "Aufruf: hello_server [IP:PORT] [--timeout SEKUNDEN]
  IP:PORT    Adresse des Servers (Standard: 127.0.0.1:12345, Port 0: das System wählt)
  --timeout  so lange auf die Begrüßung warten, 1 bis 3600 (Standard: 30)";

fn main() -> ExitCode {
    let (adresse, timeout) = match argumente() {
        Ok(Some(a)) => a,
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse, timeout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Liest `[IP:PORT] [--timeout SEKUNDEN]`; `None` heißt: Hilfe zeigen.
fn argumente() -> Result<Option<(SocketAddr, Duration)>, String> {
    let mut adresse = None;
    let mut timeout = LESE_TIMEOUT;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--timeout" => {
                let wert = args
                    .next()
                    .ok_or("Nach --timeout fehlt die Zahl der Sekunden.")?;
                match wert.parse::<u64>() {
                    Ok(s @ 1..=3600) => timeout = Duration::from_secs(s),
                    _ => {
                        return Err(format!(
                            "--timeout {wert:?}: erlaubt sind 1 bis 3600 Sekunden."
                        ));
                    }
                }
            }
            _ if adresse.is_none() && !arg.starts_with('-') => match arg.parse() {
                Ok(a) => adresse = Some(a),
                Err(_) => return Err(format!("{arg:?} ist keine Adresse wie 127.0.0.1:12345.")),
            },
            _ => return Err(format!("Unbekanntes Argument {arg:?}.")),
        }
    }
    let standard = STANDARD_ADRESSE.parse().map_err(|_| "Standardadresse")?;
    Ok(Some((adresse.unwrap_or(standard), timeout)))
}

fn run(adresse: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    // ANCHOR: binden
    // bind() reserviert Adresse und Port beim Betriebssystem, listen() macht
    // daraus einen Server-Socket. `TcpListener::bind` erledigt beides.
    let listener = TcpListener::bind(adresse).map_err(|e| bind_fehler(e, adresse))?;
    // Die erste Zeile nennt die tatsächlich gebundene Adresse. Bei Port 0
    // sucht das Betriebssystem einen freien Port aus.
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    // ANCHOR_END: binden

    // ANCHOR: annehmen
    zeile!("Warte auf einen Client …");
    // accept() blockiert, bis ein Client sich verbindet. Es liefert einen
    // *neuen* Socket nur für diesen Client und dessen Adresse.
    let (verbindung, client) = listener.accept().context("accept() ist gescheitert")?;
    zeile!("Verbunden mit {client}");
    // ANCHOR_END: annehmen

    // Scheitert das Gespräch (etwa ein Reset des Clients), steht das mit der
    // Adresse des Clients im Protokoll; für den Server ist es kein Absturz.
    if let Err(e) = bediene(&verbindung, timeout) {
        zeile!("Gespräch mit {client} abgebrochen: {e:#}");
    }
    // Am Ende von run() werden `listener` und alle Sockets per Drop geschlossen;
    // der Port ist danach wieder frei.
    Ok(())
}

// ANCHOR: bedienen
fn bediene(verbindung: &TcpStream, timeout: Duration) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(timeout))?;
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut leser = BufReader::new(verbindung);

    // TCP überträgt einen Bytestrom ohne Nachrichtengrenzen. Unsere Grenze ist
    // das Zeilenende `\n`. `take` begrenzt, wie viel wir höchstens lesen.
    let mut zeile = Vec::new();
    let gelesen = (&mut leser)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut zeile);
    // Was ankam, zeigen wir in jedem Fall: nichts geht verloren. `{:?}`
    // maskiert Steuerzeichen, so kann kein Client Zeilen im Protokoll fälschen.
    let teil = String::from_utf8_lossy(&zeile);
    match gelesen {
        Ok(_) if zeile.ends_with(b"\n") => {}
        Ok(0) => {
            zeile!("Der Client hat die Verbindung ohne Nachricht beendet.");
            return Ok(());
        }
        Ok(_) if zeile.len() > MAX_ZEILE => {
            zeile!("Die Nachricht ist länger als {MAX_ZEILE} Bytes und wird abgelehnt.");
            let fehler = format!("Fehler: höchstens {MAX_ZEILE} Bytes pro Zeile\n");
            return verabschiede(verbindung, leser, &fehler);
        }
        Ok(_) => {
            zeile!("Der Client hat mitten in der Zeile aufgelegt. Angekommen: {teil:?}");
            return Ok(());
        }
        // Ein Lese-Timeout meldet Unix als WouldBlock, Windows als TimedOut.
        Err(e) if ist_timeout(&e) => {
            let dauer = match timeout.as_secs() {
                1 => "1 Sekunde".to_string(),
                n => format!("{n} Sekunden"),
            };
            zeile!("{dauer} lang kein Zeilenende. Angekommen: {teil:?}");
            let fehler = format!("Fehler: nach {dauer} kein Zeilenende (\\n)\n");
            return verabschiede(verbindung, leser, &fehler);
        }
        Err(e) => return Err(e).context("Lesen vom Client ist gescheitert"),
    }

    // Ungültiges UTF-8 führt nicht zum Absturz: `from_utf8_lossy` ersetzt
    // kaputte Bytes durch �; `sichtbar` maskiert Steuerzeichen wie ESC.
    zeile!("Nachricht vom Client: {}", sichtbar(teil.trim_end()));
    let antwort = format!("{BESTAETIGUNG}\n");
    let mut schreiber = verbindung;
    schreiber
        .write_all(antwort.as_bytes())
        .context("Senden der Bestätigung ist gescheitert")?;
    zeile!("Bestätigung gesendet, Verbindung wird geschlossen.");
    Ok(())
}
// ANCHOR_END: bedienen

// ANCHOR: verabschieden
/// Fehlerweg: Grund senden, Senderichtung schließen (FIN), dann begrenzt
/// nachlesen, bis der Client auch schließt. Läge beim Schließen noch
/// Ungelesenes im Empfangspuffer, ginge statt des FIN ein RST hinaus, und der
/// Client bekäme einen Reset statt des Grundes.
fn verabschiede(
    verbindung: &TcpStream,
    leser: BufReader<&TcpStream>,
    meldung: &str,
) -> anyhow::Result<()> {
    let mut schreiber = verbindung;
    schreiber
        .write_all(meldung.as_bytes())
        .context("Senden der Fehlermeldung ist gescheitert")?;
    verbindung.shutdown(Shutdown::Write)?;
    let ende = Instant::now() + NACHLESEN_ZEIT;
    let mut rest = leser.take(NACHLESEN_BYTES);
    let mut puffer = [0u8; 4096];
    while let Some(zeit) = ende.checked_duration_since(Instant::now()) {
        verbindung.set_read_timeout(Some(zeit.max(Duration::from_millis(1))))?;
        match rest.read(&mut puffer) {
            Ok(0) | Err(_) => break, // Ende, Grenze, Timeout oder Reset: fertig
            Ok(_) => {}
        }
    }
    Ok(())
}
// ANCHOR_END: verabschieden

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
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

// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout

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

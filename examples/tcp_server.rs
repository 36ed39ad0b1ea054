//! TCP-Server in einer Schleife: bedient einen Client nach dem anderen, zeigt
//! jede Zeile als `[CLIENTADRESSE] text` und schickt zurück, was du nach
//! `Antwort: ` tippst. Robuste Fassung von `original_tcp_server`, Schritt 4
//! nach `tcp_server_schritt1` bis `3`: Zeilen mit Längengrenze, Fehler bleiben
//! beim Client, eine Frist je Zeile, und wer getrennt wird, erfährt den Grund.
//! Benutzt `accept` in einer Schleife, `read_until` mit `take`,
//! `set_read_timeout`, `write_all`, `shutdown`. Strg+D beendet den Server.
//!
//! Terminal 1: cargo run --example tcp_server
//! Terminal 2: cargo run --example tcp_client

use std::io::ErrorKind::{AddrInUse, Interrupted, TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Nur Programme auf diesem Rechner erreichen den Server (Loopback).
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir annehmen – so viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
/// So lange darf eine Zeile des Clients dauern; danach ist der nächste dran.
const STANDARD_TIMEOUT_S: u64 = 60;
/// Nach einer Fehlerzeile lesen wir höchstens 1 MiB und 2 s lang weg, was noch kommt.
const NACHLAUF_BYTES: usize = 1 << 20;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(2);
const AUFRUF: &str = "Aufruf: cargo run --example tcp_server -- [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard 127.0.0.1:50000 (nur dieser Rechner)
SEKUNDEN  Frist für eine Zeile des Clients, 1 bis 3600, Standard 60";

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let (adresse, timeout) = match lies_argumente() {
        Ok(paar) => paar,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
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

/// Wie das Gespräch mit einem Client endete.
enum Ende {
    ClientGegangen, // Der Client hat geschlossen: weiter mit dem nächsten.
    EingabeBeendet, // Strg+D im Server-Terminal: Der Server hört auf.
}

fn run(adresse: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse).map_err(|e| {
        let rat = match e.kind() {
            AddrInUse => "Der Port ist schon belegt. Läuft der Server noch woanders?",
            _ => "Prüfe die Adresse, etwa 127.0.0.1:50000.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    zeile!("TCP-Server lauscht auf {}", listener.local_addr()?);

    // ANCHOR: schleife
    let mut tastatur = io::stdin().lock();
    loop {
        zeile!("Warte auf einen Client …");
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateien mehr frei): kurz warten statt heiß drehen.
                zeile!("accept() ist gescheitert: {e}. Weiter mit dem nächsten.");
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        zeile!("Client {client} ist verbunden.");
        match bediene(&verbindung, client, timeout, &mut tastatur) {
            Ok(Ende::ClientGegangen) => zeile!("Client {client} hat die Verbindung beendet."),
            Ok(Ende::EingabeBeendet) => {
                zeile!("Eingabe beendet, der Server hört auf.");
                return Ok(());
            }
            Err(e) => {
                zeile!("Fehler mit Client {client}: {e:#}");
                verabschiede(&verbindung, &format!("Fehler: {e}\n"));
            }
        }
    }
    // ANCHOR_END: schleife
}

// ANCHOR: bedienen
fn bediene(
    verbindung: &TcpStream,
    client: SocketAddr,
    timeout: Duration,
    tastatur: &mut impl BufRead,
) -> anyhow::Result<Ende> {
    verbindung.set_write_timeout(Some(timeout))?;
    let mut vom_client = BufReader::new(MitFrist(verbindung, Instant::now()));
    loop {
        vom_client.get_mut().1 = Instant::now() + timeout;
        let mut zeile = Vec::new();
        let gelesen = (&mut vom_client)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile);
        let n = match gelesen {
            Err(e) if abgelaufen(&e) => bail!(
                "Frist abgelaufen: {} s lang keine ganze Zeile, Verbindung wird getrennt.",
                timeout.as_secs()
            ),
            gelesen => gelesen.context("Lesen ist gescheitert")?,
        };
        if n == 0 {
            return Ok(Ende::ClientGegangen); // 0 Bytes: Der Client hat geschlossen.
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                bail!("Zeile länger als {MAX_ZEILE} Bytes, Verbindung wird getrennt.");
            }
            let teil = String::from_utf8_lossy(&zeile);
            bail!("Der Client hat mitten in einer Zeile aufgelegt. Angekommen: {teil:?}");
        }
        // Ungültiges UTF-8 erscheint als �, Steuerzeichen als \u{…}.
        let text = sichtbar(String::from_utf8_lossy(&zeile).trim_end_matches(['\n', '\r']));
        zeile!("[{client}] {text}");

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

// ANCHOR: frist
/// Liest von der Verbindung, aber nur bis zur Frist: Vor jedem `read` stellt
/// es den Read-Timeout auf die Restzeit. So kann ein Client, der alle paar
/// Sekunden ein Byte schickt, die Frist nicht immer wieder verlängern.
struct MitFrist<'a>(&'a TcpStream, Instant);

impl Read for MitFrist<'_> {
    fn read(&mut self, puffer: &mut [u8]) -> io::Result<usize> {
        let MitFrist(mut verbindung, frist) = *self;
        let rest = frist.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(TimedOut.into());
        }
        verbindung.set_read_timeout(Some(rest))?;
        verbindung.read(puffer)
    }
}

/// Ein abgelaufener Read-Timeout: WouldBlock unter Unix, TimedOut unter Windows.
fn abgelaufen(e: &io::Error) -> bool {
    matches!(e.kind(), WouldBlock | TimedOut)
}
// ANCHOR_END: frist

// ANCHOR: verabschieden
/// Sagt dem Client, warum er getrennt wird, schickt FIN (`shutdown(Write)`) und
/// liest weg, was er noch schickt, begrenzt in Bytes und Zeit. Schlössen wir mit
/// ungelesenen Daten, schickte das System ein RST statt eines sauberen Endes.
fn verabschiede(mut verbindung: &TcpStream, zeile: &str) {
    let _ = verbindung.write_all(zeile.as_bytes());
    let _ = verbindung.shutdown(Shutdown::Write);
    let ende = Instant::now() + NACHLAUF_ZEIT;
    let (mut muell, mut gelesen) = ([0u8; 4096], 0);
    while gelesen < NACHLAUF_BYTES {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || verbindung.set_read_timeout(Some(rest)).is_err() {
            break;
        }
        match verbindung.read(&mut muell) {
            Ok(0) => break, // Der Client hat auch geschlossen.
            Ok(n) => gelesen += n,
            Err(e) if e.kind() == Interrupted => {}
            Err(_) => break,
        }
    }
}
// ANCHOR_END: verabschieden

// ANCHOR: sichtbar
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
// ANCHOR_END: sichtbar

/// Eine Antwort von der Tastatur (höchstens MAX_ZEILE Bytes); `None`: Eingabe zu Ende.
fn frage_nach_antwort(tastatur: &mut impl BufRead) -> anyhow::Result<Option<Vec<u8>>> {
    loop {
        ausgabe!("Antwort: ");
        let mut antwort = Vec::new();
        if tastatur.read_until(b'\n', &mut antwort)? == 0 {
            zeile!();
            return Ok(None);
        }
        antwort.truncate(antwort.trim_ascii_end().len()); // ohne \n, \r und Leerzeichen am Ende
        if antwort.len() <= MAX_ZEILE {
            return Ok(Some(antwort));
        }
        zeile!("Zu lang: höchstens {MAX_ZEILE} Bytes. Versuch es noch einmal.");
    }
}

/// Liest `[IP:PORT] [--timeout SEKUNDEN]`.
fn lies_argumente() -> anyhow::Result<(SocketAddr, Duration)> {
    let (mut adresse, mut timeout) = (None, STANDARD_TIMEOUT_S);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--timeout" {
            let wert = args.next().context("--timeout braucht eine Zahl")?;
            timeout = match wert.parse::<u64>() {
                Ok(s @ 1..=3600) => s,
                _ => bail!("--timeout {wert:?}: erwartet ganze Sekunden von 1 bis 3600"),
            };
        } else if arg.starts_with('-') {
            bail!("Unbekannter Schalter {arg:?}");
        } else if adresse.replace(arg.clone()).is_some() {
            bail!("Zu viele Argumente: {arg:?}");
        }
    }
    let text = adresse.unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse = (text.to_socket_addrs().ok())
        .and_then(|mut a| a.next())
        .with_context(|| format!("Adresse {text:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"))?;
    Ok((adresse, Duration::from_secs(timeout)))
}

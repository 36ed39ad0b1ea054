//! Neu verbinden: schickt jede getippte Zeile als `echo`-Anfrage an
//! `json_server`. Reißt die Verbindung ab, wartet der Client mit
//! exponentiellem Backoff und Jitter, verbindet sich neu und schickt die offene
//! Anfrage noch einmal. So geht keine Zeile verloren.
//!
//! Benutzt `TcpStream::connect_timeout`, Lese-Timeouts und `thread::sleep`.
//!
//! Terminal 1: cargo run --example json_server
//! Terminal 2: cargo run --example reconnect_client
//!
//! Dann: Server mit Strg+C beenden, im Client eine Zeile tippen, Server neu starten.

use std::io::{self, BufRead, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::ops::RangeInclusive;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::bail;
use serde_json::{Value, json};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

#[path = "neu_verbinden/backoff.rs"]
mod backoff;
use backoff::Backoff;

const STANDARD_ADRESSE: &str = "localhost:6002";
/// Die erste Pause ist höchstens so lang …
const STANDARD_BASIS: Duration = Duration::from_millis(100);
/// Danach geben wir auf und sagen es.
const STANDARD_MAX_VERSUCHE: u32 = 10;
/// So lange warten wir auf einen Verbindungsaufbau oder eine Antwort.
const FRIST: Duration = Duration::from_secs(5);
/// Größte Antwort, die wir annehmen, wie bei `json_client`.
const MAX_RAHMEN: usize = 64 * 1024;
const AUFRUF: &str = "Aufruf: reconnect_client [ADRESSE] [--seed N] [--basis MS] [--max-versuche N]
  ADRESSE           wo json_server lauscht, mit Port (Standard: localhost:6002)
  --seed N          Startwert für den Zufall der Pausen; ohne: jedes Mal anders
  --basis MS        erste Pause höchstens MS Millisekunden, 1 bis 60000 (Standard: 100)
  --max-versuche N  nach N Versuchen aufgeben, 1 bis 1000 (Standard: 10)";

struct Optionen {
    adresse: String,
    seed: u64,
    basis: Duration,
    max_versuche: u32,
}

fn main() -> ExitCode {
    let ergebnis = match lies_optionen(std::env::args().skip(1)) {
        Ok(Some(optionen)) => run(optionen),
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ergebnis {
        eprintln!("Fehler: {e:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `Ok(None)`: Die Hilfe war gefragt.
fn lies_optionen(mut args: impl Iterator<Item = String>) -> Result<Option<Optionen>, String> {
    let mut o = Optionen {
        adresse: STANDARD_ADRESSE.into(),
        // Ohne --seed ist der Zufall jedes Mal anders, mit --seed wiederholbar.
        seed: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()),
        basis: STANDARD_BASIS,
        max_versuche: STANDARD_MAX_VERSUCHE,
    };
    while let Some(arg) = args.next() {
        let hat_port = arg
            .rsplit_once(':')
            .is_some_and(|(_, p)| p.parse::<u16>().is_ok());
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--seed" => o.seed = zahl(args.next(), "--seed", 0..=u64::MAX)?,
            "--basis" => o.basis = Duration::from_millis(zahl(args.next(), "--basis", 1..=60_000)?),
            "--max-versuche" => {
                o.max_versuche = zahl(args.next(), "--max-versuche", 1..=1000)? as u32
            }
            _ if arg.starts_with('-') => return Err(format!("unbekannte Option {arg:?}")),
            _ if !hat_port => {
                return Err(format!("ADRESSE {arg:?} ohne Port, etwa localhost:6002"));
            }
            _ => o.adresse = arg,
        }
    }
    Ok(Some(o))
}

fn run(o: Optionen) -> anyhow::Result<()> {
    let (adresse, max_versuche) = (o.adresse.as_str(), o.max_versuche);
    let mut backoff = Backoff::neu(o.basis, o.seed);

    // ANCHOR: schleife
    let mut verbindung = verbinde_mit_backoff(adresse, &mut backoff, max_versuche, None)?;
    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("-> ");
        let mut zeile = String::new();
        if tastatur.read_line(&mut zeile)? == 0 {
            zeile!("\nEingabe beendet.");
            return Ok(());
        }
        let text = zeile.trim_end();
        // Solange fragen, bis eine Antwort kommt: Nach jedem Abriss neu
        // verbinden und dieselbe Anfrage noch einmal schicken.
        loop {
            match frage(&mut verbindung, text) {
                Ok(antwort) => {
                    zeile!("{antwort}");
                    break;
                }
                Err(e) => {
                    let anlass = format!("Verbindung verloren: {}", beschreibe(&e));
                    verbindung =
                        verbinde_mit_backoff(adresse, &mut backoff, max_versuche, Some(anlass))?;
                    zeile!("Schicke „{text}“ noch einmal.");
                }
            }
        }
    }
    // ANCHOR_END: schleife
}

// ANCHOR: verbinden
/// Versucht höchstens `max_versuche`-mal, eine Verbindung aufzubauen. Gibt es
/// einen `anlass` (die Verbindung ist gerade abgerissen), wartet schon der
/// erste Versuch: Ein Server, der eben abgestürzt ist, ist selten sofort zurück.
fn verbinde_mit_backoff(
    adresse: &str,
    backoff: &mut Backoff,
    max_versuche: u32,
    mut anlass: Option<String>,
) -> anyhow::Result<TcpStream> {
    for versuch in 1..=max_versuche {
        if let Some(anlass) = anlass.take() {
            let pause = backoff.pause(versuch);
            let ms = pause.as_millis();
            zeile!("{anlass}, nächster Versuch in {ms} ms (Versuch {versuch})");
            thread::sleep(pause);
        }
        match verbinde(adresse) {
            Ok(verbindung) => {
                let peer = verbindung.peer_addr().map_or("?".into(), |a| a.to_string());
                zeile!("Verbunden mit {peer} (Versuch {versuch}).");
                return Ok(verbindung);
            }
            Err(e) => anlass = Some(format!("Keine Verbindung: {}", beschreibe(&e))),
        }
    }
    bail!(
        "Nach {max_versuche} Versuchen aufgegeben, {adresse} ist nicht erreichbar. \
         Läuft der Server? Starte ihn mit `cargo run --example json_server`"
    )
}
// ANCHOR_END: verbinden

/// Ein Verbindungsversuch mit Frist an jede Adresse, die der Name ergibt.
fn verbinde(adresse: &str) -> io::Result<TcpStream> {
    let mut letzter = io::Error::new(io::ErrorKind::NotFound, "der Name ergibt keine Adresse");
    for ziel in adresse.to_socket_addrs()? {
        match TcpStream::connect_timeout(&ziel, FRIST) {
            Ok(verbindung) => {
                verbindung.set_read_timeout(Some(FRIST))?;
                verbindung.set_write_timeout(Some(FRIST))?;
                return Ok(verbindung);
            }
            Err(e) => letzter = e,
        }
    }
    Err(letzter)
}

/// Eine echo-Anfrage im Rahmenformat von `json_server`, dann genau eine Antwort.
fn frage(verbindung: &mut TcpStream, text: &str) -> io::Result<String> {
    let json = json!({ "befehl": "echo", "text": text }).to_string();
    let mut rahmen = (json.len() as u32).to_be_bytes().to_vec();
    rahmen.extend_from_slice(json.as_bytes());
    verbindung.write_all(&rahmen)?;
    let mut kopf = [0u8; 4];
    verbindung.read_exact(&mut kopf)?;
    let laenge = u32::from_be_bytes(kopf) as usize;
    if laenge > MAX_RAHMEN {
        return Err(io::Error::other(format!("{laenge} Bytes angekündigt")));
    }
    let mut nutzdaten = vec![0u8; laenge];
    verbindung.read_exact(&mut nutzdaten)?;
    // Auch eine unerwartete Antwort zeigen wir, so wie sie ankam.
    let antwort: Option<Value> = serde_json::from_slice(&nutzdaten).ok();
    let echo = antwort.filter(|a| a["antwort"] == "echo");
    let text = match echo.as_ref().and_then(|a| a["text"].as_str()) {
        Some(echo) => format!("Antwort: {echo}"),
        None => format!(
            "Unerwartete Antwort: {}",
            String::from_utf8_lossy(&nutzdaten)
        ),
    };
    Ok(sichtbar(&text))
}

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

/// Sagt auf Deutsch, was mit der Verbindung los ist.
fn beschreibe(e: &io::Error) -> String {
    match e.kind() {
        ErrorKind::ConnectionRefused => "dort lauscht niemand (Verbindung abgelehnt)".into(),
        ErrorKind::UnexpectedEof => "der Server hat aufgelegt".into(),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "sie wurde abgebrochen".into(),
        ErrorKind::BrokenPipe => "die Verbindung ist schon geschlossen".into(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut => {
            format!("{} s keine Antwort", FRIST.as_secs())
        }
        _ => format!("unerwarteter Fehler ({e})"),
    }
}

fn zahl(wert: Option<String>, option: &str, erlaubt: RangeInclusive<u64>) -> Result<u64, String> {
    let (von, bis) = (erlaubt.start(), erlaubt.end());
    let wert = wert.ok_or_else(|| format!("nach {option} fehlt eine Zahl von {von} bis {bis}"))?;
    match wert.parse() {
        Ok(zahl) if erlaubt.contains(&zahl) => Ok(zahl),
        _ => Err(format!(
            "{option} erwartet eine ganze Zahl von {von} bis {bis}, nicht {wert:?}"
        )),
    }
}

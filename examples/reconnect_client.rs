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
//! Optionen: reconnect_client [ADRESSE] [--seed N] [--basis MS] [--max-versuche N]

use std::io::{self, BufRead, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use serde_json::{Value, json};

const STANDARD_ADRESSE: &str = "localhost:6002";
/// Die erste Pause ist höchstens so lang …
const STANDARD_BASIS: Duration = Duration::from_millis(100);
/// … jede weitere höchstens doppelt so lang …
const FAKTOR: u32 = 2;
/// … aber nie länger als das: Auch nach langer Störung soll der Client bald merken,
/// dass der Server wieder da ist.
const DECKEL: Duration = Duration::from_secs(10);
/// Danach geben wir auf und sagen es.
const STANDARD_MAX_VERSUCHE: u32 = 10;
/// So lange warten wir auf einen Verbindungsaufbau oder eine Antwort.
const FRIST: Duration = Duration::from_secs(5);
/// Größte Antwort, die wir annehmen, wie bei `json_client`.
const MAX_RAHMEN: usize = 64 * 1024;

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
    let mut adresse = STANDARD_ADRESSE.to_string();
    // Ohne --seed ist der Zufall jedes Mal anders, mit --seed wiederholbar.
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ u64::from(std::process::id());
    let mut basis = STANDARD_BASIS;
    let mut max_versuche = STANDARD_MAX_VERSUCHE;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = zahl(args.next(), "--seed")?,
            "--basis" => basis = Duration::from_millis(zahl(args.next(), "--basis")?),
            "--max-versuche" => max_versuche = zahl(args.next(), "--max-versuche")? as u32,
            _ => adresse = arg,
        }
    }
    let mut backoff = Backoff {
        basis,
        faktor: FAKTOR,
        deckel: DECKEL,
        zufall: Zufall(seed),
    };

    // ANCHOR: schleife
    let mut verbindung = verbinde_mit_backoff(&adresse, &mut backoff, max_versuche, None)?;
    let mut tastatur = io::stdin().lock();
    loop {
        print!("-> ");
        io::stdout().flush()?;
        let mut zeile = String::new();
        if tastatur.read_line(&mut zeile)? == 0 {
            println!();
            println!("Eingabe beendet.");
            return Ok(());
        }
        let text = zeile.trim_end();
        // Solange fragen, bis eine Antwort kommt: Nach jedem Abriss neu
        // verbinden und dieselbe Anfrage noch einmal schicken.
        loop {
            match frage(&mut verbindung, text) {
                Ok(antwort) => {
                    println!("{antwort}");
                    break;
                }
                Err(e) => {
                    let anlass = format!("Verbindung verloren: {}", beschreibe(&e));
                    verbindung =
                        verbinde_mit_backoff(&adresse, &mut backoff, max_versuche, Some(anlass))?;
                    println!("Schicke „{text}“ noch einmal.");
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
            println!(
                "{anlass}, nächster Versuch in {} ms (Versuch {versuch})",
                pause.as_millis()
            );
            thread::sleep(pause);
        }
        match verbinde(adresse) {
            Ok(verbindung) => {
                println!(
                    "Verbunden mit {} (Versuch {versuch}).",
                    verbindung.peer_addr()?
                );
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

// ANCHOR: backoff
/// Exponentieller Backoff mit „Full Jitter“: Die Pause vor Versuch n ist
/// zufällig zwischen 0 und min(deckel, basis · faktor^(n−1)).
struct Backoff {
    basis: Duration,
    faktor: u32,
    deckel: Duration,
    zufall: Zufall,
}

impl Backoff {
    fn pause(&mut self, versuch: u32) -> Duration {
        let exponent = versuch.saturating_sub(1).min(30);
        let obergrenze = self
            .basis
            .saturating_mul(self.faktor.saturating_pow(exponent))
            .min(self.deckel);
        let ms = obergrenze.as_millis() as u64;
        Duration::from_millis(self.zufall.naechste() % (ms + 1))
    }
}

/// SplitMix64: ein winziger Pseudozufallsgenerator. Für Jitter reicht er,
/// für Schlüssel oder Passwörter niemals.
struct Zufall(u64);

impl Zufall {
    fn naechste(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
// ANCHOR_END: backoff

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
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "Antwort zu groß",
        ));
    }
    let mut nutzdaten = vec![0u8; laenge];
    verbindung.read_exact(&mut nutzdaten)?;
    let antwort: Value = serde_json::from_slice(&nutzdaten)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "Antwort ist kein JSON"))?;
    Ok(
        match (antwort["antwort"].as_str(), antwort["text"].as_str()) {
            (Some("echo"), Some(echo)) => format!("Antwort: {echo}"),
            _ => format!("Unerwartete Antwort: {antwort}"),
        },
    )
}

/// Sagt auf Deutsch, was mit der Verbindung los ist.
fn beschreibe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => "dort lauscht niemand (Verbindung abgelehnt)".into(),
        io::ErrorKind::UnexpectedEof => "der Server hat aufgelegt".into(),
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
            "die Verbindung wurde zurückgesetzt".into()
        }
        io::ErrorKind::BrokenPipe => "die Verbindung ist schon geschlossen".into(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            format!("keine Antwort innerhalb von {} s", FRIST.as_secs())
        }
        _ => e.to_string(),
    }
}

fn zahl(wert: Option<String>, option: &str) -> anyhow::Result<u64> {
    let wert = wert.with_context(|| format!("Nach {option} fehlt eine Zahl"))?;
    wert.parse()
        .with_context(|| format!("{option} erwartet eine Zahl, nicht {wert:?}"))
}

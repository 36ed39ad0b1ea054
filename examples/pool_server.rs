//! Thread-Pool, Server: Eine feste Zahl von Arbeiter-Threads beantwortet
//! kurze HTTP-Anfragen, eine je Verbindung (danach `Connection: close`). Der
//! Thread, der accept() aufruft, reicht jede Verbindung in eine begrenzte
//! Warteschlange. Ist sie voll, antwortet er sofort mit 503 und `Retry-After`,
//! statt Verbindungen ohne Grenze zu sammeln.
//!
//! Strg+C: nichts Neues annehmen, Laufendes und Wartendes höchstens 5 s lang
//! fertig machen, die Arbeiter einsammeln, Exit-Code 0.
//!
//! Aufbau: `pool/pool.rs` ist der Pool (`sync_channel`, `Mutex<Receiver>`,
//! `catch_unwind`), `http/anfrage.rs` zerlegt HTTP wie bei `http_server`,
//! `bausteine/server.rs` bringt Strg+C und sauberes Auflegen mit.
//!
//! Terminal 1: cargo run --example pool_server -- --threads 4 --warteschlange 16
//! Terminal 2: cargo run --example http_client -- http://localhost:8081/
//! Oder:       curl -i http://localhost:8081/   (und curl http://localhost:8081/panik)

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

// ANCHOR: module
#[path = "bausteine/absage.rs"]
mod absage;
// pool_server braucht nicht alles daraus (etwa `lies_optionen`, Keep-alive).
#[allow(dead_code)]
#[path = "bausteine/server.rs"]
mod bausteine;
#[allow(dead_code)]
#[path = "http/anfrage.rs"]
mod http;
#[path = "pool/pool.rs"]
mod pool;
// ANCHOR_END: module

use bausteine::sichtbar;
use http::{Antwort, Danach};
use pool::Pool;

const STANDARD_ADRESSE: &str = "127.0.0.1:8081";
/// So viele Arbeiter, wenn nichts anderes gesagt ist: genug für kurze Anfragen.
const STANDARD_THREADS: usize = 4;
/// So viele Verbindungen dürfen auf einen freien Arbeiter warten.
const STANDARD_WARTESCHLANGE: usize = 32;
/// Frist für die ganze Anfrage, nicht je read(): Wer Byte für Byte tröpfelt,
/// hielte einen Arbeiter sonst beliebig lange fest. Auch write() wartet so lange.
const ANFRAGE_FRIST: Duration = Duration::from_secs(10);
const TEXT: &str = "text/plain; charset=utf-8";
const AUFRUF: &str = "Aufruf: pool_server [ADRESSE] [--threads N] [--warteschlange N]
  ADRESSE            wo der Server lauscht (Standard: 127.0.0.1:8081)
  --threads N        so viele Arbeiter-Threads, 1 bis 256 (Standard: 4)
  --warteschlange N  so viele Verbindungen warten höchstens, 1 bis 10000 (Standard: 32)";

struct Optionen {
    adresse: String,
    threads: usize,
    warteschlange: usize,
}

fn main() -> ExitCode {
    let optionen = match lies_optionen(std::env::args().skip(1)) {
        Ok(Some(optionen)) => optionen,
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(optionen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn lies_optionen(mut args: impl Iterator<Item = String>) -> Result<Option<Optionen>, String> {
    let mut optionen = Optionen {
        adresse: STANDARD_ADRESSE.into(),
        threads: STANDARD_THREADS,
        warteschlange: STANDARD_WARTESCHLANGE,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--threads" => {
                optionen.threads = bausteine::zahl(args.next(), "--threads", 1..=256)? as usize
            }
            "--warteschlange" => {
                let n = bausteine::zahl(args.next(), "--warteschlange", 1..=10_000)?;
                optionen.warteschlange = n as usize;
            }
            _ if arg.starts_with('-') => return Err(format!("unbekannte Option {arg:?}")),
            _ if arg.to_socket_addrs().is_err() => {
                return Err(format!(
                    "ADRESSE {arg:?} ist keine Adresse mit Port, etwa {STANDARD_ADRESSE}"
                ));
            }
            _ => optionen.adresse = arg,
        }
    }
    Ok(Some(optionen))
}

// ANCHOR: annehmen
fn run(optionen: Optionen) -> anyhow::Result<()> {
    let adresse = &optionen.adresse;
    let listener = TcpListener::bind(adresse).map_err(|e| bausteine::bind_fehler(e, adresse))?;
    let lokal = listener.local_addr()?;
    let (threads, platz) = (optionen.threads, optionen.warteschlange);
    let bediene = |(verbindung, client): (TcpStream, SocketAddr)| {
        if let Err(e) = beantworte(&verbindung, &client.to_string()) {
            zeile!("{client} getrennt: {}", sichtbar(&format!("{e:#}")));
        }
    };
    let pool = Pool::neu(threads, platz, bausteine::ENDE_FRIST, bediene)
        .context("Kann die Arbeiter-Threads nicht starten. Versuch es mit weniger --threads.")?;
    // Eine Zeile statt Rusts mehrzeiliger Meldung; weiter geht es im Pool.
    std::panic::set_hook(Box::new(|info| {
        zeile!("Panik: {}", info.payload_as_str().unwrap_or("?"))
    }));
    bausteine::fange_strg_c(lokal)?;
    zeile!("Pool: {threads} Arbeiter, Warteschlange {platz}, lauscht auf {lokal}");
    let mut absagen = absage::Absagen::default(); // ein Thread für alle Absagen
    loop {
        // Nach Strg+C: ohne Warten holen, was der Kernel schon angenommen hat (sonst RST).
        if bausteine::endet() {
            listener.set_nonblocking(true)?;
        }
        let (verbindung, client) = match listener.accept() {
            Ok(angenommen) => angenommen,
            Err(_) if bausteine::endet() => break, // WouldBlock: Backlog leer
            Err(e) => {
                zeile!("accept() ist gescheitert, neuer Versuch gleich ({e})");
                thread::sleep(bausteine::ACCEPT_PAUSE);
                continue;
            }
        };
        let _ = verbindung.set_nonblocking(false); // unter macOS geerbt
        // try_send: Der accept()-Thread wartet nie auf einen Arbeiter.
        if let Err((verbindung, client)) = pool.reiche_ein((verbindung, client)) {
            zeile!("{client} abgewiesen: Warteschlange voll");
            sage_ab(verbindung, &mut absagen);
        }
    }
    drop(listener); // neue Verbindungen scheitern jetzt mit „Connection refused“
    zeile!("Strg+C: nehme nichts Neues an, die Arbeiter machen fertig");
    drop(pool); // wartet höchstens ENDE_FRIST auf die Arbeiter
    zeile!("Server beendet");
    Ok(())
}
// ANCHOR_END: annehmen

// ANCHOR: absage
/// 503 sofort, im accept()-Thread und ohne Warten: Die kleine Absage passt in
/// den leeren Sendepuffer. Auflegen und begrenzt abfließen lassen (bis 2 s)
/// übernimmt der eine Absage-Thread aus `bausteine/absage.rs` für alle.
fn sage_ab(verbindung: TcpStream, absagen: &mut absage::Absagen) {
    let text = "503 Service Unavailable: Warteschlange voll, versuch es gleich noch einmal\n";
    // `Antwort` aus http/anfrage.rs kennt kein Retry-After, also steht die Absage hier ganz.
    let absage = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: {TEXT}\r\nContent-Length: {}\r\n\
         Retry-After: 1\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    absagen.sage_ab(verbindung, absage.as_bytes());
}
// ANCHOR_END: absage

// ANCHOR: bedienen
fn beantworte(verbindung: &TcpStream, client: &str) -> anyhow::Result<()> {
    verbindung.set_write_timeout(Some(ANFRAGE_FRIST))?;
    let frist = Instant::now() + ANFRAGE_FRIST;
    let (mut puffer, mut stueck) = (Vec::new(), [0u8; 4096]);
    let (code, grund, erklaerung) = loop {
        match http::zerlege(&puffer) {
            Ok(Some((anfrage, _))) => return antworte(verbindung, client, &anfrage),
            Ok(None) if Instant::now() < frist => {}
            Ok(None) => break (408, "Request Timeout", "Anfrage kam nicht rechtzeitig an"),
            Err(fehler) => break fehler.status(),
        }
        let rest = frist.saturating_duration_since(Instant::now());
        verbindung.set_read_timeout(Some(rest.max(Duration::from_millis(1))))?;
        match (&*verbindung).read(&mut stueck) {
            Ok(0) => return Ok(()), // der Client hat aufgelegt
            Ok(n) => puffer.extend_from_slice(&stueck[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if bausteine::ist_timeout(&e) => {} // oben prüft die Frist
            Err(e) => return Err(e).context("Lesen ist gescheitert"),
        }
    };
    zeile!("{client} Fehler {code}: {erklaerung}");
    let text = format!("{code} {grund}: {erklaerung}\n");
    let antwort = antwort(code, grund, text.as_bytes(), false);
    bausteine::verabschiede(verbindung, &antwort.bytes());
    Ok(())
}
// ANCHOR_END: bedienen

// ANCHOR: antworten
fn antworte(verbindung: &TcpStream, client: &str, anfrage: &http::Anfrage) -> anyhow::Result<()> {
    let pfad = anfrage.pfad.split('?').next().unwrap_or("/");
    let (code, grund, koerper): (u16, &str, &[u8]) = match (anfrage.methode.as_str(), pfad) {
        ("GET" | "HEAD", "/") => (200, "OK", "Hallo vom Thread-Pool!\n".as_bytes()),
        ("POST", "/echo") => (200, "OK", &anfrage.koerper),
        // Zum Ausprobieren: Der Auftrag gerät in Panik, der Arbeiter bleibt.
        ("GET", "/panik") => panic!("absichtlich, für GET /panik"),
        _ => (404, "Not Found", b"Nicht gefunden\n"),
    };
    let zeile = format!("{} {}", anfrage.methode, sichtbar(&anfrage.pfad));
    let arbeiter = thread::current().name().unwrap_or("?").to_string();
    zeile!("{client} \"{zeile}\" {code} {} ({arbeiter})", koerper.len());
    let antwort = antwort(code, grund, koerper, anfrage.methode == "HEAD");
    (&*verbindung)
        .write_all(&antwort.bytes())
        .context("Senden der Antwort ist gescheitert")
}

/// Jede Antwort schließt die Verbindung: Ein offenes Keep-alive hielte
/// einen Arbeiter fest, während der Client nachdenkt.
fn antwort<'a>(code: u16, grund: &'a str, koerper: &'a [u8], nur_kopf: bool) -> Antwort<'a> {
    let (typ, danach) = (TEXT, Danach::Schliessen);
    Antwort {
        code,
        grund,
        typ,
        koerper,
        danach,
        nur_kopf,
    }
}
// ANCHOR_END: antworten

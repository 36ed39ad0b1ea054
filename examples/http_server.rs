//! HTTP von Hand, Server: spricht HTTP/1.1 direkt auf einem `TcpStream`.
//! `GET /` liefert eine kleine deutsche Seite, `POST /echo` schickt den
//! Körper zurück, alles andere ergibt 404. Kaputte oder zu große Anfragen
//! bekommen 400, 413, 414 oder 431 – der Server stürzt nie ab, und die
//! Fehlerantwort kommt an, bevor er auflegt.
//!
//! Aufbau: `http/anfrage.rs` zerlegt Bytes in Anfragen und baut Antworten,
//! ohne I/O; hier liest `bediene` vom Socket in einen Puffer. Ein Thread je
//! Verbindung, begrenzt. Was `json_server` genauso macht, steht in
//! `bausteine/server.rs` – auch das saubere Ende mit Strg+C.
//!
//! Terminal 1: cargo run --example http_server
//! Terminal 2: cargo run --example http_client
//! Oder:       curl -i http://localhost:8080/   (oder im Browser öffnen)

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::thread;
use std::time::Duration;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

// ANCHOR: module
#[path = "bausteine/absage.rs"]
mod absage;
#[path = "bausteine/server.rs"]
mod bausteine;
#[path = "http/anfrage.rs"]
mod http;
// ANCHOR_END: module

use bausteine::{Gelesen, Optionen, Platz, sichtbar};
use http::{Antwort, Danach};

const STANDARD_ADRESSE: &str = "127.0.0.1:8080";
const STANDARD_MAX_CLIENTS: usize = 100;
/// So lange wartet eine offene Verbindung (Keep-alive) auf die nächste Anfrage.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(10);
/// Ein Client, der die Antwort nicht abholt, blockiert write() höchstens so lange.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
const TEXT: &str = "text/plain; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";
/// Die Startseite. Eine echte Anwendung läse sie aus einer Datei.
const SEITE: &str = "<!DOCTYPE html>
<html lang=\"de\">
<head><meta charset=\"utf-8\"><title>Hallo von http_server</title></head>
<body>
<h1>Hallo!</h1>
<p>Diese Seite kommt von einem HTTP-Server, der von Hand auf einem TcpStream geschrieben ist.</p>
<p>Schick mit <code>POST /echo</code> einen Text, und er kommt zurück.</p>
</body>
</html>
";
const AUFRUF: &str = "Aufruf: http_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]
  ADRESSE          wo der Server lauscht (Standard: 127.0.0.1:8080)
  --max-clients N  höchstens N Verbindungen gleichzeitig, 1 bis 10000 (Standard: 100)
  --timeout S      Keep-alive: nach S Sekunden Stille auflegen, 1 bis 86400 (Standard: 10)";

fn main() -> ExitCode {
    let standard = Optionen {
        adresse: STANDARD_ADRESSE.into(),
        max_clients: STANDARD_MAX_CLIENTS,
        timeout: STANDARD_TIMEOUT,
    };
    let optionen = match bausteine::lies_optionen(std::env::args().skip(1), standard) {
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

fn run(optionen: Optionen) -> anyhow::Result<()> {
    let adresse = &optionen.adresse;
    let listener = TcpListener::bind(adresse).map_err(|e| bausteine::bind_fehler(e, adresse))?;
    let lokal = listener.local_addr()?;
    bausteine::fange_strg_c(lokal)?; // vor der ersten Zeile: Danach darf Strg+C kommen
    zeile!("Server lauscht auf {lokal}");
    zeile!("Im Browser oder mit curl: http://{lokal}/");
    let clients = Arc::new(AtomicUsize::new(0));
    let mut absagen = absage::Absagen::default(); // ein Thread für alle Absagen
    loop {
        let angenommen = listener.accept();
        if bausteine::endet() {
            break; // Strg+C; die Verbindung war unser eigener Weckruf
        }
        let (verbindung, peer) = match angenommen {
            Ok(angenommen) => angenommen,
            // Etwa EMFILE (alle Dateideskriptoren belegt): kurz warten statt kreiseln.
            Err(e) => {
                zeile!("accept() ist gescheitert, neuer Versuch gleich ({e})");
                thread::sleep(bausteine::ACCEPT_PAUSE);
                continue;
            }
        };
        let Some(platz) = Platz::belege(&clients, optionen.max_clients) else {
            zeile!("{peer} abgewiesen: Server voll");
            let text = b"503 Service Unavailable: Server voll, versuch es gleich noch einmal\n";
            let absage = fehlerantwort(503, "Service Unavailable", text);
            absagen.sage_ab(verbindung, &absage.bytes()); // ohne Warten, siehe absage.rs
            continue;
        };
        let timeout = optionen.timeout;
        let gestartet = thread::Builder::new().spawn(move || {
            if let Err(e) = bediene(&verbindung, &peer.to_string(), timeout) {
                zeile!("{peer} getrennt: {}", sichtbar(&format!("{e:#}")));
            }
            drop(platz);
        });
        if let Err(e) = gestartet {
            zeile!("{peer} abgewiesen: Kein Thread zu bekommen ({e})");
        }
    }
    bausteine::warte_auf_ende(listener, &clients);
    Ok(())
}

// ANCHOR: bedienen
/// Liest Anfragen und beantwortet sie, bis der Client `Connection: close`
/// schickt, auflegt oder zu lange schweigt – oder bis Strg+C kommt.
fn bediene(verbindung: &TcpStream, peer: &str, timeout: Duration) -> anyhow::Result<()> {
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut puffer = Vec::new();
    let mut stueck = [0u8; 4096];
    loop {
        // Abkürzung: Nach jedem read() zerlegen wir den Puffer von vorn. Bei
        // höchstens 32 KiB Kopf ist das billig genug.
        match http::zerlege(&puffer) {
            Ok(Some((anfrage, verbraucht))) => {
                puffer.drain(..verbraucht);
                let danach = match anfrage.will_schliessen() || bausteine::endet() {
                    true => Danach::Schliessen,
                    false => Danach::OffenLassen,
                };
                antworte(verbindung, peer, &anfrage, danach)?;
                if danach == Danach::Schliessen {
                    return Ok(());
                }
                continue; // vielleicht liegt schon die nächste Anfrage im Puffer
            }
            Ok(None) => {}
            // Nach einem Fehler ist der Strom nicht mehr im Takt: Antwort, auflegen.
            Err(fehler) => {
                let (code, grund, erklaerung) = fehler.status();
                zeile!("{peer} Fehler {code}: {erklaerung}");
                let text = format!("{code} {grund}: {erklaerung}\n");
                let antwort = fehlerantwort(code, grund, text.as_bytes());
                bausteine::verabschiede(verbindung, &antwort.bytes());
                return Ok(());
            }
        }
        // Eine Verbindung ohne angefangene Anfrage endet bei Strg+C (Keep-alive).
        let n = match bausteine::lies(verbindung, &mut stueck, timeout, puffer.is_empty()) {
            Ok(Gelesen::Bytes(n)) => n,
            Ok(Gelesen::Aufgelegt | Gelesen::Beendet) => return Ok(()),
            Ok(Gelesen::Still) => {
                if !puffer.is_empty() {
                    let text = b"408 Request Timeout: Anfrage kam nicht vollstaendig an\n";
                    let antwort = fehlerantwort(408, "Request Timeout", text);
                    bausteine::verabschiede(verbindung, &antwort.bytes());
                }
                return Ok(()); // Keep-alive abgelaufen
            }
            Err(e) => return Err(e).context("Lesen ist gescheitert"),
        };
        puffer.extend_from_slice(&stueck[..n]);
    }
}
// ANCHOR_END: bedienen

// ANCHOR: antworten
fn antworte(
    verbindung: &TcpStream,
    peer: &str,
    anfrage: &http::Anfrage,
    danach: Danach,
) -> anyhow::Result<()> {
    let pfad = anfrage.pfad.split('?').next().unwrap_or("/");
    let (code, grund, typ, koerper): (u16, &str, &str, &[u8]) =
        match (anfrage.methode.as_str(), pfad) {
            ("GET" | "HEAD", "/") => (200, "OK", HTML, SEITE.as_bytes()),
            ("POST", "/echo") => (200, "OK", TEXT, &anfrage.koerper),
            (_, "/" | "/echo") => (
                405,
                "Method Not Allowed",
                HTML,
                b"<h1>Methode nicht erlaubt</h1>\n",
            ),
            _ => (
                404,
                "Not Found",
                HTML,
                "<h1>Nicht gefunden</h1>\n".as_bytes(),
            ),
        };
    let antwort = Antwort {
        code,
        grund,
        typ,
        koerper,
        danach,
        nur_kopf: anfrage.methode == "HEAD",
    };
    // Methode und Version hat der Parser geprüft; der Pfad ist Text des Clients.
    let zeile = format!(
        "{} {} {}",
        anfrage.methode,
        sichtbar(&anfrage.pfad),
        anfrage.version
    );
    zeile!("{peer} \"{zeile}\" {code} {}", koerper.len());
    (&*verbindung)
        .write_all(&antwort.bytes())
        .context("Senden der Antwort ist gescheitert")
}

/// Eine Fehlerantwort in Klartext; danach legt der Server immer auf.
fn fehlerantwort<'a>(code: u16, grund: &'a str, text: &'a [u8]) -> Antwort<'a> {
    Antwort {
        code,
        grund,
        typ: TEXT,
        koerper: text,
        danach: Danach::Schliessen,
        nur_kopf: false,
    }
}
// ANCHOR_END: antworten

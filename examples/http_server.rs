//! HTTP von Hand, Server: spricht HTTP/1.1 direkt auf einem `TcpStream`.
//! `GET /` liefert eine kleine deutsche Seite, `POST /echo` schickt den
//! Körper zurück, alles andere ergibt 404. Kaputte oder zu große Anfragen
//! bekommen 400, 413, 414 oder 431 – der Server stürzt nie ab.
//!
//! Aufbau: Das Modul `http` zerlegt Bytes in Anfragen, ohne I/O; `bediene`
//! liest vom Socket in einen Puffer. Ein Thread je Verbindung, begrenzt.
//!
//! Terminal 1: cargo run --example http_server
//! Terminal 2: cargo run --example http_client
//! Oder:       curl -i http://localhost:8080/   (oder im Browser öffnen)
//!
//! Optionen: http_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:8080";
const STANDARD_MAX_CLIENTS: usize = 100;
/// So lange wartet eine offene Verbindung (Keep-alive) auf die nächste Anfrage.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(10);
/// Ein Client, der die Antwort nicht abholt, blockiert write() höchstens so lange.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
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

// ANCHOR: parser
/// HTTP/1.1-Anfragen zerlegen, ohne I/O (RFC 9112). Bytes hinein, Anfrage heraus.
pub(crate) mod http {
    /// Längste Zeile (Anfragezeile oder Kopfzeile), inklusive Zeilenende.
    pub const MAX_ZEILE: usize = 8 * 1024;
    /// Höchstens so viele Kopfzeilen …
    pub const MAX_KOPFZEILEN: usize = 64;
    /// … und höchstens so viele Bytes für den ganzen Kopf.
    pub const MAX_KOPF: usize = 32 * 1024;
    /// Größter Körper, den wir annehmen (Content-Length).
    pub const MAX_KOERPER: usize = 64 * 1024;

    #[derive(Debug, Clone, PartialEq)]
    pub struct Anfrage {
        pub methode: String,
        pub pfad: String,
        pub version: String,
        pub kopfzeilen: Vec<(String, String)>,
        pub koerper: Vec<u8>,
    }

    impl Anfrage {
        /// Der Wert einer Kopfzeile; Namen sind ohne Groß-/Kleinschreibung.
        pub fn kopf(&self, name: &str) -> Option<&str> {
            let mut treffer = self
                .kopfzeilen
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name));
            treffer.next().map(|(_, w)| w.as_str())
        }

        /// HTTP/1.1 hält die Verbindung offen, außer bei `Connection: close`.
        /// HTTP/1.0 schließen wir immer (Abkürzung: kein 1.0-Keep-alive).
        pub fn will_schliessen(&self) -> bool {
            self.version == "HTTP/1.0"
                || self
                    .kopf("connection")
                    .is_some_and(|w| w.eq_ignore_ascii_case("close"))
        }
    }

    /// Was an einer Anfrage falsch sein kann, mit dem passenden Statuscode.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum HttpFehler {
        Kaputt(&'static str),
        AnfragezeileZuLang,
        KopfZuGross,
        KoerperZuGross,
        NichtUnterstuetzt,
        FalscheVersion,
    }

    impl HttpFehler {
        pub fn status(self) -> (u16, &'static str, &'static str) {
            match self {
                HttpFehler::Kaputt(grund) => (400, "Bad Request", grund),
                HttpFehler::AnfragezeileZuLang => (414, "URI Too Long", "Anfragezeile zu lang"),
                HttpFehler::KopfZuGross => (431, "Request Header Fields Too Large", "Kopf zu groß"),
                HttpFehler::KoerperZuGross => (413, "Content Too Large", "Körper zu groß"),
                HttpFehler::NichtUnterstuetzt => (
                    501,
                    "Not Implemented",
                    "Transfer-Encoding wird nicht unterstützt",
                ),
                HttpFehler::FalscheVersion => (
                    505,
                    "HTTP Version Not Supported",
                    "nur HTTP/1.0 und HTTP/1.1",
                ),
            }
        }
    }

    // ANCHOR: zerlege
    /// `Ok(None)`: Die Anfrage ist noch nicht vollständig – weiterlesen.
    /// `Ok(Some((anfrage, n)))`: Die ersten `n` Bytes des Puffers waren eine Anfrage.
    pub fn zerlege(puffer: &[u8]) -> Result<Option<(Anfrage, usize)>, HttpFehler> {
        // 1. Den Kopf Zeile für Zeile ablaufen, bis zur Leerzeile.
        let mut zeilen: Vec<&[u8]> = Vec::new();
        let mut pos = 0;
        loop {
            let rest = &puffer[pos..];
            let Some(ende) = rest.iter().position(|&b| b == b'\n') else {
                // Noch kein Zeilenende. Zu lang darf die angefangene Zeile nicht werden.
                return match (rest.len() >= MAX_ZEILE, zeilen.is_empty()) {
                    (true, true) => Err(HttpFehler::AnfragezeileZuLang),
                    (true, false) => Err(HttpFehler::KopfZuGross),
                    (false, _) if pos + rest.len() > MAX_KOPF => Err(HttpFehler::KopfZuGross),
                    (false, _) => Ok(None),
                };
            };
            if ende >= MAX_ZEILE {
                return Err(match zeilen.is_empty() {
                    true => HttpFehler::AnfragezeileZuLang,
                    false => HttpFehler::KopfZuGross,
                });
            }
            pos += ende + 1;
            if pos > MAX_KOPF || zeilen.len() > MAX_KOPFZEILEN {
                return Err(HttpFehler::KopfZuGross);
            }
            // RFC 9112 erlaubt auch ein nacktes `\n` als Zeilenende.
            let zeile = rest[..ende].strip_suffix(b"\r").unwrap_or(&rest[..ende]);
            match (zeile.is_empty(), zeilen.is_empty()) {
                (true, true) => continue, // Leerzeilen vor der Anfrage übergehen
                (true, false) => break,   // Leerzeile: Ende des Kopfs
                (false, _) => zeilen.push(zeile),
            }
        }

        // 2. Anfragezeile: METHODE PFAD VERSION, durch genau ein Leerzeichen getrennt.
        let anfragezeile = std::str::from_utf8(zeilen[0])
            .map_err(|_| HttpFehler::Kaputt("Anfragezeile ist kein UTF-8"))?;
        let teile: Vec<&str> = anfragezeile.split(' ').collect();
        let &[methode, pfad, version] = teile.as_slice() else {
            return Err(HttpFehler::Kaputt(
                "Anfragezeile braucht METHODE PFAD VERSION",
            ));
        };
        if methode.is_empty() || !methode.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(HttpFehler::Kaputt("ungültige Methode"));
        }
        if !pfad.starts_with('/') || pfad.bytes().any(|b| b.is_ascii_control()) {
            return Err(HttpFehler::Kaputt("Pfad muss mit / beginnen"));
        }
        match version {
            "HTTP/1.1" | "HTTP/1.0" => {}
            v if v.starts_with("HTTP/") => return Err(HttpFehler::FalscheVersion),
            _ => return Err(HttpFehler::Kaputt("unbekannte Version")),
        }

        // 3. Kopfzeilen: NAME: WERT. Vor dem Doppelpunkt steht kein Leerraum.
        let mut kopfzeilen = Vec::new();
        for zeile in &zeilen[1..] {
            let zeile = String::from_utf8_lossy(zeile);
            let Some((name, wert)) = zeile.split_once(':') else {
                return Err(HttpFehler::Kaputt("Kopfzeile ohne Doppelpunkt"));
            };
            if name.is_empty() || name.bytes().any(|b| !b.is_ascii_graphic()) {
                return Err(HttpFehler::Kaputt("ungültiger Name einer Kopfzeile"));
            }
            kopfzeilen.push((name.to_string(), wert.trim().to_string()));
        }
        let mut anfrage = Anfrage {
            methode: methode.into(),
            pfad: pfad.into(),
            version: version.into(),
            kopfzeilen,
            koerper: Vec::new(),
        };

        // 4. Der Körper: genau Content-Length Bytes. Ohne die Angabe gibt es keinen.
        if anfrage.kopf("transfer-encoding").is_some() {
            return Err(HttpFehler::NichtUnterstuetzt);
        }
        let laengen: Vec<&str> = anfrage
            .kopfzeilen
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map(|(_, w)| w.as_str())
            .collect();
        let laenge = match laengen.as_slice() {
            [] => 0,
            [wert] if wert.bytes().all(|b| b.is_ascii_digit()) => wert
                .parse::<usize>()
                .map_err(|_| HttpFehler::KoerperZuGross)?,
            _ => return Err(HttpFehler::Kaputt("ungültige Content-Length")),
        };
        if laenge > MAX_KOERPER {
            return Err(HttpFehler::KoerperZuGross);
        }
        if puffer.len() < pos + laenge {
            return Ok(None);
        }
        anfrage.koerper = puffer[pos..pos + laenge].to_vec();
        Ok(Some((anfrage, pos + laenge)))
    }
    // ANCHOR_END: zerlege
}
// ANCHOR_END: parser

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
    let mut max_clients = STANDARD_MAX_CLIENTS;
    let mut timeout = STANDARD_TIMEOUT;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-clients" => max_clients = zahl(args.next(), "--max-clients")?,
            "--timeout" => timeout = Duration::from_secs(zahl(args.next(), "--timeout")? as u64),
            _ => adresse = arg,
        }
    }
    let listener = TcpListener::bind(&adresse).map_err(|e| bind_fehler(e, &adresse))?;
    let lokal = listener.local_addr()?;
    println!("Server lauscht auf {lokal}");
    println!("Im Browser oder mit curl: http://{lokal}/");
    let aktive = Arc::new(AtomicUsize::new(0));
    for verbindung in listener.incoming() {
        let verbindung = match verbindung {
            Ok(v) => v,
            Err(e) => {
                println!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        let peer = verbindung.peer_addr().map_or("?".into(), |a| a.to_string());
        if aktive.fetch_add(1, Ordering::SeqCst) >= max_clients {
            aktive.fetch_sub(1, Ordering::SeqCst);
            println!("{peer} abgewiesen: Server voll");
            let text = "Server voll, versuch es später noch einmal\n";
            let _ = schreibe(
                &verbindung,
                503,
                "Service Unavailable",
                "text/plain; charset=utf-8",
                text.as_bytes(),
                true,
                false,
            );
            continue;
        }
        let aktive = Arc::clone(&aktive);
        thread::spawn(move || {
            if let Err(e) = bediene(&verbindung, &peer, timeout) {
                println!("{peer} getrennt: {e:#}");
            }
            aktive.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

// ANCHOR: bedienen
/// Liest Anfragen und beantwortet sie, bis der Client `Connection: close`
/// schickt, auflegt oder zu lange schweigt.
fn bediene(verbindung: &TcpStream, peer: &str, timeout: Duration) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(timeout))?;
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut puffer = Vec::new();
    let mut stueck = [0u8; 4096];
    loop {
        // Abkürzung: Nach jedem read() zerlegen wir den Puffer von vorn. Bei
        // höchstens 32 KiB Kopf ist das billig genug.
        match http::zerlege(&puffer) {
            Ok(Some((anfrage, verbraucht))) => {
                puffer.drain(..verbraucht);
                let schliessen = anfrage.will_schliessen();
                antworte(verbindung, peer, &anfrage, schliessen)?;
                if schliessen {
                    return Ok(());
                }
                continue; // vielleicht liegt schon die nächste Anfrage im Puffer
            }
            Ok(None) => {}
            Err(fehler) => {
                let (code, grund, erklaerung) = fehler.status();
                println!("{peer} Fehler {code}: {erklaerung}");
                let text = format!("{code} {grund}: {erklaerung}\n");
                // Nach einem Fehler ist der Strom nicht mehr im Takt: schließen.
                return schreibe(
                    verbindung,
                    code,
                    grund,
                    "text/plain; charset=utf-8",
                    text.as_bytes(),
                    true,
                    false,
                );
            }
        }
        let n = match (&*verbindung).read(&mut stueck) {
            Ok(0) => return Ok(()), // der Client hat aufgelegt
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if !puffer.is_empty() {
                    let text = b"408 Request Timeout: Anfrage kam nicht vollstaendig an\n";
                    schreibe(
                        verbindung,
                        408,
                        "Request Timeout",
                        "text/plain; charset=utf-8",
                        text,
                        true,
                        false,
                    )?;
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
    v: &TcpStream,
    peer: &str,
    anfrage: &http::Anfrage,
    schliessen: bool,
) -> anyhow::Result<()> {
    let pfad = anfrage.pfad.split('?').next().unwrap_or("/");
    let kopf_allein = anfrage.methode == "HEAD";
    let html = "text/html; charset=utf-8";
    let (code, grund, typ, koerper): (u16, &str, &str, Vec<u8>) =
        match (anfrage.methode.as_str(), pfad) {
            ("GET" | "HEAD", "/") => (200, "OK", html, SEITE.into()),
            ("POST", "/echo") => (
                200,
                "OK",
                "text/plain; charset=utf-8",
                anfrage.koerper.clone(),
            ),
            (_, "/" | "/echo") => (
                405,
                "Method Not Allowed",
                html,
                b"<h1>Methode nicht erlaubt</h1>\n".into(),
            ),
            _ => (404, "Not Found", html, "<h1>Nicht gefunden</h1>\n".into()),
        };
    println!(
        "{peer} \"{} {} {}\" {code} {}",
        anfrage.methode,
        anfrage.pfad,
        anfrage.version,
        koerper.len()
    );
    schreibe(v, code, grund, typ, &koerper, schliessen, kopf_allein)
}

/// Statuszeile, Kopfzeilen, Leerzeile, Körper – in einem write_all.
/// Content-Length sagt dem Client, wo die Antwort endet.
fn schreibe(
    v: &TcpStream,
    code: u16,
    grund: &str,
    typ: &str,
    koerper: &[u8],
    schliessen: bool,
    kopf_allein: bool,
) -> anyhow::Result<()> {
    let verbindung = if schliessen { "close" } else { "keep-alive" };
    let mut antwort = format!(
        "HTTP/1.1 {code} {grund}\r\nServer: http_server (Rust-Buch)\r\n\
         Content-Type: {typ}\r\nContent-Length: {}\r\nConnection: {verbindung}\r\n",
        koerper.len()
    );
    if code == 405 {
        antwort.push_str("Allow: GET, HEAD, POST\r\n");
    }
    antwort.push_str("\r\n");
    let mut bytes = antwort.into_bytes();
    if !kopf_allein {
        bytes.extend_from_slice(koerper);
    }
    (&*v)
        .write_all(&bytes)
        .context("Senden der Antwort ist gescheitert")
}
// ANCHOR_END: antworten

fn zahl(wert: Option<String>, option: &str) -> anyhow::Result<usize> {
    let wert = wert.with_context(|| format!("Nach {option} fehlt eine Zahl"))?;
    wert.parse()
        .with_context(|| format!("{option} erwartet eine Zahl, nicht {wert:?}"))
}

fn bind_fehler(e: io::Error, adresse: &str) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::PermissionDenied => {
            "Ports unter 1024 darf unter Linux nur ein Administrator binden."
        }
        _ => "Prüfe die Adresse, etwa 127.0.0.1:8080.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

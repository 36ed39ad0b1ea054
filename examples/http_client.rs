//! HTTP von Hand, Client: schickt eine HTTP/1.1-Anfrage über einen
//! `TcpStream` und zeigt Kopf (`<`) und Körper der Antwort. Mit `--daten TEXT`
//! wird daraus ein POST mit Körper.
//!
//! Benutzt `TcpStream::connect`, `write_all`, `BufRead::read_until` mit
//! Längengrenze und `Read::take` für den Körper.
//!
//! Terminal 1: cargo run --example http_server
//! Terminal 2: cargo run --example http_client
//!             cargo run --example http_client -- http://localhost:8080/echo --daten "Hallo"
//!
//! Auch gegen Python: python3 -m http.server 8000, dann
//!             cargo run --example http_client -- http://localhost:8000/

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_URL: &str = "http://localhost:8080/";
/// Längste Zeile im Antwortkopf, die wir annehmen.
const MAX_ZEILE: usize = 8 * 1024;
/// Höchstens so viele Kopfzeilen.
const MAX_KOPFZEILEN: usize = 100;
/// Größter Körper, den wir lesen.
const MAX_KOERPER: u64 = 10 * 1024 * 1024;
/// Antwortet der Server so lange nicht, geben wir auf.
const LESE_TIMEOUT: Duration = Duration::from_secs(10);
const AUFRUF: &str = "Aufruf: http_client [URL] [--daten TEXT]
  URL           http://HOST:PORT/PFAD (Standard: http://localhost:8080/)
  --daten TEXT  TEXT als Körper mit POST schicken statt GET";

/// Wohin die Anfrage geht: `host` wie in der URL (für die Kopfzeile Host),
/// `adresse` mit Port für connect().
struct Ziel {
    host: String,
    adresse: String,
    pfad: String,
}

fn main() -> ExitCode {
    let (ziel, daten) = match lies_optionen(std::env::args().skip(1)) {
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
    match run(&ziel, daten) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)`: Die Hilfe war gefragt.
fn lies_optionen(
    mut args: impl Iterator<Item = String>,
) -> Result<Option<(Ziel, Option<String>)>, String> {
    let (mut url, mut daten) = (STANDARD_URL.to_string(), None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--daten" => daten = Some(args.next().ok_or("nach --daten fehlt ein Text")?),
            _ if arg.starts_with('-') => return Err(format!("unbekannte Option {arg:?}")),
            _ => url = arg,
        }
    }
    Ok(Some((zerlege_url(&url)?, daten)))
}

// ANCHOR: url
/// http://HOST:PORT/PFAD – ohne Port gilt 80, der registrierte Port für HTTP.
fn zerlege_url(url: &str) -> Result<Ziel, String> {
    let Some(rest) = url.strip_prefix("http://") else {
        return Err(format!(
            "URL {url:?} beginnt nicht mit http:// (https braucht TLS, das kann dieses Beispiel nicht)"
        ));
    };
    let (host, pfad) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let port_ok = |p: &str| p.parse::<u16>().is_ok();
    let adresse = match host.rsplit_once(':') {
        Some((_, port)) if !host.ends_with(']') && port_ok(port) => host.to_string(),
        Some(_) if !host.ends_with(']') => return Err(format!("URL {url:?}: ungültiger Port")),
        _ => format!("{host}:80"),
    };
    if host.is_empty() || pfad.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(format!("URL {url:?}: Host fehlt, oder Leerzeichen im Pfad"));
    }
    let (host, pfad) = (host.to_string(), pfad.to_string());
    Ok(Ziel {
        host,
        adresse,
        pfad,
    })
}
// ANCHOR_END: url

fn run(ziel: &Ziel, daten: Option<String>) -> anyhow::Result<()> {
    let adresse = &ziel.adresse;
    let verbindung = TcpStream::connect(adresse).with_context(|| {
        format!("Keine Verbindung zu {adresse}. Läuft der Server? Starte ihn mit `cargo run --example http_server`")
    })?;
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;

    // ANCHOR: anfrage
    // Anfragezeile, Kopfzeilen, Leerzeile, Körper. Jede Zeile endet mit \r\n.
    // Host ist in HTTP/1.1 Pflicht; Connection: close bittet den Server, nach
    // der Antwort aufzulegen.
    let methode = if daten.is_some() { "POST" } else { "GET" };
    let (host, pfad) = (&ziel.host, &ziel.pfad);
    let mut kopf = format!(
        "{methode} {pfad} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: http_client (Rust-Buch)\r\n\
         Accept: */*\r\nConnection: close\r\n"
    );
    if let Some(daten) = &daten {
        kopf.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        kopf.push_str(&format!("Content-Length: {}\r\n", daten.len()));
    }
    kopf.push_str("\r\n");
    for zeile in kopf.lines().filter(|z| !z.is_empty()) {
        zeile!("> {zeile}");
    }
    let mut anfrage = kopf.into_bytes();
    anfrage.extend_from_slice(daten.unwrap_or_default().as_bytes());
    (&verbindung)
        .write_all(&anfrage)
        .context("Senden der Anfrage ist gescheitert")?;
    // ANCHOR_END: anfrage

    // ANCHOR: antwort
    let mut leser = BufReader::new(&verbindung);
    let statuszeile = lies_zeile(&mut leser)?.context("Der Server hat ohne Antwort aufgelegt")?;
    zeile!("< {statuszeile}");
    if !statuszeile.starts_with("HTTP/1.") {
        bail!("Das ist keine HTTP-Antwort: {statuszeile:?}");
    }
    let mut laenge: Option<u64> = None;
    for anzahl in 0.. {
        let zeile = lies_zeile(&mut leser)?.context("Die Antwort endet mitten im Kopf")?;
        if zeile.is_empty() {
            break; // Leerzeile: Ende des Kopfs
        }
        if anzahl >= MAX_KOPFZEILEN {
            bail!("Mehr als {MAX_KOPFZEILEN} Kopfzeilen");
        }
        zeile!("< {zeile}");
        let (name, wert) = zeile.split_once(':').unwrap_or((&zeile, ""));
        if name.eq_ignore_ascii_case("content-length") {
            let zahl = wert.trim().parse();
            laenge = Some(zahl.with_context(|| format!("Content-Length {wert:?} ist keine Zahl"))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            bail!(
                "Transfer-Encoding ({}) kann dieses Beispiel nicht lesen",
                wert.trim()
            );
        }
    }
    zeile!("<");
    // Mit Content-Length wissen wir, wie viele Bytes folgen. Ohne sie endet der
    // Körper, wenn der Server die Verbindung schließt (so machte es HTTP/1.0).
    let erwartet = match laenge {
        Some(n) if n > MAX_KOERPER => bail!("Der Körper hat {n} Bytes, mehr als {MAX_KOERPER}"),
        Some(n) => n,
        None => MAX_KOERPER,
    };
    let mut koerper = Vec::new();
    let gelesen = (&mut leser).take(erwartet).read_to_end(&mut koerper);
    // Was ankam, zeigen wir auch dann, wenn danach etwas schiefging.
    zeige(&koerper);
    gelesen.map_err(lesefehler)?;
    if laenge.is_some_and(|n| n > koerper.len() as u64) {
        bail!(
            "Die Antwort endet nach {} von {erwartet} Bytes",
            koerper.len()
        );
    }
    // ANCHOR_END: antwort
    Ok(())
}

/// Der Körper als Text, so wie er ankam.
fn zeige(koerper: &[u8]) {
    let text = als_text(koerper);
    ausgabe!("{text}");
    if !text.is_empty() && !text.ends_with('\n') {
        zeile!();
    }
}

/// Ungültiges UTF-8 wird zu �, Steuerzeichen außer Zeilenende und Tabulator
/// werden sichtbar (`\u{1b}`): So kann der Server das Terminal nicht steuern.
fn als_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let zeichen = text
        .chars()
        .map(|c| match c.is_control() && c != '\n' && c != '\t' {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        });
    zeichen.collect()
}

/// Eine Zeile des Kopfs ohne \r\n, höchstens MAX_ZEILE Bytes. `None` am Ende des Stroms.
fn lies_zeile(leser: &mut impl BufRead) -> anyhow::Result<Option<String>> {
    let mut zeile = Vec::new();
    let n = leser
        .take(MAX_ZEILE as u64)
        .read_until(b'\n', &mut zeile)
        .map_err(lesefehler)?;
    if n == 0 {
        return Ok(None);
    }
    if !zeile.ends_with(b"\n") {
        zeige(&zeile);
        bail!("Zeile im Antwortkopf länger als {MAX_ZEILE} Bytes oder abgebrochen");
    }
    let text = String::from_utf8_lossy(&zeile);
    Ok(Some(
        text.trim_end_matches(['\r', '\n'])
            .escape_debug()
            .to_string(),
    ))
}

fn lesefehler(e: io::Error) -> anyhow::Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            let s = LESE_TIMEOUT.as_secs();
            anyhow::anyhow!("Der Server antwortet nicht ({s} s gewartet)")
        }
        _ => anyhow::Error::new(e).context("Lesen der Antwort ist gescheitert"),
    }
}

//! HTTP von Hand, Client: schickt eine HTTP/1.1-Anfrage über einen
//! `TcpStream` und zeigt Kopf (`<`) und Körper der Antwort. Mit `--daten TEXT`
//! wird daraus ein POST mit Körper.
//!
//! Benutzt `TcpStream::connect`, `write_all`, `BufRead::read_until` mit
//! Längengrenze und `read_exact` für den Körper.
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

const STANDARD_URL: &str = "http://localhost:8080/";
/// Längste Zeile im Antwortkopf, die wir annehmen.
const MAX_ZEILE: usize = 8 * 1024;
/// Höchstens so viele Kopfzeilen.
const MAX_KOPFZEILEN: usize = 100;
/// Größter Körper, den wir lesen.
const MAX_KOERPER: u64 = 10 * 1024 * 1024;
/// Antwortet der Server so lange nicht, geben wir auf.
const LESE_TIMEOUT: Duration = Duration::from_secs(10);

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
    let mut url = STANDARD_URL.to_string();
    let mut daten: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--daten" => daten = Some(args.next().context("Nach --daten fehlt ein Text")?),
            _ => url = arg,
        }
    }
    // ANCHOR: url
    // http://HOST:PORT/PFAD – ohne Port gilt 80, der registrierte Port für HTTP.
    let Some(rest) = url.strip_prefix("http://") else {
        bail!(
            "{url:?} ist keine http://-Adresse (https braucht TLS, das kann dieses Beispiel nicht)"
        );
    };
    let (host, pfad) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let ziel = if host.contains(':') && !host.ends_with(']') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    // ANCHOR_END: url

    let verbindung = TcpStream::connect(&ziel).with_context(|| {
        format!("Keine Verbindung zu {ziel}. Läuft der Server? Starte ihn mit `cargo run --example http_server`")
    })?;
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;

    // ANCHOR: anfrage
    // Anfragezeile, Kopfzeilen, Leerzeile, Körper. Jede Zeile endet mit \r\n.
    // Host ist in HTTP/1.1 Pflicht; Connection: close bittet den Server, nach
    // der Antwort aufzulegen.
    let methode = if daten.is_some() { "POST" } else { "GET" };
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
        println!("> {zeile}");
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
    println!("< {statuszeile}");
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
        println!("< {zeile}");
        let (name, wert) = zeile.split_once(':').unwrap_or((&zeile, ""));
        if name.eq_ignore_ascii_case("content-length") {
            laenge = Some(
                wert.trim()
                    .parse()
                    .context("Content-Length ist keine Zahl")?,
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            bail!(
                "Transfer-Encoding ({}) kann dieses Beispiel nicht lesen",
                wert.trim()
            );
        }
    }
    println!("<");
    // Mit Content-Length wissen wir, wie viele Bytes folgen. Ohne sie endet der
    // Körper, wenn der Server die Verbindung schließt (so machte es HTTP/1.0).
    let mut koerper = Vec::new();
    match laenge {
        Some(n) if n > MAX_KOERPER => bail!("Der Körper hat {n} Bytes, mehr als {MAX_KOERPER}"),
        Some(n) => {
            koerper.resize(n as usize, 0);
            leser
                .read_exact(&mut koerper)
                .context("Die Antwort endet vor Content-Length Bytes")?;
        }
        None => {
            (&mut leser)
                .take(MAX_KOERPER)
                .read_to_end(&mut koerper)
                .context("Lesen des Körpers ist gescheitert")?;
        }
    }
    // ANCHOR_END: antwort
    let text = String::from_utf8_lossy(&koerper);
    print!("{text}");
    if !text.is_empty() && !text.ends_with('\n') {
        println!();
    }
    Ok(())
}

/// Eine Zeile des Kopfs ohne \r\n, höchstens MAX_ZEILE Bytes. `None` am Ende des Stroms.
fn lies_zeile(leser: &mut impl BufRead) -> anyhow::Result<Option<String>> {
    let mut zeile = Vec::new();
    let n = leser
        .take(MAX_ZEILE as u64)
        .read_until(b'\n', &mut zeile)
        .map_err(|e| match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                anyhow::anyhow!(
                    "Der Server antwortet nicht ({} s gewartet)",
                    LESE_TIMEOUT.as_secs()
                )
            }
            _ => anyhow::Error::new(e).context("Lesen der Antwort ist gescheitert"),
        })?;
    if n == 0 {
        return Ok(None);
    }
    if !zeile.ends_with(b"\n") {
        bail!("Zeile im Antwortkopf länger als {MAX_ZEILE} Bytes oder abgebrochen");
    }
    let text = String::from_utf8_lossy(&zeile);
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

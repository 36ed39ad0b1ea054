//! Absichtlich falsch (Aufgabe 09): nimmt `--timeout SEKUNDEN` an, benutzt es aber
//! nie und setzt auch sonst keinen Timeout. Ein Client, der schweigt, hält alle
//! anderen auf.
//! Der Prüfer meldet „Ein stiller Client hält nicht auf“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

const AUFRUF: &str =
    "Aufruf: cargo run --example falsch_09_ohne_timeout -- [IP:PORT] [--timeout SEKUNDEN]";
const MAX_ZEILE: usize = 256;

/// Name, Aliasnamen, Port, Protokoll.
type Dienst = (Vec<String>, u16, String);

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5109");
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| "/etc/services".into());
    let mut dienste: Vec<Dienst> = Vec::new();
    for zeile in std::fs::read_to_string(datei)?.lines() {
        let mut woerter = zeile.split('#').next().unwrap_or("").split_whitespace();
        if let (Some(name), Some(pp)) = (woerter.next(), woerter.next())
            && let Some((port, proto)) = pp.split_once('/')
            && let Ok(port) = port.parse()
        {
            let mut namen = vec![name.to_string()];
            namen.extend(woerter.map(String::from));
            dienste.push((namen, port, proto.to_string()));
        }
    }
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    loop {
        let Ok((verbindung, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let _ = bediene(&verbindung, &dienste);
    }
}

fn antworte(anfrage: &str, dienste: &[Dienst]) -> String {
    let Some((links, proto)) = anfrage.split_once('/') else {
        return "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL".to_string();
    };
    let passend = dienste.iter().filter(|d| d.2 == proto);
    let treffer = match links.parse::<u16>() {
        Ok(port) => passend
            .into_iter()
            .find(|d| d.1 == port)
            .map(|d| d.0[0].clone()),
        Err(_) => passend
            .into_iter()
            .find(|d| d.0.iter().any(|n| n == links))
            .map(|d| d.1.to_string()),
    };
    treffer.map_or("unbekannt".to_string(), |t| format!("{anfrage} {t}"))
}

fn bediene(verbindung: &TcpStream, dienste: &[Dienst]) -> std::io::Result<()> {
    // Der Fehler: kein set_read_timeout, also wartet read() ewig.
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    loop {
        let mut zeile = Vec::new();
        (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?;
        if zeile.is_empty() {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                schreiber.write_all(b"Fehler: Zeile zu lang\n")?;
            }
            return Ok(());
        }
        let text = String::from_utf8_lossy(&zeile);
        let anfrage = text.trim();
        schreiber.write_all(format!("{}\n", antworte(anfrage, dienste)).as_bytes())?;
    }
}

/// Kommandozeile `[IP:PORT] [--timeout SEKUNDEN]`: `--help` zeigt die Hilfe, eine falsche Angabe
/// endet mit deutscher Meldung und Exit-Code 2.
fn adresse_aus_argumenten(standard: &str) -> SocketAddr {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--timeout SEKUNDEN` wird angenommen und weggeworfen.
    if let Some(i) = args.iter().position(|a| a == "--timeout") {
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        std::process::exit(0);
    }
    let text = args.first().map_or(standard, String::as_str);
    match text.to_socket_addrs().ok().and_then(|mut a| a.next()) {
        Some(adresse) if !text.starts_with('-') && args.len() <= 1 => adresse,
        _ => {
            eprintln!("Fehler: {text:?} ist keine Adresse IP:PORT\n\n{AUFRUF}");
            std::process::exit(2);
        }
    }
}

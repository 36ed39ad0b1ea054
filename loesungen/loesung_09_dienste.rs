//! Musterlösung zu Aufgabe 09 „Dienstauskunft“: beantwortet Fragen nach
//! Diensten und Ports aus /etc/services, wie getservbyname/getservbyport.
//!
//! Terminal 1: cargo run --example loesung_09_dienste
//! Terminal 2: nc 127.0.0.1 5109     (dann z. B. „http/tcp“ oder „22/tcp“)
//!
//! Andere Datei: DIENSTE_DATEI=meine-dienste.txt cargo run --example loesung_09_dienste
//! Prüfen: cargo run --bin pruefen -- 09 --beispiel loesung_09_dienste

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5109";
const STANDARD_DATEI: &str = "/etc/services";
const MAX_ZEILE: usize = 256;

/// Eine Zeile aus der Dienstedatei: `http 80/tcp www # World Wide Web`.
struct Dienst {
    namen: Vec<String>, // erster Name, dann die Aliasnamen
    port: u16,
    protokoll: String,
}

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
    let adresse = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| STANDARD_DATEI.to_string());
    let text = std::fs::read_to_string(&datei).with_context(|| {
        format!("Kann {datei} nicht lesen. Setze DIENSTE_DATEI auf eine Dienstedatei.")
    })?;
    let dienste = lies_dienste(&text);
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    println!("{} Einträge aus {datei}", dienste.len());
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        if let Err(e) = bediene(&verbindung, &dienste) {
            eprintln!("Ein Client: {e:#}");
        }
    }
    Ok(())
}

// ANCHOR: lesen
fn lies_dienste(text: &str) -> Vec<Dienst> {
    let mut dienste = Vec::new();
    for zeile in text.lines() {
        // Alles ab # ist Kommentar.
        let zeile = zeile.split('#').next().unwrap_or("");
        let mut woerter = zeile.split_whitespace();
        let (Some(name), Some(port_proto)) = (woerter.next(), woerter.next()) else {
            continue; // leer oder unvollständig
        };
        let Some((port, protokoll)) = port_proto.split_once('/') else {
            continue;
        };
        let Ok(port) = port.parse() else { continue };
        let mut namen = vec![name.to_string()];
        namen.extend(woerter.map(String::from)); // Aliasnamen
        dienste.push(Dienst {
            namen,
            port,
            protokoll: protokoll.to_string(),
        });
    }
    dienste
}
// ANCHOR_END: lesen

// ANCHOR: antworten
fn antworte(anfrage: &str, dienste: &[Dienst]) -> String {
    let Some((links, protokoll)) = anfrage.split_once('/') else {
        return "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL".to_string();
    };
    let passend = dienste.iter().filter(|d| d.protokoll == protokoll);
    let treffer = match links.parse::<u16>() {
        // Wie getservbyport: Port → erster Name.
        Ok(port) => passend
            .into_iter()
            .find(|d| d.port == port)
            .map(|d| d.namen[0].clone()),
        // Wie getservbyname: Name oder Alias → Port.
        Err(_) => passend
            .into_iter()
            .find(|d| d.namen.iter().any(|n| n == links))
            .map(|d| d.port.to_string()),
    };
    match treffer {
        Some(t) => format!("{anfrage} {t}"),
        None => "unbekannt".to_string(),
    }
}
// ANCHOR_END: antworten

fn bediene(verbindung: &TcpStream, dienste: &[Dienst]) -> anyhow::Result<()> {
    let mut leser = BufReader::new(verbindung);
    let mut schreiber = verbindung;
    loop {
        let mut zeile = Vec::new();
        if (&mut leser)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile)?
            == 0
        {
            return Ok(());
        }
        if !zeile.ends_with(b"\n") {
            schreiber.write_all(b"Fehler: Zeile zu lang\n")?;
            return Ok(());
        }
        let anfrage = String::from_utf8_lossy(&zeile);
        let antwort = antworte(anfrage.trim(), dienste);
        schreiber.write_all(format!("{antwort}\n").as_bytes())?;
    }
}

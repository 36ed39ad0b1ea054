//! Absichtlich falsch (Aufgabe 09): kennt nur den ersten Namen jeder Zeile,
//! keine Aliasnamen. Der Prüfer meldet „Aliasnamen“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

const AUFRUF: &str = "Aufruf: cargo run --example falsch_09_ohne_alias -- [IP:PORT]";

fn main() -> std::io::Result<()> {
    let adresse = adresse_aus_argumenten("127.0.0.1:5109");
    let datei = std::env::var("DIENSTE_DATEI").unwrap_or_else(|_| "/etc/services".into());
    let text = std::fs::read_to_string(datei)?;
    let mut dienste = Vec::new();
    for zeile in text.lines() {
        let zeile = zeile.split('#').next().unwrap_or("");
        let w: Vec<&str> = zeile.split_whitespace().collect();
        if let [name, pp, ..] = w.as_slice()
            && let Some((port, proto)) = pp.split_once('/')
        {
            dienste.push((name.to_string(), port.to_string(), proto.to_string()));
        }
    }
    let listener = TcpListener::bind(adresse)?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for v in listener.incoming() {
        let v = v?;
        let mut s = &v;
        for zeile in BufReader::new(&v).lines() {
            let Ok(zeile) = zeile else { break };
            let antwort = match zeile.trim().split_once('/') {
                None => "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL".to_string(),
                Some((l, p)) => dienste
                    .iter()
                    .find(|(n, port, proto)| proto == p && (n == l || port == l))
                    .map(|(n, port, _)| {
                        if port == l {
                            format!("{} {n}", zeile.trim())
                        } else {
                            format!("{} {port}", zeile.trim())
                        }
                    })
                    .unwrap_or_else(|| "unbekannt".into()),
            };
            if s.write_all(format!("{antwort}\n").as_bytes()).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// Kommandozeile `[IP:PORT]`: `--help` zeigt die Hilfe, eine falsche Angabe
/// endet mit deutscher Meldung und Exit-Code 2.
fn adresse_aus_argumenten(standard: &str) -> SocketAddr {
    let args: Vec<String> = std::env::args().skip(1).collect();
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

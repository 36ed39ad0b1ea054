//! gethostbyname: zeigt alle IPv4- und IPv6-Adressen eines Namens, wie
//! Pythons `socket.gethostbyname_ex(name)` – und sagt, was std nicht liefert.
//!
//! Benutzt `ToSocketAddrs` (dahinter getaddrinfo(3)). Ohne Netz löst der
//! Rechner meist nur `localhost` und Namen aus der hosts-Datei auf.
//!
//! Terminal 1: (kein Server nötig)
//! Terminal 2: cargo run --example gethostbyname -- localhost
//!
//! Mehrere Namen auf einmal: cargo run --example gethostbyname -- localhost ::1

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Ein Name, den jeder Rechner kennt, auch ohne Netz.
const STANDARD_NAME: &str = "localhost";

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example gethostbyname [-- NAME …]

Zeigt alle IPv4- und IPv6-Adressen eines Namens (Standard: localhost).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.iter().find(|a| a.starts_with('-')).map(String::as_str) {
        None => {}
        Some("--help" | "-h") => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        // Kein Rechnername beginnt mit `-`: ein vertippter Schalter, der sonst
        // als Name beim DNS-Server landen würde.
        Some(schalter) => {
            eprintln!("Fehler: unbekannter Schalter {schalter:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    // args_os statt args: Auch ein Name mit kaputtem UTF-8 führt zu einer
    // Fehlermeldung (mit �) statt zu einem Absturz.
    let mut namen: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if namen.is_empty() {
        namen.push(STANDARD_NAME.to_string());
    }
    for name in &namen {
        let (v4, v6) = gethostbyname(name)?;
        zeile!("{name}");
        zeile!("  IPv4-Adressen:    {}", liste(&v4));
        zeile!("  IPv6-Adressen:    {}", liste(&v6));
        // gethostbyname_ex liefert zusätzlich den kanonischen Namen und die
        // Aliasse. getaddrinfo(3) kann den kanonischen Namen liefern
        // (AI_CANONNAME), aber std reicht nur die Adressen durch.
        zeile!("  kanonischer Name: (liefert std nicht)");
        zeile!("  Aliasse:          (liefert std nicht)");
    }
    Ok(())
}

// ANCHOR: aufloesen
/// Alle Adressen eines Namens, getrennt nach Familie, ohne Doppelte.
fn gethostbyname(name: &str) -> anyhow::Result<(Vec<IpAddr>, Vec<IpAddr>)> {
    // ToSocketAddrs will einen Port; für die Namensauflösung ist er egal.
    // Eine IP-Adresse wie "::1" wird direkt übernommen, ohne Anfrage.
    let adressen: Vec<SocketAddr> = (name, 0)
        .to_socket_addrs()
        .with_context(|| {
            format!(
                "Kann den Namen {name:?} nicht auflösen. Stimmt die Schreibweise? \
                 Ohne Netz löst der Rechner meist nur localhost und Namen aus der \
                 hosts-Datei auf (/etc/hosts, unter Windows \
                 C:\\Windows\\System32\\drivers\\etc\\hosts)"
            )
        })?
        .collect();
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    for adresse in adressen {
        let ip = adresse.ip();
        // getaddrinfo kann dieselbe Adresse mehrfach liefern (etwa je
        // Sockettyp); wir zeigen jede nur einmal, in der gelieferten Reihenfolge.
        let ziel = if ip.is_ipv4() { &mut v4 } else { &mut v6 };
        if !ziel.contains(&ip) {
            ziel.push(ip);
        }
    }
    Ok((v4, v6))
}
// ANCHOR_END: aufloesen

fn liste(adressen: &[IpAddr]) -> String {
    if adressen.is_empty() {
        return "(keine)".to_string();
    }
    let texte: Vec<String> = adressen.iter().map(ToString::to_string).collect();
    texte.join(", ")
}

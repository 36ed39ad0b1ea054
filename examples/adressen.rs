//! Adressen und Ports: zeigt, wozu `localhost` aufgelöst wird, welchen Port
//! das Betriebssystem bei Port 0 vergibt und in welchen Bereich ein Port fällt.
//!
//! Benutzt `ToSocketAddrs`, `TcpListener::bind` und `local_addr`.
//!
//! Terminal 1: cargo run --example adressen
//! Mit eigenen Ports: cargo run --example adressen -- 22 5000 50000

use std::net::{TcpListener, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Ports, die ohne Argumente eingeordnet werden: SSH, HTTP, der Chat aus
/// Kapitel 4 und der UDP-Server aus Kapitel 5.
const STANDARD_PORTS: [u16; 4] = [22, 80, 5000, 50000];

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example adressen [-- PORT …]

Zeigt, wozu localhost aufgelöst wird, welchen Port das Betriebssystem bei
Port 0 vergibt, und ordnet die Ports (0 bis 65535) ihrem Bereich zu.
Ohne PORT: 22 80 5000 50000";

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let ports = match lies_ports() {
        Ok(ports) => ports,
        Err(meldung) => {
            // Ein falsches Argument: Meldung auf Deutsch, dann die Kurzhilfe, Exit-Code 2.
            eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&ports) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Die Ports aus den Argumenten; ohne Argument die Standardports.
fn lies_ports() -> Result<Vec<u16>, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Ok(STANDARD_PORTS.to_vec());
    }
    args.iter()
        .map(|a| {
            a.parse()
                .map_err(|_| format!("{a:?} ist kein Port (erlaubt: 0 bis 65535)"))
        })
        .collect()
}

fn run(ports: &[u16]) -> anyhow::Result<()> {
    // ANCHOR: aufloesen
    // Unter Linux und macOS steht der Name `localhost` in /etc/hosts; Windows
    // hat seit Windows 7 keine localhost-Zeile mehr in seiner hosts-Datei, dort
    // beantwortet der DNS-Client den Namen selbst. Heraus kommen die
    // Loopback-Adressen: 127.0.0.1 für IPv4, oft auch ::1 für IPv6.
    zeile!("localhost wird aufgelöst zu:");
    for adresse in ("localhost", 80).to_socket_addrs()? {
        zeile!("  {}", adresse.ip());
    }
    // ANCHOR_END: aufloesen

    // ANCHOR: port_null
    // Port 0 heißt: „Betriebssystem, such mir einen freien Port aus.“ Welchen es
    // genommen hat, verrät erst local_addr().
    let listener = TcpListener::bind("127.0.0.1:0").context("Port 0 binden")?;
    let vergeben = listener.local_addr()?.port();
    zeile!(
        "Port 0 angefragt, bekommen: {vergeben} ({})",
        bereich(vergeben)
    );
    // ANCHOR_END: port_null

    zeile!("Portbereiche:");
    for &port in ports {
        zeile!("  {port:>5}: {}", bereich(port));
    }
    Ok(())
}

// ANCHOR: bereiche
/// Die drei Portbereiche der IANA.
fn bereich(port: u16) -> &'static str {
    match port {
        0 => "kein echter Port: das Betriebssystem wählt einen freien",
        1..=1023 => "System-Port (well-known), Binden braucht unter Linux Administratorrechte",
        1024..=49151 => "registrierter Port, für eigene Server üblich",
        49152..=u16::MAX => "dynamischer Port, frei für alle und für Clients",
    }
}
// ANCHOR_END: bereiche

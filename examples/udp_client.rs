//! UDP-Client: schickt jede Nachricht als eigenes Datagramm an `udp_server`.
//! Die Nachrichten kommen aus den Argumenten oder, ohne Argumente, Zeile für
//! Zeile von der Tastatur (Strg+D beendet, unter Windows Strg+Z).
//!
//! Benutzt `UdpSocket::bind`, `send_to`, `connect`, `send` und `recv`.
//!
//! Terminal 1: cargo run --example udp_server
//! Terminal 2: cargo run --example udp_client
//!             cargo run --example udp_client -- 127.0.0.1:50000 "Hallo UDP" "Noch eins"
//!
//! `--verbunden`: `connect()` auf dem UDP-Socket, damit ein ICMP „Port nicht
//! erreichbar“ als Fehler ankommt (Linux/macOS `ConnectionRefused`, Windows
//! `ConnectionReset`); danach wartet der Client bis zu einer Sekunde darauf.
//! `--nummeriert N`: N Datagramme `Nachricht 1/N` … `Nachricht N/N` (ohne
//! Zeilenende), so schnell es geht; das Kapitel „Der Störsender“ nutzt das.

use std::io::{self, BufRead};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const AUFRUF: &str = "Aufruf: udp_client [ADRESSE] [NACHRICHT …] [--verbunden] [--nummeriert N]
  ADRESSE: HOST:PORT des Servers (Standard 127.0.0.1:50000). Jede NACHRICHT
  wird ein Datagramm; ohne Nachrichten liest der Client Zeilen von der Tastatur.
  -h, --help: diese Hilfe";
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Die größte Nutzlast eines UDP-Datagramms über IPv4: 65 535 Bytes passen in
/// ein IP-Paket, davon gehen 20 Bytes IP-Kopf und 8 Bytes UDP-Kopf ab.
const MAX_NUTZDATEN: usize = 65_535 - 20 - 8;
/// So lange wartet `--verbunden` nach der letzten Nachricht auf eine
/// ICMP-Fehlermeldung. Auf Loopback kommt sie nach Mikrosekunden.
const PRUEFZEIT: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ein falsches Argument: Meldung und Hilfe auf stderr, Exit-Code 2.
fn falsches_argument(meldung: String) -> ! {
    eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
    std::process::exit(2)
}

fn run() -> anyhow::Result<()> {
    let mut verbunden = false;
    let mut nummeriert = None;
    let mut positionen = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                zeile!("{AUFRUF}");
                return Ok(());
            }
            "--verbunden" => verbunden = true,
            "--nummeriert" => {
                let n = args.next().unwrap_or_default();
                let Ok(n) = n.parse::<u32>() else {
                    falsches_argument(format!(
                        "--nummeriert braucht eine Anzahl, etwa `--nummeriert 100`, nicht {n:?}"
                    ))
                };
                nummeriert = Some(n);
            }
            _ if arg.starts_with("--") => falsches_argument(format!("Unbekannt: {arg:?}")),
            _ => positionen.push(arg),
        }
    }
    let mut positionen = positionen.into_iter();
    let ziel_text = positionen
        .next()
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let nachrichten: Vec<Vec<u8>> = positionen.map(String::into_bytes).collect();
    let port = ziel_text
        .rsplit_once(':')
        .map(|(_, port)| port.parse::<u16>());
    if !matches!(port, Some(Ok(_))) {
        falsches_argument(format!(
            "Die ADRESSE {ziel_text:?} hat keinen gültigen Port. Erwartet wird HOST:PORT, \
             etwa {STANDARD_ADRESSE}; die Nachrichten folgen danach."
        ));
    }

    // ANCHOR: socket
    let ziel = loese_auf(&ziel_text)?;
    // Port 0: Das Betriebssystem wählt einen freien Absender-Port. Die
    // „unbestimmte“ Adresse 0.0.0.0 heißt hier: Das System nimmt die
    // Schnittstelle, über die das Ziel erreichbar ist.
    let lokal = match ziel.ip() {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    };
    let socket = UdpSocket::bind((lokal, 0)).context("Kann keinen UDP-Socket anlegen")?;
    if verbunden {
        // Bei UDP schickt connect() nichts los. Es merkt sich nur das Ziel und
        // lässt ab jetzt Fehlermeldungen (ICMP) für dieses Ziel zu uns durch.
        socket.connect(ziel).context("connect() ist gescheitert")?;
        zeile!("UDP-Socket mit {ziel} verbunden (connect, ohne Handschlag)");
    } else {
        zeile!("Sende an {ziel} (ohne Verbindung, UDP bestätigt nichts)");
    }
    // ANCHOR_END: socket

    let sender = Sender {
        socket,
        ziel,
        verbunden,
    };
    if let Some(n) = nummeriert {
        // ANCHOR: nummeriert
        for i in 1..=n {
            sender.sende(format!("Nachricht {i}/{n}").as_bytes())?;
        }
        zeile!("{n} nummerierte Datagramme gesendet");
        // ANCHOR_END: nummeriert
    } else if !nachrichten.is_empty() {
        for nachricht in &nachrichten {
            sender.sende(nachricht)?;
            zeile!("Gesendet: {} Bytes", nachricht.len());
        }
    } else {
        lies_und_sende(&sender)?;
    }
    if verbunden {
        sender.pruefe_auf_icmp_fehler()?;
    }
    Ok(())
}

/// Liest Zeilen von der Tastatur; jede wird ein Datagramm (auch eine leere).
fn lies_und_sende(sender: &Sender) -> anyhow::Result<()> {
    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("Nachricht: ");
        // Bytes statt String: Auch ungültiges UTF-8 geht unverändert hinaus.
        let mut zeile = Vec::new();
        if tastatur.read_until(b'\n', &mut zeile)? == 0 {
            zeile!();
            return Ok(());
        }
        let zeile = zeile.strip_suffix(b"\n").unwrap_or(&zeile);
        let zeile = zeile.strip_suffix(b"\r").unwrap_or(zeile);
        sender.sende(zeile)?;
        zeile!("Gesendet: {} Bytes", zeile.len());
    }
}

struct Sender {
    socket: UdpSocket,
    ziel: SocketAddr,
    verbunden: bool,
}

impl Sender {
    // ANCHOR: senden
    fn sende(&self, daten: &[u8]) -> anyhow::Result<()> {
        // Ein Aufruf, ein Datagramm. Ob ein Server lauscht, erfährt send_to()
        // nicht: Es gibt ab, sobald das Datagramm im Sendepuffer liegt.
        let ergebnis = if self.verbunden {
            self.socket.send(daten)
        } else {
            self.socket.send_to(daten, self.ziel)
        };
        match ergebnis {
            Ok(_) => Ok(()),
            Err(e) if ist_abgewiesen(&e) => Err(e).context(self.abgewiesen()),
            Err(e) if daten.len() > MAX_NUTZDATEN => Err(e).with_context(|| {
                format!(
                    "Das Datagramm hat {} Bytes. Über IPv4 passen höchstens {MAX_NUTZDATEN} Bytes \
                     Nutzdaten hinein (65 535 − 20 Bytes IP-Kopf − 8 Bytes UDP-Kopf)",
                    daten.len()
                )
            }),
            Err(e) => Err(e).with_context(|| format!("Senden an {} ist gescheitert", self.ziel)),
        }
    }
    // ANCHOR_END: senden

    // ANCHOR: pruefen
    /// Nur für einen verbundenen Socket: Kommt eine ICMP-Fehlermeldung zurück?
    fn pruefe_auf_icmp_fehler(&self) -> anyhow::Result<()> {
        self.socket.set_read_timeout(Some(PRUEFZEIT))?;
        let mut puffer = [0u8; 1024];
        match self.socket.recv(&mut puffer) {
            Ok(n) => {
                // Fremder Text: Steuerzeichen werden zu �, wie in gruppen_client.
                let text = String::from_utf8_lossy(&puffer[..n]).replace(char::is_control, "�");
                zeile!("Antwort vom Server: {text}");
                Ok(())
            }
            Err(e) if ist_abgewiesen(&e) => Err(e).context(self.abgewiesen()),
            // Unix meldet den Timeout als WouldBlock, Windows als TimedOut.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                zeile!(
                    "Keine Fehlermeldung innerhalb von {} s. Angekommen ist das Datagramm \
                     deshalb noch lange nicht: Gewissheit gibt erst eine Antwort.",
                    PRUEFZEIT.as_secs()
                );
                Ok(())
            }
            Err(e) => Err(e).context("recv() ist gescheitert"),
        }
    }
    // ANCHOR_END: pruefen

    fn abgewiesen(&self) -> String {
        format!(
            "Das Betriebssystem von {} meldet per ICMP „Port nicht erreichbar“: Dort lauscht \
             kein UDP-Server. Starte ihn zuerst mit `cargo run --example udp_server`",
            self.ziel
        )
    }
}

/// Ein ICMP „Port nicht erreichbar“ erscheint unter Linux und macOS als
/// ConnectionRefused, unter Windows als ConnectionReset.
fn ist_abgewiesen(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionReset
    )
}

fn loese_auf(ziel: &str) -> anyhow::Result<SocketAddr> {
    let mut adressen = ziel.to_socket_addrs().with_context(|| {
        format!(
            "Kann {ziel:?} nicht auflösen. Prüfe die Schreibweise, oder nimm eine \
             IP-Adresse wie {STANDARD_ADRESSE}"
        )
    })?;
    adressen
        .next()
        .with_context(|| format!("{ziel:?} ergibt keine Adresse"))
}

//! UDP-Server: empfängt Datagramme und gibt jedes als `[ABSENDER] text` aus.
//! Er antwortet nicht und läuft, bis du ihn mit Strg+C beendest. Das ist der
//! letzte Schritt nach `udp_server_schritt1` (dem Zwilling des
//! Python-Originals) und `udp_server_schritt2`.
//!
//! Benutzt `UdpSocket::bind` aus std und für den Empfang
//! `socket2::SockRef::recv_from_vectored`, weil nur diese Funktion verrät, ob
//! ein Datagramm abgeschnitten wurde (`RecvFlags::is_truncated`).
//!
//! Terminal 1: cargo run --example udp_server
//! Terminal 2: cargo run --example udp_client -- 127.0.0.1:50000 "Hallo UDP"
//!
//! Auf allen Netzwerkschnittstellen (bewusstes Opt-in, siehe Buch):
//!             cargo run --example udp_server -- 0.0.0.0:50000

use std::io;
use std::mem::MaybeUninit;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;

use anyhow::Context;
use socket2::{MaybeUninitSlice, SockRef};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Nur Programme auf diesem Rechner erreichen den Server (Loopback).
const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// So viele Bytes nimmt ein `recv_from` höchstens an – so viel wie
/// `recvfrom(1024)` im Python-Original und genug für eine Textzeile. Ein
/// längeres Datagramm wird abgeschnitten; wir melden das.
const PUFFER: usize = 1024;
const AUFRUF: &str = "Aufruf: udp_server [ADRESSE]

  ADRESSE     IP:PORT oder NAME:PORT, an die der Server bindet
              (Standard: 127.0.0.1:50000, Port 0: das System wählt)
  -h, --help  zeigt diese Hilfe";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let adresse = args.next().unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    if adresse == "--help" || adresse == "-h" {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let falsch = if let Some(zuviel) = args.next() {
        Some(format!(
            "Unerwartetes Argument {zuviel:?}: Der Server nimmt nur eine ADRESSE."
        ))
    } else if !hat_port(&adresse) {
        Some(format!(
            "Die ADRESSE {adresse:?} hat keinen gültigen Port. Erwartet wird IP:PORT, \
             etwa {STANDARD_ADRESSE}."
        ))
    } else {
        None
    };
    if let Some(meldung) = falsch {
        eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(&adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: &str) -> anyhow::Result<()> {
    let adresse: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| format!("Kann {adresse:?} nicht auflösen. Prüfe den Namen."))?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;

    // ANCHOR: binden
    // bind() reserviert Adresse und Port. Mehr braucht ein UDP-Server nicht:
    // kein listen(), kein accept(), denn es gibt keine Verbindungen.
    let socket = UdpSocket::bind(adresse).map_err(|e| bind_fehler(e, adresse))?;
    zeile!("UDP-Server empfängt auf {}", socket.local_addr()?);
    zeile!("Warte auf Datagramme (Strg+C beendet) …");
    // ANCHOR_END: binden

    // ANCHOR: empfangen
    let mut puffer = [0u8; PUFFER];
    loop {
        // Ein Aufruf liefert genau ein Datagramm, egal wie viele warten.
        let (n, abgeschnitten, absender) = match empfange(&socket, &mut puffer) {
            Ok(ergebnis) => ergebnis,
            // Windows meldet hier ConnectionReset, wenn ein früheres
            // Datagramm dieses Sockets ein ICMP „Port nicht erreichbar“
            // ausgelöst hat. Das betrifft nur dieses eine Datagramm.
            Err(e) if voruebergehend(&e) => {
                zeile!("(Empfangsfehler ignoriert: {e})");
                continue;
            }
            Err(e) => return Err(e).context("recv_from() ist gescheitert"),
        };
        // Ungültiges UTF-8 erscheint als �, Steuerzeichen als Escape-Folge
        // (siehe Schritt 2). Ein Zeilenende am Schluss (etwa von `nc -u`)
        // lassen wir vorher weg.
        let text = String::from_utf8_lossy(&puffer[..n]);
        let text = sichtbar(text.trim_end_matches(['\r', '\n']));
        if n == 0 {
            // Anders als bei TCP heißt 0 Bytes nicht „Ende“: Ein leeres
            // Datagramm ist eine gültige Nachricht.
            zeile!("[{absender}] (leeres Datagramm)");
        } else if abgeschnitten {
            zeile!("[{absender}] {text}");
            zeile!(
                "[{absender}] (abgeschnitten: Das Datagramm war länger als {PUFFER} Bytes, \
                 der Rest ist verloren)"
            );
        } else {
            zeile!("[{absender}] {text}");
        }
    }
    // ANCHOR_END: empfangen
}

// ANCHOR: abgeschnitten
/// Empfängt ein Datagramm in `puffer` und sagt, ob es abgeschnitten wurde.
///
/// `UdpSocket::recv_from` aus std verschweigt das. socket2 liefert mit
/// `recv_from_vectored` die Flags des Betriebssystems: unter Unix `MSG_TRUNC`,
/// unter Windows den Fehler `WSAEMSGSIZE` – beides wird zu `is_truncated()`.
fn empfange(socket: &UdpSocket, puffer: &mut [u8]) -> io::Result<(usize, bool, SocketAddr)> {
    // socket2 schreibt in Speicher, der noch nicht initialisiert sein muss,
    // daher der Typ `[MaybeUninit<u8>]`. Unser Puffer ist schon mit Nullen
    // gefüllt; die Umwandlung ist sicher, weil socket2 dort nur Bytes
    // hineinschreibt und nie etwas „ent-initialisiert“. socket2 macht es in
    // seiner eigenen `Read`-Implementierung genauso.
    let roh = unsafe { &mut *(puffer as *mut [u8] as *mut [MaybeUninit<u8>]) };
    let (n, flags, absender) =
        SockRef::from(socket).recv_from_vectored(&mut [MaybeUninitSlice::new(roh)])?;
    let absender = absender
        .as_socket()
        .ok_or_else(|| io::Error::other("Absender ist keine IP-Adresse"))?;
    Ok((n, flags.is_truncated(), absender))
}
// ANCHOR_END: abgeschnitten

// GLEICH: sichtbar – Steuerzeichen erscheinen als `\u{1b}`, `\n` …: niemand fälscht Zeilen im Log
fn sichtbar(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for zeichen in text.chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}
// GLEICH_ENDE: sichtbar

/// `IP:PORT` oder `NAME:PORT` mit einem Port von 0 bis 65535.
fn hat_port(adresse: &str) -> bool {
    adresse
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok())
}

/// Fehler, die nur ein Datagramm betreffen: weiter empfangen.
fn voruebergehend(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

// GLEICH: bind_fehler – deutsche Meldung mit Rat, wenn bind() scheitert
fn bind_fehler(e: io::Error, adresse: impl std::fmt::Display) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::AddrNotAvailable => "Diese IP-Adresse gehört nicht zu diesem Rechner.",
        io::ErrorKind::PermissionDenied => {
            "Ports unter 1024 darf unter Linux nur root (oder mit CAP_NET_BIND_SERVICE) binden."
        }
        _ => "Prüfe die Adresse: IP-Adresse und Port, etwa 127.0.0.1:5000.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}
// GLEICH_ENDE: bind_fehler

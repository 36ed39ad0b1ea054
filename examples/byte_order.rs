//! byte_order: Netzwerk-Byte-Order (Big Endian) mit `to_be_bytes` und
//! `from_be_bytes` – Rusts htons/htonl/ntohs/ntohl – und Nachrichten mit
//! Längenpräfix: 4 Bytes Länge (u32, Big Endian), dann die Nutzdaten.
//!
//! Ohne Argumente zeigt das Beispiel die Umwandlungen und einen Hexdump.
//!
//! Terminal 1: cargo run --example byte_order -- server
//! Terminal 2: cargo run --example byte_order -- client 127.0.0.1:6030 "Hallo" "Grüße"
//!
//! Benutzt `u16/u32::to_be_bytes`, `from_be_bytes`, `write_all`, `read_exact`.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:6030";
/// Längster Rahmen, den der Server annimmt. Ohne Grenze könnte ein Client
/// mit vier Bytes (0xFFFFFFFF) den Server 4 GiB Speicher anlegen lassen.
const MAX_RAHMEN: u32 = 64 * 1024;
/// Der Server bedient einen Client nach dem anderen: Wer so lange nichts schickt
/// oder keine Quittung abholt, wird getrennt, damit der nächste drankommt.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Kurzhilfe für `--help`.
const AUFRUF: &str =
    "Aufruf: cargo run --example byte_order [-- server [ADRESSE] | client [ADRESSE] TEXT …]

Ohne Argument: zeigt htons/htonl mit to_be_bytes und einen Rahmen.
server  Rahmen-Server (Standard 127.0.0.1:6030)
client  schickt jeden TEXT als Rahmen mit Längenpräfix";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let adresse = args.get(1).map_or(STANDARD_ADRESSE, String::as_str);
    let ergebnis = match args.first().map(String::as_str) {
        None => zeige_umwandlungen(),
        Some("server") => server(adresse),
        Some("client") => client(adresse, args.get(2..).unwrap_or_default()),
        Some("--help" | "-h") => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Some(anderes) => {
            eprintln!("Fehler: unbekannter Modus {anderes:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ergebnis {
        eprintln!("Fehler: {e:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

// ANCHOR: umwandeln
fn zeige_umwandlungen() -> anyhow::Result<()> {
    let port: u16 = 12345;
    let zahl: u32 = 0x0102_0304;
    // htons/htonl: Host → Netz. Das höchstwertige Byte kommt zuerst.
    zeile!("htons({port})         = {}", hex(&port.to_be_bytes()));
    zeile!("htonl(0x01020304)    = {}", hex(&zahl.to_be_bytes()));
    // So liegt die Zahl im Speicher dieses Rechners (x86 und ARM: Little Endian).
    zeile!("im Speicher hier     = {}", hex(&zahl.to_ne_bytes()));
    // ntohs/ntohl: Netz → Host.
    let (kurz, lang) = (
        u16::from_be_bytes([0x30, 0x39]),
        u32::from_be_bytes([0, 0, 1, 0]),
    );
    zeile!("ntohs([30 39])       = {kurz}");
    zeile!("ntohl([00 00 01 00]) = {lang}");
    let art = if cfg!(target_endian = "little") {
        "Little"
    } else {
        "Big"
    };
    zeile!("Dieser Rechner ist {art} Endian.");
    zeile!("Rahmen für \"Hallo\" auf der Leitung:");
    zeile!("{}", hex(&rahmen(b"Hallo")));
    Ok(())
}
// ANCHOR_END: umwandeln

// ANCHOR: rahmen
/// Ein Rahmen: 4 Bytes Länge in Netzwerk-Byte-Order, dann die Nutzdaten.
fn rahmen(nutzdaten: &[u8]) -> Vec<u8> {
    let laenge = u32::try_from(nutzdaten.len()).expect("Nutzdaten unter 4 GiB");
    let mut bytes = Vec::with_capacity(4 + nutzdaten.len());
    bytes.extend_from_slice(&laenge.to_be_bytes());
    bytes.extend_from_slice(nutzdaten);
    bytes
}

/// Liest einen Rahmen. `Ok(None)`: Die Gegenseite hat sauber zwischen zwei
/// Rahmen geschlossen.
fn lies_rahmen(leser: &mut impl Read) -> anyhow::Result<Option<Vec<u8>>> {
    let mut kopf = [0u8; 4];
    // Ein einzelnes read() kann 1 bis 4 Bytes liefern. Wir sammeln selbst,
    // um „sauber geschlossen“ (0 Bytes) von „mitten in der Länge“ zu trennen.
    let mut gelesen = 0;
    while gelesen < kopf.len() {
        match leser.read(&mut kopf[gelesen..]) {
            Ok(0) if gelesen == 0 => return Ok(None),
            Ok(0) => {
                bail!("Die Gegenseite hat mitten in der Länge geschlossen ({gelesen} von 4 Bytes)")
            }
            Ok(n) => gelesen += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                bail!("{TIMEOUT:?} lang kam nichts; getrennt")
            }
            Err(e) => return Err(e).context("Lesen der Länge ist gescheitert"),
        }
    }
    let laenge = u32::from_be_bytes(kopf);
    if laenge > MAX_RAHMEN {
        bail!(
            "Rahmen zu groß: {laenge} Bytes angekündigt (Kopf {}), erlaubt sind höchstens \
             {MAX_RAHMEN}. Sendet die Gegenseite wirklich Länge in Big Endian?",
            hex(&kopf)
        );
    }
    let mut nutzdaten = vec![0u8; laenge as usize];
    leser.read_exact(&mut nutzdaten).map_err(|e| {
        let grund = if e.kind() == io::ErrorKind::UnexpectedEof {
            format!("Die Gegenseite hat mitten im Rahmen geschlossen: {laenge} Bytes angekündigt")
        } else {
            "Lesen der Nutzdaten ist gescheitert".to_string()
        };
        anyhow::Error::new(e).context(grund)
    })?;
    Ok(Some(nutzdaten))
}
// ANCHOR_END: rahmen

// ANCHOR: server
fn server(adresse: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => {
                "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal?"
            }
            _ => "Prüfe die Adresse, etwa 127.0.0.1:6030.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    zeile!("Rahmen-Server lauscht auf {}", listener.local_addr()?);
    // Ein Client nach dem anderen; der Fehler eines Clients beendet nur
    // dessen Verbindung, nie den Server.
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE: kurz warten statt mit 100 % CPU neu zu scheitern.
                zeile!("accept() ist gescheitert: {e}");
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        zeile!("Verbunden mit {client}");
        match bediene(&verbindung) {
            Ok(anzahl) => zeile!("{client} hat nach {anzahl} Rahmen geschlossen"),
            Err(e) => {
                zeile!("{client}: Fehler: {e:#}");
                // Das Protokoll kennt keine Fehlermeldung: Der Client sieht ein
                // sauberes Ende (FIN); Ungelesenes verwerfen wir, sonst käme RST.
                let _ = verbindung.shutdown(Shutdown::Write);
                let _ = verbindung.set_read_timeout(Some(Duration::from_secs(1)));
                let _ = io::copy(&mut (&verbindung).take(2 << 20), &mut io::sink());
            }
        }
    }
}

fn bediene(verbindung: &TcpStream) -> anyhow::Result<usize> {
    verbindung.set_read_timeout(Some(TIMEOUT))?;
    // Liest der Client die Quittungen nie, sind irgendwann beide Puffer voll
    // und write_all wartet. Ohne Timeout für immer – und der Server bedient
    // einen Client nach dem anderen, also stünden alle anderen mit.
    verbindung.set_write_timeout(Some(TIMEOUT))?;
    let mut leser = io::BufReader::new(verbindung);
    let mut anzahl = 0;
    while let Some(nutzdaten) = lies_rahmen(&mut leser)? {
        anzahl += 1;
        // Ungültiges UTF-8 und Steuerzeichen (etwa ESC) erscheinen als �.
        let text = String::from_utf8_lossy(&nutzdaten).replace(char::is_control, "�");
        zeile!("Rahmen {anzahl}: {} Bytes: {text}", nutzdaten.len());
        // Als Quittung geht die Länge zurück, ebenfalls in Big Endian.
        let mut verbindung = verbindung;
        verbindung
            .write_all(&(nutzdaten.len() as u32).to_be_bytes())
            .context("Senden der Quittung ist gescheitert")?;
    }
    Ok(anzahl)
}
// ANCHOR_END: server

// ANCHOR: client
fn client(adresse: &str, texte: &[String]) -> anyhow::Result<()> {
    if texte.is_empty() {
        bail!("Gib mindestens einen Text an, etwa: byte_order client {adresse} \"Hallo\"");
    }
    let ziel: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| format!("Kann {adresse:?} nicht auflösen"))?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;
    let mut verbindung = TcpStream::connect(ziel).map_err(|e| {
        let rat = if e.kind() == io::ErrorKind::ConnectionRefused {
            "Dort lauscht kein Server. Starte zuerst in Terminal 1: \
             cargo run --example byte_order -- server"
        } else {
            "Prüfe Adresse und Port."
        };
        anyhow::Error::new(e).context(format!("Keine Verbindung zu {ziel}. {rat}"))
    })?;
    verbindung.set_read_timeout(Some(TIMEOUT))?;
    zeile!("Verbunden mit {ziel}");
    for text in texte {
        let bytes = rahmen(text.as_bytes());
        zeile!("Sende {text:?}: {}", hex(&bytes));
        verbindung.write_all(&bytes).context("Senden misslang")?;
        let mut quittung = [0u8; 4];
        verbindung
            .read_exact(&mut quittung)
            .context("Keine Quittung: Der Server hat die Verbindung beendet")?;
        let laenge = u32::from_be_bytes(quittung);
        zeile!("  Quittung: {} → {laenge} Bytes", hex(&quittung));
    }
    Ok(())
}
// ANCHOR_END: client

/// Bytes als Hex, je ein Leerzeichen dazwischen, wie in einem Hexdump.
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

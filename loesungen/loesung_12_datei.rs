//! Musterlösung zu Aufgabe 12 „Dateiübertragung mit Längenpräfix“: empfängt
//! Dateien in einem binären Protokoll mit Längen in Netzwerk-Byte-Order.
//!
//! Terminal 1: cargo run --example loesung_12_datei
//! Den passenden Client spielt der Prüfer; einen eigenen zu schreiben ist
//! die Zusatzaufgabe auf der Aufgabenseite.
//!
//! Anfrage: u16 Namenslänge | Name | u64 Datenlänge | Daten  (Big Endian)
//! Antwort: u8 Status (0 gespeichert, 1 Name ungültig, 2 zu groß) | u64 Bytes
//!
//! Prüfen: cargo run --bin pruefen -- 12 --beispiel loesung_12_datei

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:5112";
const STANDARD_ORDNER: &str = "empfangen";
/// Größte Datei, die wir annehmen.
const MAX_DATEI: u64 = 100 * 1024 * 1024;
const LESE_TIMEOUT: Duration = Duration::from_secs(30);

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
    let ordner =
        PathBuf::from(std::env::var("ZIELORDNER").unwrap_or_else(|_| STANDARD_ORDNER.into()));
    std::fs::create_dir_all(&ordner)
        .with_context(|| format!("Kann {} nicht anlegen", ordner.display()))?;
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let Ok(verbindung) = verbindung else { continue };
        if let Err(e) = empfange(verbindung, &ordner) {
            eprintln!("Ein Client: {e:#}");
        }
    }
    Ok(())
}

/// Erlaubt sind nur einfache Dateinamen: nichts, was aus dem Ordner führt.
fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.contains("..")
}

// ANCHOR: empfangen
fn empfange(mut v: TcpStream, ordner: &Path) -> anyhow::Result<()> {
    v.set_read_timeout(Some(LESE_TIMEOUT))?;
    // read_exact liest genau so viele Bytes, wie der Puffer fasst – egal, in
    // wie vielen TCP-Stücken sie ankommen.
    let mut zwei = [0u8; 2];
    v.read_exact(&mut zwei).context("Namenslänge fehlt")?;
    // Netzwerk-Byte-Order ist Big Endian: das höchstwertige Byte zuerst.
    let name_laenge = u16::from_be_bytes(zwei) as usize;
    let mut name = vec![0u8; name_laenge];
    v.read_exact(&mut name).context("Name unvollständig")?;
    let mut acht = [0u8; 8];
    v.read_exact(&mut acht).context("Datenlänge fehlt")?;
    let laenge = u64::from_be_bytes(acht);

    let name = String::from_utf8_lossy(&name).into_owned();
    if name_laenge > 255 || !name_ok(&name) {
        return antworte(&mut v, 1, 0);
    }
    if laenge > MAX_DATEI {
        return antworte(&mut v, 2, 0);
    }
    let pfad = ordner.join(&name);
    let mut datei = BufWriter::new(
        File::create(&pfad).with_context(|| format!("Kann {} nicht anlegen", pfad.display()))?,
    );
    // take(laenge): genau die angekündigten Bytes, keins mehr.
    let kopiert = io::copy(&mut (&mut v).take(laenge), &mut datei)?;
    datei.flush()?;
    if kopiert != laenge {
        drop(datei);
        let _ = std::fs::remove_file(&pfad);
        anyhow::bail!("Client hat nach {kopiert} von {laenge} Bytes aufgehört");
    }
    println!("{name}: {laenge} Bytes gespeichert");
    antworte(&mut v, 0, laenge)
}

fn antworte(v: &mut TcpStream, status: u8, bytes: u64) -> anyhow::Result<()> {
    let mut antwort = [0u8; 9];
    antwort[0] = status;
    antwort[1..].copy_from_slice(&bytes.to_be_bytes());
    v.write_all(&antwort).context("Antwort senden")?;
    Ok(())
}
// ANCHOR_END: empfangen

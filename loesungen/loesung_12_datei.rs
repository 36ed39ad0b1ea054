//! Musterlösung zu Aufgabe 12 „Dateiübertragung mit Längenpräfix“: empfängt
//! Dateien in einem binären Protokoll mit Längen in Netzwerk-Byte-Order.
//!
//! Terminal 1: cargo run --example loesung_12_datei
//! Den passenden Client spielt der Prüfer; einen eigenen zu schreiben ist
//! die Zusatzaufgabe auf der Aufgabenseite.
//!
//! Anfrage: u16 Namenslänge | Name | u64 Datenlänge | Daten  (Big Endian)
//! Antwort: u8 Status | u64 Bytes. Status: 0 gespeichert, 1 Name ungültig,
//! 2 zu groß, 3 Datei gibt es schon, 4 Ordner voll.
//!
//! Der Server bedient einen Client nach dem anderen; jeder hat eine Frist
//! (10 s Stille am Stück, 120 s insgesamt). Eine Datei erscheint erst unter
//! ihrem Namen, wenn sie vollständig ist: Bis dahin heißt sie `.teil-…`.
//!
//! Prüfen: cargo run --bin pruefen -- 12 --beispiel loesung_12_datei

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};

// GLEICH: zeile_ohne_panik
/// println! ohne Panik: Ist der Leser von stdout fort (`… | head -n 1`), endet
/// das Programm leise. Rust ignoriert SIGPIPE, also liefert write() BrokenPipe.
macro_rules! zeile {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}
// GLEICH_ENDE: zeile_ohne_panik

const STANDARD_ADRESSE: &str = "127.0.0.1:5112";
const STANDARD_ORDNER: &str = "empfangen";
/// Größte Datei, die wir annehmen.
const MAX_DATEI: u64 = 100 * 1024 * 1024;
/// Kontingent des Zielordners: so viele Dateien und so viele Bytes insgesamt.
const MAX_DATEIEN: usize = 1000;
const MAX_GESAMT: u64 = 1024 * 1024 * 1024;
/// So lange darf ein Client am Stück schweigen, so lange höchstens dauern.
const STILLE: Duration = Duration::from_secs(10);
const GESAMTFRIST: Duration = Duration::from_secs(120);
/// Nach einer Absage lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: usize = 64 * 1024;
const NACHLAUF_ZEIT: Duration = Duration::from_secs(1);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_12_datei -- [IP:PORT]
IP:PORT     Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5112
ZIELORDNER  Umgebungsvariable: wohin die Dateien kommen, Standard „empfangen“";

/// Die Statusbytes der Antwort.
const GESPEICHERT: u8 = 0;
const NAME_UNGUELTIG: u8 = 1;
const ZU_GROSS: u8 = 2;
const GIBT_ES_SCHON: u8 = 3;
const ORDNER_VOLL: u8 = 4;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let adresse = match lies_adresse(&args) {
        Ok(adresse) => adresse,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adresse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Die Adresse aus dem ersten Argument, sonst aus `ADRESSE`, sonst der Standard.
fn lies_adresse(args: &[String]) -> anyhow::Result<SocketAddr> {
    let text = match args {
        [] => std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string()),
        [eins] => eins.clone(),
        [_, zuviel, ..] => bail!("Unerwartetes Argument „{zuviel}“"),
    };
    if text.starts_with('-') {
        bail!("Unbekannter Schalter „{text}“");
    }
    text.parse()
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5112"))
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let ordner =
        PathBuf::from(std::env::var("ZIELORDNER").unwrap_or_else(|_| STANDARD_ORDNER.into()));
    std::fs::create_dir_all(&ordner)
        .with_context(|| format!("Kann {} nicht anlegen", ordner.display()))?;
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    loop {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert ({e}), neuer Versuch gleich");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        if let Err(e) = empfange(&verbindung, &ordner) {
            let grund = match e.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => "zu lange still".into(),
                io::ErrorKind::UnexpectedEof => "hat vor dem Ende aufgehört".into(),
                _ => e.to_string(),
            };
            zeile!("{client}: abgebrochen, {grund}; nichts gespeichert");
        }
    }
}

/// Erlaubt sind nur einfache Dateinamen: nichts, was aus dem Ordner führt
/// (`/`, `\`, `..`, unter Windows auch `C:x`), und keine Steuerzeichen (ESC,
/// Zeilenumbrüche, NUL), die im Terminal oder in Protokollen Unfug treiben.
fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && !name.contains("..")
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control)
}

/// Anzahl und Gesamtgröße der Dateien im Ordner (für das Kontingent).
fn belegt(ordner: &Path) -> io::Result<(usize, u64)> {
    let (mut anzahl, mut bytes) = (0, 0);
    for eintrag in std::fs::read_dir(ordner)? {
        anzahl += 1;
        bytes += eintrag?.metadata().map(|m| m.len()).unwrap_or(0);
    }
    Ok((anzahl, bytes))
}

// ANCHOR: empfangen
fn empfange(mut v: &TcpStream, ordner: &Path) -> io::Result<()> {
    let ende = Instant::now() + GESAMTFRIST;
    // Ein Feld genau lesen – egal, in wie vielen TCP-Stücken es ankommt.
    let mut lies_genau = |puffer: &mut [u8]| -> io::Result<()> {
        v.set_read_timeout(Some(frist(ende)?))?;
        v.read_exact(puffer)
    };
    let mut zwei = [0u8; 2];
    lies_genau(&mut zwei)?;
    // Netzwerk-Byte-Order ist Big Endian: das höchstwertige Byte zuerst.
    let mut name = vec![0u8; u16::from_be_bytes(zwei) as usize];
    lies_genau(&mut name)?;
    let mut acht = [0u8; 8];
    lies_genau(&mut acht)?;
    let laenge = u64::from_be_bytes(acht);

    // Prüfen, bevor ein einziges Datenbyte gelesen wird.
    let Some(name) = String::from_utf8(name).ok().filter(|n| name_ok(n)) else {
        zeile!("Ungültiger Name abgelehnt");
        return verabschiede(v, NAME_UNGUELTIG, 0);
    };
    if laenge > MAX_DATEI {
        return verabschiede(v, ZU_GROSS, 0);
    }
    let ziel = ordner.join(&name);
    if ziel.exists() {
        return verabschiede(v, GIBT_ES_SCHON, 0);
    }
    let (anzahl, bytes) = belegt(ordner)?;
    if anzahl >= MAX_DATEIEN || bytes.saturating_add(laenge) > MAX_GESAMT {
        return verabschiede(v, ORDNER_VOLL, 0);
    }

    // Erst unter einem Zwischennamen schreiben, dann umbenennen: Bricht der
    // Client ab, bleibt keine halbe Datei unter dem richtigen Namen liegen.
    let (teil, mut datei) = neue_teildatei(ordner)?;
    let ergebnis = kopiere(&mut v, &mut datei, laenge, ende);
    drop(datei);
    if let Err(e) = ergebnis.and_then(|()| std::fs::rename(&teil, &ziel)) {
        let _ = std::fs::remove_file(&teil);
        return Err(e);
    }
    zeile!("{name}: {laenge} Bytes gespeichert");
    verabschiede(v, GESPEICHERT, laenge)
}

/// Kopiert genau `laenge` Bytes vom Client in die Datei, mit Frist.
fn kopiere(v: &mut &TcpStream, datei: &mut File, laenge: u64, ende: Instant) -> io::Result<()> {
    let mut puffer = vec![0u8; 64 * 1024];
    let mut offen = laenge;
    while offen > 0 {
        v.set_read_timeout(Some(frist(ende)?))?;
        let stueck = puffer
            .len()
            .min(usize::try_from(offen).unwrap_or(usize::MAX));
        match v.read(&mut puffer[..stueck]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                datei.write_all(&puffer[..n])?;
                offen -= n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    datei.sync_all()
}
// ANCHOR_END: empfangen

/// Der Rest der Gesamtfrist, höchstens STILLE; abgelaufen ist ein Timeout.
fn frist(ende: Instant) -> io::Result<Duration> {
    let rest = ende.saturating_duration_since(Instant::now()).min(STILLE);
    if rest.is_zero() {
        return Err(io::ErrorKind::TimedOut.into());
    }
    Ok(rest)
}

/// Legt `.teil-N` neu an (`create_new`: nie eine vorhandene Datei überschreiben).
fn neue_teildatei(ordner: &Path) -> io::Result<(PathBuf, File)> {
    for nummer in 0..1000 {
        let pfad = ordner.join(format!(".teil-{}-{nummer}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&pfad) {
            Ok(datei) => return Ok((pfad, datei)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("kein freier Zwischenname"))
}

/// Antwort (9 Bytes) senden, `shutdown(Write)`, begrenzt abfließen lassen:
/// So kommt auch eine Absage an, während der Client noch Daten schickt,
/// statt eines Resets.
fn verabschiede(mut v: &TcpStream, status: u8, bytes: u64) -> io::Result<()> {
    let mut antwort = [0u8; 9];
    antwort[0] = status;
    antwort[1..].copy_from_slice(&bytes.to_be_bytes());
    v.set_write_timeout(Some(STILLE))?;
    v.write_all(&antwort)?;
    v.shutdown(Shutdown::Write)?;
    let ende = Instant::now() + NACHLAUF_ZEIT;
    let (mut muell, mut gelesen) = ([0u8; 4096], 0);
    while gelesen < NACHLAUF_BYTES {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || v.set_read_timeout(Some(rest)).is_err() {
            break;
        }
        match v.read(&mut muell) {
            Ok(0) => break,
            Ok(n) => gelesen += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    Ok(())
}

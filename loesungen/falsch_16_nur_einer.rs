//! Absichtlich falsch (Aufgabe 16): bedient einen einzigen Client und endet
//! dann. Ein Server bleibt für den nächsten da. Der Prüfer meldet „Bleibt für
//! weitere Clients da“ mit ✗.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5116";
/// Größter Kopf einer Anfrage.
const MAX_KOPF: usize = 8192;
/// Der ganze Kopf muss in dieser Frist ankommen – auch wer Byte für Byte
/// tröpfelt (Slowloris), hält den Server nicht länger auf. Der Server bedient
/// einen Client nach dem anderen.
const KOPF_FRIST: Duration = Duration::from_secs(10);
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
/// Nach der Antwort lesen wir höchstens so viel und so lange weg.
const NACHLAUF_BYTES: u64 = 1 << 20;
const NACHLAUF_ZEIT: Duration = Duration::from_millis(200);
const EINGEBAUT: &str = "<!DOCTYPE html>\n<html lang=\"de\"><meta charset=\"utf-8\">\
<title>Hallo</title><h1>Hallo aus Rust!</h1></html>\n";
const AUFRUF: &str = "Aufruf: cargo run --example falsch_16_nur_einer -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5116
SEITE    Umgebungsvariable: Datei, die unter / ausgeliefert wird";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
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
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
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
        .map_err(|_| anyhow!("„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5116"))
}

fn run(adresse: SocketAddr) -> anyhow::Result<()> {
    let seite = match std::env::var("SEITE") {
        Ok(pfad) => {
            std::fs::read(&pfad).with_context(|| format!("Kann die Seite {pfad} nicht lesen"))?
        }
        Err(_) => EINGEBAUT.as_bytes().to_vec(),
    };
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    let mut aus = io::stdout();
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;
    // Der Fehler: nur ein Client, dann endet das Programm.
    for _ in 0..1 {
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
                eprintln!("accept() ist gescheitert ({e}), neuer Versuch gleich");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        match bediene(&verbindung, &seite) {
            Ok(status) => writeln!(aus, "{client}: {status}")?,
            Err(e) => writeln!(aus, "{client}: abgebrochen ({e})")?,
        }
    }
    Ok(())
}

/// Liest mit einer Gesamtfrist: Vor jedem read() wird der Rest als Timeout
/// gesetzt, einzelne Bytes verlängern sie nicht.
struct MitFrist<'a> {
    verbindung: &'a TcpStream,
    ende: Instant,
}

impl Read for MitFrist<'_> {
    fn read(&mut self, puffer: &mut [u8]) -> io::Result<usize> {
        let rest = self.ende.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.verbindung.set_read_timeout(Some(rest))?;
        self.verbindung.read(puffer)
    }
}

/// Liest den Kopf bis zur Leerzeile. `None`: zu groß. Ein Timeout (Unix:
/// WouldBlock, Windows: TimedOut) kommt als Fehler zurück.
fn lies_kopf(verbindung: &TcpStream) -> io::Result<Option<Vec<String>>> {
    let mit_frist = MitFrist {
        verbindung,
        ende: Instant::now() + KOPF_FRIST,
    };
    let mut leser = BufReader::new(mit_frist).take(MAX_KOPF as u64);
    let mut zeilen = Vec::new();
    loop {
        let mut zeile = Vec::new();
        leser.read_until(b'\n', &mut zeile)?;
        if !zeile.ends_with(b"\n") {
            // Grenze erreicht oder Client fertig ohne Leerzeile.
            return Ok(if leser.limit() == 0 {
                None
            } else {
                Some(zeilen)
            });
        }
        let text = String::from_utf8_lossy(&zeile).trim_end().to_string();
        if text.is_empty() {
            return Ok(Some(zeilen));
        }
        zeilen.push(text);
    }
}

fn bediene(verbindung: &TcpStream, seite: &[u8]) -> io::Result<&'static str> {
    let kopf = match lies_kopf(verbindung) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            // Der Client war zu langsam: 408 sagt es ihm, bevor wir schließen.
            return antworte(verbindung, "408 Request Timeout", "", b"Zu langsam\n");
        }
        anders => anders?,
    };
    let (status, extra, inhalt): (&str, &str, &[u8]) = match kopf {
        None => (
            "431 Request Header Fields Too Large",
            "",
            b"Kopf zu gross\n",
        ),
        Some(kopf) => {
            let erste = kopf.first().map(String::as_str).unwrap_or("");
            match erste.split(' ').collect::<Vec<_>>().as_slice() {
                ["GET", "/" | "/index.html", v] if v.starts_with("HTTP/") => ("200 OK", "", seite),
                ["GET", _, v] if v.starts_with("HTTP/") => {
                    ("404 Not Found", "", b"Nicht gefunden\n")
                }
                [_, _, v] if v.starts_with("HTTP/") => {
                    ("405 Method Not Allowed", "Allow: GET\r\n", b"Nur GET\n")
                }
                _ => ("400 Bad Request", "", b"Kaputte Anfrage\n"),
            }
        }
    };
    antworte(verbindung, status, extra, inhalt)
}

fn antworte(
    verbindung: &TcpStream,
    status: &'static str,
    extra: &str,
    inhalt: &[u8],
) -> io::Result<&'static str> {
    let typ = if status.starts_with("200") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    // Content-Length zählt Bytes, nicht Zeichen.
    let kopf = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {typ}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        inhalt.len()
    );
    let mut schreiber = verbindung;
    schreiber.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    // write_all wiederholt write(), bis alles beim Betriebssystem ist.
    schreiber.write_all(kopf.as_bytes())?;
    schreiber.write_all(inhalt)?;
    // Nur unsere Richtung schließen und kurz lesen, was der Client noch
    // schickt: Schließt man mit ungelesenen Daten, sendet das System ein RST,
    // und der Client verliert womöglich die Antwort.
    schreiber.shutdown(Shutdown::Write)?;
    verbindung.set_read_timeout(Some(NACHLAUF_ZEIT))?;
    let _ = io::copy(&mut (&mut schreiber).take(NACHLAUF_BYTES), &mut io::sink());
    Ok(status)
}

/// Schreibt das Programm in eine Pipe, deren Leser schon fort ist?
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|u| {
        u.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

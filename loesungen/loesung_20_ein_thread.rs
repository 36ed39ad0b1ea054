//! Musterlösung zu Aufgabe 20 „Viele Clients, ein Thread“: ein einziger
//! Thread, `mio::Poll` meldet, welche Verbindung lesbar oder schreibbar ist.
//!
//! Jede Verbindung hat zwei Puffer: was angekommen ist (bis zum `\n`) und was
//! noch hinaus muss. Nichts blockiert: Ein stiller Client hat einfach keine
//! Ereignisse, die anderen laufen weiter. Jede Zeile kommt in Großbuchstaben
//! (nur a–z) zurück. Eine Zeile über 1024 Bytes bekommt `! Zeile zu lang`,
//! dann trennt der Server nur diesen Client.
//!
//! Terminal 1: cargo run --example loesung_20_ein_thread
//! Terminal 2: nc 127.0.0.1 5120
//!
//! Prüfen: cargo run --bin pruefen -- 20 --beispiel loesung_20_ein_thread

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::process::ExitCode;

use anyhow::Context;
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

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

const STANDARD_ADRESSE: &str = "127.0.0.1:5120";
/// Längste Zeile in Bytes (ohne `\n`).
const MAX_ZEILE: usize = 1024;
/// Liegt so viel Antwort im Ausgangspuffer, liest der Server von diesem
/// Client erst weiter, wenn er abgeholt hat (kein Speicher ohne Grenze).
const MAX_AUSGANG: usize = 64 * 1024;
/// Höchstens so viele Clients gleichzeitig (weit unter der Grenze für
/// offene Dateien: Linux meist 1024, macOS 256).
const MAX_CLIENTS: usize = 900;
const LAUSCHER: Token = Token(usize::MAX);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_20_ein_thread -- [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5120";

/// Eine Verbindung mit ihren beiden Puffern.
struct Client {
    verbindung: TcpStream,
    eingang: Vec<u8>,
    ausgang: Vec<u8>,
    /// Nach `! Zeile zu lang`: nur noch den Ausgang leeren, dann schließen.
    schliessen: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    if let Some(falsch) = args.iter().find(|a| a.starts_with('-')).or(args.get(1)) {
        eprintln!("Fehler: Unerwartetes Argument „{falsch}“\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(args.first().cloned()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(arg: Option<String>) -> anyhow::Result<()> {
    let text = arg
        .or_else(|| std::env::var("ADRESSE").ok())
        .unwrap_or_else(|| STANDARD_ADRESSE.to_string());
    let adresse: SocketAddr = text
        .parse()
        .with_context(|| format!("„{text}“ ist keine Adresse wie 127.0.0.1:5120"))?;
    let mut lauscher = TcpListener::bind(adresse).with_context(|| {
        format!("Kann {adresse} nicht binden – ist der Port schon belegt? Nimm einen anderen.")
    })?;
    zeile!("Server lauscht auf {}", lauscher.local_addr()?);

    let mut poll = Poll::new().context("Poll anlegen")?;
    poll.registry()
        .register(&mut lauscher, LAUSCHER, Interest::READABLE)?;
    let mut clients: HashMap<Token, Client> = HashMap::new();
    let mut naechste = 0usize;
    let mut events = Events::with_capacity(256);
    loop {
        if let Err(e) = poll.poll(&mut events, None) {
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e).context("poll");
        }
        for event in &events {
            if event.token() == LAUSCHER {
                nimm_alle_an(&lauscher, &poll, &mut clients, &mut naechste);
                continue;
            }
            let token = event.token();
            let Some(client) = clients.get_mut(&token) else {
                continue;
            };
            // ANCHOR: schleife
            let weiter = bediene(client);
            if weiter {
                let interesse = if client.ausgang.is_empty() {
                    Interest::READABLE
                } else {
                    Interest::READABLE | Interest::WRITABLE
                };
                let _ = poll
                    .registry()
                    .reregister(&mut client.verbindung, token, interesse);
            } else if let Some(mut weg) = clients.remove(&token) {
                let _ = poll.registry().deregister(&mut weg.verbindung);
            }
            // ANCHOR_END: schleife
        }
    }
}

/// Nimmt an, bis `accept` WouldBlock meldet (Kanten-Auslösung: sonst kommt
/// für die übrigen wartenden Verbindungen kein neues Ereignis).
fn nimm_alle_an(
    lauscher: &TcpListener,
    poll: &Poll,
    clients: &mut HashMap<Token, Client>,
    naechste: &mut usize,
) {
    loop {
        match lauscher.accept() {
            Ok((mut verbindung, _)) => {
                if clients.len() >= MAX_CLIENTS {
                    let _ = verbindung.write(b"! Zu viele Clients\n");
                    continue;
                }
                let token = Token(*naechste);
                *naechste = naechste.wrapping_add(1) % (usize::MAX - 1);
                if poll
                    .registry()
                    .register(&mut verbindung, token, Interest::READABLE)
                    .is_ok()
                {
                    let client = Client {
                        verbindung,
                        eingang: Vec::new(),
                        ausgang: Vec::new(),
                        schliessen: false,
                    };
                    clients.insert(token, client);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // Etwa EMFILE: diesen Durchgang beenden, der Server läuft weiter.
            Err(e) => {
                eprintln!("accept: {e}");
                return;
            }
        }
    }
}

// ANCHOR: bediene
/// Liest und schreibt, bis WouldBlock kommt. `false`: Verbindung schließen.
fn bediene(client: &mut Client) -> bool {
    let mut puffer = [0u8; 4096];
    loop {
        // Lesen, solange der Ausgangspuffer Platz hat.
        let mut alles_gelesen = false;
        while !client.schliessen && client.ausgang.len() < MAX_AUSGANG {
            match client.verbindung.read(&mut puffer) {
                Ok(0) => return false,
                Ok(n) => {
                    client.eingang.extend_from_slice(&puffer[..n]);
                    beantworte_zeilen(client);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    alles_gelesen = true;
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        // Schreiben, bis der Ausgang leer ist oder der Socket voll.
        while !client.ausgang.is_empty() {
            match client.verbindung.write(&client.ausgang) {
                Ok(0) => return false,
                Ok(n) => {
                    client.ausgang.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        if client.schliessen {
            // Die Meldung ist hinaus: Ende signalisieren, liegen gebliebene
            // Eingabe (höchstens ein Puffer voll) wegwerfen, dann schließen.
            let _ = client.verbindung.shutdown(Shutdown::Write);
            let _ = client.verbindung.read(&mut puffer);
            return false;
        }
        // Kanten-Auslösung: Ohne WouldBlock beim Lesen käme kein neues
        // Ereignis für Daten, die schon im Kernel liegen.
        if alles_gelesen {
            return true;
        }
    }
}

// ANCHOR_END: bediene

/// Nimmt jede vollständige Zeile aus dem Eingang und legt die Antwort (in
/// Großbuchstaben) in den Ausgang.
fn beantworte_zeilen(client: &mut Client) {
    while let Some(pos) = client.eingang.iter().position(|&b| b == b'\n') {
        if pos > MAX_ZEILE {
            zu_lang(client);
            return;
        }
        let zeile: Vec<u8> = client.eingang.drain(..=pos).collect();
        let mut antwort = zeile.to_ascii_uppercase();
        if antwort.ends_with(b"\r\n") {
            antwort.truncate(antwort.len() - 2);
            antwort.push(b'\n');
        }
        client.ausgang.extend_from_slice(&antwort);
    }
    if client.eingang.len() > MAX_ZEILE {
        zu_lang(client);
    }
}

fn zu_lang(client: &mut Client) {
    client.ausgang.extend_from_slice(b"! Zeile zu lang\n");
    client.eingang.clear();
    client.schliessen = true;
}

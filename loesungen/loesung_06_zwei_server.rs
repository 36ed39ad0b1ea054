//! Musterlösung zu Aufgabe 06 „Zwei Server, ein Client“: liest von zwei
//! Servern gleichzeitig, ohne auf einen von beiden zu warten.
//!
//! Terminal 1: cargo run --example loesung_03_echo -- 127.0.0.1:5103
//! Terminal 2: cargo run --example loesung_05_summe -- 127.0.0.1:5105
//! Terminal 3: cargo run --example loesung_06_zwei_server -- 127.0.0.1:5103 127.0.0.1:5105
//!
//! Prüfen: cargo run --bin pruefen -- 06 --beispiel loesung_06_zwei_server

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// Längste Zeile, die wir puffern.
const MAX_ZEILE: usize = 64 * 1024;
/// So lange darf der Verbindungsaufbau zu einem Server dauern.
const VERBINDEN: Duration = Duration::from_secs(3);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_06_zwei_server -- ADRESSE_A ADRESSE_B
ADRESSE_A, ADRESSE_B  die beiden Server als IP:PORT, etwa 127.0.0.1:5103 127.0.0.1:5105";

fn main() -> ExitCode {
    let adressen = match lies_argumente() {
        Ok(Some(adressen)) => adressen,
        Ok(None) => {
            println!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(adressen) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Ein Server mit seinem eigenen Puffer für angefangene Zeilen.
struct Quelle {
    name: &'static str,
    strom: TcpStream,
    puffer: Vec<u8>,
    offen: bool,
}

/// Liest `ADRESSE_A ADRESSE_B`; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> anyhow::Result<Option<[SocketAddr; 2]>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(None);
    }
    if let Some(schalter) = args.iter().find(|a| a.starts_with('-')) {
        bail!("Unbekannter Schalter {schalter:?}");
    }
    let [a, b] = args.as_slice() else {
        bail!("Erwartet genau zwei Adressen, bekommen: {}", args.len());
    };
    let adresse = |text: &String| {
        (text.to_socket_addrs().ok())
            .and_then(|mut a| a.next())
            .with_context(|| format!("Adresse {text:?}: erwartet IP:PORT, etwa 127.0.0.1:5103"))
    };
    Ok(Some([adresse(a)?, adresse(b)?]))
}

fn run([a, b]: [SocketAddr; 2]) -> anyhow::Result<()> {
    let mut quellen = Vec::new();
    for (name, adresse) in [("A", a), ("B", b)] {
        let strom = TcpStream::connect_timeout(&adresse, VERBINDEN)
            .with_context(|| format!("Keine Verbindung zu Server {name} ({adresse}). Läuft er?"))?;
        // ANCHOR: umschalten
        // Ab jetzt kehrt read() sofort zurück: mit Daten oder mit WouldBlock.
        strom.set_nonblocking(true)?;
        // ANCHOR_END: umschalten
        quellen.push(Quelle {
            name,
            strom,
            puffer: Vec::new(),
            offen: true,
        });
    }
    let mut aus = io::stdout();
    writeln!(aus, "Verbunden mit 2 Servern")?;

    // ANCHOR: schleife
    while quellen.iter().any(|q| q.offen) {
        let mut etwas_passiert = false;
        for q in quellen.iter_mut().filter(|q| q.offen) {
            etwas_passiert |= lies_was_da_ist(q)?;
        }
        if !etwas_passiert {
            // Abkürzung: kurz schlafen statt echt zu warten. Wie man auf
            // mehrere Sockets zugleich wartet, zeigt das Kapitel über Polling.
            thread::sleep(Duration::from_millis(5));
        }
    }
    // ANCHOR_END: schleife
    writeln!(aus, "Fertig")?;
    Ok(())
}

// ANCHOR: lesen
/// Liest, bis WouldBlock kommt, und gibt jede vollständige Zeile aus.
/// Liefert `true`, wenn etwas gelesen wurde.
fn lies_was_da_ist(q: &mut Quelle) -> anyhow::Result<bool> {
    let mut tmp = [0u8; 4096];
    let mut gelesen = false;
    loop {
        match q.strom.read(&mut tmp) {
            Ok(0) => {
                // 0 Bytes: Der Server hat geschlossen.
                q.offen = false;
                if !q.puffer.is_empty() {
                    writeln!(io::stdout(), "{}: {}", q.name, sichtbar(&q.puffer))?;
                }
                return Ok(true);
            }
            Ok(n) => {
                gelesen = true;
                q.puffer.extend_from_slice(&tmp[..n]);
                // Erst ganze Zeilen in Text wandeln: ein „ü“ kann auf zwei
                // read()-Aufrufe verteilt ankommen.
                while let Some(pos) = q.puffer.iter().position(|&b| b == b'\n') {
                    let zeile: Vec<u8> = q.puffer.drain(..=pos).collect();
                    let zeile = zeile[..pos].strip_suffix(b"\r").unwrap_or(&zeile[..pos]);
                    writeln!(io::stdout(), "{}: {}", q.name, sichtbar(zeile))?;
                }
                if q.puffer.len() > MAX_ZEILE {
                    bail!(
                        "Server {} schickt eine Zeile über {MAX_ZEILE} Bytes",
                        q.name
                    );
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(gelesen),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("Lesen von Server {}", q.name)),
        }
    }
}
// ANCHOR_END: lesen

/// Text eines Servers fürs Terminal: ungültiges UTF-8 als �, Steuerzeichen
/// (ESC, das dein Terminal löschen könnte, `\r` …) als `\u{1b}`, `\r`.
fn sichtbar(bytes: &[u8]) -> String {
    let mut aus = String::new();
    for zeichen in String::from_utf8_lossy(bytes).chars() {
        if zeichen.is_control() {
            aus.extend(zeichen.escape_default());
        } else {
            aus.push(zeichen);
        }
    }
    aus
}

/// Ist der Leser unserer Ausgabe fort (`… | head -n 1`)? Rust ignoriert SIGPIPE, also
/// liefert write() BrokenPipe; println! geriete in Panik, writeln! reicht es weiter.
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    let gebrochen = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    e.chain().any(|u| u.downcast_ref().is_some_and(gebrochen))
}

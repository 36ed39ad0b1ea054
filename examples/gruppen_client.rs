//! Gruppenchat, Client: liest gleichzeitig von der Tastatur und vom Server.
//! Ein Lese-Thread zeigt jede Zeile des Servers an, sobald sie eintrifft; der
//! Haupt-Thread schickt, was du tippst. `/quit` (oder Strg+D) beendet.
//!
//! Benutzt `TcpStream::connect`, `thread::spawn`, `BufRead::read_until` und
//! `shutdown(Write)`; nur die Standardbibliothek.
//!
//! Terminal 1: cargo run --example threaded_server      (oder poll_server)
//! Terminal 2: cargo run --example gruppen_client
//! Terminal 3: cargo run --example gruppen_client
//! Für poll_server: cargo run --example gruppen_client -- 127.0.0.1:6001

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::ExitCode;
use std::thread;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "localhost:6000";
/// Längste Zeile, die wir senden: 1024 Bytes mit `\n` (Protokoll).
const MAX_ZEILE: usize = 1024;
/// Zeilen vom Server dürfen länger sein: Name + 1023 Bytes, die als � (3 Bytes) ankommen können.
const MAX_SERVERZEILE: usize = 4096;
const ENDE: &str = "/quit";
const AUFRUF: &str = "Aufruf: gruppen_client [ADRESSE]\n  \
    ADRESSE  der Server, Standard localhost:6000 (poll_server: 127.0.0.1:6001)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Mehr als eine Adresse, oder eine Option, die es nicht gibt.
    if let Some(falsch) = args.iter().find(|a| a.starts_with('-')).or(args.get(1)) {
        eprintln!("Fehler: unbekanntes Argument {falsch:?}\n{AUFRUF}");
        return ExitCode::from(2);
    }
    match run(args.first().map_or(STANDARD_ADRESSE, String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(adresse: &str) -> anyhow::Result<()> {
    // ANCHOR: verbinden
    let verbindung = TcpStream::connect(adresse).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::ConnectionRefused => {
                "Dort lauscht kein Server. Starte ihn zuerst in Terminal 1 mit \
                 `cargo run --example threaded_server`"
            }
            io::ErrorKind::TimedOut => "Der Rechner antwortet nicht. Stimmt die Adresse?",
            _ => "Prüfe die Adresse, etwa localhost:6000",
        };
        anyhow::Error::new(e).context(format!("Keine Verbindung zu {adresse}. {rat}"))
    })?;
    zeile!(
        "Verbunden mit {}. Nachrichten erscheinen, sobald sie kommen; /quit beendet.",
        verbindung.peer_addr()?
    );
    // ANCHOR_END: verbinden

    // ANCHOR: lesethread
    // Ein zweiter Griff auf denselben Socket (dup(2)): Der Lese-Thread besitzt
    // ihn, der Haupt-Thread schreibt über den ersten.
    let zum_lesen = verbindung
        .try_clone()
        .context("Socket lässt sich nicht teilen")?;
    let leser = thread::spawn(move || {
        let ergebnis = zeige_serverzeilen(zum_lesen);
        // Die Tastatur lässt sich nicht portabel unterbrechen: Der Haupt-Thread
        // hängt womöglich in read_line. Also beendet dieser Thread das Programm.
        match ergebnis {
            Ok(()) => std::process::exit(0),
            Err(e) => {
                eprintln!("Fehler: {e:#}");
                std::process::exit(1)
            }
        }
    });
    // ANCHOR_END: lesethread

    // ANCHOR: tastatur
    let mut zeile = String::new();
    let mut tastatur = io::stdin().lock();
    loop {
        zeile.clear();
        let n = tastatur
            .read_line(&mut zeile)
            .context("Lesen von der Tastatur ist gescheitert")?;
        // Strg+D (Windows: Strg+Z, Enter) wirkt wie /quit.
        let text = if n == 0 {
            ENDE
        } else {
            zeile.trim_end_matches(['\n', '\r'])
        };
        if text.len() + 1 > MAX_ZEILE {
            zeile!(
                "Zu lang: höchstens {} Bytes pro Zeile. Nicht gesendet.",
                MAX_ZEILE - 1
            );
            continue;
        }
        (&verbindung)
            .write_all(format!("{text}\n").as_bytes())
            .context("Senden ist gescheitert: Der Server ist nicht mehr erreichbar")?;
        if text == ENDE {
            break;
        }
    }
    // FIN schicken: „von mir kommt nichts mehr“. Der Server antwortet mit
    // `* Tschüss!` und schließt; dann beendet der Lese-Thread das Programm.
    let _ = verbindung.shutdown(Shutdown::Write);
    let _ = leser.join();
    Ok(())
    // ANCHOR_END: tastatur
}

// ANCHOR: serverzeilen
/// Zeigt jede Zeile des Servers. `Ok` heißt: Der Server hat sich verabschiedet
/// (`* Tschüss!`, `* Server wird beendet` oder `! …`) und dann geschlossen.
fn zeige_serverzeilen(verbindung: TcpStream) -> anyhow::Result<()> {
    let mut vom_server = BufReader::new(verbindung);
    let mut bytes = Vec::new();
    let mut verabschiedet = false;
    loop {
        bytes.clear();
        let n = (&mut vom_server)
            .take(MAX_SERVERZEILE as u64)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| {
                let was = match e.kind() {
                    io::ErrorKind::ConnectionReset => "Der Server hat die Verbindung abgebrochen",
                    _ => "Lesen vom Server ist gescheitert",
                };
                anyhow::Error::new(e).context(was)
            })?;
        if n == 0 && verabschiedet {
            zeile!("Der Server hat die Verbindung geschlossen.");
            return Ok(());
        }
        if n == 0 {
            anyhow::bail!(
                "Der Server hat die Verbindung ohne Abschied geschlossen. \
                 Wurde er beendet? Starte ihn neu und verbinde dich noch einmal."
            );
        }
        // Abschiede: `* Tschüss!`, `* Server wird beendet` (Strg+C am Server), `! …`.
        verabschiedet = [&b"! "[..], "* Tschüss".as_bytes(), b"* Server wird beendet"]
            .iter()
            .any(|anfang| bytes.starts_with(anfang));
        // Ungültiges UTF-8 erscheint als �, statt das Programm abzubrechen.
        // Steuerzeichen (etwa ESC-Sequenzen, die dein Terminal umfärben oder
        // löschen könnten) zeigen wir ebenfalls als �.
        let text = String::from_utf8_lossy(&bytes);
        let text: String = (text.trim_end_matches(['\n', '\r']).chars())
            .map(|c| {
                if c.is_control() && c != '\t' {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        if bytes.ends_with(b"\n") {
            zeile!("{text}");
        } else if n == MAX_SERVERZEILE {
            zeile!("{text} … (Zeile länger als {MAX_SERVERZEILE} Bytes, Rest folgt)");
        } else {
            zeile!("{text} (Zeile ohne Zeilenende, der Server hat mittendrin geschlossen)");
        }
    }
}
// ANCHOR_END: serverzeilen

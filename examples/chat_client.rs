//! TCP-Chat, Client: verbindet sich mit `chat_server`. Abwechselnd schreibst
//! du eine Zeile und wartest auf die Antwort des Servers. „bye“ beendet den Chat.
//!
//! Benutzt `TcpStream::connect`, `write_all` und `BufRead::read_until`. Was
//! der Server schickt, erscheint mit maskierten Steuerzeichen; bricht die
//! Verbindung mitten in einer Antwort ab, zeigt der Client, was schon ankam.
//!
//! Terminal 1: cargo run --example chat_server
//! Terminal 2: cargo run --example chat_client

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "localhost:5000";
/// Längste Zeile, die wir senden oder annehmen.
const MAX_ZEILE: usize = 1024;
/// Mit diesem Wort beendest du den Chat.
const ENDE: &str = "bye";
const AUFRUF: &str = "Aufruf: chat_client [ADRESSE]   (Standard: localhost:5000)";

fn main() -> ExitCode {
    match lies_argumente() {
        Ok(Some(adresse)) => match run(&adresse) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Fehler: {e:#}");
                ExitCode::FAILURE
            }
        },
        Ok(None) => {
            zeile!("{AUFRUF}");
            ExitCode::SUCCESS
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            ExitCode::from(2)
        }
    }
}

/// Die Adresse aus der Befehlszeile; `None` heißt: Hilfe gewünscht.
fn lies_argumente() -> Result<Option<String>, String> {
    let mut adresse = STANDARD_ADRESSE.to_string();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg:?}.")),
            _ => adresse = arg,
        }
    }
    // Einen Namen wie localhost löst erst connect() auf; hier nur die Form prüfen.
    match adresse.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => Ok(Some(adresse)),
        _ => Err(format!(
            "ADRESSE {adresse:?} hat nicht die Form HOST:PORT, etwa localhost:5000."
        )),
    }
}

fn run(adresse: &str) -> anyhow::Result<()> {
    // ANCHOR: verbinden
    let verbindung = match TcpStream::connect(adresse) {
        Ok(verbindung) => verbindung,
        // Kein Server lauscht auf dem Port: Das Betriebssystem des Ziels lehnt
        // den Verbindungsaufbau sofort ab.
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            return Err(e).with_context(|| {
                format!(
                    "Keine Verbindung zu {adresse}: Dort lauscht kein Server. \
                     Starte ihn zuerst in Terminal 1 mit `cargo run --example chat_server`"
                )
            });
        }
        Err(e) => return Err(e).with_context(|| format!("Keine Verbindung zu {adresse}")),
    };
    zeile!(
        "Verbunden mit {}. Tippe eine Nachricht, „{ENDE}“ beendet den Chat.",
        verbindung.peer_addr()?
    );
    // ANCHOR_END: verbinden

    // ANCHOR: chatten
    let mut vom_server = BufReader::new(&verbindung);
    let mut tastatur = io::stdin().lock();
    loop {
        ausgabe!("-> ");
        let mut nachricht = String::new();
        if tastatur.read_line(&mut nachricht)? == 0 {
            zeile!();
            break; // Strg+D (Windows: Strg+Z): keine Eingabe mehr
        }
        let nachricht = nachricht.trim_end();
        if nachricht == ENDE {
            break;
        }
        if nachricht.len() > MAX_ZEILE {
            zeile!("Zu lang: höchstens {MAX_ZEILE} Bytes pro Nachricht. Nicht gesendet.");
            continue;
        }
        // Das `\n` ist unsere Nachrichtengrenze im Bytestrom.
        (&verbindung)
            .write_all(format!("{nachricht}\n").as_bytes())
            .context("Senden ist gescheitert: Der Server ist nicht mehr erreichbar")?;

        let mut antwort = Vec::new();
        let gelesen = (&mut vom_server)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut antwort);
        // Was vor einem Fehler oder dem Ende ankam, geht nicht verloren.
        if !antwort.is_empty() {
            let ganz = antwort.ends_with(b"\n");
            let zusatz = if ganz { "" } else { " (ohne Zeilenende)" };
            zeile!(
                "Server: {}{zusatz}",
                zeige(antwort.strip_suffix(b"\n").unwrap_or(&antwort))
            );
        }
        match gelesen {
            // 0 Bytes, oder eine kurze Zeile ohne `\n`: Der Server hat geschlossen.
            Ok(n) if n == 0 || (!antwort.ends_with(b"\n") && n <= MAX_ZEILE) => {
                zeile!("Der Server hat den Chat beendet.");
                return Ok(());
            }
            Ok(_) => {}
            Err(e) => {
                return Err(e).context("Lesen ist gescheitert: Die Verbindung ist abgerissen");
            }
        }
    }
    // Drop schließt die Verbindung; der Server liest danach 0 Bytes.
    zeile!("Chat beendet.");
    Ok(())
    // ANCHOR_END: chatten
}

// ANCHOR: zeigen
/// Wie im Server: ungültiges UTF-8 als �, Steuerzeichen als Escape-Folge,
/// damit der Server dein Terminal nicht umfärben oder Zeilen fälschen kann.
fn zeige(bytes: &[u8]) -> String {
    let mut text = String::new();
    for zeichen in String::from_utf8_lossy(bytes).chars() {
        if zeichen.is_control() {
            text.extend(zeichen.escape_default());
        } else {
            text.push(zeichen);
        }
    }
    text
}
// ANCHOR_END: zeigen

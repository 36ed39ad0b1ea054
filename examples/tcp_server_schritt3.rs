//! Schritt 3 vom Zwilling `original_tcp_server` zu `tcp_server`: eine Frist
//! je Zeile. Der Server bedient einen Client nach dem anderen; ein Client, der
//! nichts schickt, hielte ohne Frist alle folgenden für immer auf. Jetzt wird
//! er nach `--timeout` Sekunden (Standard 60) getrennt, mit seiner Adresse im
//! Protokoll, und der nächste ist dran. Noch fehlt ein sauberer Abschied
//! (Fehlerzeile, FIN, Nachlauf) – den bringt `tcp_server`.
//!
//! Benutzt `set_read_timeout`, `set_write_timeout` und `Instant`.
//!
//! Terminal 1: cargo run --example tcp_server_schritt3 -- 127.0.0.1:50000 --timeout 10
//! Terminal 2: cargo run --example tcp_client

use std::io::ErrorKind::{TimedOut, WouldBlock};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_ADRESSE: &str = "127.0.0.1:50000";
/// Längste Zeile, die wir annehmen – so viel liest `recv(1024)` im Original.
const MAX_ZEILE: usize = 1024;
/// So lange darf eine Zeile des Clients dauern; danach ist der nächste dran.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(60);
const AUFRUF: &str = "Aufruf: tcp_server_schritt3 [IP:PORT] [--timeout SEKUNDEN]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Wie das Gespräch mit einem Client endete.
enum Ende {
    ClientGegangen, // Der Client hat geschlossen: weiter mit dem nächsten.
    EingabeBeendet, // Strg+D im Server-Terminal: Der Server hört auf.
}

/// Falsches Argument: Meldung und Aufruf auf stderr, Exit-Code 2.
fn falsches_argument(meldung: String) -> ! {
    eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
    std::process::exit(2)
}

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (adresse, timeout) = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--help" | "-h", ..] => {
            zeile!("{AUFRUF}");
            return Ok(());
        }
        [] => (STANDARD_ADRESSE, STANDARD_TIMEOUT),
        [a] => (a, STANDARD_TIMEOUT),
        [a, "--timeout", s] => match s.parse() {
            Ok(s @ 1..=3600) => (a, Duration::from_secs(s)),
            _ => falsches_argument(format!("--timeout {s:?}: erwartet Sekunden von 1 bis 3600")),
        },
        _ => falsches_argument(format!("Unerwartete Argumente {args:?}")),
    };
    if adresse.to_socket_addrs().is_err() {
        falsches_argument(format!(
            "Adresse {adresse:?}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"
        ));
    }
    let listener = TcpListener::bind(adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Läuft der Server schon?"))?;
    zeile!("TCP-Server lauscht auf {}", listener.local_addr()?);
    // ANCHOR: schleife
    let mut tastatur = io::stdin().lock();
    loop {
        zeile!("Warte auf einen Client …");
        let (verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa ECONNABORTED: Der Client ging, bevor wir ihn abholten.
                zeile!("accept() ist gescheitert: {e}. Weiter mit dem nächsten.");
                continue;
            }
        };
        zeile!("Client {client} ist verbunden.");
        // Was auch immer dieser Client anstellt: Sein Fehler beendet nur
        // seine Verbindung. Ein `?` hier würde den ganzen Server beenden.
        match bediene(&verbindung, client, timeout, &mut tastatur) {
            Ok(Ende::ClientGegangen) => zeile!("Client {client} hat die Verbindung beendet."),
            Ok(Ende::EingabeBeendet) => {
                zeile!("Eingabe beendet, der Server hört auf.");
                return Ok(());
            }
            Err(e) => zeile!("Fehler mit Client {client}: {e:#}"),
        }
        // Hier fällt `verbindung` weg: close() für diesen Client.
    }
    // ANCHOR_END: schleife
}

// ANCHOR: bedienen
fn bediene(
    verbindung: &TcpStream,
    client: SocketAddr,
    timeout: Duration,
    tastatur: &mut impl BufRead,
) -> anyhow::Result<Ende> {
    // Auch Schreiben bekommt eine Frist, falls der Client nie liest.
    verbindung.set_write_timeout(Some(timeout))?;
    let mut vom_client = BufReader::new(MitFrist(verbindung, Instant::now()));
    loop {
        // ANCHOR: frist_setzen
        vom_client.get_mut().1 = Instant::now() + timeout; // Frist für diese Zeile
        let mut zeile = Vec::new();
        let gelesen = (&mut vom_client)
            .take(MAX_ZEILE as u64 + 1)
            .read_until(b'\n', &mut zeile);
        let n = match gelesen {
            Err(e) if abgelaufen(&e) => bail!(
                "Frist abgelaufen: {} s lang keine ganze Zeile, Verbindung wird getrennt.",
                timeout.as_secs()
            ),
            gelesen => gelesen.context("Lesen ist gescheitert")?,
        };
        // ANCHOR_END: frist_setzen
        if n == 0 {
            return Ok(Ende::ClientGegangen); // 0 Bytes: Der Client hat geschlossen.
        }
        if !zeile.ends_with(b"\n") {
            if zeile.len() > MAX_ZEILE {
                let meldung = "Fehler: Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n";
                let _ = (&*verbindung).write_all(meldung.as_bytes());
                bail!("Zeile länger als {MAX_ZEILE} Bytes, Verbindung wird getrennt.");
            }
            let teil = String::from_utf8_lossy(&zeile);
            bail!("Der Client hat mitten in einer Zeile aufgelegt. Angekommen: {teil:?}");
        }
        // Ungültiges UTF-8 erscheint als �, statt den Server abzubrechen.
        zeile!("[{client}] {}", String::from_utf8_lossy(&zeile).trim_end());

        ausgabe!("Antwort: ");
        let mut antwort = String::new();
        if tastatur.read_line(&mut antwort)? == 0 {
            return Ok(Ende::EingabeBeendet);
        }
        (&*verbindung)
            .write_all(format!("{}\n", antwort.trim_end()).as_bytes())
            .with_context(|| format!("Senden an {client} ist gescheitert"))?;
    }
}
// ANCHOR_END: bedienen

// ANCHOR: frist
/// Liest von der Verbindung, aber nur bis zur Frist: Vor jedem `read` stellt
/// es den Read-Timeout auf die Restzeit. So kann ein Client, der alle paar
/// Sekunden ein Byte schickt, die Frist nicht immer wieder verlängern.
struct MitFrist<'a>(&'a TcpStream, Instant);

impl Read for MitFrist<'_> {
    fn read(&mut self, puffer: &mut [u8]) -> io::Result<usize> {
        let MitFrist(mut verbindung, frist) = *self;
        let rest = frist.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(TimedOut.into());
        }
        verbindung.set_read_timeout(Some(rest))?;
        verbindung.read(puffer)
    }
}

/// Ein abgelaufener Read-Timeout: WouldBlock unter Unix, TimedOut unter Windows.
fn abgelaufen(e: &io::Error) -> bool {
    matches!(e.kind(), WouldBlock | TimedOut)
}
// ANCHOR_END: frist

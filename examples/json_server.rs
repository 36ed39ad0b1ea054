//! Eigenes Protokoll, Server: beantwortet Anfragen in Rahmen aus 4 Bytes Länge
//! (u32, Big Endian) und einem JSON-Dokument. Befehle: `echo`, `addiere`,
//! `notiere` und `liste` (ein Notizbuch, das sich alle Clients teilen; `liste`
//! schickt es in Seiten, damit jede Antwort in einen Rahmen passt).
//!
//! Aufbau wie bei mini-redis: `json/rahmen.rs` zerlegt Bytes in Anfragen und
//! macht kein I/O; hier liest `bediene` vom Socket in einen Puffer und
//! schreibt die Antworten. Ein Thread je Client, höchstens `--max-clients`.
//! Was `http_server` genauso macht (Plätze zählen, sauber auflegen, die
//! Kommandozeile, das Ende mit Strg+C), steht in `bausteine/server.rs`.
//!
//! Benutzt `TcpListener::accept`, `thread::Builder`, Lese- und Schreib-Timeouts.
//!
//! Terminal 1: cargo run --example json_server
//! Terminal 2: cargo run --example json_client

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

// ANCHOR: module
#[path = "bausteine/absage.rs"]
mod absage;
#[path = "bausteine/server.rs"]
mod bausteine;
#[path = "json/rahmen.rs"]
mod rahmen;
// ANCHOR_END: module

use bausteine::{Gelesen, Optionen, Platz, sichtbar};
use rahmen::{Anfrage, Antwort, RahmenFehler};

const STANDARD_ADRESSE: &str = "127.0.0.1:6002";
/// Mehr Threads als Clients gibt es nicht; jeder weitere bekommt eine Absage.
const STANDARD_MAX_CLIENTS: usize = 100;
/// So lange darf ein Client schweigen, dann wird er getrennt.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(300);
/// Ein Client, der seine Antworten nicht abholt, blockiert write() – höchstens so lange.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
/// So viele Notizen hebt der Server auf; danach antwortet `notiere` mit einem Fehler.
const MAX_NOTIZEN: usize = 100;
const AUFRUF: &str = "Aufruf: json_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]
  ADRESSE          wo der Server lauscht (Standard: 127.0.0.1:6002)
  --max-clients N  höchstens N Clients gleichzeitig, 1 bis 10000 (Standard: 100)
  --timeout S      einen Client nach S Sekunden Stille trennen, 1 bis 86400 (Standard: 300)";

fn main() -> ExitCode {
    let standard = Optionen {
        adresse: STANDARD_ADRESSE.into(),
        max_clients: STANDARD_MAX_CLIENTS,
        timeout: STANDARD_TIMEOUT,
    };
    let optionen = match bausteine::lies_optionen(std::env::args().skip(1), standard) {
        Ok(Some(optionen)) => optionen,
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(optionen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: annehmen
fn run(optionen: Optionen) -> anyhow::Result<()> {
    let adresse = &optionen.adresse;
    let listener = TcpListener::bind(adresse).map_err(|e| bausteine::bind_fehler(e, adresse))?;
    let lokal = listener.local_addr()?;
    bausteine::fange_strg_c(lokal)?; // vor der ersten Zeile: Danach darf Strg+C kommen
    zeile!("Server lauscht auf {lokal}");
    let notizen = Arc::new(Mutex::new(Vec::new()));
    let clients = Arc::new(AtomicUsize::new(0));
    let mut absagen = absage::Absagen::default(); // ein Thread für alle Absagen
    loop {
        let angenommen = listener.accept();
        if bausteine::endet() {
            break; // Strg+C; die Verbindung war unser eigener Weckruf
        }
        let (verbindung, peer) = match angenommen {
            Ok(angenommen) => angenommen,
            // Etwa EMFILE: Alle Dateideskriptoren sind belegt. accept() scheitert
            // dann sofort wieder; ohne Pause drehte die Schleife mit 100 % CPU.
            Err(e) => {
                zeile!("accept() ist gescheitert, neuer Versuch gleich ({e})");
                thread::sleep(bausteine::ACCEPT_PAUSE);
                continue;
            }
        };
        let Some(platz) = Platz::belege(&clients, optionen.max_clients) else {
            zeile!("{peer} abgewiesen: Server voll");
            let absage = fehler("server_voll", "Server voll, versuch es später noch einmal");
            // Ohne Warten: Absage, FIN, und den Rest erledigt der Absage-Thread.
            if let Ok(rahmen) = rahmen::kodiere(&absage) {
                absagen.sage_ab(verbindung, &rahmen);
            }
            continue;
        };
        let (aktiv, max) = (clients.load(Ordering::SeqCst), optionen.max_clients);
        zeile!("{peer} verbunden ({aktiv} von höchstens {max})");
        let (notizen, timeout) = (Arc::clone(&notizen), optionen.timeout);
        let gestartet = thread::Builder::new().spawn(move || {
            match bediene(&verbindung, &peer.to_string(), &notizen, timeout) {
                Ok(()) => zeile!("{peer} getrennt"),
                Err(e) => zeile!("{peer} getrennt: {}", sichtbar(&format!("{e:#}"))),
            }
            drop(platz); // erst jetzt ist der Platz wieder frei
        });
        if let Err(e) = gestartet {
            zeile!("{peer} abgewiesen: Kein Thread zu bekommen ({e})");
        }
    }
    bausteine::warte_auf_ende(listener, &clients);
    Ok(())
}
// ANCHOR_END: annehmen

// ANCHOR: bedienen
/// Liest Bytes in einen Puffer und gibt jeden vollständigen Rahmen an den
/// Decoder. Ein read() kann einen halben, einen ganzen oder drei Rahmen liefern.
fn bediene(
    verbindung: &TcpStream,
    peer: &str,
    notizen: &Mutex<Vec<String>>,
    timeout: Duration,
) -> anyhow::Result<()> {
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut puffer = Vec::new();
    let mut stueck = [0u8; 4096];
    loop {
        // Erst alles beantworten, was schon vollständig im Puffer liegt.
        loop {
            let antwort = match rahmen::dekodiere(&mut puffer) {
                Ok(None) => break,
                Ok(Some(anfrage)) => {
                    zeile!("{peer}: {}", anfrage.name());
                    beantworte(anfrage, notizen)
                }
                // Den Rest des Stroms können wir nicht mehr deuten: auflegen.
                Err(f @ RahmenFehler::ZuGross { .. }) => {
                    bausteine::verabschiede(
                        verbindung,
                        &rahmen_fuer(&fehler(f.art(), &f.meldung()))?,
                    );
                    anyhow::bail!("{}", f.meldung());
                }
                Err(f) => {
                    zeile!("{peer}: {}", sichtbar(&f.meldung()));
                    fehler(f.art(), &f.meldung())
                }
            };
            (&*verbindung)
                .write_all(&rahmen_fuer(&antwort)?)
                .context("Senden ist gescheitert (liest der Client seine Antworten nicht?)")?;
        }
        // Dann weiterlesen. Ein zu großer Rahmen fällt schon am Kopf auf, also
        // liegen nie mehr als KOPF + MAX_RAHMEN + 4096 Bytes im Puffer.
        let n = match bausteine::lies(verbindung, &mut stueck, timeout, puffer.is_empty()) {
            Ok(Gelesen::Bytes(n)) => n,
            Ok(Gelesen::Aufgelegt) if puffer.is_empty() => return Ok(()),
            Ok(Gelesen::Aufgelegt) => anyhow::bail!("aufgelegt mitten in einem Rahmen"),
            Ok(Gelesen::Beendet) => {
                let ende = fehler("server_beendet", "Server wird beendet");
                bausteine::verabschiede(verbindung, &rahmen_fuer(&ende)?);
                return Ok(());
            }
            Ok(Gelesen::Still) => {
                let s = timeout.as_secs();
                let meldung = format!("{s} s lang nichts gehört, Verbindung wird getrennt");
                bausteine::verabschiede(
                    verbindung,
                    &rahmen_fuer(&fehler("zu_lange_still", &meldung))?,
                );
                anyhow::bail!("{s} s lang still");
            }
            Err(e) => return Err(e).context("Lesen ist gescheitert"),
        };
        puffer.extend_from_slice(&stueck[..n]);
    }
}
// ANCHOR_END: bedienen

/// Der Rahmen für eine Antwort. Passt sie nicht hinein (etwa ein `echo` knapp
/// unter der Grenze: `"antwort"` ist ein Byte länger als `"befehl"`), geht
/// statt ihrer eine Fehlerantwort hinaus. Kein `unwrap`, kein leerer Rahmen.
fn rahmen_fuer(antwort: &Antwort) -> anyhow::Result<Vec<u8>> {
    rahmen::kodiere(antwort)
        .or_else(|f| rahmen::kodiere(&fehler("antwort_zu_gross", &f.meldung())))
        .map_err(|f| anyhow::anyhow!("{}", f.meldung()))
}

// ANCHOR: beantworten
fn beantworte(anfrage: Anfrage, notizen: &Mutex<Vec<String>>) -> Antwort {
    // Ein Thread, der beim Halten der Sperre abstürzt, „vergiftet“ sie. Die
    // Notizen sind trotzdem in Ordnung, also arbeiten wir weiter.
    let notizen = || notizen.lock().unwrap_or_else(|e| e.into_inner());
    match anfrage {
        Anfrage::Echo { text } => Antwort::Echo { text },
        // checked_add statt +: Ein Überlauf ist ein Fehler des Clients, kein Absturz.
        Anfrage::Addiere { zahlen } => match zahlen.iter().try_fold(0i64, |s, &z| s.checked_add(z))
        {
            Some(summe) => Antwort::Summe { summe },
            None => fehler("ueberlauf", "Die Summe passt nicht in 64 Bit"),
        },
        Anfrage::Notiere { text } if text.len() > rahmen::MAX_NOTIZ => fehler(
            "notiz_zu_lang",
            &format!("Höchstens {} Bytes je Notiz", rahmen::MAX_NOTIZ),
        ),
        Anfrage::Notiere { text } => {
            let mut notizen = notizen();
            if notizen.len() >= MAX_NOTIZEN {
                return fehler(
                    "notizbuch_voll",
                    &format!("Höchstens {MAX_NOTIZEN} Notizen"),
                );
            }
            notizen.push(text);
            Antwort::Notiert {
                nummer: notizen.len(),
            }
        }
        // Kopiert wird nur eine Seite, nie das ganze Notizbuch.
        Anfrage::Liste { ab } => rahmen::seite(&notizen(), ab),
    }
}
// ANCHOR_END: beantworten

fn fehler(art: &str, meldung: &str) -> Antwort {
    let (art, meldung) = (art.into(), meldung.into());
    Antwort::Fehler { art, meldung }
}

//! Eigenes Protokoll, Server: beantwortet Anfragen in Rahmen aus 4 Bytes Länge
//! (u32, Big Endian) und einem JSON-Dokument. Befehle: `echo`, `addiere`,
//! `notiere` und `liste` (ein Notizbuch, das sich alle Clients teilen).
//!
//! Aufbau wie bei mini-redis: Das Modul `rahmen` zerlegt Bytes in Anfragen und
//! macht kein I/O; `bediene` liest vom Socket in einen Puffer und schreibt die
//! Antworten. Ein Thread je Client, höchstens `--max-clients` gleichzeitig.
//!
//! Terminal 1: cargo run --example json_server
//! Terminal 2: cargo run --example json_client
//!
//! Optionen: json_server [ADRESSE] [--max-clients N] [--timeout SEKUNDEN]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use anyhow::Context;

const STANDARD_ADRESSE: &str = "127.0.0.1:6002";
/// Mehr Threads als Clients gibt es nicht; jeder weitere bekommt eine Absage.
const STANDARD_MAX_CLIENTS: usize = 100;
/// So lange darf ein Client schweigen, dann wird er getrennt.
const STANDARD_TIMEOUT: Duration = Duration::from_secs(300);
/// Ein Client, der seine Antworten nicht abholt, blockiert write() – höchstens so lange.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(10);
/// So viele Notizen hebt der Server auf; danach antwortet `notiere` mit einem Fehler.
const MAX_NOTIZEN: usize = 100;

// ANCHOR: rahmen
/// Das Protokoll ohne I/O: Bytes hinein, Anfragen heraus. Weil hier kein
/// Socket vorkommt, lässt es sich mit beliebig zerstückelten Bytes testen.
pub(crate) mod rahmen {
    use serde::{Deserialize, Serialize};

    /// Länge des Kopfs: ein u32 in Netzwerk-Byte-Order (Big Endian).
    pub const KOPF: usize = 4;
    /// Größter Rahmen, den wir annehmen. Ohne Grenze könnte ein Client mit vier
    /// Bytes (`ff ff ff ff`) den Server 4 GiB Speicher reservieren lassen.
    pub const MAX_RAHMEN: usize = 64 * 1024;
    /// Die Befehle und ihre Felder, für Fehlermeldungen und die Hilfe.
    pub const BEFEHLE: [(&str, &str); 4] = [
        ("echo", "text: Zeichenkette"),
        ("addiere", "zahlen: Liste ganzer Zahlen"),
        ("notiere", "text: Zeichenkette"),
        ("liste", "keine Felder"),
    ];

    /// Eine Anfrage. serde liest das Feld `befehl` und wählt damit die Variante:
    /// `{"befehl":"addiere","zahlen":[1,2]}` wird zu `Addiere { zahlen: [1, 2] }`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "befehl", rename_all = "lowercase")]
    pub enum Anfrage {
        Echo { text: String },
        Addiere { zahlen: Vec<i64> },
        Notiere { text: String },
        Liste,
    }

    impl Anfrage {
        pub fn name(&self) -> &'static str {
            match self {
                Anfrage::Echo { .. } => "echo",
                Anfrage::Addiere { .. } => "addiere",
                Anfrage::Notiere { .. } => "notiere",
                Anfrage::Liste => "liste",
            }
        }
    }

    /// Eine Antwort, erkennbar am Feld `antwort`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "antwort", rename_all = "lowercase")]
    pub enum Antwort {
        Echo { text: String },
        Summe { summe: i64 },
        Notiert { nummer: usize },
        Notizen { notizen: Vec<String> },
        Fehler { art: String, meldung: String },
    }

    /// Was an einem Rahmen falsch sein kann.
    #[derive(Debug, Clone, PartialEq)]
    pub enum RahmenFehler {
        /// Der Kopf kündigt mehr als MAX_RAHMEN Bytes an. Der Rest des Stroms
        /// ist nicht mehr sicher zu deuten: Die Verbindung muss enden.
        ZuGross {
            laenge: usize,
        },
        /// Die folgenden Fehler betreffen nur einen Rahmen. Er ist aus dem
        /// Puffer entfernt, der nächste Rahmen kann folgen.
        KeinUtf8,
        KeinJson {
            zeile: usize,
            spalte: usize,
        },
        KeinBefehl,
        UnbekannterBefehl {
            befehl: String,
        },
        FalscheFelder {
            befehl: String,
        },
    }

    impl RahmenFehler {
        /// Kurzname für das Feld `art` der Fehlerantwort.
        pub fn art(&self) -> &'static str {
            match self {
                RahmenFehler::ZuGross { .. } => "rahmen_zu_gross",
                RahmenFehler::KeinUtf8 => "kein_utf8",
                RahmenFehler::KeinJson { .. } => "kein_json",
                RahmenFehler::KeinBefehl | RahmenFehler::UnbekannterBefehl { .. } => {
                    "unbekannter_befehl"
                }
                RahmenFehler::FalscheFelder { .. } => "falsche_felder",
            }
        }

        /// Die Meldung für Menschen.
        pub fn meldung(&self) -> String {
            let bekannt = BEFEHLE.map(|(name, _)| name).join(", ");
            match self {
                RahmenFehler::ZuGross { laenge } => format!(
                    "Rahmen mit {laenge} Bytes ist zu groß (höchstens {MAX_RAHMEN}), Verbindung wird getrennt"
                ),
                RahmenFehler::KeinUtf8 => "Die Nutzdaten sind kein gültiges UTF-8".into(),
                RahmenFehler::KeinJson { zeile, spalte } => {
                    format!("Kein gültiges JSON (Zeile {zeile}, Spalte {spalte})")
                }
                RahmenFehler::KeinBefehl => {
                    format!("Das Feld „befehl“ fehlt. Bekannte Befehle: {bekannt}")
                }
                RahmenFehler::UnbekannterBefehl { befehl } => {
                    format!("Unbekannter Befehl „{befehl}“. Bekannte Befehle: {bekannt}")
                }
                RahmenFehler::FalscheFelder { befehl } => {
                    let felder = BEFEHLE
                        .iter()
                        .find(|(n, _)| n == befehl)
                        .map_or("?", |b| b.1);
                    format!("Falsche Felder für „{befehl}“, erwartet: {felder}")
                }
            }
        }
    }

    // ANCHOR: dekodiere
    /// Nimmt einen vollständigen Rahmen vorne aus dem Puffer.
    /// `Ok(None)`: Es fehlen noch Bytes – lies weiter und frag dann noch einmal.
    pub fn dekodiere(puffer: &mut Vec<u8>) -> Result<Option<Anfrage>, RahmenFehler> {
        let Some(&[a, b, c, d]) = puffer.get(..KOPF) else {
            return Ok(None); // nicht einmal der Kopf ist da
        };
        let laenge = u32::from_be_bytes([a, b, c, d]) as usize;
        if laenge > MAX_RAHMEN {
            return Err(RahmenFehler::ZuGross { laenge });
        }
        if puffer.len() < KOPF + laenge {
            return Ok(None); // der Kopf ist da, die Nutzdaten noch nicht ganz
        }
        // Den ganzen Rahmen aus dem Puffer nehmen – auch wenn er gleich als
        // fehlerhaft erkannt wird. So bleibt der Strom im Takt.
        let nutzdaten: Vec<u8> = puffer.drain(..KOPF + laenge).skip(KOPF).collect();
        deute(&nutzdaten).map(Some)
    }
    // ANCHOR_END: dekodiere

    /// Macht aus den Nutzdaten eines Rahmens eine Anfrage – in Stufen, damit
    /// jede Fehlermeldung sagt, was genau nicht stimmt.
    fn deute(nutzdaten: &[u8]) -> Result<Anfrage, RahmenFehler> {
        let text = std::str::from_utf8(nutzdaten).map_err(|_| RahmenFehler::KeinUtf8)?;
        let wert: serde_json::Value =
            serde_json::from_str(text).map_err(|e| RahmenFehler::KeinJson {
                zeile: e.line(),
                spalte: e.column(),
            })?;
        let befehl = match wert.get("befehl").and_then(|b| b.as_str()) {
            Some(befehl) => befehl.to_string(),
            None => return Err(RahmenFehler::KeinBefehl),
        };
        if !BEFEHLE.iter().any(|(name, _)| *name == befehl) {
            return Err(RahmenFehler::UnbekannterBefehl { befehl });
        }
        serde_json::from_value(wert).map_err(|_| RahmenFehler::FalscheFelder { befehl })
    }

    /// Baut einen Rahmen: Länge als u32 Big Endian, dann das JSON.
    pub fn kodiere<T: Serialize>(wert: &T) -> Vec<u8> {
        // Serialisieren eines unserer Typen in einen Vec kann nicht scheitern.
        let json = serde_json::to_vec(wert).unwrap_or_default();
        let mut rahmen = Vec::with_capacity(KOPF + json.len());
        rahmen.extend_from_slice(&(json.len() as u32).to_be_bytes());
        rahmen.extend_from_slice(&json);
        rahmen
    }
}
// ANCHOR_END: rahmen

use rahmen::{Anfrage, Antwort, RahmenFehler};

/// Was sich alle Client-Threads teilen.
struct Zustand {
    notizen: Mutex<Vec<String>>,
    aktive_clients: AtomicUsize,
    max_clients: usize,
    timeout: Duration,
}

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
    let mut adresse = STANDARD_ADRESSE.to_string();
    let mut max_clients = STANDARD_MAX_CLIENTS;
    let mut timeout = STANDARD_TIMEOUT;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-clients" => max_clients = zahl(args.next(), "--max-clients")?,
            "--timeout" => timeout = Duration::from_secs(zahl(args.next(), "--timeout")? as u64),
            _ => adresse = arg,
        }
    }
    let listener = TcpListener::bind(&adresse).map_err(|e| bind_fehler(e, &adresse))?;
    println!("Server lauscht auf {}", listener.local_addr()?);
    let zustand = Arc::new(Zustand {
        notizen: Mutex::new(Vec::new()),
        aktive_clients: AtomicUsize::new(0),
        max_clients,
        timeout,
    });

    // ANCHOR: annehmen
    for verbindung in listener.incoming() {
        let verbindung = match verbindung {
            Ok(v) => v,
            // Etwa EMFILE (zu viele offene Dateien): melden und weitermachen.
            Err(e) => {
                println!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        let peer = verbindung
            .peer_addr()
            .map_or("?".into(), |a: SocketAddr| a.to_string());
        let aktiv = zustand.aktive_clients.fetch_add(1, Ordering::SeqCst) + 1;
        if aktiv > zustand.max_clients {
            zustand.aktive_clients.fetch_sub(1, Ordering::SeqCst);
            println!("{peer} abgewiesen: Server voll");
            let absage = fehler("server_voll", "Server voll, versuch es später noch einmal");
            let _ = (&verbindung).write_all(&rahmen::kodiere(&absage));
            continue;
        }
        println!(
            "{peer} verbunden ({aktiv} von höchstens {})",
            zustand.max_clients
        );
        let zustand = Arc::clone(&zustand);
        thread::spawn(move || {
            match bediene(&verbindung, &peer, &zustand) {
                Ok(()) => println!("{peer} getrennt"),
                Err(e) => println!("{peer} getrennt: {e:#}"),
            }
            zustand.aktive_clients.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
    // ANCHOR_END: annehmen
}

// ANCHOR: bedienen
/// Liest Bytes in einen Puffer und gibt jeden vollständigen Rahmen an den
/// Decoder. Ein read() kann einen halben, einen ganzen oder drei Rahmen liefern.
fn bediene(verbindung: &TcpStream, peer: &str, zustand: &Zustand) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(zustand.timeout))?;
    verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT))?;
    let mut puffer = Vec::new();
    let mut stueck = [0u8; 4096];
    loop {
        // Erst alles beantworten, was schon vollständig im Puffer liegt.
        loop {
            let antwort = match rahmen::dekodiere(&mut puffer) {
                Ok(None) => break,
                Ok(Some(anfrage)) => beantworte(anfrage, peer, zustand),
                Err(f @ RahmenFehler::ZuGross { .. }) => {
                    println!("{peer}: {}", f.meldung());
                    let _ = sende(verbindung, &fehler(f.art(), &f.meldung()));
                    return Ok(());
                }
                Err(f) => {
                    println!("{peer}: {}", f.meldung());
                    fehler(f.art(), &f.meldung())
                }
            };
            sende(verbindung, &antwort)?;
        }
        // Dann weiterlesen. Der Puffer bleibt klein: Ein zu großer Rahmen fällt
        // schon am Kopf auf, also liegen nie mehr als KOPF + MAX_RAHMEN Bytes darin.
        let n = match (&*verbindung).read(&mut stueck) {
            Ok(0) if puffer.is_empty() => return Ok(()),
            Ok(0) => anyhow::bail!(
                "aufgelegt mitten in einem Rahmen ({} Bytes offen)",
                puffer.len()
            ),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                let s = zustand.timeout.as_secs();
                let _ = sende(
                    verbindung,
                    &fehler(
                        "zu_lange_still",
                        &format!("{s} s lang nichts gehört, Verbindung wird getrennt"),
                    ),
                );
                anyhow::bail!("{s} s lang still");
            }
            Err(e) => return Err(e).context("Lesen ist gescheitert"),
        };
        puffer.extend_from_slice(&stueck[..n]);
    }
}
// ANCHOR_END: bedienen

// ANCHOR: beantworten
fn beantworte(anfrage: Anfrage, peer: &str, zustand: &Zustand) -> Antwort {
    println!("{peer}: {}", anfrage.name());
    // Ein Thread, der beim Halten der Sperre abstürzt, „vergiftet“ sie. Die
    // Notizen sind trotzdem in Ordnung, also arbeiten wir weiter.
    let notizen = || zustand.notizen.lock().unwrap_or_else(|e| e.into_inner());
    match anfrage {
        Anfrage::Echo { text } => Antwort::Echo { text },
        // checked_add statt +: Ein Überlauf ist ein Fehler des Clients, kein Absturz.
        Anfrage::Addiere { zahlen } => match zahlen.iter().try_fold(0i64, |s, &z| s.checked_add(z))
        {
            Some(summe) => Antwort::Summe { summe },
            None => fehler("ueberlauf", "Die Summe passt nicht in 64 Bit"),
        },
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
        Anfrage::Liste => Antwort::Notizen {
            notizen: notizen().clone(),
        },
    }
}
// ANCHOR_END: beantworten

fn fehler(art: &str, meldung: &str) -> Antwort {
    Antwort::Fehler {
        art: art.into(),
        meldung: meldung.into(),
    }
}

/// Ein Rahmen, ein write_all: Kopf und JSON gehen zusammen hinaus.
fn sende(verbindung: &TcpStream, antwort: &Antwort) -> anyhow::Result<()> {
    (&*verbindung)
        .write_all(&rahmen::kodiere(antwort))
        .context("Senden ist gescheitert (liest der Client seine Antworten nicht?)")
}

fn zahl(wert: Option<String>, option: &str) -> anyhow::Result<usize> {
    let wert = wert.with_context(|| format!("Nach {option} fehlt eine Zahl"))?;
    wert.parse()
        .with_context(|| format!("{option} erwartet eine Zahl, nicht {wert:?}"))
}

fn bind_fehler(e: io::Error, adresse: &str) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Server noch in einem anderen Terminal? \
             Beende ihn mit Strg+C oder gib einen anderen Port an."
        }
        io::ErrorKind::AddrNotAvailable => "Diese IP-Adresse gehört nicht zu diesem Rechner.",
        _ => "Prüfe die Adresse, etwa 127.0.0.1:6002.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

//! Die Regeln des Gruppenchats ohne Socket: Zeilenrahmung, Namen, Gruß, Befehle,
//! Gründe für das Ende, Protokollzeilen. Jeder Chat-Server bindet sie mit
//! `#[path]` ein und behält nur sein I/O-Modell. Tests: `tests/gruppenchat.rs`.
#![allow(dead_code)] // Jeder Server braucht nur einen Teil davon.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::Duration;

pub mod beenden; // auch geteilt, aber mit I/O: Strg+C
pub mod start; // auch geteilt, aber mit I/O: Befehlszeile, Lauschen
use start::{Einstellungen, unterbrochen, wuerde_blockieren};

// ANCHOR: zeilen
/// Längste Zeile eines Clients in Bytes, `\n` eingeschlossen.
pub const MAX_ZEILE: usize = 1024;
pub const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?\n";

/// Schneidet ganze Zeilen aus den Bytes eines Clients. TCP kennt keine Nachrichten: Ein
/// `read()` liefert eine halbe Zeile oder drei. Höchstens `MAX_ZEILE` plus ein Stück.
#[derive(Default)]
pub struct Zeilenpuffer {
    bytes: Vec<u8>,
}

impl Zeilenpuffer {
    pub fn anhaengen(&mut self, stueck: &[u8]) {
        self.bytes.extend_from_slice(stueck);
    }

    /// Die nächste ganze Zeile ohne `\n` (und ohne `\r` von Windows-Terminals);
    /// kaputtes UTF-8 wird zu �. `Ok(None)`: Es fehlt noch ein Stück.
    /// `Err(Grund::ZuLang)`: mehr als `MAX_ZEILE` Bytes ohne Zeilenende.
    pub fn naechste(&mut self) -> Result<Option<String>, Grund> {
        match self.bytes.iter().position(|&b| b == b'\n') {
            Some(pos) if pos < MAX_ZEILE => {
                let zeile: Vec<u8> = self.bytes.drain(..=pos).collect();
                let zeile = zeile.strip_suffix(b"\n").unwrap_or(&zeile);
                let zeile = zeile.strip_suffix(b"\r").unwrap_or(zeile);
                Ok(Some(String::from_utf8_lossy(zeile).into_owned()))
            }
            None if self.bytes.len() < MAX_ZEILE => {
                if self.bytes.is_empty() {
                    self.bytes = Vec::new(); // Speicher ganz zurückgeben
                }
                Ok(None)
            }
            _ => Err(Grund::ZuLang),
        }
    }
}
// ANCHOR_END: zeilen

// ANCHOR: ausgang
/// Was ein Client noch lesen muss, höchstens `max` Bytes. Geschrieben wird,
/// bis alles draußen ist oder das Betriebssystem nichts mehr nimmt.
#[derive(Default)]
pub struct Ausgang {
    bytes: VecDeque<u8>,
}

impl Ausgang {
    /// `false`: Es wären mehr als `max` Bytes; der Client liest nicht mit.
    pub fn einreihen(&mut self, zeile: &str, max: usize) -> bool {
        let passt = self.bytes.len() + zeile.len() <= max;
        if passt {
            self.bytes.extend(zeile.as_bytes());
        }
        passt
    }

    /// write() bis leer oder WouldBlock. `Ok(true)`: alles beim Betriebssystem.
    pub fn schreiben(&mut self, mut ziel: impl Write) -> io::Result<bool> {
        while !self.bytes.is_empty() {
            match ziel.write(self.bytes.as_slices().0) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => drop(self.bytes.drain(..n)),
                Err(e) if wuerde_blockieren(&e) => return Ok(false),
                Err(e) if unterbrochen(&e) => {}
                Err(e) => return Err(e),
            }
        }
        self.bytes = VecDeque::new(); // leer: Speicher ganz zurückgeben
        Ok(true)
    }
}
// ANCHOR_END: ausgang

// ANCHOR: gruende
/// Die letzte Zeile an alle, wenn der Server mit Strg+C beendet wird.
pub const BEENDET: &str = "* Server wird beendet\n";
/// Warum eine Verbindung endet.
#[derive(Debug)]
pub enum Grund {
    Quit,
    Geschlossen,
    ZuLang,
    Still,
    ZuLangsam,
    Beendet, // Strg+C am Server
    Fehler(io::Error),
}

impl Grund {
    /// Die letzte Zeile an den Client; wer geschlossen hat, nicht mitliest
    /// oder abgerissen ist, bekommt keine mehr.
    pub fn abschied(&self, timeout: Duration) -> Option<String> {
        let s = timeout.as_secs();
        match self {
            Grund::Quit => Some("* Tschüss!\n".into()),
            Grund::Beendet => Some(BEENDET.into()),
            Grund::ZuLang => Some(format!("! Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n")),
            Grund::Still => Some(format!(
                "! Zu lange still ({s} s), Verbindung wird getrennt\n"
            )),
            _ => None,
        }
    }

    /// Für die Protokollzeile des Servers.
    pub fn beschreibung(&self, timeout: Duration) -> String {
        match self {
            Grund::Quit => "/quit".to_string(),
            Grund::Geschlossen => "Verbindung vom Client geschlossen".into(),
            Grund::ZuLang => format!("Zeile länger als {MAX_ZEILE} Bytes"),
            Grund::Still => format!("{} s lang keine Zeile", timeout.as_secs()),
            Grund::ZuLangsam => "liest nicht mit, Ausgabe läuft über".into(),
            Grund::Beendet => "Server wird beendet".into(),
            Grund::Fehler(e) if e.kind() == io::ErrorKind::ConnectionReset => {
                "Verbindung zurückgesetzt (RST)".into()
            }
            Grund::Fehler(e) => format!("Fehler: {e}"),
        }
    }
}
// ANCHOR_END: gruende

// ANCHOR: protokoll
/// Client-Text für das Terminal des Servers: Steuerzeichen erscheinen als
/// `\n` oder `\u{1b}`, niemand fälscht Zeilen oder löscht den Bildschirm.
pub fn lesbar(text: &str) -> String {
    text.escape_debug().to_string()
}

/// Protokollzeile auf stdout (außer `--leise`); `zeile!` endet still ohne Leser.
macro_rules! protokoll {
    ($leise:expr, $($arg:tt)*) => {
        if !$leise {
            zeile!($($arg)*);
        }
    };
}
pub(crate) use protokoll;
// ANCHOR_END: protokoll

// ANCHOR: regeln
/// Wer mit welchem Namen im Raum ist; statt Sockets kennt er die Nummern (`id`) der Server.
#[derive(Default)]
pub struct Raum {
    mitglieder: BTreeMap<usize, String>,
    namen: BTreeSet<String>, // dieselben Namen, alphabetisch und schnell zu finden
}

/// Was eine Zeile bewirkt; zustellen muss der Server.
#[derive(Clone, Debug, PartialEq)]
pub enum Wirkung {
    AnIhn(String),    // nur an den Absender: Fehler oder Gruß
    AnAndere(String), // an alle anderen im Raum
    Gehen,            // `/quit`: Abschied, dann Verbindungsende
}

impl Raum {
    /// Die Regeln für eine ganze Zeile des Clients `id`, ohne `\n`.
    pub fn zeile(&mut self, id: usize, text: &str, wer: SocketAddr, leise: bool) -> Vec<Wirkung> {
        match self.mitglieder.get(&id) {
            _ if text == "/quit" => vec![Wirkung::Gehen],
            Some(_) if text.is_empty() => vec![], // leere Zeilen zählen nicht
            Some(name) => vec![Wirkung::AnAndere(format!("{name}: {text}\n"))],
            None if !name_gueltig(text) => vec![Wirkung::AnIhn(
                "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n".into(),
            )],
            None if self.namen.contains(text) => {
                vec![Wirkung::AnIhn(format!("! Der Name {text} ist vergeben\n"))]
            }
            None => {
                protokoll!(leise, "{wer}: heißt {}", lesbar(text));
                let gruss = gruss(&self.namen, text);
                self.namen.insert(text.into());
                self.mitglieder.insert(id, text.into());
                let dabei = format!("* {text} ist dabei\n");
                vec![Wirkung::AnIhn(gruss), Wirkung::AnAndere(dabei)]
            }
        }
    }

    /// Alle im Raum außer `absender`.
    pub fn andere(&self, absender: Option<usize>) -> Vec<usize> {
        let ids = self.mitglieder.keys().copied();
        ids.filter(|&id| Some(id) != absender).collect()
    }

    /// `id` verlässt den Raum (falls drin): Protokollzeile, Name frei. Liefert
    /// `* NAME ist gegangen` für die anderen, falls er einen Namen hatte und
    /// nicht alle gehen (`Grund::Beendet`: jeder bekommt nur die eine Zeile).
    pub fn verlassen(
        &mut self,
        id: usize,
        wer: SocketAddr,
        grund: &Grund,
        e: &Einstellungen,
    ) -> Option<String> {
        let name = self.mitglieder.remove(&id);
        let name_lesbar = name.as_deref().map_or("(ohne Namen)".into(), lesbar);
        protokoll!(
            e.leise,
            "{wer}: {name_lesbar} getrennt ({})",
            grund.beschreibung(e.timeout)
        );
        let name = name?;
        self.namen.remove(&name);
        (!matches!(grund, Grund::Beendet)).then(|| format!("* {name} ist gegangen\n"))
    }
}

/// 1 bis 32 Zeichen (nicht Bytes), kein Leerraum, keine Steuerzeichen.
pub fn name_gueltig(name: &str) -> bool {
    let zeichen = name.chars().count();
    (1..=32).contains(&zeichen) && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `* Hallo NEU! Im Raum: …`, höchstens eine Protokollzeile lang. `namen`
/// sind die anderen im Raum, alphabetisch (ein `BTreeSet` ist sortiert).
fn gruss(namen: &BTreeSet<String>, neu: &str) -> String {
    let mut laenge = neu.len() + 40;
    let gezeigt: Vec<&str> = (namen.iter().map(String::as_str))
        .take_while(|name| {
            laenge += name.len() + 2;
            laenge <= MAX_ZEILE - 30
        })
        .collect();
    let rest = match namen.len() - gezeigt.len() {
        _ if namen.is_empty() => "niemand sonst".to_string(),
        0 => String::new(),
        n => format!(" und {n} weitere"),
    };
    format!("* Hallo {neu}! Im Raum: {}{rest}\n", gezeigt.join(", "))
}
// ANCHOR_END: regeln

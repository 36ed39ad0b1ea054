//! # Prüfstand: Programme starten, beobachten und restlos beenden
//!
//! Eine Quelle für beide, die fremde Programme als Prozesse starten: die
//! Szenario-Tests (`tests/common`, das „Drehbuch“) und den Prüfer
//! (`src/bin/pruefen`). Beide hüllen dieses Paket ein: Die Tests machen aus
//! einem Fehler eine Panik, der Prüfer ein ✗ mit einem Rat für die
//! Schülerin. Deshalb liefert hier jede Wartestelle ein strukturiertes
//! Ergebnis ([`Fehlerart`]), nie einen Text, in dem jemand suchen müsste.
//!
//! - [`Prozess::starte`] startet mit sauberer Umgebung (`NO_COLOR=1`, ohne
//!   `RUST_BACKTRACE`, ohne `PYTHONUNBUFFERED`), in eigener Prozessgruppe und
//!   unter Linux mit einem Todessignal: Stirbt der Aufrufer, beendet der
//!   Kernel das Programm. `Drop` beendet die ganze Gruppe.
//! - Ausgaben liest je Strom ein Thread mit, auf Wunsch mit einer Grenze
//!   ([`Grenze`]); wer mehr schreibt, wird beendet ([`Strom`] im Überlauf).
//! - [`adresse_aus_zeile`] deutet die erste Zeile eines Servers.
//! - [`bauen`] baut Beispiele mit Cargo und findet das fertige Programm.
//! - [`linux`] misst Rechenzeit, wartet auf `accept()` und setzt das Limit
//!   offener Dateien eines laufenden Prozesses (nur Linux);
//!   [`mit_dateilimit`] startet mit kleinem Limit (Unix).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

pub mod bauen;
#[cfg(target_os = "linux")]
pub mod linux;
mod prozess;
mod start;

pub use prozess::{Einstellung, Grenze, Griff, Prozess, Stroeme};
pub use start::{beende_gruppe, richte_signale_ein};

/// Welcher Ausgabestrom eines Programms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strom {
    Stdout,
    Stderr,
}

impl Strom {
    pub fn name(self) -> &'static str {
        match self {
            Strom::Stdout => "stdout",
            Strom::Stderr => "stderr",
        }
    }
}

/// Warum eine Wartestelle oder ein Start nicht das Erwartete lieferte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fehlerart {
    /// Das Programm ließ sich nicht starten (fehlt, keine Rechte …).
    NichtGestartet { programm: PathBuf, grund: String },
    /// Die Frist lief ab, bevor das Erwartete kam.
    Frist,
    /// Das Programm hat seine Ausgabe geschlossen (meist: es hat sich
    /// beendet), bevor das Erwartete kam.
    AusgabeZu,
    /// Die Standardeingabe ist schon geschlossen oder nicht schreibbar.
    EingabeZu { grund: String },
    /// Die erste Zeile endet nicht mit einer Adresse.
    KeineAdresse { zeile: String },
    /// Die erste Zeile nennt Port 0 (die Adresse aus dem Argument statt der
    /// gebundenen).
    PortNull { zeile: String },
    /// Auf der genannten Adresse ist kein Socket gebunden (Linux).
    NichtGebunden { zeile: String, adresse: SocketAddr },
    /// `cargo build` ist gescheitert.
    Bauen { ziel: String },
    /// Nach dem Bauen fehlt das Programm.
    ProgrammFehlt { pfad: PathBuf },
    /// Eine Auskunft des Systems fehlt (`/proc`, `prlimit`, Pipe …).
    System { was: String, grund: String },
}

impl fmt::Display for Fehlerart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fehlerart::NichtGestartet { programm, grund } => {
                write!(
                    f,
                    "{} lässt sich nicht starten: {grund}",
                    programm.display()
                )
            }
            Fehlerart::Frist => write!(f, "die Frist ist abgelaufen"),
            Fehlerart::AusgabeZu => write!(f, "der Prozess hat seine Ausgabe geschlossen"),
            Fehlerart::EingabeZu { grund } => write!(f, "stdin nicht schreibbar: {grund}"),
            Fehlerart::KeineAdresse { zeile } => {
                write!(f, "die erste Zeile nennt keine Adresse: {zeile:?}")
            }
            Fehlerart::PortNull { zeile } => write!(f, "die erste Zeile nennt Port 0: {zeile:?}"),
            Fehlerart::NichtGebunden { zeile, adresse } => write!(
                f,
                "die erste Zeile {zeile:?} nennt {adresse}, dort ist aber kein Socket gebunden"
            ),
            Fehlerart::Bauen { ziel } => write!(f, "cargo build {ziel} ist fehlgeschlagen"),
            Fehlerart::ProgrammFehlt { pfad } => {
                write!(f, "Programm fehlt nach dem Bauen: {}", pfad.display())
            }
            Fehlerart::System { was, grund } => write!(f, "{was}: {grund}"),
        }
    }
}

impl std::error::Error for Fehlerart {}

/// Deutet das letzte Wort einer Zeile als Adresse, etwa in
/// `Server lauscht auf 127.0.0.1:41234`. Ein Punkt, Komma oder eine Klammer
/// am Ende stört nicht.
pub fn adresse_aus_zeile(zeile: &str) -> Result<SocketAddr, Fehlerart> {
    let wort = zeile.split_whitespace().last().unwrap_or_default();
    wort.trim_end_matches(['.', ',', ')'])
        .parse()
        .map_err(|_| Fehlerart::KeineAdresse {
            zeile: zeile.to_string(),
        })
}

/// Wie [`adresse_aus_zeile`], verlangt aber zusätzlich, was ein Prüfer
/// verlangen muss: kein Port 0 und (unter Linux) ein Socket, der auf diesem
/// Port wirklich gebunden ist – keine ausgedachte Adresse.
pub fn angesagte_adresse(zeile: &str) -> Result<SocketAddr, Fehlerart> {
    let adresse = adresse_aus_zeile(zeile)?;
    if adresse.port() == 0 {
        return Err(Fehlerart::PortNull {
            zeile: zeile.to_string(),
        });
    }
    if !ist_gebunden(adresse) {
        return Err(Fehlerart::NichtGebunden {
            zeile: zeile.to_string(),
            adresse,
        });
    }
    Ok(adresse)
}

/// Ein Socket aus `/proc/net/{tcp,tcp6,udp,udp6}`: lokale Adresse (hex, wie
/// der Kernel sie schreibt), Port und Zustand (`0A` = LISTEN bei TCP).
#[derive(Clone, Debug)]
pub struct GebundenerSocket {
    pub datei: &'static str,
    pub ip_hex: String,
    pub port: u16,
    pub zustand: String,
}

impl GebundenerSocket {
    /// Gebunden an alle Schnittstellen (0.0.0.0 bzw. ::)?
    pub fn alle_schnittstellen(&self) -> bool {
        self.ip_hex.chars().all(|c| c == '0')
    }
}

/// Die Sockets, die der Kernel kennt (nur Linux; sonst `None`). `dateien`
/// wählt aus `/proc/net/tcp`, `/proc/net/tcp6`, `/proc/net/udp`, `/proc/net/udp6`.
pub fn gebundene_sockets(dateien: &[&'static str]) -> Option<Vec<GebundenerSocket>> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let mut gelesen = false;
    let mut sockets = Vec::new();
    for &datei in dateien {
        let Ok(inhalt) = std::fs::read_to_string(datei) else {
            continue;
        };
        gelesen = true;
        for zeile in inhalt.lines().skip(1) {
            let felder: Vec<&str> = zeile.split_whitespace().collect();
            let (Some(lokal), Some(zustand)) = (felder.get(1), felder.get(3)) else {
                continue;
            };
            let Some((ip, port)) = lokal.split_once(':') else {
                continue;
            };
            let Ok(port) = u16::from_str_radix(port, 16) else {
                continue;
            };
            sockets.push(GebundenerSocket {
                datei,
                ip_hex: ip.to_string(),
                port,
                zustand: zustand.to_string(),
            });
        }
    }
    gelesen.then_some(sockets)
}

/// Ist auf dem Port dieser Adresse ein Socket gebunden (TCP oder UDP)? Ohne
/// `/proc/net` (nicht Linux) wird das nicht geprüft: wahr.
pub fn ist_gebunden(adresse: SocketAddr) -> bool {
    let dateien = [
        "/proc/net/tcp",
        "/proc/net/tcp6",
        "/proc/net/udp",
        "/proc/net/udp6",
    ];
    match gebundene_sockets(&dateien) {
        Some(sockets) => sockets.iter().any(|s| s.port == adresse.port()),
        None => true,
    }
}

/// Das Programm startet mit höchstens `anzahl` offenen Dateien (weiches und
/// hartes Limit, wie `ulimit -n` in der Shell; Unix).
#[cfg(unix)]
pub fn mit_dateilimit(befehl: &mut Command, anzahl: u64) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit ist zwischen fork und exec erlaubt (async-signal-safe).
    unsafe {
        befehl.pre_exec(move || {
            let grenze = libc::rlimit {
                rlim_cur: anzahl as libc::rlim_t,
                rlim_max: anzahl as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &grenze) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adresse_am_zeilenende() {
        let a = adresse_aus_zeile("Server lauscht auf 127.0.0.1:41234.").unwrap();
        assert_eq!(a, "127.0.0.1:41234".parse().unwrap());
        assert_eq!(
            adresse_aus_zeile("Server lauscht"),
            Err(Fehlerart::KeineAdresse {
                zeile: "Server lauscht".into()
            })
        );
        assert!(matches!(
            angesagte_adresse("auf 127.0.0.1:0"),
            Err(Fehlerart::PortNull { .. })
        ));
    }
}

//! # Drehbuch: Szenario-Tests mit echten Prozessen
//!
//! Jedes Szenario startet Beispiele aus `examples/` als eigene Prozesse, so wie
//! eine Leserin sie in zwei Terminals startet, und spielt ein Drehbuch ab:
//!
//! - [`beispiel`] baut ein Beispiel (`cargo test --test x` baut keine Beispiele)
//!   und liefert den Pfad des Programms.
//! - [`Prozess::server`] startet einen Server auf `127.0.0.1:0` und liest die
//!   tatsächliche Adresse aus seiner ersten Ausgabezeile. Es gibt keine festen
//!   Ports und kein `sleep`: Jeder Schritt wartet auf ein Ereignis, höchstens
//!   [`frist`] lang.
//! - stdout und stderr teilen sich wie im Terminal eine Pipe, die ein
//!   eigener Thread liest. Daraus entsteht der Terminal-Mitschnitt, in dem
//!   auch die getippten Eingaben stehen.
//! - `Drop` beendet jeden Kindprozess samt allem, was er gestartet hat.
//!
//! Starten, Mitlesen und Warten macht der Prüfstand
//! (`src/bin/pruefen/pruefstand`), derselbe wie im Prüfer: jedes Programm in
//! eigener Prozessgruppe, unter Linux mit Todessignal (stirbt der Test,
//! stirbt das Programm). Er liefert Ergebnisse; dieses Modul macht aus einem
//! Fehler eine Panik mit dem Mitschnitt.
//! - [`Transkript`] normalisiert Ports und vergleicht den Mitschnitt mit der
//!   Datei in `book/transkripte/`, die das Buch einbindet. Mit
//!   `TRANSKRIPTE_AKTUALISIEREN=1` (oder `scripts/transkripte`) wird sie neu
//!   geschrieben.
//!
//! Jede Testdatei bindet dieses Modul mit `mod common;` ein. Nicht jede nutzt
//! alles davon.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, ExitStatus};
use std::time::Duration;

use pruefstand::{Einstellung, Fehlerart, bauen};

/// Wie lange ein einzelner Schritt höchstens warten darf. CI-Maschinen sind
/// langsam und verrauscht, daher großzügig; `DREHBUCH_FRIST=30` setzt Sekunden.
pub fn frist() -> Duration {
    let sekunden = std::env::var("DREHBUCH_FRIST")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(sekunden)
}

/// Wurzel des Repositorys.
pub fn wurzel() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Das Verzeichnis, in dem Cargo die Programme dieses Profils ablegt
/// (`target/debug`).
fn profilverzeichnis() -> PathBuf {
    bauen::profilverzeichnis().unwrap_or_else(|e| panic!("{e}"))
}

/// Baut `cargo build --example NAME` (einmal je Name und Testlauf) und liefert
/// den Pfad des fertigen Programms.
pub fn beispiel(name: &str) -> PathBuf {
    bauen::beispiel(&wurzel(), name).unwrap_or_else(|e| panic!("{e}"))
}

/// Baut ein Werkzeug aus dem Paket `werkzeuge` (`cargo build -p werkzeuge
/// --bin NAME`, etwa `echo_bench`) und liefert den Pfad des Programms.
/// Werkzeuge sind keine Lektionen: Sie liegen in `werkzeuge/src/bin/`.
pub fn werkzeug(name: &str) -> PathBuf {
    baue_programm(&["-p", "werkzeuge", "--bin", name], name)
}

/// Gibt es `werkzeuge/src/bin/NAME.rs`?
pub fn ist_werkzeug(name: &str) -> bool {
    wurzel()
        .join("werkzeuge/src/bin")
        .join(format!("{name}.rs"))
        .exists()
}

/// Baut `cargo build --bin NAME` und liefert den Pfad des Programms.
pub fn binaerprogramm(name: &str) -> PathBuf {
    baue_programm(&["--bin", name], name)
}

fn baue_programm(ziel: &[&str], name: &str) -> PathBuf {
    bauen::baue(&wurzel(), ziel)
        .and_then(|()| bauen::programm(&profilverzeichnis(), name))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Ein laufendes Beispiel. `Drop` beendet den Prozess samt seiner
/// Prozessgruppe (der Prüfstand startet jedes Programm in einer eigenen).
pub struct Prozess {
    name: String,
    prozess: pruefstand::Prozess,
    status: Option<ExitStatus>,
}

impl Prozess {
    /// Startet das Beispiel `name` mit den Argumenten `args`.
    pub fn starte(name: &str, args: &[&str]) -> Prozess {
        let mut befehl = Command::new(beispiel(name));
        befehl.args(args);
        Prozess::starte_befehl(name, befehl)
    }

    /// Startet das Werkzeug `name` (siehe [`werkzeug`]) mit den Argumenten `args`.
    pub fn starte_werkzeug(name: &str, args: &[&str]) -> Prozess {
        let mut befehl = Command::new(werkzeug(name));
        befehl.args(args);
        Prozess::starte_befehl(name, befehl)
    }

    /// Wie [`Prozess::server`], aber für ein Werkzeug: startet es mit
    /// `127.0.0.1:0` vorne und liest die Adresse aus der ersten Zeile.
    pub fn werkzeug_server(name: &str, weitere_args: &[&str]) -> (Prozess, SocketAddr) {
        let mut args = vec!["127.0.0.1:0"];
        args.extend_from_slice(weitere_args);
        let mut server = Prozess::starte_werkzeug(name, &args);
        let adresse = server.adresse_aus_erster_zeile();
        (server, adresse)
    }

    /// Startet ein beliebiges Programm (etwa einen Python-Client) mit
    /// umgeleiteten Strömen. `name` erscheint in Fehlermeldungen.
    pub fn starte_befehl(name: &str, befehl: Command) -> Prozess {
        // Wie in einem Terminal schreiben stdout und stderr in dieselbe Pipe.
        // So erscheinen Ausgaben und Fehlermeldungen im Mitschnitt genau in
        // der Reihenfolge, in der das Programm sie schreibt.
        let einstellung = Einstellung {
            // Die Python-Programme des Buchs laufen im Test ungepuffert.
            python_ungepuffert: true,
            verzeichnis: Some(wurzel()),
            ..Einstellung::terminal()
        };
        let prozess = pruefstand::Prozess::starte(befehl, &einstellung)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        Prozess {
            name: name.to_string(),
            prozess,
            status: None,
        }
    }

    /// Startet einen Server auf `127.0.0.1:0` (das Argument wird vorne
    /// angefügt) und liest die gebundene Adresse aus der ersten Zeile.
    pub fn server(name: &str, weitere_args: &[&str]) -> (Prozess, SocketAddr) {
        let mut args = vec!["127.0.0.1:0"];
        args.extend_from_slice(weitere_args);
        let mut server = Prozess::starte(name, &args);
        let adresse = server.adresse_aus_erster_zeile();
        (server, adresse)
    }

    /// Liest die erste stdout-Zeile und deutet ihr letztes Wort als Adresse,
    /// z. B. `Server lauscht auf 127.0.0.1:41234`.
    pub fn adresse_aus_erster_zeile(&mut self) -> SocketAddr {
        let zeile = self.zeile();
        pruefstand::adresse_aus_zeile(&zeile).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }

    /// Die nächste vollständige Ausgabezeile (ohne `\n`), höchstens [`frist`] lang.
    pub fn zeile(&mut self) -> String {
        let ergebnis = self.prozess.naechste_zeile(frist());
        self.oder_abbruch(ergebnis, "eine weitere Ausgabezeile")
    }

    /// Wartet, bis `text` im Mitschnitt (stdout und stderr) hinter der zuletzt
    /// gefundenen Stelle erscheint.
    pub fn warte_auf(&mut self, text: &str) {
        let ergebnis = self.prozess.warte_auf(text, frist());
        self.oder_abbruch(ergebnis, &format!("die Ausgabe {text:?}"));
    }

    /// Tippt eine Zeile in die Standardeingabe. Sie erscheint im Mitschnitt
    /// dort, wo sie im Terminal zu sehen wäre.
    pub fn tippe(&mut self, zeile: &str) {
        self.tippe_bytes(format!("{zeile}\n").as_bytes());
    }

    /// Schreibt rohe Bytes in die Standardeingabe (auch ungültiges UTF-8).
    pub fn tippe_bytes(&mut self, bytes: &[u8]) {
        if let Err(e) = self.prozess.tippe_bytes(bytes) {
            panic!("{}: {e}", self.name);
        }
    }

    /// Schließt die Standardeingabe, wie Strg+D im Terminal.
    pub fn schliesse_eingabe(&mut self) {
        self.prozess.schliesse_eingabe();
    }

    /// Wartet, bis der Prozess endet, und liefert seinen Status. Danach sind
    /// auch alle Ausgaben gelesen.
    pub fn warte_auf_ende(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        let status = match self.prozess.warte_auf_ende(frist()) {
            Ok(status) => status,
            Err(Fehlerart::Frist) => panic!(
                "{} endet nicht innerhalb von {:?}.\nMitschnitt:\n{}",
                self.name,
                frist(),
                self.terminal()
            ),
            Err(e) => panic!("{}: {e}", self.name),
        };
        self.status = Some(status);
        let ergebnis = self.prozess.warte_auf_ausgabe_ende(frist());
        self.oder_abbruch(ergebnis, "das Ende der Ausgabe");
        status
    }

    /// Wartet auf das Ende und verlangt Exit-Code 0.
    pub fn erfolgreich(&mut self) {
        let status = self.warte_auf_ende();
        assert!(
            status.success(),
            "{} endete mit {status}.\nMitschnitt:\n{}",
            self.name,
            self.terminal()
        );
    }

    /// Wartet auf das Ende und verlangt einen Fehler-Exit-Code.
    pub fn fehlgeschlagen(&mut self) {
        let status = self.warte_auf_ende();
        assert!(
            !status.success(),
            "{} hätte scheitern sollen.\nMitschnitt:\n{}",
            self.name,
            self.terminal()
        );
    }

    /// Läuft der Prozess noch?
    pub fn laeuft(&mut self) -> bool {
        self.status.is_none() && self.prozess.status().is_none()
    }

    /// Die Prozess-ID, etwa für `/proc/PID/status`.
    pub fn pid(&self) -> u32 {
        self.prozess.pid()
    }

    /// Der bisherige Terminal-Mitschnitt.
    pub fn terminal(&self) -> String {
        self.prozess.terminal()
    }

    /// Alle bisher vollständig gelesenen Ausgabezeilen (stdout und stderr).
    pub fn alle_zeilen(&self) -> Vec<String> {
        self.prozess.zeilen()
    }

    /// Beendet den Prozess sofort (wie Strg+C, aber mit SIGKILL), samt
    /// seiner Prozessgruppe.
    pub fn beende(&mut self) {
        self.prozess.beende();
        let _ = self.warte_auf_ende();
    }

    /// Macht aus einem gescheiterten Warten eine Panik mit Mitschnitt.
    fn oder_abbruch<T>(&self, ergebnis: Result<T, Fehlerart>, was: &str) -> T {
        ergebnis.unwrap_or_else(|e| {
            let grund = match e {
                Fehlerart::Frist => format!("nach {:?} nicht eingetroffen", frist()),
                andere => andere.to_string(),
            };
            panic!(
                "{}: {was} – {grund}.\nMitschnitt bis hierher:\n{}",
                self.name,
                self.terminal()
            )
        })
    }
}

/// Ein Mitschnitt für das Buch: ein oder mehrere Terminals, deren Ports
/// normalisiert und mit `book/transkripte/NAME.txt` verglichen werden.
///
/// ```ignore
/// let mut t = Transkript::neu();
/// t.port(adresse.port(), 12345); // echter Port -> Port aus dem Buch
/// t.terminal("erste_verbindung_server", "cargo run --example hello_server", &server);
/// t.pruefe();
/// ```
#[derive(Default)]
pub struct Transkript {
    /// Echter Port -> Port, der im Buch erscheint.
    ports: BTreeMap<u16, u16>,
    /// Nächster Ersatz für Ports, die das Betriebssystem frei vergeben hat.
    naechster_freier: u16,
    dateien: Vec<(String, String)>,
    ersetzungen: Vec<(String, String)>,
}

/// Erster Ersatzport für vom System vergebene (ephemere) Ports; liegt im
/// dynamischen Bereich ab 49152, so wie echte ephemere Ports.
const ERSTER_EPHEMERER_PORT: u16 = 54321;

impl Transkript {
    pub fn neu() -> Transkript {
        Transkript {
            naechster_freier: ERSTER_EPHEMERER_PORT,
            ..Transkript::default()
        }
    }

    /// Der echte Port `echt` erscheint im Buch als `angezeigt`, meist der
    /// Standardport des Beispiels.
    pub fn port(&mut self, echt: u16, angezeigt: u16) -> &mut Self {
        self.ports.insert(echt, angezeigt);
        self
    }

    /// Ersetzt einen Text wörtlich, etwa eine gemessene Dauer.
    pub fn ersetze(&mut self, von: impl Into<String>, nach: impl Into<String>) -> &mut Self {
        self.ersetzungen.push((von.into(), nach.into()));
        self
    }

    /// Nimmt den Mitschnitt eines Prozesses als Datei `NAME.txt` auf. Die
    /// erste Zeile zeigt den Befehl, so wie die Leserin ihn tippt.
    pub fn terminal(&mut self, datei: &str, befehl: &str, prozess: &Prozess) -> &mut Self {
        self.text(datei, &format!("$ {befehl}\n{}", prozess.terminal()))
    }

    /// Nimmt einen beliebigen Text als Datei `NAME.txt` auf.
    pub fn text(&mut self, datei: &str, text: &str) -> &mut Self {
        let mut text = self.normalisiere(text);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.dateien.push((datei.to_string(), text));
        self
    }

    /// Ersetzt Ports hinter Adressen (`127.0.0.1:`, `[::1]:`, `localhost:`).
    /// Bekannte Ports bekommen ihren Buch-Port, unbekannte der Reihe nach
    /// 54321, 54322 … – über alle Terminals dieses Transkripts hinweg gleich.
    fn normalisiere(&mut self, text: &str) -> String {
        let mut text = text.to_string();
        for (von, nach) in &self.ersetzungen {
            text = text.replace(von.as_str(), nach);
        }
        let mut aus = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some((pos, praefix)) = naechste_adresse(rest) {
            let ende = pos + praefix.len();
            aus.push_str(&rest[..ende]);
            rest = &rest[ende..];
            let ziffern = rest.bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(port) = rest[..ziffern].parse::<u16>() {
                let ersatz = match self.ports.get(&port) {
                    Some(&p) => p,
                    None => {
                        let p = self.naechster_freier;
                        self.naechster_freier += 1;
                        self.ports.insert(port, p);
                        p
                    }
                };
                aus.push_str(&ersatz.to_string());
                rest = &rest[ziffern..];
            }
        }
        aus.push_str(rest);
        aus
    }

    /// Vergleicht alle aufgenommenen Dateien mit `book/transkripte/`, oder
    /// schreibt sie bei `TRANSKRIPTE_AKTUALISIEREN=1` neu.
    pub fn pruefe(&self) {
        let verzeichnis = wurzel().join("book").join("transkripte");
        let aktualisieren = std::env::var_os("TRANSKRIPTE_AKTUALISIEREN").is_some();
        for (datei, echt) in &self.dateien {
            let pfad = verzeichnis.join(format!("{datei}.txt"));
            if aktualisieren {
                std::fs::create_dir_all(&verzeichnis).expect("book/transkripte anlegen");
                std::fs::write(&pfad, echt).expect("Transkript schreiben");
                continue;
            }
            let gespeichert = std::fs::read_to_string(&pfad).unwrap_or_else(|_| {
                panic!(
                    "Transkript {} fehlt. Erzeuge es mit scripts/transkripte.\nEchter Lauf:\n{echt}",
                    pfad.display()
                )
            });
            if gespeichert != *echt {
                panic!(
                    "Das Buch zeigt in {} etwas anderes als der echte Lauf.\n\
                     --- im Buch ---\n{gespeichert}--- echter Lauf ---\n{echt}---\n\
                     Ist der neue Lauf richtig, schreibe die Transkripte mit scripts/transkripte neu.",
                    pfad.display()
                );
            }
        }
    }
}

/// Findet die nächste Stelle, an der eine Loopback-Adresse mit Port steht.
fn naechste_adresse(text: &str) -> Option<(usize, &'static str)> {
    ["127.0.0.1:", "[::1]:", "localhost:", "0.0.0.0:", "[::]:"]
        .into_iter()
        .filter_map(|p| text.find(p).map(|i| (i, p)))
        .min_by_key(|&(i, _)| i)
}

/// Ein Client-Socket mit Lese- und Schreib-Timeout, damit kein Test hängt.
pub fn verbinde(adresse: SocketAddr) -> std::net::TcpStream {
    let stream = std::net::TcpStream::connect_timeout(&adresse, frist())
        .unwrap_or_else(|e| panic!("Verbindung zu {adresse} scheitert: {e}"));
    stream.set_read_timeout(Some(frist())).unwrap();
    stream.set_write_timeout(Some(frist())).unwrap();
    stream
}

/// Ein Port, auf dem garantiert niemand lauscht: Das System vergibt ihn,
/// dann wird der Socket sofort wieder geschlossen.
pub fn freier_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("Port 0 binden");
    listener.local_addr().expect("lokale Adresse").port()
}

/// Ergebnis eines Programms, das bis zum Ende lief, mit stdout und stderr
/// getrennt. Für Prüfungen wie „stdout bleibt leer, der Fehler steht auf stderr“.
pub struct Lauf {
    pub erfolg: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Lauf {
    /// Der Mitschnitt wie im Terminal. Die Beispiele schreiben ihre
    /// Fehlerzeile erst ganz am Ende, daher steht stderr hinter stdout.
    pub fn terminal(&self, befehl: &str) -> String {
        format!("$ {befehl}\n{}{}", self.stdout, self.stderr)
    }
}

/// Startet ein Programm ohne Eingabe, wartet höchstens [`frist`] auf sein
/// Ende und liefert stdout und stderr getrennt. Hängt es, wird es beendet.
pub fn lauf_bis_ende(befehl: Command) -> Lauf {
    let prozess = pruefstand::Prozess::starte(befehl, &Einstellung::getrennt())
        .unwrap_or_else(|e| panic!("Programm starten: {e}"));
    let status = match prozess.warte_auf_ende(frist()) {
        Ok(status) => status,
        Err(Fehlerart::Frist) => {
            prozess.beende();
            panic!("Das Programm endet nicht innerhalb von {:?}", frist());
        }
        Err(e) => panic!("{e}"),
    };
    prozess
        .warte_auf_ausgabe_ende(frist())
        .unwrap_or_else(|e| panic!("Ausgabe zu Ende lesen: {e}"));
    Lauf {
        erfolg: status.success(),
        stdout: prozess.terminal(),
        stderr: String::from_utf8_lossy(&prozess.stderr()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn ein_gescheitertes_warten_vergiftet_nichts() {
        let mut befehl = Command::new("sh");
        befehl.args(["-c", "echo eins"]);
        let mut p = Prozess::starte_befehl("sh", befehl);
        let ergebnis = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            p.warte_auf("kommt nie");
        }));
        assert!(ergebnis.is_err(), "das Warten hätte scheitern müssen");
        // Nach dem Abbruch ist der Mitschnitt weiter lesbar (keine PoisonError).
        assert!(p.terminal().contains("eins"), "{}", p.terminal());
        assert_eq!(p.alle_zeilen(), vec!["eins".to_string()]);
    }

    #[test]
    fn ports_werden_einheitlich_normalisiert() {
        let mut t = Transkript::neu();
        t.port(41000, 5000);
        let a = t.normalisiere("Server lauscht auf 127.0.0.1:41000\nVon 127.0.0.1:39999");
        let b = t.normalisiere("lokal 127.0.0.1:39999, Server [::1]:41000");
        assert_eq!(a, "Server lauscht auf 127.0.0.1:5000\nVon 127.0.0.1:54321");
        assert_eq!(b, "lokal 127.0.0.1:54321, Server [::1]:5000");
    }
}

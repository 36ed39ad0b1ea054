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
//! - `Drop` beendet jeden Kindprozess.
//! - [`Transkript`] normalisiert Ports und vergleicht den Mitschnitt mit der
//!   Datei in `book/transkripte/`, die das Buch einbindet. Mit
//!   `TRANSKRIPTE_AKTUALISIEREN=1` (oder `scripts/transkripte`) wird sie neu
//!   geschrieben.
//!
//! Jede Testdatei bindet dieses Modul mit `mod common;` ein. Nicht jede nutzt
//! alles davon.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

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
/// (`target/debug`), abgeleitet aus dem Pfad des laufenden Testprogramms
/// (`target/debug/deps/x-…`). So passt es auch zu `CARGO_TARGET_DIR`.
fn profilverzeichnis() -> PathBuf {
    let exe = std::env::current_exe().expect("Pfad des Testprogramms");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profil>/deps")
        .to_path_buf()
}

/// Baut `cargo build --example NAME` (einmal je Name und Testlauf) und liefert
/// den Pfad des fertigen Programms.
pub fn beispiel(name: &str) -> PathBuf {
    baue(&["--example", name]);
    programm(&profilverzeichnis().join("examples"), name)
}

/// Baut ein Werkzeug aus dem Paket `werkzeuge` (`cargo build -p werkzeuge
/// --bin NAME`, etwa `echo_bench`) und liefert den Pfad des Programms.
/// Werkzeuge sind keine Lektionen: Sie liegen in `werkzeuge/src/bin/`.
pub fn werkzeug(name: &str) -> PathBuf {
    baue(&["-p", "werkzeuge", "--bin", name]);
    programm(&profilverzeichnis(), name)
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
    baue(&["--bin", name]);
    programm(&profilverzeichnis(), name)
}

fn programm(verzeichnis: &Path, name: &str) -> PathBuf {
    let mut pfad = verzeichnis.join(name);
    if cfg!(windows) {
        pfad.set_extension("exe");
    }
    assert!(
        pfad.exists(),
        "Programm fehlt nach dem Bauen: {}",
        pfad.display()
    );
    pfad
}

fn baue(ziel: &[&str]) {
    static GEBAUT: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let gebaut = GEBAUT.get_or_init(Default::default);
    // Die Sperre bleibt während des Bauens gehalten: Cargo würde parallele
    // Aufrufe ohnehin nacheinander ausführen.
    let mut gebaut = gebaut.lock().unwrap_or_else(|e| e.into_inner());
    let schluessel = ziel.join(" ");
    if gebaut.contains(&schluessel) {
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut befehl = Command::new(cargo);
    befehl.arg("build").arg("--quiet").args(ziel);
    befehl.current_dir(wurzel());
    if profilverzeichnis()
        .file_name()
        .is_some_and(|n| n == "release")
    {
        befehl.arg("--release");
    }
    let status = befehl.status().expect("cargo build starten");
    assert!(
        status.success(),
        "cargo build {schluessel} ist fehlgeschlagen"
    );
    gebaut.insert(schluessel);
}

/// Was ein Prozess bisher ausgegeben hat, geteilt mit den Lese-Threads.
#[derive(Default)]
struct Ausgabe {
    /// Der Terminal-Mitschnitt: Ausgaben (stdout und stderr) und getippte
    /// Eingaben in der Reihenfolge, in der sie eintrafen.
    terminal: String,
    /// Die Ausgaben in vollständigen Zeilen (ohne getippte Eingaben).
    zeilen: Vec<String>,
    /// Angefangene Zeile ohne `\n`.
    rest: Vec<u8>,
    /// 1, solange die Pipe offen ist; 0, wenn das Programm sie geschlossen hat.
    offene_stroeme: usize,
}

struct Geteilt {
    ausgabe: Mutex<Ausgabe>,
    neu: Condvar,
}

/// Ein laufendes Beispiel. `Drop` beendet den Prozess.
pub struct Prozess {
    name: String,
    kind: Child,
    stdin: Option<ChildStdin>,
    geteilt: Arc<Geteilt>,
    /// Bis hierher hat das Drehbuch die stdout-Zeilen gelesen.
    zeilen_cursor: usize,
    /// Bis hierher (Byte-Index im Mitschnitt) hat `warte_auf` gesucht.
    text_cursor: usize,
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
    pub fn starte_befehl(name: &str, mut befehl: Command) -> Prozess {
        // Wie in einem Terminal schreiben stdout und stderr in dieselbe Pipe.
        // So erscheinen Ausgaben und Fehlermeldungen im Mitschnitt genau in
        // der Reihenfolge, in der das Programm sie schreibt.
        let (leser, schreiber) = std::io::pipe().expect("Pipe anlegen");
        let schreiber_fuer_stderr = schreiber.try_clone().expect("Pipe duplizieren");
        befehl
            .stdin(Stdio::piped())
            .stdout(schreiber)
            .stderr(schreiber_fuer_stderr)
            .current_dir(wurzel())
            // Keine Farben, keine Rust-Backtraces: der Mitschnitt soll stabil sein.
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .env("PYTHONUNBUFFERED", "1");
        let mut kind = befehl
            .spawn()
            .unwrap_or_else(|e| panic!("{name} lässt sich nicht starten: {e}"));
        // `befehl` hält noch unsere Kopien des Schreib-Endes. Erst wenn sie
        // geschlossen sind, sieht der Leser das Ende, sobald das Kind endet.
        drop(befehl);
        let geteilt = Arc::new(Geteilt {
            ausgabe: Mutex::new(Ausgabe {
                offene_stroeme: 1,
                ..Ausgabe::default()
            }),
            neu: Condvar::new(),
        });
        lies_strom(leser, Arc::clone(&geteilt));
        Prozess {
            name: name.to_string(),
            stdin: kind.stdin.take(),
            kind,
            geteilt,
            zeilen_cursor: 0,
            text_cursor: 0,
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
        let wort = zeile.split_whitespace().last().unwrap_or_default();
        wort.trim_end_matches(['.', ',', ')'])
            .parse()
            .unwrap_or_else(|_| {
                panic!(
                    "{}: die erste Zeile nennt keine Adresse: {zeile:?}",
                    self.name
                )
            })
    }

    /// Die nächste vollständige Ausgabezeile (ohne `\n`), höchstens [`frist`] lang.
    pub fn zeile(&mut self) -> String {
        let index = self.zeilen_cursor;
        let zeile = self.warte("eine weitere Ausgabezeile", |a| {
            a.zeilen.get(index).cloned()
        });
        self.zeilen_cursor += 1;
        zeile
    }

    /// Wartet, bis `text` im Mitschnitt (stdout und stderr) hinter der zuletzt
    /// gefundenen Stelle erscheint.
    pub fn warte_auf(&mut self, text: &str) {
        let ab = self.text_cursor;
        let ende = self.warte(&format!("die Ausgabe {text:?}"), |a| {
            a.terminal
                .get(ab..)
                .and_then(|rest| rest.find(text))
                .map(|i| ab + i + text.len())
        });
        self.text_cursor = ende;
    }

    /// Tippt eine Zeile in die Standardeingabe. Sie erscheint im Mitschnitt
    /// dort, wo sie im Terminal zu sehen wäre.
    pub fn tippe(&mut self, zeile: &str) {
        self.tippe_bytes(format!("{zeile}\n").as_bytes());
    }

    /// Schreibt rohe Bytes in die Standardeingabe (auch ungültiges UTF-8).
    pub fn tippe_bytes(&mut self, bytes: &[u8]) {
        {
            let mut ausgabe = self
                .geteilt
                .ausgabe
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            ausgabe.terminal.push_str(&String::from_utf8_lossy(bytes));
        }
        let stdin = self.stdin.as_mut().expect("stdin ist noch offen");
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("{}: stdin nicht schreibbar: {e}", self.name));
    }

    /// Schließt die Standardeingabe, wie Strg+D im Terminal.
    pub fn schliesse_eingabe(&mut self) {
        self.stdin = None;
    }

    /// Wartet, bis der Prozess endet, und liefert seinen Status. Danach sind
    /// auch alle Ausgaben gelesen.
    pub fn warte_auf_ende(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        let start = Instant::now();
        let status = loop {
            match self.kind.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() < frist() => {
                    // Prozessende hat unter Unix kein portables Ereignis, auf
                    // das ein Thread warten könnte; kurz nachsehen genügt.
                    thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => panic!(
                    "{} endet nicht innerhalb von {:?}.\nMitschnitt:\n{}",
                    self.name,
                    frist(),
                    self.terminal()
                ),
                Err(e) => panic!("{}: Status nicht lesbar: {e}", self.name),
            }
        };
        self.status = Some(status);
        self.warte("das Ende der Ausgabe", |a| {
            (a.offene_stroeme == 0).then_some(())
        });
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
        self.status.is_none() && matches!(self.kind.try_wait(), Ok(None))
    }

    /// Die Prozess-ID, etwa für `/proc/PID/status`.
    pub fn pid(&self) -> u32 {
        self.kind.id()
    }

    /// Der bisherige Terminal-Mitschnitt.
    pub fn terminal(&self) -> String {
        self.geteilt
            .ausgabe
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .terminal
            .clone()
    }

    /// Alle bisher vollständig gelesenen Ausgabezeilen (stdout und stderr).
    pub fn alle_zeilen(&self) -> Vec<String> {
        self.geteilt
            .ausgabe
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .zeilen
            .clone()
    }

    /// Beendet den Prozess sofort (wie Strg+C, aber mit SIGKILL).
    pub fn beende(&mut self) {
        let _ = self.kind.kill();
        let _ = self.warte_auf_ende();
    }

    /// Wartet, bis `pruefe` auf dem geteilten Zustand `Some` liefert.
    fn warte<T>(&self, was: &str, mut pruefe: impl FnMut(&Ausgabe) -> Option<T>) -> T {
        let ende = Instant::now() + frist();
        let mut ausgabe = self
            .geteilt
            .ausgabe
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(wert) = pruefe(&ausgabe) {
                return wert;
            }
            let jetzt = Instant::now();
            if jetzt >= ende || ausgabe.offene_stroeme == 0 {
                let grund = if jetzt >= ende {
                    format!("nach {:?} nicht eingetroffen", frist())
                } else {
                    "der Prozess hat seine Ausgabe geschlossen".to_string()
                };
                // Erst die Sperre freigeben, dann abbrechen: Ein Abbruch mit
                // gehaltener Sperre vergiftete sie für den Lese-Thread und für
                // alle, die danach noch in den Mitschnitt schauen.
                let mitschnitt = ausgabe.terminal.clone();
                drop(ausgabe);
                panic!(
                    "{}: {was} – {grund}.\nMitschnitt bis hierher:\n{mitschnitt}",
                    self.name
                );
            }
            ausgabe = self
                .geteilt
                .neu
                .wait_timeout(ausgabe, ende - jetzt)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Prozess {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.kind.kill();
            let _ = self.kind.wait();
        }
    }
}

/// Liest einen Ausgabestrom stückweise auf einem eigenen Thread. Stückweise,
/// nicht zeilenweise: Eingabeaufforderungen wie `-> ` haben kein `\n`.
fn lies_strom(mut strom: impl Read + Send + 'static, geteilt: Arc<Geteilt>) {
    thread::spawn(move || {
        let mut puffer = [0u8; 4096];
        loop {
            let n = match strom.read(&mut puffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut a = geteilt
                .ausgabe
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            a.terminal.push_str(&String::from_utf8_lossy(&puffer[..n]));
            a.rest.extend_from_slice(&puffer[..n]);
            while let Some(pos) = a.rest.iter().position(|&b| b == b'\n') {
                let zeile: Vec<u8> = a.rest.drain(..=pos).collect();
                let zeile = String::from_utf8_lossy(&zeile[..pos]);
                let zeile = zeile.trim_end_matches('\r').to_string();
                a.zeilen.push(zeile);
            }
            geteilt.neu.notify_all();
        }
        let mut a = geteilt
            .ausgabe
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !a.rest.is_empty() {
            let zeile = String::from_utf8_lossy(&a.rest).into_owned();
            a.zeilen.push(zeile);
            a.rest.clear();
        }
        a.offene_stroeme -= 1;
        geteilt.neu.notify_all();
    });
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
pub fn lauf_bis_ende(mut befehl: Command) -> Lauf {
    befehl
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    let mut kind = befehl.spawn().expect("Programm starten");
    let lies = |mut strom: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = strom.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = lies(Box::new(kind.stdout.take().expect("stdout ist umgeleitet")));
    let stderr = lies(Box::new(kind.stderr.take().expect("stderr ist umgeleitet")));
    let ende = Instant::now() + frist();
    let status = loop {
        if let Some(status) = kind.try_wait().expect("Status lesen") {
            break status;
        }
        if Instant::now() > ende {
            let _ = kind.kill();
            let _ = kind.wait();
            panic!("Das Programm endet nicht innerhalb von {:?}", frist());
        }
        // Prozessende hat kein portables Ereignis; kurz nachsehen genügt.
        thread::sleep(Duration::from_millis(5));
    };
    Lauf {
        erfolg: status.success(),
        stdout: stdout.join().expect("Lese-Thread"),
        stderr: stderr.join().expect("Lese-Thread"),
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

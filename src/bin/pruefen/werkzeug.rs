//! Werkzeuge des Prüfers: Programme starten und beobachten, Verbindungen mit
//! Frist, Zeilen lesen, Loopback prüfen, stille Ports bauen.
//!
//! Jede Wartestelle hat eine Frist. Läuft sie ab, wird daraus ein ✗ mit
//! deutschem Grund, nie ein hängender Prüfer.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::pruefstand::{self, Einstellung, Fehlerart, Grenze, Griff, Strom};

/// Ergebnis eines Prüfschritts: `Ok(())` ist ✓.
pub type Urteil = Result<(), Fehlschlag>;

/// Warum ein Schritt nicht ✓ ist.
#[derive(Debug)]
pub enum Fehlschlag {
    /// ✗ mit Grund.
    Falsch(String),
    /// Auf diesem Rechner nicht prüfbar (z. B. kein IPv6); zählt nicht als ✗.
    Uebersprungen(String),
}

impl From<String> for Fehlschlag {
    fn from(grund: String) -> Self {
        Fehlschlag::Falsch(grund)
    }
}

impl From<&str> for Fehlschlag {
    fn from(grund: &str) -> Self {
        Fehlschlag::Falsch(grund.to_string())
    }
}

/// Kurzform für ein ✗ mit Grund.
pub fn falsch<T>(grund: impl Into<String>) -> Result<T, Fehlschlag> {
    Err(Fehlschlag::Falsch(grund.into()))
}

/// Das zu prüfende Programm: ausführbare Datei und feste Argumente davor,
/// z. B. `python3 server.py`.
#[derive(Clone, Debug)]
pub struct Programm {
    pub befehl: PathBuf,
    pub vor_args: Vec<String>,
}

/// Was jeder Prüfschritt bekommt.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub programm: Programm,
    /// Wie lange eine einzelne Wartestelle höchstens wartet.
    pub frist: Duration,
}

/// Ein gestartetes Programm in der Liste des Prüfers: ein Griff auf den
/// Prozess (samt Ausgaben) und ob ein ✗ seinen Absturz schon nannte.
struct Eintrag {
    griff: Griff,
    gemeldet: Arc<AtomicBool>,
}

/// Alle Kindprozesse, die noch laufen könnten. Hängt ein Prüfschritt und
/// wird aufgegeben, beendet `beende_alle` seine Programme trotzdem.
/// Zu jedem auch seine Fehlerausgabe, damit ein ✗ den Absturz nennen kann.
static LEBENDE: Mutex<Vec<Eintrag>> = Mutex::new(Vec::new());

/// Höchstens so viele Bytes hebt der Prüfer je Ausgabestrom auf (1 MiB);
/// wer mehr schreibt, wird beendet und bekommt ein ✗.
pub const AUSGABE_MAX: usize = 1 << 20;

/// Mehr Zeilen auf stdout hebt der Prüfer nicht auf (zählt als Überlauf).
const ZEILEN_MAX: usize = 20_000;

/// So viel stderr je Programm hebt der Prüfer auf.
const STDERR_MAX: usize = 65_536;

/// Höchstens so viel stderr je Schritt kommt in die JUnit-Ausgabe.
pub const STDERR_IM_BERICHT: usize = 8192;

/// Was nach einem Schritt übrig bleibt, wenn alle seine Programme beendet sind.
pub struct Aufgeraeumt {
    /// Die Fehlerausgabe aller Programme des Schritts (gekürzt) für den Bericht.
    pub stderr: String,
    /// Hat eines zu viel ausgegeben? Dann welcher Strom.
    pub ueberlauf: Option<Strom>,
}

/// Beendet alle Programme des Schritts samt ihrer Prozessgruppen.
pub fn beende_alle() -> Aufgeraeumt {
    let liste = std::mem::take(&mut *LEBENDE.lock().unwrap_or_else(|e| e.into_inner()));
    for e in &liste {
        e.griff.beende();
    }
    let mut fehler = Vec::new();
    let mut ueberlauf = None;
    for e in &liste {
        let _ = e.griff.warte_auf_stderr_ende(Duration::from_millis(500));
        let f = e.griff.stderr();
        if fehler.len() < STDERR_IM_BERICHT {
            let rest = STDERR_IM_BERICHT - fehler.len();
            fehler.extend_from_slice(&f[..f.len().min(rest)]);
        }
        ueberlauf = ueberlauf.or(e.griff.ueberlauf());
    }
    Aufgeraeumt {
        stderr: String::from_utf8_lossy(&fehler).into_owned(),
        ueberlauf,
    }
}

/// Woran ein Programm gescheitert ist, laut seiner Fehlerausgabe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absturzart {
    /// `todo!()` oder `raise NotImplementedError`.
    Platzhalter,
    /// Eine Rust-Panik.
    Panik,
    /// Eine Python-Ausnahme mit Traceback.
    Ausnahme,
}

impl Absturzart {
    /// Die Art in einem Satz, in der Sprache des geprüften Programms.
    pub fn text(self) -> &'static str {
        match self {
            Absturzart::Platzhalter => sprich(
                "Im Programm steht noch ein Platzhalter (todo!()).",
                "Im Programm steht noch ein Platzhalter (raise NotImplementedError).",
            ),
            Absturzart::Panik => "Das Programm ist abgestürzt (panic).",
            Absturzart::Ausnahme => {
                "Das Programm ist abgestürzt (Python-Ausnahme, siehe Traceback)."
            }
        }
    }
}

/// Warum ein Programm abgestürzt ist, mit einem Auszug aus stderr.
pub struct Absturz {
    pub art: Absturzart,
    /// Die letzten Zeilen von stderr.
    pub auszug: String,
}

/// Ist eines der Programme dieses Schritts abgestürzt (panic, todo!(),
/// Python-Traceback), und hat noch kein ✗ das gesagt? Wartet, bis stderr
/// der beendeten Programme zu Ende gelesen ist.
pub fn absturz_hinweis() -> Option<Absturz> {
    let liste = LEBENDE.lock().unwrap_or_else(|e| e.into_inner());
    for e in liste.iter() {
        if e.griff.status().is_some() {
            let _ = e.griff.warte_auf_stderr_ende(Duration::from_secs(1));
        }
    }
    for e in liste.iter() {
        if e.gemeldet.load(Ordering::SeqCst) {
            continue;
        }
        if let Some(h) = deute_stderr(&String::from_utf8_lossy(&e.griff.stderr())) {
            e.gemeldet.store(true, Ordering::SeqCst);
            return Some(h);
        }
    }
    None
}

/// Ob das geprüfte Programm in Python geschrieben ist (für die Tipps).
static PYTHON: AtomicBool = AtomicBool::new(false);

/// Merkt sich, ob das geprüfte Programm ein Python-Programm ist.
pub fn setze_python(ja: bool) {
    PYTHON.store(ja, Ordering::SeqCst);
}

pub fn ist_python() -> bool {
    PYTHON.load(Ordering::SeqCst)
}

/// Der Tipp in der Sprache des geprüften Programms.
pub fn sprich<'a>(rust: &'a str, python: &'a str) -> &'a str {
    if ist_python() { python } else { rust }
}

/// Deutet stderr (die Ausgabe der Schülerin, nicht die des Prüfers):
/// Platzhalter oder Absturz, mit den letzten Zeilen.
fn deute_stderr(fehler: &str) -> Option<Absturz> {
    let art = if fehler.contains("not yet implemented") || fehler.contains("NotImplementedError") {
        Absturzart::Platzhalter
    } else if fehler.contains("panicked") {
        Absturzart::Panik
    } else if fehler.contains("Traceback") {
        Absturzart::Ausnahme
    } else {
        return None;
    };
    let letzte: Vec<&str> = fehler.trim_end().lines().rev().take(3).collect();
    let letzte: Vec<&str> = letzte.into_iter().rev().collect();
    Some(Absturz {
        art,
        auszug: kuerze(&letzte.join(" | "), 300),
    })
}

/// Warum ein Server nicht richtig startete – damit der Bericht das nur
/// einmal ausführlich sagt statt bei jedem Schritt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Startfehler {
    /// Keine erste Zeile, obwohl das Programm läuft (meist: nicht geflusht).
    KeineZeile,
    /// Das Programm endete vor der ersten Zeile.
    Beendet,
    /// Die erste Zeile endet nicht mit einer Adresse.
    KeineAdresse,
    /// Die erste Zeile nennt Port 0.
    PortNull,
    /// Auf der genannten Adresse ist kein Socket gebunden.
    NichtGebunden,
}

/// Der erste Startfehler mit der Nummer des Schritts, in dem er geschah.
static STARTFEHLER: Mutex<Option<(u64, Startfehler)>> = Mutex::new(None);

/// Die Nummer des laufenden Schritts. Ein aufgegebener Schritt läuft auf
/// seinem Thread noch weiter; sein Startfehler darf keinem späteren
/// Schritt zugeschrieben werden.
static SCHRITT: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static MEIN_SCHRITT: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// Beginnt Schritt `nr`: für den Prüfer und für den Thread des Schritts.
pub fn beginne_schritt(nr: u64) {
    SCHRITT.store(nr, Ordering::SeqCst);
}

/// Merkt sich auf dem Thread eines Schritts dessen Nummer.
pub fn bin_schritt(nr: u64) {
    MEIN_SCHRITT.with(|m| m.set(Some(nr)));
}

fn merke_startfehler(art: Startfehler) {
    let nr = MEIN_SCHRITT
        .with(|m| m.get())
        .unwrap_or_else(|| SCHRITT.load(Ordering::SeqCst));
    let mut s = STARTFEHLER.lock().unwrap_or_else(|e| e.into_inner());
    if s.is_none_or(|(alt, _)| alt != nr) {
        *s = Some((nr, art));
    }
}

/// Der erste Startfehler des Schritts `nr` (und vergisst ihn).
pub fn nimm_startfehler(nr: u64) -> Option<Startfehler> {
    match STARTFEHLER.lock().unwrap_or_else(|e| e.into_inner()).take() {
        Some((n, art)) if n == nr => Some(art),
        _ => None,
    }
}

impl Ctx {
    /// Startet das Programm mit diesen Argumenten und Umgebungsvariablen:
    /// in eigener Prozessgruppe, ohne `PYTHONUNBUFFERED` (es verdeckte ein
    /// fehlendes flush(), auch wenn der Aufrufer es gesetzt hat), mit
    /// höchstens [`AUSGABE_MAX`] Bytes je Strom.
    pub fn starte(&self, args: &[&str], env: &[(&str, &str)]) -> Result<Kind, Fehlschlag> {
        let mut befehl = Command::new(&self.programm.befehl);
        befehl.args(&self.programm.vor_args).args(args);
        for (k, v) in env {
            befehl.env(k, v);
        }
        let einstellung = Einstellung {
            grenze: Some(Grenze {
                bytes: AUSGABE_MAX,
                zeilen: ZEILEN_MAX,
            }),
            stderr_behalten: STDERR_MAX,
            ..Einstellung::getrennt()
        };
        let prozess = match pruefstand::Prozess::starte(befehl, &einstellung) {
            Ok(p) => p,
            Err(Fehlerart::NichtGestartet { programm, grund }) => {
                return falsch(format!(
                    "Das Programm {} lässt sich nicht starten: {grund}",
                    programm.display()
                ));
            }
            Err(e) => return falsch(format!("Der Prüfer kann das Programm nicht starten: {e}")),
        };
        let gemeldet = Arc::new(AtomicBool::new(false));
        LEBENDE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Eintrag {
                griff: prozess.griff(),
                gemeldet: Arc::clone(&gemeldet),
            });
        Ok(Kind {
            prozess,
            gemeldet,
            frist: self.frist,
        })
    }

    /// Startet einen Server: Die Adresse `127.0.0.1:0` kommt als erstes
    /// Argument und in der Umgebungsvariable `ADRESSE`. Liest die erste Zeile
    /// und deutet ihr letztes Wort als Adresse.
    pub fn server(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<(Kind, SocketAddr), Fehlschlag> {
        let mut alle_args = vec!["127.0.0.1:0"];
        alle_args.extend_from_slice(args);
        let mut env: Vec<(&str, &str)> = env.to_vec();
        env.push(("ADRESSE", "127.0.0.1:0"));
        let mut kind = self.starte(&alle_args, &env)?;
        let adresse = kind.adresse_aus_erster_zeile()?;
        Ok((kind, adresse))
    }

    /// Verbindet sich mit Frist und setzt Lese- und Schreib-Timeouts.
    pub fn verbinde(&self, adresse: SocketAddr) -> Result<Verbindung, Fehlschlag> {
        Verbindung::neu(adresse, self.frist)
    }
}

/// Ein laufendes Programm. `Drop` beendet es samt seiner Prozessgruppe.
pub struct Kind {
    prozess: pruefstand::Prozess,
    /// Hat ein ✗ den Absturz dieses Programms schon genannt?
    gemeldet: Arc<AtomicBool>,
    frist: Duration,
}

impl Kind {
    /// Die nächste Zeile auf stdout, höchstens `frist` lang.
    pub fn zeile_in(&mut self, frist: Duration) -> Result<String, Fehlschlag> {
        match self.prozess.naechste_zeile(frist) {
            Ok(z) => Ok(z),
            Err(Fehlerart::Frist) => falsch(format!(
                "Nach {} kam keine weitere Ausgabezeile.{}",
                dauer(frist),
                self.bisher()
            )),
            Err(Fehlerart::AusgabeZu) => {
                let status = self.warte_kurz();
                falsch(format!(
                    "Das Programm hat sich beendet{status}, bevor die erwartete Zeile kam.{}",
                    self.stderr_hinweis()
                ))
            }
            Err(e) => falsch(format!("Der Prüfer kann die Ausgabe nicht lesen: {e}")),
        }
    }

    pub fn zeile(&mut self) -> Result<String, Fehlschlag> {
        self.zeile_in(self.frist)
    }

    /// Wartet auf eine Zeile, die genau `erwartet` lautet, und überspringt
    /// andere Zeilen nicht: Die nächste Zeile muss es sein.
    pub fn erwarte_zeile(&mut self, erwartet: &str) -> Urteil {
        let z = self.zeile()?;
        if z == erwartet {
            Ok(())
        } else {
            falsch(format!(
                "Erwartet war die Ausgabezeile {erwartet:?}, gekommen ist {z:?}."
            ))
        }
    }

    /// Liest die erste Zeile, z. B. `Server lauscht auf 127.0.0.1:41234`, und
    /// deutet ihr letztes Wort als Adresse. Geht das schief, nennt das ✗ die
    /// wahrscheinliche Ursache und der Schritt merkt sich den Startfehler.
    pub fn adresse_aus_erster_zeile(&mut self) -> Result<SocketAddr, Fehlschlag> {
        let beispiel = "z. B. \"Server lauscht auf 127.0.0.1:41234\"";
        let lokale_adresse = sprich("listener.local_addr()", "sock.getsockname()");
        // Der Start selbst wird nicht geprüft: Unter Last (oder beim ersten
        // Start eines Python-Interpreters) darf er doppelt so lange dauern.
        let startfrist = self.frist * 2;
        let zeile = match self.prozess.naechste_zeile(startfrist) {
            Ok(z) => z,
            Err(Fehlerart::Frist) => {
                merke_startfehler(Startfehler::KeineZeile);
                let rat = sprich(
                    "Häufigste Ursache: Die Zeile steckt noch im Puffer. println! schreibt \
                     sofort, print! oder ein BufWriter erst nach flush(). Oder das Programm wartet \
                     vor der Ausgabe auf etwas (liest es stdin?).",
                    "Häufigste Ursache: Die Zeile steckt noch im Puffer, weil stdout in eine \
                     Pipe geht. Schreibe print(..., flush=True). Oder das Programm wartet vor der \
                     Ausgabe auf etwas (input()?).",
                );
                return falsch(format!(
                    "Der Server hat nach {} keine erste Zeile ausgegeben.{} {rat} Die erste \
                     Zeile auf stdout muss mit der gebundenen Adresse enden, {beispiel}.",
                    dauer(startfrist),
                    self.bisher()
                ));
            }
            Err(Fehlerart::AusgabeZu) => {
                merke_startfehler(Startfehler::Beendet);
                let status = self.warte_kurz();
                return falsch(format!(
                    "Das Programm hat sich beendet{status}, bevor es seine Adresse meldete.{}",
                    self.stderr_hinweis()
                ));
            }
            Err(e) => return falsch(format!("Der Prüfer kann die Ausgabe nicht lesen: {e}")),
        };
        match pruefstand::angesagte_adresse(&zeile) {
            Ok(adresse) => Ok(adresse),
            Err(Fehlerart::PortNull { .. }) => {
                merke_startfehler(Startfehler::PortNull);
                falsch(format!(
                    "Die erste Zeile {zeile:?} nennt Port 0. Das ist die Adresse aus dem Argument; \
                     das System wählt beim Binden einen freien Port. Gib die wirklich gebundene \
                     Adresse aus {lokale_adresse} aus."
                ))
            }
            Err(Fehlerart::NichtGebunden { adresse, .. }) => {
                merke_startfehler(Startfehler::NichtGebunden);
                falsch(format!(
                    "Die erste Zeile {zeile:?} nennt {adresse}, aber dort ist kein Socket gebunden. \
                     Binde die Adresse aus dem ersten Argument und gib dann aus, was \
                     {lokale_adresse} liefert – keine ausgedachte oder feste Adresse."
                ))
            }
            Err(_) => {
                merke_startfehler(Startfehler::KeineAdresse);
                falsch(format!(
                    "Die erste Zeile {zeile:?} endet nicht mit einer Adresse. Gib die Adresse aus \
                     {lokale_adresse} aus, {beispiel}."
                ))
            }
        }
    }

    /// Alle bisher gelesenen Zeilen von stdout.
    pub fn alle_zeilen(&self) -> Vec<String> {
        self.prozess.zeilen()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.prozess.stderr()).into_owned()
    }

    /// Wartet höchstens `frist` auf das Ende des Programms.
    pub fn ende_in(&mut self, frist: Duration) -> Result<ExitStatus, Fehlschlag> {
        match self.prozess.warte_auf_ende(frist) {
            Ok(status) => {
                // Ausgabe-Threads zu Ende lesen lassen.
                let _ = self.prozess.warte_auf_ausgabe_ende(Duration::from_secs(2));
                Ok(status)
            }
            Err(Fehlerart::Frist) => falsch(format!(
                "Das Programm hat sich nach {} noch nicht beendet.{}",
                dauer(frist),
                self.bisher()
            )),
            Err(e) => falsch(format!(
                "Der Prüfer kann das Programm nicht beobachten: {e}"
            )),
        }
    }

    /// Das Programm muss sich innerhalb der Frist beenden, und zwar mit einem
    /// Fehler-Exit-Code, einer Meldung auf stderr und ohne Panik.
    pub fn erwarte_fehlerende(&mut self, frist: Duration) -> Urteil {
        let status = self.ende_in(frist)?;
        let fehler = self.stderr();
        if fehler.contains("panicked") || fehler.contains("Traceback") {
            let rat = sprich(
                "Reiche den Fehler mit ? bis main weiter (statt unwrap/expect)",
                "Fange die Ausnahme mit try/except ab",
            );
            return falsch(format!(
                "Das Programm ist abgestürzt statt eine Fehlermeldung auszugeben. {rat} und gib \
                 ihn auf Deutsch mit Rat aus. stderr: {}",
                kuerze(&fehler, 300)
            ));
        }
        if status.success() {
            return falsch(format!(
                "Das Programm endete mit Exit-Code 0, obwohl es gescheitert ist. Gib bei einem \
                 Fehler einen Exit-Code ungleich 0 zurück ({}).",
                sprich("ExitCode::FAILURE", "sys.exit(1)")
            ));
        }
        if fehler.trim().is_empty() {
            return falsch(
                "Das Programm endete ohne Fehlermeldung auf stderr. Sag, was schiefging.",
            );
        }
        Ok(())
    }

    /// „ (Exit-Code N)“, wenn das Programm innerhalb von 500 ms endet.
    fn warte_kurz(&self) -> String {
        match self.prozess.warte_auf_ende(Duration::from_millis(500)) {
            Ok(status) => match status.code() {
                Some(c) => format!(" (Exit-Code {c})"),
                None => " (durch ein Signal)".to_string(),
            },
            Err(_) => String::new(),
        }
    }

    /// Die letzten Zeilen von stderr als Hinweis, samt Deutung. Ist das
    /// Programm beendet, wartet er, bis stderr ganz gelesen ist.
    pub fn stderr_hinweis(&self) -> String {
        if self.prozess.status().is_some() {
            let _ = self.prozess.warte_auf_stderr_ende(Duration::from_secs(1));
        }
        let fehler = self.stderr();
        self.gemeldet.store(true, Ordering::SeqCst);
        if let Some(h) = deute_stderr(&fehler) {
            return format!(" {} stderr: {}", h.art.text(), h.auszug);
        }
        let mut hinweis = String::new();
        if !fehler.trim().is_empty() {
            let letzte: Vec<&str> = fehler.trim_end().lines().rev().take(4).collect();
            let letzte: Vec<&str> = letzte.into_iter().rev().collect();
            hinweis.push_str(&format!(" stderr: {}", kuerze(&letzte.join(" | "), 400)));
        }
        hinweis
    }

    fn bisher(&self) -> String {
        let zeilen = self.alle_zeilen();
        if zeilen.is_empty() {
            " Bisher hat es nichts auf stdout ausgegeben.".to_string()
        } else {
            let letzte: Vec<String> = zeilen.iter().rev().take(3).rev().cloned().collect();
            format!(" Bisherige Ausgabe endet mit: {letzte:?}.")
        }
    }
}

/// Eine Dauer, lesbar: „3 s“ oder „300 ms“.
pub fn dauer(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{} s", d.as_secs())
    } else if d >= Duration::from_secs(1) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

pub fn kuerze(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let anfang: String = text.chars().take(max).collect();
        format!("{anfang} …")
    }
}

/// Bytes lesbar machen: `b"Hallo\n"` → `"Hallo\n"` (mit Escapes). Bytes,
/// die kein gültiges UTF-8 sind, erscheinen als `\xff`, nicht als �.
pub fn zeig(bytes: &[u8]) -> String {
    let mut text = String::from("\"");
    for stueck in bytes.utf8_chunks() {
        for c in stueck.valid().chars() {
            text.extend(c.escape_debug());
        }
        for b in stueck.invalid() {
            text.push_str(&format!("\\x{b:02x}"));
        }
    }
    text.push('"');
    kuerze(&text, 200)
}

fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Eine TCP-Verbindung des Prüfers mit eigenem Lesepuffer.
pub struct Verbindung {
    pub strom: TcpStream,
    puffer: Vec<u8>,
    frist: Duration,
    /// Kam die Antwort, bevor die Eingabe vollständig war? (gesendet, gesamt)
    zu_frueh: Option<(usize, usize)>,
}

impl Verbindung {
    pub fn neu(adresse: SocketAddr, frist: Duration) -> Result<Verbindung, Fehlschlag> {
        let strom = TcpStream::connect_timeout(&adresse, frist).map_err(|e| {
            let rat = match e.kind() {
                io::ErrorKind::ConnectionRefused => {
                    " Dort lauscht niemand: Ist der Server abgestürzt oder hat er sich schon beendet? \
                     Ein Server bleibt nach einem Client für den nächsten da."
                }
                _ if ist_timeout(&e) => " Der Server nimmt keine Verbindungen an (Warteschlange voll?).",
                _ => "",
            };
            format!("Keine Verbindung zu {adresse}: {e}.{rat}")
        })?;
        strom.set_nodelay(true).ok();
        strom.set_write_timeout(Some(frist)).ok();
        Ok(Verbindung {
            strom,
            puffer: Vec::new(),
            frist,
            zu_frueh: None,
        })
    }

    pub fn lokale_adresse(&self) -> SocketAddr {
        self.strom
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn sende(&mut self, bytes: &[u8]) -> Urteil {
        self.strom.write_all(bytes).map_err(|e| {
            Fehlschlag::Falsch(if ist_timeout(&e) {
                format!(
                    "Der Server nimmt nach {} keine Daten mehr an: Liest er überhaupt?",
                    dauer(self.frist)
                )
            } else {
                format!("Senden an den Server ist gescheitert: {e}. Hat der Server die Verbindung geschlossen?")
            })
        })
    }

    /// Sendet in Stücken von `stueck` Bytes mit Pausen dazwischen – so kommt
    /// jedes Stück einzeln beim Server an.
    ///
    /// Antwortet der Server schon, bevor die erste Zeile vollständig
    /// gesendet ist, hört das Senden auf; die verfrühte Antwort bleibt im Puffer, und die nächste
    /// Zeilenprüfung nennt den Grund.
    pub fn sende_stueckweise(&mut self, bytes: &[u8], stueck: usize, pause: Duration) -> Urteil {
        let mut gesendet = 0;
        for teil in bytes.chunks(stueck.max(1)) {
            // Nur vor dem ersten \n ist eine Antwort sicher verfrüht.
            if gesendet > 0 && !bytes[..gesendet].contains(&b'\n') && self.schon_geantwortet() {
                self.zu_frueh = Some((gesendet, bytes.len()));
                return Ok(());
            }
            self.sende(teil)?;
            gesendet += teil.len();
            thread::sleep(pause);
        }
        Ok(())
    }

    /// Liegt schon eine Antwort bereit? Liest ohne zu blockieren.
    fn schon_geantwortet(&mut self) -> bool {
        if !self.puffer.is_empty() {
            return true;
        }
        if self.strom.set_nonblocking(true).is_ok() {
            let mut tmp = [0u8; 4096];
            let ergebnis = self.strom.read(&mut tmp);
            let _ = self.strom.set_nonblocking(false);
            match ergebnis {
                Ok(0) => return true,
                Ok(n) => {
                    self.puffer.extend_from_slice(&tmp[..n]);
                    return true;
                }
                Err(_) => {}
            }
        }
        false
    }

    pub fn schliesse_schreiben(&mut self) {
        let _ = self.strom.shutdown(Shutdown::Write);
    }

    /// Liest weiter in den Puffer; `Ok(0)` heißt Verbindungsende.
    fn fuelle(&mut self, ende: Instant) -> io::Result<usize> {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "Frist abgelaufen"));
        }
        self.strom.set_read_timeout(Some(rest))?;
        let mut tmp = [0u8; 65536];
        let n = self.strom.read(&mut tmp)?;
        self.puffer.extend_from_slice(&tmp[..n]);
        Ok(n)
    }

    fn lesefehler(&self, e: io::Error, was: &str) -> Fehlschlag {
        let angekommen = if self.puffer.is_empty() {
            String::new()
        } else {
            format!(" Angekommen ist nur {}.", zeig(&self.puffer))
        };
        Fehlschlag::Falsch(if ist_timeout(&e) {
            format!("Nach {} fehlt noch {was}.{angekommen}", dauer(self.frist))
        } else if e.kind() == io::ErrorKind::ConnectionReset {
            format!(
                "Die Verbindung wurde zurückgesetzt (ConnectionReset), während der Prüfer auf \
                 {was} wartete – ist der Server abgestürzt?{angekommen}"
            )
        } else {
            format!(
                "Lesen ist gescheitert ({e}), während der Prüfer auf {was} wartete.{angekommen}"
            )
        })
    }

    /// Eine Zeile als Bytes, ohne `\n` (höchstens `max` Bytes).
    pub fn zeile_bytes(&mut self) -> Result<Vec<u8>, Fehlschlag> {
        let ende = Instant::now() + self.frist;
        loop {
            if let Some(pos) = self.puffer.iter().position(|&b| b == b'\n') {
                let mut zeile: Vec<u8> = self.puffer.drain(..=pos).collect();
                zeile.pop();
                return Ok(zeile);
            }
            match self.fuelle(ende) {
                Ok(0) => {
                    return falsch(if self.puffer.is_empty() {
                        "Der Server hat die Verbindung geschlossen, ohne (weiter) zu antworten."
                            .to_string()
                    } else {
                        format!(
                            "Der Server hat die Verbindung geschlossen; die letzte Antwort {} hat \
                             kein \\n am Ende. Schließe jede Zeile mit \\n ab.",
                            zeig(&self.puffer)
                        )
                    });
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(self.lesefehler(e, "eine vollständige Zeile (mit \\n am Ende)"));
                }
            }
        }
    }

    /// Eine Zeile als Text (ungültiges UTF-8 wird zu �), ohne `\n`.
    pub fn zeile(&mut self) -> Result<String, Fehlschlag> {
        Ok(String::from_utf8_lossy(&self.zeile_bytes()?).into_owned())
    }

    /// Die nächste Zeile muss genau `erwartet` sein (ohne `\n`).
    pub fn erwarte_zeile(&mut self, erwartet: &str) -> Urteil {
        let bytes = self.zeile_bytes()?;
        if bytes == erwartet.as_bytes() {
            return Ok(());
        }
        let mut grund = format!(
            "Erwartet war die Zeile {:?}, gekommen ist {}.",
            erwartet,
            zeig(&bytes)
        );
        if let Some((gesendet, gesamt)) = self.zu_frueh {
            grund.push_str(&format!(
                " Die Antwort kam schon nach {gesendet} von {gesamt} Bytes, die der Prüfer in \
                 kleinen Stücken schickte. TCP kennt keine Nachrichtengrenzen: Lies bis zum \
                 Zeilenende \\n, statt nur einmal {} aufzurufen.",
                sprich(
                    "read() (read_until mit take)",
                    "recv() (sock.makefile('rb').readline(grenze))"
                )
            ));
        } else if bytes.ends_with(b"\r") && &bytes[..bytes.len() - 1] == erwartet.as_bytes() {
            grund.push_str(" Am Ende steht ein \\r zu viel: Schicke nur \\n.");
        } else if !bytes.is_empty() && erwartet.as_bytes().starts_with(&bytes) {
            grund.push_str(&format!(
                " Die Antwort ist abgeschnitten: Kam deine Eingabe in mehreren Teilen an? Lies bis \
                 zum Zeilenende \\n, statt nur einmal {} aufzurufen.",
                sprich("read()", "recv()")
            ));
        }
        falsch(grund)
    }

    /// Die Gegenseite muss die Verbindung schließen, ohne noch etwas zu schicken.
    pub fn erwarte_ende(&mut self) -> Urteil {
        let ende = Instant::now() + self.frist;
        loop {
            if !self.puffer.is_empty() {
                return falsch(format!(
                    "Statt die Verbindung zu schließen, schickte der Server noch {}.",
                    zeig(&self.puffer)
                ));
            }
            match self.fuelle(ende) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return Ok(()),
                Err(e) if ist_timeout(&e) => {
                    return falsch(format!(
                        "Der Server hat die Verbindung nach {} nicht geschlossen. Schließe sie \
                         ({}), sonst wartet der Client ewig.",
                        dauer(self.frist),
                        sprich("drop", "close()")
                    ));
                }
                Err(e) => return falsch(format!("Lesen ist gescheitert: {e}")),
            }
        }
    }

    /// Liest genau `n` Bytes.
    pub fn lies_genau(&mut self, n: usize) -> Result<Vec<u8>, Fehlschlag> {
        let ende = Instant::now() + self.frist;
        while self.puffer.len() < n {
            match self.fuelle(ende) {
                Ok(0) => {
                    return falsch(format!(
                        "Der Server hat die Verbindung nach {} von {n} erwarteten Bytes geschlossen.",
                        self.puffer.len()
                    ));
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.lesefehler(e, &format!("eine Antwort mit {n} Bytes"))),
            }
        }
        Ok(self.puffer.drain(..n).collect())
    }

    /// Liest alles bis zum Verbindungsende (höchstens `max` Bytes).
    pub fn lies_bis_ende(&mut self, max: usize) -> Result<Vec<u8>, Fehlschlag> {
        let ende = Instant::now() + self.frist;
        loop {
            if self.puffer.len() > max {
                return falsch(format!("Mehr als {max} Bytes – das ist zu viel."));
            }
            match self.fuelle(ende) {
                Ok(0) => return Ok(std::mem::take(&mut self.puffer)),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Schließt die Gegenseite mit ungelesenen Daten, schickt ihr
                // System ein RST; was schon da ist, zählt trotzdem.
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset && !self.puffer.is_empty() => {
                    return Ok(std::mem::take(&mut self.puffer));
                }
                Err(e) => {
                    return Err(self
                        .lesefehler(e, "das Ende der Verbindung (der Server schloss sie nicht)"));
                }
            }
        }
    }

    /// Was ohne Warten noch im Puffer liegt oder innerhalb von `warte` kommt.
    pub fn kommt_noch_etwas(&mut self, warte: Duration) -> Option<Vec<u8>> {
        if self.puffer.is_empty() {
            let _ = self.fuelle(Instant::now() + warte);
        }
        if self.puffer.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.puffer))
        }
    }
}

/// Liegt die Adresse auf Loopback, und lauscht auf diesem Port kein Socket
/// auf allen Schnittstellen? Unter Linux sieht der Prüfer zusätzlich in
/// `/proc/net/tcp` bzw. `/proc/net/udp` nach – dort stehen die wirklich
/// gebundenen Adressen, egal was das Programm ausgibt.
pub fn nur_loopback(adresse: SocketAddr, udp: bool) -> Urteil {
    if adresse.ip().is_unspecified() {
        return falsch(format!(
            "Dein Server lauscht auf allen Schnittstellen ({adresse}) und ist damit aus dem ganzen \
             Netz erreichbar. Binde die Adresse aus dem Argument (127.0.0.1), nicht 0.0.0.0."
        ));
    }
    if !adresse.ip().is_loopback() {
        return falsch(format!(
            "Dein Server lauscht auf {adresse}, nicht auf Loopback (127.0.0.1 oder ::1)."
        ));
    }
    let dateien: &[&str] = if udp {
        &["/proc/net/udp", "/proc/net/udp6"]
    } else {
        &["/proc/net/tcp", "/proc/net/tcp6"]
    };
    let sockets = pruefstand::gebundene_sockets(dateien).unwrap_or_default();
    // 0A = LISTEN (TCP); bei UDP zählt jeder gebundene Socket (07).
    let offen = sockets.iter().find(|s| {
        (udp || s.zustand == "0A") && s.port == adresse.port() && s.alle_schnittstellen()
    });
    if let Some(s) = offen {
        return falsch(format!(
            "Laut {} lauscht auf Port {} ein Socket auf allen Schnittstellen (0.0.0.0 bzw. ::), \
             auch wenn die Ausgabe {adresse} nennt. Binde nur 127.0.0.1.",
            s.datei,
            adresse.port()
        ));
    }
    Ok(())
}

/// Ein Port auf 127.0.0.1, auf dem sicher niemand lauscht.
pub fn freier_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9)
}

/// Ein „stiller“ Port: Der Listener hat eine Warteschlange der Länge 0 und
/// nimmt nie an. Ist sie voll, verwirft das Betriebssystem jedes weitere SYN
/// – ein connect() ohne Timeout hängt dann (unter Linux minutenlang), so wie
/// bei einem Rechner hinter einer Firewall, die Pakete schluckt.
pub struct StillerPort {
    pub adresse: SocketAddr,
    _listener: socket2::Socket,
    _fueller: Vec<TcpStream>,
}

///
/// `port` 0 lässt das System wählen. `None`, wenn dieses System volle
/// Warteschlangen anders behandelt (dann wird der Schritt übersprungen).
pub fn stiller_port(port: u16) -> Option<StillerPort> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).ok()?;
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], port)).into())
        .ok()?;
    socket.listen(0).ok()?;
    let adresse = socket.local_addr().ok()?.as_socket()?;
    let mut fueller = Vec::new();
    for _ in 0..8 {
        match TcpStream::connect_timeout(&adresse, Duration::from_millis(200)) {
            Ok(s) => fueller.push(s),
            Err(e) if ist_timeout(&e) => {
                return Some(StillerPort {
                    adresse,
                    _listener: socket,
                    _fueller: fueller,
                });
            }
            Err(_) => return None,
        }
    }
    None
}

/// Ein UDP-Socket des Prüfers mit Lese-Timeout.
pub fn udp_socket(frist: Duration) -> Result<UdpSocket, Fehlschlag> {
    let s = UdpSocket::bind("127.0.0.1:0").map_err(|e| format!("UDP-Socket des Prüfers: {e}"))?;
    s.set_read_timeout(Some(frist)).ok();
    Ok(s)
}

/// Empfängt ein Datagramm; ein Timeout wird zum ✗ mit Grund.
pub fn udp_empfange(
    s: &UdpSocket,
    frist: Duration,
    wofuer: &str,
) -> Result<(Vec<u8>, SocketAddr), Fehlschlag> {
    let mut puffer = vec![0u8; 65536];
    match s.recv_from(&mut puffer) {
        Ok((n, von)) => Ok((puffer[..n].to_vec(), von)),
        Err(e) if ist_timeout(&e) => falsch(format!(
            "Nach {} kam keine Antwort auf {wofuer}. Antwortest du mit send_to an die Adresse, \
             die recv_from geliefert hat?",
            dauer(frist)
        )),
        Err(e) => falsch(format!("Empfangen ist gescheitert: {e}")),
    }
}

/// Ein Listener des Prüfers (für Client-Aufgaben) mit Frist beim accept().
pub fn nimm_an(
    listener: &TcpListener,
    frist: Duration,
    wer: &str,
) -> Result<TcpStream, Fehlschlag> {
    listener.set_nonblocking(true).ok();
    let ende = Instant::now() + frist;
    loop {
        match listener.accept() {
            Ok((s, _)) => {
                s.set_nonblocking(false).ok();
                s.set_read_timeout(Some(frist)).ok();
                s.set_write_timeout(Some(frist)).ok();
                return Ok(s);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < ende => {
                // accept() mit Frist gibt es in std nicht; kurz nachsehen genügt.
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                return falsch(format!(
                    "Dein Client hat sich nach {} nicht mit {wer} verbunden.",
                    dauer(frist)
                ));
            }
            Err(e) => return falsch(format!("accept() des Prüfers ist gescheitert: {e}")),
        }
    }
}

/// Ein Listener des Prüfers auf 127.0.0.1 mit freiem Port.
pub fn pruef_listener() -> Result<TcpListener, Fehlschlag> {
    TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Fehlschlag::Falsch(format!("Der Prüfer kann keinen Port binden: {e}")))
}

/// Liest eine Zeile vom Client (Prüfer als Server), höchstens 4096 Bytes.
pub fn lies_zeile_von(s: &TcpStream, wofuer: &str) -> Result<String, Fehlschlag> {
    let mut zeile = Vec::new();
    let mut leser = BufReader::new(s).take(4096);
    match leser.read_until(b'\n', &mut zeile) {
        Ok(_) if zeile.ends_with(b"\n") => {
            zeile.pop();
            Ok(String::from_utf8_lossy(&zeile)
                .trim_end_matches('\r')
                .to_string())
        }
        Ok(_) => falsch(format!(
            "Dein Client hat {wofuer} nicht als ganze Zeile geschickt (angekommen: {}). Schließe \
             sie mit \\n ab.",
            zeig(&zeile)
        )),
        Err(e) if ist_timeout(&e) => falsch(format!(
            "Dein Client hat {wofuer} nicht geschickt (angekommen: {}).",
            zeig(&zeile)
        )),
        Err(e) => falsch(format!("Lesen vom Client ist gescheitert: {e}")),
    }
}

/// Ergänzt den Grund eines ✗ vorne oder hinten.
pub trait Ergaenze<T> {
    /// Stellt `text` vor den Grund, z. B. „Client 2 von 3:“.
    fn vorn(self, text: &str) -> Result<T, Fehlschlag>;
    /// Hängt einen Tipp an den Grund.
    fn tipp(self, text: &str) -> Result<T, Fehlschlag>;
}

impl<T> Ergaenze<T> for Result<T, Fehlschlag> {
    fn vorn(self, text: &str) -> Result<T, Fehlschlag> {
        self.map_err(|f| match f {
            Fehlschlag::Falsch(g) => Fehlschlag::Falsch(format!("{text} {g}")),
            andere => andere,
        })
    }
    fn tipp(self, text: &str) -> Result<T, Fehlschlag> {
        self.map_err(|f| match f {
            Fehlschlag::Falsch(g) => Fehlschlag::Falsch(format!("{g} {text}")),
            andere => andere,
        })
    }
}

/// Der Grund, wenn kein stiller Port gebaut werden kann.
pub fn kein_stiller_port() -> Fehlschlag {
    Fehlschlag::Uebersprungen(
        "Auf diesem System lässt sich kein stiller Port bauen (volle Warteschlange wird nicht \
         verworfen)."
            .to_string(),
    )
}

/// Kann der Prüfer selbst IPv6-Loopback (::1) benutzen?
pub fn ipv6_da() -> bool {
    TcpListener::bind("[::1]:0").is_ok()
}

/// Eine kleine Zufallszahl ohne eigene Crate: Zeit und Prozess-ID gemischt.
pub fn zufall(bis: u64) -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = t ^ (u64::from(std::process::id()) << 32) ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x % bis.max(1)
}

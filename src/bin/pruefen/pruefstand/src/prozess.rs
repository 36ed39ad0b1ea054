//! Ein gestartetes Programm, seine mitgelesenen Ausgaben und die
//! Wartestellen darauf. Jede Wartestelle hat eine Frist und liefert
//! [`Fehlerart::Frist`] oder [`Fehlerart::AusgabeZu`] statt zu hängen.

use std::io::{self, Read, Write};
use std::ops::Deref;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::start::{beende_gruppe, starte_in_gruppe, vergiss_gruppe};
use super::{Fehlerart, Strom};

/// Wohin stdout und stderr gehen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroeme {
    /// Wie im Terminal in eine Pipe: Der Mitschnitt zeigt Ausgaben und
    /// Fehlermeldungen in der Reihenfolge, in der das Programm sie schreibt.
    Gemeinsam,
    /// Getrennt: Zeilen kommen nur von stdout, stderr liegt für sich.
    Getrennt,
}

/// Wie viel ein Programm je Strom ausgeben darf, bevor es beendet wird.
#[derive(Clone, Copy, Debug)]
pub struct Grenze {
    /// Bytes je Strom.
    pub bytes: usize,
    /// Zeilen auf stdout (viele kurze Zeilen kosten mehr Speicher als ihre Bytes).
    pub zeilen: usize,
}

/// Wie ein Programm gestartet wird.
#[derive(Clone, Debug)]
pub struct Einstellung {
    pub stroeme: Stroeme,
    /// Ohne Grenze wird alles aufgehoben.
    pub grenze: Option<Grenze>,
    /// Bei getrennten Strömen: so viele Bytes stderr werden aufgehoben.
    pub stderr_behalten: usize,
    /// Standardeingabe als Pipe (sonst leer, wie `< /dev/null`).
    pub eingabe: bool,
    /// `PYTHONUNBUFFERED=1` setzen. Sonst wird es entfernt, auch wenn der
    /// Aufrufer es gesetzt hat: Es verdeckt ein fehlendes `flush()`.
    pub python_ungepuffert: bool,
    /// Arbeitsverzeichnis (sonst das des Aufrufers).
    pub verzeichnis: Option<PathBuf>,
}

impl Einstellung {
    /// Wie in einem Terminal: eine gemeinsame Pipe, Eingabe möglich, keine Grenze.
    pub fn terminal() -> Einstellung {
        Einstellung {
            stroeme: Stroeme::Gemeinsam,
            grenze: None,
            stderr_behalten: 0,
            eingabe: true,
            python_ungepuffert: false,
            verzeichnis: None,
        }
    }

    /// Getrennte Ströme, keine Eingabe, ohne Grenze.
    pub fn getrennt() -> Einstellung {
        Einstellung {
            stroeme: Stroeme::Getrennt,
            grenze: None,
            stderr_behalten: usize::MAX,
            eingabe: false,
            python_ungepuffert: false,
            verzeichnis: None,
        }
    }
}

/// Was ein Programm bisher ausgegeben hat, geteilt mit den Lese-Threads.
#[derive(Default)]
struct Zustand {
    /// Der Mitschnitt des stdout-Stroms (bei [`Stroeme::Gemeinsam`] samt
    /// stderr) und getippte Eingaben, in der Reihenfolge des Eintreffens.
    terminal: String,
    /// Vollständige Zeilen aus diesem Strom (ohne `\n` und `\r`).
    zeilen: Vec<String>,
    /// Angefangene Zeile ohne `\n`.
    rest: Vec<u8>,
    /// Ein angefangenes UTF-8-Zeichen am Ende des letzten Blocks, das erst
    /// mit dem nächsten Block vollständig wird.
    angefangen: Vec<u8>,
    /// stderr bei getrennten Strömen (bis `stderr_behalten`).
    stderr: Vec<u8>,
    stdout_offen: bool,
    stderr_offen: bool,
    ueberlauf: Option<Strom>,
}

impl Zustand {
    /// Hängt einen gelesenen Block an den Mitschnitt. Ein Zeichen, das der
    /// Block mittendrin abschneidet, wartet auf den nächsten Block, statt
    /// zweimal als � zu erscheinen.
    fn haenge_an(&mut self, block: &[u8]) {
        self.angefangen.extend_from_slice(block);
        let bis = match std::str::from_utf8(&self.angefangen) {
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => self.angefangen.len(),
        };
        let fertig: Vec<u8> = self.angefangen.drain(..bis).collect();
        self.terminal.push_str(&String::from_utf8_lossy(&fertig));
    }
}

struct Geteilt {
    zustand: Mutex<Zustand>,
    neu: Condvar,
}

impl Geteilt {
    fn sperre(&self) -> MutexGuard<'_, Zustand> {
        self.zustand.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Ein Griff auf ein gestartetes Programm, den man weitergeben kann (etwa in
/// eine Liste, die am Ende alles beendet). Beendet es beim Drop nicht; das
/// tut [`Prozess`].
#[derive(Clone)]
pub struct Griff {
    kind: Arc<Mutex<Child>>,
    geteilt: Arc<Geteilt>,
    pid: u32,
}

impl Griff {
    /// Die Prozess-ID; zugleich die Nummer seiner Prozessgruppe (Unix).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Beendet das Programm samt seiner Prozessgruppe (SIGKILL) und holt es ab.
    pub fn beende(&self) {
        beende_gruppe(self.pid);
        let mut kind = self.kind.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = kind.kill();
        let _ = kind.wait();
        vergiss_gruppe(self.pid);
    }

    /// Der Status, falls das Programm schon beendet ist.
    pub fn status(&self) -> Option<ExitStatus> {
        let mut kind = self.kind.lock().unwrap_or_else(PoisonError::into_inner);
        kind.try_wait().ok().flatten()
    }

    /// Wartet höchstens `frist` auf das Ende des Programms.
    pub fn warte_auf_ende(&self, frist: Duration) -> Result<ExitStatus, Fehlerart> {
        let ende = Instant::now() + frist;
        loop {
            let ergebnis = self
                .kind
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .try_wait();
            match ergebnis {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < ende => {
                    // Prozessende hat unter Unix kein portables Ereignis, auf
                    // das ein Thread warten könnte; kurz nachsehen genügt.
                    thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => return Err(Fehlerart::Frist),
                Err(e) => {
                    return Err(Fehlerart::System {
                        was: "Status des Programms".into(),
                        grund: e.to_string(),
                    });
                }
            }
        }
    }

    /// Der bisherige Mitschnitt (siehe [`Stroeme`]).
    pub fn terminal(&self) -> String {
        self.geteilt.sperre().terminal.clone()
    }

    /// Alle bisher vollständig gelesenen Zeilen.
    pub fn zeilen(&self) -> Vec<String> {
        self.geteilt.sperre().zeilen.clone()
    }

    /// stderr bei getrennten Strömen (höchstens `stderr_behalten` Bytes).
    pub fn stderr(&self) -> Vec<u8> {
        self.geteilt.sperre().stderr.clone()
    }

    /// Welcher Strom über die [`Grenze`] ging (das Programm ist dann beendet).
    pub fn ueberlauf(&self) -> Option<Strom> {
        self.geteilt.sperre().ueberlauf
    }

    /// Wartet höchstens `frist`, bis `pruefe` auf dem Zustand `Some` liefert.
    /// `AusgabeZu`, sobald `zu` sagt, dass nichts mehr kommen kann.
    fn warte<T>(
        &self,
        frist: Duration,
        mut pruefe: impl FnMut(&Zustand) -> Option<T>,
        zu: impl Fn(&Zustand) -> bool,
    ) -> Result<T, Fehlerart> {
        let ende = Instant::now() + frist;
        let mut zustand = self.geteilt.sperre();
        loop {
            if let Some(wert) = pruefe(&zustand) {
                return Ok(wert);
            }
            if zu(&zustand) {
                return Err(Fehlerart::AusgabeZu);
            }
            let jetzt = Instant::now();
            if jetzt >= ende {
                return Err(Fehlerart::Frist);
            }
            zustand = self
                .geteilt
                .neu
                .wait_timeout(zustand, ende - jetzt)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Die Zeile Nummer `index` (ab 0), sobald sie vollständig da ist.
    pub fn warte_auf_zeile(&self, index: usize, frist: Duration) -> Result<String, Fehlerart> {
        self.warte(frist, |z| z.zeilen.get(index).cloned(), |z| !z.stdout_offen)
    }

    /// Wartet, bis `text` im Mitschnitt ab dem Byte `ab` erscheint, und
    /// liefert das Byte hinter dem Fund.
    pub fn warte_auf_text(
        &self,
        ab: usize,
        text: &str,
        frist: Duration,
    ) -> Result<usize, Fehlerart> {
        self.warte(
            frist,
            |z| {
                z.terminal
                    .get(ab..)
                    .and_then(|rest| rest.find(text))
                    .map(|i| ab + i + text.len())
            },
            |z| !z.stdout_offen,
        )
    }

    /// Wartet, bis das Programm alle Ströme geschlossen hat.
    pub fn warte_auf_ausgabe_ende(&self, frist: Duration) -> Result<(), Fehlerart> {
        self.warte(
            frist,
            |z| (!z.stdout_offen && !z.stderr_offen).then_some(()),
            |_| false,
        )
    }

    /// Wartet, bis stderr zu Ende gelesen ist (bei getrennten Strömen).
    pub fn warte_auf_stderr_ende(&self, frist: Duration) -> Result<(), Fehlerart> {
        self.warte(frist, |z| (!z.stderr_offen).then_some(()), |_| false)
    }

    /// Fügt getippte Eingabe in den Mitschnitt ein.
    fn schreibe_in_mitschnitt(&self, bytes: &[u8]) {
        self.geteilt
            .sperre()
            .terminal
            .push_str(&String::from_utf8_lossy(bytes));
    }
}

/// Ein laufendes Programm. `Drop` beendet es samt seiner Prozessgruppe.
pub struct Prozess {
    griff: Griff,
    stdin: Option<ChildStdin>,
    /// Bis hierher wurden die Zeilen gelesen.
    zeilen_cursor: usize,
    /// Bis hierher (Byte-Index im Mitschnitt) hat `warte_auf` gesucht.
    text_cursor: usize,
}

impl Deref for Prozess {
    type Target = Griff;
    fn deref(&self) -> &Griff {
        &self.griff
    }
}

impl Prozess {
    /// Startet `befehl` mit sauberer Umgebung in eigener Prozessgruppe und
    /// liest seine Ausgaben auf eigenen Threads mit.
    pub fn starte(mut befehl: Command, e: &Einstellung) -> Result<Prozess, Fehlerart> {
        let programm = PathBuf::from(befehl.get_program());
        let system = |was: &str| {
            let was = was.to_string();
            move |e: io::Error| Fehlerart::System {
                was,
                grund: e.to_string(),
            }
        };
        // Keine Farben, keine Rust-Backtraces: der Mitschnitt soll stabil sein.
        befehl.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
        if e.python_ungepuffert {
            befehl.env("PYTHONUNBUFFERED", "1");
        } else {
            befehl.env_remove("PYTHONUNBUFFERED");
        }
        if let Some(v) = &e.verzeichnis {
            befehl.current_dir(v);
        }
        befehl.stdin(if e.eingabe {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let gemeinsam = match e.stroeme {
            Stroeme::Gemeinsam => {
                let (leser, schreiber) = io::pipe().map_err(system("Pipe anlegen"))?;
                let fuer_stderr = schreiber.try_clone().map_err(system("Pipe duplizieren"))?;
                befehl.stdout(schreiber).stderr(fuer_stderr);
                Some(leser)
            }
            Stroeme::Getrennt => {
                befehl.stdout(Stdio::piped()).stderr(Stdio::piped());
                None
            }
        };
        // Der Startthread gibt `befehl` frei und damit unsere Kopien der
        // Schreib-Enden: Erst dann sieht der Leser das Ende, sobald das Kind endet.
        let mut kind = starte_in_gruppe(befehl).map_err(|fehler| Fehlerart::NichtGestartet {
            programm,
            grund: fehler.to_string(),
        })?;
        let pid = kind.id();
        let geteilt = Arc::new(Geteilt {
            zustand: Mutex::new(Zustand {
                stdout_offen: true,
                stderr_offen: gemeinsam.is_none(),
                ..Zustand::default()
            }),
            neu: Condvar::new(),
        });
        let leser = Leser {
            geteilt: Arc::clone(&geteilt),
            grenze: e.grenze,
            stderr_behalten: e.stderr_behalten,
            pid,
        };
        match gemeinsam {
            Some(pipe) => leser.starte(pipe, Strom::Stdout),
            None => {
                if let Some(out) = kind.stdout.take() {
                    leser.clone().starte(out, Strom::Stdout);
                }
                if let Some(err) = kind.stderr.take() {
                    leser.starte(err, Strom::Stderr);
                }
            }
        }
        Ok(Prozess {
            stdin: kind.stdin.take(),
            griff: Griff {
                kind: Arc::new(Mutex::new(kind)),
                geteilt,
                pid,
            },
            zeilen_cursor: 0,
            text_cursor: 0,
        })
    }

    /// Ein Griff für Listen, die das Programm später beenden sollen.
    pub fn griff(&self) -> Griff {
        self.griff.clone()
    }

    /// Die nächste vollständige Zeile, höchstens `frist` lang.
    pub fn naechste_zeile(&mut self, frist: Duration) -> Result<String, Fehlerart> {
        let zeile = self.griff.warte_auf_zeile(self.zeilen_cursor, frist)?;
        self.zeilen_cursor += 1;
        Ok(zeile)
    }

    /// Wartet, bis `text` hinter der zuletzt gefundenen Stelle erscheint.
    pub fn warte_auf(&mut self, text: &str, frist: Duration) -> Result<(), Fehlerart> {
        self.text_cursor = self.griff.warte_auf_text(self.text_cursor, text, frist)?;
        Ok(())
    }

    /// Schreibt rohe Bytes in die Standardeingabe; sie erscheinen im
    /// Mitschnitt dort, wo sie im Terminal zu sehen wären.
    pub fn tippe_bytes(&mut self, bytes: &[u8]) -> Result<(), Fehlerart> {
        self.griff.schreibe_in_mitschnitt(bytes);
        let stdin = self.stdin.as_mut().ok_or_else(|| Fehlerart::EingabeZu {
            grund: "schon geschlossen".into(),
        })?;
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .map_err(|e| Fehlerart::EingabeZu {
                grund: e.to_string(),
            })
    }

    /// Schließt die Standardeingabe, wie Strg+D im Terminal.
    pub fn schliesse_eingabe(&mut self) {
        self.stdin = None;
    }
}

impl Drop for Prozess {
    fn drop(&mut self) {
        self.griff.beende();
    }
}

/// Liest einen Strom stückweise (nicht zeilenweise: Eingabeaufforderungen
/// wie `-> ` haben kein `\n`) in den geteilten Zustand.
#[derive(Clone)]
struct Leser {
    geteilt: Arc<Geteilt>,
    grenze: Option<Grenze>,
    stderr_behalten: usize,
    pid: u32,
}

impl Leser {
    fn starte(self, strom: impl Read + Send + 'static, welcher: Strom) {
        thread::spawn(move || self.lies(strom, welcher));
    }

    fn lies(self, mut strom: impl Read, welcher: Strom) {
        let mut gesamt = 0usize;
        let mut puffer = [0u8; 8192];
        loop {
            let n = match strom.read(&mut puffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            gesamt += n;
            let mut z = self.geteilt.sperre();
            let block = &puffer[..n];
            match welcher {
                Strom::Stdout => {
                    z.haenge_an(block);
                    z.rest.extend_from_slice(block);
                    while let Some(pos) = z.rest.iter().position(|&b| b == b'\n') {
                        let zeile: Vec<u8> = z.rest.drain(..=pos).collect();
                        let zeile = String::from_utf8_lossy(&zeile[..pos]);
                        let zeile = zeile.trim_end_matches('\r').to_string();
                        z.zeilen.push(zeile);
                    }
                }
                Strom::Stderr => {
                    let platz = self.stderr_behalten.saturating_sub(z.stderr.len());
                    z.stderr.extend_from_slice(&block[..n.min(platz)]);
                }
            }
            let zu_viel = self.grenze.is_some_and(|g| {
                gesamt > g.bytes || (welcher == Strom::Stdout && z.zeilen.len() > g.zeilen)
            });
            if zu_viel {
                z.ueberlauf.get_or_insert(welcher);
                z.rest.clear();
                drop(z);
                beende_gruppe(self.pid);
                break;
            }
            drop(z);
            self.geteilt.neu.notify_all();
        }
        let mut z = self.geteilt.sperre();
        match welcher {
            Strom::Stdout => {
                let angefangen = std::mem::take(&mut z.angefangen);
                z.terminal.push_str(&String::from_utf8_lossy(&angefangen));
                if !z.rest.is_empty() {
                    let zeile = String::from_utf8_lossy(&z.rest).into_owned();
                    z.zeilen.push(zeile);
                    z.rest.clear();
                }
                z.stdout_offen = false;
            }
            Strom::Stderr => z.stderr_offen = false,
        }
        drop(z);
        self.geteilt.neu.notify_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(skript: &str) -> Command {
        let mut befehl = Command::new("sh");
        befehl.args(["-c", skript]);
        befehl
    }

    #[test]
    fn zeilen_und_ende_der_ausgabe() {
        let mut p = Prozess::starte(
            sh("echo eins; printf 'zwei\\r\\ndrei'"),
            &Einstellung::terminal(),
        )
        .unwrap();
        let frist = Duration::from_secs(10);
        assert_eq!(p.naechste_zeile(frist).unwrap(), "eins");
        assert_eq!(p.naechste_zeile(frist).unwrap(), "zwei");
        assert_eq!(p.naechste_zeile(frist).unwrap(), "drei");
        assert_eq!(p.naechste_zeile(frist), Err(Fehlerart::AusgabeZu));
        assert!(p.warte_auf_ende(frist).unwrap().success());
    }

    #[test]
    fn getrennte_stroeme_und_keine_python_pufferung() {
        let mut befehl = sh("echo \"aus:${PYTHONUNBUFFERED-weg}\"; echo fehler >&2");
        befehl.env("PYTHONUNBUFFERED", "1");
        let p = Prozess::starte(befehl, &Einstellung::getrennt()).unwrap();
        p.warte_auf_ausgabe_ende(Duration::from_secs(10)).unwrap();
        assert_eq!(p.zeilen(), vec!["aus:weg".to_string()]);
        assert_eq!(p.stderr(), b"fehler\n");
    }

    #[test]
    fn frist_statt_haengen() {
        let mut p = Prozess::starte(sh("sleep 5"), &Einstellung::terminal()).unwrap();
        let start = Instant::now();
        assert_eq!(
            p.naechste_zeile(Duration::from_millis(100)),
            Err(Fehlerart::Frist)
        );
        assert!(start.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn grenze_beendet_das_programm() {
        let e = Einstellung {
            grenze: Some(Grenze {
                bytes: 1 << 16,
                zeilen: 1000,
            }),
            ..Einstellung::getrennt()
        };
        let p = Prozess::starte(sh("yes"), &e).unwrap();
        p.warte_auf_ausgabe_ende(Duration::from_secs(10)).unwrap();
        assert_eq!(p.ueberlauf(), Some(Strom::Stdout));
        assert!(p.warte_auf_ende(Duration::from_secs(10)).is_ok());
    }

    #[test]
    fn drop_beendet_die_ganze_gruppe() {
        // Das Enkelkind schreibt seine PID und schläft; es erbt die Pipe.
        let p = Prozess::starte(sh("sleep 30 & echo $!; wait"), &Einstellung::getrennt()).unwrap();
        let enkel: i32 = p
            .warte_auf_zeile(0, Duration::from_secs(10))
            .unwrap()
            .parse()
            .unwrap();
        drop(p);
        let ende = Instant::now() + Duration::from_secs(10);
        // Ein Zombie (Zustand Z) lebt nicht mehr, er wartet nur aufs Abholen.
        let lebt = || {
            std::fs::read_to_string(format!("/proc/{enkel}/stat"))
                .map(|s| {
                    !s.rsplit_once(')')
                        .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
                })
                // SAFETY: kill mit Signal 0 prüft nur, ob es den Prozess gibt.
                .unwrap_or_else(|_| unsafe { libc::kill(enkel, 0) } == 0)
        };
        while lebt() {
            assert!(Instant::now() < ende, "Enkel {enkel} lebt noch");
            thread::sleep(Duration::from_millis(10));
        }
    }
}

//! # pruefen: der Prüfer für die Übungsaufgaben
//!
//! ```text
//! cargo run --bin pruefen -- --liste
//! cargo run --bin pruefen -- 03                        # prüft examples/aufgabe_03_….rs
//! cargo run --bin pruefen -- echo --befehl "python3 echo.py"
//! cargo run --bin pruefen -- 03 --format junit --ausgabe ergebnis.xml
//! cargo run --bin pruefen -- 03 --schueler abgabe.zip --format vpl --punkte
//! ```
//!
//! Der Prüfer ist eine Blackbox-Prüfung: Er startet das Programm der
//! Schülerin als eigenen Prozess, sagt ihm seine Adresse (Argument und
//! Umgebungsvariable `ADRESSE`), verbindet sich, spricht das Protokoll der
//! Aufgabe und beurteilt nur die Bytes, die ankommen. Deshalb kann er
//! Programme in jeder Sprache prüfen.
//!
//! Aufbau:
//! - `pruefstand` (eigenes Paket, gemeinsam mit den Tests): Programme in
//!   eigener Prozessgruppe starten und restlos beenden, Ausgabe begrenzen,
//!   Fristen, Signale an den Prüfer.
//! - `werkzeug`: macht aus den Ergebnissen des Prüfstands ✗ mit Rat;
//!   Verbindungen mit Frist, Zeilen lesen, Loopback prüfen, stille Ports.
//! - `aufgaben`: je Aufgabe eine Datei, die einzige Quelle für die Aufgabe:
//!   Schritte, Starter, Lösungen, falsche Varianten, Punkte.
//! - `abgabe`: Beispiele und Abgaben (`--schueler`) bauen.
//! - `bericht`: Text, JUnit-XML und Moodle VPL.
//! - `selbstpruefung`: Passen Cargo.toml, Dateien und Buch zu den Aufgaben?
//! - `vorverarbeiter`: mdBook-Vorverarbeiter, der die Musterlösungen aus dem
//!   Buch entfernt (`--mdbook-ohne-loesungen`).

mod abgabe;
mod aufgaben;
mod bericht;
// Der Prüfstand: dieselbe Quelle wie das Paket `pruefstand`, das die Tests
// (tests/common) benutzen. Hier als Modul statt als Abhängigkeit, denn eine
// Abgabe (--schueler) und das Schülerpaket bauen nur mit den [dependencies]
// des Buchs. Nicht alles davon braucht der Prüfer.
#[allow(dead_code, unused_imports)]
#[path = "pruefstand/src/lib.rs"]
mod pruefstand;
mod selbstpruefung;
mod vorverarbeiter;
mod werkzeug;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use abgabe::Hindernis;
use aufgaben::{Aufgabe, Schritt};
use bericht::{Ausgang, Ergebnis, aus};
use werkzeug::{Ctx, Fehlschlag, Programm, Startfehler};

const HILFE: &str = "\
pruefen – prüft eine Übungsaufgabe als Blackbox

Aufruf:
  cargo run --bin pruefen -- --liste
  cargo run --bin pruefen -- AUFGABE [Optionen]

AUFGABE ist die Nummer (03), der Kurzname (echo) oder der ganze Name
(aufgabe_03_echo). Ohne --befehl baut der Prüfer dein Beispiel
examples/aufgabe_NN_….rs mit cargo und prüft es.

Optionen:
  --befehl \"BEFEHL\"   prüft ein beliebiges Programm, z. B. \"python3 server.py\"
                      oder \"./a.out\" (Argumente durch Leerzeichen getrennt,
                      Anführungszeichen gruppieren)
  --beispiel NAME     baut und prüft examples/NAME.rs statt des Starters
  --schueler PFAD     prüft eine Abgabe (Ordner oder ZIP): Der Prüfer nimmt nur
                      die Datei der Aufgabe heraus (aufgabe_NN_….rs oder .py)
                      und baut sie mit der Cargo.toml dieses Projekts
  --format text|junit|vpl
                      Text (Standard), JUnit-XML oder Moodle VPL (Grade :=>>)
  --ausgabe DATEI     JUnit-XML bzw. VPL-Ausgabe in diese Datei statt auf stdout
  --punkte            Punkte je Schritt und Summe zeigen (Gewichte aus der Aufgabe)
  --hoechstnote N     VPL: Note auf 0 … N umrechnen (sonst Note = Punkte)
  --frist-ms N        so lange wartet jede einzelne Wartestelle (Standard 3000)
  --budget-s N        so lange darf die ganze Aufgabe höchstens dauern (Standard 240)
  --liste             alle Aufgaben zeigen
  --definitionen      alle Aufgabendefinitionen als JSON (für Tests und Werkzeuge)
  --selbstpruefung    prüft, ob Cargo.toml, Dateien und Buch zu den Definitionen passen

Exit-Code: 0 = alle Prüfungen bestanden, 1 = mindestens eine nicht (auch: lässt
sich nicht übersetzen), 2 = Aufruf falsch.";

fn main() -> ExitCode {
    pruefstand::richte_signale_ein();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--mdbook-ohne-loesungen") => return vorverarbeiter::main(&args[1..]),
        Some("--selbstpruefung") => return selbstpruefung::main(&abgabe::wurzel()),
        Some("--definitionen") => {
            let alle: Vec<serde_json::Value> =
                aufgaben::alle().iter().map(|a| a.als_json()).collect();
            aus(&serde_json::Value::Array(alle).to_string());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let code = match run(&args) {
        Ok(code) => code,
        Err(e) => {
            abgabe::melde(&format!("Fehler: {e}\n"));
            ExitCode::from(2)
        }
    };
    werkzeug::beende_alle();
    code
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Junit,
    Vpl,
}

struct Optionen {
    aufgabe: Option<String>,
    befehl: Option<String>,
    beispiel: Option<String>,
    schueler: Option<PathBuf>,
    format: Format,
    ausgabe: Option<PathBuf>,
    punkte: bool,
    hoechstnote: Option<f64>,
    frist: Duration,
    budget: Duration,
    liste: bool,
}

fn lies_optionen(args: &[String]) -> Result<Optionen, String> {
    let mut o = Optionen {
        aufgabe: None,
        befehl: None,
        beispiel: None,
        schueler: None,
        format: Format::Text,
        ausgabe: None,
        punkte: false,
        hoechstnote: None,
        frist: Duration::from_millis(3000),
        budget: Duration::from_secs(240),
        liste: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut wert = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} braucht einen Wert. Siehe --hilfe."))
        };
        match a.as_str() {
            "--liste" => o.liste = true,
            "--punkte" => o.punkte = true,
            "--befehl" => o.befehl = Some(wert("--befehl")?),
            "--beispiel" => o.beispiel = Some(wert("--beispiel")?),
            "--schueler" => o.schueler = Some(PathBuf::from(wert("--schueler")?)),
            "--ausgabe" => o.ausgabe = Some(PathBuf::from(wert("--ausgabe")?)),
            "--format" => {
                o.format = match wert("--format")?.as_str() {
                    "junit" => Format::Junit,
                    "text" => Format::Text,
                    "vpl" => Format::Vpl,
                    f => {
                        return Err(format!(
                            "Unbekanntes Format {f:?}: erlaubt sind text, junit und vpl."
                        ));
                    }
                }
            }
            "--hoechstnote" => {
                let w = wert("--hoechstnote")?;
                let n: f64 = w
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite() && *n > 0.0 && *n <= 1e6)
                    .ok_or_else(|| {
                        format!("--hoechstnote erwartet eine Zahl über 0, nicht {w:?}.")
                    })?;
                o.hoechstnote = Some(n);
            }
            "--frist-ms" => {
                let w = wert("--frist-ms")?;
                let ms: u64 = w.parse().ok().filter(|ms| *ms <= 600_000).ok_or_else(|| {
                    format!("--frist-ms erwartet Millisekunden (bis 600000), nicht {w:?}.")
                })?;
                o.frist = Duration::from_millis(ms.max(100));
            }
            "--budget-s" => {
                let w = wert("--budget-s")?;
                let s: u64 = w
                    .parse()
                    .ok()
                    .filter(|s| (1..=3600).contains(s))
                    .ok_or_else(|| {
                        format!("--budget-s erwartet Sekunden von 1 bis 3600, nicht {w:?}.")
                    })?;
                o.budget = Duration::from_secs(s);
            }
            "-h" | "--hilfe" | "--help" => {
                aus(HILFE);
                std::process::exit(0);
            }
            s if s.starts_with('-') => {
                return Err(format!("Unbekannte Option {s:?}. Siehe --hilfe."));
            }
            s => {
                if o.aufgabe.is_some() {
                    return Err(format!("Nur eine Aufgabe auf einmal, {s:?} ist zu viel."));
                }
                o.aufgabe = Some(s.to_string());
            }
        }
    }
    let quellen = [
        o.befehl.is_some(),
        o.beispiel.is_some(),
        o.schueler.is_some(),
    ];
    if quellen.iter().filter(|q| **q).count() > 1 {
        return Err("--befehl, --beispiel und --schueler schließen sich aus.".to_string());
    }
    Ok(o)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let o = lies_optionen(args)?;
    if o.liste {
        zeige_liste();
        return Ok(ExitCode::SUCCESS);
    }
    let Some(wahl) = o.aufgabe.as_deref() else {
        return Err(format!(
            "Welche Aufgabe? Zum Beispiel: cargo run --bin pruefen -- 01\n\n{HILFE}"
        ));
    };
    let aufgabe = aufgaben::finde(wahl).ok_or_else(|| {
        format!(
            "Eine Aufgabe {wahl:?} gibt es nicht. Alle Aufgaben: cargo run --bin pruefen -- --liste"
        )
    })?;
    let start = Instant::now();

    // Die Abgabe (falls --schueler) lebt bis zum Ende; ihr Drop räumt auf.
    let mut _abgabe = None;
    let programm = match (&o.befehl, &o.beispiel, &o.schueler) {
        (Some(b), _, _) => Ok(zerlege_befehl(b)?),
        (None, Some(name), _) => abgabe::baue_beispiel(name, None, None),
        (None, None, Some(pfad)) => abgabe::schueler(aufgabe, pfad).map(|a| {
            let p = a.programm.clone();
            _abgabe = Some(a);
            p
        }),
        (None, None, None) => abgabe::baue_beispiel(aufgabe.starter, None, None),
    };
    let ergebnisse = match programm {
        Err(Hindernis::Aufruf(g)) => return Err(g),
        Err(Hindernis::Uebersetzen(g)) => {
            // Ein ✗ „Übersetzen“, das alle Punkte der Aufgabe kostet.
            let e = Ergebnis {
                name: "Übersetzen".to_string(),
                ausgang: Ausgang::Falsch(g),
                dauer: start.elapsed(),
                punkte: aufgabe
                    .schritte
                    .iter()
                    .map(|s| aufgabe.punkte_fuer(s.name))
                    .sum(),
                stderr: String::new(),
            };
            if o.format == Format::Text {
                aus(&format!(
                    "Prüfe Aufgabe {} „{}“ ({})",
                    aufgabe.nummer, aufgabe.titel, aufgabe.kapitel
                ));
                aus(&e.zeile(o.punkte));
            }
            vec![e]
        }
        Ok(programm) => pruefe(aufgabe, programm, &o, start),
    };
    schliesse_ab(aufgabe, &ergebnisse, &o, start)
}

/// Führt alle Schritte aus, im Zeitbudget der Aufgabe.
fn pruefe(aufgabe: &Aufgabe, programm: Programm, o: &Optionen, start: Instant) -> Vec<Ergebnis> {
    werkzeug::setze_python(ist_python(&programm));
    let ctx = Ctx {
        programm,
        frist: o.frist,
    };
    if o.format == Format::Text {
        aus(&format!(
            "Prüfe Aufgabe {} „{}“ ({}) mit {}",
            aufgabe.nummer,
            aufgabe.titel,
            aufgabe.kapitel,
            befehlszeile(&ctx.programm)
        ));
    }
    let mut ergebnisse = Vec::new();
    let mut erster_startfehler: Option<(Startfehler, &str)> = None;
    let mut letzte_absturzart: Option<werkzeug::Absturzart> = None;
    for (nr, schritt) in (1u64..).zip(aufgabe.schritte) {
        let t = Instant::now();
        werkzeug::beginne_schritt(nr);
        let rest = o.budget.saturating_sub(start.elapsed());
        let ausgang = if rest.is_zero() {
            Ausgang::Falsch(format!(
                "Nicht mehr geprüft: Das Zeitbudget von {} für diese Aufgabe ist aufgebraucht. \
                 Wartet dein Programm irgendwo ohne Timeout?",
                werkzeug::dauer(o.budget)
            ))
        } else {
            fuehre_aus(&ctx, schritt, rest, nr)
        };
        let startfehler = werkzeug::nimm_startfehler(nr);
        let ausgang = match ausgang {
            Ausgang::Falsch(g) => {
                let g = match (startfehler, erster_startfehler) {
                    (Some(art), Some((erste, name))) if art == erste => {
                        format!("Startet nicht richtig, wie schon bei „{name}“ (siehe dort).")
                    }
                    (Some(art), None) => {
                        erster_startfehler = Some((art, schritt.name));
                        g
                    }
                    _ => g,
                };
                match werkzeug::absturz_hinweis() {
                    Some(h) if letzte_absturzart == Some(h.art) => {
                        Ausgang::Falsch(format!("{g} Dazu: {} (stderr wie oben)", h.art.text()))
                    }
                    Some(h) => {
                        let text = format!("{g} Dazu: {} stderr: {}", h.art.text(), h.auszug);
                        letzte_absturzart = Some(h.art);
                        Ausgang::Falsch(text)
                    }
                    None => Ausgang::Falsch(g),
                }
            }
            andere => andere,
        };
        // Was der Schritt gestartet und nicht selbst beendet hat, endet hier.
        let werkzeug::Aufgeraeumt { stderr, ueberlauf } = werkzeug::beende_alle();
        let ausgang = match ueberlauf {
            Some(strom) => Ausgang::Falsch(format!(
                "Dein Programm hat mehr als {} MiB (oder sehr viele Zeilen) auf {strom} \
                 geschrieben; der Prüfer hat es \
                 beendet. Gibst du in einer Schleife ohne Ende aus, oder ohne Zeilenende \
                 (\\n)?",
                werkzeug::AUSGABE_MAX >> 20,
                strom = strom.name(),
            )),
            None => ausgang,
        };
        let e = Ergebnis {
            name: schritt.name.to_string(),
            ausgang,
            dauer: t.elapsed(),
            punkte: aufgabe.punkte_fuer(schritt.name),
            stderr,
        };
        if o.format == Format::Text {
            aus(&e.zeile(o.punkte));
        }
        ergebnisse.push(e);
    }
    ergebnisse
}

/// Schreibt Zusammenfassung, JUnit oder VPL und wählt den Exit-Code.
fn schliesse_ab(
    aufgabe: &Aufgabe,
    ergebnisse: &[Ergebnis],
    o: &Optionen,
    start: Instant,
) -> Result<ExitCode, String> {
    let alle = ergebnisse.len();
    let bestanden = ergebnisse.iter().filter(|e| !e.ist_falsch()).count();
    let (erreicht, moeglich) = bericht::punkte(ergebnisse);
    let bericht = match o.format {
        Format::Junit => Some(bericht::junit(aufgabe, ergebnisse, start.elapsed())),
        Format::Vpl => Some(bericht::vpl(aufgabe, ergebnisse, o.hoechstnote)),
        Format::Text => None,
    };
    match (bericht, &o.ausgabe) {
        (Some(text), Some(pfad)) => std::fs::write(pfad, text)
            .map_err(|e| format!("Kann {} nicht schreiben: {e}", pfad.display()))?,
        (Some(text), None) => bericht::aus_roh(&text),
        (None, _) => {
            aus("");
            if o.punkte {
                aus(&format!("Punkte: {erreicht} von {moeglich}"));
            }
            if bestanden == alle {
                aus(&format!(
                    "Ergebnis: alle {alle} Prüfungen bestanden. Gut gemacht!"
                ));
            } else {
                aus(&format!(
                    "Ergebnis: {bestanden} von {alle} Prüfungen bestanden. Nimm dir die erste mit \
                     ✗ vor; die Tipps auf der Aufgabenseite helfen."
                ));
            }
        }
    }
    Ok(if bestanden == alle {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Führt einen Schritt auf einem eigenen Thread aus. Hängt er länger als
/// seine Gesamtfrist (höchstens der Rest des Budgets), wird er aufgegeben;
/// seine Programme beendet danach `beende_alle`.
fn fuehre_aus(ctx: &Ctx, schritt: &Schritt, rest: Duration, nr: u64) -> Ausgang {
    let (tx, rx) = mpsc::channel();
    let ctx2 = ctx.clone();
    let lauf = schritt.lauf;
    thread::spawn(move || {
        werkzeug::bin_schritt(nr);
        let _ = tx.send(lauf(&ctx2));
    });
    let gesamt = (ctx.frist * 6 + Duration::from_secs(5)).min(rest);
    match rx.recv_timeout(gesamt) {
        Ok(Ok(())) => Ausgang::Bestanden,
        Ok(Err(Fehlschlag::Falsch(g))) => Ausgang::Falsch(g),
        Ok(Err(Fehlschlag::Uebersprungen(g))) => Ausgang::Uebersprungen(g),
        Err(mpsc::RecvTimeoutError::Timeout) => Ausgang::Falsch(format!(
            "Der Schritt hing länger als {} und wurde abgebrochen. Wartet dein Programm irgendwo \
             ohne Timeout?",
            werkzeug::dauer(gesamt)
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Ausgang::Falsch("Der Prüfschritt ist selbst abgestürzt – bitte melde das.".to_string())
        }
    }
}

/// Ist das geprüfte Programm ein Python-Programm? Dann kommen die Tipps in
/// Python-Begriffen.
fn ist_python(p: &Programm) -> bool {
    let name = p
        .befehl
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with("python")
        || name.ends_with(".py")
        || p.vor_args.first().is_some_and(|a| a.ends_with(".py"))
}

fn zeige_liste() {
    aus("Nr  Kurzname          Art     Min  Kapitel                            Titel");
    for a in aufgaben::alle() {
        aus(&format!(
            "{:<3} {:<17} {:<7} {:>3}  {:<34} {}",
            a.nummer, a.kurz, a.art, a.minuten, a.kapitel, a.titel
        ));
    }
    aus("");
    aus("Prüfen: cargo run --bin pruefen -- NUMMER   (z. B. 01)");
}

/// Zerlegt `python3 "mein server.py"` in Programm und Argumente.
fn zerlege_befehl(befehl: &str) -> Result<Programm, String> {
    let mut teile = Vec::new();
    let mut aktuell = String::new();
    let mut in_anfuehrung: Option<char> = None;
    let mut hat_teil = false;
    for c in befehl.chars() {
        match (in_anfuehrung, c) {
            (Some(q), c) if c == q => in_anfuehrung = None,
            (Some(_), c) => aktuell.push(c),
            (None, '"' | '\'') => {
                in_anfuehrung = Some(c);
                hat_teil = true;
            }
            (None, c) if c.is_whitespace() => {
                if hat_teil || !aktuell.is_empty() {
                    teile.push(std::mem::take(&mut aktuell));
                    hat_teil = false;
                }
            }
            (None, c) => aktuell.push(c),
        }
    }
    if in_anfuehrung.is_some() {
        return Err(format!(
            "Im Befehl {befehl:?} fehlt ein schließendes Anführungszeichen."
        ));
    }
    if hat_teil || !aktuell.is_empty() {
        teile.push(aktuell);
    }
    let mut teile = teile.into_iter();
    let befehl = teile.next().ok_or("--befehl ist leer.")?;
    // `python3 x.py`: gleich den echten Interpreter starten, nicht den Shim.
    let befehl = match befehl.as_str() {
        "python3" | "python" => abgabe::python_pfad(&befehl),
        _ => PathBuf::from(befehl),
    };
    Ok(Programm {
        befehl,
        vor_args: teile.collect(),
    })
}

fn befehlszeile(p: &Programm) -> String {
    let mut s = p.befehl.display().to_string();
    for a in &p.vor_args {
        s.push(' ');
        s.push_str(a);
    }
    s
}

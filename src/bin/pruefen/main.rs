//! # pruefen: der Prüfer für die Übungsaufgaben
//!
//! ```text
//! cargo run --bin pruefen -- --liste
//! cargo run --bin pruefen -- 03                        # prüft examples/aufgabe_03_….rs
//! cargo run --bin pruefen -- echo --befehl "python3 echo.py"
//! cargo run --bin pruefen -- 03 --format junit --ausgabe ergebnis.xml
//! ```
//!
//! Der Prüfer ist eine Blackbox-Prüfung: Er startet das Programm der
//! Schülerin als eigenen Prozess, sagt ihm seine Adresse (Argument und
//! Umgebungsvariable `ADRESSE`), verbindet sich, spricht das Protokoll der
//! Aufgabe und beurteilt nur die Bytes, die ankommen. Deshalb kann er
//! Programme in jeder Sprache prüfen.
//!
//! Aufbau:
//! - `werkzeug`: Prozesse starten und beenden, Verbindungen mit Frist,
//!   Zeilen lesen, Loopback prüfen, stille Ports.
//! - `aufgaben`: je Aufgabe eine Datei mit ihren Prüfschritten. Jede Datei ist
//!   zugleich der Erwartungshorizont für Lehrkräfte.
//! - `vorverarbeiter`: mdBook-Vorverarbeiter, der die Musterlösungen aus dem
//!   Buch entfernt (`--mdbook-ohne-loesungen`).

mod aufgaben;
mod selbstpruefung;
mod vorverarbeiter;
mod werkzeug;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use aufgaben::{Aufgabe, Schritt};
use werkzeug::{Ctx, Fehlschlag, Programm};

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
  --format text|junit Ausgabe als Text (Standard) oder JUnit-XML
  --ausgabe DATEI     JUnit-XML in diese Datei statt auf stdout
  --frist-ms N        so lange wartet jeder einzelne Schritt (Standard 3000)
  --liste             alle Aufgaben zeigen
  --definitionen      alle Aufgabendefinitionen als JSON (für Tests und Werkzeuge)
  --selbstpruefung    prüft, ob Cargo.toml, Dateien und Buch zu den Definitionen passen

Exit-Code: 0 = alle Prüfungen bestanden, 1 = mindestens eine nicht, 2 = Aufruf falsch.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--mdbook-ohne-loesungen") => return vorverarbeiter::main(&args[1..]),
        Some("--selbstpruefung") => {
            return selbstpruefung::main(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        }
        Some("--definitionen") => {
            let alle: Vec<serde_json::Value> =
                aufgaben::alle().iter().map(|a| a.als_json()).collect();
            println!("{}", serde_json::Value::Array(alle));
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(2)
        }
    }
}

struct Optionen {
    aufgabe: Option<String>,
    befehl: Option<String>,
    beispiel: Option<String>,
    junit: bool,
    ausgabe: Option<PathBuf>,
    frist: Duration,
    liste: bool,
}

fn lies_optionen(args: &[String]) -> Result<Optionen, String> {
    let mut o = Optionen {
        aufgabe: None,
        befehl: None,
        beispiel: None,
        junit: false,
        ausgabe: None,
        frist: Duration::from_millis(3000),
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
            "--befehl" => o.befehl = Some(wert("--befehl")?),
            "--beispiel" => o.beispiel = Some(wert("--beispiel")?),
            "--ausgabe" => o.ausgabe = Some(PathBuf::from(wert("--ausgabe")?)),
            "--format" => match wert("--format")?.as_str() {
                "junit" => o.junit = true,
                "text" => o.junit = false,
                f => {
                    return Err(format!(
                        "Unbekanntes Format {f:?}: erlaubt sind text und junit."
                    ));
                }
            },
            "--frist-ms" => {
                let w = wert("--frist-ms")?;
                let ms: u64 = w
                    .parse()
                    .map_err(|_| format!("--frist-ms erwartet Millisekunden, nicht {w:?}."))?;
                o.frist = Duration::from_millis(ms.max(100));
            }
            "-h" | "--hilfe" | "--help" => {
                println!("{HILFE}");
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

    let programm = match (&o.befehl, &o.beispiel) {
        (Some(b), _) => zerlege_befehl(b)?,
        (None, Some(name)) => baue_beispiel(name)?,
        (None, None) => baue_beispiel(&aufgabe.beispielname())?,
    };
    let ctx = Ctx {
        programm,
        frist: o.frist,
    };

    if !o.junit {
        println!(
            "Prüfe Aufgabe {} „{}“ ({}) mit {}",
            aufgabe.nummer,
            aufgabe.titel,
            aufgabe.kapitel,
            befehlszeile(&ctx.programm)
        );
    }
    let start = Instant::now();
    let mut ergebnisse = Vec::new();
    for schritt in aufgabe.schritte {
        let t = Instant::now();
        let ausgang = fuehre_aus(&ctx, schritt);
        let e = Ergebnis {
            name: schritt.name,
            ausgang,
            dauer: t.elapsed(),
        };
        if !o.junit {
            e.drucke();
        }
        ergebnisse.push(e);
    }
    werkzeug::beende_alle();

    let bestanden = ergebnisse
        .iter()
        .filter(|e| !matches!(e.ausgang, Ausgang::Falsch(_)))
        .count();
    let alle = ergebnisse.len();
    if o.junit {
        let xml = junit(aufgabe, &ergebnisse, start.elapsed());
        match &o.ausgabe {
            Some(pfad) => std::fs::write(pfad, xml)
                .map_err(|e| format!("Kann {} nicht schreiben: {e}", pfad.display()))?,
            None => print!("{xml}"),
        }
    } else {
        println!();
        if bestanden == alle {
            println!("Ergebnis: alle {alle} Prüfungen bestanden. Gut gemacht!");
        } else {
            println!(
                "Ergebnis: {bestanden} von {alle} Prüfungen bestanden. Nimm dir die erste mit ✗ vor; \
                 die Tipps auf der Aufgabenseite helfen."
            );
        }
    }
    Ok(if bestanden == alle {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

enum Ausgang {
    Bestanden,
    Falsch(String),
    Uebersprungen(String),
}

struct Ergebnis {
    name: &'static str,
    ausgang: Ausgang,
    dauer: Duration,
}

impl Ergebnis {
    fn drucke(&self) {
        match &self.ausgang {
            Ausgang::Bestanden => println!("✓ {}", self.name),
            Ausgang::Falsch(g) => println!("✗ {}: {g}", self.name),
            Ausgang::Uebersprungen(g) => println!("– {} (übersprungen: {g})", self.name),
        }
    }
}

/// Führt einen Schritt auf einem eigenen Thread aus. Hängt er länger als
/// seine Gesamtfrist, wird er aufgegeben und seine Programme beendet.
fn fuehre_aus(ctx: &Ctx, schritt: &Schritt) -> Ausgang {
    let (tx, rx) = mpsc::channel();
    let ctx2 = ctx.clone();
    let lauf = schritt.lauf;
    thread::spawn(move || {
        let _ = tx.send(lauf(&ctx2));
    });
    let gesamt = ctx.frist * 6 + Duration::from_secs(5);
    let ausgang = match rx.recv_timeout(gesamt) {
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
    };
    let ausgang = match ausgang {
        Ausgang::Falsch(g) if !g.contains("Platzhalter") && !g.contains("stderr:") => {
            match werkzeug::absturz_hinweis() {
                Some(h) => Ausgang::Falsch(format!("{g} Dazu: {}", ohne_wiederholung(h))),
                None => Ausgang::Falsch(g),
            }
        }
        andere => andere,
    };
    // Was der Schritt gestartet hat und nicht selbst beendet hat, endet hier.
    werkzeug::beende_alle();
    ausgang
}

/// Stürzt das Programm bei jedem Schritt gleich ab (etwa an einem `todo!()`),
/// steht der Auszug aus stderr nur beim ersten ✗; danach genügt die Art.
fn ohne_wiederholung(hinweis: String) -> String {
    static LETZTE_ART: Mutex<Option<String>> = Mutex::new(None);
    let art = hinweis
        .split(" stderr:")
        .next()
        .unwrap_or_default()
        .to_string();
    let mut letzte = LETZTE_ART.lock().unwrap_or_else(|e| e.into_inner());
    let text = if letzte.as_deref() == Some(art.as_str()) {
        format!("{art} (stderr wie oben)")
    } else {
        hinweis
    };
    *letzte = Some(art);
    text
}

fn zeige_liste() {
    println!("Nr  Kurzname          Art     Min  Kapitel                            Titel");
    for a in aufgaben::alle() {
        println!(
            "{:<3} {:<17} {:<7} {:>3}  {:<34} {}",
            a.nummer, a.kurz, a.art, a.minuten, a.kapitel, a.titel
        );
    }
    println!();
    println!("Prüfen: cargo run --bin pruefen -- NUMMER   (z. B. 01)");
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
    Ok(Programm {
        befehl: PathBuf::from(befehl),
        vor_args: teile.collect(),
    })
}

/// Baut `cargo build --example NAME` und liefert den Pfad des Programms aus
/// Cargos JSON-Meldungen (so stimmt er auch mit `CARGO_TARGET_DIR`).
fn baue_beispiel(name: &str) -> Result<Programm, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("Baue {name} …");
    let mut kind = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--example",
            name,
            "--message-format=json-render-diagnostics",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cargo lässt sich nicht starten: {e}"))?;
    let mut pfad = None;
    if let Some(out) = kind.stdout.take() {
        for zeile in BufReader::new(out).lines().map_while(Result::ok) {
            let Ok(meldung) = serde_json::from_str::<serde_json::Value>(&zeile) else {
                continue;
            };
            if meldung["reason"] == "compiler-artifact"
                && meldung["target"]["name"] == name
                && let Some(p) = meldung["executable"].as_str()
            {
                pfad = Some(PathBuf::from(p));
            }
        }
    }
    let status = kind.wait().map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "{name} lässt sich nicht bauen (siehe die Meldungen des Compilers oben). Erst wenn \
             `cargo build --example {name}` klappt, kann geprüft werden."
        ));
    }
    let befehl = pfad.ok_or_else(|| format!("cargo hat kein Programm für {name} gemeldet."))?;
    Ok(Programm {
        befehl,
        vor_args: Vec::new(),
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

fn xml(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => aus.push_str("&amp;"),
            '<' => aus.push_str("&lt;"),
            '>' => aus.push_str("&gt;"),
            '"' => aus.push_str("&quot;"),
            '\'' => aus.push_str("&apos;"),
            // In XML 1.0 sind die meisten Steuerzeichen verboten.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => aus.push('\u{fffd}'),
            c => aus.push(c),
        }
    }
    aus
}

/// JUnit-XML, wie es GitHub Classroom, GitLab, Jenkins und Moodle-Plugins lesen.
fn junit(aufgabe: &Aufgabe, ergebnisse: &[Ergebnis], gesamt: Duration) -> String {
    let suite = aufgabe.beispielname();
    let fehler = ergebnisse
        .iter()
        .filter(|e| matches!(e.ausgang, Ausgang::Falsch(_)))
        .count();
    let uebersprungen = ergebnisse
        .iter()
        .filter(|e| matches!(e.ausgang, Ausgang::Uebersprungen(_)))
        .count();
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<testsuites name=\"pruefen\" tests=\"{}\" failures=\"{fehler}\" skipped=\"{uebersprungen}\" time=\"{:.3}\">\n",
        ergebnisse.len(),
        gesamt.as_secs_f64()
    ));
    s.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fehler}\" errors=\"0\" skipped=\"{uebersprungen}\" time=\"{:.3}\">\n",
        xml(&suite),
        ergebnisse.len(),
        gesamt.as_secs_f64()
    ));
    for e in ergebnisse {
        let kopf = format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml(&suite),
            xml(e.name),
            e.dauer.as_secs_f64()
        );
        match &e.ausgang {
            Ausgang::Bestanden => s.push_str(&format!("{kopf}/>\n")),
            Ausgang::Falsch(g) => s.push_str(&format!(
                "{kopf}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(g),
                xml(g)
            )),
            Ausgang::Uebersprungen(g) => s.push_str(&format!(
                "{kopf}>\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                xml(g)
            )),
        }
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

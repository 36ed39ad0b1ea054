//! Rechnet die Minuten des Kursplans aus dem Buch aus und prüft
//! `book/kursplan.md` dagegen, damit der Plan stimmt, wenn sich Kapitel ändern.
//!
//! Gezählt wird je Kapitelseite (die Seiten zwischen „# Grundlagen“ und
//! „# Für den Unterricht“ in `book/SUMMARY.md`): Wörter des Textes außerhalb
//! von Codeblöcken (eingebundene `.md`-Dateien zählen mit), Zeilen des
//! eingebundenen Codes (`.rs`, `.py`; bei einem Anker nur der Ausschnitt) und
//! Zeilen eingebundener Mitschnitte (`.txt`), dazu die Fragen des Quiz.
//!
//! cargo run --bin kursplan               Tabelle „Wie die Minuten berechnet sind“ ausgeben
//! cargo run --bin kursplan -- --pruefen  book/kursplan.md prüfen (Exit-Code 1 bei Abweichungen)
//! cargo run --bin kursplan -- --schreiben  Tabelle und Python-Satz in book/kursplan.md erneuern

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

const AUFRUF: &str = "Aufruf: cargo run --bin kursplan -- [--pruefen [PLAN] | --schreiben]
  (ohne Option)  gibt die Tabelle „Wie die Minuten berechnet sind“ aus
  --pruefen      prüft book/kursplan.md (oder die Datei PLAN) gegen das Buch und die Aufgaben
                 (Exit-Code 1 bei Abweichungen)
  --schreiben    erneuert in book/kursplan.md die Tabelle und den Satz zu den Python-Startern";

/// Lesetempo: Wörter Text, Zeilen Code, Zeilen Mitschnitt je Minute.
const WOERTER_JE_MINUTE: f64 = 120.0;
const CODEZEILEN_JE_MINUTE: f64 = 10.0;
const MITSCHNITTZEILEN_JE_MINUTE: f64 = 30.0;
/// Minuten für eine Auswahl aus „Probier es aus“; Ausnahmen in [`probier_minuten`].
const PROBIER_MINUTEN: u32 = 5;
/// Kapitel, deren Code man zum Benutzen nicht lesen muss (er zählt getrennt).
const CODE_FREIWILLIG: &[&str] = &["stoerer.md"];
/// Jede Doppelstunde und jede Vertiefung dauert so lange.
const STUNDE: u32 = 90;

const TABELLE_ANFANG: &str = "<!-- kursplan: tabelle -->";
const TABELLE_ENDE: &str = "<!-- /kursplan: tabelle -->";
const PYTHON_ANFANG: &str = "Python-Starter (`python/aufgabe_NN_….py`) gibt es ";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let modus = match args.as_slice() {
        [] => ("", None),
        [a] if a == "--help" || a == "-h" => {
            println!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        [a] if a == "--pruefen" || a == "--schreiben" => (a.as_str(), None),
        [a, plan] if a == "--pruefen" && !plan.starts_with('-') => (a.as_str(), Some(plan)),
        _ => {
            eprintln!("Fehler: unbekannte Angabe {args:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    let (modus, plan) = modus;
    let wurzel = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = plan.map_or_else(|| wurzel.join("book/kursplan.md"), PathBuf::from);
    match run(wurzel, &plan, modus) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Was ein Kapitel an Lesestoff hat.
#[derive(Default, Clone)]
struct Umfang {
    woerter: usize,
    code: usize,
    mitschnitt: usize,
}

struct Kapitel {
    datei: String,
    titel: String,
    umfang: Umfang,
    quizfragen: u32,
    aufgaben: Vec<String>,
}

impl Kapitel {
    /// Lesezeit in Minuten; bei freiwilligem Code ohne ihn.
    fn lesen(&self) -> u32 {
        let code = if self.code_freiwillig() {
            0
        } else {
            self.umfang.code
        };
        runde(
            self.umfang.woerter as f64 / WOERTER_JE_MINUTE
                + code as f64 / CODEZEILEN_JE_MINUTE
                + self.umfang.mitschnitt as f64 / MITSCHNITTZEILEN_JE_MINUTE,
        )
    }
    fn code_freiwillig(&self) -> bool {
        CODE_FREIWILLIG.contains(&self.datei.as_str())
    }
    fn probier(&self) -> u32 {
        probier_minuten(&self.datei)
    }
}

/// Werkzeuge und Störsender sind selbst das Ausprobieren.
fn probier_minuten(datei: &str) -> u32 {
    match datei {
        "werkzeuge.md" => 15,
        "stoerer.md" => 10,
        _ => PROBIER_MINUTEN,
    }
}

fn runde(x: f64) -> u32 {
    x.round() as u32
}

/// Eine Übungsaufgabe, gelesen aus `src/bin/pruefen/aufgaben/aNN_*.rs`.
struct Aufgabe {
    titel: String,
    minuten: u32,
    python: bool,
}

fn run(wurzel: &Path, pfad: &Path, modus: &str) -> anyhow::Result<bool> {
    let kapitel = alle_kapitel(wurzel)?;
    let aufgaben = alle_aufgaben(wurzel)?;
    let plan =
        std::fs::read_to_string(pfad).with_context(|| format!("{} lesen", pfad.display()))?;
    let reihenfolge = reihenfolge(&plan, &kapitel);
    let tabelle = tabelle(&kapitel, &reihenfolge);
    let python = python_satz(&aufgaben);
    match modus {
        "" => {
            print!("{tabelle}");
            Ok(true)
        }
        "--schreiben" => {
            let neu = ersetze(&plan, &tabelle, &python)?;
            std::fs::write(pfad, neu).context("book/kursplan.md schreiben")?;
            println!("book/kursplan.md erneuert; prüfe mit --pruefen.");
            Ok(true)
        }
        _ => {
            let mut fehler = Vec::new();
            let python_neu = ersetze(&plan, &tabelle, &python)?;
            if !python_neu.contains(&python) || !plan.contains(&python) {
                fehler.push(format!(
                    "Der Satz zu den Python-Startern ist veraltet, richtig wäre: „{python}“ \
                     (`cargo run --bin kursplan -- --schreiben`)."
                ));
            }
            let lesezeit = pruefe_tabelle(&plan, &kapitel, &mut fehler);
            pruefe_stunden(&plan, &kapitel, &lesezeit, &aufgaben, &mut fehler);
            for f in &fehler {
                println!("✗ {f}");
            }
            if fehler.is_empty() {
                println!(
                    "Kursplan: {} Kapitel und {} Aufgaben stimmen mit {} überein.",
                    kapitel.len(),
                    aufgaben.len(),
                    pfad.display()
                );
            }
            Ok(fehler.is_empty())
        }
    }
}

/// Die Kapitelseiten aus SUMMARY.md mit ihrem gezählten Umfang.
fn alle_kapitel(wurzel: &Path) -> anyhow::Result<BTreeMap<String, Kapitel>> {
    let buch = wurzel.join("book");
    let summary = std::fs::read_to_string(buch.join("SUMMARY.md")).context("SUMMARY.md")?;
    let mut kapitel = BTreeMap::new();
    let mut drin = false;
    for zeile in summary.lines() {
        if zeile.starts_with("# ") {
            drin = zeile != "# Für den Unterricht"
                && zeile != "# Anhang"
                && (drin || zeile == "# Grundlagen");
            continue;
        }
        let Some((_, rest)) = zeile.split_once("](") else {
            continue;
        };
        if !drin {
            continue;
        }
        let datei = rest.trim_end().trim_end_matches(')').to_string();
        let seite = buch.join(&datei);
        let text = std::fs::read_to_string(&seite).with_context(|| format!("{datei} lesen"))?;
        let titel = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .to_string();
        let mut umfang = Umfang::default();
        zaehle(&seite, &mut umfang, 0)?;
        let quizfragen = quizfragen(&buch, &text)?;
        let aufgaben = raster(&buch.join("lehrkraefte").join(&datei));
        kapitel.insert(
            datei.clone(),
            Kapitel {
                datei,
                titel,
                umfang,
                quizfragen,
                aufgaben,
            },
        );
    }
    if kapitel.is_empty() {
        bail!("SUMMARY.md nennt keine Kapitel unter „# Grundlagen“");
    }
    Ok(kapitel)
}

/// Zählt Wörter, Codezeilen und Mitschnittzeilen einer Seite samt ihrer
/// eingebundenen Dateien.
fn zaehle(seite: &Path, umfang: &mut Umfang, tiefe: u32) -> anyhow::Result<()> {
    if tiefe > 5 {
        bail!("{} bindet zu tief verschachtelt ein", seite.display());
    }
    let text =
        std::fs::read_to_string(seite).with_context(|| format!("{} lesen", seite.display()))?;
    let ordner = seite.parent().unwrap_or(Path::new("."));
    let mut im_block = false;
    for zeile in text.lines() {
        if let Some(start) = zeile.find("{{#include ") {
            let ziel = zeile[start + 11..]
                .split("}}")
                .next()
                .unwrap_or_default()
                .trim();
            let (datei, anker) = match ziel.split_once(':') {
                Some((d, a)) => (d, Some(a)),
                None => (ziel, None),
            };
            let pfad = ordner.join(datei);
            if datei.ends_with(".md") {
                zaehle(&pfad, umfang, tiefe + 1)?;
            } else {
                let n = eingebundene_zeilen(&pfad, anker)?;
                if datei.ends_with(".txt") {
                    umfang.mitschnitt += n;
                } else {
                    umfang.code += n;
                }
            }
            continue;
        }
        if zeile.trim_start().starts_with("```") {
            im_block = !im_block;
            continue;
        }
        if im_block || zeile.contains("{{#quiz") {
            continue;
        }
        umfang.woerter += zeile.split_whitespace().count();
    }
    Ok(())
}

/// Zeilen einer eingebundenen Datei, bei einem Anker nur zwischen
/// `ANCHOR: name` und `ANCHOR_END: name` (ohne andere Ankerzeilen).
fn eingebundene_zeilen(pfad: &PathBuf, anker: Option<&str>) -> anyhow::Result<usize> {
    let text =
        std::fs::read_to_string(pfad).with_context(|| format!("{} lesen", pfad.display()))?;
    let Some(anker) = anker.filter(|a| !a.is_empty()) else {
        return Ok(text.lines().count());
    };
    let beginn = format!("ANCHOR: {anker}");
    let ende = format!("ANCHOR_END: {anker}");
    let mut drin = false;
    let mut n = 0;
    for zeile in text.lines() {
        if zeile.trim_end().ends_with(&ende) {
            drin = false;
        } else if zeile.trim_end().ends_with(&beginn) {
            drin = true;
        } else if drin && !zeile.contains("ANCHOR") {
            n += 1;
        }
    }
    Ok(n)
}

/// Zahl der Fragen in den Quizdateien einer Seite (`{{#quiz …}}`).
fn quizfragen(buch: &Path, text: &str) -> anyhow::Result<u32> {
    let mut n = 0;
    for zeile in text.lines() {
        if let Some(start) = zeile.find("{{#quiz ") {
            let datei = zeile[start + 8..]
                .split("}}")
                .next()
                .unwrap_or_default()
                .trim();
            let quiz = std::fs::read_to_string(buch.join(datei))
                .with_context(|| format!("{datei} lesen"))?;
            n += quiz.lines().filter(|z| z.trim() == "[[questions]]").count() as u32;
        }
    }
    Ok(n)
}

/// Die Aufgaben, deren Bewertungsraster auf der Lehrkräfte-Seite des Kapitels steht.
fn raster(seite: &Path) -> Vec<String> {
    std::fs::read_to_string(seite)
        .unwrap_or_default()
        .lines()
        .filter_map(|z| z.strip_prefix("#### Bewertung: Aufgabe "))
        .filter_map(|r| r.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Nummer → Aufgabe, aus den Definitionen des Prüfers.
fn alle_aufgaben(wurzel: &Path) -> anyhow::Result<BTreeMap<String, Aufgabe>> {
    let ordner = wurzel.join("src/bin/pruefen/aufgaben");
    let mut aufgaben = BTreeMap::new();
    for eintrag in std::fs::read_dir(&ordner).context("Aufgabendefinitionen lesen")? {
        let pfad = eintrag?.path();
        let name = pfad
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !(name.starts_with('a')
            && name.ends_with(".rs")
            && name.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
        {
            continue;
        }
        let text = std::fs::read_to_string(&pfad)?;
        let feld = |name: &str| -> Option<String> {
            let praefix = format!("{name}: ");
            let zeile = text
                .lines()
                .find(|z| z.trim_start().starts_with(&praefix))?;
            let wert = zeile.trim_start()[praefix.len()..].trim_end_matches(',');
            Some(wert.trim_matches('"').to_string())
        };
        let (Some(nummer), Some(titel), Some(minuten)) =
            (feld("nummer"), feld("titel"), feld("minuten"))
        else {
            bail!("{name}: nummer, titel oder minuten nicht gefunden");
        };
        let python = feld("python_starter").is_some_and(|p| p.starts_with("Some("));
        let minuten = minuten
            .parse()
            .with_context(|| format!("{name}: minuten"))?;
        aufgaben.insert(
            nummer,
            Aufgabe {
                titel,
                minuten,
                python,
            },
        );
    }
    Ok(aufgaben)
}

/// Kapitel in der Reihenfolge, in der der Plan sie zuerst lesen lässt; was er
/// nicht nennt, hinten in der Reihenfolge von SUMMARY.md (dann meldet die
/// Prüfung, dass es fehlt).
fn reihenfolge(plan: &str, kapitel: &BTreeMap<String, Kapitel>) -> Vec<String> {
    let stunden = plan
        .split("## Wie die Minuten berechnet sind")
        .next()
        .unwrap_or(plan);
    let mut folge: Vec<(usize, String)> = kapitel
        .keys()
        .map(|d| {
            (
                stunden
                    .find(&format!("]({d}) lesen und besprechen"))
                    .unwrap_or(usize::MAX),
                d.clone(),
            )
        })
        .collect();
    folge.sort();
    folge.into_iter().map(|(_, d)| d).collect()
}

fn tabelle(kapitel: &BTreeMap<String, Kapitel>, reihenfolge: &[String]) -> String {
    let mut t = String::from(
        "| Kapitel | Wörter | Codezeilen | Mitschnittzeilen | Lesen (min) | Quizfragen | Aufgaben |\n\
         |---|---:|---:|---:|---:|---:|---|\n",
    );
    let mut summe = Umfang::default();
    for d in reihenfolge {
        let k = &kapitel[d];
        let lesen = if k.code_freiwillig() {
            format!(
                "{} (+{} Code)",
                k.lesen(),
                runde(k.umfang.code as f64 / CODEZEILEN_JE_MINUTE)
            )
        } else {
            k.lesen().to_string()
        };
        let aufgaben = if k.aufgaben.is_empty() {
            "–".to_string()
        } else {
            k.aufgaben.join(", ")
        };
        t.push_str(&format!(
            "| [{}]({}) | {} | {} | {} | {lesen} | {} | {aufgaben} |\n",
            k.titel, k.datei, k.umfang.woerter, k.umfang.code, k.umfang.mitschnitt, k.quizfragen
        ));
        summe.woerter += k.umfang.woerter;
        summe.code += k.umfang.code;
        summe.mitschnitt += k.umfang.mitschnitt;
    }
    t.push_str(&format!(
        "| **Summe** | **{}** | **{}** | **{}** | | | |\n",
        summe.woerter, summe.code, summe.mitschnitt
    ));
    t
}

fn python_satz(aufgaben: &BTreeMap<String, Aufgabe>) -> String {
    let mit: Vec<&str> = aufgaben
        .iter()
        .filter(|(_, a)| a.python)
        .map(|(n, _)| n.as_str())
        .collect();
    if mit.len() == aufgaben.len() {
        let (erste, letzte) = (mit.first().unwrap_or(&"–"), mit.last().unwrap_or(&"–"));
        return format!(
            "{PYTHON_ANFANG}für alle Aufgaben ({erste} bis {letzte}); wer mit Python arbeitet, löst \
             alle in Python."
        );
    }
    let liste = match mit.split_last() {
        None => "keine Aufgabe".to_string(),
        Some((letzte, [])) => format!("die Aufgabe {letzte}"),
        Some((letzte, davor)) => format!("die Aufgaben {} und {letzte}", davor.join(", ")),
    };
    format!(
        "{PYTHON_ANFANG}zurzeit für {liste}; wer mit Python arbeitet, löst diese in Python und die \
         übrigen in Rust."
    )
}

/// Setzt Tabelle und Python-Satz in den Plan ein.
fn ersetze(plan: &str, tabelle: &str, python: &str) -> anyhow::Result<String> {
    let (Some(a), Some(e)) = (plan.find(TABELLE_ANFANG), plan.find(TABELLE_ENDE)) else {
        bail!("book/kursplan.md ohne {TABELLE_ANFANG} … {TABELLE_ENDE}");
    };
    let mut neu = format!(
        "{}{TABELLE_ANFANG}\n\n{tabelle}\n{}",
        &plan[..a],
        &plan[e..]
    );
    let Some(p) = neu.find(PYTHON_ANFANG) else {
        bail!("book/kursplan.md ohne den Satz „{PYTHON_ANFANG}…“");
    };
    let ende = p + neu[p..].find(". ").context("Python-Satz ohne Punkt")? + 1;
    neu.replace_range(p..ende, python);
    Ok(neu)
}

/// Die Zeilen der Tabelle auf der Seite: Lesezeit, Quizfragen und Aufgaben
/// jedes Kapitels. Die Lesezeit darf von der gemessenen um [`toleranz`]
/// abweichen (ein paar neue Sätze machen den Plan nicht falsch), Quizfragen
/// und Aufgaben nicht. Liefert Datei → Lesezeit laut Seite.
fn pruefe_tabelle(
    plan: &str,
    kapitel: &BTreeMap<String, Kapitel>,
    fehler: &mut Vec<String>,
) -> BTreeMap<String, u32> {
    let mut lesezeit = BTreeMap::new();
    let tabelle = plan
        .split(TABELLE_ANFANG)
        .nth(1)
        .and_then(|r| r.split(TABELLE_ENDE).next())
        .unwrap_or_default();
    for k in kapitel.values() {
        let anfang = format!("| [{}]({}) | ", k.titel, k.datei);
        let Some(zeile) = tabelle.lines().find(|z| z.starts_with(&anfang)) else {
            fehler.push(format!(
                "{}: keine Zeile in der Tabelle der Minuten.",
                k.datei
            ));
            continue;
        };
        let spalten: Vec<&str> = zeile[anfang.len()..]
            .trim_end_matches(" |")
            .split(" | ")
            .collect();
        let zahl =
            |i: usize| -> Option<u32> { spalten.get(i)?.split_whitespace().next()?.parse().ok() };
        let (Some(lesen), Some(quiz)) = (zahl(3), zahl(4)) else {
            fehler.push(format!("{}: Zeile der Tabelle unlesbar: {zeile}", k.datei));
            continue;
        };
        let gemessen = k.lesen();
        if lesen.abs_diff(gemessen) > toleranz(gemessen) {
            fehler.push(format!(
                "{}: Lesezeit laut Tabelle {lesen} min, gemessen {gemessen} min. Erneuere die \
                 Tabelle (`cargo run --bin kursplan -- --schreiben`) und passe die Stunden an.",
                k.datei
            ));
        }
        if quiz != k.quizfragen {
            fehler.push(format!(
                "{}: {} Quizfragen laut Tabelle, {} auf der Seite.",
                k.datei, quiz, k.quizfragen
            ));
        }
        let aufgaben = if k.aufgaben.is_empty() {
            "–".to_string()
        } else {
            k.aufgaben.join(", ")
        };
        if spalten.get(5).copied() != Some(aufgaben.as_str()) {
            fehler.push(format!(
                "{}: Aufgaben laut Tabelle {:?}, laut Bewertungsraster {aufgaben}.",
                k.datei,
                spalten.get(5)
            ));
        }
        lesezeit.insert(k.datei.clone(), lesen);
    }
    lesezeit
}

/// So weit darf die Lesezeit im Plan von der gemessenen abweichen: 2 min oder
/// 5 %, was größer ist.
fn toleranz(minuten: u32) -> u32 {
    (minuten / 20).max(2)
}

/// Prüft jede Doppelstunde: Summe 90, Lesezeiten, Quiz- und Probier-Minuten,
/// Minuten und Python-Hinweis jeder genannten Aufgabe.
fn pruefe_stunden(
    plan: &str,
    kapitel: &BTreeMap<String, Kapitel>,
    lesezeit: &BTreeMap<String, u32>,
    aufgaben: &BTreeMap<String, Aufgabe>,
    fehler: &mut Vec<String>,
) {
    let stunden = plan
        .split("## Wie die Minuten berechnet sind")
        .next()
        .unwrap_or(plan);
    let mut gelesen: BTreeMap<&str, u32> = BTreeMap::new();
    let mut quiz: BTreeMap<&str, u32> = BTreeMap::new();
    let mut probiert: BTreeMap<&str, u32> = BTreeMap::new();
    for abschnitt in stunden.split("\n### ").skip(1) {
        let name = abschnitt.lines().next().unwrap_or_default();
        let mut summe = 0;
        let mut angegeben = None;
        for zeile in abschnitt
            .lines()
            .filter(|z| z.starts_with("| ") && !z.starts_with("| Teil"))
        {
            let spalten: Vec<&str> = zeile.split(" | ").collect();
            let teil = spalten[0].trim_start_matches("| ");
            let Some(min) = spalten.last().and_then(|m| {
                m.trim_end_matches(" |")
                    .trim_matches('*')
                    .parse::<u32>()
                    .ok()
            }) else {
                fehler.push(format!("{name}: Zeile ohne Minuten: {zeile}"));
                continue;
            };
            if teil == "**Summe**" {
                angegeben = Some(min);
                continue;
            }
            summe += min;
            if let Some(rest) = teil.strip_prefix("Übung: [")
                && teil.ends_with("mit dem Prüfer lösen")
            {
                let nr = rest.split(' ').next().unwrap_or_default();
                if let Some(a) = aufgaben.get(nr)
                    && a.minuten != min
                {
                    fehler.push(format!(
                        "{name}: Übung {nr} dauert laut Definition {} min, nicht {min}.",
                        a.minuten
                    ));
                }
            }
            let Some(k) = kapitel
                .values()
                .find(|k| teil.starts_with(&format!("[{}]({})", k.titel, k.datei)))
            else {
                continue;
            };
            let rest = &teil[k.titel.len() + k.datei.len() + 4..];
            if rest.starts_with(" lesen und besprechen") {
                *gelesen.entry(&k.datei).or_default() += min;
                if let Some(t) = rest.split("(Teil ").nth(1) {
                    let soll = format!(
                        "{min} von {} min)",
                        lesezeit.get(&k.datei).copied().unwrap_or(0)
                    );
                    if t.split_once(": ").is_none_or(|(_, r)| r != soll) {
                        fehler.push(format!("{name}: „{teil}“ passt nicht zu „… {soll}“"));
                    }
                }
            } else if let Some(r) = rest.strip_prefix(": Teste dich (") {
                let n: u32 = r
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                *quiz.entry(&k.datei).or_default() += 1;
                if n != k.quizfragen || min != k.quizfragen {
                    fehler.push(format!(
                        "{name}: {} hat {} Quizfragen (eine Minute je Frage), im Plan: „{rest}“ mit {min} min",
                        k.datei, k.quizfragen
                    ));
                }
            } else if rest.starts_with(": Probier es aus") {
                *probiert.entry(&k.datei).or_default() += 1;
                if min != k.probier() {
                    fehler.push(format!(
                        "{name}: Probier es aus zu {} dauert {} min, nicht {min}",
                        k.datei,
                        k.probier()
                    ));
                }
            }
        }
        match angegeben {
            Some(a) if a == summe && a == STUNDE => {}
            Some(a) => fehler.push(format!(
                "{name}: Die Teile ergeben {summe} min, die Summenzeile sagt {a}, geplant sind \
                 {STUNDE}."
            )),
            None => fehler.push(format!("{name}: Die Tabelle hat keine Summenzeile.")),
        }
    }
    for k in kapitel.values() {
        let g = gelesen.get(k.datei.as_str()).copied().unwrap_or(0);
        if g != lesezeit.get(&k.datei).copied().unwrap_or(0) {
            fehler.push(format!(
                "{}: Der Plan liest es {g} min, laut Tabelle {} min.",
                k.datei,
                lesezeit.get(&k.datei).copied().unwrap_or(0)
            ));
        }
        if k.quizfragen > 0 && quiz.get(k.datei.as_str()) != Some(&1) {
            fehler.push(format!(
                "{}: Der Plan hat nicht genau einmal „Teste dich“.",
                k.datei
            ));
        }
        if probiert.get(k.datei.as_str()) != Some(&1) {
            fehler.push(format!(
                "{}: Der Plan hat nicht genau einmal „Probier es aus“.",
                k.datei
            ));
        }
    }
    pruefe_aufgaben(stunden, aufgaben, fehler);
}

/// Jede Aufgabe steht im Plan, mit ihrem Titel, ihren Minuten und „auch in
/// Python“ genau dann, wenn es einen Python-Starter gibt.
fn pruefe_aufgaben(stunden: &str, aufgaben: &BTreeMap<String, Aufgabe>, fehler: &mut Vec<String>) {
    for (nr, a) in aufgaben {
        let verweis = format!("[{nr} {}](aufgaben/{nr}-", a.titel);
        let mut vorkommen = stunden.match_indices(&verweis).peekable();
        if vorkommen.peek().is_none() {
            fehler.push(format!(
                "Aufgabe {nr} „{}“ steht in keiner Doppelstunde.",
                a.titel
            ));
        }
        for (i, _) in vorkommen {
            let danach = stunden[i..].split_once(".md)").map_or("", |(_, r)| r);
            let Some(klammer) = danach.strip_prefix(" (") else {
                continue;
            };
            let inhalt = klammer.split(')').next().unwrap_or_default();
            if !inhalt.starts_with(&format!("{} min", a.minuten)) {
                fehler.push(format!(
                    "Aufgabe {nr}: im Plan „({inhalt})“, definiert sind {} min.",
                    a.minuten
                ));
            }
            if inhalt.contains("auch in Python") != a.python {
                fehler.push(format!(
                    "Aufgabe {nr}: {}",
                    if a.python {
                        "„auch in Python“ fehlt im Plan, obwohl es einen Python-Starter gibt."
                    } else {
                        "„auch in Python“ steht im Plan, aber es gibt keinen Python-Starter."
                    }
                ));
            }
        }
    }
}

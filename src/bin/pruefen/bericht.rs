//! Die Ergebnisse eines Prüflaufs als Text, JUnit-XML oder Moodle-VPL.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::aufgaben::Aufgabe;

/// Wie ein Schritt ausging.
pub enum Ausgang {
    Bestanden,
    Falsch(String),
    Uebersprungen(String),
}

/// Ein Schritt mit Ausgang, Dauer, Punkten und der Fehlerausgabe der
/// Programme, die er gestartet hat.
pub struct Ergebnis {
    pub name: String,
    pub ausgang: Ausgang,
    pub dauer: Duration,
    /// Punkte, die der Schritt bei ✓ bringt.
    pub punkte: u32,
    pub stderr: String,
}

impl Ergebnis {
    pub fn ist_falsch(&self) -> bool {
        matches!(self.ausgang, Ausgang::Falsch(_))
    }

    /// Erreichte Punkte: alle bei ✓, keine bei ✗; Übersprungenes zählt
    /// nicht gegen die Schülerin.
    pub fn erreicht(&self) -> u32 {
        if self.ist_falsch() { 0 } else { self.punkte }
    }

    pub fn zeile(&self, mit_punkten: bool) -> String {
        let punkte = if mit_punkten {
            format!(" [{}/{} P.]", self.erreicht(), self.punkte)
        } else {
            String::new()
        };
        match &self.ausgang {
            Ausgang::Bestanden => format!("✓ {}{punkte}", self.name),
            Ausgang::Falsch(g) => format!("✗ {}: {g}{punkte}", self.name),
            Ausgang::Uebersprungen(g) => format!("– {} (übersprungen: {g}){punkte}", self.name),
        }
    }
}

static STDOUT_ZU: AtomicBool = AtomicBool::new(false);

/// Schreibt eine Zeile auf stdout. Ist stdout geschlossen (`pruefen … | head`),
/// schweigt der Prüfer von da an, statt abzustürzen, und prüft zu Ende.
pub fn aus(text: &str) {
    if STDOUT_ZU.load(Ordering::SeqCst) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
        STDOUT_ZU.store(true, Ordering::SeqCst);
    }
}

/// Schreibt Text ohne Zeilenende (für XML), ebenso ohne Absturz.
pub fn aus_roh(text: &str) {
    if STDOUT_ZU.load(Ordering::SeqCst) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        STDOUT_ZU.store(true, Ordering::SeqCst);
    }
}

/// Text für XML 1.0: die fünf Sonderzeichen als Entität, was XML gar nicht
/// erlaubt (Steuerzeichen außer \t \n \r, U+FFFE, U+FFFF) als `\u{…}`.
pub fn xml(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => aus.push_str("&amp;"),
            '<' => aus.push_str("&lt;"),
            '>' => aus.push_str("&gt;"),
            '"' => aus.push_str("&quot;"),
            '\'' => aus.push_str("&apos;"),
            '\t' | '\n' | '\r' => aus.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                aus.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => aus.push(c),
        }
    }
    aus
}

/// JUnit-XML, wie es GitHub Classroom, GitLab, Jenkins und Moodle-Plugins
/// lesen. Die Fehlerausgabe der Programme steht (gekürzt) in `system-err`.
pub fn junit(aufgabe: &Aufgabe, ergebnisse: &[Ergebnis], gesamt: Duration) -> String {
    let suite = aufgabe.starter;
    let fehler = ergebnisse.iter().filter(|e| e.ist_falsch()).count();
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
        xml(suite),
        ergebnisse.len(),
        gesamt.as_secs_f64()
    ));
    for e in ergebnisse {
        s.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml(suite),
            xml(&e.name),
            e.dauer.as_secs_f64()
        ));
        let stderr = if e.stderr.trim().is_empty() {
            String::new()
        } else {
            format!(
                "      <system-err>{}</system-err>\n",
                xml(e.stderr.trim_end())
            )
        };
        match &e.ausgang {
            Ausgang::Bestanden if stderr.is_empty() => s.push_str("/>\n"),
            Ausgang::Bestanden => s.push_str(&format!(">\n{stderr}    </testcase>\n")),
            Ausgang::Falsch(g) => s.push_str(&format!(
                ">\n      <failure message=\"{}\">{}</failure>\n{stderr}    </testcase>\n",
                xml(g),
                xml(g)
            )),
            Ausgang::Uebersprungen(g) => s.push_str(&format!(
                ">\n      <skipped message=\"{}\"/>\n{stderr}    </testcase>\n",
                xml(g)
            )),
        }
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// Ausgabe für Moodle VPL: Kommentare (`Comment :=>>`) und die Note
/// (`Grade :=>>`). Ohne `hoechstnote` ist die Note die Punktzahl; sonst wird
/// sie auf 0 … `hoechstnote` umgerechnet.
pub fn vpl(aufgabe: &Aufgabe, ergebnisse: &[Ergebnis], hoechstnote: Option<f64>) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "Comment :=>>-Aufgabe {} „{}“\n",
        aufgabe.nummer, aufgabe.titel
    ));
    for e in ergebnisse {
        // Jeder Kommentar ist genau eine Zeile.
        let zeile: String = e
            .zeile(true)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        s.push_str(&format!("Comment :=>>{zeile}\n"));
    }
    let (erreicht, moeglich) = punkte(ergebnisse);
    s.push_str(&format!("Comment :=>>Punkte: {erreicht} von {moeglich}\n"));
    let note = match hoechstnote {
        Some(h) if moeglich > 0 => f64::from(erreicht) * h / f64::from(moeglich),
        Some(_) => 0.0,
        None => f64::from(erreicht),
    };
    s.push_str(&format!("Grade :=>> {note:.2}\n"));
    s
}

/// (erreicht, möglich) über alle Schritte.
pub fn punkte(ergebnisse: &[Ergebnis]) -> (u32, u32) {
    ergebnisse
        .iter()
        .fold((0, 0), |(e, m), x| (e + x.erreicht(), m + x.punkte))
}

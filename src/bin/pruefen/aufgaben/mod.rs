//! Alle Übungsaufgaben mit ihren Prüfschritten.
//!
//! Jede Datei `aNN_kurz.rs` beschreibt eine Aufgabe vollständig und ist die
//! einzige Quelle dafür: Titel, Kapitel, geschätzte Minuten, die Schritte, die
//! der Prüfer nacheinander ausführt, der Starter (Rust und Python), die
//! Musterlösungen, jede absichtlich falsche Variante mit dem Schritt, an dem
//! sie scheitern muss, und die Punkte je Schritt. `tests/pruefen.rs`, die
//! Selbstprüfung (`pruefen --selbstpruefung`: Cargo.toml, Dateien, Seiten,
//! SUMMARY.md) und `--punkte` lesen alles von hier.
//! Jeder Schritt startet, was er braucht, selbst (meist einen frischen
//! Server), damit ein ✗ in einem Schritt die anderen nicht mitreißt.

use crate::werkzeug::{Ctx, Urteil, nur_loopback};

mod a01_portansage;
mod a02_bestaetigung;
mod a03_echo;
mod a04_zeitansage;
mod a05_summe;
mod a06_zwei_server;
mod a07_portscanner;
mod a08_ausweichserver;
mod a09_dienste;
mod a10_zwei_familien;
mod a11_halbschluss;
mod a12_datei;
mod a13_chat;
mod a14_json_rechner;
mod a15_hartnaeckig;
mod a16_webserver;
mod a17_tuersteher;
mod a18_diagnose;
mod a19_pipeline;
mod a20_ein_thread;
mod a21_mitschnitt;
mod a22_vierertupel;

/// Eine Übungsaufgabe.
pub struct Aufgabe {
    /// Zweistellig, z. B. "03".
    pub nummer: &'static str,
    /// Kurzname ohne Nummer, z. B. "echo".
    pub kurz: &'static str,
    pub titel: &'static str,
    pub kapitel: &'static str,
    pub minuten: u32,
    /// "Server" oder "Client".
    pub art: &'static str,
    pub schritte: &'static [Schritt],
    /// Name des Rust-Starters in `examples/`, z. B. `aufgabe_03_echo`.
    pub starter: &'static str,
    /// Dateiname des Python-Starters in `python/`, falls es einen gibt.
    pub python_starter: Option<&'static str>,
    /// Musterlösungen in `loesungen/`; jede muss alle Schritte bestehen.
    pub loesungen: &'static [Loesung],
    /// Absichtlich falsche Varianten in `loesungen/`.
    pub varianten: &'static [Variante],
    /// Punkte je Schritt (Name, Punkte); nicht genannte Schritte zählen 1.
    pub punkte: &'static [(&'static str, u32)],
}

/// Eine Musterlösung in `loesungen/`.
pub enum Loesung {
    /// Ein Cargo-Beispiel (`[[example]]` in Cargo.toml), z. B. `loesung_03_echo`.
    Rust(&'static str),
    /// Eine Python-Datei, z. B. `loesung_03_echo.py`.
    Python(&'static str),
}

/// Eine absichtlich falsche Variante: ein Cargo-Beispiel in `loesungen/`, das
/// genau bei `schritt` ein ✗ bekommen muss, dessen Grund `grund` enthält.
pub struct Variante {
    pub name: &'static str,
    pub schritt: &'static str,
    pub grund: &'static str,
}

impl Aufgabe {
    /// Name des Starters in examples/, z. B. `aufgabe_03_echo`.
    pub fn beispielname(&self) -> String {
        self.starter.to_string()
    }

    /// Punkte, die ein bestandener Schritt bringt.
    pub fn punkte_fuer(&self, schritt: &str) -> u32 {
        self.punkte
            .iter()
            .find(|(name, _)| *name == schritt)
            .map_or(1, |(_, p)| *p)
    }

    /// Die ganze Definition als JSON, für `tests/pruefen.rs` und Werkzeuge.
    pub fn als_json(&self) -> serde_json::Value {
        let loesungen: Vec<serde_json::Value> = self
            .loesungen
            .iter()
            .map(|l| match l {
                Loesung::Rust(n) => serde_json::json!({"sprache": "rust", "name": n}),
                Loesung::Python(n) => serde_json::json!({"sprache": "python", "name": n}),
            })
            .collect();
        let varianten: Vec<serde_json::Value> = self
            .varianten
            .iter()
            .map(|v| serde_json::json!({"name": v.name, "schritt": v.schritt, "grund": v.grund}))
            .collect();
        let schritte: Vec<serde_json::Value> = self
            .schritte
            .iter()
            .map(|s| serde_json::json!({"name": s.name, "punkte": self.punkte_fuer(s.name)}))
            .collect();
        serde_json::json!({
            "nummer": self.nummer,
            "kurz": self.kurz,
            "titel": self.titel,
            "kapitel": self.kapitel,
            "minuten": self.minuten,
            "art": self.art,
            "starter": self.starter,
            "python_starter": self.python_starter,
            "loesungen": loesungen,
            "varianten": varianten,
            "schritte": schritte,
        })
    }
}

/// Ein Prüfschritt: ein Name (erscheint hinter ✓/✗) und was zu tun ist.
pub struct Schritt {
    pub name: &'static str,
    pub lauf: fn(&Ctx) -> Urteil,
}

pub fn alle() -> Vec<&'static Aufgabe> {
    vec![
        &a01_portansage::AUFGABE,
        &a02_bestaetigung::AUFGABE,
        &a03_echo::AUFGABE,
        &a04_zeitansage::AUFGABE,
        &a05_summe::AUFGABE,
        &a06_zwei_server::AUFGABE,
        &a07_portscanner::AUFGABE,
        &a08_ausweichserver::AUFGABE,
        &a09_dienste::AUFGABE,
        &a10_zwei_familien::AUFGABE,
        &a11_halbschluss::AUFGABE,
        &a12_datei::AUFGABE,
        &a13_chat::AUFGABE,
        &a14_json_rechner::AUFGABE,
        &a15_hartnaeckig::AUFGABE,
        &a16_webserver::AUFGABE,
        &a17_tuersteher::AUFGABE,
        &a18_diagnose::AUFGABE,
        &a19_pipeline::AUFGABE,
        &a20_ein_thread::AUFGABE,
        &a21_mitschnitt::AUFGABE,
        &a22_vierertupel::AUFGABE,
    ]
}

/// Findet eine Aufgabe über Nummer ("3", "03"), Kurzname oder ganzen Namen.
pub fn finde(wahl: &str) -> Option<&'static Aufgabe> {
    let wahl = wahl.trim().to_lowercase();
    let wahl = wahl.trim_end_matches(".rs").trim_end_matches(".py");
    let wahl = wahl.rsplit('/').next().unwrap_or(wahl);
    alle().into_iter().find(|a| {
        let nummer_ohne_null = a.nummer.trim_start_matches('0');
        wahl == a.nummer
            || wahl == nummer_ohne_null
            || wahl == a.kurz
            || wahl == a.beispielname()
            || wahl == format!("{}_{}", a.nummer, a.kurz)
    })
}

// Schritte, die viele Server-Aufgaben teilen.

/// Der Server startet mit `127.0.0.1:0`, meldet die echte Adresse und nimmt
/// dort Verbindungen an.
pub const MELDET_ADRESSE: Schritt = Schritt {
    name: "Startet und meldet seine Adresse",
    lauf: |ctx| {
        let (_server, adresse) = ctx.server(&[], &[])?;
        ctx.verbinde(adresse)?;
        Ok(())
    },
};

/// Der Server lauscht nur auf Loopback, nicht auf allen Schnittstellen.
pub const NUR_LOOPBACK: Schritt = Schritt {
    name: "Lauscht nur auf Loopback",
    lauf: |ctx| {
        let (_server, adresse) = ctx.server(&[], &[])?;
        nur_loopback(adresse, false)
    },
};

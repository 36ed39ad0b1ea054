//! Alle Übungsaufgaben mit ihren Prüfschritten.
//!
//! Jede Datei `aNN_kurz.rs` beschreibt eine Aufgabe: Titel, Kapitel,
//! geschätzte Minuten und die Schritte, die der Prüfer nacheinander ausführt.
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
}

impl Aufgabe {
    /// Name des Starters in examples/, z. B. `aufgabe_03_echo`.
    pub fn beispielname(&self) -> String {
        format!("aufgabe_{}_{}", self.nummer, self.kurz)
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

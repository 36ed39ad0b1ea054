//! # Server ohne freie Dateideskriptoren (EMFILE)
//!
//! Eine Quelle für alle Tests, die einen Server an sein Limit offener Dateien
//! bringen (`tests/feindselig.rs`, `tests/leistung.rs`, die Lösungen, JSON,
//! HTTP, async): mit kleinem Limit starten oder es am laufenden Prozess
//! setzen, warten, bis er in `accept()` blockiert, und messen, wie viel
//! Rechenzeit er dabei verbraucht. Die Messungen selbst liegen im Prüfstand
//! (`pruefstand::linux`); hier werden ihre Fehler zu Paniken.
//!
//! Nur Linux, bis auf den Start mit kleinem Limit (Unix): Die Prüfungen
//! lesen `/proc/PID/stat`, `/proc/PID/syscall` und `/proc/PID/fd` und setzen
//! Limits mit `prlimit`.
#![allow(dead_code)]

#[cfg(target_os = "linux")]
use std::io::Write;
#[cfg(target_os = "linux")]
use std::net::TcpStream;
use std::process::Command;
#[cfg(target_os = "linux")]
use std::time::Duration;

#[cfg(target_os = "linux")]
use pruefstand::linux;

use crate::common::Prozess;
#[cfg(target_os = "linux")]
use crate::common::{beispiel, frist, verbinde};

/// Startet `befehl` mit höchstens `limit` offenen Dateien (wie `ulimit -n`).
#[cfg(unix)]
pub fn starte_mit_dateilimit(name: &str, mut befehl: Command, limit: u64) -> Prozess {
    pruefstand::mit_dateilimit(&mut befehl, limit);
    Prozess::starte_befehl(name, befehl)
}

/// Anteil eines Kerns, den der Prozess in `dauer` verbraucht (utime + stime
/// aus `/proc/PID/stat`, alle Threads).
#[cfg(target_os = "linux")]
pub fn cpu_anteil(pid: u32, dauer: Duration) -> f64 {
    linux::cpu_anteil(pid, dauer).unwrap_or_else(|e| panic!("{e}"))
}

/// utime + stime aus `/proc/PID/stat`, in Ticks (meist 1/100 s).
#[cfg(target_os = "linux")]
pub fn cpu_ticks(pid: u32) -> u64 {
    linux::cpu_ticks(pid).unwrap_or_else(|e| panic!("{e}"))
}

/// Wartet höchstens [`frist`], bis der Prozess in `accept()` blockiert. Erst
/// dann hat er den Deskriptor für den nächsten Client schon reserviert.
#[cfg(target_os = "linux")]
pub fn warte_auf_accept(pid: u32, name: &str) {
    if linux::warte_auf_accept(pid, frist()).is_err() {
        panic!(
            "{name} wartet nicht in accept(): {:?}",
            linux::systemaufruf(pid)
        );
    }
}

/// Wartet höchstens [`frist`], bis der Prozess in `accept()` oder im Warten
/// auf Ereignisse blockiert: Er ist mit dem Einrichten fertig.
#[cfg(target_os = "linux")]
pub fn warte_auf_ruhe(pid: u32, name: &str) {
    if linux::warte_auf_ruhe(pid, frist()).is_err() {
        panic!(
            "{name} wartet weder in accept() noch auf Ereignisse: {:?}",
            linux::systemaufruf(pid)
        );
    }
}

/// Die Nummern der offenen Deskriptoren (`/proc/PID/fd`).
#[cfg(target_os = "linux")]
pub fn offene_deskriptoren(pid: u32) -> Vec<u64> {
    linux::offene_deskriptoren(pid).unwrap_or_else(|e| panic!("{e}"))
}

/// Setzt das weiche Limit offener Dateien des laufenden Prozesses; liefert das alte.
#[cfg(target_os = "linux")]
pub fn setze_dateilimit(pid: u32, weich: u64) -> u64 {
    linux::setze_dateilimit(pid, weich).unwrap_or_else(|e| panic!("{e}"))
}

/// So viele Dateideskriptoren bekommt der Server in [`pruefe`].
#[cfg(target_os = "linux")]
const LIMIT: usize = 32;

/// Startet `name` mit 32 offenen Dateien, belegt mit bedienten Verbindungen
/// jeden freien Deskriptor und stellt zwei weitere in die Warteschlange von
/// listen(). accept() scheitert nun mit EMFILE. Verlangt: Der Server
/// verbraucht dabei höchstens 30 % eines Kerns, und sobald die bedienten
/// Verbindungen zu sind, bedient er die wartenden. `bedient` schickt nichts,
/// liest eine Antwort auf `anfrage` und sagt, ob sie stimmt.
#[cfg(target_os = "linux")]
pub fn pruefe(name: &str, anfrage: &[u8], bedient: impl Fn(&mut TcpStream) -> bool) {
    let mut befehl = Command::new(beispiel(name));
    befehl.args(["127.0.0.1:0", "--max-clients", "1000"]);
    let mut server = starte_mit_dateilimit(name, befehl, LIMIT as u64);
    let adresse = server.adresse_aus_erster_zeile();
    // Erst wenn er wartet, hat er alles eingerichtet, was er selbst öffnet.
    warte_auf_ruhe(server.pid(), name);
    let offen = offene_deskriptoren(server.pid()).len();
    let schicke = |c: &mut TcpStream| c.write_all(anfrage).expect("Anfrage senden");
    let mut belegt = Vec::new();
    for i in 0..LIMIT - offen {
        let mut c = verbinde(adresse);
        schicke(&mut c);
        assert!(bedient(&mut c), "{name}: Verbindung {i} nicht bedient");
        belegt.push(c);
    }
    let mut wartend: Vec<TcpStream> = (0..2).map(|_| verbinde(adresse)).collect();
    wartend.iter_mut().for_each(schicke);

    let anteil = cpu_anteil(server.pid(), Duration::from_secs(1));
    assert!(
        anteil < 0.3,
        "{name} kreiselt ohne Dateideskriptoren: {:.0} % CPU\n{}",
        anteil * 100.0,
        server.terminal()
    );
    drop(belegt);
    for c in &mut wartend {
        assert!(bedient(c), "{name}: wartende Verbindung nicht bedient");
    }
    assert!(
        server.laeuft(),
        "{name} ist beendet:\n{}",
        server.terminal()
    );
}

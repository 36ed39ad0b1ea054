//! Ein Server ohne freie Dateideskriptoren (EMFILE), für tests/eigenes_protokoll.rs
//! und tests/http.rs. Nur Linux: Die Prüfung zählt offene Deskriptoren in
//! `/proc/PID/fd` und liest die verbrauchte Rechenzeit aus `/proc/PID/stat`.
#![cfg(target_os = "linux")]

use std::io::Write;
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::common::{Prozess, beispiel, verbinde};

/// So viele Dateideskriptoren bekommt der Server (`ulimit -n`).
const LIMIT: usize = 32;

/// Startet `name` mit `ulimit -n 32`, belegt mit bedienten Verbindungen jeden
/// freien Deskriptor und stellt zwei weitere in die Warteschlange von listen().
/// accept() scheitert nun mit EMFILE. Verlangt: Der Server verbraucht dabei
/// höchstens 30 % eines Kerns, und sobald die bedienten Verbindungen zu sind,
/// bedient er die wartenden. `bedient` schickt nichts, liest eine Antwort auf
/// `anfrage` und sagt, ob sie stimmt.
pub fn pruefe(name: &str, anfrage: &[u8], bedient: impl Fn(&mut TcpStream) -> bool) {
    let mut befehl = Command::new("sh");
    let skript = format!("ulimit -n {LIMIT} && exec \"$0\" 127.0.0.1:0 --max-clients 1000");
    befehl.arg("-c").arg(skript).arg(beispiel(name));
    let mut server = Prozess::starte_befehl(name, befehl);
    let adresse = server.adresse_aus_erster_zeile();
    let offen = std::fs::read_dir(format!("/proc/{}/fd", server.pid()))
        .expect("/proc/PID/fd")
        .count();
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

/// Anteil eines Kerns, den der Prozess in `dauer` verbraucht (alle Threads).
fn cpu_anteil(pid: u32, dauer: Duration) -> f64 {
    let ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
        // Nach dem Programmnamen in Klammern: Feld 12 und 13 sind utime und stime.
        let felder: Vec<u64> = stat
            .rsplit_once(')')
            .expect("(name)")
            .1
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        felder[10] + felder[11]
    };
    let vorher = ticks();
    // Eine Messung über eine feste Zeit, kein Warten auf ein Ereignis.
    std::thread::sleep(dauer);
    let nachher = ticks();
    // SAFETY: sysconf liest nur eine Konstante des Systems.
    let pro_sekunde = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    (nachher - vorher) as f64 / pro_sekunde / dauer.as_secs_f64()
}

//! Was nur Linux über einen Prozess verrät: verbrauchte Rechenzeit
//! (`/proc/PID/stat`), den laufenden Systemaufruf (`/proc/PID/syscall`),
//! offene Deskriptoren (`/proc/PID/fd`), und das Limit offener Dateien
//! (`prlimit`, `setrlimit`). Gebraucht von den EMFILE-Prüfungen: Ein Server
//! ohne freie Dateideskriptoren darf nicht kreiseln.

use std::io;
use std::time::{Duration, Instant};

use super::Fehlerart;

fn system(was: impl Into<String>, e: impl ToString) -> Fehlerart {
    Fehlerart::System {
        was: was.into(),
        grund: e.to_string(),
    }
}

/// utime + stime aus `/proc/PID/stat` (alle Threads), in Ticks
/// (`sysconf(_SC_CLK_TCK)` je Sekunde, meist 100).
pub fn cpu_ticks(pid: u32) -> Result<u64, Fehlerart> {
    let datei = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&datei).map_err(|e| system(&datei, e))?;
    // Hinter „(name)“ zählen die Felder ab 3 (Zustand); utime und stime sind
    // die Felder 14 und 15, hier also Index 11 und 12. Nicht nur die Zahlen
    // zählen: tpgid ist ohne Terminal -1.
    let felder: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let feld = |i: usize| -> Result<u64, Fehlerart> {
        felder
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| system(&datei, format!("Feld {} fehlt", i + 3)))
    };
    Ok(feld(11)? + feld(12)?)
}

/// Anteil eines Kerns, den der Prozess in `dauer` verbraucht (alle Threads).
/// Eine Messung über eine feste Zeit, kein Warten auf ein Ereignis.
pub fn cpu_anteil(pid: u32, dauer: Duration) -> Result<f64, Fehlerart> {
    let vorher = cpu_ticks(pid)?;
    std::thread::sleep(dauer);
    let nachher = cpu_ticks(pid)?;
    // SAFETY: sysconf liest nur eine Konstante des Systems.
    let pro_sekunde = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Ok((nachher - vorher) as f64 / pro_sekunde / dauer.as_secs_f64())
}

/// Der Systemaufruf, in dem der Prozess gerade wartet, roh aus
/// `/proc/PID/syscall` (erste Zahl: seine Nummer; `running`, wenn er rechnet).
pub fn systemaufruf(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default()
}

/// Wartet höchstens `frist`, bis der Prozess in `accept()` blockiert. Erst
/// dann hat er den Deskriptor für den nächsten Client schon reserviert.
pub fn warte_auf_accept(pid: u32, frist: Duration) -> Result<(), Fehlerart> {
    warte_auf_systemaufruf(pid, &[libc::SYS_accept, libc::SYS_accept4], frist)
}

/// Wartet höchstens `frist`, bis der Prozess (sein erster Thread) in
/// `accept()` oder im Warten auf Ereignisse (`epoll_wait`, `poll`) blockiert:
/// Dann ist er mit dem Einrichten fertig, und seine offenen Deskriptoren
/// ändern sich nicht mehr von selbst.
pub fn warte_auf_ruhe(pid: u32, frist: Duration) -> Result<(), Fehlerart> {
    let mut nummern = vec![
        libc::SYS_accept,
        libc::SYS_accept4,
        libc::SYS_epoll_pwait,
        libc::SYS_ppoll,
    ];
    #[cfg(target_arch = "x86_64")]
    nummern.extend([libc::SYS_epoll_wait, libc::SYS_poll]);
    warte_auf_systemaufruf(pid, &nummern, frist)
}

/// Linux meldet das Warten in einem Systemaufruf nicht als Ereignis; kurz
/// nachsehen genügt.
fn warte_auf_systemaufruf(
    pid: u32,
    nummern: &[libc::c_long],
    frist: Duration,
) -> Result<(), Fehlerart> {
    let ende = Instant::now() + frist;
    loop {
        let nummer: Option<libc::c_long> = systemaufruf(pid)
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok());
        if nummer.is_some_and(|n| nummern.contains(&n)) {
            return Ok(());
        }
        if Instant::now() >= ende {
            return Err(Fehlerart::Frist);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Die Nummern der offenen Deskriptoren des Prozesses (`/proc/PID/fd`).
pub fn offene_deskriptoren(pid: u32) -> Result<Vec<u64>, Fehlerart> {
    let ordner = format!("/proc/{pid}/fd");
    let eintraege = std::fs::read_dir(&ordner).map_err(|e| system(&ordner, e))?;
    Ok(eintraege
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect())
}

/// Setzt das weiche Limit offener Dateien eines laufenden Prozesses
/// (`prlimit`) und liefert das alte.
pub fn setze_dateilimit(pid: u32, weich: u64) -> Result<u64, Fehlerart> {
    let mut alt = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    let pid = libc::pid_t::try_from(pid).map_err(|e| system("pid", e))?;
    // SAFETY: prlimit liest und schreibt nur die übergebenen Strukturen.
    let r = unsafe { libc::prlimit(pid, libc::RLIMIT_NOFILE, std::ptr::null(), &mut alt) };
    if r != 0 {
        return Err(system("prlimit lesen", io::Error::last_os_error()));
    }
    let neu = libc::rlimit {
        rlim_cur: weich,
        rlim_max: alt.rlim_max,
    };
    // SAFETY: wie oben.
    let r = unsafe { libc::prlimit(pid, libc::RLIMIT_NOFILE, &neu, std::ptr::null_mut()) };
    if r != 0 {
        return Err(system("prlimit setzen", io::Error::last_os_error()));
    }
    Ok(alt.rlim_cur)
}

//! Starten in eigener Prozessgruppe mit Todessignal, und Beenden der Gruppe.
//!
//! - Jedes Programm läuft in einer eigenen Prozessgruppe (Unix). Beendet
//!   wird immer die ganze Gruppe, also auch Kinder, die es mit `fork` oder
//!   über `bash start.sh` gestartet hat.
//! - Unter Linux bekommt jedes Programm ein Todessignal: Stirbt der
//!   Aufrufer (auch durch `kill -9`), beendet der Kernel das Programm. Weil
//!   dieses Signal am *Thread* hängt, der das Programm gestartet hat, startet
//!   ein einziger, langlebiger Thread alle Programme.
//! - [`richte_signale_ein`]: SIGINT, SIGTERM und SIGHUP an den Aufrufer
//!   beenden zuerst alle Gruppen.

use std::io;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Mutex, OnceLock};
use std::thread;

/// Prozessgruppen, die noch laufen könnten. Ein Signal-Handler darf keine
/// Sperren nehmen, deshalb eine feste Tabelle aus Atomics (0 = frei).
static GRUPPEN: [AtomicI32; 256] = [const { AtomicI32::new(0) }; 256];

fn merke_gruppe(pgid: i32) {
    for platz in &GRUPPEN {
        if platz
            .compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
    }
}

pub(crate) fn vergiss_gruppe(pgid: u32) {
    let Ok(pgid) = i32::try_from(pgid) else {
        return;
    };
    for platz in &GRUPPEN {
        let _ = platz.compare_exchange(pgid, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// Beendet die ganze Prozessgruppe `pgid` mit SIGKILL (Unix).
pub fn beende_gruppe(pgid: u32) {
    #[cfg(unix)]
    {
        let Ok(pgid) = i32::try_from(pgid) else {
            return;
        };
        if pgid > 1 {
            // SAFETY: kill() mit negativer Zahl trifft nur diese Gruppe.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

/// Wahr, solange der Startthread ein Programm startet, dessen Gruppe noch
/// nicht in `GRUPPEN` steht.
static STARTET: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn bei_signal(signal: libc::c_int) {
    // Läuft gerade ein Start, erst seine Gruppe eintragen lassen (höchstens
    // 2 s). Der Startthread selbst blockiert diese Signale, er wartet also
    // nie auf sich selbst.
    let pause = libc::timespec {
        tv_sec: 0,
        tv_nsec: 1_000_000,
    };
    let mut runden = 0;
    while STARTET.load(Ordering::SeqCst) && runden < 2000 {
        // SAFETY: nanosleep ist async-signal-safe.
        unsafe {
            libc::nanosleep(&pause, std::ptr::null_mut());
        }
        runden += 1;
    }
    for platz in &GRUPPEN {
        let pgid = platz.load(Ordering::SeqCst);
        if pgid > 1 {
            // SAFETY: kill() ist async-signal-safe.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
        }
    }
    // SAFETY: _exit beendet sofort, ohne Destruktoren (im Handler erlaubt).
    unsafe { libc::_exit(128 + signal) }
}

/// Richtet die Signal-Handler ein: Ein abgebrochener Aufrufer (SIGINT,
/// SIGTERM, SIGHUP) lässt nichts laufen. Nur für Programme, die keine
/// eigenen Handler haben (der Prüfer); Tests brauchen es nicht.
pub fn richte_signale_ein() {
    #[cfg(unix)]
    {
        let handler = bei_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: Der Handler ruft nur async-signal-sichere Funktionen.
            unsafe {
                libc::signal(signal, handler);
            }
        }
    }
}

type Auftrag = (Command, Sender<io::Result<Child>>);

/// Startet `befehl` in eigener Prozessgruppe, mit Todessignal (Linux), auf
/// dem langlebigen Startthread.
pub(crate) fn starte_in_gruppe(mut befehl: Command) -> io::Result<Child> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        befehl.process_group(0);
        // SAFETY: getpid ist immer sicher.
        let aufrufer = unsafe { libc::getpid() };
        // SAFETY: Zwischen fork und exec laufen nur sigemptyset,
        // pthread_sigmask, prctl und getppid, alle async-signal-safe.
        unsafe {
            befehl.pre_exec(move || {
                // Der Startthread blockiert SIGINT/SIGTERM/SIGHUP; das Kind
                // erbte diese Maske, also zurück zur leeren.
                let mut leer: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut leer);
                libc::pthread_sigmask(libc::SIG_SETMASK, &leer, std::ptr::null_mut());
                #[cfg(target_os = "linux")]
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(io::Error::last_os_error());
                }
                // Ist der Aufrufer schon weg, nicht erst anfangen.
                if libc::getppid() != aufrufer {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    static STARTER: OnceLock<Mutex<Sender<Auftrag>>> = OnceLock::new();
    let starter = STARTER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Auftrag>();
        thread::Builder::new()
            .name("starter".into())
            .spawn(move || {
                blockiere_signale();
                for (mut befehl, antwort) in rx {
                    STARTET.store(true, Ordering::SeqCst);
                    let kind = befehl.spawn();
                    if let Ok(k) = &kind
                        && let Ok(pgid) = i32::try_from(k.id())
                    {
                        merke_gruppe(pgid);
                    }
                    STARTET.store(false, Ordering::SeqCst);
                    // `befehl` hält Kopien der Schreib-Enden umgeleiteter
                    // Ströme; erst ohne sie sieht ein Leser das Ende.
                    drop(befehl);
                    let _ = antwort.send(kind);
                }
            })
            .expect("Startthread");
        Mutex::new(tx)
    });
    let (tx, rx) = mpsc::channel();
    let fehlt = || io::Error::other("Startthread fehlt");
    starter
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send((befehl, tx))
        .map_err(|_| fehlt())?;
    rx.recv().map_err(|_| fehlt())?
}

/// Der Startthread nimmt SIGINT, SIGTERM und SIGHUP nicht an; sie landen bei
/// einem anderen Thread. (Gestartete Programme beginnen trotzdem mit leerer
/// Signalmaske, dafür sorgt `pre_exec` in `starte_in_gruppe`.)
fn blockiere_signale() {
    #[cfg(unix)]
    // SAFETY: sigset_t wird vor Gebrauch mit sigemptyset gefüllt.
    unsafe {
        let mut menge: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut menge);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut menge, signal);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &menge, std::ptr::null_mut());
    }
}

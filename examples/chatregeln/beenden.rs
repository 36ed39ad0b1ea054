//! Sauber beenden mit Strg+C, für alle Gruppenchat-Server mit `std` und mio:
//! den Wunsch merken, den wartenden Haupt-Thread wecken, dann höchstens eine
//! Frist lang auf die Abschiede warten.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::protokoll;
use super::start::NACHLAUF;

// ANCHOR: strg_c
/// Gesetzt, sobald Strg+C kam. Alle Threads des Servers sehen hier nach.
static BEENDEN: AtomicBool = AtomicBool::new(false);

pub fn beendet() -> bool {
    BEENDEN.load(Ordering::SeqCst)
}

/// Strg+C kommt unter Linux und macOS als Signal SIGINT (mit dem Merkmal
/// `termination` fängt `ctrlc` auch SIGTERM von `kill`), unter Windows als
/// Konsolenereignis CTRL_C_EVENT. `ctrlc` ruft `wecken` in einem eigenen
/// Thread auf, nicht im Signal-Handler selbst: Dort darf der Code alles,
/// auch einen Socket öffnen. Ein zweites Strg+C beendet sofort (Exit-Code 130).
pub fn bei_strg_c(wecken: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    let handler = move || {
        if BEENDEN.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        wecken();
    };
    ctrlc::set_handler(handler).context("Kann Strg+C nicht abfangen")
}
// ANCHOR_END: strg_c

// ANCHOR: wecken
/// Ein blockierendes `accept()` kehrt erst mit einer neuen Verbindung zurück;
/// `std` kennt kein accept() mit Frist, und close() auf den lauschenden
/// Socket weckt einen wartenden Thread unter Linux nicht. Also verbinden wir
/// uns einmal mit uns selbst: Das geht unter Linux, macOS und Windows gleich.
pub fn selbst_verbinden(listener: &TcpListener) -> anyhow::Result<impl Fn() + Send + 'static> {
    let mut ziel = listener.local_addr()?;
    if ziel.ip().is_unspecified() {
        // An 0.0.0.0 oder [::] gebunden: über Loopback anklopfen.
        ziel.set_ip(match ziel.ip() {
            IpAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            IpAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    Ok(move || {
        let _ = TcpStream::connect_timeout(&ziel, NACHLAUF);
    })
}
// ANCHOR_END: wecken

// ANCHOR: ausklingen
/// So lange schläft ein Lese-Thread höchstens in `read()`, dann sieht er nach,
/// ob Strg+C kam. Ihn mit `shutdown(Read)` zu wecken wäre schneller, kostete
/// aber das saubere Ende: Danach liefert `read()` unter Linux sofort 0, der
/// Nachlauf bis zum FIN des Clients fiele aus, und unter Windows setzt
/// `shutdown(SD_RECEIVE)` die Verbindung zurück, sobald danach Daten kommen.
pub const WECKTAKT: Duration = Duration::from_millis(500);

/// Wartet, bis alle Clients ihren Platz freigegeben haben, höchstens zwei
/// NACHLAUF-Fristen: eine zum Schreiben des Rests, eine zum Weglesen. Jeder
/// Lese-Thread merkt Strg+C spätestens nach einem WECKTAKT und verabschiedet
/// sich wie bei jedem anderen Grund. Wer dann noch hängt, liest nicht mit;
/// das Prozessende schließt seinen Socket.
pub fn ausklingen(aktive: &AtomicUsize, leise: bool) {
    let offen = aktive.load(Ordering::SeqCst);
    protokoll!(leise, "Strg+C: {offen} Clients bekommen Bescheid");
    let ende = Instant::now() + 2 * NACHLAUF + WECKTAKT;
    while aktive.load(Ordering::SeqCst) > 0 && Instant::now() < ende {
        // Threads melden ihr Ende nicht einzeln; nachsehen genügt hier.
        thread::sleep(Duration::from_millis(10));
    }
}
// ANCHOR_END: ausklingen

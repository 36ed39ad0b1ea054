//! Ein Pool fester Größe: `anzahl` Arbeiter-Threads holen Aufträge aus einer
//! begrenzten Warteschlange (`sync_channel`). Hier kommt kein Socket vor: Was
//! ein Auftrag ist und was mit ihm geschieht, bestimmt, wer den Pool baut.
//!
//! Kein eigenes Beispiel: `pool_server` bindet die Datei mit
//! `#[path = "pool/pool.rs"] mod pool;` ein.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

// ANCHOR: pool
/// Aufträge vom Typ `T` (bei `pool_server` eine Verbindung) für eine feste
/// Zahl von Arbeitern. Mehr Threads als `anzahl` entstehen nie, mehr als
/// `platz` Aufträge warten nie.
pub struct Pool<T> {
    /// Erst im Drop `None`: Dann schließt der Kanal, und die Arbeiter enden.
    schreiber: Option<SyncSender<T>>,
    arbeiter: Vec<JoinHandle<()>>,
    /// Hier schickt niemand etwas. Jeder Arbeiter hält einen Sender; endet der
    /// letzte, meldet `recv_timeout` „Disconnected“ – so wartet Drop mit Frist.
    fertig: Receiver<()>,
    frist: Duration,
}

impl<T: Send + 'static> Pool<T> {
    /// Startet `anzahl` Arbeiter. Scheitert ein Thread, endet `neu` mit dem
    /// Fehler; die schon gestarteten Arbeiter sehen den Kanal schließen und enden.
    pub fn neu<F>(anzahl: usize, platz: usize, frist: Duration, arbeit: F) -> std::io::Result<Self>
    where
        F: Fn(T) + Send + Sync + 'static,
    {
        let (schreiber, leser) = mpsc::sync_channel(platz);
        // Ein Empfänger für alle: Wer die Sperre hat, wartet auf den nächsten Auftrag.
        let leser = Arc::new(Mutex::new(leser));
        let arbeit = Arc::new(arbeit);
        let (melder, fertig) = mpsc::channel::<()>();
        let mut arbeiter = Vec::with_capacity(anzahl);
        for nummer in 1..=anzahl {
            let (leser, arbeit, melder) = (Arc::clone(&leser), Arc::clone(&arbeit), melder.clone());
            let thread = thread::Builder::new().name(format!("arbeiter-{nummer}"));
            arbeiter.push(thread.spawn(move || {
                arbeite(&leser, &*arbeit);
                drop(melder); // dieser Arbeiter ist fertig
            })?);
        }
        let schreiber = Some(schreiber);
        Ok(Pool {
            schreiber,
            arbeiter,
            fertig,
            frist,
        })
    }

    /// Reiht einen Auftrag ein, ohne zu warten. Ist die Warteschlange voll,
    /// kommt er zurück, und der Aufrufer entscheidet, was dann geschieht.
    pub fn reiche_ein(&self, auftrag: T) -> Result<(), T> {
        let Some(schreiber) = &self.schreiber else {
            return Err(auftrag);
        };
        match schreiber.try_send(auftrag) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(auftrag) | TrySendError::Disconnected(auftrag)) => Err(auftrag),
        }
    }
}
// ANCHOR_END: pool

// ANCHOR: arbeiten
fn arbeite<T>(leser: &Mutex<Receiver<T>>, arbeit: &(impl Fn(T) + Sync)) {
    loop {
        // Die Sperre gilt nur bis zum Ende dieser Anweisung, nicht für den
        // Auftrag: Sonst arbeitete immer nur ein Thread. Eine vergiftete
        // Sperre (Panik beim Halten) ist hier harmlos, der Kanal ist heil.
        let auftrag = leser.lock().unwrap_or_else(|e| e.into_inner()).recv();
        // Err: Der Kanal ist geschlossen *und* leer. Was schon wartete, ist erledigt.
        let Ok(auftrag) = auftrag else { return };
        // Eine Panik beendet nur diesen Auftrag, nicht den Arbeiter: Der Pool
        // schrumpft nie. Was der Auftrag besaß (die Verbindung), räumt das
        // Abwickeln des Stacks weg.
        if panic::catch_unwind(AssertUnwindSafe(|| arbeit(auftrag))).is_err() {
            let name = thread::current().name().unwrap_or("?").to_string();
            zeile!("{name}: Auftrag abgebrochen, der Arbeiter macht weiter");
        }
    }
}
// ANCHOR_END: arbeiten

// ANCHOR: drop
/// Wie im Rust-Buch: Der Pool sammelt seine Arbeiter beim Drop ein. Anders
/// als dort mit einer Frist, denn `join()` allein wartete auf einen
/// hängenden Auftrag für immer.
impl<T> Drop for Pool<T> {
    fn drop(&mut self) {
        drop(self.schreiber.take()); // Kanal zu: Die Arbeiter leeren ihn und enden.
        match self.fertig.recv_timeout(self.frist) {
            Err(RecvTimeoutError::Disconnected) => {
                for arbeiter in self.arbeiter.drain(..) {
                    let _ = arbeiter.join(); // alle sind schon fertig
                }
            }
            _ => zeile!(
                "Nach {:?} arbeiten noch Threads; das Programm endet trotzdem",
                self.frist
            ),
        }
    }
}
// ANCHOR_END: drop

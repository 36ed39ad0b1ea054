//! Absagen („Server voll“, 503), die ankommen, ohne den accept()-Thread
//! aufzuhalten – auch wenn tausend Clients auf einmal kommen. Für
//! `json_server`, `http_server`, `pool_server`, `threaded_server`,
//! `threaded_server_viele` und `poll_server` (dort ein dritter Thread, der
//! erst mit der ersten Absage entsteht); sie binden die Datei mit
//! `#[path = "bausteine/absage.rs"]` ein.
//!
//! Eine Absage ist kurz, und der Sendepuffer einer neuen Verbindung ist leer:
//! Der accept()-Thread schreibt sie nicht-blockierend und sagt mit
//! `shutdown(Write)` das Ende an (FIN). Schließen darf er aber erst, wenn
//! gelesen ist, was der Client schon geschickt hat; sonst schickt Linux (wie
//! Windows) ein RST, und die Absage geht womöglich verloren. Dieses Weglesen
//! übernimmt **ein** Thread für alle abgewiesenen Verbindungen, reihum und
//! ohne zu warten.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: absagen
/// Höchstens so lange und so viel liest der Thread je Verbindung weg (wie
/// `verabschiede` in `bausteine/server.rs`).
const ABFLUSS_ZEIT: Duration = Duration::from_secs(2);
const ABFLUSS_BYTES: usize = 1024 * 1024;
/// So viele abgewiesene Verbindungen fließen höchstens gleichzeitig ab; kommt
/// eine weitere, schließt der Thread die älteste (nach einem letzten Weglesen).
/// Das begrenzt die Dateideskriptoren, die Absagen belegen.
pub const MAX_ABSAGEN: usize = 512;
/// So oft liest der Thread reihum, was die Clients inzwischen geschickt haben.
const RUNDE: Duration = Duration::from_millis(50);

/// Der Eingang zum Absage-Thread: ein Kanal, der nie voll ist (der Thread
/// leert ihn ständig). Der Thread startet erst mit der ersten Absage.
#[derive(Default)]
pub struct Absagen(Option<Sender<TcpStream>>);

impl Absagen {
    /// Schreibt `absage` ohne zu warten, schickt FIN und gibt die Verbindung
    /// an den Thread weiter. Passt die Absage nicht ganz (das kommt bei einer
    /// neuen Verbindung praktisch nicht vor) oder gibt es keinen Thread, wird
    /// gleich geschlossen.
    pub fn sage_ab(&mut self, verbindung: TcpStream, absage: &[u8]) {
        if verbindung.set_nonblocking(true).is_err() {
            return;
        }
        match (&verbindung).write(absage) {
            Ok(n) if n == absage.len() => {}
            _ => return,
        }
        if verbindung.shutdown(Shutdown::Write).is_err() {
            return;
        }
        if self.0.is_none() {
            let (eingang, ausgang) = mpsc::channel();
            let start = thread::Builder::new().name("absagen".into());
            self.0 = start
                .spawn(move || abfliessen(&ausgang))
                .ok()
                .map(|_| eingang);
        }
        if let Some(eingang) = &self.0 {
            let _ = eingang.send(verbindung);
        }
    }
}

/// Eine abgewiesene Verbindung, die noch abfließt.
struct Abfluss {
    verbindung: TcpStream,
    bis: Instant,
    weg: usize,
}

/// Der Absage-Thread: nimmt neue Verbindungen an, liest jede RUNDE lang reihum
/// ohne zu warten weg und schließt, sobald der Client aufgelegt hat (FIN),
/// ABFLUSS_ZEIT um ist oder ABFLUSS_BYTES gelesen sind.
fn abfliessen(eingang: &Receiver<TcpStream>) {
    let (mut offen, mut puffer) = (VecDeque::<Abfluss>::new(), [0u8; 4096]);
    let mut naechste_runde = Instant::now() + RUNDE;
    loop {
        let neu = if offen.is_empty() {
            eingang.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            eingang.recv_timeout(naechste_runde.saturating_duration_since(Instant::now()))
        };
        match neu {
            Ok(verbindung) => {
                let bis = Instant::now() + ABFLUSS_ZEIT;
                offen.push_back(Abfluss {
                    verbindung,
                    bis,
                    weg: 0,
                });
                if offen.len() > MAX_ABSAGEN {
                    // Die älteste geht: erst weglesen, was da ist, dann close().
                    if let Some(mut aelteste) = offen.pop_front() {
                        weglesen(&mut aelteste, &mut puffer);
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return, // der Server endet
        }
        let jetzt = Instant::now();
        if jetzt >= naechste_runde {
            offen.retain_mut(|a| weglesen(a, &mut puffer) && jetzt < a.bis);
            naechste_runde = jetzt + RUNDE;
        }
    }
}

/// Liest, was gerade da ist, ohne zu warten. `true`: weiter offen halten.
fn weglesen(abfluss: &mut Abfluss, puffer: &mut [u8]) -> bool {
    loop {
        match (&abfluss.verbindung).read(puffer) {
            Ok(0) => return false, // FIN: Auch der Client hat aufgelegt.
            Ok(n) => {
                abfluss.weg += n;
                if abfluss.weg >= ABFLUSS_BYTES {
                    return false;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false, // abgerissen
        }
    }
}
// ANCHOR_END: absagen

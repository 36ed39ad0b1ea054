//! Gruppenchat-Server mit Threads, wie Pythons `socketserver.ThreadingTCPServer`, aber
//! mit Grenzen: höchstens N Clients, Frist für Stille, Zeilen bis 1024 Bytes. Je Client
//! liest ein Thread blockierend, ein zweiter schreibt, was im Postfach liegt: einem
//! beschränkten Kanal (`mpsc::sync_channel`). Ist es voll, liest der Client nicht mit und
//! fliegt. Regeln aus `chatregeln`. Strg+C: Jeder bekommt `* Server wird beendet`.
//!
//! Terminal 1: cargo run --example threaded_server
//! Terminal 2: cargo run --example gruppen_client

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

#[path = "bausteine/absage.rs"]
mod absage;
#[path = "chatregeln/mod.rs"]
mod chatregeln;
use chatregeln::beenden::{WECKTAKT, ausklingen, beendet, bei_strg_c, selbst_verbinden};
use chatregeln::start::{
    Einstellungen, NACHLAUF, Platz, abweisen, lausche, nachlauf, sperre, voll,
};
use chatregeln::{Grund, Raum, Wirkung, Zeilenpuffer, protokoll};

const STANDARD_ADRESSE: &str = "127.0.0.1:6000";
const STACK: usize = 64 * 1024; // je Thread statt 2 MiB: Wir rufen nichts tief auf.
const BYTES_JE_ZEILE: usize = 64; // Ein Postfach fasst `--max-puffer` / 64 Zeilen.
/// Zwei Threads je Client, je vier Speicherbereiche: 4000 Clients sind unter Linux
/// 32 000 der erlaubten 65 530 (`vm.max_map_count`), siehe Seite „Threads“.
const MAX_CLIENTS: usize = 4000;
const PAUSE: Duration = Duration::from_millis(100); // nach accept()-Fehler wie EMFILE

fn main() -> ExitCode {
    chatregeln::start::hauptprogramm("threaded_server", STANDARD_ADRESSE, run)
}

// ANCHOR: zustand
/// Was sich alle Threads teilen, hinter einem Mutex: den Raum und je
/// Verbindung ihr Postfach. Wer den Mutex hält, wartet nie auf einen Socket.
#[derive(Default)]
struct Gemeinsam {
    raum: Raum,
    postfaecher: HashMap<usize, Postfach>,
}

/// Der Eingang zum Schreib-Thread eines Clients: ein beschränkter Kanal.
struct Postfach {
    zeilen: SyncSender<Arc<str>>,
    verbindung: Arc<TcpStream>,
    adresse: SocketAddr,
}
// ANCHOR_END: zustand

// ANCHOR: annehmen
fn run(mut e: Einstellungen) -> anyhow::Result<()> {
    let lauscher = lausche(&e, false)?;
    bei_strg_c(selbst_verbinden(&lauscher)?)?;
    if e.max_clients > MAX_CLIENTS {
        zeile!("Achtung: höchstens {MAX_CLIENTS} Clients, für mehr: threaded_server_viele");
        e.max_clients = MAX_CLIENTS;
    }
    let (e, gemeinsam) = (Arc::new(e), Arc::new(Mutex::default()));
    let (aktive, mut absagen) = (Arc::new(AtomicUsize::new(0)), absage::Absagen::default());
    for id in 0.. {
        let (verbindung, adresse) = match lauscher.accept() {
            _ if beendet() => break, // Strg+C: Geweckt haben wir uns selbst.
            Ok(v) => v,
            Err(fehler) => {
                protokoll!(e.leise, "accept() ist gescheitert ({fehler}), Pause");
                thread::sleep(PAUSE);
                continue;
            }
        };
        if aktive.load(Ordering::SeqCst) >= e.max_clients {
            protokoll!(e.leise, "{adresse}: abgewiesen, Server voll");
            absagen.sage_ab(verbindung, voll(e.max_clients).as_bytes()); // ohne zu warten
            continue;
        }
        let platz = Platz::belegen(&aktive); // nur dieser Thread belegt
        let verbindung = Arc::new(verbindung);
        let (g, e2) = (Arc::clone(&gemeinsam), Arc::clone(&e));
        let fuer_thread = Arc::clone(&verbindung);
        let start = thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || client(&g, &e2, fuer_thread, adresse, id, platz));
        if let Err(fehler) = start {
            // Die Closure mit Platz und Verbindung ist schon fort: Platz frei.
            protokoll!(e.leise, "{adresse}: kein Thread möglich ({fehler})");
            let _ = verbindung.set_nonblocking(true);
            abweisen(&*verbindung, e.max_clients);
        }
    }
    // ANCHOR: beenden
    drop(lauscher); // close(): Wer jetzt verbinden will, wird abgewiesen.
    ausklingen(&aktive, e.leise); // Die Lese-Threads merken es binnen WECKTAKT.
    Ok(())
    // ANCHOR_END: beenden
}
// ANCHOR_END: annehmen

// ANCHOR: client
/// Der Lese-Thread eines Clients: startet seinen Schreib-Thread, führt das
/// Gespräch und räumt auf, was auch immer es beendet hat.
fn client(
    gemeinsam: &Mutex<Gemeinsam>,
    e: &Einstellungen,
    verbindung: Arc<TcpStream>,
    adresse: SocketAddr,
    id: usize,
    _platz: Platz,
) {
    protokoll!(e.leise, "{adresse}: verbunden");
    // setsockopt(SO_SNDTIMEO): Hängt ein write() so lange, liest der Client nicht.
    let _ = verbindung.set_write_timeout(Some(NACHLAUF));
    // sync_channel legt alle Plätze sofort an (je 24 Bytes): nicht mehr als 4096.
    let plaetze = (e.max_puffer / BYTES_JE_ZEILE).clamp(4, 4096);
    let (zeilen, eingang) = mpsc::sync_channel(plaetze);
    let fuer_thread = Arc::clone(&verbindung);
    let start = thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || schreiber(&fuer_thread, eingang));
    let Ok(schreib_thread) = start else {
        protokoll!(e.leise, "{adresse}: kein Schreib-Thread möglich");
        let _ = verbindung.set_nonblocking(true);
        return abweisen(&*verbindung, e.max_clients);
    };
    let _ = zeilen.try_send(chatregeln::WILLKOMMEN.into());
    let postfach = Postfach {
        zeilen: zeilen.clone(),
        verbindung: Arc::clone(&verbindung),
        adresse,
    };
    sperre(gemeinsam).postfaecher.insert(id, postfach);
    let grund = gespraech(gemeinsam, e, &verbindung, adresse, id, &zeilen);
    // Aufräumen. Fehlt das Postfach, hat ein Rundruf den Client schon als zu
    // langsam getrennt, ausgetragen und das gemeldet.
    let mut g = sperre(gemeinsam);
    if g.postfaecher.remove(&id).is_some()
        && let Some(gegangen) = g.raum.verlassen(id, adresse, &grund, e)
    {
        rundruf(&mut g, None, gegangen, e);
    }
    drop(g);
    if let Some(zeile) = grund.abschied(e.timeout) {
        let _ = zeilen.try_send(zeile.into());
    }
    // Kein Sender mehr: Der Schreib-Thread schreibt den Rest, schickt FIN und endet.
    drop(zeilen);
    nachlauf(&verbindung);
    let _ = schreib_thread.join();
} // Hier fällt das letzte `Arc`: close(). Und `_platz` gibt den Platz frei.

/// Der Schreib-Thread: schreibt blockierend, was ins Postfach kommt. Liest sein Client
/// nicht, hängt nur er; das Postfach läuft voll, und wer das merkt, trennt den Client.
fn schreiber(verbindung: &TcpStream, eingang: Receiver<Arc<str>>) {
    for zeile in eingang {
        if (&*verbindung).write_all(zeile.as_bytes()).is_err() {
            let _ = verbindung.shutdown(Shutdown::Both); // weckt auch den Lese-Thread
            return;
        }
    }
    let _ = verbindung.shutdown(Shutdown::Write); // FIN nach der letzten Zeile
}
// ANCHOR_END: client

// ANCHOR: gespraech
/// Liest Zeilen und setzt die Regeln um, bis die Verbindung endet. Die Frist gilt je ganze
/// Zeile, nicht je read(): Wer alle paar Sekunden ein Byte schickt (Slowloris), fliegt.
fn gespraech(
    gemeinsam: &Mutex<Gemeinsam>,
    e: &Einstellungen,
    mut verbindung: &TcpStream,
    adresse: SocketAddr,
    id: usize,
    zeilen: &SyncSender<Arc<str>>,
) -> Grund {
    let (mut eingang, mut stueck) = (Zeilenpuffer::default(), [0u8; 1024]);
    let mut frist = Instant::now() + e.timeout;
    loop {
        loop {
            let text = match eingang.naechste() {
                Ok(Some(text)) => text,
                Ok(None) => break,
                Err(grund) => return grund, // Zeile zu lang
            };
            frist = Instant::now() + e.timeout;
            let mut g = sperre(gemeinsam);
            for wirkung in g.raum.zeile(id, &text, adresse, e.leise) {
                match wirkung {
                    Wirkung::AnIhn(zeile) if zeilen.try_send(zeile.as_str().into()).is_err() => {
                        return Grund::ZuLangsam; // das eigene Postfach ist voll
                    }
                    Wirkung::AnIhn(_) => {}
                    Wirkung::AnAndere(zeile) => rundruf(&mut g, Some(id), zeile, e),
                    Wirkung::Gehen => return Grund::Quit,
                }
            }
        }
        let rest = frist.saturating_duration_since(Instant::now());
        if beendet() {
            return Grund::Beendet; // Strg+C, gesehen nach höchstens einem WECKTAKT
        }
        // setsockopt(SO_RCVTIMEO): read() wartet höchstens bis zur Frist und einen WECKTAKT.
        if rest.is_zero()
            || verbindung
                .set_read_timeout(Some(rest.min(WECKTAKT)))
                .is_err()
        {
            return Grund::Still;
        }
        match verbindung.read(&mut stueck) {
            Ok(0) if !beendet() => return Grund::Geschlossen, // FIN (sonst Strg+C: oben)
            Ok(n) => eingang.anhaengen(&stueck[..n]),
            Err(f) if chatregeln::start::ist_timeout(&f) => {} // abgelaufen: oben prüfen
            Err(f) if f.kind() == io::ErrorKind::Interrupted => {}
            Err(f) => return Grund::Fehler(f),
        }
    }
}
// ANCHOR_END: gespraech

// ANCHOR: rundruf
/// Wirft `zeile` ohne Warten (`try_send`) in die Postfächer aller anderen. Ist eines voll,
/// liest sein Client nicht mit: Er wird getrennt, und die anderen erfahren es, wieder
/// ein Rundruf, darum eine Schleife statt Rekursion. Die Zeile liegt nur einmal im Speicher.
fn rundruf(g: &mut Gemeinsam, absender: Option<usize>, zeile: String, e: &Einstellungen) {
    let mut offen = vec![(absender, zeile)];
    while let Some((absender, zeile)) = offen.pop() {
        let zeile: Arc<str> = zeile.into();
        for id in g.raum.andere(absender) {
            if let Some(p) = g.postfaecher.get(&id)
                && let Err(TrySendError::Full(_)) = p.zeilen.try_send(Arc::clone(&zeile))
            {
                // shutdown() weckt beide Threads des Clients aus read()/write().
                let _ = p.verbindung.shutdown(Shutdown::Both);
                let adresse = p.adresse;
                g.postfaecher.remove(&id);
                let gegangen = g.raum.verlassen(id, adresse, &Grund::ZuLangsam, e);
                offen.extend(gegangen.map(|z| (None, z)));
            }
        }
    }
}
// ANCHOR_END: rundruf

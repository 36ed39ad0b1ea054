//! Gruppenchat-Server für 10 000 Clients mit Threads (Vertiefung zu `threaded_server`):
//! **ein** Thread je Client statt zwei. Wer einem Client etwas schickt, gibt die Zeile
//! sofort mit `send(MSG_DONTWAIT)` ans System; was nicht passte, bleibt im Postfach, und
//! der Thread des Clients schiebt es im Takt nach. Kleine Stacks, unter Linux ein Blick
//! auf `/proc`. Nur Linux und macOS (Windows kennt `MSG_DONTWAIT` nicht). Strg+C: sauber.
//!
//! Terminal 1: cargo run --example threaded_server_viele
//! Terminal 2: cargo run --example gruppen_client

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
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
use chatregeln::{Ausgang, Grund, Raum, Wirkung, Zeilenpuffer, protokoll};

const STANDARD_ADRESSE: &str = "127.0.0.1:6000";
const STACK: usize = 64 * 1024; // je Thread: 10 000 brauchen 625 MiB statt 20 GiB Adressraum
const TAKT: Duration = Duration::from_millis(200); // längster Schlaf, solange Ausgabe wartet
#[cfg(unix)]
const MSG_DONTWAIT: std::ffi::c_int = libc::MSG_DONTWAIT;
#[cfg(not(unix))]
const MSG_DONTWAIT: std::ffi::c_int = 0; // Windows kennt das Flag nicht, `run` lehnt ab.

fn main() -> ExitCode {
    chatregeln::start::hauptprogramm("threaded_server_viele", STANDARD_ADRESSE, run)
}

// ANCHOR: postfach
/// Was ein Client noch lesen muss, hinter einem eigenen Mutex: Alles Senden an
/// ihn läuft darunter, so bleibt die Reihenfolge der Bytes erhalten.
struct Postfach {
    verbindung: TcpStream,
    adresse: SocketAddr,
    ausgang: Mutex<Ausgang>,
}

/// send(2) mit `MSG_DONTWAIT`: Ist der Sendepuffer voll, kehrt der Aufruf sofort mit
/// WouldBlock zurück. Das Flag gilt nur hier; der Thread liest weiter blockierend.
struct OhneWarten<'a>(&'a TcpStream);

impl Write for OhneWarten<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        socket2::SockRef::from(self.0).send_with_flags(bytes, MSG_DONTWAIT)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Postfach {
    /// Reiht ein und gibt dem System sofort, was es ohne Warten nimmt.
    /// `false`: Über `max` Bytes warten schon, der Client liest nicht mit.
    fn einwerfen(&self, zeile: &str, max: usize) -> bool {
        let mut ausgang = sperre(&self.ausgang);
        let passt = ausgang.einreihen(zeile, max);
        if ausgang.schreiben(OhneWarten(&self.verbindung)).is_err() {
            let _ = self.verbindung.shutdown(Shutdown::Both); // weckt seinen Thread
        }
        passt
    }
    /// Vor jedem read(): noch ein Versuch mit dem Rest. `true`: Es wartet noch etwas.
    fn nachschieben(&self) -> bool {
        let mut ausgang = sperre(&self.ausgang);
        !matches!(ausgang.schreiben(OhneWarten(&self.verbindung)), Ok(true))
    }
}
// ANCHOR_END: postfach

#[derive(Default)]
struct Gemeinsam {
    raum: Raum,
    postfaecher: HashMap<usize, Arc<Postfach>>,
}

fn run(mut e: Einstellungen) -> anyhow::Result<()> {
    anyhow::ensure!(
        cfg!(unix),
        "Braucht MSG_DONTWAIT (Linux, macOS); nimm threaded_server."
    );
    let lauscher = lausche(&e, false)?;
    bei_strg_c(selbst_verbinden(&lauscher)?)?; // wie in threaded_server
    if let Some((grenze, grund)) = systemgrenze().filter(|(g, _)| *g < e.max_clients) {
        zeile!(
            "Achtung: {grund}: höchstens {grenze} statt {} Clients.",
            e.max_clients
        );
        e.max_clients = grenze;
    }
    let (e, gemeinsam) = (Arc::new(e), Arc::new(Mutex::default()));
    let (aktive, mut absagen) = (Arc::new(AtomicUsize::new(0)), absage::Absagen::default());
    for id in 0.. {
        let (verbindung, adresse) = match lauscher.accept() {
            _ if beendet() => break, // Strg+C: Geweckt haben wir uns selbst.
            Ok(v) => v,
            Err(fehler) => {
                protokoll!(e.leise, "accept() ist gescheitert ({fehler}), Pause");
                thread::sleep(TAKT); // etwa EMFILE: durchatmen statt 100 % CPU
                continue;
            }
        };
        if aktive.load(Ordering::SeqCst) >= e.max_clients {
            protokoll!(e.leise, "{adresse}: abgewiesen, Server voll");
            absagen.sage_ab(verbindung, voll(e.max_clients).as_bytes());
            continue;
        }
        let platz = Platz::belegen(&aktive);
        let postfach = Arc::new(Postfach {
            verbindung,
            adresse,
            ausgang: Mutex::default(),
        });
        let (g, e2) = (Arc::clone(&gemeinsam), Arc::clone(&e));
        let p = Arc::clone(&postfach);
        let start = thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || client(&g, &e2, p, id, platz));
        if let Err(fehler) = start {
            protokoll!(e.leise, "{adresse}: kein Thread möglich ({fehler})");
            let _ = postfach.verbindung.set_nonblocking(true);
            abweisen(&postfach.verbindung, e.max_clients);
        }
    }
    drop(lauscher); // close(): Wer jetzt verbinden will, wird abgewiesen.
    ausklingen(&aktive, e.leise); // Die Threads merken es binnen WECKTAKT.
    Ok(())
}

// ANCHOR: client
/// Der einzige Thread eines Clients: liest, setzt die Regeln um, schreibt zum Schluss selbst.
fn client(g: &Mutex<Gemeinsam>, e: &Einstellungen, p: Arc<Postfach>, id: usize, _platz: Platz) {
    protokoll!(e.leise, "{}: verbunden", p.adresse);
    p.einwerfen(chatregeln::WILLKOMMEN, e.max_puffer);
    sperre(g).postfaecher.insert(id, Arc::clone(&p));
    let grund = gespraech(g, e, &p, id);
    let mut gemeinsam = sperre(g);
    if gemeinsam.postfaecher.remove(&id).is_some()
        && let Some(gegangen) = gemeinsam.raum.verlassen(id, p.adresse, &grund, e)
    {
        rundruf(&mut gemeinsam, None, gegangen, e);
    }
    drop(gemeinsam);
    // Nur noch wir schreiben: Rest und Abschied blockierend, höchstens NACHLAUF lang, dann FIN.
    let mut ausgang = sperre(&p.ausgang);
    if let Some(zeile) = grund.abschied(e.timeout) {
        ausgang.einreihen(&zeile, usize::MAX);
    }
    let _ = p.verbindung.set_write_timeout(Some(NACHLAUF));
    if let Ok(true) = ausgang.schreiben(&p.verbindung) {
        let _ = p.verbindung.shutdown(Shutdown::Write);
        nachlauf(&p.verbindung);
    }
}
// ANCHOR_END: client

/// Wie in `threaded_server`, nur schiebt der Thread vor jedem read() nach,
/// was im Postfach liegen blieb, und schläft dann höchstens einen TAKT.
fn gespraech(g: &Mutex<Gemeinsam>, e: &Einstellungen, p: &Postfach, id: usize) -> Grund {
    let (mut eingang, mut stueck) = (Zeilenpuffer::default(), [0u8; 1024]);
    let mut frist = Instant::now() + e.timeout; // je ganze Zeile (Slowloris)
    loop {
        loop {
            let text = match eingang.naechste() {
                Ok(Some(text)) => text,
                Ok(None) => break,
                Err(grund) => return grund,
            };
            frist = Instant::now() + e.timeout;
            let mut gemeinsam = sperre(g);
            for wirkung in gemeinsam.raum.zeile(id, &text, p.adresse, e.leise) {
                match wirkung {
                    Wirkung::AnIhn(z) if !p.einwerfen(&z, e.max_puffer) => return Grund::ZuLangsam,
                    Wirkung::AnIhn(_) => {}
                    Wirkung::AnAndere(zeile) => rundruf(&mut gemeinsam, Some(id), zeile, e),
                    Wirkung::Gehen => return Grund::Quit,
                }
            }
        }
        if beendet() {
            return Grund::Beendet; // Strg+C, gesehen nach höchstens einem WECKTAKT
        }
        let rest = frist.saturating_duration_since(Instant::now());
        let warten = rest.min(if p.nachschieben() { TAKT } else { WECKTAKT });
        if rest.is_zero() || p.verbindung.set_read_timeout(Some(warten)).is_err() {
            return Grund::Still;
        }
        match (&p.verbindung).read(&mut stueck) {
            Ok(0) if !beendet() => return Grund::Geschlossen, // sonst Strg+C: oben
            Ok(n) => eingang.anhaengen(&stueck[..n]),
            Err(f) if f.kind() == io::ErrorKind::WouldBlock => {} // Wecker: nachschieben
            Err(f) if f.kind() == io::ErrorKind::Interrupted => {}
            Err(f) => return Grund::Fehler(f),
        }
    }
}

// ANCHOR: rundruf
/// Wirft `zeile` in alle anderen Postfächer. Wessen Postfach überläuft, der
/// liest nicht mit und fliegt; die anderen erfahren es (Schleife statt Rekursion).
fn rundruf(g: &mut Gemeinsam, absender: Option<usize>, zeile: String, e: &Einstellungen) {
    let mut offen = vec![(absender, zeile)];
    while let Some((absender, zeile)) = offen.pop() {
        for id in g.raum.andere(absender) {
            if let Some(p) = g.postfaecher.get(&id).cloned()
                && !p.einwerfen(&zeile, e.max_puffer)
            {
                let _ = p.verbindung.shutdown(Shutdown::Both);
                g.postfaecher.remove(&id);
                let gegangen = g.raum.verlassen(id, p.adresse, &Grund::ZuLangsam, e);
                offen.extend(gegangen.map(|z| (None, z)));
            }
        }
    }
}
// ANCHOR_END: rundruf

// ANCHOR: systemgrenze
/// Wie viele Clients mit je einem Thread verträgt dieser Rechner? Unter Linux braucht
/// jeder Thread vier Speicherbereiche (Stack, Schutzseite, Signal-Stack, Schutzseite);
/// erlaubt sind `vm.max_map_count` je Prozess. Dazu kommt ein Dateideskriptor je Client
/// (`ulimit -n`). macOS hat kein `/proc` und andere Grenzen: Dort zählt `--max-clients`.
fn systemgrenze() -> Option<(usize, String)> {
    let lies = |pfad: &str| std::fs::read_to_string(pfad).ok();
    let karten: usize = lies("/proc/sys/vm/max_map_count")?.trim().parse().ok()?;
    let limits = lies("/proc/self/limits")?;
    let zeile = limits.lines().find(|z| z.starts_with("Max open files"))?;
    let dateien: usize = zeile.split_whitespace().nth(3)?.parse().ok()?;
    let (nach_karten, nach_dateien) = (karten.saturating_sub(1000) / 4, dateien.saturating_sub(16));
    let text_karten = format!("vm.max_map_count = {karten}, ein Thread je Client");
    let text_dateien = format!("ulimit -n = {dateien}, ein Socket je Client");
    let grenzen = [(nach_karten, text_karten), (nach_dateien, text_dateien)];
    grenzen.into_iter().min_by_key(|(grenze, _)| *grenze)
}
// ANCHOR_END: systemgrenze

//! Round-Trip-Zeiten messen: Der Client schickt eine Nachricht, wartet auf
//! das Echo und misst, wie lange das dauerte, viele Male hintereinander.
//! Ausgabe: Median (p50), p99, Maximum und Runden pro Sekunde.
//!
//! Damit lässt sich der Nagle-Algorithmus mit verzögerten ACKs vorführen:
//! Schickt der Client Kopf und Rumpf einer Nachricht mit zwei write() und ohne
//! TCP_NODELAY, wartet der Rumpf auf das ACK des Kopfes – und das kommt unter
//! Linux erst nach etwa 40 ms.
//!
//! Benutzt `TcpStream`, `set_nodelay` (setsockopt TCP_NODELAY), `read_exact`,
//! `write_all` und einen Thread pro Verbindung im Server.
//!
//! Terminal 1: cargo run --release -p werkzeuge --bin echo_bench -- server
//! Terminal 2: cargo run --release -p werkzeuge --bin echo_bench
//! Terminal 2: cargo run --release -p werkzeuge --bin echo_bench -- --nodelay aus --zwei-writes

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use werkzeuge::{ist_timeout, sekunden, wert_von, zahl, zeige};

const AUFRUF: &str = "\
Aufruf:
  echo_bench server [ADRESSE] [--leerlauf S]
  echo_bench [ADRESSE] [--runden N] [--sekunden S] [--groesse BYTES]
             [--nodelay an|aus] [--zwei-writes] [--json]

Misst Round Trips über TCP. Der Server schickt jede Nachricht (4 Bytes Länge,
Big Endian, dann der Rumpf) unverändert zurück.

  ADRESSE          Standard 127.0.0.1:7001
  --leerlauf S     Server: trennt eine Verbindung nach S Sekunden Stille (Standard 30)
  --runden N       höchstens N Runden (Standard 100000)
  --sekunden S     höchstens S Sekunden (Standard 3)
  --groesse BYTES  Nachricht mit Kopf, 5 bis 1048576 (Standard 64)
  --nodelay an|aus TCP_NODELAY setzen (Standard an)
  --zwei-writes    Kopf und Rumpf mit zwei write() schicken
  --json           zum Schluss eine Zeile JSON für scripts/bench

Start: cargo run --release -p werkzeuge --bin echo_bench -- server";

const STANDARD_ADRESSE: &str = "127.0.0.1:7001";
/// Größte Nachricht, die der Server annimmt (Kopf + Rumpf).
const MAX_NACHRICHT: usize = 1 << 20;
/// Eine Nachricht: 4 Bytes Längenkopf (Big Endian) und der Rumpf.
const KOPF: usize = 4;
/// Höchstens so viele Verbindungen (= Threads) gleichzeitig. Ohne Grenze
/// brächten genug Verbindungen den Prozess zum Absturz: Irgendwann kann das
/// Betriebssystem keinen Thread mehr anlegen. Unter Unix liegt die Grenze
/// zusätzlich unter dem Limit für offene Dateien (siehe `verbindungsgrenze`).
const MAX_VERBINDUNGEN: usize = 4096;
/// Nach einem gescheiterten accept() (etwa EMFILE: keine Dateideskriptoren
/// mehr) so lange warten. Sofort erneut versucht, scheiterte es sofort
/// wieder: 100 % CPU und eine Flut von Meldungen.
const PAUSE_NACH_ACCEPT_FEHLER: Duration = Duration::from_millis(100);
/// So viel liest der Server nach einer Fehlermeldung höchstens noch weg
/// (Bytes und Zeit), bevor er schließt. Ungelesenes ließe den Kernel ein RST
/// statt eines FIN schicken, und die Meldung ginge verloren.
const ABLAUF_BYTES: usize = 2 << 20;
const ABLAUF_ZEIT: Duration = Duration::from_secs(2);
static OFFEN: AtomicUsize = AtomicUsize::new(0);

enum Auftrag {
    Server { adresse: String, leerlauf: Duration },
    Client(Optionen),
}

struct Optionen {
    adresse: String,
    runden: usize,
    dauer: Duration,
    groesse: usize,
    nodelay: bool,
    zwei_writes: bool,
    json: bool,
}

fn main() -> ExitCode {
    werkzeuge::starte(AUFRUF, lies_argumente, |auftrag| match auftrag {
        Auftrag::Server { adresse, leerlauf } => server(&adresse, leerlauf),
        Auftrag::Client(o) => client(&o),
    })
}

fn lies_argumente(args: Vec<String>) -> Result<Auftrag, String> {
    let ist_server = args.iter().any(|a| a == "server");
    let mut leerlauf = Duration::from_secs(30);
    let mut o = Optionen {
        adresse: STANDARD_ADRESSE.to_string(),
        runden: 100_000,
        dauer: Duration::from_secs(3),
        groesse: 64,
        nodelay: true,
        zwei_writes: false,
        json: false,
    };
    let mut args = args.into_iter().filter(|a| a != "server");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--leerlauf" if ist_server => {
                leerlauf = sekunden(&arg, &wert_von(&arg, &mut args)?, 86_400)?
            }
            "--runden" => o.runden = zahl(&arg, &wert_von(&arg, &mut args)?, 1..=100_000_000)?,
            "--sekunden" => o.dauer = sekunden(&arg, &wert_von(&arg, &mut args)?, 3600)?,
            "--groesse" => {
                o.groesse = zahl(&arg, &wert_von(&arg, &mut args)?, KOPF + 1..=MAX_NACHRICHT)?
            }
            "--nodelay" => {
                o.nodelay = match wert_von(&arg, &mut args)?.as_str() {
                    "an" => true,
                    "aus" => false,
                    w => return Err(format!("--nodelay erwartet an oder aus, nicht {w:?}")),
                }
            }
            "--zwei-writes" => o.zwei_writes = true,
            "--json" => o.json = true,
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg}")),
            _ => o.adresse = arg,
        }
    }
    Ok(if ist_server {
        Auftrag::Server {
            adresse: o.adresse,
            leerlauf,
        }
    } else {
        Auftrag::Client(o)
    })
}

// ANCHOR: client
fn client(o: &Optionen) -> anyhow::Result<()> {
    let mut verbindung = TcpStream::connect(&o.adresse).with_context(|| {
        format!(
            "Keine Verbindung zu {}. Starte zuerst den Server mit \
             `cargo run --release -p werkzeuge --bin echo_bench -- server`.",
            o.adresse
        )
    })?;
    // setsockopt(TCP_NODELAY): kleine Segmente sofort senden, statt zu warten,
    // bis alle vorher gesendeten Daten bestätigt sind (Nagle-Algorithmus).
    verbindung.set_nodelay(o.nodelay)?;
    verbindung.set_read_timeout(Some(Duration::from_secs(5)))?;

    let rumpf = vec![b'x'; o.groesse - KOPF];
    let kopf = (rumpf.len() as u32).to_be_bytes();
    let mut nachricht = kopf.to_vec();
    nachricht.extend_from_slice(&rumpf);
    let mut echo = vec![0u8; o.groesse];
    let mut zeiten = Vec::with_capacity(o.runden.min(1_000_000));
    let start = Instant::now();
    while zeiten.len() < o.runden && start.elapsed() < o.dauer {
        let t0 = Instant::now();
        if o.zwei_writes {
            // Zwei Systemaufrufe, zwei kleine Segmente: Ohne TCP_NODELAY hält
            // Nagle den Rumpf zurück, bis der Kopf bestätigt ist.
            verbindung.write_all(&kopf)?;
            verbindung.write_all(&rumpf)?;
        } else {
            verbindung.write_all(&nachricht)?;
        }
        lies_echo(&verbindung, &mut echo, &kopf)?;
        zeiten.push(t0.elapsed());
    }
    // ANCHOR_END: client
    let gesamt = start.elapsed().as_secs_f64();
    if zeiten.is_empty() {
        bail!("Keine einzige Runde gemessen");
    }
    zeiten.sort_unstable();
    let us = |q: f64| zeiten[((zeiten.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    let runden_pro_s = zeiten.len() as f64 / gesamt;
    let writes = if o.zwei_writes { 2 } else { 1 };
    zeige!(
        "{} Runden mit {} Bytes, TCP_NODELAY {}, {writes} write() pro Nachricht",
        zeiten.len(),
        o.groesse,
        if o.nodelay { "an" } else { "aus" }
    );
    zeige!(
        "p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs, {runden_pro_s:.0} Runden/s",
        us(0.5),
        us(0.99),
        us(1.0)
    );
    if o.json {
        let m = serde_json::json!({"runden": zeiten.len(), "sekunden": gesamt,
            "runden_pro_s": runden_pro_s, "p50_us": us(0.5), "p99_us": us(0.99),
            "max_us": us(1.0), "nodelay": o.nodelay, "writes": writes, "groesse": o.groesse});
        zeige!("{m}");
    }
    Ok(())
}

/// Liest ein Echo von `echo.len()` Bytes. Beginnt die Antwort mit einem
/// anderen Längenkopf, ist sie kein Echo, sondern eine Meldung des Servers
/// (etwa „Server voll“): Dann endet die Messung mit dieser Meldung.
fn lies_echo(mut verbindung: &TcpStream, echo: &mut [u8], kopf: &[u8]) -> anyhow::Result<()> {
    let mut da = 0;
    while da < echo.len() {
        match verbindung.read(&mut echo[da..]) {
            Ok(0) => bail!(
                "Der Server hat nach {da} von {} Bytes des Echos geschlossen",
                echo.len()
            ),
            Ok(n) => da += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if ist_timeout(&e) => bail!("Das Echo kam nicht binnen 5 s zurück"),
            Err(e) => return Err(e).context("Lesen des Echos ist gescheitert"),
        }
        if da >= KOPF && echo[..KOPF] != *kopf {
            let mut text = echo[KOPF..da].to_vec();
            let _ = verbindung.take(4096).read_to_end(&mut text);
            let text = String::from_utf8_lossy(&text);
            bail!(
                "Der Server schickt statt des Echos: {}",
                text.escape_debug()
            );
        }
    }
    Ok(())
}

// ANCHOR: server
/// Ein Thread pro Verbindung: liest Kopf und Rumpf mit read_exact und schickt
/// beides mit einem einzigen write_all zurück.
fn server(adresse: &str, leerlauf: Duration) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => "Der Port ist schon belegt. Läuft der Server schon?",
            _ => "Prüfe die Adresse, etwa 127.0.0.1:7001.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    let grenze = verbindungsgrenze();
    zeige!("Echo-Server lauscht auf {}", listener.local_addr()?);
    loop {
        let verbindung = match listener.accept() {
            Ok((verbindung, _)) => verbindung,
            Err(e) => {
                eprintln!("accept() ist gescheitert ({e}), nächster Versuch in 100 ms");
                thread::sleep(PAUSE_NACH_ACCEPT_FEHLER);
                continue;
            }
        };
        if OFFEN.load(Ordering::SeqCst) >= grenze {
            eprintln!("Schon {grenze} Verbindungen: neue Verbindung abgewiesen");
            weise_ab(verbindung, grenze);
            continue;
        }
        let platz = Platz::belege();
        // Builder::spawn meldet einen Fehler, wo thread::spawn in Panik geriete.
        let gestartet = thread::Builder::new().spawn(move || {
            let _platz = platz; // gibt den Platz frei, wie auch immer der Thread endet
            let von = verbindung.peer_addr().map(|a| a.to_string());
            let von = von.unwrap_or_else(|_| "?".into());
            match echo(&verbindung, leerlauf) {
                Ok(n) => zeige!("{von}: {n} Nachrichten zurückgeschickt"),
                Err(e) => {
                    eprintln!("{von}: {e:#}");
                    melde(&verbindung, &format!("{e:#}"));
                }
            }
        });
        if let Err(e) = gestartet {
            eprintln!("Kein Thread für eine weitere Verbindung: {e}");
        }
    }
}

fn echo(mut verbindung: &TcpStream, leerlauf: Duration) -> anyhow::Result<u64> {
    // Die Antwort geht mit einem write() hinaus; NODELAY sorgt dafür, dass sie
    // auch dann sofort losgeht, wenn noch ein ACK aussteht.
    verbindung.set_nodelay(true)?;
    // Ein stiller Client oder einer, der nie liest, hält seinen Thread nur so lange.
    verbindung.set_read_timeout(Some(leerlauf))?;
    verbindung.set_write_timeout(Some(leerlauf))?;
    let mut puffer = Vec::new();
    for n in 0.. {
        let mut kopf = [0u8; KOPF];
        match verbindung.read_exact(&mut kopf) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(n),
            Err(e) => return Err(lesefehler(e, leerlauf, "des Kopfes")),
        }
        let laenge = u32::from_be_bytes(kopf) as usize;
        if laenge + KOPF > MAX_NACHRICHT {
            bail!("Nachricht mit {laenge} Bytes ist zu lang (höchstens {MAX_NACHRICHT})");
        }
        // Der Puffer wächst mit dem, was wirklich ankommt, nicht mit dem,
        // was der Kopf ankündigt: 1000 Köpfe, die je 1 MiB versprechen, kosten
        // so keine 1000 MiB.
        puffer.clear();
        puffer.extend_from_slice(&kopf);
        let gelesen = verbindung
            .take(laenge as u64)
            .read_to_end(&mut puffer)
            .map_err(|e| lesefehler(e, leerlauf, "des Rumpfs"))?;
        if gelesen < laenge {
            bail!("Verbindung endete nach {gelesen} von {laenge} Bytes des Rumpfs");
        }
        verbindung
            .write_all(&puffer)
            .context("Echo ist gescheitert")?;
    }
    unreachable!("0.. endet nicht")
}
// ANCHOR_END: server

/// Eine abgelaufene Lesefrist heißt hier: Der Client schweigt zu lange.
fn lesefehler(e: io::Error, leerlauf: Duration, was: &str) -> anyhow::Error {
    if ist_timeout(&e) {
        anyhow::anyhow!("{leerlauf:?} lang kam nichts, Verbindung wird getrennt")
    } else {
        anyhow::Error::new(e).context(format!("Lesen {was} ist gescheitert"))
    }
}

/// Belegt einen der Plätze in `OFFEN`; `Drop` gibt ihn wieder frei, auch
/// wenn der Thread nicht startet oder in Panik gerät.
struct Platz;

impl Platz {
    fn belege() -> Platz {
        OFFEN.fetch_add(1, Ordering::SeqCst);
        Platz
    }
}

impl Drop for Platz {
    fn drop(&mut self) {
        OFFEN.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Die Fehlermeldung geht als Nachricht im eigenen Format hinaus (Längenkopf,
/// dann Text). Danach: Senderichtung schließen, Ungelesenes begrenzt
/// wegwerfen, dann erst schließen. So kommt die Meldung an statt eines RST.
fn melde(verbindung: &TcpStream, text: &str) {
    let text = format!("Fehler: {text}");
    let mut nachricht = (text.len() as u32).to_be_bytes().to_vec();
    nachricht.extend_from_slice(text.as_bytes());
    let _ = verbindung.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = (&*verbindung).write_all(&nachricht);
    let _ = verbindung.shutdown(Shutdown::Write);
    let _ = verbindung.set_read_timeout(Some(Duration::from_millis(200)));
    let start = Instant::now();
    let (mut weg, mut puffer) = (0, [0u8; 16 * 1024]);
    while weg < ABLAUF_BYTES && start.elapsed() < ABLAUF_ZEIT {
        match (&*verbindung).read(&mut puffer) {
            Ok(0) => break,
            Ok(n) => weg += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if ist_timeout(&e) => {}
            Err(_) => break,
        }
    }
}

/// Abweisen im accept-Thread: Meldung schicken, dann nur wegwerfen, was schon
/// da ist (nicht blockierend), damit der nächste accept() nicht warten muss.
fn weise_ab(verbindung: TcpStream, grenze: usize) {
    let text = format!("Fehler: Server voll ({grenze} Verbindungen), versuche es später");
    let mut nachricht = (text.len() as u32).to_be_bytes().to_vec();
    nachricht.extend_from_slice(text.as_bytes());
    let _ = verbindung.set_nonblocking(true);
    let _ = (&verbindung).write_all(&nachricht);
    let _ = verbindung.shutdown(Shutdown::Write);
    let mut puffer = [0u8; 16 * 1024];
    for _ in 0..16 {
        match (&verbindung).read(&mut puffer) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
}

/// Höchstens so viele Verbindungen, dass unter Unix noch Dateideskriptoren
/// frei bleiben (für den Listener, stdout, die Bibliotheken): Wer das Limit
/// erreicht, bekommt „Server voll“, statt dass accept() mit EMFILE scheitert.
fn verbindungsgrenze() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit schreibt nur in die übergebene Struktur.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            let frei = usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX);
            return MAX_VERBINDUNGEN.min(frei.saturating_sub(16).max(1));
        }
    }
    MAX_VERBINDUNGEN
}

//! Lastgenerator für die Gruppenchat-Server (threaded_server, poll_server):
//! verbindet N Clients aus einem einzigen Prozess, meldet M davon mit Namen
//! an und schickt Nachrichten, die der Server an alle anderen verteilt.
//! Gemessen werden: Zeit bis alle verbunden sind, Speicher des Servers (RSS),
//! Latenz des Rundrufs (p50/p99) und Zustellungen pro Sekunde.
//!
//! Für 10.000 Verbindungen braucht der Lastgenerator selbst Readiness-Polling
//! (mio): ein Thread, ein epoll, 10.000 nicht-blockierende Sockets. Jeder
//! Socket ist ein Dateideskriptor; das Limit hebst du vorher mit `ulimit -n`.
//! Den Speicher liest er aus /proc/PID/status, das gibt es nur unter Linux.
//!
//! Terminal 1: cargo run --release --example poll_server -- --max-clients 20000 --timeout 600 --leise
//! Terminal 2: ulimit -n 20000; cargo run --release -p werkzeuge --bin chat_load -- --clients 10000 --pid $(pgrep -n poll_server)

use std::io::{self, Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};
use serde_json::json;
use werkzeuge::{wert_von, zahl, zeige};

const AUFRUF: &str = "\
Aufruf:
  chat_load [ADRESSE] [--clients N] [--angemeldet M] [--nachrichten K]
            [--rate R] [--pid PID] [--frist S] [--json]

Lastgenerator für die Gruppenchat-Server (threaded_server, poll_server):
verbindet N Clients, meldet M davon an und schickt K Nachrichten, erst
getaktet mit R pro Sekunde, dann alle auf einmal.

  ADRESSE          Standard 127.0.0.1:6001 (poll_server)
  --clients N      Verbindungen, 1 bis 100000 (Standard 1000)
  --angemeldet M   davon mit Namen angemeldet (Standard 1000, höchstens N)
  --nachrichten K  Nachrichten je Rundruf, 1 bis 1000000 (Standard 500)
  --rate R         Nachrichten pro Sekunde im getakteten Rundruf,
                   0 bis 1000000 (Standard 250)
  --pid PID        Speicher dieses Server-Prozesses messen (nur Linux)
  --frist S        höchstens S Sekunden je Abschnitt, 1 bis 3600 (Standard 60)
  --json           zum Schluss eine Zeile JSON für scripts/bench

Start: cargo run --release -p werkzeuge --bin chat_load -- 127.0.0.1:6001 --clients 1000";

const STANDARD_ADRESSE: &str = "127.0.0.1:6001";
/// So viele Verbindungsaufbauten laufen höchstens gleichzeitig: weniger als
/// die 128 Plätze, die std und mio dem listen()-Backlog geben. Läuft die
/// Warteschlange des Servers über, verwirft Linux das SYN, und der Client
/// wiederholt es erst nach einer Sekunde.
const GLEICHZEITIG: usize = 100;
/// Längste Zeile im Protokoll, einschließlich `\n`.
const MAX_ZEILE: usize = 1024;

#[derive(Clone, Copy, PartialEq)]
enum Zustand {
    Verbindet,
    Wartet,
    Meldet,
    Angemeldet,
    Weg,
}

struct Client {
    stream: TcpStream,
    eingang: Vec<u8>,
    ausgang: Vec<u8>,
    zustand: Zustand,
}

/// Alles, was gezählt wird. `latenzen` in Mikrosekunden.
#[derive(Default)]
struct Zaehler {
    willkommen: usize,
    angemeldet: usize,
    voll: usize,
    weg: usize,
    beitritte: u64,
    zustellungen: u64,
    latenzen: Vec<u32>,
    letzte: Option<Instant>,
    fehler: Vec<String>,
}

struct Last {
    poll: Poll,
    events: Events,
    clients: Vec<Client>,
    z: Zaehler,
    start: Instant,
    frist: Duration,
}

struct Optionen {
    adresse: String,
    n: usize,
    m: usize,
    k: u64,
    rate: u64,
    pid: Option<u32>,
    frist: u64,
    json: bool,
}

fn main() -> ExitCode {
    werkzeuge::starte(AUFRUF, lies_argumente, run)
}

fn lies_argumente(args: Vec<String>) -> Result<Optionen, String> {
    let mut o = Optionen {
        adresse: STANDARD_ADRESSE.to_string(),
        n: 1000,
        m: 1000,
        k: 500,
        rate: 250,
        pid: None,
        frist: 60,
        json: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--clients" => o.n = zahl(&arg, &wert_von(&arg, &mut args)?, 1..=100_000)?,
            "--angemeldet" => o.m = zahl(&arg, &wert_von(&arg, &mut args)?, 0..=100_000)?,
            "--nachrichten" => o.k = zahl(&arg, &wert_von(&arg, &mut args)?, 1..=1_000_000)?,
            "--rate" => o.rate = zahl(&arg, &wert_von(&arg, &mut args)?, 0..=1_000_000)?,
            "--pid" => o.pid = Some(zahl(&arg, &wert_von(&arg, &mut args)?, 1..=u32::MAX)?),
            "--frist" => o.frist = zahl(&arg, &wert_von(&arg, &mut args)?, 1..=3600)?,
            "--json" => o.json = true,
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg}")),
            _ => o.adresse = arg,
        }
    }
    // Jede Anmeldung geht an alle, die schon da sind: M Namen kosten
    // M·(M−1)/2 Meldungen. Bei 10.000 wären das 50 Millionen; daher meldet
    // der Lastgenerator standardmäßig nur 1.000 an, die übrigen bleiben still.
    o.m = o.m.min(o.n);
    Ok(o)
}

fn run(o: Optionen) -> anyhow::Result<()> {
    let Optionen {
        adresse,
        n,
        m,
        k,
        rate,
        pid,
        frist,
        json,
    } = o;
    let ziel: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| format!("Ungültige Adresse {adresse:?}. Beispiel: 127.0.0.1:6001"))?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;

    let mut last = Last {
        poll: Poll::new().context("epoll/kqueue lässt sich nicht anlegen")?,
        events: Events::with_capacity(1024),
        clients: Vec::with_capacity(n),
        z: Zaehler::default(),
        start: Instant::now(),
        frist: Duration::from_secs(frist),
    };
    zeige!("Verbinde {n} Clients mit {ziel} …");
    let verbunden = last.verbinde(ziel, n)?;
    let z = &last.z;
    zeige!(
        "Verbunden: {} in {verbunden:.2} s (abgewiesen: {}, getrennt: {})",
        z.willkommen,
        z.voll,
        z.weg
    );
    let speicher_verbunden = pid.and_then(|pid| speicher_zeigen(pid, "Server"));
    let (namen, beitritte, anmeldung) = last.melde_an(m)?;
    zeige!("Angemeldet: {namen} Namen, {beitritte} Beitrittsmeldungen in {anmeldung:.2} s");
    let (mut getaktet, mut stoss) = (None, None);
    if namen >= 2 {
        let r = last.rundruf(k, rate)?;
        zeige!("Rundruf, {rate} Nachrichten/s: {}", r.text());
        getaktet = Some(r.json());
        let r = last.rundruf(k, 0)?;
        zeige!("Stoß, {k} Nachrichten auf einmal: {}", r.text());
        stoss = Some(r.json());
    } else {
        zeige!("Kein Rundruf: Weniger als zwei Clients sind angemeldet.");
    }
    let speicher_ende = pid.and_then(|pid| speicher_zeigen(pid, "Server danach"));
    for f in last.z.fehler.iter().take(5) {
        eprintln!("Meldung eines Clients: {}", f.escape_debug());
    }
    if json {
        let m = json!({"clients": n, "verbunden": last.z.willkommen, "abgewiesen": last.z.voll,
            "getrennt": last.z.weg, "verbindungszeit_s": verbunden, "angemeldet": namen,
            "beitritte": beitritte, "anmeldung_s": anmeldung, "rate": rate, "nachrichten": k,
            "getaktet": getaktet, "stoss": stoss,
            "speicher_verbunden": speicher_verbunden, "speicher_ende": speicher_ende});
        zeige!("{m}");
    }
    Ok(())
}

impl Last {
    // ANCHOR: verbinden
    /// Öffnet n Verbindungen, höchstens GLEICHZEITIG auf einmal im Aufbau, und
    /// wartet, bis jede den Willkommensgruß des Servers gelesen hat.
    fn verbinde(&mut self, ziel: SocketAddr, n: usize) -> anyhow::Result<f64> {
        let t0 = Instant::now();
        while self.z.willkommen + self.z.voll + self.z.weg < n {
            let fertig = self.z.willkommen + self.z.voll + self.z.weg;
            while self.clients.len() < n && self.clients.len() - fertig < GLEICHZEITIG {
                // connect() auf einem nicht-blockierenden Socket kehrt sofort
                // zurück; den Rest des Handschlags erledigt der Kernel.
                let mut stream = TcpStream::connect(ziel).map_err(|e| zu_viele_dateien(e, n))?;
                let token = Token(self.clients.len());
                self.poll.registry().register(
                    &mut stream,
                    token,
                    Interest::READABLE | Interest::WRITABLE,
                )?;
                self.clients.push(Client {
                    stream,
                    eingang: Vec::new(),
                    ausgang: Vec::new(),
                    zustand: Zustand::Verbindet,
                });
            }
            self.runde(Some(Duration::from_millis(100)))?;
            self.pruefe_frist(t0, "beim Verbinden")?;
        }
        Ok(t0.elapsed().as_secs_f64())
    }
    // ANCHOR_END: verbinden

    /// Meldet m Clients mit Namen an und wartet, bis alle Beitrittsmeldungen
    /// zugestellt sind.
    fn melde_an(&mut self, m: usize) -> anyhow::Result<(usize, u64, f64)> {
        let t0 = Instant::now();
        let wartende: Vec<usize> = (0..self.clients.len())
            .filter(|&i| self.clients[i].zustand == Zustand::Wartet)
            .take(m)
            .collect();
        for &i in &wartende {
            self.clients[i].zustand = Zustand::Meldet;
            self.schreibe(i, format!("last{i}\n").as_bytes());
        }
        let gemeldet = wartende.len();
        while self.z.angemeldet + self.z.weg < gemeldet
            || self.z.beitritte < erwartete_beitritte(self.z.angemeldet)
        {
            self.runde(Some(Duration::from_millis(100)))?;
            self.pruefe_frist(t0, "beim Anmelden")?;
        }
        Ok((
            self.z.angemeldet,
            self.z.beitritte,
            t0.elapsed().as_secs_f64(),
        ))
    }

    // ANCHOR: rundruf
    /// Schickt k Nachrichten mit `rate` pro Sekunde (0: alle auf einmal), je
    /// von einem anderen angemeldeten Client. Jede trägt ihre Sendezeit; wer
    /// sie empfängt, rechnet daraus die Latenz.
    fn rundruf(&mut self, k: u64, rate: u64) -> anyhow::Result<Rundruf> {
        let sender: Vec<usize> = (0..self.clients.len())
            .filter(|&i| self.clients[i].zustand == Zustand::Angemeldet)
            .collect();
        if sender.len() < 2 {
            bail!(
                "Nur noch {} Clients angemeldet, der Server hat getrennt",
                sender.len()
            );
        }
        let vorher = self.z.zustellungen;
        self.z.latenzen.clear();
        let erwartet = k * (sender.len() as u64 - 1);
        let t0 = Instant::now();
        let mut gesendet = 0;
        while gesendet < k || self.z.zustellungen - vorher < erwartet {
            // Trennt der Server Clients (etwa als zu langsame Leser), kommt
            // nie alles an: nach 3 s Stille zählen, was da ist.
            let ruhe = self.z.letzte.map_or(t0, |t| t.max(t0)).elapsed();
            if gesendet == k && ruhe > Duration::from_secs(3) {
                break;
            }
            let faellig = if rate == 0 {
                k
            } else {
                (t0.elapsed().as_secs_f64() * rate as f64) as u64 + 1
            };
            while gesendet < k.min(faellig) {
                let i = sender[gesendet as usize % sender.len()];
                let jetzt = self.start.elapsed().as_nanos();
                self.schreibe(i, format!("m {gesendet} {jetzt}\n").as_bytes());
                gesendet += 1;
            }
            self.runde(Some(Duration::from_millis(1)))?;
            self.pruefe_frist(t0, "beim Rundruf")?;
        }
        let dauer = self.z.letzte.map_or(0.0, |t| (t - t0).as_secs_f64());
        self.z.latenzen.sort_unstable();
        let ms = |q: f64| {
            let l = &self.z.latenzen;
            l.get(((l.len().max(1) - 1) as f64 * q) as usize)
                .map_or(0.0, |&us| us as f64 / 1000.0)
        };
        let zustellungen = self.z.zustellungen - vorher;
        Ok(Rundruf {
            nachrichten: k,
            zustellungen,
            sekunden: dauer,
            pro_s: zustellungen as f64 / dauer.max(1e-9),
            p50_ms: ms(0.5),
            p99_ms: ms(0.99),
            erwartet,
        })
    }
    // ANCHOR_END: rundruf

    fn pruefe_frist(&self, t0: Instant, wobei: &str) -> anyhow::Result<()> {
        if t0.elapsed() > self.frist {
            let z = &self.z;
            bail!(
                "Frist von {:?} {wobei} abgelaufen: {} begrüßt, {} angemeldet, {} Zustellungen, {} getrennt",
                self.frist,
                z.willkommen,
                z.angemeldet,
                z.zustellungen,
                z.weg
            );
        }
        Ok(())
    }

    // ANCHOR: ereignisse
    /// Ein Durchlauf der Ereignisschleife: warten, dann jeden bereiten Socket
    /// bedienen. mio meldet flankengesteuert: Ein Ereignis kommt nur, wenn
    /// sich etwas ändert, also muss `lies` alles abholen, was gerade da ist.
    fn runde(&mut self, warte: Option<Duration>) -> anyhow::Result<()> {
        match self.poll.poll(&mut self.events, warte) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(()),
            Err(e) => return Err(e).context("poll() ist gescheitert"),
        }
        let bereit: Vec<_> = self
            .events
            .iter()
            .map(|e| {
                let ende = e.is_read_closed() || e.is_error();
                (e.token().0, e.is_writable(), e.is_readable() || ende)
            })
            .collect();
        for (i, schreibbar, lesbar) in bereit {
            if self.clients[i].zustand == Zustand::Weg {
                continue;
            }
            if schreibbar && !self.clients[i].ausgang.is_empty() {
                let rest = std::mem::take(&mut self.clients[i].ausgang);
                self.schreibe(i, &rest);
            }
            if lesbar {
                self.lies(i)?;
            }
        }
        Ok(())
    }

    /// Liest, was da ist: bis `WouldBlock` (alles abgeholt) oder bis 0 Bytes
    /// (die Gegenseite hat ihre Richtung geschlossen).
    fn lies(&mut self, i: usize) -> anyhow::Result<()> {
        let mut puffer = [0u8; 16 * 1024];
        let mut ende = None;
        loop {
            let client = &mut self.clients[i];
            match client.stream.read(&mut puffer) {
                // 0 Bytes: Der Server hat geschlossen. Was vorher kam (etwa
                // „! Server voll“), wird unten noch gelesen.
                Ok(0) => {
                    ende = Some(None);
                    break;
                }
                Ok(n) => client.eingang.extend_from_slice(&puffer[..n]),
                // Erst WouldBlock heißt: Der Empfangspuffer des Kernels ist
                // leer. Nur dann verspricht mio ein neues Ereignis, sobald
                // wieder etwas ankommt. Wer nach einem kurzen read() aufhört,
                // verlässt sich auf ein Verhalten von epoll, das nicht jede
                // Plattform hat, und hört im schlimmsten Fall nie wieder etwas.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                    bail!(
                        "Dort lauscht kein Server ({e}). Starte zuerst poll_server oder threaded_server, \
                         etwa mit `cargo run --release --example poll_server`."
                    )
                }
                Err(e) => {
                    ende = Some(Some(e.to_string()));
                    break;
                }
            }
        }
        let eingang = std::mem::take(&mut self.clients[i].eingang);
        for zeile in eingang.split_inclusive(|&b| b == b'\n') {
            if !zeile.ends_with(b"\n") {
                if zeile.len() >= MAX_ZEILE {
                    self.trenne(i, Some("Zeile ohne Ende vom Server".into()));
                } else {
                    self.clients[i].eingang = zeile.to_vec(); // Rest: halbe Zeile
                }
                break;
            }
            self.zeile(i, &zeile[..zeile.len() - 1]);
        }
        if let Some(grund) = ende {
            self.trenne(i, grund);
        }
        Ok(())
    }
    // ANCHOR_END: ereignisse

    /// Deutet eine Zeile des Servers (ohne `\n`).
    fn zeile(&mut self, i: usize, zeile: &[u8]) {
        let text = String::from_utf8_lossy(zeile);
        let z = &mut self.z;
        let client = &mut self.clients[i];
        if text.starts_with("* Willkommen") {
            client.zustand = Zustand::Wartet;
            z.willkommen += 1;
        } else if text.starts_with("* Hallo ") {
            client.zustand = Zustand::Angemeldet;
            z.angemeldet += 1;
        } else if text.ends_with(" ist dabei") {
            z.beitritte += 1;
        } else if let Some((_, nachricht)) = text.split_once(": m ") {
            let gesendet = nachricht
                .split(' ')
                .nth(1)
                .and_then(|t| t.parse::<u128>().ok());
            if let Some(gesendet) = gesendet {
                let jetzt = Instant::now();
                let ns = (jetzt - self.start).as_nanos().saturating_sub(gesendet);
                z.latenzen.push((ns / 1000).min(u32::MAX as u128) as u32);
                z.zustellungen += 1;
                z.letzte = Some(jetzt);
            }
        } else if text.starts_with("! Server voll") {
            client.zustand = Zustand::Weg;
            z.voll += 1;
        } else if text.starts_with('!') {
            z.fehler.push(text.into_owned());
        }
    }

    /// Schreibt, so viel der Kernel nimmt; den Rest versucht `runde` erneut,
    /// sobald der Socket wieder schreibbar ist.
    fn schreibe(&mut self, i: usize, daten: &[u8]) {
        let client = &mut self.clients[i];
        if !client.ausgang.is_empty() {
            client.ausgang.extend_from_slice(daten);
            return;
        }
        let mut geschrieben = 0;
        while geschrieben < daten.len() {
            match client.stream.write(&daten[geschrieben..]) {
                Ok(n) => geschrieben += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return self.trenne(i, Some(e.to_string())),
            }
        }
        client.ausgang.extend_from_slice(&daten[geschrieben..]);
    }

    fn trenne(&mut self, i: usize, grund: Option<String>) {
        let client = &mut self.clients[i];
        if client.zustand != Zustand::Weg {
            client.zustand = Zustand::Weg;
            self.z.weg += 1;
            let _ = self.poll.registry().deregister(&mut client.stream);
            self.z.fehler.extend(grund);
        }
    }
}

fn erwartete_beitritte(angemeldet: usize) -> u64 {
    let m = angemeldet as u64;
    m * m.saturating_sub(1) / 2
}

struct Rundruf {
    nachrichten: u64,
    zustellungen: u64,
    sekunden: f64,
    pro_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    erwartet: u64,
}

impl Rundruf {
    fn text(&self) -> String {
        let fehlen = match self.erwartet - self.zustellungen.min(self.erwartet) {
            0 => String::new(),
            n => format!(" ({n} nicht angekommen)"),
        };
        format!(
            "{} Nachrichten, {} Zustellungen{fehlen} in {:.2} s = {:.0}/s, Latenz p50 {:.1} ms, p99 {:.1} ms",
            self.nachrichten,
            self.zustellungen,
            self.sekunden,
            self.pro_s,
            self.p50_ms,
            self.p99_ms
        )
    }
    fn json(&self) -> serde_json::Value {
        json!({"nachrichten": self.nachrichten, "zustellungen": self.zustellungen, "erwartet": self.erwartet,
            "sekunden": self.sekunden, "pro_s": self.pro_s, "p50_ms": self.p50_ms, "p99_ms": self.p99_ms})
    }
}

/// EMFILE („too many open files“) hat keine eigene ErrorKind; die Nummer 24
/// gilt unter Linux und macOS.
fn zu_viele_dateien(e: io::Error, n: usize) -> anyhow::Error {
    let rat = if cfg!(unix) && e.raw_os_error() == Some(24) {
        format!(
            "Zu viele offene Dateien: Jede Verbindung braucht einen Dateideskriptor. \
             Hebe das Limit mit `ulimit -n {}` an (höchstens bis `ulimit -Hn`).",
            n + 100
        )
    } else {
        "connect() ist gescheitert.".to_string()
    };
    anyhow::Error::new(e).context(rat)
}

// ANCHOR: speicher
/// Liest VmRSS (Speicher, der gerade im RAM liegt), VmHWM (Spitzenwert),
/// die Zahl der Threads und der Speicherbereiche (Zeilen in /proc/PID/maps).
#[cfg(target_os = "linux")]
fn speicher(pid: u32) -> Option<serde_json::Value> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let feld = |name: &str| -> Option<u64> {
        let zeile = status.lines().find(|z| z.starts_with(name))?;
        zeile.split_whitespace().nth(1)?.parse().ok()
    };
    let bereiche = std::fs::read_to_string(format!("/proc/{pid}/maps"))
        .ok()?
        .lines()
        .count();
    Some(
        json!({"rss_kib": feld("VmRSS:")?, "hwm_kib": feld("VmHWM:")?,
        "threads": feld("Threads:")?, "bereiche": bereiche}),
    )
}

/// Außerhalb von Linux gibt es kein /proc; der Speicher bleibt ungemessen.
#[cfg(not(target_os = "linux"))]
fn speicher(_pid: u32) -> Option<serde_json::Value> {
    eprintln!("Den Speicher des Servers misst chat_load nur unter Linux (/proc).");
    None
}
// ANCHOR_END: speicher

/// Misst und zeigt den Speicher des Servers; meldet, wenn er nicht mehr läuft.
fn speicher_zeigen(pid: u32, wer: &str) -> Option<serde_json::Value> {
    let Some(s) = speicher(pid) else {
        zeige!("{wer}: PID {pid} ist nicht (mehr) zu finden.");
        return None;
    };
    let mib = |f: &str| s[f].as_f64().unwrap_or(0.0) / 1024.0;
    zeige!(
        "{wer}: VmRSS {:.1} MiB (Spitze {:.1} MiB), {} Threads, {} Speicherbereiche",
        mib("rss_kib"),
        mib("hwm_kib"),
        s["threads"],
        s["bereiche"]
    );
    Some(s)
}

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
//! Terminal 1: cargo run --release --example echo_bench -- server
//! Terminal 2: cargo run --release --example echo_bench
//! Terminal 2: cargo run --release --example echo_bench -- --nodelay aus --zwei-writes
//!
//! Client-Optionen: `[ADRESSE] [--runden N] [--sekunden S] [--groesse BYTES]
//! [--nodelay an|aus] [--zwei-writes] [--json]`. Server: `server [ADRESSE]`.
//! `--json` hängt eine Zeile JSON für scripts/bench an.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:7001";
/// Größte Nachricht, die der Server annimmt (Kopf + Rumpf).
const MAX_NACHRICHT: usize = 1 << 20;
/// Eine Nachricht: 4 Bytes Längenkopf (Big Endian) und der Rumpf.
const KOPF: usize = 4;
/// Höchstens so viele Verbindungen (= Threads) gleichzeitig. Ohne Grenze
/// brächten genug Verbindungen den Prozess zum Absturz: Irgendwann kann das
/// Betriebssystem keinen Thread mehr anlegen (siehe Kapitel zu Threads).
const MAX_VERBINDUNGEN: usize = 4096;
static OFFEN: AtomicUsize = AtomicUsize::new(0);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
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

fn run() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "server") {
        args.remove(i);
        let adresse = args.first().map_or(STANDARD_ADRESSE, String::as_str);
        return server(adresse);
    }
    let mut o = Optionen {
        adresse: STANDARD_ADRESSE.to_string(),
        runden: 100_000,
        dauer: Duration::from_secs(3),
        groesse: 64,
        nodelay: true,
        zwei_writes: false,
        json: false,
    };
    args.reverse();
    while let Some(arg) = args.pop() {
        let mut wert = || {
            args.pop()
                .with_context(|| format!("{arg} braucht einen Wert"))
        };
        match arg.as_str() {
            "--runden" => o.runden = zahl(&wert()?)?,
            "--sekunden" => o.dauer = dauer(&wert()?)?,
            "--groesse" => o.groesse = zahl(&wert()?)?.clamp(KOPF + 1, MAX_NACHRICHT),
            "--nodelay" => o.nodelay = wert()? != "aus",
            "--zwei-writes" => o.zwei_writes = true,
            "--json" => o.json = true,
            _ if arg.starts_with("--") => bail!("Unbekannte Option {arg}"),
            _ => o.adresse = arg,
        }
    }
    client(&o)
}

// ANCHOR: client
fn client(o: &Optionen) -> anyhow::Result<()> {
    let mut verbindung = TcpStream::connect(&o.adresse).with_context(|| {
        format!(
            "Keine Verbindung zu {}. Starte zuerst den Server mit \
             `cargo run --release --example echo_bench -- server`.",
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
        verbindung
            .read_exact(&mut echo)
            .context("Das Echo kam nicht vollständig zurück")?;
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
    println!(
        "{} Runden mit {} Bytes, TCP_NODELAY {}, {writes} write() pro Nachricht",
        zeiten.len(),
        o.groesse,
        if o.nodelay { "an" } else { "aus" }
    );
    println!(
        "p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs, {runden_pro_s:.0} Runden/s",
        us(0.5),
        us(0.99),
        us(1.0)
    );
    if o.json {
        let m = serde_json::json!({"runden": zeiten.len(), "sekunden": gesamt,
            "runden_pro_s": runden_pro_s, "p50_us": us(0.5), "p99_us": us(0.99),
            "max_us": us(1.0), "nodelay": o.nodelay, "writes": writes, "groesse": o.groesse});
        println!("{m}");
    }
    Ok(())
}

// ANCHOR: server
/// Ein Thread pro Verbindung: liest Kopf und Rumpf mit read_exact und schickt
/// beides mit einem einzigen write_all zurück.
fn server(adresse: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(adresse).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => "Der Port ist schon belegt. Läuft der Server schon?",
            _ => "Prüfe die Adresse, etwa 127.0.0.1:7001.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    println!("Echo-Server lauscht auf {}", listener.local_addr()?);
    for verbindung in listener.incoming() {
        let verbindung = match verbindung {
            Ok(v) => v,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        if OFFEN.load(Ordering::SeqCst) >= MAX_VERBINDUNGEN {
            eprintln!("Schon {MAX_VERBINDUNGEN} Verbindungen: neue Verbindung abgewiesen");
            continue; // drop(verbindung) schließt sie
        }
        OFFEN.fetch_add(1, Ordering::SeqCst);
        // Builder::spawn meldet einen Fehler, wo thread::spawn in Panik geriete.
        let gestartet = thread::Builder::new().spawn(move || {
            let von = verbindung.peer_addr().map(|a| a.to_string());
            let von = von.unwrap_or_else(|_| "?".into());
            match echo(verbindung) {
                Ok(n) => println!("{von}: {n} Nachrichten zurückgeschickt"),
                Err(e) => eprintln!("{von}: {e:#}"),
            }
            OFFEN.fetch_sub(1, Ordering::SeqCst);
        });
        if let Err(e) = gestartet {
            OFFEN.fetch_sub(1, Ordering::SeqCst);
            eprintln!("Kein Thread für eine weitere Verbindung: {e}");
        }
    }
    Ok(())
}

fn echo(mut verbindung: TcpStream) -> anyhow::Result<u64> {
    // Die Antwort geht mit einem write() hinaus; NODELAY sorgt dafür, dass sie
    // auch dann sofort losgeht, wenn noch ein ACK aussteht.
    verbindung.set_nodelay(true)?;
    let mut puffer = Vec::new();
    for n in 0.. {
        let mut kopf = [0u8; KOPF];
        match verbindung.read_exact(&mut kopf) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(n),
            Err(e) => return Err(e).context("Lesen des Kopfes ist gescheitert"),
        }
        let laenge = u32::from_be_bytes(kopf) as usize;
        if laenge + KOPF > MAX_NACHRICHT {
            bail!("Nachricht mit {laenge} Bytes ist zu lang (höchstens {MAX_NACHRICHT})");
        }
        puffer.clear();
        puffer.extend_from_slice(&kopf);
        puffer.resize(KOPF + laenge, 0);
        verbindung
            .read_exact(&mut puffer[KOPF..])
            .context("Der Rumpf kam nicht vollständig an")?;
        verbindung
            .write_all(&puffer)
            .context("Echo ist gescheitert")?;
    }
    unreachable!("0.. endet nicht")
}
// ANCHOR_END: server

fn zahl(wert: &str) -> anyhow::Result<usize> {
    wert.parse()
        .with_context(|| format!("Erwartet eine ganze Zahl, nicht {wert:?}"))
}

/// Eine Dauer in Sekunden, auch mit Komma-Anteil: `1.5`.
fn dauer(wert: &str) -> anyhow::Result<Duration> {
    let s: f64 = wert
        .parse()
        .with_context(|| format!("Erwartet Sekunden, nicht {wert:?}"))?;
    Duration::try_from_secs_f64(s).with_context(|| format!("{wert:?} ist keine gültige Dauer"))
}

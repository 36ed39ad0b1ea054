//! UDP-Senderate und Verlust messen: Der Sender schickt nummerierte
//! Datagramme mit einer festen Rate (oder so schnell er kann), der Empfänger
//! zählt, was ankommt. Am Ende fragt der Sender nach dem Ergebnis.
//!
//! UDP hat keine Flusskontrolle: Ist der Empfangspuffer des Empfängers voll,
//! wirft der Kernel neue Datagramme einfach weg. Mit `--rcvbuf` setzt der
//! Empfänger SO_RCVBUF über socket2 und kann so Lastspitzen abfedern.
//!
//! Benutzt `UdpSocket` (`connect`, `send`, `recv_from`) aus std und socket2 für
//! `setsockopt(SO_RCVBUF)`.
//!
//! Terminal 1: cargo run --release -p werkzeuge --bin udp_rate -- empfang --rcvbuf 4194304
//! Terminal 2: cargo run --release -p werkzeuge --bin udp_rate -- --rate 250000 --sekunden 2

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};
use werkzeuge::{ist_timeout, sekunden, wert_von, zahl, zeige};

const AUFRUF: &str = "\
Aufruf:
  udp_rate empfang [ADRESSE] [--rcvbuf BYTES]
  udp_rate [ADRESSE] [--rate N] [--sekunden S] [--groesse BYTES] [--json]

Misst UDP-Senderate und Verlust: Der Sender schickt nummerierte Datagramme,
der Empfänger zählt sie und schickt am Ende einen Bericht zurück.

  ADRESSE          Standard 127.0.0.1:7002
  --rcvbuf BYTES   Empfänger: SO_RCVBUF, 0 bis 1073741824 (Standard 0 = wie das System)
  --rate N         Datagramme pro Sekunde, 0 bis 100000000 (Standard 0 = so schnell es geht)
  --sekunden S     so lange senden, höchstens 3600 (Standard 2)
  --groesse BYTES  Größe eines Datagramms, 16 bis 65507 (Standard 64)
  --json           zum Schluss eine Zeile JSON für scripts/bench

Start: cargo run --release -p werkzeuge --bin udp_rate -- empfang";

/// So viele Absender merkt sich der Empfänger gleichzeitig höchstens.
const MAX_ABSENDER: usize = 1024;
const STANDARD_ADRESSE: &str = "127.0.0.1:7002";
/// Diese Folgenummer markiert das Ende eines Laufs; dahinter steht die Anzahl.
const ENDE: u64 = u64::MAX;
/// ENOBUFS unter Linux: Die Warteschlange der Netzwerkkarte (hier: Loopback)
/// ist voll. Das ist kein Fehler des Ziels, nochmal versuchen genügt.
const ENOBUFS_LINUX: i32 = 105;

struct Optionen {
    empfang: bool,
    adresse: String,
    rate: u64,
    dauer: Duration,
    groesse: usize,
    rcvbuf: usize,
    json: bool,
}

fn main() -> ExitCode {
    werkzeuge::starte(AUFRUF, lies_argumente, run)
}

fn lies_argumente(args: Vec<String>) -> Result<Optionen, String> {
    let mut o = Optionen {
        empfang: args.iter().any(|a| a == "empfang"),
        adresse: STANDARD_ADRESSE.to_string(),
        rate: 0,
        dauer: Duration::from_secs(2),
        groesse: 64,
        rcvbuf: 0,
        json: false,
    };
    let mut args = args.into_iter().filter(|a| a != "empfang");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rate" => o.rate = zahl(&arg, &wert_von(&arg, &mut args)?, 0..=100_000_000)?,
            "--sekunden" => o.dauer = sekunden(&arg, &wert_von(&arg, &mut args)?, 3600)?,
            "--groesse" => o.groesse = zahl(&arg, &wert_von(&arg, &mut args)?, 16..=65_507)?,
            "--rcvbuf" => o.rcvbuf = zahl(&arg, &wert_von(&arg, &mut args)?, 0..=1 << 30)?,
            "--json" => o.json = true,
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg}")),
            _ => o.adresse = arg,
        }
    }
    Ok(o)
}

fn run(o: Optionen) -> anyhow::Result<()> {
    let adresse: SocketAddr = o
        .adresse
        .to_socket_addrs()
        .with_context(|| {
            format!(
                "Ungültige Adresse {:?}. Beispiel: 127.0.0.1:7002",
                o.adresse
            )
        })?
        .next()
        .with_context(|| format!("{:?} ergibt keine Adresse", o.adresse))?;
    if o.empfang {
        empfaenger(adresse, o.rcvbuf)
    } else {
        sender(adresse, o.rate, o.dauer, o.groesse, o.json)
    }
}

// ANCHOR: empfangspuffer
fn empfaenger(adresse: SocketAddr, rcvbuf: usize) -> anyhow::Result<()> {
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::DGRAM,
        Some(Protocol::UDP),
    )?;
    if rcvbuf > 0 {
        // setsockopt(SO_RCVBUF): so viele Bytes darf der Kernel für uns
        // aufheben. Linux verdoppelt den Wert (für Verwaltungsdaten) und
        // deckelt ihn bei net.core.rmem_max.
        socket
            .set_recv_buffer_size(rcvbuf)
            .context("SO_RCVBUF lässt sich nicht setzen")?;
    }
    let tatsaechlich = socket.recv_buffer_size()?;
    socket.bind(&adresse.into()).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => "Der Port ist schon belegt. Läuft der Empfänger schon?",
            _ => "Prüfe die Adresse, etwa 127.0.0.1:7002.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    let socket: UdpSocket = socket.into();
    zeige!("UDP-Empfänger lauscht auf {}", socket.local_addr()?);
    zeige!("Empfangspuffer (SO_RCVBUF): {tatsaechlich} Bytes");
    // ANCHOR_END: empfangspuffer
    empfange(&socket, tatsaechlich as u64)
}

/// Was der Empfänger über einen Lauf (einen Sender) weiß.
#[derive(Default)]
struct Lauf {
    empfangen: u64,
    hoechste: u64,
    ausser_reihe: u64,
    fertig: bool,
}

// ANCHOR: zaehlen
fn empfange(socket: &UdpSocket, rcvbuf: u64) -> anyhow::Result<()> {
    let mut laeufe: HashMap<SocketAddr, Lauf> = HashMap::new();
    // Größer als jedes UDP-Datagramm: recv_from würde den Rest sonst abschneiden.
    let mut puffer = [0u8; 65_536];
    loop {
        let (n, von) = match socket.recv_from(&mut puffer) {
            Ok(x) => x,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // Unter Windows meldet recv_from ein ICMP „Port nicht erreichbar“
            // einer früheren Antwort als Fehler; das betrifft nur diesen Sender.
            Err(e) => {
                eprintln!("recv_from: {e}");
                continue;
            }
        };
        let Some((nummer, rest)) = puffer[..n].split_first_chunk::<8>() else {
            continue; // zu kurz für eine Folgenummer: kein Datagramm von udp_rate
        };
        let nummer = u64::from_be_bytes(*nummer);
        // Jeder Absender kostet einen Eintrag. Damit beliebig viele Absender
        // den Speicher nicht füllen, fliegen erst fertige Läufe hinaus; ist
        // dann noch kein Platz, bleibt ein neuer Absender unbeachtet.
        if !laeufe.contains_key(&von) && laeufe.len() >= MAX_ABSENDER {
            laeufe.retain(|_, lauf| !lauf.fertig);
            if laeufe.len() >= MAX_ABSENDER {
                continue;
            }
        }
        let lauf = laeufe.entry(von).or_default();
        if nummer != ENDE {
            if lauf.fertig {
                *lauf = Lauf::default(); // gleicher Absender, neuer Lauf
            }
            lauf.empfangen += 1;
            if nummer < lauf.hoechste {
                lauf.ausser_reihe += 1;
            }
            lauf.hoechste = lauf.hoechste.max(nummer);
            continue;
        }
        // Endmarke: dahinter steht, wie viele Datagramme der Sender geschickt hat.
        let gesendet = rest
            .first_chunk::<8>()
            .map_or(0, |b| u64::from_be_bytes(*b));
        if !lauf.fertig {
            lauf.fertig = true;
            let verlust = gesendet.saturating_sub(lauf.empfangen);
            zeige!(
                "Von {von}: {} von {gesendet} Datagrammen empfangen, {verlust} verloren ({:.2} %)",
                lauf.empfangen,
                prozent(verlust, gesendet)
            );
        }
        let mut bericht = Vec::with_capacity(32);
        for wert in [gesendet, lauf.empfangen, lauf.ausser_reihe, rcvbuf] {
            bericht.extend_from_slice(&wert.to_be_bytes());
        }
        // Die Endmarke kann mehrfach kommen (auch sie kann verloren gehen);
        // jede bekommt denselben Bericht.
        if let Err(e) = socket.send_to(&bericht, von) {
            eprintln!("Bericht an {von} ließ sich nicht senden: {e}");
        }
    }
}
// ANCHOR_END: zaehlen

// ANCHOR: senden
fn sender(
    ziel: SocketAddr,
    rate: u64,
    dauer: Duration,
    groesse: usize,
    json: bool,
) -> anyhow::Result<()> {
    let lokal = if ziel.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let socket = UdpSocket::bind(lokal).context("Kein lokaler UDP-Port frei")?;
    // connect() bei UDP legt nur das Ziel fest: danach genügt send(), und
    // der Kernel muss die Adresse nicht bei jedem Datagramm neu prüfen.
    socket.connect(ziel)?;
    let mut datagramm = vec![0u8; groesse];
    let start = Instant::now();
    let mut gesendet: u64 = 0;
    while start.elapsed() < dauer {
        // Ratenbegrenzung: Bis jetzt sollten `soll` Datagramme draußen sein.
        // Sind wir voraus, warten wir aktiv, sonst holen wir auf. Schlafen
        // wäre sparsamer, aber wer schläft, bekommt seinen Kern auf einem
        // ausgelasteten Rechner oft erst Millisekunden später zurück.
        let soll = (start.elapsed().as_secs_f64() * rate as f64) as u64;
        if rate > 0 && gesendet >= soll {
            std::hint::spin_loop();
            continue;
        }
        for _ in 0..if rate > 0 { soll - gesendet } else { 64 } {
            datagramm[..8].copy_from_slice(&gesendet.to_be_bytes());
            match socket.send(&datagramm) {
                Ok(_) => gesendet += 1,
                // Voller Sendepuffer (ENOBUFS) oder Unterbrechung: nochmal versuchen.
                Err(e)
                    if e.raw_os_error() == Some(ENOBUFS_LINUX)
                        || e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e).context(sendefehler(ziel)),
            }
        }
    }
    let sekunden = start.elapsed().as_secs_f64();
    // ANCHOR_END: senden
    let [gemeldet, empfangen, ausser_reihe, rcvbuf] = frage_nach_ergebnis(&socket, gesendet, ziel)?;
    let verlust = gemeldet.saturating_sub(empfangen);
    let rate_ist = gesendet as f64 / sekunden;
    zeige!(
        "Gesendet: {gesendet} Datagramme à {groesse} Bytes in {sekunden:.2} s = {rate_ist:.0}/s"
    );
    zeige!(
        "Empfangen: {empfangen}, verloren: {verlust} ({:.2} %), Empfangspuffer {rcvbuf} Bytes",
        prozent(verlust, gemeldet)
    );
    if json {
        let m = serde_json::json!({"gesendet": gesendet, "empfangen": empfangen,
            "verlust_prozent": prozent(verlust, gemeldet), "sekunden": sekunden,
            "rate_soll": rate, "rate_ist": rate_ist, "groesse": groesse,
            "rcvbuf": rcvbuf, "ausser_reihe": ausser_reihe});
        zeige!("{m}");
    }
    Ok(())
}

/// Schickt die Endmarke und wartet auf den Bericht; beides kann verloren
/// gehen, daher bis zu zehn Versuche.
fn frage_nach_ergebnis(
    socket: &UdpSocket,
    gesendet: u64,
    ziel: SocketAddr,
) -> anyhow::Result<[u64; 4]> {
    let mut ende = [0u8; 16];
    ende[..8].copy_from_slice(&ENDE.to_be_bytes());
    ende[8..].copy_from_slice(&gesendet.to_be_bytes());
    socket.set_read_timeout(Some(Duration::from_millis(300)))?;
    let mut antwort = [0u8; 32];
    for _ in 0..10 {
        socket.send(&ende).with_context(|| sendefehler(ziel))?;
        match socket.recv(&mut antwort) {
            Ok(32) => {
                let (woerter, _) = antwort.as_chunks::<8>();
                return Ok([0, 1, 2, 3].map(|i| u64::from_be_bytes(woerter[i])));
            }
            Ok(_) => continue,
            Err(e) if ist_timeout(&e) => continue,
            Err(e) => return Err(e).context(sendefehler(ziel)),
        }
    }
    bail!(
        "Der Empfänger auf {ziel} antwortet nicht. Läuft `cargo run --release -p werkzeuge --bin udp_rate -- empfang`?"
    )
}

fn sendefehler(ziel: SocketAddr) -> String {
    format!(
        "Senden an {ziel} ist gescheitert. Läuft dort der Empfänger \
         (`cargo run --release -p werkzeuge --bin udp_rate -- empfang`)?"
    )
}

fn prozent(teil: u64, ganz: u64) -> f64 {
    if ganz == 0 {
        0.0
    } else {
        teil as f64 * 100.0 / ganz as f64
    }
}

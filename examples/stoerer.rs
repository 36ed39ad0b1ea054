//! Störsender: ein Relais zwischen Client und Server auf Loopback, das
//! absichtlich stört. Auf Loopback geht nie etwas verloren, nichts wird
//! vertauscht und nichts zerteilt – hier schon.
//!
//! UDP: verwirft, verdoppelt, vertauscht und verzögert Datagramme.
//! TCP: zerlegt den Bytestrom in Stückchen mit Pausen dazwischen, verzögert
//! ihn oder bricht die Verbindung nach K Bytes mit einem RST ab (`SO_LINGER` 0
//! über socket2). Jede Entscheidung hängt nur vom `--seed` und der Nummer des
//! Datagramms bzw. Stückchens ab: Derselbe Seed ergibt denselben Lauf.
//!
//! UDP, Terminal 1: cargo run --example udp_server
//! UDP, Terminal 2: cargo run --example stoerer -- udp --verlust 0.2 --doppelt 0.1 --vertauschen 0.1 --seed 7 --anzahl 20
//! UDP, Terminal 3: cargo run --example udp_client -- 127.0.0.1:6100 --nummeriert 20
//!
//! TCP, Terminal 1: cargo run --example chat_server
//! TCP, Terminal 2: cargo run --example stoerer -- tcp --stueckchen 1 --pause 20ms
//! TCP, Terminal 3: cargo run --example chat_client -- 127.0.0.1:6100

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use socket2::SockRef;

const STANDARD_VON: &str = "127.0.0.1:6100";
/// Standardziele: udp_server bzw. chat_server aus dem Buch.
const STANDARD_NACH_UDP: &str = "127.0.0.1:50000";
const STANDARD_NACH_TCP: &str = "127.0.0.1:5000";
/// Größtes mögliches UDP-Datagramm: So geht beim Empfang nie etwas verloren.
const MAX_DATAGRAMM: usize = 65_536;
/// So lange (nach dem ersten Datagramm) ohne neues Datagramm, dann Bilanz und Ende.
const STANDARD_LEERLAUF: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Alle Einstellungen aus der Befehlszeile.
struct Optionen {
    von: SocketAddr,
    nach: SocketAddr,
    seed: u64,
    verzoegerung: Duration,
    verlust: f64,
    doppelt: f64,
    vertauschen: f64,
    anzahl: Option<u64>,
    leerlauf: Duration,
    stueckchen: (usize, usize),
    pause: Duration,
    abbruch_nach: Option<u64>,
}

const HILFE: &str = "Aufruf: stoerer udp|tcp [--von ADRESSE] [--nach ADRESSE] [--seed N] [--verzoegerung DAUER]\n  \
    UDP: [--verlust P] [--doppelt P] [--vertauschen P] [--anzahl N] [--leerlauf DAUER]\n  \
    TCP: [--stueckchen N oder A-B] [--pause DAUER] [--abbruch-nach BYTES]\n  \
    P ist eine Wahrscheinlichkeit von 0 bis 1, DAUER etwa 50ms oder 2s.";

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(modus) = args.first() else {
        bail!("Welcher Modus? {HILFE}");
    };
    let standard_nach = match modus.as_str() {
        "udp" => STANDARD_NACH_UDP,
        "tcp" => STANDARD_NACH_TCP,
        _ => bail!("Unbekannter Modus {modus:?}. {HILFE}"),
    };
    let mut o = Optionen {
        von: adresse(STANDARD_VON)?,
        nach: adresse(standard_nach)?,
        seed: 1,
        verzoegerung: Duration::ZERO,
        verlust: 0.0,
        doppelt: 0.0,
        vertauschen: 0.0,
        anzahl: None,
        leerlauf: STANDARD_LEERLAUF,
        stueckchen: (1, 1),
        pause: Duration::ZERO,
        abbruch_nach: None,
    };
    let mut rest = args[1..].iter();
    while let Some(name) = rest.next() {
        let wert = rest
            .next()
            .with_context(|| format!("Nach {name} fehlt ein Wert. {HILFE}"))?;
        let falsch = || format!("Ungültiger Wert {wert:?} für {name}. {HILFE}");
        match name.as_str() {
            "--von" => o.von = adresse(wert)?,
            "--nach" => o.nach = adresse(wert)?,
            "--seed" => o.seed = wert.parse().with_context(falsch)?,
            "--verzoegerung" => o.verzoegerung = dauer(wert).with_context(falsch)?,
            "--verlust" => o.verlust = anteil(wert).with_context(falsch)?,
            "--doppelt" => o.doppelt = anteil(wert).with_context(falsch)?,
            "--vertauschen" => o.vertauschen = anteil(wert).with_context(falsch)?,
            "--anzahl" => o.anzahl = Some(wert.parse().with_context(falsch)?),
            "--leerlauf" => o.leerlauf = dauer(wert).with_context(falsch)?,
            "--stueckchen" => o.stueckchen = bereich(wert).with_context(falsch)?,
            "--pause" => o.pause = dauer(wert).with_context(falsch)?,
            "--abbruch-nach" => o.abbruch_nach = Some(wert.parse().with_context(falsch)?),
            _ => bail!("Unbekannte Option {name:?}. {HILFE}"),
        }
    }
    if modus == "udp" { udp(&o) } else { tcp(&o) }
}

// ANCHOR: zufall
/// Ein kleiner, selbst geschriebener Zufallsgenerator (SplitMix64). Jedes
/// Datagramm bzw. Stückchen bekommt einen eigenen Strom aus Seed und Nummer:
/// Die Entscheidungen hängen so nie vom Timing ab, nur von Seed und Nummer.
struct Zufall(u64);

impl Zufall {
    fn fuer(seed: u64, strom: u64, nummer: u64) -> Zufall {
        let mut z = Zufall(seed ^ strom.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        z.0 = z.0.wrapping_add(nummer.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z.naechste(); // einmal mischen, damit benachbarte Nummern weit auseinander liegen
        z
    }

    fn naechste(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    /// true mit Wahrscheinlichkeit `p`.
    fn trifft(&mut self, p: f64) -> bool {
        // Die oberen 53 Bit ergeben eine gleichverteilte Zahl in [0, 1).
        ((self.naechste() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}
// ANCHOR_END: zufall

/// Ein Datagramm, das zu einer bestimmten Zeit an den Server geht.
struct Geplant {
    faellig: Instant,
    daten: Vec<u8>,
}

// ANCHOR: udp
fn udp(o: &Optionen) -> anyhow::Result<()> {
    let eingang = UdpSocket::bind(o.von).map_err(|e| bind_fehler(e, o.von))?;
    println!("Störsender (UDP) lauscht auf {}", eingang.local_addr()?);
    // Ein eigener Socket zum Server: Der Server sieht als Absender den
    // Störsender, nicht den Client. connect() legt bei UDP nur das Ziel fest.
    let ausgang = UdpSocket::bind((o.nach.ip(), 0)).context("Kein Socket zum Server")?;
    ausgang.connect(o.nach)?;
    println!(
        "Leite an {} weiter: Verlust {} %, doppelt {} %, vertauschen {} %, Verzögerung {} ms, Seed {}",
        o.nach,
        o.verlust * 100.0,
        o.doppelt * 100.0,
        o.vertauschen * 100.0,
        o.verzoegerung.as_millis(),
        o.seed
    );
    antworten_zurueck(&eingang, &ausgang)?;

    let mut puffer = vec![0u8; MAX_DATAGRAMM];
    let mut warteschlange: VecDeque<Geplant> = VecDeque::new();
    let mut zurueckgehalten: Option<(u64, Vec<u8>, u64)> = None;
    let (mut nummer, mut verworfen, mut verdoppelt, mut vertauscht, mut gesendet) = (0, 0, 0, 0, 0);
    let mut letztes = None::<Instant>;
    while o.anzahl.is_none_or(|n| nummer < n) {
        // Fällige Datagramme senden, dann höchstens bis zum nächsten Termin warten.
        gesendet += sende_faellige(&ausgang, &mut warteschlange, false);
        let frist = warteschlange
            .front()
            .map(|g| g.faellig.saturating_duration_since(Instant::now()));
        let leerlauf = letztes.map(|t| o.leerlauf.saturating_sub(t.elapsed()));
        if leerlauf == Some(Duration::ZERO) {
            println!(
                "{} ms lang kein Datagramm mehr: Ende.",
                o.leerlauf.as_millis()
            );
            break;
        }
        let warten = [frist, leerlauf].into_iter().flatten().min();
        eingang.set_read_timeout(warten.map(|d| d.max(Duration::from_millis(1))))?;
        let (n, client) = match eingang.recv_from(&mut puffer) {
            Ok(x) => x,
            // Timeout: Unix meldet WouldBlock, Windows TimedOut.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            // Windows meldet so ein ICMP „Port unerreichbar“ einer früheren Antwort.
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(e) => return Err(e).context("recv_from() ist gescheitert"),
        };
        *LETZTER_CLIENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(client);
        letztes = Some(Instant::now());
        nummer += 1;
        let daten = puffer[..n].to_vec();
        let text = format!("#{nummer} {}", vorschau(&daten));
        // Drei Würfe je Datagramm, immer in derselben Reihenfolge.
        let mut wurf = Zufall::fuer(o.seed, 0, nummer);
        let (weg, doppelt, tauschen) = (
            wurf.trifft(o.verlust),
            wurf.trifft(o.doppelt),
            wurf.trifft(o.vertauschen),
        );
        let faellig = Instant::now() + o.verzoegerung;
        if weg {
            verworfen += 1;
            println!("{text} verworfen");
            continue;
        }
        let mal = if doppelt { 2 } else { 1 };
        verdoppelt += mal - 1;
        if tauschen && zurueckgehalten.is_none() {
            let auch = if doppelt { " und verdoppelt" } else { "" };
            println!("{text} zurückgehalten{auch}, kommt nach dem nächsten weitergeleiteten");
            zurueckgehalten = Some((nummer, daten, mal));
            continue;
        }
        let was = if doppelt {
            "verdoppelt"
        } else {
            "weitergeleitet"
        };
        einplanen(&mut warteschlange, &daten, mal, faellig);
        match zurueckgehalten.take() {
            Some((alt, alte_daten, alt_mal)) => {
                vertauscht += 1;
                einplanen(&mut warteschlange, &alte_daten, alt_mal, faellig);
                println!("{text} {was}, danach #{alt}");
            }
            None => println!("{text} {was}"),
        }
    }
    // Ein Zurückgehaltenes ohne Nachfolger kommt zum Schluss doch noch an.
    if let Some((alt, daten, mal)) = zurueckgehalten.take() {
        println!("#{alt} zum Schluss nachgesendet");
        einplanen(
            &mut warteschlange,
            &daten,
            mal,
            Instant::now() + o.verzoegerung,
        );
    }
    gesendet += sende_faellige(&ausgang, &mut warteschlange, true);
    println!(
        "Bilanz: {nummer} Datagramme, {verworfen} verworfen, {verdoppelt} verdoppelt, {vertauscht} vertauscht; {gesendet} an den Server gesendet"
    );
    Ok(())
}
// ANCHOR_END: udp

/// Wohin Antworten des Servers gehen: an den Client, der zuletzt gesendet hat.
static LETZTER_CLIENT: std::sync::Mutex<Option<SocketAddr>> = std::sync::Mutex::new(None);

/// Stellt ein Datagramm `mal`-mal in die Warteschlange.
fn einplanen(schlange: &mut VecDeque<Geplant>, daten: &[u8], mal: u64, faellig: Instant) {
    for _ in 0..mal {
        schlange.push_back(Geplant {
            faellig,
            daten: daten.to_vec(),
        });
    }
}

/// Sendet alles, was fällig ist (mit `alle` auch den Rest, nach Wartezeit).
fn sende_faellige(ausgang: &UdpSocket, schlange: &mut VecDeque<Geplant>, alle: bool) -> u64 {
    let mut gesendet = 0;
    while let Some(g) = schlange.front() {
        let rest = g.faellig.saturating_duration_since(Instant::now());
        if !rest.is_zero() {
            if !alle {
                break;
            }
            thread::sleep(rest);
        }
        match ausgang.send(&g.daten) {
            Ok(_) => gesendet += 1,
            // Eine frühere Sendung kam als ICMP „Port unerreichbar“ zurück.
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                println!(
                    "Hinweis: Beim Server lauscht niemand (ICMP „Port unerreichbar“). Läuft er?"
                );
            }
            Err(e) => println!("Senden an den Server gescheitert: {e}"),
        }
        schlange.pop_front();
    }
    gesendet
}

/// Antworten des Servers gehen ungestört an den zuletzt gesehenen Client.
fn antworten_zurueck(eingang: &UdpSocket, ausgang: &UdpSocket) -> anyhow::Result<()> {
    let (eingang, ausgang) = (eingang.try_clone()?, ausgang.try_clone()?);
    thread::spawn(move || {
        let mut puffer = vec![0u8; MAX_DATAGRAMM];
        loop {
            match ausgang.recv(&mut puffer) {
                Ok(n) => {
                    let client = *LETZTER_CLIENT.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(client) = client {
                        let _ = eingang.send_to(&puffer[..n], client);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => continue,
                Err(_) => return,
            }
        }
    });
    Ok(())
}

// ANCHOR: tcp
fn tcp(o: &Optionen) -> anyhow::Result<()> {
    let listener = TcpListener::bind(o.von).map_err(|e| bind_fehler(e, o.von))?;
    println!("Störsender (TCP) lauscht auf {}", listener.local_addr()?);
    let (a, b) = o.stueckchen;
    let groesse = match (a, b) {
        (1, 1) => "1 Byte".to_string(),
        _ if a == b => format!("{a} Bytes"),
        _ => format!("{a} bis {b} Bytes"),
    };
    let abbruch = o
        .abbruch_nach
        .map(|k| format!(", Abbruch nach {k} Bytes"))
        .unwrap_or_default();
    println!(
        "Leite an {} weiter: Stückchen zu {groesse}, Pause {} ms, Verzögerung {} ms{abbruch}, Seed {}",
        o.nach,
        o.pause.as_millis(),
        o.verzoegerung.as_millis(),
        o.seed
    );
    // Genau eine Verbindung, danach Bilanz und Ende – wie chat_server.
    let (client, client_adresse) = listener.accept().context("accept() ist gescheitert")?;
    let server = TcpStream::connect(o.nach).with_context(|| {
        format!("Keine Verbindung zu {}. Starte zuerst den Server, etwa mit `cargo run --example chat_server`", o.nach)
    })?;
    println!("Client {client_adresse} verbunden, weiter zu {}", o.nach);
    // Ohne TCP_NODELAY würde Nagles Algorithmus die Stückchen wieder zusammenkleben.
    client.set_nodelay(true)?;
    server.set_nodelay(true)?;

    // Beide Richtungen laufen gleichzeitig: hin auf diesem Thread, zurück auf einem zweiten.
    let stopp = Arc::new(AtomicBool::new(false));
    let st = Stoerung {
        seed: o.seed,
        stueckchen: o.stueckchen,
        pause: o.pause,
        verzoegerung: o.verzoegerung,
    };
    let rueck = {
        let (von, nach, stopp) = (server.try_clone()?, client.try_clone()?, Arc::clone(&stopp));
        thread::spawn(move || leite(von, nach, "Server → Client", 1, st, None, &stopp))
    };
    let hin = leite(
        client.try_clone()?,
        server.try_clone()?,
        "Client → Server",
        0,
        st,
        o.abbruch_nach,
        &stopp,
    );
    let rueck = rueck.join().unwrap_or_default();
    let rst = if hin.2 {
        ", Verbindung mit RST abgebrochen"
    } else {
        ""
    };
    println!(
        "Bilanz: Client → Server {} Bytes in {} Stückchen, Server → Client {} Bytes in {} Stückchen{rst}",
        hin.0, hin.1, rueck.0, rueck.1
    );
    // Erst hier schließen die letzten Handles; nach SO_LINGER 0 geht dabei ein RST hinaus.
    drop((client, server));
    Ok(())
}
// ANCHOR_END: tcp

/// Was das TCP-Relais in beiden Richtungen stört.
#[derive(Clone, Copy)]
struct Stoerung {
    seed: u64,
    stueckchen: (usize, usize),
    pause: Duration,
    verzoegerung: Duration,
}

// ANCHOR: leite
/// Kopiert eine Richtung des Bytestroms und stört dabei.
/// Liefert (Bytes, Stückchen, mit RST abgebrochen?).
fn leite(
    mut von: TcpStream,
    mut nach: TcpStream,
    richtung: &str,
    strom: u64,
    st: Stoerung,
    abbruch_nach: Option<u64>,
    stopp: &AtomicBool,
) -> (u64, u64, bool) {
    let (mut bytes, mut stueckchen) = (0u64, 0u64);
    let mut puffer = [0u8; 4096];
    loop {
        let n = match von.read(&mut puffer) {
            // Die andere Richtung hat aufgegeben oder abgebrochen: leise enden.
            _ if stopp.load(Ordering::SeqCst) => break,
            // 0 Bytes: Die Gegenseite hat geschlossen (FIN). Wir geben das weiter.
            Ok(0) => {
                println!("{richtung}: Ende des Stroms (FIN), weitergegeben");
                let _ = nach.shutdown(Shutdown::Write);
                break;
            }
            Ok(n) => n,
            Err(e) => {
                aufgeben(richtung, "Lesen", &e, [&von, &nach], stopp);
                break;
            }
        };
        // Höchstens bis zur Abbruchgrenze weitergeben.
        let erlaubt = abbruch_nach.map_or(n, |k| n.min((k - bytes) as usize));
        let block = &puffer[..erlaubt];
        thread::sleep(st.verzoegerung);
        let vorher = stueckchen;
        let mut rest = block;
        while !rest.is_empty() {
            // Größe des Stückchens: aus Seed, Richtung und Stückchen-Nummer.
            let (klein, gross) = st.stueckchen;
            let wurf = Zufall::fuer(st.seed, strom + 1, stueckchen).naechste() as usize;
            let groesse = (klein + wurf % (gross - klein + 1)).min(rest.len());
            if stueckchen > vorher {
                thread::sleep(st.pause);
            }
            if let Err(e) = nach.write_all(&rest[..groesse]) {
                aufgeben(richtung, "Schreiben", &e, [&von, &nach], stopp);
                return (bytes, stueckchen, false);
            }
            rest = &rest[groesse..];
            bytes += groesse as u64;
            stueckchen += 1;
        }
        let anzahl = stueckchen - vorher;
        println!(
            "{richtung}: {} – {} Bytes in {anzahl} Stückchen",
            vorschau(block),
            block.len()
        );
        if abbruch_nach == Some(bytes) {
            // SO_LINGER mit 0 Sekunden: close() verwirft alles Ungesendete und
            // schickt ein RST statt eines FIN – für beide Seiten ein „Reset“.
            for s in [&von, &nach] {
                let _ = SockRef::from(s).set_linger(Some(Duration::ZERO));
            }
            stopp.store(true, Ordering::SeqCst);
            println!("Nach {bytes} Bytes: Verbindung wird mit RST abgebrochen");
            // Weckt den anderen Thread, der noch in read() wartet.
            let _ = (nach.shutdown(Shutdown::Read), von.shutdown(Shutdown::Read));
            return (bytes, stueckchen, true);
        }
    }
    (bytes, stueckchen, false)
}
// ANCHOR_END: leite

/// Eine Richtung ist gescheitert (etwa RST einer Seite): melden, falls die
/// andere Richtung es nicht schon tat, und beide Verbindungen schließen.
fn aufgeben(richtung: &str, was: &str, e: &io::Error, s: [&TcpStream; 2], stopp: &AtomicBool) {
    if !stopp.swap(true, Ordering::SeqCst) {
        println!("{richtung}: {was} gescheitert: {e}");
    }
    for s in s {
        let _ = s.shutdown(Shutdown::Both);
    }
}

/// Die ersten Zeichen eines Datenblocks, lesbar gemacht.
fn vorschau(daten: &[u8]) -> String {
    let text = String::from_utf8_lossy(daten);
    let mut kurz: String = text.chars().take(40).collect();
    if kurz.len() < text.len() {
        kurz.push('…');
    }
    format!("{kurz:?}")
}

fn adresse(text: &str) -> anyhow::Result<SocketAddr> {
    text.to_socket_addrs()
        .with_context(|| format!("Ungültige Adresse {text:?}, etwa 127.0.0.1:6100"))?
        .next()
        .with_context(|| format!("{text:?} ergibt keine Adresse"))
}

fn anteil(text: &str) -> Option<f64> {
    text.parse().ok().filter(|p| (0.0..=1.0).contains(p))
}

fn dauer(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else if let Some(s) = text.strip_suffix('s') {
        s.parse().ok().map(Duration::from_secs_f64)
    } else {
        (text == "0").then_some(Duration::ZERO)
    }
}

fn bereich(text: &str) -> Option<(usize, usize)> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (1 <= a && a <= b).then_some((a, b))
}

fn bind_fehler(e: io::Error, adresse: SocketAddr) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Störsender noch? Oder wähle mit --von einen anderen Port."
        }
        _ => "Prüfe die Adresse hinter --von.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

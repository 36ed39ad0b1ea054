//! Teil des Störsenders (`cargo run --example stoerer -- tcp|udp …`): die
//! Befehlszeile. Jeder Wert wird geprüft, bevor er eine Rolle spielt: Eine
//! Dauer wie `-1s`, `infs` oder `1e30s` würde `Duration::from_secs_f64` in
//! Panik versetzen, und eine Verzögerung von 300 Jahren würde erst beim ersten
//! Datagramm auffallen. Ein falscher Wert ergibt eine deutsche Meldung, die die
//! Option und den erlaubten Bereich nennt (Exit-Code 2 in `main`).

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// Hier lauscht der Störsender, wenn `--von` fehlt.
const STANDARD_VON: &str = "127.0.0.1:6100";
/// Standardziele: udp_server bzw. chat_server aus dem Buch.
const STANDARD_NACH_UDP: &str = "127.0.0.1:50000";
const STANDARD_NACH_TCP: &str = "127.0.0.1:5000";
/// So lange (nach dem ersten Datagramm) ohne neues Datagramm, dann Bilanz und Ende.
const STANDARD_LEERLAUF: Duration = Duration::from_secs(5);
/// Längste Verzögerung und Pause: Der Störsender soll stören, nicht einschlafen.
const MAX_WARTEN: Duration = Duration::from_secs(60);
/// Kürzeste und längste Leerlaufzeit im UDP-Modus.
const MIN_LEERLAUF: Duration = Duration::from_millis(1);
const MAX_LEERLAUF: Duration = Duration::from_secs(3600);
/// Optionen, die nur in einem der beiden Modi etwas bewirken.
const NUR_UDP: &[&str] = &[
    "--verlust",
    "--doppelt",
    "--vertauschen",
    "--anzahl",
    "--leerlauf",
];
const NUR_TCP: &[&str] = &["--stueckchen", "--pause", "--abbruch-nach"];
/// Größtes Stückchen: mehr als ein read() (4096 Bytes) liefert, hat keinen Sinn.
const MAX_STUECKCHEN: usize = 4096;

pub const AUFRUF: &str = "Aufruf: cargo run --example stoerer -- udp|tcp [OPTIONEN]

Beide:  --von ADRESSE          hier lauscht der Störsender (Standard 127.0.0.1:6100)
        --nach ADRESSE         der Server (udp: 127.0.0.1:50000, tcp: 127.0.0.1:5000)
        --seed N               Startwert des Zufalls (Standard 1)
        --verzoegerung DAUER   jedes Datagramm, jeden Block so lange zurückhalten
UDP:    --verlust P  --doppelt P  --vertauschen P   Wahrscheinlichkeiten
        --anzahl N             nach N Datagrammen Bilanz und Ende (ab 1)
        --leerlauf DAUER       so lange still, dann Ende (Standard 5s)
TCP:    --stueckchen N|A-B     Größe der Stückchen in Bytes (1 bis 4096)
        --pause DAUER          Pause zwischen zwei Stückchen
        --abbruch-nach K       nach K Bytes vom Client beide Seiten mit RST trennen

P ist eine Wahrscheinlichkeit von 0 bis 1, DAUER etwa 50ms oder 2s (0 bis 60s,
--leerlauf 1ms bis 3600s).";

#[derive(Clone, Copy, PartialEq)]
pub enum Modus {
    Udp,
    Tcp,
}

/// Alle Einstellungen aus der Befehlszeile, geprüft.
pub struct Optionen {
    pub modus: Modus,
    pub von: SocketAddr,
    pub nach: SocketAddr,
    pub seed: u64,
    pub verzoegerung: Duration,
    pub verlust: f64,
    pub doppelt: f64,
    pub vertauschen: f64,
    pub anzahl: Option<u64>,
    pub leerlauf: Duration,
    pub stueckchen: (usize, usize),
    pub pause: Duration,
    pub abbruch_nach: Option<u64>,
}

/// Liest die Argumente. `Ok(None)` heißt: Hilfe gewünscht (`--help`, `-h`).
/// `Err` enthält die deutsche Meldung für die Leserin.
pub fn lies(args: &[String]) -> Result<Option<Optionen>, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(None);
    }
    let (modus, nach) = match args.first().map(String::as_str) {
        Some("udp") => (Modus::Udp, STANDARD_NACH_UDP),
        Some("tcp") => (Modus::Tcp, STANDARD_NACH_TCP),
        Some(anderer) => return Err(format!("Unbekannter Modus {anderer:?}: udp oder tcp")),
        None => return Err("Welcher Modus? udp oder tcp".into()),
    };
    let mut o = Optionen {
        modus,
        von: adresse("--von", STANDARD_VON)?,
        nach: adresse("--nach", nach)?,
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
    // Optionen des anderen Modus wären wirkungslos: lieber gleich sagen.
    let (fremd, name_modus) = match modus {
        Modus::Udp => (NUR_TCP, "udp"),
        Modus::Tcp => (NUR_UDP, "tcp"),
    };
    let mut rest = args[1..].iter();
    while let Some(name) = rest.next() {
        let n = name.as_str();
        if fremd.contains(&n) {
            return Err(format!(
                "Die Option {n} gibt es im Modus {name_modus} nicht"
            ));
        }
        let wert = rest
            .next()
            .ok_or_else(|| format!("Nach {name:?} fehlt ein Wert"))?;
        match n {
            "--von" => o.von = adresse(n, wert)?,
            "--nach" => o.nach = adresse(n, wert)?,
            "--seed" => o.seed = zahl(n, wert, 0)?,
            "--verzoegerung" => o.verzoegerung = dauer(n, wert, Duration::ZERO, MAX_WARTEN)?,
            "--verlust" => o.verlust = anteil(n, wert)?,
            "--doppelt" => o.doppelt = anteil(n, wert)?,
            "--vertauschen" => o.vertauschen = anteil(n, wert)?,
            "--anzahl" => o.anzahl = Some(zahl(n, wert, 1)?),
            "--leerlauf" => o.leerlauf = dauer(n, wert, MIN_LEERLAUF, MAX_LEERLAUF)?,
            "--stueckchen" => o.stueckchen = bereich(n, wert)?,
            "--pause" => o.pause = dauer(n, wert, Duration::ZERO, MAX_WARTEN)?,
            "--abbruch-nach" => o.abbruch_nach = Some(zahl(n, wert, 1)?),
            _ => return Err(format!("Unbekannte Option {name:?}")),
        }
    }
    Ok(Some(o))
}

/// Die Meldung für einen Wert außerhalb des Erlaubten. `{wert:?}` zeigt
/// Steuerzeichen als `\u{1b}` statt sie ans Terminal zu schicken.
fn ungueltig(name: &str, wert: &str, erlaubt: &str) -> String {
    format!("Ungültiger Wert {wert:?} für {name}: erlaubt ist {erlaubt}")
}

fn adresse(name: &str, text: &str) -> Result<SocketAddr, String> {
    let erlaubt = "eine Adresse mit Port, etwa 127.0.0.1:6100";
    text.to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| ungueltig(name, text, erlaubt))
}

fn zahl(name: &str, text: &str, min: u64) -> Result<u64, String> {
    text.parse()
        .ok()
        .filter(|&n| n >= min)
        .ok_or_else(|| ungueltig(name, text, &format!("eine ganze Zahl ab {min}")))
}

fn anteil(name: &str, text: &str) -> Result<f64, String> {
    // NaN liegt in keinem Bereich, `contains` lehnt es also ab.
    text.parse()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| ungueltig(name, text, "eine Wahrscheinlichkeit von 0 bis 1, etwa 0.2"))
}

// ANCHOR: dauer
/// Eine Dauer wie `50ms`, `1.5s` oder `0`, nur von `min` bis `max`.
fn dauer(name: &str, text: &str, min: Duration, max: Duration) -> Result<Duration, String> {
    let gelesen = if let Some(ms) = text.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else if let Some(s) = text.strip_suffix('s') {
        // try_from_secs_f64 lehnt negative, unendliche, NaN und zu große Werte
        // mit einem Fehler ab; from_secs_f64 geriete dabei in Panik.
        let s: Option<f64> = s.parse().ok();
        s.and_then(|s| Duration::try_from_secs_f64(s).ok())
    } else {
        (text == "0").then_some(Duration::ZERO)
    };
    let zeige = |d: Duration| {
        if d.is_zero() {
            "0".into()
        } else {
            format!("{d:?}")
        }
    };
    let erlaubt = format!(
        "eine Dauer von {} bis {}, etwa 50ms oder 2s",
        zeige(min),
        zeige(max)
    );
    gelesen
        .filter(|d| (min..=max).contains(d))
        .ok_or_else(|| ungueltig(name, text, &erlaubt))
}
// ANCHOR_END: dauer

/// `N` oder `A-B` mit 1 ≤ A ≤ B ≤ 4096.
fn bereich(name: &str, text: &str) -> Result<(usize, usize), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    match (a.parse(), b.parse()) {
        (Ok(a), Ok(b)) if 1 <= a && a <= b && b <= MAX_STUECKCHEN => Ok((a, b)),
        _ => Err(ungueltig(name, text, "N oder A-B mit 1 ≤ A ≤ B ≤ 4096")),
    }
}

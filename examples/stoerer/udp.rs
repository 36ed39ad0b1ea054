//! Teil des Störsenders: der UDP-Modus (`cargo run --example stoerer -- udp …`).
//! Er verwirft, verdoppelt, vertauscht und verzögert Datagramme auf dem Weg
//! zum Server und gibt die Antworten des Servers ungestört zurück.
//!
//! Jeder Client bekommt einen eigenen Socket zum Server (wie ein NAT-Router
//! eine eigene Portzuordnung): Der Server antwortet an diesen Socket, und der
//! Störsender weiß dadurch, wem die Antwort gehört. Beides ist begrenzt: höchstens
//! [`MAX_CLIENTS`] Zuordnungen (siehe `udp_zuordnung.rs`) und
//! [`MAX_WARTESCHLANGE`] Bytes in der Warteschlange.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::befehlszeile::Optionen;
use crate::gemeinsam::{Zufall, bind_fehler, vorschau};
use crate::udp_zuordnung::{MAX_CLIENTS, ZUORDNUNG_FRIST, Zuordnung, ist_harmlos, zuordnung};

/// Größtes mögliches UDP-Datagramm: So geht beim Empfang nie etwas verloren.
pub const MAX_DATAGRAMM: usize = 65_536;
/// Höchstens so viele Bytes warten auf ihren Termin (2 MiB), die Verwaltung
/// jedes Eintrags mitgezählt: Auch leere Datagramme füllen sie also. Was nicht
/// mehr passt, verwirft der Störsender – wie ein Router mit voller Warteschlange.
const MAX_WARTESCHLANGE: usize = 2 * 1024 * 1024;

/// Ein Datagramm, das zu einer bestimmten Zeit an den Server geht.
struct Geplant {
    faellig: Instant,
    ausgang: Arc<UdpSocket>,
    daten: Vec<u8>,
}

/// Die Warteschlange mit ihrer Größe in Bytes.
#[derive(Default)]
struct Warteschlange {
    geplant: VecDeque<Geplant>,
    bytes: usize,
}

/// Was der Störsender gezählt hat; steht am Ende in der Bilanz.
#[derive(Default)]
struct Zaehler {
    nummer: u64,
    verworfen: u64,
    verdoppelt: u64,
    vertauscht: u64,
    uebergelaufen: u64,
    gesendet: u64,
}

// ANCHOR: udp
pub fn udp(o: &Optionen) -> anyhow::Result<()> {
    let eingang = UdpSocket::bind(o.von).map_err(|e| bind_fehler(e, o.von))?;
    zeile!("Störsender (UDP) lauscht auf {}", eingang.local_addr()?);
    zeile!(
        "Leite an {} weiter: Verlust {} %, doppelt {} %, vertauschen {} %, Verzögerung {} ms, Seed {}",
        o.nach,
        o.verlust * 100.0,
        o.doppelt * 100.0,
        o.vertauschen * 100.0,
        o.verzoegerung.as_millis(),
        o.seed
    );
    let mut clients: HashMap<SocketAddr, Zuordnung> = HashMap::new();
    let mut schlange = Warteschlange::default();
    let mut gehalten: Option<(u64, Geplant, u64)> = None; // (Nummer, Datagramm, wie oft)
    let mut z = Zaehler::default();
    let mut puffer = vec![0u8; MAX_DATAGRAMM];
    let mut letztes = None::<Instant>;
    while o.anzahl.is_none_or(|n| z.nummer < n) {
        // Fällige Datagramme senden, dann höchstens bis zum nächsten Termin warten.
        z.gesendet += schlange.sende_faellige(false);
        let frist =
            (schlange.geplant.front()).map(|g| g.faellig.saturating_duration_since(Instant::now()));
        let leerlauf = letztes.map(|t: Instant| o.leerlauf.saturating_sub(t.elapsed()));
        if leerlauf == Some(Duration::ZERO) {
            zeile!(
                "{} ms lang kein Datagramm mehr: Ende.",
                o.leerlauf.as_millis()
            );
            break;
        }
        let warten = [frist, leerlauf].into_iter().flatten().min();
        eingang.set_read_timeout(warten.map(|d| d.max(Duration::from_millis(1))))?;
        let (n, client) = match eingang.recv_from(&mut puffer) {
            Ok(x) => x,
            // Timeout (Unix: WouldBlock, Windows: TimedOut) oder unter Windows
            // ein ICMP „Port unerreichbar“ einer früheren Antwort: weiter.
            Err(e) if ist_harmlos(&e) => continue,
            Err(e) => return Err(e).context("recv_from() ist gescheitert"),
        };
        letztes = Some(Instant::now());
        z.nummer += 1;
        let text = format!("#{} {}", z.nummer, vorschau(&puffer[..n]));
        let Some(ausgang) = zuordnung(&mut clients, client, &eingang, o.nach) else {
            zeile!(
                "{text} verworfen: schon {MAX_CLIENTS} Clients, keiner {ZUORDNUNG_FRIST:?} still"
            );
            z.uebergelaufen += 1;
            continue;
        };
        // Drei Würfe je Datagramm, immer in derselben Reihenfolge.
        let mut wurf = Zufall::fuer(o.seed, 0, z.nummer);
        let (weg, doppelt, tauschen) = (
            wurf.trifft(o.verlust),
            wurf.trifft(o.doppelt),
            wurf.trifft(o.vertauschen),
        );
        if weg {
            z.verworfen += 1;
            zeile!("{text} verworfen");
            continue;
        }
        let mal = if doppelt { 2 } else { 1 };
        let faellig = Instant::now() + o.verzoegerung;
        let g = Geplant {
            faellig,
            ausgang,
            daten: puffer[..n].to_vec(),
        };
        if tauschen && gehalten.is_none() {
            let auch = if doppelt { " und verdoppelt" } else { "" };
            zeile!("{text} zurückgehalten{auch}, kommt nach dem nächsten weitergeleiteten");
            z.verdoppelt += mal - 1;
            gehalten = Some((z.nummer, g, mal));
            continue;
        }
        if !schlange.plane(g, mal) {
            zeile!("{text} verworfen: Warteschlange voll ({MAX_WARTESCHLANGE} Bytes)");
            z.uebergelaufen += 1;
            continue;
        }
        z.verdoppelt += mal - 1;
        let was = if doppelt {
            "verdoppelt"
        } else {
            "weitergeleitet"
        };
        match gehalten.take() {
            Some((alt, g, alt_mal)) => {
                z.vertauscht += 1;
                let voll = if schlange.plane(Geplant { faellig, ..g }, alt_mal) {
                    ""
                } else {
                    z.uebergelaufen += 1;
                    " (verworfen: Warteschlange voll)"
                };
                zeile!("{text} {was}, danach #{alt}{voll}");
            }
            None => zeile!("{text} {was}"),
        }
    }
    // Ein Zurückgehaltenes ohne Nachfolger kommt zum Schluss doch noch an.
    if let Some((alt, g, mal)) = gehalten.take() {
        zeile!("#{alt} zum Schluss nachgesendet");
        schlange.plane(
            Geplant {
                faellig: Instant::now() + o.verzoegerung,
                ..g
            },
            mal,
        );
    }
    z.gesendet += schlange.sende_faellige(true);
    let voll = match z.uebergelaufen {
        0 => String::new(),
        u => format!(", {u} wegen Überfüllung verworfen"),
    };
    zeile!(
        "Bilanz: {} Datagramme, {} verworfen, {} verdoppelt, {} vertauscht; {} an den Server gesendet{voll}",
        z.nummer,
        z.verworfen,
        z.verdoppelt,
        z.vertauscht,
        z.gesendet
    );
    Ok(())
}
// ANCHOR_END: udp

impl Geplant {
    /// Was ein Eintrag im Speicher belegt: die Daten und der Eintrag selbst.
    fn groesse(&self) -> usize {
        self.daten.len() + std::mem::size_of::<Geplant>()
    }
}

impl Warteschlange {
    /// Stellt ein Datagramm `mal`-mal ein; `false`, wenn es nicht mehr passt.
    fn plane(&mut self, g: Geplant, mal: u64) -> bool {
        let groesse = g.groesse() * mal as usize;
        if self.bytes + groesse > MAX_WARTESCHLANGE {
            return false;
        }
        self.bytes += groesse;
        for _ in 1..mal {
            self.geplant.push_back(Geplant {
                daten: g.daten.clone(),
                ausgang: Arc::clone(&g.ausgang),
                ..g
            });
        }
        self.geplant.push_back(g);
        true
    }

    /// Sendet alles, was fällig ist (mit `alle` auch den Rest, nach Wartezeit).
    fn sende_faellige(&mut self, alle: bool) -> u64 {
        let mut gesendet = 0;
        while let Some(g) = self.geplant.front() {
            let rest = g.faellig.saturating_duration_since(Instant::now());
            if !rest.is_zero() {
                if !alle {
                    break;
                }
                thread::sleep(rest);
            }
            match g.ausgang.send(&g.daten) {
                Ok(_) => gesendet += 1,
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => zeile!(
                    "Hinweis: Beim Server lauscht niemand (ICMP „Port unerreichbar“). Läuft er?"
                ),
                Err(e) => zeile!("Senden an den Server gescheitert: {e}"),
            }
            self.bytes -= g.groesse();
            self.geplant.pop_front();
        }
        gesendet
    }
}

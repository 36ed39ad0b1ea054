//! Aufgabe 07 „Port-Scanner mit Timeout“ (Timeouts).
//!
//! Erwartungshorizont: Aufruf `HOST ERSTER LETZTER`. Erste Zeile
//! `Scanne HOST von ERSTER bis LETZTER`. Für jeden Port der Reihe nach
//! connect_timeout mit 300 ms: Erfolg → `PORT offen`, Timeout (WouldBlock
//! oder TimedOut) → `PORT keine Antwort`, Ablehnung → keine Zeile. Zum Schluss
//! `Fertig: N offen, M ohne Antwort`, Exit-Code 0. Falsche Argumente:
//! Meldung auf stderr, Exit-Code ungleich 0.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, StillerPort, Urteil, dauer, falsch, kein_stiller_port, stiller_port,
    zufall,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "07",
    kurz: "portscanner",
    titel: "Port-Scanner mit Timeout",
    kapitel: "Timeouts",
    minuten: 35,
    art: "Client",
    starter: "aufgabe_07_portscanner",
    python_starter: Some("aufgabe_07_portscanner.py"),
    loesungen: &[
        Loesung::Rust("loesung_07_portscanner"),
        Loesung::Python("loesung_07_portscanner.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_07_ohne_timeout",
            schritt: "Ein stiller Port bremst nicht",
            grund: "connect_timeout",
        },
        Variante {
            name: "falsch_07_timeout_1s",
            schritt: "Wartet je Port höchstens 300 ms",
            grund: "300 ms",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Findet die offenen Ports",
            lauf: |ctx| scanne(ctx, false),
        },
        Schritt {
            name: "Ein stiller Port bremst nicht",
            lauf: |ctx| scanne(ctx, true),
        },
        Schritt {
            name: "Wartet je Port höchstens 300 ms",
            lauf: stille_zuerst,
        },
        Schritt {
            name: "Lehnt falsche Angaben ab",
            lauf: |ctx| {
                ctx.starte(&["127.0.0.1", "9000", "8000"], &[])?
                    .erwarte_fehlerende(ctx.frist)
                    .vorn("Aufruf mit ERSTER > LETZTER:")?;
                ctx.starte(&["127.0.0.1", "neun", "10"], &[])?
                    .erwarte_fehlerende(ctx.frist)
                    .vorn("Aufruf mit „neun“ als Port:")
            },
        },
    ],
};

/// Ports im Block: offen auf +2 und +5, still auf +7 (wenn gewünscht).
struct Block {
    anfang: u16,
    _offen: Vec<TcpListener>,
    _still: Option<StillerPort>,
    /// Was der Prüfer selbst an jedem Port sieht: Some(true) offen,
    /// Some(false) keine Antwort, None geschlossen.
    wahrheit: BTreeMap<u16, Option<bool>>,
}

const LAENGE: u16 = 10;

fn baue_block(mit_still: bool) -> Result<Block, Fehlschlag> {
    for _ in 0..50 {
        // Unterhalb der ephemeren Ports (Linux ab 32768), damit keine
        // fremden Verbindungen dazwischenfunken.
        let anfang = 20000 + (zufall(1200) as u16) * LAENGE;
        let mut offen = Vec::new();
        let mut ok = true;
        for d in [2u16, 5] {
            match TcpListener::bind(("127.0.0.1", anfang + d)) {
                Ok(l) => offen.push(l),
                Err(_) => ok = false,
            }
        }
        if !ok {
            continue;
        }
        let still = if mit_still {
            match stiller_port(anfang + 7) {
                Some(s) => Some(s),
                None => {
                    if stiller_port(0).is_none() {
                        return Err(kein_stiller_port());
                    }
                    continue;
                }
            }
        } else {
            None
        };
        let mut wahrheit = BTreeMap::new();
        for p in anfang..anfang + LAENGE {
            let a = SocketAddr::from(([127, 0, 0, 1], p));
            let w = match TcpStream::connect_timeout(&a, Duration::from_millis(200)) {
                Ok(_) => Some(true),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                    ) =>
                {
                    Some(false)
                }
                Err(_) => None,
            };
            wahrheit.insert(p, w);
        }
        return Ok(Block {
            anfang,
            _offen: offen,
            _still: still,
            wahrheit,
        });
    }
    falsch("Der Prüfer findet keinen freien Block von 10 Ports.")
}

fn scanne(ctx: &Ctx, mit_still: bool) -> Urteil {
    let block = baue_block(mit_still)?;
    let (erster, letzter) = (block.anfang, block.anfang + LAENGE - 1);
    let start = Instant::now();
    let mut k = ctx.starte(
        &["127.0.0.1", &erster.to_string(), &letzter.to_string()],
        &[],
    )?;
    k.erwarte_zeile(&format!("Scanne 127.0.0.1 von {erster} bis {letzter}"))?;
    // 10 Ports zu je höchstens 300 ms plus Spielraum für langsame Rechner.
    let grenze = Duration::from_millis(3000) + ctx.frist;
    let status = k.ende_in(grenze).tipp(
        "Ein stiller Port beantwortet das SYN nie; connect() ohne Timeout wartet dann minutenlang. \
         Nutze TcpStream::connect_timeout (bzw. settimeout in Python).",
    )?;
    if !status.success() {
        return falsch(format!(
            "Der Scanner endete mit {status} statt mit Exit-Code 0.{}",
            k.stderr_hinweis()
        ));
    }
    let mut erwartet = Vec::new();
    let (mut offen, mut still) = (0, 0);
    for (p, w) in &block.wahrheit {
        match w {
            Some(true) => {
                offen += 1;
                erwartet.push(format!("{p} offen"));
            }
            Some(false) => {
                still += 1;
                erwartet.push(format!("{p} keine Antwort"));
            }
            None => {}
        }
    }
    erwartet.push(format!("Fertig: {offen} offen, {still} ohne Antwort"));
    let zeilen: Vec<String> = k.alle_zeilen().into_iter().skip(1).collect();
    if zeilen != erwartet {
        return falsch(format!(
            "Erwartet war die Ausgabe {erwartet:?}, gekommen ist {zeilen:?}. Abgelehnte Ports \
             (ConnectionRefused) erscheinen nicht; Timeouts heißen „keine Antwort“."
        ));
    }
    let _ = start;
    Ok(())
}

/// So viele stille Ports stehen in [`stille_zuerst`] am Anfang des Blocks.
const STILLE: u16 = 6;

/// Sechs stille Ports gleich am Anfang, dahinter ein offener: Mit 300 ms je
/// Port braucht der Scan 1,8 s. Wer länger wartet (500 ms: 3 s, 1 s: 6 s),
/// fällt auf.
fn stille_zuerst(ctx: &Ctx) -> Urteil {
    let (anfang, _offen, _still) = baue_stille_zuerst()?;
    let (erster, letzter) = (anfang, anfang + LAENGE - 1);
    let start = Instant::now();
    let mut k = ctx.starte(
        &["127.0.0.1", &erster.to_string(), &letzter.to_string()],
        &[],
    )?;
    let grenze = Duration::from_millis(300) * u32::from(STILLE) + Duration::from_millis(900);
    let status = k.ende_in(grenze + ctx.frist).tipp(
        "Mit 300 ms je Port wäre der Scan längst fertig. Ist dein Timeout länger als 300 ms?",
    )?;
    let gebraucht = start.elapsed();
    if !status.success() {
        return falsch(format!(
            "Der Scanner endete mit {status} statt mit Exit-Code 0.{}",
            k.stderr_hinweis()
        ));
    }
    let mut erwartet: Vec<String> = (anfang..anfang + STILLE)
        .map(|p| format!("{p} keine Antwort"))
        .collect();
    erwartet.push(format!("{} offen", anfang + STILLE + 1));
    erwartet.push(format!("Fertig: 1 offen, {STILLE} ohne Antwort"));
    let zeilen: Vec<String> = k.alle_zeilen().into_iter().skip(1).collect();
    if zeilen != erwartet {
        return falsch(format!(
            "Erwartet war die Ausgabe {erwartet:?}, gekommen ist {zeilen:?}."
        ));
    }
    if gebraucht > grenze {
        return falsch(format!(
            "{STILLE} stille Ports hintereinander dauerten {}; mit 300 ms je Port wären es \
             höchstens {} (samt Spielraum). Ist dein Timeout länger als 300 ms?",
            dauer(gebraucht),
            dauer(grenze)
        ));
    }
    Ok(())
}

/// Ein Block von 10 Ports: still auf +0 bis +5, offen auf +7.
fn baue_stille_zuerst() -> Result<(u16, TcpListener, Vec<StillerPort>), Fehlschlag> {
    'suche: for _ in 0..50 {
        let anfang = 20000 + (zufall(1200) as u16) * LAENGE;
        let Ok(offen) = TcpListener::bind(("127.0.0.1", anfang + STILLE + 1)) else {
            continue;
        };
        let mut still = Vec::new();
        for p in anfang..anfang + STILLE {
            match stiller_port(p) {
                Some(s) => still.push(s),
                None if stiller_port(0).is_none() => return Err(kein_stiller_port()),
                None => continue 'suche,
            }
        }
        // Die übrigen Ports des Blocks müssen zu sein.
        for p in (anfang + STILLE..anfang + LAENGE).filter(|&p| p != anfang + STILLE + 1) {
            let a = SocketAddr::from(([127, 0, 0, 1], p));
            if TcpStream::connect_timeout(&a, Duration::from_millis(200)).is_ok() {
                continue 'suche;
            }
        }
        return Ok((anfang, offen, still));
    }
    falsch("Der Prüfer findet keinen freien Block von 10 Ports.")
}

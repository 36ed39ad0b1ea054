//! Aufgabe 11 „Zählen bis zum Halbschluss“ (Die Socket-Methoden im Überblick).
//!
//! Erwartungshorizont: Für jede Verbindung gibt der Server
//! `Verbindung von ADRESSE` (peer_addr) auf stdout aus und liest, bis der
//! Client seine Senderichtung schließt (shutdown(Write) → read liefert 0).
//! Erst dann antwortet er `ZEILEN n BYTES m\n` (n = Anzahl `\n`, m = Anzahl
//! Bytes) und schließt. Er antwortet nie früher.

use std::time::Duration;

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Urteil, falsch, zeig};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "11",
    kurz: "halbschluss",
    titel: "Zählen bis zum Halbschluss",
    kapitel: "Die Socket-Methoden im Überblick",
    minuten: 30,
    art: "Server",
    starter: "aufgabe_11_halbschluss",
    python_starter: Some("aufgabe_11_halbschluss.py"),
    loesungen: &[
        Loesung::Rust("loesung_11_halbschluss"),
        Loesung::Python("loesung_11_halbschluss.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_11_ein_read",
            schritt: "Antwortet erst nach dem Ende",
            grund: "shutdown(Write)",
        },
        Variante {
            name: "falsch_11_nur_einer",
            schritt: "Bleibt für weitere Clients da",
            grund: "Client 2",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Zählt nach dem Halbschluss",
            lauf: |ctx| zaehle(ctx, b"a\nbb\nccc", 1000),
        },
        Schritt {
            name: "Ohne Daten",
            lauf: |ctx| zaehle(ctx, b"", 1000),
        },
        Schritt {
            name: "Antwortet erst nach dem Ende",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"erste Zeile\n")?;
                if let Some(frueh) = v.kommt_noch_etwas(Duration::from_millis(400)) {
                    return falsch(format!(
                        "Der Server antwortete schon {} , bevor der Client fertig war. Lies, bis \
                         read() 0 Bytes liefert – erst dann hat der Client shutdown(Write) \
                         aufgerufen.",
                        zeig(&frueh)
                    ));
                }
                v.sende(b"zweite Zeile\n")?;
                v.schliesse_schreiben();
                v.erwarte_zeile("ZEILEN 2 BYTES 25")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Viele Daten in Stücken",
            lauf: |ctx| {
                let mut daten = Vec::new();
                let mut i = 0u32;
                while daten.len() < 200_000 {
                    daten.extend_from_slice(format!("Zeile {i} mit etwas Text äöü\n").as_bytes());
                    i += 1;
                }
                zaehle(ctx, &daten, 997)
            },
        },
        Schritt {
            name: "Bleibt für weitere Clients da",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                for (i, daten) in [&b"eins\n"[..], b"", b"a\r\nb\r\n"].into_iter().enumerate() {
                    let mut v = ctx.verbinde(a).vorn(&format!(
                        "Client {}: Ein Server bleibt für den nächsten da.",
                        i + 1
                    ))?;
                    v.sende(daten)?;
                    v.schliesse_schreiben();
                    let zeilen = daten.iter().filter(|&&b| b == b'\n').count();
                    v.erwarte_zeile(&format!("ZEILEN {zeilen} BYTES {}", daten.len()))
                        .vorn(&format!("Client {}:", i + 1))?;
                    v.erwarte_ende()?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Nennt die Adresse des Clients",
            lauf: |ctx| {
                let (mut s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                let ich = v.lokale_adresse();
                v.schliesse_schreiben();
                v.zeile()?;
                let erwartet = format!("Verbindung von {ich}");
                for _ in 0..5 {
                    if s.zeile()? == erwartet {
                        return Ok(());
                    }
                }
                falsch(format!(
                    "Auf stdout fehlt die Zeile {erwartet:?}. Die Adresse liefert peer_addr() \
                     (Python: getpeername()). Ausgabe: {:?}",
                    s.alle_zeilen()
                ))
            },
        },
    ],
};

fn zaehle(ctx: &Ctx, daten: &[u8], stueck: usize) -> Urteil {
    let (_s, a) = ctx.server(&[], &[])?;
    let mut v = ctx.verbinde(a)?;
    for (i, teil) in daten.chunks(stueck).enumerate() {
        v.sende(teil)?;
        if i % 16 == 15 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    v.schliesse_schreiben();
    let zeilen = daten.iter().filter(|&&b| b == b'\n').count();
    v.erwarte_zeile(&format!("ZEILEN {zeilen} BYTES {}", daten.len()))
        .tipp("Zähle über alle read()-Aufrufe bis zum Ende, nicht nur den ersten.")?;
    v.erwarte_ende()
}

//! Aufgabe 13 „Zeilensicherer Chat“ (Gruppenchat, Threads, Polling).
//!
//! Erwartungshorizont: Der Server bedient viele Clients gleichzeitig
//! (Thread je Client mit geteilter Liste, oder Polling). Nach dem Anmelden
//! bekommt ein Client `Willkommen ADRESSE\n` (seine Adresse). Jede nicht
//! leere Zeile eines Clients (höchstens 256 Bytes ohne `\n`, ein `\r` am
//! Ende fällt weg, ungültiges UTF-8 wird zu U+FFFD) geht als
//! `ADRESSE: TEXT\n` an alle anderen, nicht an den Absender. Eine zu lange
//! Zeile bekommt `! Zeile zu lang\n`, dann wird nur dieser Client getrennt.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Verbindung, falsch, zeig};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "13",
    kurz: "chat",
    titel: "Zeilensicherer Chat",
    kapitel: "Gruppenchat, Threads und Polling",
    minuten: 60,
    art: "Server",
    starter: "aufgabe_13_chat",
    python_starter: Some("aufgabe_13_chat.py"),
    loesungen: &[
        Loesung::Rust("loesung_13_chat"),
        Loesung::Python("loesung_13_chat.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_13_ohne_grenze",
            schritt: "Lehnt eine zu lange Zeile ab",
            grund: "take",
        },
        Variante {
            name: "falsch_13_um_eins",
            schritt: "Grenze genau 256 Bytes",
            grund: "genau 256",
        },
        Variante {
            name: "falsch_13_erst_lesen",
            schritt: "Zu lange Zeile ohne \\n",
            grund: "ohne \\n",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Begrüßt mit der eigenen Adresse",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                teilnehmer(ctx, a).map(|_| ())
            },
        },
        Schritt {
            name: "Nachricht an alle anderen",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y, mut z) = (
                    teilnehmer(ctx, a)?,
                    teilnehmer(ctx, a)?,
                    teilnehmer(ctx, a)?,
                );
                x.1.sende(b"Hallo\n")?;
                y.1.erwarte_zeile(&format!("{}: Hallo", x.0))
                    .vorn("Zweiter Client:")?;
                z.1.erwarte_zeile(&format!("{}: Hallo", x.0))
                    .vorn("Dritter Client:")?;
                z.1.sende(b"ping\n")?;
                x.1.erwarte_zeile(&format!("{}: ping", z.0))
                    .vorn("Erster Client:")
                    .tipp("Der Absender bekommt seine eigene Nachricht nicht zurück.")
            },
        },
        Schritt {
            name: "Zeile kommt in Stücken",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y) = (teilnehmer(ctx, a)?, teilnehmer(ctx, a)?);
                x.1.sende_stueckweise("Grüße\n".as_bytes(), 2, Duration::from_millis(40))?;
                y.1.erwarte_zeile(&format!("{}: Grüße", x.0))
            },
        },
        Schritt {
            name: "Zwei Zeilen in einem Paket",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y) = (teilnehmer(ctx, a)?, teilnehmer(ctx, a)?);
                x.1.sende(b"eins\n\nzwei\r\n")?;
                y.1.erwarte_zeile(&format!("{}: eins", x.0))?;
                y.1.erwarte_zeile(&format!("{}: zwei", x.0))
                    .tipp("Leere Zeilen fallen weg, ein \\r am Ende auch.")
            },
        },
        Schritt {
            name: "Ungültiges UTF-8",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y) = (teilnehmer(ctx, a)?, teilnehmer(ctx, a)?);
                x.1.sende(b"\xffok\n")?;
                y.1.erwarte_zeile(&format!("{}: \u{fffd}ok", x.0))
            },
        },
        Schritt {
            name: "Lehnt eine zu lange Zeile ab",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y, mut z) = (
                    teilnehmer(ctx, a)?,
                    teilnehmer(ctx, a)?,
                    teilnehmer(ctx, a)?,
                );
                let mut lang = vec![b'x'; 1000];
                lang.push(b'\n');
                x.1.sende(&lang)?;
                x.1.erwarte_zeile("! Zeile zu lang").tipp(
                    "Lies höchstens 257 Bytes pro Zeile (take) und prüfe, ob das \\n dabei war.",
                )?;
                x.1.erwarte_ende()?;
                y.1.sende(b"noch da\n")?;
                z.1.erwarte_zeile(&format!("{}: noch da", y.0))
                    .vorn("Danach, unter den anderen:")
            },
        },
        Schritt {
            name: "Grenze genau 256 Bytes",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let (mut x, mut y) = (teilnehmer(ctx, a)?, teilnehmer(ctx, a)?);
                let genau = "g".repeat(256);
                x.1.sende(format!("  {}\r\n", &genau[2..]).as_bytes())?;
                y.1.erwarte_zeile(&format!("{}:   {}", x.0, &genau[2..]))
                    .tipp(
                        "Eine Zeile mit genau 256 Bytes (ohne \\r\\n) ist erlaubt; Leerzeichen am \
                         Anfang bleiben stehen.",
                    )
                    .vorn("Zeile mit genau 256 Bytes:")?;
                x.1.sende(format!("{genau}g\n").as_bytes())?;
                x.1.erwarte_zeile("! Zeile zu lang")
                    .vorn("Zeile mit 257 Bytes:")?;
                x.1.erwarte_ende()
            },
        },
        Schritt {
            name: "Zu lange Zeile ohne \\n",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut x = teilnehmer(ctx, a)?;
                let antwort = ohne_zeilenende(&mut x.1, 256)?;
                if !antwort.starts_with(b"! Zeile zu lang\n") {
                    return falsch(format!(
                        "Erwartet war „! Zeile zu lang“, gekommen ist {}.",
                        zeig(&antwort)
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Zehn Clients gleichzeitig",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut alle = Vec::new();
                for _ in 0..10 {
                    alle.push(teilnehmer(ctx, a)?);
                }
                for (ich, v) in alle.iter_mut() {
                    v.sende(format!("von {}\n", ich.port()).as_bytes())?;
                }
                for (i, (ich, v)) in alle.iter_mut().enumerate() {
                    let mut bekommen = BTreeSet::new();
                    for _ in 0..9 {
                        bekommen.insert(v.zeile().vorn(&format!("Client {}:", i + 1))?);
                    }
                    if bekommen.iter().any(|z| z.starts_with(&format!("{ich}: "))) {
                        return falsch("Ein Client bekam seine eigene Nachricht zurück.");
                    }
                }
                Ok(())
            },
        },
        Schritt {
            name: "Ein Client verschwindet, die anderen bleiben",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let x = teilnehmer(ctx, a)?;
                let (mut y, mut z) = (teilnehmer(ctx, a)?, teilnehmer(ctx, a)?);
                drop(x);
                std::thread::sleep(Duration::from_millis(100));
                for i in 0..3 {
                    y.1.sende(format!("Runde {i}\n").as_bytes())?;
                    z.1.erwarte_zeile(&format!("{}: Runde {i}", y.0)).tipp(
                        "Scheitert das Senden an einen verschwundenen Client, entferne ihn aus der \
                         Liste und mach mit den anderen weiter.",
                    )?;
                }
                Ok(())
            },
        },
    ],
};

/// Verbindet sich und wartet auf `Willkommen ADRESSE`.
fn teilnehmer(ctx: &Ctx, a: SocketAddr) -> Result<(SocketAddr, Verbindung), Fehlschlag> {
    let mut v = ctx.verbinde(a)?;
    let ich = v.lokale_adresse();
    v.erwarte_zeile(&format!("Willkommen {ich}"))
        .tipp("Schicke die Begrüßung, sobald der Client in der Liste steht.")?;
    Ok((ich, v))
}

/// Schickt `x` ohne `\n` in Stücken zu 4 KiB, bis der Server antwortet. Wer
/// erst die ganze Zeile liest und dann ihre Länge prüft, antwortet nie: ✗,
/// sobald `grenze` + 64 KiB unterwegs sind.
fn ohne_zeilenende(v: &mut Verbindung, grenze: usize) -> Result<Vec<u8>, Fehlschlag> {
    let stueck = [b'x'; 4096];
    let mut gesendet = 0;
    while gesendet <= grenze + 64 * 1024 {
        if std::io::Write::write_all(&mut v.strom, &stueck).is_err() {
            break; // Der Server hat geschlossen; seine Antwort liegt vielleicht schon da.
        }
        gesendet += stueck.len();
        if gesendet > grenze
            && let Some(antwort) = v.kommt_noch_etwas(Duration::from_millis(50))
        {
            return Ok(antwort);
        }
    }
    v.kommt_noch_etwas(Duration::from_millis(500)).ok_or_else(|| {
        Fehlschlag::Falsch(format!(
            "Nach {gesendet} Bytes ohne \\n kam keine Antwort. Lies höchstens {} Bytes je Zeile \
             ({}) und antworte, sobald die Grenze erreicht ist – nicht erst am Zeilenende.",
            grenze + 1,
            crate::werkzeug::sprich("take(…) vor read_until", "readline(grenze)")
        ))
    })
}

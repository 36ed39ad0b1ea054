//! Aufgabe 04 „UDP-Zeitansage“ (UDP).
//!
//! Erwartungshorizont: Der Server bindet einen UDP-Socket, meldet
//! `Server lauscht auf ADRESSE` und beantwortet jedes Datagramm an dessen
//! Absender (Adresse aus recv_from): `ZEIT` (ein `\n` am Ende ist erlaubt)
//! mit `ZEIT <Unix-Sekunden>`, alles andere mit `FEHLER unbekannte Anfrage` –
//! außer leeren Datagrammen und Antworten (`ZEIT …`, `FEHLER…`): Die bleiben
//! ohne Antwort, sonst schaukeln sich zwei Server gegenseitig auf. Ein
//! übergroßes Datagramm bringt ihn nicht aus dem Tritt.

use std::net::{SocketAddr, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

use super::a01_portansage::{Art, eigene_adresse};
use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Urteil, falsch, nur_loopback, udp_empfange, udp_socket, zeig,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "04",
    kurz: "zeitansage",
    titel: "UDP-Zeitansage",
    kapitel: "UDP",
    minuten: 25,
    art: "Server",
    starter: "aufgabe_04_zeitansage",
    python_starter: Some("aufgabe_04_zeitansage.py"),
    loesungen: &[
        Loesung::Rust("loesung_04_zeitansage"),
        Loesung::Python("loesung_04_zeitansage.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_04_erster_absender",
            schritt: "Antwortet jedem Absender",
            grund: "kam beim ersten an",
        },
        Variante {
            name: "falsch_04_antwortet_allem",
            schritt: "Leeres Datagramm bleibt ohne Antwort",
            grund: "leere Datagramm",
        },
        Variante {
            name: "falsch_04_antwortet_antworten",
            schritt: "Antworten bleiben ohne Antwort",
            grund: "aufschaukeln",
        },
        Variante {
            name: "falsch_04_zeit_anfang",
            schritt: "Nur genau ZEIT",
            grund: "ZEITUNG",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Startet und meldet seine Adresse",
            lauf: |ctx| ctx.server(&[], &[]).map(|_| ()),
        },
        Schritt {
            name: "Lauscht nur auf Loopback",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                nur_loopback(a, true)
            },
        },
        Schritt {
            name: "Sagt die Zeit an",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                zeit(ctx, &s, a, b"ZEIT")?;
                zeit(ctx, &s, a, b"ZEIT\n").vorn("Mit \\n am Ende:")
            },
        },
        Schritt {
            name: "Antwortet jedem Absender",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let erster = udp_socket(ctx.frist)?;
                let zweiter = udp_socket(ctx.frist)?;
                zeit(ctx, &erster, a, b"ZEIT").vorn("Erster Client:")?;
                zweiter
                    .send_to(b"ZEIT", a)
                    .map_err(|e| format!("Senden: {e}"))?;
                if let Err(f) = udp_empfange(&zweiter, ctx.frist, "ZEIT vom zweiten Client") {
                    erster
                        .set_read_timeout(Some(std::time::Duration::from_millis(200)))
                        .ok();
                    let mut p = [0u8; 512];
                    if erster.recv_from(&mut p).is_ok() {
                        return falsch(
                            "Die Antwort auf die Anfrage des zweiten Clients kam beim ersten an. \
                             Antworte an die Adresse, die recv_from für genau diese Anfrage \
                             geliefert hat.",
                        );
                    }
                    return Err(f);
                }
                Ok(())
            },
        },
        Schritt {
            name: "Unbekannte Anfrage",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                fehler(ctx, &s, a, b"HALLO")?;
                fehler(ctx, &s, a, b"zeit").vorn("Kleingeschrieben:")?;
                zeit(ctx, &s, a, b"ZEIT").vorn("Danach:")
            },
        },
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| eigene_adresse(ctx, Art::Udp, &[]),
        },
        Schritt {
            name: "Nur genau ZEIT",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                for anfrage in [&b"ZEITUNG"[..], b"ZEIT\n\n", b" ZEIT"] {
                    fehler(ctx, &s, a, anfrage).tipp(
                        "Nur genau ZEIT (mit höchstens einem \\n dahinter) fragt nach der Zeit.",
                    )?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Leeres Datagramm bleibt ohne Antwort",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                schweigt(ctx, &s, a, b"").tipp(
                    "Ein leeres Datagramm ist keine Anfrage (recv_from liefert 0 Bytes): \
                     beantworte es nicht.",
                )
            },
        },
        Schritt {
            name: "Antworten bleiben ohne Antwort",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                for antwort in [&b"FEHLER unbekannte Anfrage"[..], b"ZEIT 1732240000"] {
                    schweigt(ctx, &s, a, antwort).tipp(
                        "Was mit \"ZEIT \" oder \"FEHLER\" beginnt, ist selbst eine Antwort. \
                         Beantwortest du es, können sich zwei Server über ein einziges \
                         gefälschtes Datagramm endlos gegenseitig aufschaukeln.",
                    )?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Übersteht ein übergroßes Datagramm",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let s = udp_socket(ctx.frist)?;
                s.send_to(&[b'Z'; 3000], a)
                    .map_err(|e| format!("Senden: {e}"))?;
                s.send_to(b"ZEIT", a).map_err(|e| format!("Senden: {e}"))?;
                // Auf das große Datagramm darf FEHLER kommen (oder nichts).
                for _ in 0..2 {
                    let (antwort, _) = udp_empfange(&s, ctx.frist, "ZEIT nach einem 3000-Byte-Datagramm")
                        .tipp("Stürzt dein Server bei einem Datagramm ab, das größer als sein Puffer ist?")?;
                    if antwort.starts_with(b"ZEIT ") {
                        return Ok(());
                    }
                }
                falsch("Nach einem 3000-Byte-Datagramm kam keine Zeitansage mehr.")
            },
        },
    ],
};

fn jetzt() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn zeit(ctx: &Ctx, s: &UdpSocket, a: SocketAddr, anfrage: &[u8]) -> Urteil {
    s.send_to(anfrage, a).map_err(|e| format!("Senden: {e}"))?;
    let (antwort, von) = udp_empfange(s, ctx.frist, "ZEIT")?;
    if von != a {
        return falsch(format!(
            "Die Antwort kam von {von}, nicht von {a}. Antworte über denselben Socket, der die \
             Anfrage empfangen hat."
        ));
    }
    let text = String::from_utf8_lossy(&antwort);
    let Some(zahl) = text.strip_prefix("ZEIT ") else {
        return falsch(format!(
            "Erwartet war \"ZEIT <Sekunden>\", gekommen ist {}.",
            zeig(&antwort)
        ));
    };
    let Ok(sekunden) = zahl.parse::<u64>() else {
        return falsch(format!(
            "Hinter \"ZEIT \" muss eine ganze Zahl stehen (Sekunden seit 1970, ohne \\n), \
             gekommen ist {}.",
            zeig(&antwort)
        ));
    };
    if sekunden.abs_diff(jetzt()) > 5 {
        return falsch(format!(
            "Die Zeit {sekunden} weicht um mehr als 5 s von der Uhr des Prüfers ({}) ab. Sekunden \
             seit 1970 (UNIX_EPOCH), nicht Millisekunden.",
            jetzt()
        ));
    }
    Ok(())
}

fn fehler(ctx: &Ctx, s: &UdpSocket, a: SocketAddr, anfrage: &[u8]) -> Urteil {
    s.send_to(anfrage, a).map_err(|e| format!("Senden: {e}"))?;
    let (antwort, _) = udp_empfange(s, ctx.frist, &format!("die Anfrage {}", zeig(anfrage)))?;
    if antwort == b"FEHLER unbekannte Anfrage" {
        Ok(())
    } else {
        falsch(format!(
            "Auf {} erwartet war \"FEHLER unbekannte Anfrage\", gekommen ist {}.",
            zeig(anfrage),
            zeig(&antwort)
        ))
    }
}

/// Auf `anfrage` darf nichts kommen: Danach fragt der Prüfer nach der Zeit,
/// und das erste Datagramm, das ankommt, muss die Zeitansage sein.
fn schweigt(ctx: &Ctx, s: &UdpSocket, a: SocketAddr, anfrage: &[u8]) -> Urteil {
    s.send_to(anfrage, a).map_err(|e| format!("Senden: {e}"))?;
    s.send_to(b"ZEIT", a).map_err(|e| format!("Senden: {e}"))?;
    let (antwort, _) = udp_empfange(s, ctx.frist, "ZEIT")?;
    if antwort.starts_with(b"ZEIT ") {
        return Ok(());
    }
    let was = if anfrage.is_empty() {
        "das leere Datagramm".to_string()
    } else {
        zeig(anfrage)
    };
    falsch(format!(
        "Auf {was} darf keine Antwort kommen, gekommen ist {}.",
        zeig(&antwort)
    ))
}

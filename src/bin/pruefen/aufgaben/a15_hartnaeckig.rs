//! Aufgabe 15 „Hartnäckiger Client“ (Fehler behandeln und neu verbinden).
//!
//! Erwartungshorizont: Erste Zeile `Verbinde mit ADRESSE`. Nach jedem
//! Verbindungsaufbau schickt der Client `AB n\n` (n = letzte vollständig
//! empfangene Zahl, anfangs 0). Für jede Zeile `ZAHL k` gibt er `Zahl k` aus,
//! bei `ENDE` gibt er `Fertig` aus und endet mit 0. Reißt die Verbindung ab
//! (0 Bytes ohne ENDE, Fehler, Ablehnung), wartet er 100 ms, 200 ms, 400 ms …
//! (höchstens 1600 ms) und versucht es erneut; eine halbe Zeile verwirft er.
//! Nach 6 gescheiterten Versuchen in Folge: Meldung auf stderr, Exit-Code 1.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Urteil, falsch, freier_port, lies_zeile_von, nimm_an,
    pruef_listener,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "15",
    kurz: "hartnaeckig",
    titel: "Hartnäckiger Client",
    kapitel: "Fehler behandeln und neu verbinden",
    minuten: 45,
    art: "Client",
    starter: "aufgabe_15_hartnaeckig",
    python_starter: Some("aufgabe_15_hartnaeckig.py"),
    loesungen: &[
        Loesung::Rust("loesung_15_hartnaeckig"),
        Loesung::Python("loesung_15_hartnaeckig.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_15_von_vorn",
            schritt: "Nimmt nach einem Abbruch wieder auf",
            grund: "\"AB 2\"",
        },
        Variante {
            name: "falsch_15_ohne_pause",
            schritt: "Wartet zwischen den Versuchen",
            grund: "100 ms",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Ohne Abbruch",
            lauf: |ctx| {
                let (l, a) = listener()?;
                let mut k = ctx.starte(&[&a.to_string()], &[])?;
                k.erwarte_zeile(&format!("Verbinde mit {a}"))?;
                let s = verbindung(ctx, &l, &k, "AB 0")?;
                schreibe(&s, "ZAHL 1\nZAHL 2\nZAHL 3\nENDE\n")?;
                ergebnis(ctx, &mut k, 3)
            },
        },
        Schritt {
            name: "Nimmt nach einem Abbruch wieder auf",
            lauf: |ctx| {
                let (l, a) = listener()?;
                let mut k = ctx.starte(&[&a.to_string()], &[])?;
                let s = verbindung(ctx, &l, &k, "AB 0")?;
                schreibe(&s, "ZAHL 1\nZAHL 2\n")?;
                k.erwarte_zeile(&format!("Verbinde mit {a}"))?;
                zahlzeile(&mut k, "Zahl 1")?;
                zahlzeile(&mut k, "Zahl 2")?;
                drop(s);
                let s = verbindung(ctx, &l, &k, "AB 2").vorn("Nach dem Abbruch:").tipp(
                    "Merke dir die letzte empfangene Zahl und frage nach dem Neuverbinden ab ihr.",
                )?;
                schreibe(&s, "ZAHL 3\nENDE\n")?;
                zahlzeile(&mut k, "Zahl 3").vorn("Nach dem Abbruch:")?;
                ergebnis(ctx, &mut k, 3)
            },
        },
        Schritt {
            name: "Verwirft eine halbe Zeile",
            lauf: |ctx| {
                let (l, a) = listener()?;
                let mut k = ctx.starte(&[&a.to_string()], &[])?;
                let s = verbindung(ctx, &l, &k, "AB 0")?;
                schreibe(&s, "ZAHL 1\nZAH")?;
                std::thread::sleep(Duration::from_millis(50));
                drop(s);
                let s = verbindung(ctx, &l, &k, "AB 1")
                    .vorn("Nach dem Abbruch mitten in der Zeile:")?;
                schreibe(&s, "ZAHL 2\nENDE\n")?;
                ergebnis(ctx, &mut k, 2)
            },
        },
        Schritt {
            name: "Wartet auf einen Server, der später startet",
            lauf: |ctx| {
                let port = freier_port();
                let a = SocketAddr::from(([127, 0, 0, 1], port));
                let mut k = ctx.starte(&[&a.to_string()], &[])?;
                std::thread::sleep(Duration::from_millis(400));
                let l = TcpListener::bind(a)
                    .map_err(|e| format!("Prüfer kann {a} nicht binden: {e}"))?;
                let s = verbindung(ctx, &l, &k, "AB 0").tipp(
                    "Wird die Verbindung abgelehnt, warte kurz und versuche es noch einmal.",
                )?;
                schreibe(&s, "ZAHL 1\nENDE\n")?;
                ergebnis(ctx, &mut k, 1)
            },
        },
        Schritt {
            name: "Wartet zwischen den Versuchen",
            lauf: |ctx| {
                // Ein Server, der jede Verbindung sofort wieder schließt.
                let (l, a) = listener()?;
                let _k = ctx.starte(&[&a.to_string()], &[])?;
                let erste = nimm_an(&l, ctx.frist, "dem Server")?;
                drop(erste);
                // Mit 100 ms Pause kommt in den ersten 250 ms höchstens ein neuer Versuch.
                let start = Instant::now();
                let mut versuche = 0;
                l.set_nonblocking(true)
                    .map_err(|e| format!("Prüfer: {e}"))?;
                while start.elapsed() < Duration::from_millis(250) {
                    match l.accept() {
                        Ok((s, _)) => {
                            versuche += 1;
                            drop(s);
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
                if versuche > 2 {
                    return falsch(format!(
                        "{versuche} neue Verbindungen in 250 ms nach einem Abbruch: Warte erst \
                         100 ms, dann 200, 400 … (höchstens 1600 ms), bevor du es neu versuchst."
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Gibt nach einigen Versuchen auf",
            lauf: |ctx| {
                let a = format!("127.0.0.1:{}", freier_port());
                let mut k = ctx.starte(&[&a], &[])?;
                k.erwarte_fehlerende(ctx.frist + Duration::from_secs(6)).tipp(
                    "Nach 6 gescheiterten Versuchen in Folge (zusammen gut 3 s Wartezeit) ist Schluss.",
                )
            },
        },
    ],
};

fn listener() -> Result<(TcpListener, SocketAddr), Fehlschlag> {
    let l = pruef_listener()?;
    let a = l.local_addr().map_err(|e| e.to_string())?;
    Ok((l, a))
}

fn schreibe(s: &TcpStream, text: &str) -> Urteil {
    let mut s = s;
    s.write_all(text.as_bytes())
        .map_err(|e| Fehlschlag::Falsch(format!("Senden an deinen Client ist gescheitert: {e}")))
}

/// Nimmt eine Verbindung an und erwartet die Anfrage `erwartet`.
fn verbindung(
    ctx: &Ctx,
    l: &TcpListener,
    k: &Kind,
    erwartet: &str,
) -> Result<TcpStream, Fehlschlag> {
    let s = nimm_an(l, ctx.frist + Duration::from_secs(2), "dem Server").map_err(|f| match f {
        Fehlschlag::Falsch(g) => Fehlschlag::Falsch(format!("{g}{}", k.stderr_hinweis())),
        andere => andere,
    })?;
    let zeile = lies_zeile_von(&s, &format!("„{erwartet}“"))?;
    if zeile != erwartet {
        return falsch(format!(
            "Erwartet war die Anfrage {erwartet:?}, gekommen ist {zeile:?}."
        ));
    }
    Ok(s)
}

/// Die nächste Zeile, die mit „Zahl“ oder „Fertig“ beginnt, muss `erwartet`
/// sein; andere Zeilen (etwa „Verbindung verloren …“) sind erlaubt.
fn zahlzeile(k: &mut Kind, erwartet: &str) -> Urteil {
    loop {
        let z = k.zeile()?;
        if z.starts_with("Zahl ") || z == "Fertig" {
            if z == erwartet {
                return Ok(());
            }
            return falsch(format!(
                "Erwartet war die Ausgabezeile {erwartet:?}, gekommen ist {z:?}."
            ));
        }
    }
}

/// Bis zum Ende: genau `Zahl 1` … `Zahl n`, dann `Fertig`, Exit-Code 0.
fn ergebnis(ctx: &Ctx, k: &mut Kind, n: u32) -> Urteil {
    let status = k.ende_in(ctx.frist)?;
    let zahlen: Vec<String> = k
        .alle_zeilen()
        .into_iter()
        .filter(|z| z.starts_with("Zahl ") || z == "Fertig")
        .collect();
    let mut erwartet: Vec<String> = (1..=n).map(|i| format!("Zahl {i}")).collect();
    erwartet.push("Fertig".into());
    if zahlen != erwartet {
        return falsch(format!(
            "Erwartet waren die Zeilen {erwartet:?}, gekommen sind {zahlen:?}. Jede Zahl genau \
             einmal, keine halben Zeilen."
        ));
    }
    if !status.success() {
        return falsch(format!(
            "Der Client endete mit {status} statt mit Exit-Code 0."
        ));
    }
    Ok(())
}

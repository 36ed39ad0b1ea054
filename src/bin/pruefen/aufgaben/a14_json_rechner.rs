//! Aufgabe 14 „JSON-Rechner“ (Ein eigenes Protokoll mit strukturierten Daten).
//!
//! Erwartungshorizont: JSON Lines – je Zeile ein Objekt
//! `{"op": "add"|"sub"|"mul"|"div", "a": Zahl, "b": Zahl}`. Antwort je Zeile
//! `{"ok": true, "ergebnis": Zahl}` oder `{"ok": false, "fehler": "…"}`
//! (kaputtes JSON, fehlende Felder, falsche Typen, unbekannte Operation,
//! Division durch null). Die Verbindung bleibt nach Fehlern offen. Zeilen über
//! 4096 Bytes: Fehlerantwort und Schließen.

use serde_json::Value;
use std::time::Duration;

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Urteil, Verbindung, falsch, freier_port};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "14",
    kurz: "json_rechner",
    titel: "JSON-Rechner",
    kapitel: "Ein eigenes Protokoll",
    minuten: 40,
    art: "Server",
    starter: "aufgabe_14_json_rechner",
    python_starter: Some("aufgabe_14_json_rechner.py"),
    loesungen: &[
        Loesung::Rust("loesung_14_json_rechner"),
        Loesung::Python("loesung_14_json_rechner.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_14_bricht_ab",
            schritt: "Kaputtes JSON, Verbindung bleibt",
            grund: "geschlossen",
        },
        Variante {
            name: "falsch_14_fester_port",
            schritt: "Nimmt die Adresse aus dem Argument",
            grund: "ersten Argument",
        },
        Variante {
            name: "falsch_14_erst_lesen",
            schritt: "Zeilengrenze 4096 Bytes",
            grund: "ohne \\n",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Nimmt die Adresse aus dem Argument",
            lauf: |ctx| {
                // Ein Port, den niemand erraten kann: frei, aber nicht 0.
                let gewuenscht = format!("127.0.0.1:{}", freier_port());
                let mut k = ctx.starte(&[&gewuenscht], &[("ADRESSE", &gewuenscht)])?;
                let a = k.adresse_aus_erster_zeile()?;
                if a.to_string() != gewuenscht {
                    return falsch(format!(
                        "Der Prüfer übergab {gewuenscht}, der Server lauscht auf {a}. Nimm die \
                         Adresse aus dem ersten Argument (sonst aus ADRESSE); ein fester Port \
                         stößt mit anderen Programmen zusammen."
                    ));
                }
                let mut v = ctx.verbinde(a)?;
                ergebnis(&mut v, r#"{"op":"add","a":1,"b":1}"#, 2.0)
            },
        },
        Schritt {
            name: "Addiert",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    ergebnis(v, r#"{"op": "add", "a": 1, "b": 2}"#, 3.0)
                })
            },
        },
        Schritt {
            name: "Alle vier Rechenarten",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    ergebnis(v, r#"{"op":"sub","a":7,"b":10}"#, -3.0)?;
                    ergebnis(v, r#"{"op":"mul","a":2.5,"b":4}"#, 10.0)?;
                    ergebnis(v, r#"{"b":4,"op":"div","a":1}"#, 0.25)
                })
            },
        },
        Schritt {
            name: "Division durch null",
            lauf: |ctx| mit_verbindung(ctx, |v| fehler(v, r#"{"op":"div","a":1,"b":0}"#)),
        },
        Schritt {
            name: "Kaputtes JSON, Verbindung bleibt",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    fehler(v, r#"{"op": "add", "a": 1,"#)?;
                    fehler(v, "hallo").vorn("Kein JSON:")?;
                    ergebnis(v, r#"{"op":"add","a":2,"b":2}"#, 4.0).vorn("Danach auf derselben Verbindung:").tipp(
                        "Ein Fehler in einer Anfrage beendet nicht die Verbindung: Antworte mit \
                         {\"ok\": false, …} und lies die nächste Zeile.",
                    )
                })
            },
        },
        Schritt {
            name: "Unbekannte Operation und falsche Typen",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    fehler(v, r#"{"op":"pow","a":2,"b":3}"#)?;
                    fehler(v, r#"{"op":"add","a":"1","b":2}"#)?;
                    fehler(v, r#"{"op":"add","a":1}"#)?;
                    fehler(v, r#"[1, 2]"#)
                })
            },
        },
        Schritt {
            name: "Anfrage kommt in Stücken",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    v.sende_stueckweise(
                        br#"{"op":"mul","a":6,"b":7}"#,
                        5,
                        Duration::from_millis(30),
                    )?;
                    v.sende(b"\n")?;
                    pruefe_ergebnis(v, 42.0)
                })
            },
        },
        Schritt {
            name: "Zwei Anfragen in einem Paket",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    v.sende(
                        b"{\"op\":\"add\",\"a\":1,\"b\":1}\n{\"op\":\"add\",\"a\":2,\"b\":2}\n",
                    )?;
                    pruefe_ergebnis(v, 2.0)?;
                    pruefe_ergebnis(v, 4.0)
                })
            },
        },
        Schritt {
            name: "Zeilengrenze 4096 Bytes",
            lauf: |ctx| {
                mit_verbindung(ctx, |v| {
                    // Genau 4096 Bytes (mit Leerzeichen aufgefüllt) sind erlaubt.
                    let anfrage = r#"{"op":"add","a":20,"b":22}"#;
                    let genau = format!("{anfrage:<4096}");
                    v.sende(format!("{genau}\n").as_bytes())?;
                    pruefe_ergebnis(v, 42.0).vorn("Anfrage mit genau 4096 Bytes:")?;
                    let roh = ohne_zeilenende(v, 4096)?;
                    let zeile = roh.split(|&b| b == b'\n').next().unwrap_or_default();
                    let a: Value = serde_json::from_slice(zeile).unwrap_or_default();
                    if a["ok"] != Value::Bool(false) {
                        return falsch(format!(
                            "Auf eine Zeile über 4096 Bytes erwartet war {{\"ok\": false, …}}, \
                             gekommen ist {}.",
                            crate::werkzeug::zeig(&roh)
                        ));
                    }
                    Ok(())
                })
            },
        },
    ],
};

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

fn mit_verbindung(ctx: &Ctx, f: impl FnOnce(&mut Verbindung) -> Urteil) -> Urteil {
    let (_s, a) = ctx.server(&[], &[])?;
    let mut v = ctx.verbinde(a)?;
    f(&mut v)
}

fn antwort(v: &mut Verbindung) -> Result<Value, Fehlschlag> {
    let z = v.zeile()?;
    serde_json::from_str(&z).map_err(|e| {
        format!("Die Antwort {z:?} ist kein gültiges JSON ({e}). Eine Antwort = ein JSON-Objekt in einer Zeile.").into()
    })
}

fn pruefe_ergebnis(v: &mut Verbindung, erwartet: f64) -> Urteil {
    let a = antwort(v)?;
    if a["ok"] != Value::Bool(true) {
        return falsch(format!(
            "Erwartet war {{\"ok\": true, \"ergebnis\": {erwartet}}}, gekommen ist {a}."
        ));
    }
    match a["ergebnis"].as_f64() {
        Some(x) if (x - erwartet).abs() < 1e-9 => Ok(()),
        _ => falsch(format!(
            "Erwartet war \"ergebnis\": {erwartet}, gekommen ist {a}."
        )),
    }
}

fn ergebnis(v: &mut Verbindung, anfrage: &str, erwartet: f64) -> Urteil {
    v.sende(format!("{anfrage}\n").as_bytes())?;
    pruefe_ergebnis(v, erwartet).vorn(&format!("Auf {anfrage}:"))
}

fn fehler(v: &mut Verbindung, anfrage: &str) -> Urteil {
    v.sende(format!("{anfrage}\n").as_bytes())?;
    let a = antwort(v).vorn(&format!("Auf {anfrage}:"))?;
    let text_da = a["fehler"].as_str().is_some_and(|t| !t.trim().is_empty());
    if a["ok"] == Value::Bool(false) && text_da {
        Ok(())
    } else {
        falsch(format!(
            "Auf {anfrage} erwartet war {{\"ok\": false, \"fehler\": \"…\"}} mit einem Grund, \
             gekommen ist {a}."
        ))
    }
}

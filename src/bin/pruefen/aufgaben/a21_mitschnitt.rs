//! Aufgabe 21 „Mitschnitt lesen“ (Werkzeuge, Störsender).
//!
//! Erwartungshorizont: Das Programm gibt Antworten als Zeilen
//! `schluessel = wert` aus (Zeilen mit `#` und leere Zeilen zählen nicht) und
//! endet mit Exit-Code 0. Die Werte stehen in den echten Mitschnitten des
//! Kapitels Werkzeuge (`book/transkripte/werkzeuge_tcpdump.txt`,
//! `werkzeuge_tcpdump_rst.txt`, `werkzeuge_ss_time_wait.txt`):
//! client_port = 50384, client_bytes = 15, mss = 65495,
//! erstes_fin = server, fenster_bytes = 65536 (win 64 · 2^10),
//! rst_von = server, time_wait_bei = server.

use std::collections::BTreeMap;

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{Ctx, Fehlschlag, Urteil, falsch};

/// Jede Frage: Schlüssel, Prüfsumme der richtigen Antwort (FNV-1a über
/// `schluessel=wert`, damit das Paket für Schüler die Antworten nicht im
/// Klartext enthält), ob die Antwort eine Zahl ist, Tipp bei einer falschen.
const FRAGEN: &[(&str, u64, bool, &str)] = &[
    (
        "client_port",
        0x298a0ba401096a03,
        true,
        "Der Client schickt das erste Segment mit Flags [S]; sein Port steht hinter der \
         Absenderadresse (vor dem >).",
    ),
    (
        "client_bytes",
        0x369dc480265cf4ff,
        true,
        "Gesucht ist das erste Segment des Clients mit Daten: Flags [P.] und length > 0.",
    ),
    (
        "mss",
        0x63ef0fb459db85e,
        true,
        "Die größte Segmentgröße kündigt jede Seite nur im SYN an: options [mss …].",
    ),
    (
        "erstes_fin",
        0x69f497e8e1523481,
        false,
        "Suche das erste Segment mit F in den Flags und schau, von welchem Port es kommt.",
    ),
    (
        "fenster_bytes",
        0x343ad2e687fd1b2a,
        true,
        "Die Zahl hinter win ist skaliert: Im SYN nennt der Client einen Faktor \
         (wscale); das Fenster ist win · 2^wscale Bytes.",
    ),
    (
        "rst_von",
        0x46790a7f4f53650e,
        false,
        "Im zweiten Mitschnitt steht R in den Flags; von welchem Port kommt das Segment?",
    ),
    (
        "time_wait_bei",
        0x74b91593ab7f8751,
        false,
        "ss zeigt den Socket aus Sicht der Seite, der er gehört: Local Address. Welcher Port \
         steht dort?",
    ),
];

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "21",
    kurz: "mitschnitt",
    titel: "Mitschnitt lesen",
    kapitel: "Werkzeuge und Störsender",
    minuten: 30,
    art: "Client",
    starter: "aufgabe_21_mitschnitt",
    python_starter: Some("aufgabe_21_mitschnitt.py"),
    loesungen: &[
        Loesung::Rust("loesung_21_mitschnitt"),
        Loesung::Python("loesung_21_mitschnitt.py"),
    ],
    varianten: &[Variante {
        name: "falsch_21_fenster_ohne_skalierung",
        schritt: "Empfangsfenster in Bytes",
        grund: "wscale",
    }],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Alle Antworten da",
            lauf: |ctx| {
                let antworten = lies_antworten(ctx)?;
                let fehlend: Vec<&str> = FRAGEN
                    .iter()
                    .map(|f| f.0)
                    .filter(|k| antworten.get(*k).is_none_or(|w| ist_platzhalter(w)))
                    .collect();
                if !fehlend.is_empty() {
                    return falsch(format!(
                        "Noch ohne Antwort (fehlt oder ist noch der Platzhalter „?“): {}.",
                        fehlend.join(", ")
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Port des Clients",
            lauf: |ctx| frage(ctx, 0),
        },
        Schritt {
            name: "Bytes im ersten Datensegment des Clients",
            lauf: |ctx| frage(ctx, 1),
        },
        Schritt {
            name: "MSS im SYN des Clients",
            lauf: |ctx| frage(ctx, 2),
        },
        Schritt {
            name: "Wer schickt das erste FIN",
            lauf: |ctx| frage(ctx, 3),
        },
        Schritt {
            name: "Empfangsfenster in Bytes",
            lauf: |ctx| frage(ctx, 4),
        },
        Schritt {
            name: "Wer schickt das RST",
            lauf: |ctx| frage(ctx, 5),
        },
        Schritt {
            name: "Wo steht TIME-WAIT",
            lauf: |ctx| frage(ctx, 6),
        },
    ],
};

fn ist_platzhalter(wert: &str) -> bool {
    wert.is_empty() || wert == "?"
}

/// Startet das Programm und liest `schluessel = wert` aus seiner Ausgabe.
fn lies_antworten(ctx: &Ctx) -> Result<BTreeMap<String, String>, Fehlschlag> {
    let mut k = ctx.starte(&[], &[])?;
    let status = k.ende_in(ctx.frist)?;
    if !status.success() {
        return falsch(format!(
            "Das Programm soll seine Antworten ausgeben und mit Exit-Code 0 enden, nicht mit \
             {status}.{}",
            k.stderr_hinweis()
        ));
    }
    let mut antworten = BTreeMap::new();
    for zeile in k.alle_zeilen() {
        let zeile = zeile.trim();
        if zeile.is_empty() || zeile.starts_with('#') {
            continue;
        }
        let Some((schluessel, wert)) = zeile.split_once('=') else {
            return falsch(format!(
                "Die Zeile {zeile:?} hat nicht die Form „schluessel = wert“."
            ));
        };
        let schluessel = schluessel.trim().to_lowercase();
        if !FRAGEN.iter().any(|f| f.0 == schluessel) {
            return falsch(format!(
                "Unbekannter Schlüssel {schluessel:?}. Erlaubt sind: {}.",
                FRAGEN.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
            ));
        }
        let wert = wert.trim().to_lowercase();
        if antworten.insert(schluessel.clone(), wert).is_some() {
            return falsch(format!("Der Schlüssel {schluessel:?} steht zweimal da."));
        }
    }
    Ok(antworten)
}

/// Prüft die Antwort auf Frage `nr` aus `FRAGEN`.
fn frage(ctx: &Ctx, nr: usize) -> Urteil {
    let (schluessel, richtig, ist_zahl, tipp) = FRAGEN[nr];
    let antworten = lies_antworten(ctx)?;
    let Some(wert) = antworten.get(schluessel).filter(|w| !ist_platzhalter(w)) else {
        return falsch(format!(
            "Für {schluessel} steht noch der Platzhalter „?“ (oder keine Zeile)."
        ));
    };
    // Zahlen ohne Tausenderpunkte oder Einheit vergleichen: „15 Bytes“ zählt.
    let zahl: String = wert.chars().filter(char::is_ascii_digit).collect();
    let vergleich = if ist_zahl {
        zahl.as_str()
    } else {
        wert.as_str()
    };
    let passt = fnv1a(&format!("{schluessel}={vergleich}")) == richtig;
    if !passt {
        return falsch(format!("{schluessel} = {wert} stimmt nicht. {tipp}"));
    }
    Ok(())
}

/// FNV-1a, 64 Bit.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

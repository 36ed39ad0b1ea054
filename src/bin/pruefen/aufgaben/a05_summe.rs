//! Aufgabe 05 „Summen-Server“ (TCP in einer Schleife).
//!
//! Erwartungshorizont: Zwei Schleifen – außen accept() für Client um Client,
//! innen Zeile um Zeile. Je Verbindung beginnt die Summe bei 0. Eine ganze
//! Zahl (i64, Leerraum an den Rändern erlaubt) ergibt `Summe: S\n`, `ende`
//! ergibt `Ergebnis: S\n` und das Schließen der Verbindung, alles andere
//! `Fehler: "TEXT" ist keine Zahl\n` (Summe bleibt). Zeilen über 100 Bytes:
//! `Fehler: Zeile zu lang\n` und Schließen.

use std::net::SocketAddr;
use std::time::Duration;

use super::a01_portansage::{Art, eigene_adresse};
use super::a03_echo::{KURZER_TIMEOUT, stiller_client};
use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Urteil, Verbindung};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "05",
    kurz: "summe",
    titel: "Summen-Server",
    kapitel: "TCP in einer Schleife",
    minuten: 30,
    art: "Server",
    starter: "aufgabe_05_summe",
    python_starter: Some("aufgabe_05_summe.py"),
    loesungen: &[
        Loesung::Rust("loesung_05_summe"),
        Loesung::Python("loesung_05_summe.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_05_summe_bleibt",
            schritt: "Neuer Client beginnt bei 0",
            grund: "Setze sie für jeden Client auf 0",
        },
        Variante {
            name: "falsch_05_nur_zeilenende",
            schritt: "Leerraum und \\r\\n am Rand",
            grund: "keine Zahl",
        },
        Variante {
            name: "falsch_05_ende_anfang",
            schritt: "Nur genau ende",
            grund: "endet",
        },
        Variante {
            name: "falsch_05_ueberlauf",
            schritt: "Grenzen von i64",
            grund: "Überlauf",
        },
        Variante {
            name: "falsch_05_grenze_99",
            schritt: "100 Bytes gehen, 101 nicht",
            grund: "100 Bytes",
        },
        Variante {
            name: "falsch_05_ganze_zeile",
            schritt: "Zu lange Zeile ohne Zeilenende",
            grund: "ohne Zeilenende",
        },
        Variante {
            name: "falsch_05_ohne_timeout",
            schritt: "Ein stiller Client hält nicht auf",
            grund: "--timeout",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Addiert Zahlen",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "5", "Summe: 5")?;
                frage(&mut v, "7", "Summe: 12")?;
                frage(&mut v, " -20 ", "Summe: -8")
            },
        },
        Schritt {
            name: "ende liefert das Ergebnis und schließt",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "3", "Summe: 3")?;
                frage(&mut v, "4", "Summe: 7")?;
                frage(&mut v, "ende", "Ergebnis: 7")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Meldet, was keine Zahl ist",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "drei", "Fehler: \"drei\" ist keine Zahl")?;
                frage(&mut v, "", "Fehler: \"\" ist keine Zahl").vorn("Leere Zeile:")?;
                frage(&mut v, "3", "Summe: 3").vorn("Danach (die Summe bleibt):")
            },
        },
        Schritt {
            name: "Zahlen kommen in Stücken",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende_stueckweise(b"12\n3", 1, Duration::from_millis(30))?;
                std::thread::sleep(Duration::from_millis(100));
                v.sende(b"\n")?;
                v.erwarte_zeile("Summe: 12")?;
                v.erwarte_zeile("Summe: 15")
                    .tipp("Lies Zeile für Zeile (read_line/readline), nicht Stück für Stück.")
            },
        },
        Schritt {
            name: "Neuer Client beginnt bei 0",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "10", "Summe: 10")?;
                frage(&mut v, "ende", "Ergebnis: 10")?;
                drop(v);
                neu(ctx, a)
                    .tipp("Die Summe gehört zur Verbindung: Setze sie für jeden Client auf 0.")
            },
        },
        Schritt {
            name: "Client legt ohne ende auf",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "5", "Summe: 5")?;
                drop(v);
                neu(ctx, a).tipp("Liefert read 0 Bytes, ist der Client weg: zurück zu accept().")
            },
        },
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| eigene_adresse(ctx, Art::Tcp, &[]),
        },
        Schritt {
            name: "Leerraum und \\r\\n am Rand",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "  5 \r", "Summe: 5")
                    .tipp("Entferne Leerraum an beiden Rändern (trim bzw. strip), auch das \\r.")?;
                frage(&mut v, "\t-2\r", "Summe: 3")?;
                frage(&mut v, " ende \r", "Ergebnis: 3")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Nur genau ende",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                frage(&mut v, "4", "Summe: 4")?;
                for wort in ["endet", "Ende", "ende ende"] {
                    frage(&mut v, wort, &format!("Fehler: \"{wort}\" ist keine Zahl"))
                        .tipp("Nur die Zeile, die genau ende ist, beendet die Verbindung.")?;
                }
                frage(&mut v, "ende", "Ergebnis: 4")
            },
        },
        Schritt {
            name: "Grenzen von i64",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                let max = i64::MAX.to_string();
                frage(&mut v, &max, &format!("Summe: {max}"))
                    .tipp("Rechne mit i64 (64 Bit), nicht mit i32.")?;
                frage(&mut v, "1", "Fehler: Überlauf").tipp(
                    "Verlässt die Summe den Bereich von i64, antworte \"Fehler: Überlauf\" und \
                     behalte die alte Summe (checked_add).",
                )?;
                frage(&mut v, "-1", &format!("Summe: {}", i64::MAX - 1))
                    .vorn("Nach dem Überlauf gilt die alte Summe weiter:")?;
                let zu_gross = "9223372036854775808";
                frage(
                    &mut v,
                    zu_gross,
                    &format!("Fehler: \"{zu_gross}\" ist keine Zahl"),
                )
                .vorn("Eine Zahl über i64::MAX:")?;
                drop(v);
                let mut v = ctx.verbinde(a)?;
                let min = i64::MIN.to_string();
                frage(&mut v, &min, &format!("Summe: {min}")).vorn("Neuer Client:")?;
                frage(&mut v, "-1", "Fehler: Überlauf").vorn("Unter i64::MIN:")
            },
        },
        Schritt {
            name: "100 Bytes gehen, 101 nicht",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                // 99 Nullen und eine 7: genau 100 Bytes, und doch nur die Zahl 7.
                let zeile = format!("{}7", "0".repeat(99));
                frage(&mut v, &zeile, "Summe: 7")
                    .vorn("Eine Zeile mit genau 100 Bytes ist erlaubt:")?;
                v.sende(format!("{zeile}0\n").as_bytes())?;
                v.erwarte_zeile("Fehler: Zeile zu lang")
                    .vorn("Eine Zeile mit 101 Bytes ist zu lang:")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Zu lange Zeile ohne Zeilenende",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                // Kein \n: Wer erst die ganze Zeile liest und dann misst, wartet
                // hier ewig (und sammelt bei einem frechen Client Gigabytes).
                v.sende(&[b'1'; 101])?;
                v.erwarte_zeile("Fehler: Zeile zu lang")
                    .vorn("Nach 101 Bytes ohne Zeilenende:")
                    .tipp(
                        "Prüfe die Länge beim Lesen, nicht erst, wenn das \\n da ist: take(101) \
                         bzw. readline(101).",
                    )?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Lehnt eine zu lange Zeile ab",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                let mut lang = vec![b'1'; 500];
                lang.push(b'\n');
                v.sende(&lang)?;
                v.erwarte_zeile("Fehler: Zeile zu lang")?;
                v.erwarte_ende()?;
                neu(ctx, a)
            },
        },
        Schritt {
            name: "Ein stiller Client hält nicht auf",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&["--timeout", KURZER_TIMEOUT], &[])?;
                stiller_client(ctx, a, b"7\n", "Summe: 7")
            },
        },
    ],
};

fn frage(v: &mut Verbindung, zeile: &str, erwartet: &str) -> Urteil {
    v.sende(format!("{zeile}\n").as_bytes())?;
    v.erwarte_zeile(erwartet).vorn(&format!("Auf {zeile:?}:"))
}

fn neu(ctx: &Ctx, a: SocketAddr) -> Urteil {
    let mut v = ctx.verbinde(a).vorn("Nächster Client:")?;
    frage(&mut v, "1", "Summe: 1").vorn("Nächster Client:")
}

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
    python_starter: None,
    loesungen: &[Loesung::Rust("loesung_05_summe")],
    varianten: &[Variante {
        name: "falsch_05_summe_bleibt",
        schritt: "Neuer Client beginnt bei 0",
        grund: "Setze sie für jeden Client auf 0",
    }],
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

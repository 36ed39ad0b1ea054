//! Aufgabe 02 „Bestätigungs-Server“ (Erste Verbindung).
//!
//! Erwartungshorizont: Der Server nimmt Clients nacheinander an, liest je
//! Verbindung eine Zeile (den Namen, höchstens 100 Bytes ohne `\n`, Leerraum
//! an den Rändern entfernt, ungültiges UTF-8 als U+FFFD) und antwortet
//! `Verbindung hergestellt, NAME! Du bist Client Nr. N.\n`, N zählt jede
//! Bestätigung ab 1. Ein zu langer Name bekommt
//! `Fehler: Name zu lang (höchstens 100 Bytes)\n`. Danach schließt der Server
//! die Verbindung und wartet auf den nächsten Client.

use std::net::SocketAddr;
use std::time::Duration;

use super::a01_portansage::{Art, eigene_adresse};
use super::a03_echo::{self, KURZER_TIMEOUT};
use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Urteil};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "02",
    kurz: "bestaetigung",
    titel: "Bestätigungs-Server",
    kapitel: "Erste Verbindung",
    minuten: 25,
    art: "Server",
    starter: "aufgabe_02_bestaetigung",
    python_starter: Some("aufgabe_02_bestaetigung.py"),
    loesungen: &[
        Loesung::Rust("loesung_02_bestaetigung"),
        Loesung::Python("loesung_02_bestaetigung.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_02_ein_read",
            schritt: "Name kommt in Einzelbytes (langsamer Client)",
            grund: "Lies bis zum Zeilenende",
        },
        Variante {
            name: "falsch_02_grenze_99",
            schritt: "100 Bytes gehen, 101 nicht",
            grund: "100 Bytes",
        },
        Variante {
            name: "falsch_02_ganze_zeile",
            schritt: "Zu langer Name ohne Zeilenende",
            grund: "ohne Zeilenende",
        },
        Variante {
            name: "falsch_02_nur_zeilenende",
            schritt: "Leerraum und \\r\\n am Rand",
            grund: "Ada",
        },
        Variante {
            name: "falsch_02_ohne_timeout",
            schritt: "Ein stiller Client hält nicht auf",
            grund: "--timeout",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Bestätigt einen Namen",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                bestaetigt(ctx, a, b"Ada\n", "Ada", 1)
            },
        },
        Schritt {
            name: "Name kommt in Einzelbytes (langsamer Client)",
            lauf: einzelbytes,
        },
        Schritt {
            name: "Zählt die Clients",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                for (n, name) in ["Ada", "Grace", "Linus"].iter().enumerate() {
                    bestaetigt(ctx, a, format!("{name}\n").as_bytes(), name, n + 1)
                        .vorn(&format!("Client {} von 3:", n + 1))?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Ungültiges UTF-8 im Namen",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                bestaetigt(ctx, a, b"Gr\xfc\xdfe\n", "Gr\u{fffd}\u{fffd}e", 1).tipp(
                    "Ersetze ungültige Bytes (String::from_utf8_lossy, in Python \
                     decode(errors=\"replace\")).",
                )?;
                bestaetigt(ctx, a, b"Ada\n", "Ada", 2).vorn("Danach:")
            },
        },
        Schritt {
            name: "Lehnt einen zu langen Namen ab",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                let mut lang = vec![b'x'; 150];
                lang.push(b'\n');
                v.sende(&lang)?;
                v.erwarte_zeile("Fehler: Name zu lang (höchstens 100 Bytes)")
                    .tipp("Begrenze das Lesen mit take(101) bzw. readline(101).")?;
                v.erwarte_ende()?;
                bestaetigt(ctx, a, b"Ada\n", "Ada", 1).vorn("Danach (ein Fehler zählt nicht mit):")
            },
        },
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| eigene_adresse(ctx, Art::Tcp, &[]),
        },
        Schritt {
            name: "100 Bytes gehen, 101 nicht",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let name = "x".repeat(100);
                bestaetigt(ctx, a, format!("{name}\n").as_bytes(), &name, 1)
                    .vorn("Ein Name mit genau 100 Bytes ist erlaubt:")?;
                let mut v = ctx.verbinde(a)?;
                v.sende(format!("{name}y\n").as_bytes())?;
                v.erwarte_zeile("Fehler: Name zu lang (höchstens 100 Bytes)")
                    .vorn("Ein Name mit 101 Bytes ist zu lang:")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Zu langer Name ohne Zeilenende",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                // Kein \n: Wer erst die ganze Zeile liest und dann misst, wartet
                // hier ewig (und sammelt bei einem frechen Client Gigabytes).
                v.sende(&[b'x'; 101])?;
                v.erwarte_zeile("Fehler: Name zu lang (höchstens 100 Bytes)")
                    .vorn("Nach 101 Bytes ohne Zeilenende:")
                    .tipp(
                        "Prüfe die Länge beim Lesen, nicht erst, wenn das \\n da ist: take(101) \
                         bzw. readline(101).",
                    )?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Leerraum und \\r\\n am Rand",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                bestaetigt(ctx, a, b"  Ada \r\n", "Ada", 1)
                    .vorn("Auf \"  Ada \\r\\n\" (so schicken Windows-Programme und telnet):")
                    .tipp("Entferne Leerraum an beiden Rändern (trim bzw. strip), auch das \\r.")
            },
        },
        Schritt {
            name: "Ein stiller Client hält nicht auf",
            lauf: stiller_client,
        },
        Schritt {
            name: "Client legt ohne Namen auf",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                drop(ctx.verbinde(a)?);
                bestaetigt(ctx, a, b"Ada\n", "Ada", 1)
                    .vorn("Nach einem Client, der ohne Namen auflegte (read liefert 0 Bytes):")
            },
        },
    ],
};

fn bestaetigt(ctx: &Ctx, a: SocketAddr, senden: &[u8], name: &str, nr: usize) -> Urteil {
    let mut v = ctx.verbinde(a)?;
    v.sende(senden)?;
    v.erwarte_zeile(&format!(
        "Verbindung hergestellt, {name}! Du bist Client Nr. {nr}."
    ))?;
    v.erwarte_ende()
}

fn einzelbytes(ctx: &Ctx) -> Urteil {
    let (_s, a) = ctx.server(&[], &[])?;
    let mut v = ctx.verbinde(a)?;
    v.sende_stueckweise(b"Grace\n", 1, Duration::from_millis(30))?;
    v.erwarte_zeile("Verbindung hergestellt, Grace! Du bist Client Nr. 1.")?;
    v.erwarte_ende()
}

/// Ein Client schweigt, ein zweiter schickt „Ada“: Mit `--timeout 0.3` muss
/// der Server den stillen trennen und dann den zweiten bestätigen.
fn stiller_client(ctx: &Ctx) -> Urteil {
    let (_s, a) = ctx.server(&["--timeout", KURZER_TIMEOUT], &[])?;
    let bestaetigung = "Verbindung hergestellt, Ada! Du bist Client Nr. 1.";
    a03_echo::stiller_client(ctx, a, b"Ada\n", bestaetigung)
}

//! Aufgabe 03 „Echo, das Einzelbytes übersteht“ (TCP-Chat).
//!
//! Erwartungshorizont: Der Server bedient Clients nacheinander. Jede Zeile L
//! (ohne `\n` und ein `\r` davor) beantwortet er mit `Echo: L\n`, `bye` mit
//! `Tschüss!\n` und schließt dann. Zeilen über 1024 Bytes beantwortet er mit
//! `Fehler: Zeile zu lang (höchstens 1024 Bytes)\n` und schließt. Er rahmt
//! mit read_until/readline und einer Längengrenze, nicht mit einem einzelnen
//! read().

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::a01_portansage::{Art, eigene_adresse};
use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Urteil, Verbindung, dauer, falsch, kuerze};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "03",
    kurz: "echo",
    titel: "Echo, das Einzelbytes übersteht",
    kapitel: "TCP-Chat",
    minuten: 30,
    art: "Server",
    starter: "aufgabe_03_echo",
    python_starter: Some("aufgabe_03_echo.py"),
    loesungen: &[
        Loesung::Rust("loesung_03_echo"),
        Loesung::Python("loesung_03_echo.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_03_ein_read",
            schritt: "Zeile kommt in Einzelbytes",
            grund: "Lies bis zum Zeilenende",
        },
        Variante {
            name: "falsch_03_grenze_1023",
            schritt: "1024 Bytes gehen, 1025 nicht",
            grund: "1024 Bytes",
        },
        Variante {
            name: "falsch_03_ganze_zeile",
            schritt: "Zu lange Zeile ohne Zeilenende",
            grund: "ohne Zeilenende",
        },
        Variante {
            name: "falsch_03_bye_anfang",
            schritt: "Nur genau bye beendet",
            grund: "byebye",
        },
        Variante {
            name: "falsch_03_mit_cr",
            schritt: "Zeilenende \\r\\n",
            grund: "\\r",
        },
        Variante {
            name: "falsch_03_ohne_timeout",
            schritt: "Ein stiller Client hält nicht auf",
            grund: "--timeout",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Schickt eine Zeile zurück",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"Hallo\n")?;
                v.erwarte_zeile("Echo: Hallo")
            },
        },
        Schritt {
            name: "Zeile kommt in Einzelbytes",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende_stueckweise(b"Hallo Welt\n", 1, Duration::from_millis(20))?;
                v.erwarte_zeile("Echo: Hallo Welt")
            },
        },
        Schritt {
            name: "Zwei Zeilen in einem Paket",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"eins\nzwei\n")?;
                v.erwarte_zeile("Echo: eins").tipp(
                    "Ein read() kann mehrere Zeilen auf einmal liefern; trenne sie am \\n.",
                )?;
                v.erwarte_zeile("Echo: zwei").tipp(
                    "Ein read() kann mehrere Zeilen auf einmal liefern; beantworte jede einzeln.",
                )
            },
        },
        Schritt {
            name: "Viele Zeilen auf einer Verbindung",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                for i in 1..=20 {
                    v.sende(format!("Zeile {i}\n").as_bytes())?;
                    v.erwarte_zeile(&format!("Echo: Zeile {i}"))
                        .vorn(&format!("Zeile {i} von 20:"))?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "bye beendet die Verbindung",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"bye\n")?;
                v.erwarte_zeile("Tschüss!")?;
                v.erwarte_ende()?;
                naechster(ctx, a)
            },
        },
        Schritt {
            name: "Ungültiges UTF-8",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"\xff\xfeok\n")?;
                v.erwarte_zeile("Echo: \u{fffd}\u{fffd}ok").tipp(
                    "Ersetze ungültige Bytes durch U+FFFD (from_utf8_lossy, errors=\"replace\").",
                )?;
                drop(v);
                naechster(ctx, a)
            },
        },
        Schritt {
            name: "Lehnt eine zu lange Zeile ab",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                let mut lang = vec![b'a'; 2000];
                lang.push(b'\n');
                v.sende(&lang)?;
                v.erwarte_zeile("Fehler: Zeile zu lang (höchstens 1024 Bytes)")
                    .tipp("Begrenze das Lesen (take(1025) bzw. readline(1025)).")?;
                v.erwarte_ende()?;
                naechster(ctx, a)
            },
        },
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| eigene_adresse(ctx, Art::Tcp, &[]),
        },
        Schritt {
            name: "1024 Bytes gehen, 1025 nicht",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let zeile = "a".repeat(1024);
                let mut v = ctx.verbinde(a)?;
                v.sende(format!("{zeile}\n").as_bytes())?;
                let antwort = v.zeile()?;
                if antwort != format!("Echo: {zeile}") {
                    return falsch(format!(
                        "Eine Zeile mit genau 1024 Bytes ist erlaubt. Erwartet war \"Echo: \" mit \
                         den 1024 Bytes, gekommen ist {:?}.",
                        kuerze(&antwort, 80)
                    ));
                }
                v.sende(format!("{zeile}b\n").as_bytes())?;
                v.erwarte_zeile("Fehler: Zeile zu lang (höchstens 1024 Bytes)")
                    .vorn("Eine Zeile mit 1025 Bytes ist zu lang:")?;
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
                v.sende(&[b'a'; 1025])?;
                v.erwarte_zeile("Fehler: Zeile zu lang (höchstens 1024 Bytes)")
                    .vorn("Nach 1025 Bytes ohne Zeilenende:")
                    .tipp(
                        "Prüfe die Länge beim Lesen, nicht erst, wenn das \\n da ist: take(1025) \
                         bzw. readline(1025).",
                    )?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Nur genau bye beendet",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                for wort in ["byebye", "bye bye", "Bye"] {
                    v.sende(format!("{wort}\n").as_bytes())?;
                    v.erwarte_zeile(&format!("Echo: {wort}"))
                        .vorn(&format!("Auf {wort:?}:"))
                        .tipp("Nur die Zeile, die genau bye ist, beendet die Verbindung.")?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Zeilenende \\r\\n",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"Hallo\r\n")?;
                v.erwarte_zeile("Echo: Hallo")
                    .vorn("Auf \"Hallo\\r\\n\" (so schicken Windows-Programme und telnet):")
                    .tipp("Entferne ein \\r vor dem \\n.")?;
                v.sende(b"bye\r\n")?;
                v.erwarte_zeile("Tschüss!").vorn("Auf \"bye\\r\\n\":")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Nächster Client nach dem Auflegen",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                {
                    let mut v = ctx.verbinde(a)?;
                    v.sende(b"erster\n")?;
                    v.erwarte_zeile("Echo: erster")?;
                    // Auflegen ohne bye: read() liefert dem Server 0 Bytes.
                }
                naechster(ctx, a)?;
                naechster(ctx, a).vorn("Dritter Client:")
            },
        },
        Schritt {
            name: "Ein stiller Client hält nicht auf",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&["--timeout", KURZER_TIMEOUT], &[])?;
                stiller_client(ctx, a, b"noch da?\n", "Echo: noch da?")
            },
        },
    ],
};

/// Der Timeout, den der Prüfer mit `--timeout` setzt (Sekunden mit Punkt):
/// kurz, damit der Schritt nicht 30 s dauert.
pub const KURZER_TIMEOUT: &str = "0.3";
const KURZ: Duration = Duration::from_millis(300);

/// Ein Client verbindet sich und schweigt, ein zweiter wartet mit `frage`
/// dahinter. Der Server lief mit `--timeout 0.3`: Er trennt den stillen
/// frühestens nach 0,3 s und bedient dann den zweiten. Gemessen, nicht
/// geschlafen: Der Prüfer wartet höchstens 0,3 s plus seine halbe Frist.
/// Auch für 05 und 09.
pub fn stiller_client(ctx: &Ctx, a: SocketAddr, frage: &[u8], antwort: &str) -> Urteil {
    let start = Instant::now();
    let mut still = Verbindung::neu(a, KURZ + ctx.frist / 2)?;
    let mut zweiter = Verbindung::neu(a, KURZ + ctx.frist)?;
    zweiter.sende(frage)?;
    still
        .lies_bis_ende(4096)
        .vorn(&format!(
            "Gestartet mit --timeout {KURZER_TIMEOUT}, ein Client verbindet sich und schweigt:"
        ))
        .tipp(
            "Trenne einen Client, der so lange keine ganze Zeile schickt, wie --timeout sagt \
             (set_read_timeout bzw. settimeout mit der Zahl aus dem Argument).",
        )?;
    let getrennt = start.elapsed();
    if getrennt < KURZ * 9 / 10 {
        return falsch(format!(
            "Der stille Client wurde schon nach {} getrennt, --timeout {KURZER_TIMEOUT} erlaubt \
             ihm 0,3 s. Nimm die Sekunden aus dem Argument (auch mit Nachkommastellen).",
            dauer(getrennt)
        ));
    }
    drop(still);
    zweiter
        .erwarte_zeile(antwort)
        .vorn("Der zweite Client, der hinter dem stillen wartete:")
}

/// Danach muss ein neuer Client bedient werden.
fn naechster(ctx: &Ctx, a: SocketAddr) -> Urteil {
    let mut v = ctx.verbinde(a).vorn("Danach:")?;
    v.sende(b"noch da?\n")?;
    v.erwarte_zeile("Echo: noch da?")
        .vorn("Der nächste Client bekam keine Antwort:")
        .tipp("Nach dem Ende einer Verbindung wartet der Server mit accept() auf den nächsten Client.")
}

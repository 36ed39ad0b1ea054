//! Aufgabe 17 „Türsteher“ (Sicherheit und Robustheit).
//!
//! Erwartungshorizont: Aufruf `ADRESSE [--max-clients N] [--timeout-ms T]`
//! (Standard 10 und 30000). Der Server bedient Clients gleichzeitig, bindet
//! Loopback und setzt drei Grenzen durch: Ist er voll, bekommt der neue
//! Client `! Server voll\n` und wird geschlossen; sonst `Willkommen\n`. Jede
//! Zeile kommt in Großbuchstaben zurück. Kommt T ms lang keine *vollständige*
//! Zeile (auch wenn einzelne Bytes tröpfeln), sendet er `! Zu lange still\n`
//! und schließt. Zeilen über 256 Bytes: `! Zeile zu lang\n` und Schließen.
//! Die Frist ist eine Gesamtfrist je Zeile (Deadline), kein Timeout je read().

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Verbindung, dauer, falsch, nur_loopback, sprich,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "17",
    kurz: "tuersteher",
    titel: "Türsteher",
    kapitel: "Sicherheit und Robustheit",
    minuten: 50,
    art: "Server",
    starter: "aufgabe_17_tuersteher",
    python_starter: Some("aufgabe_17_tuersteher.py"),
    loesungen: &[
        Loesung::Rust("loesung_17_tuersteher"),
        Loesung::Python("loesung_17_tuersteher.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_17_ohne_timeout",
            schritt: "Trennt einen stillen Client",
            grund: "ohne vollständige Zeile",
        },
        Variante {
            name: "falsch_17_um_eins",
            schritt: "Grenze genau 256 Bytes",
            grund: "256",
        },
        Variante {
            name: "falsch_17_feste_frist",
            schritt: "Hält sich an --timeout-ms",
            grund: "--timeout-ms 300",
        },
        Variante {
            name: "falsch_17_platz_bleibt",
            schritt: "Platz frei nach Timeout",
            grund: "Platz",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Startet und meldet seine Adresse",
            lauf: |ctx| starte(ctx).map(|_| ()),
        },
        Schritt {
            name: "Lauscht nur auf Loopback",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                nur_loopback(a, false)
            },
        },
        Schritt {
            name: "Schreibt groß",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let mut v = gast(ctx, a)?;
                v.sende("hallo wälder\n".as_bytes())?;
                v.erwarte_zeile("HALLO WÄLDER")
            },
        },
        Schritt {
            name: "Trennt einen stillen Client",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let mut v = gast(ctx, a)?;
                let start = Instant::now();
                v.erwarte_zeile("! Zu lange still").tipp(&format!(
                    "Nach --timeout-ms {TIMEOUT_MS} ohne vollständige Zeile muss der Server den Client \
                     trennen. Ohne Timeout blockiert ein stummer Client {} für immer.",
                    sprich("read()", "recv()")
                ))?;
                let vergangen = start.elapsed();
                if vergangen < Duration::from_millis(TIMEOUT_MS / 2) {
                    return falsch(format!(
                        "Der Server trennte schon nach {}, die Frist ist {TIMEOUT_MS} ms.",
                        dauer(vergangen)
                    ));
                }
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Hält sich an --timeout-ms",
            lauf: |ctx| {
                let (_k, a) = ctx.server(&["--max-clients", "2", "--timeout-ms", "300"], &[])?;
                let mut v = gast(ctx, a)?;
                let start = Instant::now();
                v.erwarte_zeile("! Zu lange still")?;
                let vergangen = start.elapsed();
                if vergangen > Duration::from_millis(1300) {
                    return falsch(format!(
                        "Mit --timeout-ms 300 trennte der Server erst nach {}. Nimm die Frist aus \
                         dem Argument, nicht einen festen Wert.",
                        dauer(vergangen)
                    ));
                }
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Platz frei nach Timeout",
            lauf: |ctx| {
                let (_k, a) = ctx.server(&["--max-clients", "1", "--timeout-ms", "300"], &[])?;
                let mut still = gast(ctx, a)?;
                still.erwarte_zeile("! Zu lange still")?;
                still.erwarte_ende()?;
                let ende = Instant::now() + ctx.frist;
                loop {
                    let mut v = ctx.verbinde(a)?;
                    match v.zeile()?.as_str() {
                        "Willkommen" => return Ok(()),
                        "! Server voll" if Instant::now() < ende => {
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        z => {
                            return falsch(format!(
                                "Nach dem Timeout des einzigen Clients (--max-clients 1) muss sein \
                                 Platz frei sein; gekommen ist {z:?}. Gib den Platz frei, wie \
                                 auch immer ein Client endet ({}).",
                                sprich("etwa mit Drop", "etwa in einem finally")
                            ));
                        }
                    }
                }
            },
        },
        Schritt {
            name: "Trennt auch einen tröpfelnden Client",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let mut v = gast(ctx, a)?;
                let start = Instant::now();
                let grenze = Duration::from_millis(TIMEOUT_MS) + Duration::from_millis(1500);
                // Alle 150 ms ein Byte, nie ein \n: ein „Slowloris“.
                while start.elapsed() < grenze {
                    if v.kommt_noch_etwas(Duration::from_millis(150)).is_some() {
                        return Ok(());
                    }
                    if v.sende(b"a").is_err() {
                        return Ok(()); // getrennt
                    }
                }
                falsch(format!(
                    "Ein Client, der alle 150 ms ein Byte ohne \\n schickt, war nach {} noch \
                     verbunden. {}",
                    dauer(start.elapsed()),
                    sprich(
                        "Ein Timeout je read() beginnt mit jedem Byte neu: Rechne mit einer Frist \
                         für die ganze Zeile (Instant + Dauer) und setze vor jedem read() den Rest.",
                        "Ein settimeout() gilt je recv() und beginnt mit jedem Byte neu: Rechne mit \
                         einer Frist für die ganze Zeile (time.monotonic() + Frist) und setze vor \
                         jedem recv() nur den Rest.",
                    )
                ))
            },
        },
        Schritt {
            name: "Höchstens zwei Clients",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let erster = gast(ctx, a)?;
                let _zweiter = gast(ctx, a)?;
                let mut dritter = ctx.verbinde(a)?;
                dritter
                    .erwarte_zeile("! Server voll")
                    .vorn("Dritter Client (--max-clients 2):")?;
                dritter.erwarte_ende()?;
                drop(erster);
                // Der Server bemerkt das Ende des ersten Clients etwas später.
                let ende = Instant::now() + ctx.frist;
                loop {
                    let mut v = ctx.verbinde(a)?;
                    match v.zeile()?.as_str() {
                        "Willkommen" => return Ok(()),
                        "! Server voll" if Instant::now() < ende => {
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        z => {
                            return falsch(format!(
                                "Nachdem ein Client gegangen ist, muss wieder Platz sein; \
                                 gekommen ist {z:?}. Zähle gehende Clients wieder herunter."
                            ));
                        }
                    }
                }
            },
        },
        Schritt {
            name: "Lehnt eine zu lange Zeile ab",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let mut v = gast(ctx, a)?;
                let mut lang = vec![b'x'; 5000];
                lang.push(b'\n');
                v.sende(&lang)?;
                v.erwarte_zeile("! Zeile zu lang")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Grenze genau 256 Bytes",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let mut v = gast(ctx, a)?;
                v.sende(format!("{}\n", "a".repeat(256)).as_bytes())?;
                v.erwarte_zeile(&"A".repeat(256))
                    .vorn("Eine Zeile mit genau 256 Bytes ist erlaubt:")?;
                v.sende(format!("{}\n", "a".repeat(257)).as_bytes())?;
                v.erwarte_zeile("! Zeile zu lang")
                    .vorn("Eine Zeile mit 257 Bytes:")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Ein stiller Client hält die anderen nicht auf",
            lauf: |ctx| {
                let (_k, a) = starte(ctx)?;
                let _still = gast(ctx, a)?;
                let mut v = gast(ctx, a).tipp("Bediene jeden Client in einem eigenen Thread.")?;
                v.sende(b"schnell\n")?;
                v.erwarte_zeile("SCHNELL")
            },
        },
    ],
};

const TIMEOUT_MS: u64 = 800;

fn starte(ctx: &Ctx) -> Result<(Kind, SocketAddr), Fehlschlag> {
    ctx.server(
        &[
            "--max-clients",
            "2",
            "--timeout-ms",
            &TIMEOUT_MS.to_string(),
        ],
        &[],
    )
}

fn gast(ctx: &Ctx, a: SocketAddr) -> Result<Verbindung, Fehlschlag> {
    let mut v = ctx.verbinde(a)?;
    v.erwarte_zeile("Willkommen")?;
    Ok(v)
}

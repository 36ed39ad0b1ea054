//! Aufgabe 09 „Dienstauskunft“ (Namen und Dienste).
//!
//! Erwartungshorizont: Der Server liest die Dienstedatei (Pfad aus der
//! Umgebungsvariable `DIENSTE_DATEI`, sonst `/etc/services`) im Format von
//! /etc/services: `NAME PORT/PROTOKOLL [ALIAS …] [# Kommentar]`. Er
//! beantwortet je Zeile eine Anfrage wie getservbyname/getservbyport:
//! `NAME/PROTO` → `NAME/PROTO PORT` (auch Aliasnamen), `PORT/PROTO` →
//! `PORT/PROTO NAME` (der erste Eintrag), sonst `unbekannt`. Anfragen ohne `/`
//! → `Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL`. Beliebig viele
//! Anfragen je Verbindung, Leerraum am Rand zählt nicht. Anfragen über 256
//! Bytes → `Fehler: Zeile zu lang` und Schließen.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use super::a01_portansage::{Art, eigene_adresse};
use super::a03_echo::{KURZER_TIMEOUT, stiller_client};
use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Kind, Urteil, Verbindung, nur_loopback};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "09",
    kurz: "dienste",
    titel: "Dienstauskunft",
    kapitel: "Namen und Dienste",
    minuten: 30,
    art: "Server",
    starter: "aufgabe_09_dienste",
    python_starter: Some("aufgabe_09_dienste.py"),
    loesungen: &[
        Loesung::Rust("loesung_09_dienste"),
        Loesung::Python("loesung_09_dienste.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_09_ohne_alias",
            schritt: "Aliasnamen",
            grund: "\"brühe/tcp 4711\"",
        },
        Variante {
            name: "falsch_09_nur_zeilenende",
            schritt: "Leerraum und \\r\\n am Rand",
            grund: "kaffee/tcp 4711",
        },
        Variante {
            name: "falsch_09_grenze_255",
            schritt: "256 Bytes gehen, 257 nicht",
            grund: "256 Bytes",
        },
        Variante {
            name: "falsch_09_ganze_zeile",
            schritt: "Zu lange Zeile ohne Zeilenende",
            grund: "ohne Zeilenende",
        },
        Variante {
            name: "falsch_09_nur_ein_client",
            schritt: "Bedient Client um Client",
            grund: "Client 2 von 3",
        },
        Variante {
            name: "falsch_09_ohne_timeout",
            schritt: "Ein stiller Client hält nicht auf",
            grund: "--timeout",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Startet und meldet seine Adresse",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                ctx.verbinde(a).map(|_| ())
            },
        },
        Schritt {
            name: "Lauscht nur auf Loopback",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                nur_loopback(a, false)
            },
        },
        Schritt {
            name: "Name → Port",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("kaffee/tcp", "kaffee/tcp 4711"),
                        ("echo/udp", "echo/udp 7"),
                    ],
                )
            },
        },
        Schritt {
            name: "Port → Name",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[("4711/tcp", "4711/tcp kaffee"), ("7/tcp", "7/tcp echo")],
                )
            },
        },
        Schritt {
            name: "Aliasnamen",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("brühe/tcp", "brühe/tcp 4711"),
                        ("filter/tcp", "filter/tcp 4711"),
                    ],
                )
                .tipp("Nach dem Port stehen Aliasnamen; sie gelten wie der Name.")
            },
        },
        Schritt {
            name: "Das Protokoll zählt",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("kaffee/udp", "kaffee/udp 4712"),
                        ("tee/udp", "unbekannt"),
                        ("4713/udp", "unbekannt"),
                    ],
                )
                .tipp("kaffee/tcp und kaffee/udp sind verschiedene Einträge.")
            },
        },
        Schritt {
            name: "Kommentare und Leerzeilen",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("Kaffeemaschine/tcp", "unbekannt"),
                        ("nur/tcp", "unbekannt"),
                        ("tee/tcp", "tee/tcp 4713"),
                    ],
                )
                .tipp("Alles ab # ist Kommentar; leere Zeilen überspringen.")
            },
        },
        Schritt {
            name: "Unbekanntes und falsches Format",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("gibtsnicht/tcp", "unbekannt"),
                        ("9999/tcp", "unbekannt"),
                        (
                            "kaffee",
                            "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL",
                        ),
                        ("kaffee/tcp", "kaffee/tcp 4711"),
                    ],
                )
            },
        },
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| {
                let datei = schreibe_datei()?;
                let pfad = datei.0.display().to_string();
                eigene_adresse(ctx, Art::Tcp, &[("DIENSTE_DATEI", &pfad)])
            },
        },
        Schritt {
            name: "Leerraum und \\r\\n am Rand",
            lauf: |ctx| {
                frage(
                    ctx,
                    &[
                        ("  kaffee/tcp \r", "kaffee/tcp 4711"),
                        ("\t4713/tcp\r", "4713/tcp tee"),
                    ],
                )
                .tipp("Entferne Leerraum an beiden Rändern der Anfrage (trim bzw. strip), auch das \\r.")
            },
        },
        Schritt {
            name: "256 Bytes gehen, 257 nicht",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                let mut v = ctx.verbinde(a)?;
                let name = "x".repeat(252);
                v.sende(format!("{name}/tcp\n").as_bytes())?;
                v.erwarte_zeile("unbekannt")
                    .vorn("Eine Anfrage mit genau 256 Bytes ist erlaubt:")?;
                v.sende(format!("{name}x/tcp\n").as_bytes())?;
                v.erwarte_zeile("Fehler: Zeile zu lang")
                    .vorn("Eine Anfrage mit 257 Bytes ist zu lang:")?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Zu lange Zeile ohne Zeilenende",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                let mut v = ctx.verbinde(a)?;
                // Kein \n: Wer erst die ganze Zeile liest und dann misst, wartet
                // hier ewig (und sammelt bei einem frechen Client Gigabytes).
                v.sende(&[b'x'; 257])?;
                v.erwarte_zeile("Fehler: Zeile zu lang")
                    .vorn("Nach 257 Bytes ohne Zeilenende:")
                    .tipp(
                        "Prüfe die Länge beim Lesen, nicht erst, wenn das \\n da ist: take(257) \
                         bzw. readline(257).",
                    )?;
                v.erwarte_ende()
            },
        },
        Schritt {
            name: "Bedient Client um Client",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                for i in 1..=3 {
                    let mut v = ctx.verbinde(a).vorn(&format!("Client {i} von 3:"))?;
                    v.sende(b"tee/tcp\n")?;
                    v.erwarte_zeile("tee/tcp 4713")
                        .vorn(&format!("Client {i} von 3:"))
                        .tipp(
                            "Nach dem Ende einer Verbindung wartet der Server mit accept() auf \
                             den nächsten Client.",
                        )?;
                    // Auflegen: read() liefert dem Server 0 Bytes.
                }
                Ok(())
            },
        },
        Schritt {
            name: "Mehrere Anfragen in einem Paket",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx)?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"kaffee/tcp\n4712/udp\ntee/tcp\n")?;
                v.erwarte_zeile("kaffee/tcp 4711")?;
                v.erwarte_zeile("4712/udp kaffee")?;
                v.erwarte_zeile("tee/tcp 4713")
            },
        },
        Schritt {
            name: "Ein stiller Client hält nicht auf",
            lauf: |ctx| {
                let (_d, _k, a) = starte_mit(ctx, &["--timeout", KURZER_TIMEOUT])?;
                stiller_client(ctx, a, b"tee/tcp\n", "tee/tcp 4713")
            },
        },
    ],
};

/// Die Dienstedatei des Prüfers, im Format von /etc/services.
const DIENSTE: &str = "\
# Testdatei des Prüfers, aufgebaut wie /etc/services
echo\t\t7/tcp
echo\t\t7/udp
kaffee\t\t4711/tcp\tbrühe filter\t# Kaffeemaschine

kaffee\t\t4712/udp
  # nur 4714/tcp steht hier im Kommentar
tee\t\t4713/tcp\t\t# nur TCP
";

/// Schreibt die Datei in ein Temp-Verzeichnis und räumt sie beim Drop weg.
struct Datei(PathBuf);

impl Drop for Datei {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn starte(ctx: &Ctx) -> Result<(Datei, Kind, SocketAddr), Fehlschlag> {
    starte_mit(ctx, &[])
}

fn starte_mit(ctx: &Ctx, args: &[&str]) -> Result<(Datei, Kind, SocketAddr), Fehlschlag> {
    let datei = schreibe_datei()?;
    let pfadtext = datei.0.display().to_string();
    let (k, a) = ctx.server(args, &[("DIENSTE_DATEI", &pfadtext)])?;
    Ok((datei, k, a))
}

fn schreibe_datei() -> Result<Datei, Fehlschlag> {
    static ZAEHLER: AtomicU32 = AtomicU32::new(0);
    let pfad = std::env::temp_dir().join(format!(
        "pruefen-dienste-{}-{}.txt",
        std::process::id(),
        ZAEHLER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&pfad, DIENSTE)
        .map_err(|e| format!("Prüfer kann keine Temp-Datei schreiben: {e}"))?;
    Ok(Datei(pfad))
}

fn frage(ctx: &Ctx, paare: &[(&str, &str)]) -> Urteil {
    let (_d, _k, a) = starte(ctx)?;
    let mut v: Verbindung = ctx.verbinde(a)?;
    for (anfrage, antwort) in paare {
        v.sende(format!("{anfrage}\n").as_bytes())?;
        v.erwarte_zeile(antwort)
            .vorn(&format!("Auf {anfrage:?}:"))?;
    }
    Ok(())
}

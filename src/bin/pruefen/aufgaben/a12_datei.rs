//! Aufgabe 12 „Dateiübertragung mit Längenpräfix“ (Netzwerk-Byte-Order).
//!
//! Erwartungshorizont: Anfrage = u16 Namenslänge (Big Endian), Name (UTF-8),
//! u64 Datenlänge (Big Endian), Daten. Der Server liest mit read_exact,
//! prüft den Namen (1–255 Bytes, kein `/`, `\`, kein `..`, kein NUL) und die
//! Länge (höchstens 100 MiB) und schreibt die Datei nach `ZIELORDNER`
//! (Umgebungsvariable, sonst `empfangen`). Antwort immer 9 Bytes: Status (0 =
//! gespeichert, 1 = ungültiger Name, 2 = zu groß) und u64 Big Endian mit der
//! Zahl gespeicherter Bytes. Bei 1 und 2 antwortet er sofort, ohne Daten zu
//! lesen, und schließt.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Kind, Urteil, falsch, nur_loopback, sprich};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "12",
    kurz: "datei",
    titel: "Dateiübertragung mit Längenpräfix",
    kapitel: "Netzwerk-Byte-Order",
    minuten: 45,
    art: "Server",
    starter: "aufgabe_12_datei",
    python_starter: Some("aufgabe_12_datei.py"),
    loesungen: &[
        Loesung::Rust("loesung_12_datei"),
        Loesung::Python("loesung_12_datei.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_12_little_endian",
            schritt: "Speichert eine kleine Datei",
            grund: "Big Endian",
        },
        Variante {
            name: "falsch_12_um_eins",
            schritt: "Namenslänge genau 255 Bytes",
            grund: "255",
        },
        Variante {
            name: "falsch_12_steuerzeichen",
            schritt: "Lehnt Steuerzeichen und Laufwerke ab",
            grund: "Steuerzeichen",
        },
        Variante {
            name: "falsch_12_nur_einer",
            schritt: "Bleibt für weitere Clients da",
            grund: "Client 2",
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
                let (_o, _k, a) = starte(ctx)?;
                nur_loopback(a, false)
            },
        },
        Schritt {
            name: "Speichert eine kleine Datei",
            lauf: |ctx| sende_datei(ctx, "gruss.txt", "Hallo, Datei!\n".as_bytes(), 0),
        },
        Schritt {
            name: "Große Datei in Stücken",
            lauf: |ctx| {
                let mut daten = Vec::with_capacity(1 << 20);
                let mut x: u32 = 12345;
                while daten.len() < 1 << 20 {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    daten.push((x >> 16) as u8);
                }
                sende_datei(ctx, "zufall.bin", &daten, 4093)
            },
        },
        Schritt {
            name: "Leere Datei",
            lauf: |ctx| sende_datei(ctx, "leer.txt", b"", 0),
        },
        Schritt {
            name: "Lehnt gefährliche Namen ab",
            lauf: |ctx| {
                for name in ["../boese.txt", "a/b.txt", "..", "", "a\\b.txt"] {
                    abgelehnt(ctx, name.as_bytes(), 5, 1).vorn(&format!("Name {name:?}:"))?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Namenslänge genau 255 Bytes",
            lauf: |ctx| {
                sende_datei(ctx, &"n".repeat(255), b"lang", 0)
                    .vorn("Ein Name mit genau 255 Bytes ist erlaubt:")?;
                abgelehnt(ctx, "n".repeat(256).as_bytes(), 1, 1)
                    .vorn("Ein Name mit 256 Bytes ist zu lang:")
            },
        },
        Schritt {
            name: "Lehnt Steuerzeichen und Laufwerke ab",
            lauf: |ctx| {
                for name in [&b"a\x1b[2Jb"[..], b"zwei\nZeilen", b"C:x", b"tab\tname"] {
                    abgelehnt(ctx, name, 1, 1)
                        .vorn(&format!("Name {}:", crate::werkzeug::zeig(name)))
                        .tipp(
                            "Steuerzeichen (ESC, \\n, \\t, NUL …) und `:` sind im Namen verboten: \
                             ESC verändert das Terminal, `C:x` führt unter Windows aus dem Ordner.",
                        )?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Bleibt für weitere Clients da",
            lauf: |ctx| {
                let (ordner, _k, a) = starte(ctx)?;
                for i in 1..=3 {
                    let name = format!("datei{i}.txt");
                    let mut v = ctx.verbinde(a).vorn(&format!(
                        "Client {i}: Ein Server bleibt für den nächsten da."
                    ))?;
                    let mut alles = anfrage(name.as_bytes(), 2);
                    alles.extend_from_slice(b"ok");
                    v.sende(&alles)?;
                    let antwort = v.lies_genau(9).vorn(&format!("Client {i}:"))?;
                    if antwort[0] != 0 {
                        return falsch(format!("Client {i}: Status {} statt 0.", antwort[0]));
                    }
                    v.erwarte_ende()?;
                    if !ordner.0.join("ziel").join(&name).exists() {
                        return falsch(format!("Die Datei {name} fehlt im ZIELORDNER."));
                    }
                }
                Ok(())
            },
        },
        Schritt {
            name: "Lehnt zu große Dateien ab",
            lauf: |ctx| {
                abgelehnt(ctx, b"riesig.bin", 1 << 40, 2)
                    .tipp("Prüfe die Länge, bevor du Daten liest oder Speicher reservierst.")
            },
        },
    ],
};

/// Der Tipp zur Byte-Order, in der Sprache des geprüften Programms.
fn tipp_byteorder() -> &'static str {
    sprich(
        "Liest dein Server die Längen in Netzwerk-Byte-Order (Big Endian: \
         u16::from_be_bytes/u64::from_be_bytes) und mit read_exact?",
        "Liest dein Server die Längen in Netzwerk-Byte-Order (Big Endian: struct.unpack mit \
         \"!H\"/\"!Q\") und jedes Feld ganz (recv in einer Schleife, bis alle Bytes da sind)?",
    )
}

/// Ein Zielordner im Temp-Verzeichnis, der beim Drop gelöscht wird.
struct Ordner(PathBuf);

impl Drop for Ordner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn starte(ctx: &Ctx) -> Result<(Ordner, Kind, SocketAddr), Fehlschlag> {
    static ZAEHLER: AtomicU32 = AtomicU32::new(0);
    let basis = std::env::temp_dir().join(format!(
        "pruefen-datei-{}-{}",
        std::process::id(),
        ZAEHLER.fetch_add(1, Ordering::Relaxed)
    ));
    let ziel = basis.join("ziel");
    std::fs::create_dir_all(&ziel)
        .map_err(|e| format!("Prüfer kann keinen Ordner anlegen: {e}"))?;
    let ordner = Ordner(basis);
    let zieltext = ziel.display().to_string();
    let (k, a) = ctx.server(&[], &[("ZIELORDNER", &zieltext)])?;
    Ok((ordner, k, a))
}

fn anfrage(name: &[u8], laenge: u64) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&(name.len() as u16).to_be_bytes());
    b.extend_from_slice(name);
    b.extend_from_slice(&laenge.to_be_bytes());
    b
}

fn sende_datei(ctx: &Ctx, name: &str, daten: &[u8], stueck: usize) -> Urteil {
    let (ordner, _k, a) = starte(ctx)?;
    let mut v = ctx.verbinde(a)?;
    let mut alles = anfrage(name.as_bytes(), daten.len() as u64);
    alles.extend_from_slice(daten);
    if stueck == 0 {
        v.sende(&alles)?;
    } else {
        for (i, teil) in alles.chunks(stueck).enumerate() {
            v.sende(teil)?;
            if i % 32 == 31 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
    let antwort = v.lies_genau(9).tipp(tipp_byteorder())?;
    let laenge = u64::from_be_bytes(antwort[1..9].try_into().unwrap_or_default());
    if antwort[0] != 0 {
        let rat = match antwort[0] {
            1 => "Der Server hält den Namen für ungültig.",
            2 => "Der Server hält die Datei für zu groß.",
            _ => tipp_byteorder(),
        };
        return falsch(format!(
            "Status {} statt 0 (gespeichert). {rat}",
            antwort[0]
        ));
    }
    if laenge != daten.len() as u64 {
        return falsch(format!(
            "Die Antwort meldet {laenge} gespeicherte Bytes statt {}. Schicke die Zahl als u64 \
             Big Endian ({}).",
            daten.len(),
            sprich("to_be_bytes", "struct.pack(\"!BQ\", status, anzahl)")
        ));
    }
    v.erwarte_ende()?;
    let pfad = ordner.0.join("ziel").join(name);
    let inhalt = std::fs::read(&pfad).map_err(|_| {
        format!(
            "Die Datei {} fehlt. Speichere sie im ZIELORDNER.",
            pfad.display()
        )
    })?;
    if inhalt != daten {
        return falsch(format!(
            "Die gespeicherte Datei hat {} Bytes und weicht vom Gesendeten ({} Bytes) ab. {}",
            inhalt.len(),
            daten.len(),
            sprich(
                "Lies genau die angekündigte Länge (read_exact/take) und schreibe alles \
                 (write_all).",
                "Lies genau die angekündigte Länge (recv in einer Schleife, bis alles da ist) und \
                 schreibe jedes Stück in die Datei.",
            )
        ));
    }
    Ok(())
}

fn abgelehnt(ctx: &Ctx, name: &[u8], laenge: u64, status: u8) -> Urteil {
    let (ordner, _k, a) = starte(ctx)?;
    let mut v = ctx.verbinde(a)?;
    v.sende(&anfrage(name, laenge))?;
    let antwort = v.lies_genau(9).tipp(
        "Prüfe Name und Länge gleich nach dem Kopf und antworte sofort, ohne auf Daten zu warten.",
    )?;
    if antwort[0] != status {
        return falsch(format!("Status {} statt {status}.", antwort[0]));
    }
    if ordner.0.join("boese.txt").exists() {
        return falsch("Die Datei landete außerhalb des Zielordners!");
    }
    Ok(())
}

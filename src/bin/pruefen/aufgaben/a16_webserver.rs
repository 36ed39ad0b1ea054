//! Aufgabe 16 „Mini-Webserver“ (Protokolle auf TCP: HTTP von Hand).
//!
//! Erwartungshorizont: Eine Anfrage je Verbindung. Der Server liest den
//! Kopf bis zur Leerzeile (höchstens 8 KiB, sonst `431`), zerlegt die
//! Anfragezeile `METHODE PFAD VERSION` (sonst `400`) und antwortet mit
//! `HTTP/1.1 STATUS`, `Content-Type`, `Content-Length`, `Connection: close`:
//! `GET /` und `GET /index.html` → 200 mit dem Inhalt der Datei aus `SEITE`
//! (sonst einer eingebauten Seite) als `text/html; charset=utf-8`; andere
//! Pfade → 404; andere Methoden → 405 mit `Allow: GET`. Er schreibt alles mit
//! write_all und schließt dann.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Urteil, Verbindung, dauer, falsch, nur_loopback, sprich, zeig,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "16",
    kurz: "webserver",
    titel: "Mini-Webserver",
    kapitel: "HTTP von Hand",
    minuten: 50,
    art: "Server",
    starter: "aufgabe_16_webserver",
    python_starter: Some("aufgabe_16_webserver.py"),
    loesungen: &[
        Loesung::Rust("loesung_16_webserver"),
        Loesung::Python("loesung_16_webserver.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_16_ein_read",
            schritt: "Große Seite vollständig",
            grund: "write_all",
        },
        Variante {
            name: "falsch_16_ohne_close",
            schritt: "Sagt Connection: close",
            grund: "Connection: close",
        },
        Variante {
            name: "falsch_16_um_eins",
            schritt: "Kopf genau 8 KiB",
            grund: "genau 8192",
        },
        Variante {
            name: "falsch_16_nur_einer",
            schritt: "Bleibt für weitere Clients da",
            grund: "Anfrage 2",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Startet und meldet seine Adresse",
            lauf: |ctx| starte(ctx, KLEIN).map(|_| ()),
        },
        Schritt {
            name: "Lauscht nur auf Loopback",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                nur_loopback(a, false)
            },
        },
        Schritt {
            name: "Liefert die Seite",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                seite(
                    ctx,
                    a,
                    "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    KLEIN.as_bytes(),
                )?;
                seite(
                    ctx,
                    a,
                    "GET /index.html HTTP/1.1\r\nHost: localhost\r\nUser-Agent: pruefen\r\nAccept: */*\r\n\r\n",
                    KLEIN.as_bytes(),
                )
                .vorn("GET /index.html:")
            },
        },
        Schritt {
            name: "Sagt Connection: close",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                for (anfrage, erwartet) in [
                    ("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 200),
                    ("GET /gibtsnicht HTTP/1.1\r\nHost: localhost\r\n\r\n", 404),
                    (
                        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
                        405,
                    ),
                    ("Hallo Server\r\n\r\n", 400),
                ] {
                    let kopf = status(ctx, a, anfrage.as_bytes(), erwartet)?;
                    match kopf.get("connection") {
                        Some(w) if w.eq_ignore_ascii_case("close") => {}
                        w => {
                            return falsch(format!(
                                "Zur Antwort {erwartet} fehlt die Kopfzeile \"Connection: close\" \
                                 (gekommen: {w:?}). Ohne sie darf ein HTTP/1.1-Client annehmen, \
                                 dass die Verbindung offen bleibt, und wartet auf mehr."
                            ));
                        }
                    }
                }
                Ok(())
            },
        },
        Schritt {
            name: "Bleibt für weitere Clients da",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                for i in 1..=3 {
                    let anfrage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
                    seite(ctx, a, anfrage, KLEIN.as_bytes()).vorn(&format!(
                        "Anfrage {i} an denselben Server (er bleibt für den nächsten Client da):"
                    ))?;
                }
                Ok(())
            },
        },
        Schritt {
            name: "Große Seite vollständig",
            lauf: |ctx| {
                let gross = gross();
                let (_d, _k, a) = starte(ctx, &gross)?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
                let roh = lies_langsam(&mut v, ctx.frist)?;
                pruefe_seite(zerlege(roh)?, gross.as_bytes())
            },
        },
        Schritt {
            name: "Unbekannter Pfad → 404",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                status(
                    ctx,
                    a,
                    b"GET /gibtsnicht HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    404,
                )
                .map(|_| ())
            },
        },
        Schritt {
            name: "Andere Methode → 405",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                let kopf = status(
                    ctx,
                    a,
                    b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
                    405,
                )?;
                match kopf.get("allow") {
                    Some(w) if w.contains("GET") => Ok(()),
                    _ => falsch("Zu 405 gehört die Kopfzeile \"Allow: GET\"."),
                }
            },
        },
        Schritt {
            name: "Anfrage kommt in Stücken",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                let mut v = ctx.verbinde(a)?;
                v.sende_stueckweise(
                    b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    3,
                    Duration::from_millis(10),
                )?;
                let (code, _k, body) = lies_antwort(&mut v)?;
                if code != 200 || body != KLEIN.as_bytes() {
                    return falsch(format!(
                        "Erwartet war 200 mit der Seite, gekommen ist {code}. Lies den Kopf bis zur \
                         Leerzeile (\\r\\n\\r\\n), nicht nur ein {}.",
                        sprich("read()", "recv()")
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Kaputte Anfrage → 400",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                status(ctx, a, b"Hallo Server\r\n\r\n", 400)?;
                seite(ctx, a, "GET / HTTP/1.1\r\n\r\n", KLEIN.as_bytes()).vorn("Danach:")
            },
        },
        Schritt {
            name: "Zu großer Kopf → 431",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                let mut anfrage = b"GET / HTTP/1.1\r\nX-Viel: ".to_vec();
                anfrage.extend(std::iter::repeat_n(b'a', 10_000));
                status(ctx, a, &anfrage, 431).tipp(sprich(
                    "Lies höchstens 8 KiB Kopf (take(8192)).",
                    "Lies höchstens 8 KiB Kopf: Hör auf zu lesen, sobald 8192 Bytes da sind.",
                ))?;
                seite(ctx, a, "GET / HTTP/1.1\r\n\r\n", KLEIN.as_bytes()).vorn("Danach:")
            },
        },
        Schritt {
            name: "Kopf genau 8 KiB",
            lauf: |ctx| {
                let (_d, _k, a) = starte(ctx, KLEIN)?;
                let genau = kopf_mit(MAX_KOPF);
                let mut v = ctx.verbinde(a)?;
                v.sende(&genau)?;
                pruefe_seite(lies_antwort(&mut v)?, KLEIN.as_bytes()).vorn(&format!(
                    "Ein Kopf von genau {MAX_KOPF} Bytes (Leerzeile mitgezählt) ist erlaubt:"
                ))?;
                status(ctx, a, &kopf_mit(MAX_KOPF + 1), 431)
                    .vorn(&format!("Ein Kopf von {} Bytes:", MAX_KOPF + 1))
                    .map(|_| ())
            },
        },
    ],
};

/// Größter erlaubter Kopf samt Leerzeile.
const MAX_KOPF: usize = 8192;

/// Eine gültige Anfrage nach `/`, deren Kopf samt `\r\n\r\n` genau `laenge` Bytes hat.
fn kopf_mit(laenge: usize) -> Vec<u8> {
    let mut kopf = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Fuellung: ".to_vec();
    let rest = laenge.saturating_sub(kopf.len() + 4);
    kopf.extend(std::iter::repeat_n(b'a', rest));
    kopf.extend_from_slice(b"\r\n\r\n");
    kopf
}

const KLEIN: &str = "<!DOCTYPE html>\n<html lang=\"de\"><meta charset=\"utf-8\"><title>Prüfseite</title>\n<h1>Grüße vom Prüfer</h1></html>\n";

/// Größe der großen Seite: mehr, als ein einzelnes send() unter Linux mit den
/// Standardpuffern (`net.ipv4.tcp_wmem`, höchstens 4 MiB) auf einmal annimmt,
/// solange der Prüfer noch nicht liest.
const GROSS: usize = 6 * 1024 * 1024;

fn gross() -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"de\"><meta charset=\"utf-8\"><title>Groß</title>\n",
    );
    let mut i = 0;
    while s.len() < GROSS {
        s.push_str(&format!(
            "<p>Absatz {i}: Größere Seiten kommen in vielen TCP-Segmenten an.</p>\n"
        ));
        i += 1;
    }
    s.push_str("</html>\n");
    s
}

struct Datei(PathBuf);

impl Drop for Datei {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn starte(ctx: &Ctx, inhalt: &str) -> Result<(Datei, Kind, SocketAddr), Fehlschlag> {
    static ZAEHLER: AtomicU32 = AtomicU32::new(0);
    let pfad = std::env::temp_dir().join(format!(
        "pruefen-seite-{}-{}.html",
        std::process::id(),
        ZAEHLER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&pfad, inhalt)
        .map_err(|e| format!("Prüfer kann keine Temp-Datei schreiben: {e}"))?;
    let d = Datei(pfad);
    let text = d.0.display().to_string();
    let (k, a) = ctx.server(&[], &[("SEITE", &text)])?;
    Ok((d, k, a))
}

/// Liest die ganze Antwort bis zum Verbindungsende und zerlegt sie.
/// Statuscode, Kopfzeilen (Namen klein geschrieben) und Inhalt.
type Antwort = (u16, HashMap<String, String>, Vec<u8>);

fn lies_antwort(v: &mut Verbindung) -> Result<Antwort, Fehlschlag> {
    let roh = v
        .lies_bis_ende(2 * GROSS)
        .tipp("Nach der Antwort schließt der Server die Verbindung (Connection: close).")?;
    zerlege(roh)
}

/// Liest die Antwort absichtlich langsam: erst 300 ms gar nicht, dann 256 KiB
/// in kleinen Happen mit Pausen, den Rest zügig. So laufen die Puffer voll,
/// und ein einzelnes send() schickt nur einen Teil, wenn der Socket nicht
/// blockiert (Python mit settimeout, Rust mit set_nonblocking). Ein
/// blockierendes send() ohne Timeout wartet unter Linux, bis alles im Puffer
/// ist; diesen Fehler kann kein Prüfer von außen sehen.
fn lies_langsam(v: &mut Verbindung, frist: Duration) -> Result<Vec<u8>, Fehlschlag> {
    use std::io::Read;
    let ende = Instant::now() + frist;
    std::thread::sleep(Duration::from_millis(300));
    let mut roh = Vec::new();
    let mut happen = [0u8; 65536];
    loop {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() || v.strom.set_read_timeout(Some(rest)).is_err() {
            return falsch(format!(
                "Nach {} war die Antwort nicht vollständig da ({} Bytes angekommen); der Server \
                 schloss die Verbindung nicht.",
                dauer(frist),
                roh.len()
            ));
        }
        let langsam = roh.len() < 256 * 1024;
        let n = if langsam { 4096 } else { happen.len() };
        match v.strom.read(&mut happen[..n]) {
            Ok(0) => return Ok(roh),
            Ok(n) => roh.extend_from_slice(&happen[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset && !roh.is_empty() => {
                return Ok(roh);
            }
            Err(e) => {
                return falsch(format!(
                    "Lesen ist gescheitert ({e}), {} Bytes waren da.",
                    roh.len()
                ));
            }
        }
        if roh.len() > 2 * GROSS {
            return falsch("Mehr als doppelt so viel wie die Seite – das ist zu viel.");
        }
        if langsam {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// Zerlegt eine ganze Antwort in Status, Kopfzeilen und Inhalt.
fn zerlege(roh: Vec<u8>) -> Result<Antwort, Fehlschlag> {
    let Some(ende) = roh.windows(4).position(|w| w == b"\r\n\r\n") else {
        return falsch(format!(
            "Die Antwort hat keine Leerzeile (\\r\\n\\r\\n) zwischen Kopf und Inhalt: {}",
            zeig(&roh[..roh.len().min(200)])
        ));
    };
    let kopf = String::from_utf8_lossy(&roh[..ende]).into_owned();
    let body = roh[ende + 4..].to_vec();
    let mut zeilen = kopf.split("\r\n");
    let statuszeile = zeilen.next().unwrap_or_default();
    let mut teile = statuszeile.splitn(3, ' ');
    let (version, code) = (
        teile.next().unwrap_or_default(),
        teile.next().unwrap_or_default(),
    );
    if !version.starts_with("HTTP/1.") {
        return falsch(format!(
            "Die Statuszeile {statuszeile:?} beginnt nicht mit HTTP/1.1."
        ));
    }
    let code: u16 = code
        .parse()
        .map_err(|_| format!("In der Statuszeile {statuszeile:?} fehlt der Statuscode."))?;
    let mut felder = HashMap::new();
    for z in zeilen {
        if let Some((n, w)) = z.split_once(':') {
            felder.insert(n.trim().to_ascii_lowercase(), w.trim().to_string());
        }
    }
    if let Some(laenge) = felder.get("content-length") {
        let laenge: usize = laenge
            .parse()
            .map_err(|_| format!("Content-Length {laenge:?} ist keine Zahl."))?;
        if laenge != body.len() {
            return falsch(format!(
                "Content-Length sagt {laenge} Bytes, angekommen sind {}. Ein write()/send() \
                 schreibt womöglich nur einen Teil: nutze write_all (Python: sendall), und zähle \
                 Bytes, nicht Zeichen.",
                body.len()
            ));
        }
    } else {
        return falsch("Die Antwort hat keine Kopfzeile Content-Length.");
    }
    Ok((code, felder, body))
}

fn status(
    ctx: &Ctx,
    a: SocketAddr,
    anfrage: &[u8],
    erwartet: u16,
) -> Result<HashMap<String, String>, Fehlschlag> {
    let mut v = ctx.verbinde(a)?;
    v.sende(anfrage)?;
    let (code, kopf, body) = lies_antwort(&mut v)?;
    if code != erwartet {
        return falsch(format!("Statuscode {code} statt {erwartet}."));
    }
    if body.is_empty() {
        return falsch(format!(
            "Auch zu {erwartet} gehört ein kurzer Text als Inhalt."
        ));
    }
    Ok(kopf)
}

fn seite(ctx: &Ctx, a: SocketAddr, anfrage: &str, inhalt: &[u8]) -> Urteil {
    let mut v = ctx.verbinde(a)?;
    v.sende(anfrage.as_bytes())?;
    pruefe_seite(lies_antwort(&mut v)?, inhalt)
}

/// Status 200, Content-Type HTML mit UTF-8 und genau dieser Inhalt.
fn pruefe_seite((code, kopf, body): Antwort, inhalt: &[u8]) -> Urteil {
    if code != 200 {
        return falsch(format!("Statuscode {code} statt 200."));
    }
    match kopf.get("content-type") {
        Some(t) if t.to_ascii_lowercase().replace(' ', "") == "text/html;charset=utf-8" => {}
        t => {
            return falsch(format!(
                "Content-Type soll \"text/html; charset=utf-8\" sein, ist {t:?}."
            ));
        }
    }
    if body != inhalt {
        return falsch(format!(
            "Der Inhalt weicht von der Datei aus SEITE ab ({} statt {} Bytes).",
            body.len(),
            inhalt.len()
        ));
    }
    Ok(())
}

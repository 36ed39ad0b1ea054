//! Aufgabe 08 „Ausweichserver“ (create_connection).
//!
//! Erwartungshorizont: Wie Pythons `create_connection`, nur über mehrere
//! Kandidaten: Für jedes Argument `HOST:PORT` alle aufgelösten Adressen der
//! Reihe nach; vor jedem Versuch `Versuche ADRESSE`, connect_timeout mit
//! 500 ms, bei Misserfolg `Fehlgeschlagen: ADRESSE (GRUND)`. Beim ersten
//! Erfolg `Verbunden mit ADRESSE`, dann `HALLO\n` senden, eine Zeile lesen,
//! `Antwort: ZEILE` ausgeben, Exit-Code 0. Scheitern alle: stderr mit dem
//! letzten Fehler, Exit-Code ungleich 0.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::thread;
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Kind, Urteil, dauer, falsch, freier_port, kein_stiller_port, kuerze,
    lies_zeile_von, nimm_an, pruef_listener, stiller_port,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "08",
    kurz: "ausweichserver",
    titel: "Ausweichserver",
    kapitel: "create_connection",
    minuten: 30,
    art: "Client",
    starter: "aufgabe_08_ausweichserver",
    python_starter: Some("aufgabe_08_ausweichserver.py"),
    loesungen: &[
        Loesung::Rust("loesung_08_ausweichserver"),
        Loesung::Python("loesung_08_ausweichserver.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_08_nur_erste",
            schritt: "Weicht bei Ablehnung aus",
            grund: "Versuche dann die nächste",
        },
        Variante {
            name: "falsch_08_timeout_1s",
            schritt: "Wartet je Adresse höchstens 500 ms",
            grund: "500 ms",
        },
        Variante {
            name: "falsch_08_ohne_grund",
            schritt: "Keiner erreichbar",
            grund: "letzten Fehler",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Verbindet sich und gibt die Antwort aus",
            lauf: |ctx| {
                let l = pruef_listener()?;
                let a = adresse(&l)?;
                let mut k = ctx.starte(&[&a.to_string()], &[])?;
                bediene(ctx, &l, &mut k, 1)?;
                pruefe_ausgabe(
                    ctx,
                    &mut k,
                    &[&format!("Versuche {a}"), &format!("Verbunden mit {a}")],
                )
            },
        },
        Schritt {
            name: "Weicht bei Ablehnung aus",
            lauf: |ctx| {
                let tot = SocketAddr::from(([127, 0, 0, 1], freier_port()));
                let l = pruef_listener()?;
                let a = adresse(&l)?;
                let mut k = ctx.starte(&[&tot.to_string(), &a.to_string()], &[])?;
                bediene(ctx, &l, &mut k, 2).tipp(
                    "Die erste Adresse lehnt ab (ConnectionRefused). Versuche dann die nächste, \
                     statt aufzugeben.",
                )?;
                pruefe_ausgabe(
                    ctx,
                    &mut k,
                    &[
                        &format!("Versuche {tot}"),
                        &format!("Fehlgeschlagen: {tot} ("),
                        &format!("Versuche {a}"),
                        &format!("Verbunden mit {a}"),
                    ],
                )
            },
        },
        Schritt {
            name: "Weicht bei Stille aus",
            lauf: |ctx| {
                let still = stiller_port(0).ok_or_else(kein_stiller_port)?;
                let l = pruef_listener()?;
                let a = adresse(&l)?;
                let mut k = ctx.starte(&[&still.adresse.to_string(), &a.to_string()], &[])?;
                bediene(ctx, &l, &mut k, 3).tipp(
                    "Die erste Adresse antwortet gar nicht. Ohne connect_timeout wartet connect() \
                     minutenlang; mit 500 ms geht es weiter zur nächsten.",
                )?;
                pruefe_ausgabe(
                    ctx,
                    &mut k,
                    &[
                        &format!("Versuche {}", still.adresse),
                        &format!("Fehlgeschlagen: {} (", still.adresse),
                        &format!("Verbunden mit {a}"),
                    ],
                )
            },
        },
        Schritt {
            name: "Wartet je Adresse höchstens 500 ms",
            lauf: stille_zuerst,
        },
        Schritt {
            name: "Löst Namen auf",
            lauf: |ctx| {
                let l = pruef_listener()?;
                let a = adresse(&l)?;
                let mut k = ctx.starte(&[&format!("localhost:{}", a.port())], &[])?;
                bediene(ctx, &l, &mut k, 4).tipp("Löse den Namen mit to_socket_addrs() auf.")?;
                pruefe_ausgabe(ctx, &mut k, &[&format!("Verbunden mit {a}")])
            },
        },
        Schritt {
            name: "Keiner erreichbar",
            lauf: |ctx| {
                let t1 = format!("127.0.0.1:{}", freier_port());
                let t2 = format!("127.0.0.1:{}", freier_port());
                let mut k = ctx.starte(&[&t1, &t2], &[])?;
                k.erwarte_fehlerende(ctx.frist)?;
                if !k.stderr().contains(&t2) {
                    return falsch(format!(
                        "Die Fehlermeldung nennt den letzten Fehler nicht (die Verbindung zu \
                         {t2}); stderr: {}",
                        kuerze(k.stderr().trim(), 200)
                    ));
                }
                Ok(())
            },
        },
    ],
};

fn adresse(l: &TcpListener) -> Result<SocketAddr, crate::werkzeug::Fehlschlag> {
    Ok(l.local_addr().map_err(|e| e.to_string())?)
}

/// Der Prüfer-Server: nimmt an, erwartet `HALLO`, antwortet.
fn bediene(ctx: &Ctx, l: &TcpListener, k: &mut Kind, nr: u32) -> Urteil {
    let s = nimm_an(
        l,
        ctx.frist + Duration::from_secs(2),
        "dem erreichbaren Server",
    )
    .map_err(|f| match f {
        crate::werkzeug::Fehlschlag::Falsch(g) => format!("{g}{}", k.stderr_hinweis()).into(),
        andere => andere,
    })?;
    let zeile = lies_zeile_von(&s, "„HALLO“")?;
    if zeile != "HALLO" {
        return falsch(format!(
            "Erwartet war die Zeile \"HALLO\", gekommen ist {zeile:?}."
        ));
    }
    (&s).write_all(format!("Willkommen bei Server {nr}\n").as_bytes())
        .map_err(|e| format!("Senden an den Client: {e}"))?;
    // Kurz offen lassen, damit der Client in Ruhe liest.
    thread::sleep(Duration::from_millis(50));
    let _ = nr;
    Ok(())
}

/// Die Ausgabe muss diese Zeilen in dieser Reihenfolge enthalten (als
/// Zeilenanfang) und mit der Antwort enden; Exit-Code 0.
fn pruefe_ausgabe(ctx: &Ctx, k: &mut Kind, erwartet: &[&str]) -> Urteil {
    let status = k.ende_in(ctx.frist)?;
    let zeilen = k.alle_zeilen();
    let mut pos = 0;
    for e in erwartet {
        match zeilen[pos..].iter().position(|z| z.starts_with(e)) {
            Some(i) => pos += i + 1,
            None => {
                return falsch(format!(
                    "In der Ausgabe fehlt (an dieser Stelle) eine Zeile, die mit {e:?} beginnt. \
                     Ausgabe: {zeilen:?}"
                ));
            }
        }
    }
    match zeilen.last() {
        Some(z) if z.starts_with("Antwort: Willkommen bei Server") => {}
        _ => {
            return falsch(format!(
                "Die letzte Zeile muss „Antwort: …“ mit der Zeile des Servers sein. Ausgabe: {zeilen:?}"
            ));
        }
    }
    if !status.success() {
        return falsch(format!(
            "Der Client endete mit {status} statt mit Exit-Code 0."
        ));
    }
    Ok(())
}

/// Vier stille Adressen, dann der erreichbare Server: Mit 500 ms je Versuch
/// kommt der Client nach 2 s an. Wer länger wartet (1 s: 4 s), fällt auf.
fn stille_zuerst(ctx: &Ctx) -> Urteil {
    const STILLE: u32 = 4;
    let mut stille = Vec::new();
    for _ in 0..STILLE {
        stille.push(stiller_port(0).ok_or_else(kein_stiller_port)?);
    }
    let l = pruef_listener()?;
    let a = adresse(&l)?;
    let mut args: Vec<String> = stille.iter().map(|s| s.adresse.to_string()).collect();
    args.push(a.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let grenze = Duration::from_millis(500) * STILLE + Duration::from_millis(900);
    let start = Instant::now();
    let mut k = ctx.starte(&args, &[])?;
    let s = nimm_an(
        &l,
        grenze,
        "dem erreichbaren Server hinter vier stillen Adressen",
    )
    .tipp("Mit 500 ms je Versuch wärst du längst verbunden. Ist dein Timeout länger als 500 ms?")?;
    let gebraucht = start.elapsed();
    drop(s);
    let _ = k.ende_in(ctx.frist);
    if gebraucht > grenze {
        return falsch(format!(
            "Vier stille Adressen hintereinander dauerten {}; mit 500 ms je Versuch wären es \
             höchstens {} (samt Spielraum).",
            dauer(gebraucht),
            dauer(grenze)
        ));
    }
    Ok(())
}

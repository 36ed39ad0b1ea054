//! Aufgabe 19 „Pipelining gegen Latenz“ (Wie schnell ist das?).
//!
//! Erwartungshorizont: Aufruf `ADRESSE ANZAHL`. Erste Zeile
//! `Verbunden mit ADRESSE`. Der Client schickt `QUADRAT k\n` für k = 1 bis
//! ANZAHL, ohne auf Antworten zu warten (gepuffert, z. B. BufWriter und ein
//! flush), liest dann ANZAHL Antwortzeilen (je eine Zahl) und gibt
//! `Summe: S` aus, Exit-Code 0. Bei 25 ms Latenz je Antwort braucht das
//! Ping-Pong-Verfahren für 400 Anfragen über 10 s, Pipelining einen Bruchteil.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, dauer, falsch, freier_port, kuerze, nimm_an, pruef_listener, sprich,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "19",
    kurz: "pipeline",
    titel: "Pipelining gegen Latenz",
    kapitel: "Wie schnell ist das?",
    minuten: 35,
    art: "Client",
    starter: "aufgabe_19_pipeline",
    python_starter: Some("aufgabe_19_pipeline.py"),
    loesungen: &[
        Loesung::Rust("loesung_19_pipeline"),
        Loesung::Python("loesung_19_pipeline.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_19_ping_pong",
            schritt: "400 Anfragen trotz 25 ms Latenz",
            grund: "Pipelining",
        },
        Variante {
            name: "falsch_19_ab_null",
            schritt: "Genau die Anfragen 1 bis ANZAHL",
            grund: "QUADRAT 0",
        },
        Variante {
            name: "falsch_19_summe_u32",
            schritt: "Große Summe über 2³²",
            grund: "u64",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Fünf Anfragen",
            lauf: |ctx| lauf(ctx, 5, Duration::ZERO, false, ctx.frist * 2).map(|_| ()),
        },
        Schritt {
            name: "Genau die Anfragen 1 bis ANZAHL",
            lauf: |ctx| {
                let anfragen = lauf(ctx, 7, Duration::ZERO, false, ctx.frist * 2)?;
                let erwartet: Vec<String> = (1..=7).map(|k| format!("QUADRAT {k}")).collect();
                if anfragen != erwartet {
                    return falsch(format!(
                        "Mit ANZAHL 7 erwartet der Server genau QUADRAT 1 bis QUADRAT 7 in \
                             dieser Reihenfolge, bekommen hat er {} Zeilen: {}.",
                        anfragen.len(),
                        kuerze(&anfragen.join(", "), 200)
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Antworten kommen in Stücken",
            lauf: |ctx| lauf(ctx, 50, Duration::ZERO, true, ctx.frist * 2).map(|_| ()),
        },
        Schritt {
            name: "400 Anfragen trotz 25 ms Latenz",
            lauf: |ctx| {
                lauf(
                    ctx,
                    400,
                    Duration::from_millis(25),
                    false,
                    Duration::from_secs(4),
                )
                .map(|_| ())
                .tipp(
                    "Bei 25 ms Latenz kostet Warten auf jede Antwort 400 × 25 ms = 10 s. Schicke \
                     alle Anfragen, bevor du die Antworten liest (Pipelining).",
                )
            },
        },
        Schritt {
            name: "Große Summe über 2³²",
            lauf: |ctx| {
                lauf(ctx, 3000, Duration::ZERO, false, ctx.frist * 2)
                    .map(|_| ())
                    .tipp(sprich(
                        "Die Summe für 3000 Anfragen ist 9004500500, mehr als 2³² \
                         (4294967295): Zähle in einem u64, nicht in u32 oder i32.",
                        "Die Summe für 3000 Anfragen ist 9004500500. Zählst du jede Antwort \
                         genau einmal?",
                    ))
            },
        },
        Schritt {
            name: "Server fehlt",
            lauf: |ctx| {
                let a = format!("127.0.0.1:{}", freier_port());
                ctx.starte(&[&a, "3"], &[])?.erwarte_fehlerende(ctx.frist)
            },
        },
    ],
};

/// Der Prüfer-Server: beantwortet `QUADRAT k` mit k², jede Antwort `latenz`
/// nach Eingang der Anfrage; mit `stuecke` zerteilt er die Antworten.
fn server(
    l: TcpListener,
    frist: Duration,
    latenz: Duration,
    stuecke: bool,
    protokoll: mpsc::Sender<Vec<String>>,
) -> Result<(), String> {
    let s = nimm_an(&l, frist, "dem Server").map_err(|f| format!("{f:?}"))?;
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    let mut schreiber = s.try_clone().map_err(|e| e.to_string())?;
    let sender = thread::spawn(move || {
        for (i, (faellig, antwort)) in rx.into_iter().enumerate() {
            let jetzt = Instant::now();
            if faellig > jetzt {
                thread::sleep(faellig - jetzt);
            }
            let bytes = antwort.as_bytes();
            let ok = if stuecke {
                // Mal 1, mal 2, mal 3 Bytes: Zeilengrenzen fallen mitten in Stücke.
                bytes.chunks(1 + i % 3).all(|t| {
                    let r = schreiber.write_all(t).is_ok();
                    thread::sleep(Duration::from_micros(200));
                    r
                })
            } else {
                schreiber.write_all(bytes).is_ok()
            };
            if !ok {
                break;
            }
        }
    });
    let leser = BufReader::new(s);
    let mut anfragen = Vec::new();
    for zeile in leser.lines() {
        let Ok(zeile) = zeile else { break };
        if anfragen.len() < 100_000 {
            anfragen.push(zeile.clone());
        }
        let antwort = match zeile
            .strip_prefix("QUADRAT ")
            .and_then(|k| k.trim().parse::<u64>().ok())
        {
            Some(k) => format!("{}\n", k * k),
            None => "FEHLER\n".to_string(),
        };
        if tx.send((Instant::now() + latenz, antwort)).is_err() {
            break;
        }
    }
    drop(tx);
    let _ = sender.join();
    let _ = protokoll.send(anfragen);
    Ok(())
}

/// Startet den Prüfer-Server und den Client; liefert die Anfragezeilen, die
/// der Server bekommen hat.
fn lauf(
    ctx: &Ctx,
    anzahl: u64,
    latenz: Duration,
    stuecke: bool,
    grenze: Duration,
) -> Result<Vec<String>, Fehlschlag> {
    let l = pruef_listener()?;
    let a = l.local_addr().map_err(|e| e.to_string())?;
    let frist = ctx.frist;
    let (protokoll, anfragen) = mpsc::channel();
    thread::spawn(move || server(l, frist, latenz, stuecke, protokoll));
    let start = Instant::now();
    let mut k = ctx.starte(&[&a.to_string(), &anzahl.to_string()], &[])?;
    k.erwarte_zeile(&format!("Verbunden mit {a}"))?;
    let summe: u64 = (1..=anzahl).map(|k| k * k).sum();
    let erwartet = format!("Summe: {summe}");
    let rest = grenze.saturating_sub(start.elapsed());
    let zeile = k
        .zeile_in(rest.max(Duration::from_millis(10)))
        .vorn(&format!(
            "Nach {} war die Summe noch nicht da.",
            dauer(grenze)
        ))?;
    if zeile != erwartet {
        return falsch(format!(
            "Erwartet war {erwartet:?}, gekommen ist {zeile:?}. Kam FEHLER zurück, stimmt das \
             Anfrageformat „QUADRAT k“ nicht; lies jede Antwort als ganze Zeile."
        ));
    }
    let status = k.ende_in(ctx.frist)?;
    if !status.success() {
        return falsch(format!(
            "Der Client endete mit {status} statt mit Exit-Code 0."
        ));
    }
    let _ = TcpStream::connect_timeout(&a, Duration::from_millis(1));
    // Der Client ist beendet, also sieht der Server gleich das Ende.
    anfragen.recv_timeout(ctx.frist).map_err(|_| {
        Fehlschlag::Falsch("Der Prüfer-Server bekam das Ende der Verbindung nicht mit.".into())
    })
}

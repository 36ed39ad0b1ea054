//! Aufgabe 18 „Fehlerdiagnose“ (Störsender, Fehler-Atlas, Werkzeuge).
//!
//! Erwartungshorizont: Aufruf `ADRESSE`. Der Client verbindet sich mit
//! connect_timeout (1 s), liest eine Zeile mit Lese-Timeout (1 s) und gibt
//! genau eine Zeile aus: `OK: ZEILE` (ungültiges UTF-8 als U+FFFD),
//! `ABGELEHNT` (ConnectionRefused), `STILL` (TimedOut/WouldBlock beim
//! Verbinden oder Lesen), `GETRENNT` (0 Bytes vor dem `\n`),
//! `ZURÜCKGESETZT` (ConnectionReset/ConnectionAborted). Exit-Code 0.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Urteil, falsch, freier_port, kein_stiller_port, sprich, stiller_port,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "18",
    kurz: "diagnose",
    titel: "Fehlerdiagnose",
    kapitel: "Fehler-Atlas und Werkzeuge",
    minuten: 35,
    art: "Client",
    starter: "aufgabe_18_diagnose",
    python_starter: Some("aufgabe_18_diagnose.py"),
    loesungen: &[
        Loesung::Rust("loesung_18_diagnose"),
        Loesung::Python("loesung_18_diagnose.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_18_ohne_timeout",
            schritt: "Stiller Server",
            grund: "set_read_timeout",
        },
        Variante {
            name: "falsch_18_lange_frist",
            schritt: "Antwortet nach gut einer Sekunde",
            grund: "1 s",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Begrüßung kommt an",
            lauf: |ctx| {
                mit_server(
                    ctx,
                    |mut s| {
                        let _ = s.write_all(b"Hallo vom Server\n");
                        halte(s)
                    },
                    "OK: Hallo vom Server",
                )
            },
        },
        Schritt {
            name: "Ungültiges UTF-8",
            lauf: |ctx| {
                mit_server(
                    ctx,
                    |mut s| {
                        let _ = s.write_all(b"Gr\xfc\xdfe\n");
                        halte(s)
                    },
                    "OK: Gr\u{fffd}\u{fffd}e",
                )
            },
        },
        Schritt {
            name: "Abgelehnt",
            lauf: |ctx| {
                diagnose(
                    ctx,
                    SocketAddr::from(([127, 0, 0, 1], freier_port())),
                    "ABGELEHNT",
                )
            },
        },
        Schritt {
            name: "Stiller Server",
            lauf: |ctx| {
                mit_server(ctx, halte, "STILL").tipp(sprich(
                    "Der Server nimmt an, sagt aber nichts. Setze set_read_timeout, sonst wartet \
                     read() ewig; WouldBlock und TimedOut bedeuten beide „still“.",
                    "Der Server nimmt an, sagt aber nichts. Setze settimeout(1), sonst wartet \
                     recv() ewig; socket.timeout bedeutet „still“.",
                ))
            },
        },
        Schritt {
            name: "Antwortet nach gut einer Sekunde",
            lauf: |ctx| {
                let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("Prüfer: {e}"))?;
                let a = l.local_addr().map_err(|e| format!("Prüfer: {e}"))?;
                let frist = ctx.frist;
                thread::spawn(move || {
                    if let Ok(s) = crate::werkzeug::nimm_an(&l, frist, "dem Server") {
                        halte(s);
                    }
                });
                let start = Instant::now();
                diagnose(ctx, a, "STILL")?;
                let gedauert = start.elapsed();
                if gedauert > Duration::from_millis(2200) {
                    return falsch(format!(
                        "Die Diagnose STILL kam erst nach {}. Verlangt sind höchstens 1 s fürs \
                         Verbinden und 1 s für die erste Zeile.",
                        crate::werkzeug::dauer(gedauert)
                    ));
                }
                Ok(())
            },
        },
        Schritt {
            name: "Stiller Port",
            lauf: |ctx| {
                let still = stiller_port(0).ok_or_else(kein_stiller_port)?;
                diagnose(ctx, still.adresse, "STILL").tipp(sprich(
                    "Verbinde mit connect_timeout.",
                    "Verbinde mit socket.create_connection(ziel, timeout=1).",
                ))
            },
        },
        Schritt {
            name: "Server legt auf",
            lauf: |ctx| mit_server(ctx, drop, "GETRENNT"),
        },
        Schritt {
            name: "Halbe Zeile, dann aufgelegt",
            lauf: |ctx| {
                mit_server(
                    ctx,
                    |mut s| {
                        let _ = s.write_all(b"Hallo");
                    },
                    "GETRENNT",
                )
            },
        },
        Schritt {
            name: "Verbindung zurückgesetzt",
            lauf: |ctx| {
                mit_server(
                    ctx,
                    |s| {
                        // SO_LINGER mit 0 s: close() schickt ein RST statt FIN.
                        let s = socket2::Socket::from(s);
                        let _ = s.set_linger(Some(Duration::ZERO));
                    },
                    "ZURÜCKGESETZT",
                )
            },
        },
    ],
};

/// Hält die Verbindung offen, ohne etwas zu senden.
fn halte(s: TcpStream) {
    thread::sleep(Duration::from_secs(20));
    drop(s);
}

/// Startet einen Prüfer-Server mit diesem Verhalten und dann den Client.
fn mit_server(ctx: &Ctx, verhalten: fn(TcpStream), erwartet: &str) -> Urteil {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("Prüfer: {e}"))?;
    let a = l.local_addr().map_err(|e| format!("Prüfer: {e}"))?;
    let frist = ctx.frist;
    thread::spawn(move || {
        if let Ok(s) = crate::werkzeug::nimm_an(&l, frist, "dem Server") {
            verhalten(s);
        }
    });
    diagnose(ctx, a, erwartet)
}

fn diagnose(ctx: &Ctx, a: SocketAddr, erwartet: &str) -> Urteil {
    let mut k = ctx.starte(&[&a.to_string()], &[])?;
    let zeile = k.zeile_in(ctx.frist + Duration::from_secs(2))?;
    if zeile != erwartet {
        return falsch(format!(
            "Erwartet war die Diagnose {erwartet:?}, gekommen ist {zeile:?}."
        ));
    }
    let status = k.ende_in(ctx.frist)?;
    if !status.success() {
        return Err(Fehlschlag::Falsch(format!(
            "Die Diagnose ist das Ergebnis: Exit-Code 0 erwartet, nicht {status}."
        )));
    }
    Ok(())
}

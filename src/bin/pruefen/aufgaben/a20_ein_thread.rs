//! Aufgabe 20 „Viele Clients, ein Thread“ (Readiness-Polling, async).
//!
//! Erwartungshorizont: Ein Server beantwortet jede Zeile mit derselben Zeile
//! in Großbuchstaben (a–z → A–Z, alle anderen Bytes bleiben, ein `\r` vor dem
//! `\n` fällt weg), für viele Clients gleichzeitig, aus einem einzigen Thread
//! (mio, tokio mit `current_thread`, Python `selectors` oder `asyncio`). Ein
//! stiller Client hält niemanden auf. Der letzte Schritt zählt unter Linux die
//! Threads aller Prozesse des Servers, während 200 Clients verbunden sind:
//! höchstens 4.

use std::time::Duration;

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Verbindung, falsch, sprich};

/// So viele Clients sind in den Lastschritten gleichzeitig verbunden.
const VIELE: usize = 200;
/// Höchstens so viele Threads darf der Server dabei haben.
const MAX_THREADS: usize = 4;

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "20",
    kurz: "ein_thread",
    titel: "Viele Clients, ein Thread",
    kapitel: "Readiness-Polling und async/await",
    minuten: 45,
    art: "Server",
    starter: "aufgabe_20_ein_thread",
    python_starter: Some("aufgabe_20_ein_thread.py"),
    loesungen: &[
        Loesung::Rust("loesung_20_ein_thread"),
        Loesung::Python("loesung_20_ein_thread.py"),
    ],
    varianten: &[Variante {
        name: "falsch_20_thread_je_client",
        schritt: "Ein Thread für 200 Clients",
        grund: "Threads",
    }],
    punkte: &[("Ein Thread für 200 Clients", 2)],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Antwortet in Großbuchstaben",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende(b"hallo welt\n")?;
                v.erwarte_zeile("HALLO WELT")?;
                v.sende(b"Zwei 2\r\nzeilen!\n")?;
                v.erwarte_zeile("ZWEI 2")
                    .tipp("Ein \\r vor dem \\n fällt weg.")?;
                v.erwarte_zeile("ZEILEN!")
                    .vorn("Zweite Zeile aus demselben Paket:")
            },
        },
        Schritt {
            name: "Zeile kommt in Stücken",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut v = ctx.verbinde(a)?;
                v.sende_stueckweise(b"stueck fuer stueck\n", 3, Duration::from_millis(30))?;
                v.erwarte_zeile("STUECK FUER STUECK").tipp(
                    "Sammle je Client, was ankommt, und antworte erst auf eine vollständige Zeile.",
                )
            },
        },
        Schritt {
            name: "Ein stiller Client hält niemanden auf",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let mut still = ctx.verbinde(a)?;
                still.sende(b"hal")?;
                let mut zweiter = ctx.verbinde(a)?;
                zweiter.sende(b"ich bin dran\n")?;
                zweiter
                    .erwarte_zeile("ICH BIN DRAN")
                    .vorn("Zweiter Client, während der erste schweigt:")
                    .tipp(sprich(
                        "Ein Server mit einem Thread darf nie auf einen Client warten: Lies nur, \
                         wenn Poll die Verbindung als lesbar meldet, und kehre bei WouldBlock \
                         zur Schleife zurück.",
                        "Ein Server mit einem Thread darf nie auf einen Client warten: Stelle \
                         jede Verbindung auf setblocking(False), lies nur, wenn selectors sie als \
                         lesbar meldet, und kehre bei BlockingIOError zur Schleife zurück.",
                    ))?;
                still.sende(b"lo\n")?;
                still
                    .erwarte_zeile("HALLO")
                    .vorn("Der stille Client schickt den Rest seiner Zeile:")
            },
        },
        Schritt {
            name: "200 Clients gleichzeitig",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                viele(ctx, a).map(|_| ())
            },
        },
        Schritt {
            name: "Ein Thread für 200 Clients",
            lauf: |ctx| {
                let (_s, a) = ctx.server(&[], &[])?;
                let _alle = viele(ctx, a)?;
                zaehle_threads(a)
            },
        },
    ],
};

/// Verbindet `VIELE` Clients, lässt alle offen, schickt dann jedem eine Zeile
/// und prüft jede Antwort. Liefert die offenen Verbindungen.
fn viele(ctx: &Ctx, a: std::net::SocketAddr) -> Result<Vec<Verbindung>, Fehlschlag> {
    let mut alle = Vec::with_capacity(VIELE);
    for i in 0..VIELE {
        alle.push(ctx.verbinde(a).vorn(&format!("Client {}:", i + 1))?);
    }
    for (i, v) in alle.iter_mut().enumerate() {
        v.sende(format!("client {i}\n").as_bytes())?;
    }
    for (i, v) in alle.iter_mut().enumerate() {
        v.erwarte_zeile(&format!("CLIENT {i}"))
            .vorn(&format!("Client {} von {VIELE} (alle verbunden):", i + 1))
            .tipp("Alle Clients sind gleichzeitig verbunden; jeder muss seine Antwort bekommen.")?;
    }
    Ok(alle)
}

/// Zählt unter Linux die Threads aller Prozesse in der Prozessgruppe des
/// Servers (der Prüfer startet ihn in einer eigenen Gruppe); so zählen auch
/// Kindprozesse mit.
#[cfg(target_os = "linux")]
fn zaehle_threads(a: std::net::SocketAddr) -> Result<(), Fehlschlag> {
    let pid = linux::pid_zum_lauscher(a.port()).ok_or_else(|| {
        Fehlschlag::Uebersprungen(format!(
            "Den Prozess, der auf {a} lauscht, findet der Prüfer in /proc nicht."
        ))
    })?;
    let (prozesse, threads) = linux::threads_der_gruppe(pid);
    if threads > MAX_THREADS {
        return falsch(format!(
            "Mit {VIELE} verbundenen Clients hat dein Server {threads} Threads (in {prozesse} \
             Prozess(en), gezählt in /proc/PID/status); erlaubt sind höchstens {MAX_THREADS}. \
             Ein Thread je Client skaliert nicht: Bediene alle Verbindungen aus einer Schleife \
             mit mio::Poll (oder tokio mit flavor = \"current_thread\", Python: selectors \
             oder asyncio)."
        ));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn zaehle_threads(_a: std::net::SocketAddr) -> Result<(), Fehlschlag> {
    Err(Fehlschlag::Uebersprungen(
        "Die Threads zählt der Prüfer nur unter Linux (über /proc).".into(),
    ))
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs;

    /// Der Prozess, der den lauschenden Socket auf `127.0.0.1:port` offen hat:
    /// Inode aus /proc/net/tcp, dann die Dateideskriptoren aller Prozesse.
    pub fn pid_zum_lauscher(port: u16) -> Option<u32> {
        let gesucht = format!(":{port:04X}");
        let mut inode = None;
        for datei in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = fs::read_to_string(datei).unwrap_or_default();
            for zeile in text.lines().skip(1) {
                let f: Vec<&str> = zeile.split_whitespace().collect();
                // f[1] lokale Adresse, f[3] Zustand (0A = LISTEN), f[9] Inode.
                if f.len() > 9 && f[1].ends_with(&gesucht) && f[3] == "0A" {
                    inode = Some(format!("socket:[{}]", f[9]));
                }
            }
        }
        let inode = inode?;
        for (pid, _) in prozesse() {
            let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
                continue;
            };
            for fd in fds.flatten() {
                if fs::read_link(fd.path()).is_ok_and(|z| z.to_string_lossy() == inode) {
                    return Some(pid);
                }
            }
        }
        None
    }

    /// Alle Prozesse: PID und Prozessgruppe (aus /proc/PID/stat).
    fn prozesse() -> Vec<(u32, Option<u32>)> {
        let Ok(eintraege) = fs::read_dir("/proc") else {
            return Vec::new();
        };
        eintraege
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .map(|pid| (pid, gruppe(pid)))
            .collect()
    }

    /// Das dritte Feld hinter dem Programmnamen (in Klammern) ist die Gruppe.
    fn gruppe(pid: u32) -> Option<u32> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = &stat[stat.rfind(')')? + 1..];
        rest.split_whitespace().nth(2)?.parse().ok()
    }

    fn threads(pid: u32) -> usize {
        fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .find_map(|z| z.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Anzahl der Prozesse und Summe ihrer Threads in der Gruppe von `pid`.
    pub fn threads_der_gruppe(pid: u32) -> (usize, usize) {
        let Some(g) = gruppe(pid) else {
            return (1, threads(pid));
        };
        let mitglieder: Vec<u32> = prozesse()
            .into_iter()
            .filter(|(_, gr)| *gr == Some(g))
            .map(|(p, _)| p)
            .collect();
        let summe = mitglieder.iter().map(|&p| threads(p)).sum();
        (mitglieder.len(), summe)
    }
}

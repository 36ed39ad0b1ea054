//! Gruppenchat-Server mit async/await und tokio: eine Task je Client, alle auf
//! einem einzigen Thread. Die Regeln teilt er mit `threaded_server` und
//! `poll_server` (`chatregeln`); hier steht nur das I/O-Modell: `tokio::net`,
//! `.await`, `tokio::select!`, ein Postfach je Client und ein sauberes Ende
//! mit Strg+C (`tokio::signal::ctrl_c`).
//!
//! Benutzt `runtime::Builder::new_current_thread`, `TcpListener::accept`,
//! `TcpStream::into_split`, `readable`/`try_read`, `JoinSet`, `time::timeout`;
//! das Postfach (`tokio_server/postfach.rs`) `mpsc`, `oneshot` und `write_all`.
//!
//! Terminal 1: cargo run --example tokio_server
//! Terminal 2: cargo run --example gruppen_client -- 127.0.0.1:6004

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use tokio::io::AsyncReadExt;
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, sleep_until, timeout};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`
#[path = "chatregeln/mod.rs"]
mod chatregeln;
use chatregeln::start::{Einstellungen, NACHLAUF, lausche, sperre};
use chatregeln::start::{unterbrochen, wuerde_blockieren};
use chatregeln::{Grund, Raum, Wirkung, Zeilenpuffer, protokoll};
#[path = "tokio_server/postfach.rs"]
mod postfach;
use postfach::{Kasten, Postfach, postfach, sage_ab, schreibe};

const STANDARD_ADRESSE: &str = "127.0.0.1:6004";
/// So viel lesen wir nach dem Abschied höchstens weg: Auch wer 1 MiB am Stück schickt,
/// bekommt den Grund und ein FIN statt eines RST.
const NACHLAUF_BYTES: u64 = 2 << 20;
/// Nach einem gescheiterten accept() (etwa EMFILE) so lange warten statt zu kreiseln.
const PAUSE: Duration = Duration::from_millis(100);
/// Letzte Zeile an jeden Client bei Strg+C: dieselbe wie bei den anderen Chat-Servern.
use chatregeln::BEENDET;

fn main() -> ExitCode {
    chatregeln::start::hauptprogramm("tokio_server", STANDARD_ADRESSE, run)
}

// ANCHOR: laufzeit
/// Was `#[tokio::main(flavor = "current_thread")]` erzeugen würde, von Hand:
/// ein Thread, dazu der Reaktor (epoll/kqueue/IOCP über mio) und die Uhr.
fn run(e: Einstellungen) -> anyhow::Result<()> {
    let laufzeit = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("Die tokio-Laufzeit lässt sich nicht starten")?;
    laufzeit.block_on(server(e))
}
// ANCHOR_END: laufzeit

// ANCHOR: geteilt
/// Was alle Tasks teilen: die Schalter und, hinter einem Mutex aus std, Raum und
/// Postfächer. Niemand hält den Mutex über ein `.await`, also wartet keine Task darauf.
struct Server {
    e: Einstellungen,
    geteilt: Mutex<Geteilt>,
}

#[derive(Default)]
struct Geteilt {
    raum: Raum,
    postfaecher: HashMap<usize, Postfach>, // Nummer im Raum -> Weg zur Task
}

impl Geteilt {
    /// Reiht `zeile` bei jedem aus `an` ein, der (noch) ein Postfach hat.
    fn zustellen(&mut self, an: &[usize], zeile: &str, max: usize) {
        for id in an {
            if let Some(postfach) = self.postfaecher.get_mut(id) {
                postfach.einreihen(zeile, max);
            }
        }
    }
}
// ANCHOR_END: geteilt

// ANCHOR: annehmen
async fn server(e: Einstellungen) -> anyhow::Result<()> {
    // Derselbe Socket wie bei poll_server (socket2, nicht-blockierend), nur bei tokio angemeldet.
    let listener = TcpListener::from_std(lausche(&e, true)?)?;
    let s = Arc::new(Server {
        e,
        geteilt: Mutex::default(),
    });
    let (mut aufgaben, mut absagen) = (JoinSet::new(), JoinSet::new()); // je Client, je Absage
    let strg_c = tokio::signal::ctrl_c(); // SIGINT unter Unix, Konsolenereignis unter Windows
    tokio::pin!(strg_c);
    for id in 0.. {
        let (verbindung, client) = tokio::select! {
            signal = &mut strg_c => { signal.context("Strg+C lässt sich nicht abfangen")?; break }
            Some(_) = aufgaben.join_next() => continue, // fertige Tasks abräumen
            angenommen = listener.accept() => match angenommen {
                Ok(angenommen) => angenommen,
                Err(f) if unterbrochen(&f) => continue,
                Err(f) => {
                    protokoll!(s.e.leise, "accept() ist gescheitert ({f}), Pause");
                    sleep(PAUSE).await;
                    continue;
                }
            },
        };
        while aufgaben.try_join_next().is_some() || absagen.try_join_next().is_some() {}
        if aufgaben.len() >= s.e.max_clients {
            protokoll!(s.e.leise, "{client}: abgewiesen, Server voll");
            sage_ab(&mut absagen, verbindung, s.e.max_clients); // accept() wartet nicht
            continue;
        }
        protokoll!(s.e.leise, "{client}: verbunden");
        let (mut postfach, kasten) = postfach();
        postfach.einreihen(chatregeln::WILLKOMMEN, s.e.max_puffer);
        sperre(&s.geteilt).postfaecher.insert(id, postfach);
        aufgaben.spawn(bediene(verbindung, client, id, s.clone(), kasten));
    }
    // ANCHOR_END: annehmen
    // ANCHOR: beenden
    // Strg+C: nicht mehr annehmen; jedes Postfach bekommt BEENDET und verschwindet (kein
    // Rundruf erreicht mehr jemanden), jede Task wird geweckt. Höchstens NACHLAUF + 1 s.
    drop(listener);
    zeile!("Strg+C: Server wird beendet, {} Clients", aufgaben.len());
    for (_, mut postfach) in sperre(&s.geteilt).postfaecher.drain() {
        postfach.einreihen(BEENDET, usize::MAX);
        postfach.wecke(None);
    }
    let alle = async { while aufgaben.join_next().await.is_some() {} };
    let zu_spaet = timeout(NACHLAUF + Duration::from_secs(1), alle)
        .await
        .is_err();
    if zu_spaet {
        aufgaben.shutdown().await; // wer dann noch hängt, wird abgebrochen
    }
    zeile!("Server beendet");
    Ok(())
}
// ANCHOR_END: beenden

// ANCHOR: bediene
/// Die Task eines Clients. Jedes `.await` ist eine Stelle, an der sie schläft und
/// der Thread andere Tasks bedient; `select!` wartet auf das Erste von allem.
async fn bediene(verbindung: TcpStream, client: SocketAddr, id: usize, s: Arc<Server>, k: Kasten) {
    let (mut leser, schreibhaelfte) = verbindung.into_split();
    // Der Schreiber läuft in derselben Task mit: ein Future, das select! jedes Mal weiterschiebt.
    let schreiben = schreibe(schreibhaelfte, k.empfang, k.ausstehend);
    let (mut weckruf, mut eingang) = (k.weckruf, Zeilenpuffer::default());
    let (mut frist, mut geschrieben) = (Instant::now() + s.e.timeout, false);
    tokio::pin!(schreiben);
    let grund = loop {
        tokio::select! {
            bereit = leser.readable() => match bereit.and_then(|()| lies(&leser, &mut eingang)) {
                Ok(0) => break Some(Grund::Geschlossen), // FIN
                Ok(_) => match s.zeilen(&mut eingang, id, client) {
                    Ok(true) => frist = Instant::now() + s.e.timeout,
                    Ok(false) => {}
                    Err(grund) => break Some(grund),
                },
                Err(f) if wuerde_blockieren(&f) || unterbrochen(&f) => {}
                Err(f) => break Some(Grund::Fehler(f)),
            },
            // Ein fertiges Future darf niemand mehr abfragen: daher die Bedingung.
            ergebnis = &mut schreiben, if !geschrieben => {
                geschrieben = true; // ohne Fehler nur nach Strg+C: BEENDET und FIN sind draußen
                if let Err(f) = ergebnis {
                    break Some(Grund::Fehler(f));
                }
            }
            grund = &mut weckruf => break grund.unwrap_or(None), // zu langsam oder Strg+C
            _ = sleep_until(frist) => break Some(Grund::Still),
        }
    };
    // ANCHOR_END: bediene
    // ANCHOR: abschied
    // Gibt es eine letzte Zeile, hat der Schreiber keinen Sender mehr: Er schreibt alles,
    // schickt FIN, und wir lesen weg, was noch kommt, bis der Client schließt (kein RST).
    if s.verlassen(id, client, grund) {
        let _ = timeout(NACHLAUF, async {
            if !geschrieben {
                let _ = (&mut schreiben).await;
            }
            let mut rest = (&mut leser).take(NACHLAUF_BYTES);
            let _ = tokio::io::copy(&mut rest, &mut tokio::io::sink()).await;
        })
        .await;
    }
    // Task zu Ende: Was noch läuft, fällt weg (auch ein halbes write_all); close().
}

impl Server {
    /// Raum verlassen, letzte Zeile einreihen. `true`: Es gibt eine letzte Zeile.
    /// Ohne Postfach hat Strg+C es schon geholt, BEENDET steht darin.
    fn verlassen(&self, id: usize, client: SocketAddr, grund: Option<Grund>) -> bool {
        let g = &mut *sperre(&self.geteilt);
        let (Some(mut eigenes), Some(grund)) = (g.postfaecher.remove(&id), grund) else {
            return true;
        };
        if let Some(zeile) = g.raum.verlassen(id, client, &grund, &self.e) {
            g.zustellen(&g.raum.andere(None), &zeile, self.e.max_puffer); // `* NAME ist gegangen`
        }
        let abschied = grund.abschied(self.e.timeout);
        abschied
            .inspect(|zeile| eigenes.einreihen(zeile, usize::MAX))
            .is_some()
    }
    // ANCHOR_END: abschied

    // ANCHOR: zeilen
    /// Ganze Zeilen an die Regeln, zustellen, was sie sagen. `Ok(true)`: eine ganze Zeile kam.
    fn zeilen(
        &self,
        eingang: &mut Zeilenpuffer,
        id: usize,
        wer: SocketAddr,
    ) -> Result<bool, Grund> {
        let (g, max, mut ganze) = (&mut *sperre(&self.geteilt), self.e.max_puffer, false);
        while let Some(text) = eingang.naechste()? {
            ganze = true;
            for wirkung in g.raum.zeile(id, &text, wer, self.e.leise) {
                match wirkung {
                    Wirkung::AnIhn(zeile) => g.zustellen(&[id], &zeile, max),
                    Wirkung::AnAndere(zeile) => g.zustellen(&g.raum.andere(Some(id)), &zeile, max),
                    Wirkung::Gehen => return Err(Grund::Quit),
                }
            }
        }
        Ok(ganze)
    }
    // ANCHOR_END: zeilen
}

// ANCHOR: lesen
/// Ein try_read() nach `readable()`: Der Puffer liegt auf dem Stack und lebt über
/// kein `.await` hinweg, also steckt er nicht im Zustand der Task.
fn lies(leser: &OwnedReadHalf, eingang: &mut Zeilenpuffer) -> io::Result<usize> {
    let mut puffer = [0u8; 4096];
    let n = leser.try_read(&mut puffer)?;
    eingang.anhaengen(&puffer[..n]);
    Ok(n)
}
// ANCHOR_END: lesen

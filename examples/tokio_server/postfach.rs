//! Das Postfach eines Clients in `tokio_server`: eine Warteschlange, begrenzt
//! in Bytes (`--max-puffer`), ihr Schreiber und ein Wecker, der die Task des
//! Clients mit einem Grund aus ihrem `select!` holt; dazu die Absage „Server
//! voll“ als eigene kleine Task. Kein eigenes Beispiel.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

use super::chatregeln::Grund;
use super::chatregeln::start::{NACHLAUF, abweisen, voll};

// ANCHOR: postfach
/// Die Seite, über die alle anderen einem Client etwas zustellen.
pub struct Postfach {
    schreiber: mpsc::UnboundedSender<String>,
    ausstehend: Arc<AtomicUsize>, // eingereiht, aber noch nicht beim Betriebssystem
    wecker: Option<oneshot::Sender<Option<Grund>>>, // `None` heißt: Strg+C
}

/// Die andere Seite; sie gehört der Task des Clients.
pub struct Kasten {
    pub empfang: mpsc::UnboundedReceiver<String>,
    pub ausstehend: Arc<AtomicUsize>,
    pub weckruf: oneshot::Receiver<Option<Grund>>,
}

pub fn postfach() -> (Postfach, Kasten) {
    let (schreiber, empfang) = mpsc::unbounded_channel();
    let (wecker, weckruf) = oneshot::channel();
    let ausstehend = Arc::new(AtomicUsize::new(0));
    let kasten = Kasten {
        empfang,
        ausstehend: ausstehend.clone(),
        weckruf,
    };
    let wecker = Some(wecker);
    let postfach = Postfach {
        schreiber,
        ausstehend,
        wecker,
    };
    (postfach, kasten)
}

impl Postfach {
    /// Wartet nie: Passt die Zeile nicht mehr, liest der Client nicht mit, und
    /// seine Task wird geweckt. Wer einreiht, wird also nie aufgehalten.
    pub fn einreihen(&mut self, zeile: &str, max: usize) {
        if self.ausstehend.load(Relaxed) + zeile.len() > max {
            self.wecke(Some(Grund::ZuLangsam));
        } else {
            self.ausstehend.fetch_add(zeile.len(), Relaxed);
            let _ = self.schreiber.send(zeile.to_string());
        }
    }

    /// Holt die Task aus ihrem `select!`, höchstens einmal.
    pub fn wecke(&mut self, grund: Option<Grund>) {
        if let Some(wecker) = self.wecker.take() {
            let _ = wecker.send(grund);
        }
    }
}
// ANCHOR_END: postfach

// ANCHOR: schreiben
/// Schreibt, was ins Postfach kommt. Sind alle Sender weg und alles draußen:
/// shutdown(Write), also FIN. `write_all` wartet, solange der Sendepuffer voll ist.
pub async fn schreibe(
    mut schreibhaelfte: OwnedWriteHalf,
    mut empfang: mpsc::UnboundedReceiver<String>,
    ausstehend: Arc<AtomicUsize>,
) -> io::Result<()> {
    while let Some(zeile) = empfang.recv().await {
        schreibhaelfte.write_all(zeile.as_bytes()).await?;
        ausstehend.fetch_sub(zeile.len(), Relaxed);
    }
    schreibhaelfte.shutdown().await
}
// ANCHOR_END: schreiben

// ANCHOR: absage
/// So viele Absagen fließen höchstens gleichzeitig ab (je bis zu NACHLAUF lang).
pub const MAX_ABSAGEN: usize = 512;

/// „Server voll“, ohne dass accept() wartet: eine eigene kleine Task schreibt die
/// Absage, schickt FIN und liest weg, bis der Client auflegt. Laufen schon
/// MAX_ABSAGEN, bekommt er die Absage nur noch nicht-blockierend, ohne Weglesen.
pub fn sage_ab(absagen: &mut JoinSet<()>, verbindung: TcpStream, max_clients: usize) {
    if absagen.len() < MAX_ABSAGEN {
        absagen.spawn(abfliessen(verbindung, voll(max_clients)));
    } else if let Ok(verbindung) = verbindung.into_std() {
        abweisen(verbindung, max_clients);
    }
}

/// Schreiben, FIN, weglesen: höchstens NACHLAUF lang und NACHLAUF_BYTES viel.
/// Schlösse der Server gleich, käme bei Ungelesenem ein RST statt der Absage.
async fn abfliessen(mut verbindung: TcpStream, absage: String) {
    let _ = tokio::time::timeout(NACHLAUF, async {
        verbindung.write_all(absage.as_bytes()).await?;
        verbindung.shutdown().await?; // FIN
        let mut rest = (&mut verbindung).take(super::NACHLAUF_BYTES);
        tokio::io::copy(&mut rest, &mut tokio::io::sink()).await
    })
    .await;
}
// ANCHOR_END: absage

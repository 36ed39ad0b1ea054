//! Teil des Störsenders, UDP-Modus: die Zuordnung von Clients zu Sockets.
//! Jeder Client bekommt einen eigenen Socket zum Server, so wie ein
//! NAT-Router jedem Gespräch einen eigenen Port gibt. Der Server antwortet an
//! diesen Socket; ein Thread je Zuordnung gibt die Antwort an genau den
//! Client zurück, dem sie gehört – nie an einen anderen.

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::udp::MAX_DATAGRAMM;

/// Höchstens so viele Clients gleichzeitig, jeder mit Socket und Antwort-Thread.
pub const MAX_CLIENTS: usize = 64;
/// Eine Zuordnung, die so lange still war, darf einem neuen Client weichen.
pub const ZUORDNUNG_FRIST: Duration = Duration::from_secs(30);
/// So oft schaut ein Antwort-Thread nach, ob seine Zuordnung noch gilt.
const WECKRUF: Duration = Duration::from_millis(200);

/// Ein Client und sein eigener Socket zum Server.
pub struct Zuordnung {
    ausgang: Arc<UdpSocket>,
    zuletzt: Instant,
    /// Setzt der Störsender, wenn die Zuordnung verfällt: Der Thread endet.
    vorbei: Arc<AtomicBool>,
}

// ANCHOR: zuordnung
/// Der Socket zum Server, der zu `client` gehört; neu angelegt, wenn der
/// Client zum ersten Mal sendet. `None`, wenn alle Plätze belegt sind und
/// keiner lange genug still war, oder wenn kein Socket zu haben ist.
pub fn zuordnung(
    clients: &mut HashMap<SocketAddr, Zuordnung>,
    client: SocketAddr,
    eingang: &UdpSocket,
    nach: SocketAddr,
) -> Option<Arc<UdpSocket>> {
    let jetzt = Instant::now();
    if let Some(z) = clients.get_mut(&client) {
        z.zuletzt = jetzt;
        return Some(Arc::clone(&z.ausgang));
    }
    if clients.len() >= MAX_CLIENTS {
        // Platz machen: die Zuordnung, die am längsten still ist, falls lange genug.
        let (&alt, z) = clients.iter().min_by_key(|(_, z)| z.zuletzt)?;
        if jetzt.duration_since(z.zuletzt) < ZUORDNUNG_FRIST {
            return None;
        }
        z.vorbei.store(true, Ordering::Relaxed);
        clients.remove(&alt);
    }
    match neue_zuordnung(client, eingang, nach) {
        Ok(z) => {
            let ausgang = Arc::clone(&z.ausgang);
            let weg = ausgang.local_addr().ok()?;
            zeile!("Neuer Client {client}, eigener Socket {weg} zum Server");
            clients.insert(client, z);
            Some(ausgang)
        }
        Err(e) => {
            zeile!("Kein Socket zum Server für {client}: {e:#}");
            None
        }
    }
}

/// Ein eigener Socket zum Server und ein Thread, der dessen Antworten an
/// genau diesen Client zurückgibt. `connect()` legt bei UDP nur das Ziel fest
/// und lässt nur noch Datagramme vom Server herein.
fn neue_zuordnung(
    client: SocketAddr,
    eingang: &UdpSocket,
    nach: SocketAddr,
) -> anyhow::Result<Zuordnung> {
    let ausgang = UdpSocket::bind((nach.ip(), 0)).context("bind() für den Weg zum Server")?;
    ausgang.connect(nach).context("connect() zum Server")?;
    // Mit Timeout merkt der Thread spätestens nach WECKRUF, dass er enden soll.
    ausgang.set_read_timeout(Some(WECKRUF))?;
    let ausgang = Arc::new(ausgang);
    let vorbei = Arc::new(AtomicBool::new(false));
    let (zurueck, socket, ende) = (
        eingang.try_clone()?,
        Arc::clone(&ausgang),
        Arc::clone(&vorbei),
    );
    thread::Builder::new()
        .name(format!("antworten an {client}"))
        .spawn(move || {
            let mut puffer = vec![0u8; MAX_DATAGRAMM];
            while !ende.load(Ordering::Relaxed) {
                match socket.recv(&mut puffer) {
                    // Die Antwort geht an den Client dieser Zuordnung, an niemanden sonst.
                    Ok(n) => {
                        let _ = zurueck.send_to(&puffer[..n], client);
                    }
                    Err(e) if ist_harmlos(&e) => {}
                    Err(_) => return,
                }
            }
        })
        .context("Kein Thread für die Antworten")?;
    Ok(Zuordnung {
        ausgang,
        zuletzt: Instant::now(),
        vorbei,
    })
}
// ANCHOR_END: zuordnung

/// Timeouts (Unix: WouldBlock, Windows: TimedOut) und ICMP „Port
/// unerreichbar“ einer früheren Sendung (ConnectionRefused, unter Windows
/// auch ConnectionReset) sind kein Grund aufzuhören.
pub fn ist_harmlos(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        WouldBlock | TimedOut | ConnectionRefused | ConnectionReset
    )
}

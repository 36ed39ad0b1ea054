//! Gruppenchat-Server mit einem einzigen Thread: Readiness-Polling mit mio (epoll unter
//! Linux, kqueue unter macOS, IOCP unter Windows), wie Pythons `selectors`. Regeln aus
//! `chatregeln` wie `threaded_server`; hier nur das I/O-Modell: `mio::Poll`, `Token`,
//! `Interest`, nicht-blockierende `TcpStream`s, ein Ausgabepuffer je Client, ein `Waker`.
//!
//! Terminal 1: cargo run --example poll_server
//! Terminal 2: cargo run --example gruppen_client -- 127.0.0.1:6001

use anyhow::Context;
use mio::{Events, Interest, Poll, Registry, Token, Waker, net::TcpListener, net::TcpStream};
use std::time::{Duration, Instant};
use std::{io::Read, net::Shutdown, net::SocketAddr, process::ExitCode};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`
#[path = "bausteine/absage.rs"]
mod absage;
#[path = "chatregeln/mod.rs"]
mod chatregeln;
use chatregeln::beenden::{beendet, bei_strg_c};
use chatregeln::start::{Einstellungen, NACHLAUF, lausche, unterbrochen, voll, wuerde_blockieren};
use chatregeln::{Ausgang, Grund, Raum, Wirkung, Zeilenpuffer, protokoll};

const STANDARD_ADRESSE: &str = "127.0.0.1:6001";
const LESEBUDGET: usize = 16; // read() je Client am Stück, dann sind die anderen dran
const TAKT: Duration = Duration::from_millis(100); // so oft ein Blick auf die Fristen
const LAUSCHER: Token = Token(usize::MAX); // Clients haben ihren Platz im Vec als Token
const WECKER: Token = Token(usize::MAX - 1); // Strg+C weckt poll(): eventfd, kqueue, IOCP

fn main() -> ExitCode {
    chatregeln::start::hauptprogramm("poll_server", STANDARD_ADRESSE, run)
}

// ANCHOR: client
/// Wo eine Verbindung steht: ein Zustand statt vieler Schalter.
enum Zustand {
    Gespraech { seit: Instant }, // mit oder ohne Namen; letzte ganze Zeile `seit`
    ZuLangsam,                   // liest nicht mit: beim nächsten TAKT trennen
    Abschied { bis: Instant, fin: bool }, // letzte Zeile, dann FIN (`fin`), Rest weglesen
}

/// Alles über eine Verbindung: Zwischen zwei Ereignissen liegt nichts auf einem Stack.
struct Client {
    verbindung: TcpStream,
    adresse: SocketAddr,
    zustand: Zustand,
    eingang: Zeilenpuffer,
    ausgang: Ausgang,
}
#[derive(Default)]
struct Server {
    clients: Vec<Option<Client>>, // Platz = Token = Nummer im Raum; `None` ist frei
    raum: Raum,
    nochmal: Vec<usize>, // Lesebudget aufgebraucht: in der nächsten Runde weiter
    absagen: absage::Absagen, // „Server voll“: Weglesen bis zum FIN in einem Hilfsthread
    e: Einstellungen,
}
// ANCHOR_END: client

// ANCHOR: schleife
fn run(e: Einstellungen) -> anyhow::Result<()> {
    let mut poll = Poll::new().context("Poll::new() ist gescheitert")?;
    let mut lauscher = TcpListener::from_std(lausche(&e, true)?);
    poll.registry()
        .register(&mut lauscher, LAUSCHER, Interest::READABLE)?;
    let wecker = Waker::new(poll.registry(), WECKER)?;
    bei_strg_c(move || drop(wecker.wake()))?;
    let (mut lauscher, mut s) = (Some(lauscher), Server::default());
    s.e = e;
    let mut events = Events::with_capacity(1024);
    let mut pause: Option<Instant> = None; // nach gescheitertem accept()
    loop {
        // Bis zu einem Ereignis schlafen, höchstens einen TAKT; wartet wer in `nochmal`: gar nicht.
        let warten = TAKT * s.nochmal.is_empty() as u32;
        match poll.poll(&mut events, Some(warten)) {
            Err(e) if unterbrochen(&e) => continue,
            ergebnis => ergebnis.context("poll() ist gescheitert")?,
        }
        // Schreiben und lesen bis WouldBlock; wer nichts hat, kostet einen Aufruf.
        for Token(platz) in events.iter().map(|e| e.token()).filter(|t| t.0 < WECKER.0) {
            s.senden(platz, "");
            s.lesen(platz);
        }
        for platz in std::mem::take(&mut s.nochmal) {
            s.lesen(platz);
        }
        // accept() in jeder Runde, nach einem Fehlschlag erst nach der Pause.
        if let Some(l) = &lauscher
            && pause.is_none_or(|p| p <= Instant::now())
        {
            pause = s.annehmen(l, poll.registry());
        }
        s.fristen_pruefen(); // nach Strg+C: verabschiedet auch alle
        lauscher = lauscher.filter(|_| !beendet()); // Strg+C: close(), Neue werden abgewiesen
        if beendet() && s.clients.iter().all(Option::is_none) {
            return Ok(()); // Alle Abschiede sind fertig oder nach NACHLAUF abgebrochen.
        }
    }
}
// ANCHOR_END: schleife

impl Server {
    fn client(&mut self, platz: usize) -> Option<&mut Client> {
        self.clients.get_mut(platz)?.as_mut()
    }
    // ANCHOR: annehmen
    /// accept() bis WouldBlock: Ein Ereignis kann für viele Verbindungen stehen.
    /// `Some(wann)`: accept() scheiterte (etwa EMFILE), nächster Versuch dann.
    fn annehmen(&mut self, lauscher: &TcpListener, registry: &Registry) -> Option<Instant> {
        loop {
            let (mut verbindung, adresse) = match lauscher.accept() {
                Ok(v) => v,
                Err(e) if wuerde_blockieren(&e) => return None,
                Err(e) if unterbrochen(&e) => continue,
                Err(e) => {
                    protokoll!(self.e.leise, "accept() ist gescheitert ({e}), Pause");
                    return Some(Instant::now() + TAKT);
                }
            };
            if self.clients.iter().flatten().count() >= self.e.max_clients {
                protokoll!(self.e.leise, "{adresse}: abgewiesen, Server voll");
                let absage = voll(self.e.max_clients);
                self.absagen.sage_ab(verbindung.into(), absage.as_bytes()); // ohne Warten
                continue;
            }
            // Beides: mio meldet flankengesteuert, WRITABLE nur, wenn nach WouldBlock Platz wird.
            let frei = self.clients.iter().position(Option::is_none);
            let platz = frei.unwrap_or(self.clients.len());
            let (token, beides) = (Token(platz), Interest::READABLE | Interest::WRITABLE);
            if let Err(e) = registry.register(&mut verbindung, token, beides) {
                protokoll!(self.e.leise, "{adresse}: register() ist gescheitert: {e}");
                continue;
            } else if frei.is_none() {
                self.clients.push(None);
            }
            let seit = Instant::now();
            self.clients[platz] = Some(Client {
                verbindung,
                adresse,
                zustand: Zustand::Gespraech { seit },
                eingang: Zeilenpuffer::default(),
                ausgang: Ausgang::default(),
            });
            protokoll!(self.e.leise, "{adresse}: verbunden");
            self.senden(platz, chatregeln::WILLKOMMEN);
        }
    }
    // ANCHOR_END: annehmen
    // ANCHOR: lesen
    /// read() bis WouldBlock: mio meldet nur Änderungen (flankengesteuert); wer vorher
    /// aufhört, hört womöglich nie wieder etwas. Nach LESEBUDGET Aufrufen: nächste Runde.
    fn lesen(&mut self, platz: usize) {
        let mut puffer = [0u8; 4096]; // einer für alle Clients, auf dem Stack
        for _ in 0..LESEBUDGET {
            let Some(c) = self.client(platz) else { return };
            match (c.verbindung.read(&mut puffer), &mut c.zustand) {
                (Ok(0), _) => return self.trennen(platz, Grund::Geschlossen), // FIN
                (Ok(n), Zustand::Gespraech { .. }) => {
                    c.eingang.anhaengen(&puffer[..n]);
                    self.zeilen(platz);
                }
                (Ok(_), _) => {} // im Abschied oder übergelaufen: wegwerfen
                (Err(e), _) if wuerde_blockieren(&e) => return,
                (Err(e), _) if unterbrochen(&e) => {}
                (Err(e), _) => return self.trennen(platz, Grund::Fehler(e)),
            }
        }
        self.nochmal.push(platz);
    }
    /// Gibt ganze Zeilen an die Regeln und stellt zu, was sie sagen.
    fn zeilen(&mut self, platz: usize) {
        while let Some(c) = self.clients[platz].as_mut() {
            let Zustand::Gespraech { seit } = &mut c.zustand else {
                return;
            };
            let text = match c.eingang.naechste() {
                Ok(Some(text)) => text,
                Ok(None) => return,
                Err(grund) => return self.trennen(platz, grund), // Zeile zu lang
            };
            *seit = Instant::now();
            for wirkung in self.raum.zeile(platz, &text, c.adresse, self.e.leise) {
                match wirkung {
                    Wirkung::AnIhn(zeile) => self.senden(platz, &zeile),
                    Wirkung::AnAndere(zeile) => self.rundruf(Some(platz), &zeile),
                    Wirkung::Gehen => self.trennen(platz, Grund::Quit),
                }
            }
        }
    }
    // ANCHOR_END: lesen
    // ANCHOR: schreiben
    fn rundruf(&mut self, absender: Option<usize>, zeile: &str) {
        for platz in self.raum.andere(absender) {
            self.senden(platz, zeile);
        }
    }
    /// Reiht `zeile` ein und schreibt bis WouldBlock; den Rest holt das nächste WRITABLE
    /// nach. Wer über `--max-puffer` zurückliegt, liest nicht mit; getrennt wird er später.
    fn senden(&mut self, platz: usize, zeile: &str) {
        let max = self.e.max_puffer;
        let Some(c) = self.client(platz) else { return };
        if !c.ausgang.einreihen(zeile, max) && matches!(c.zustand, Zustand::Gespraech { .. }) {
            c.zustand = Zustand::ZuLangsam; // liest nicht mit: beim nächsten TAKT trennen
        }
        match (c.ausgang.schreiben(&c.verbindung), &mut c.zustand) {
            (Ok(true), Zustand::Abschied { fin, .. }) if !*fin => {
                *fin = true; // FIN nach der letzten Zeile, nur einmal: shutdown() weckt poll()
                drop(c.verbindung.shutdown(Shutdown::Write));
            }
            (Ok(_), _) => {}
            (Err(e), _) => self.trennen(platz, Grund::Fehler(e)),
        }
    }
    /// Raum verlassen. Eine letzte Zeile geht hinaus, dann FIN, bis `bis` wird weggelesen:
    /// Schlösse close() mit Ungelesenem, käme ein RST statt der Zeile. `None` schließt.
    fn trennen(&mut self, platz: usize, grund: Grund) {
        let Some(c) = self.client(platz) else { return };
        let bis = Instant::now() + NACHLAUF;
        let vorher = std::mem::replace(&mut c.zustand, Zustand::Abschied { bis, fin: false });
        let adresse = c.adresse;
        if let Zustand::Abschied { .. } = vorher {
            return self.clients[platz] = None; // war schon im Abschied
        }
        if let Some(zeile) = self.raum.verlassen(platz, adresse, &grund, &self.e) {
            self.rundruf(None, &zeile); // `* NAME ist gegangen`
        }
        match grund.abschied(self.e.timeout) {
            Some(zeile) => self.senden(platz, &zeile),
            None => self.clients[platz] = None,
        }
    }
    /// Ein Blick auf alle je TAKT: Stille, Überlaufene und nach Strg+C alle trennen (`* Server
    /// wird beendet`, FIN, Nachlauf wie bei jedem Abschied); abgelaufene Nachläufe beenden.
    fn fristen_pruefen(&mut self) {
        let (jetzt, timeout) = (Instant::now(), self.e.timeout);
        for platz in 0..self.clients.len() {
            match self.clients[platz].as_ref().map(|c| &c.zustand) {
                Some(Zustand::Gespraech { .. } | Zustand::ZuLangsam) if beendet() => {
                    self.trennen(platz, Grund::Beendet)
                }
                Some(Zustand::Gespraech { seit }) if jetzt - *seit >= timeout => {
                    self.trennen(platz, Grund::Still)
                }
                Some(Zustand::ZuLangsam) => self.trennen(platz, Grund::ZuLangsam),
                Some(Zustand::Abschied { bis, .. }) if *bis <= jetzt => self.clients[platz] = None,
                _ => {}
            }
        }
    }
    // ANCHOR_END: schreiben
}

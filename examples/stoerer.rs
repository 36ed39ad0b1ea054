//! Störsender: ein Relais zwischen Client und Server auf Loopback, das
//! absichtlich stört. Auf Loopback geht nie etwas verloren, nichts wird
//! vertauscht und nichts zerteilt – hier schon.
//!
//! TCP (diese Datei): zerlegt den Bytestrom in Stückchen mit Pausen
//! dazwischen, verzögert ihn oder bricht die Verbindung nach K Bytes mit einem
//! RST ab (`SO_LINGER` 0 über socket2).
//! UDP (`stoerer/udp.rs`): verwirft, verdoppelt, vertauscht und verzögert
//! Datagramme. Jede Entscheidung hängt nur vom `--seed` und der Nummer des
//! Datagramms bzw. Stückchens ab: Derselbe Seed ergibt denselben Lauf.
//!
//! TCP, Terminal 1: cargo run --example chat_server
//! TCP, Terminal 2: cargo run --example stoerer -- tcp --stueckchen 1 --pause 20ms
//! TCP, Terminal 3: cargo run --example chat_client -- 127.0.0.1:6100
//!
//! UDP, Terminal 1: cargo run --example udp_server
//! UDP, Terminal 2: cargo run --example stoerer -- udp --verlust 0.2 --doppelt 0.1 --vertauschen 0.1 --seed 7 --anzahl 20
//! UDP, Terminal 3: cargo run --example udp_client -- 127.0.0.1:6100 --nummeriert 20
//!
//! Alle Optionen: cargo run --example stoerer -- --help

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use socket2::SockRef;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

#[path = "stoerer/befehlszeile.rs"]
mod befehlszeile;
#[path = "stoerer/gemeinsam.rs"]
mod gemeinsam;
#[path = "stoerer/udp.rs"]
mod udp;
#[path = "stoerer/udp_zuordnung.rs"]
mod udp_zuordnung;

use befehlszeile::{AUFRUF, Modus, Optionen};
use gemeinsam::{Zufall, bind_fehler, vorschau};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match befehlszeile::lies(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        // Ein falsches Argument: Meldung, Aufruf, Exit-Code 2.
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Optionen) -> anyhow::Result<()> {
    match o.modus {
        Modus::Udp => udp::udp(o),
        Modus::Tcp => tcp(o),
    }
}

// ANCHOR: tcp
fn tcp(o: &Optionen) -> anyhow::Result<()> {
    let listener = TcpListener::bind(o.von).map_err(|e| bind_fehler(e, o.von))?;
    zeile!("Störsender (TCP) lauscht auf {}", listener.local_addr()?);
    let groesse = match o.stueckchen {
        (1, 1) => "1 Byte".to_string(),
        (a, b) if a == b => format!("{a} Bytes"),
        (a, b) => format!("{a} bis {b} Bytes"),
    };
    let abbruch = o
        .abbruch_nach
        .map(|k| format!(", Abbruch nach {k} Bytes"))
        .unwrap_or_default();
    zeile!(
        "Leite an {} weiter: Stückchen zu {groesse}, Pause {} ms, Verzögerung {} ms{abbruch}, Seed {}",
        o.nach,
        o.pause.as_millis(),
        o.verzoegerung.as_millis(),
        o.seed
    );
    // Genau eine Verbindung, danach Bilanz und Ende – wie chat_server.
    let (zum_client, client) = listener.accept().context("accept() ist gescheitert")?;
    let zum_server = TcpStream::connect(o.nach).with_context(|| {
        format!("Keine Verbindung zu {}. Starte zuerst den Server, etwa mit `cargo run --example chat_server`", o.nach)
    })?;
    zeile!("Client {client} verbunden, weiter zu {}", o.nach);
    // Ohne TCP_NODELAY würde Nagles Algorithmus die Stückchen wieder zusammenkleben.
    zum_client.set_nodelay(true)?;
    zum_server.set_nodelay(true)?;

    // Beide Richtungen laufen gleichzeitig: hin auf diesem Thread, zurück auf einem zweiten.
    let stopp = Arc::new(AtomicBool::new(false));
    let st = Stoerung {
        seed: o.seed,
        stueckchen: o.stueckchen,
        pause: o.pause,
        verzoegerung: o.verzoegerung,
    };
    let rueck = {
        let (von, nach, stopp) = (
            zum_server.try_clone()?,
            zum_client.try_clone()?,
            Arc::clone(&stopp),
        );
        thread::Builder::new()
            .spawn(move || leite(von, nach, "Server → Client", 1, st, None, &stopp))
            .context("Kein Thread für die Richtung Server → Client")?
    };
    let (von, nach) = (zum_client.try_clone()?, zum_server.try_clone()?);
    let hin = leite(von, nach, "Client → Server", 0, st, o.abbruch_nach, &stopp);
    let rueck = rueck.join().unwrap_or_default();
    let rst = if hin.mit_rst {
        ", Verbindung mit RST abgebrochen"
    } else {
        ""
    };
    zeile!(
        "Bilanz: Client → Server {} Bytes in {} Stückchen, Server → Client {} Bytes in {} Stückchen{rst}",
        hin.bytes,
        hin.stueckchen,
        rueck.bytes,
        rueck.stueckchen
    );
    // Erst hier schließen die letzten Handles; nach SO_LINGER 0 geht dabei ein RST hinaus.
    drop((zum_client, zum_server));
    Ok(())
}
// ANCHOR_END: tcp

/// Was das TCP-Relais in beiden Richtungen stört.
#[derive(Clone, Copy)]
struct Stoerung {
    seed: u64,
    stueckchen: (usize, usize),
    pause: Duration,
    verzoegerung: Duration,
}

/// Was eine Richtung weitergegeben hat.
#[derive(Default)]
struct Richtungsbilanz {
    bytes: u64,
    stueckchen: u64,
    /// Die Verbindung wurde nach `--abbruch-nach` Bytes mit RST getrennt.
    mit_rst: bool,
}

// ANCHOR: leite
/// Kopiert eine Richtung des Bytestroms und stört dabei.
fn leite(
    mut von: TcpStream,
    mut nach: TcpStream,
    richtung: &str,
    strom: u64,
    st: Stoerung,
    abbruch_nach: Option<u64>,
    stopp: &AtomicBool,
) -> Richtungsbilanz {
    let mut b = Richtungsbilanz::default();
    let mut puffer = [0u8; 4096];
    loop {
        let n = match von.read(&mut puffer) {
            // Die andere Richtung hat aufgegeben oder abgebrochen: leise enden.
            _ if stopp.load(Ordering::SeqCst) => break,
            // 0 Bytes: Die Gegenseite hat geschlossen (FIN). Wir geben das weiter.
            Ok(0) => {
                zeile!("{richtung}: Ende des Stroms (FIN), weitergegeben");
                let _ = nach.shutdown(Shutdown::Write);
                break;
            }
            Ok(n) => n,
            Err(e) => {
                aufgeben(richtung, "Lesen", &e, [&von, &nach], stopp);
                break;
            }
        };
        // Höchstens bis zur Abbruchgrenze weitergeben.
        let erlaubt = abbruch_nach.map_or(n, |k| n.min((k - b.bytes) as usize));
        let block = &puffer[..erlaubt];
        thread::sleep(st.verzoegerung);
        let vorher = b.stueckchen;
        let mut rest = block;
        while !rest.is_empty() {
            // Größe des Stückchens: aus Seed, Richtung und Stückchen-Nummer.
            let (klein, gross) = st.stueckchen;
            let wurf = Zufall::fuer(st.seed, strom + 1, b.stueckchen).naechste() as usize;
            let groesse = (klein + wurf % (gross - klein + 1)).min(rest.len());
            if b.stueckchen > vorher {
                thread::sleep(st.pause);
            }
            if let Err(e) = nach.write_all(&rest[..groesse]) {
                aufgeben(richtung, "Schreiben", &e, [&von, &nach], stopp);
                return b;
            }
            rest = &rest[groesse..];
            b.bytes += groesse as u64;
            b.stueckchen += 1;
        }
        let anzahl = b.stueckchen - vorher;
        let laenge = block.len();
        zeile!(
            "{richtung}: {} – {laenge} Bytes in {anzahl} Stückchen",
            vorschau(block)
        );
        if abbruch_nach == Some(b.bytes) {
            // SO_LINGER mit 0 Sekunden: close() verwirft alles Ungesendete und
            // schickt ein RST statt eines FIN – für beide Seiten ein „Reset“.
            for verbindung in [&von, &nach] {
                let _ = SockRef::from(verbindung).set_linger(Some(Duration::ZERO));
            }
            stopp.store(true, Ordering::SeqCst);
            zeile!(
                "Nach {} Bytes: Verbindung wird mit RST abgebrochen",
                b.bytes
            );
            // Weckt den anderen Thread, der noch in read() wartet.
            let _ = (nach.shutdown(Shutdown::Read), von.shutdown(Shutdown::Read));
            b.mit_rst = true;
            return b;
        }
    }
    b
}
// ANCHOR_END: leite

/// Eine Richtung ist gescheitert (etwa RST einer Seite): melden, falls die
/// andere Richtung es nicht schon tat, und beide Verbindungen schließen.
fn aufgeben(richtung: &str, was: &str, e: &io::Error, beide: [&TcpStream; 2], stopp: &AtomicBool) {
    if !stopp.swap(true, Ordering::SeqCst) {
        zeile!("{richtung}: {was} gescheitert: {e}");
    }
    for verbindung in beide {
        let _ = verbindung.shutdown(Shutdown::Both);
    }
}

//! Durchsatz messen, Empfänger: nimmt Verbindungen nacheinander an, liest
//! jeden Datenstrom bis zu seinem Ende, zählt die Bytes, rechnet eine
//! Prüfsumme und schickt Anzahl und Prüfsumme an den Sender zurück. So sieht
//! der Sender, dass kein Byte verloren ging.
//!
//! Benutzt `TcpListener`, `read` mit einem Puffer wählbarer Größe und
//! `write_all` aus std; socket2 nur für `listen(2)` mit großer Warteschlange.
//! Die Prüfsumme rechnet `bulk/pruefsumme.rs`, dieselbe Datei wie im Sender.
//!
//! Der Empfänger bedient einen Sender nach dem anderen. Damit ein stiller
//! Sender die anderen nicht ewig aufhält, hat jede Verbindung eine Frist
//! (`--leerlauf`, Standard 10 s).
//!
//! Terminal 1: cargo run --release --example bulk_recv
//! Terminal 2: cargo run --release --example bulk_send -- --mib 1024

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

#[path = "bulk/befehlszeile.rs"]
mod befehlszeile;
#[path = "bulk/pruefsumme.rs"]
mod pruefsumme;
use befehlszeile::pruefe;
use pruefsumme::Pruefsumme;

const AUFRUF: &str = "\
Aufruf: cargo run --release --example bulk_recv -- [ADRESSE] [--puffer BYTES]
        [--leerlauf S] [--einmal] [--ohne-pruefsumme]
ADRESSE            Standard 127.0.0.1:7000
--puffer BYTES     Bytes je read(), 1 bis 67108864 (Standard 131072)
--leerlauf S       Frist, in der ein Sender etwas schicken muss, 0.1 bis 3600 (Standard 10)
--einmal           nach einer Übertragung beenden
--ohne-pruefsumme  nur zählen (bei bulk_send ebenso): misst, was das Prüfen kostet";

const STANDARD_ADRESSE: &str = "127.0.0.1:7000";
/// So viele Bytes holt ein read() höchstens ab. 128 KiB ist auch der Standard
/// von iperf3; kleinere Puffer bedeuten mehr Systemaufrufe pro Megabyte.
const STANDARD_PUFFER: usize = 128 * 1024;
/// Nach einem gescheiterten accept() (etwa EMFILE) kurz warten, statt es in
/// einer Schleife sofort zu wiederholen und einen Kern voll zu belegen.
const PAUSE_NACH_ACCEPT_FEHLER: Duration = Duration::from_millis(100);

struct Optionen {
    adresse: String,
    puffer: usize,
    leerlauf: Duration,
    einmal: bool,
    ohne: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let optionen = match lies_argumente(args) {
        Ok(o) => o,
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(optionen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Liest die Befehlszeile; ein Fehler nennt die Option und was erlaubt ist.
fn lies_argumente(args: Vec<String>) -> Result<Optionen, String> {
    let mut o = Optionen {
        adresse: STANDARD_ADRESSE.to_string(),
        puffer: STANDARD_PUFFER,
        leerlauf: Duration::from_secs(10),
        einmal: false,
        ohne: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut wert = || args.next().ok_or(format!("{arg} braucht einen Wert"));
        match arg.as_str() {
            "--puffer" => o.puffer = pruefe(&arg, &wert()?, 1..=64 << 20)?,
            "--leerlauf" => {
                o.leerlauf = Duration::from_secs_f64(pruefe(&arg, &wert()?, 0.1..=3600.0)?)
            }
            "--einmal" => o.einmal = true,
            "--ohne-pruefsumme" => o.ohne = true,
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg}")),
            _ => o.adresse = arg,
        }
    }
    Ok(o)
}

fn run(o: Optionen) -> anyhow::Result<()> {
    let adresse: SocketAddr = o
        .adresse
        .to_socket_addrs()
        .with_context(|| format!("Ungültige Adresse {:?}, etwa 127.0.0.1:7000", o.adresse))?
        .next()
        .with_context(|| format!("{:?} ergibt keine Adresse", o.adresse))?;

    let listener = lausche(adresse)?;
    zeile!("Empfänger lauscht auf {}", listener.local_addr()?);
    let mut daten = vec![0u8; o.puffer];
    loop {
        // Ein gescheitertes accept() betrifft nur diesen einen Sender (etwa
        // ECONNABORTED unter macOS, wenn er vorher schon abgebrochen hat)
        // oder heißt, dass gerade Dateideskriptoren fehlen (EMFILE).
        let (verbindung, von) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                eprintln!("accept() ist gescheitert ({e}), nächster Versuch in 100 ms");
                thread::sleep(PAUSE_NACH_ACCEPT_FEHLER);
                continue;
            }
        };
        // Ein Fehler bei einem Sender beendet nur diese Messung, nicht den Empfänger.
        match empfange(verbindung, &mut daten, o.ohne, o.leerlauf) {
            Ok(m) => zeile!(
                "Von {von}: {} Bytes in {:.2} s = {:.0} MiB/s ({:.2} Gbit/s), Prüfsumme {:016x}",
                m.bytes,
                m.sekunden,
                m.bytes as f64 / m.sekunden / 1_048_576.0,
                gbit(m.bytes, m.sekunden),
                m.summe
            ),
            Err(e) => eprintln!("Fehler bei {von}: {e:#}"),
        }
        if o.einmal {
            return Ok(());
        }
    }
}

struct Messung {
    bytes: u64,
    sekunden: f64,
    summe: u64,
}

// ANCHOR: empfangen
/// Liest, bis der Sender seine Senderichtung schließt (read() liefert 0),
/// und antwortet dann mit 8 Bytes Anzahl und 8 Bytes Prüfsumme.
fn empfange(
    mut verbindung: TcpStream,
    daten: &mut [u8],
    ohne: bool,
    leerlauf: Duration,
) -> anyhow::Result<Messung> {
    // Ein stiller Sender (oder einer, der die Quittung nie liest) hält den
    // Empfänger höchstens so lange auf.
    verbindung.set_read_timeout(Some(leerlauf))?;
    verbindung.set_write_timeout(Some(leerlauf))?;
    let start = Instant::now();
    let mut summe = Pruefsumme::neu(ohne);
    loop {
        // Ein read() liefert, was gerade im Empfangspuffer des Kernels liegt,
        // höchstens daten.len() Bytes. Jeder Aufruf ist ein Systemaufruf.
        let n = match verbindung.read(daten) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if ist_timeout(&e) => anyhow::bail!("{leerlauf:?} lang kam nichts"),
            Err(e) => return Err(e).context("Lesen vom Sender ist gescheitert"),
        };
        summe.dazu(&daten[..n]);
    }
    let sekunden = start.elapsed().as_secs_f64();
    let (bytes, summe) = (summe.laenge, summe.fertig());
    let mut antwort = [0u8; 16];
    antwort[..8].copy_from_slice(&bytes.to_be_bytes());
    antwort[8..].copy_from_slice(&summe.to_be_bytes());
    verbindung
        .write_all(&antwort)
        .context("Die Quittung an den Sender ließ sich nicht schicken")?;
    Ok(Messung {
        bytes,
        sekunden,
        summe,
    })
}
// ANCHOR_END: empfangen

fn gbit(bytes: u64, sekunden: f64) -> f64 {
    bytes as f64 * 8.0 / sekunden.max(1e-9) / 1e9
}

// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout

/// socket() → bind() → listen(): wie in den ersten Kapiteln, mit Rat bei Fehlern.
fn lausche(adresse: SocketAddr) -> anyhow::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )
    .context("socket() ist gescheitert")?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&adresse.into()).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => {
                "Der Port ist schon belegt. Läuft bulk_recv noch in einem anderen Terminal?"
            }
            _ => "Prüfe die Adresse, etwa 127.0.0.1:7000.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    socket.listen(128).context("listen() ist gescheitert")?;
    Ok(socket.into())
}

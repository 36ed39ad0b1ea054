//! Durchsatz messen, Empfänger: nimmt Verbindungen nacheinander an, liest
//! jeden Datenstrom bis zu seinem Ende, zählt die Bytes, rechnet eine
//! Prüfsumme und schickt Anzahl und Prüfsumme an den Sender zurück. So sieht
//! der Sender, dass kein Byte verloren ging.
//!
//! Benutzt `TcpListener`, `read` mit einem Puffer wählbarer Größe und
//! `write_all` aus std; socket2 nur für `listen(2)` mit großer Warteschlange.
//!
//! Terminal 1: cargo run --release --example bulk_recv
//! Terminal 2: cargo run --release --example bulk_send -- --mib 1024
//!
//! Optionen: `[ADRESSE] [--puffer BYTES] [--einmal] [--ohne-pruefsumme]`
//! (`--einmal`: nach einer Übertragung beenden; `--ohne-pruefsumme`: nur
//! zählen, um zu messen, was das Prüfen kostet).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};

const STANDARD_ADRESSE: &str = "127.0.0.1:7000";
/// So viele Bytes holt ein read() höchstens ab. 128 KiB ist auch der Standard
/// von iperf3; kleinere Puffer bedeuten mehr Systemaufrufe pro Megabyte.
const STANDARD_PUFFER: usize = 128 * 1024;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut adresse = STANDARD_ADRESSE.to_string();
    let (mut puffer, mut einmal, mut ohne) = (STANDARD_PUFFER, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--puffer" => puffer = zahl(args.next(), "--puffer")?,
            "--einmal" => einmal = true,
            "--ohne-pruefsumme" => ohne = true,
            _ if arg.starts_with("--") => bail!("Unbekannte Option {arg}"),
            _ => adresse = arg,
        }
    }
    let adresse: SocketAddr = adresse
        .to_socket_addrs()
        .with_context(|| format!("Ungültige Adresse {adresse:?}"))?
        .next()
        .with_context(|| format!("{adresse:?} ergibt keine Adresse"))?;

    let listener = lausche(adresse)?;
    println!("Empfänger lauscht auf {}", listener.local_addr()?);
    let mut daten = vec![0u8; puffer.max(1)];
    loop {
        // Ein gescheitertes accept() betrifft nur diesen einen Sender (etwa
        // ECONNABORTED unter macOS, wenn er vorher schon abgebrochen hat).
        let (verbindung, von) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                eprintln!("accept() ist gescheitert: {e}");
                continue;
            }
        };
        // Ein Fehler bei einem Sender beendet nur diese Messung, nicht den Empfänger.
        match empfange(verbindung, &mut daten, ohne) {
            Ok(m) => println!(
                "Von {von}: {} Bytes in {:.2} s = {:.0} MiB/s ({:.2} Gbit/s), Prüfsumme {:016x}",
                m.bytes,
                m.sekunden,
                m.bytes as f64 / m.sekunden / 1_048_576.0,
                gbit(m.bytes, m.sekunden),
                m.summe
            ),
            Err(e) => eprintln!("Fehler bei {von}: {e:#}"),
        }
        if einmal {
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
fn empfange(mut verbindung: TcpStream, daten: &mut [u8], ohne: bool) -> anyhow::Result<Messung> {
    let start = Instant::now();
    let mut summe = Pruefsumme::neu(ohne);
    loop {
        // Ein read() liefert, was gerade im Empfangspuffer des Kernels liegt,
        // höchstens daten.len() Bytes. Jeder Aufruf ist ein Systemaufruf.
        let n = match verbindung.read(daten) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
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

/// Prüfsumme nach dem Fletcher-Prinzip über 64-Bit-Wörter in vier Bahnen
/// (dieselbe Rechnung steht in bulk_send.rs); am Ende mischt FNV-1a alles zu
/// 64 Bit. Nur Additionen in unabhängigen Bahnen: Die CPU rechnet mehrere
/// davon gleichzeitig. Byteweises FNV-1a schafft nur etwa 1 GB/s und wäre
/// langsamer als TCP über Loopback.
struct Pruefsumme {
    bahnen: [u64; 8],
    rest: Vec<u8>,
    laenge: u64,
    /// `--ohne-pruefsumme`: nur zählen, um zu messen, was das Prüfen kostet.
    aus: bool,
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIM: u64 = 0x0000_0100_0000_01b3;

impl Pruefsumme {
    fn neu(aus: bool) -> Self {
        let bahnen = [0; 8];
        let rest = Vec::with_capacity(32);
        Pruefsumme {
            bahnen,
            rest,
            laenge: 0,
            aus,
        }
    }

    fn block(bahnen: &mut [u64; 8], block: &[u8; 32]) {
        let (woerter, _) = block.as_chunks::<8>();
        for (i, wort) in woerter.iter().enumerate() {
            // a: Summe der Wörter; b: Summe der Zwischensummen, also
            // abhängig von der Reihenfolge (Fletcher/Adler-Prinzip).
            bahnen[i] = bahnen[i].wrapping_add(u64::from_le_bytes(*wort));
            bahnen[i + 4] = bahnen[i + 4].wrapping_add(bahnen[i]);
        }
    }

    fn dazu(&mut self, mut daten: &[u8]) {
        self.laenge += daten.len() as u64;
        if self.aus {
            return;
        }
        if !self.rest.is_empty() {
            let n = (32 - self.rest.len()).min(daten.len());
            self.rest.extend_from_slice(&daten[..n]);
            daten = &daten[n..];
            if let Ok(voll) = <&[u8; 32]>::try_from(self.rest.as_slice()) {
                Self::block(&mut self.bahnen, voll);
                self.rest.clear();
            }
        }
        let (bloecke, uebrig) = daten.as_chunks::<32>();
        for block in bloecke {
            Self::block(&mut self.bahnen, block);
        }
        self.rest.extend_from_slice(uebrig);
    }

    fn fertig(mut self) -> u64 {
        if self.aus {
            return 0;
        }
        if !self.rest.is_empty() {
            let mut letzter = [0u8; 32];
            letzter[..self.rest.len()].copy_from_slice(&self.rest);
            Self::block(&mut self.bahnen, &letzter);
        }
        let mut h = FNV_START ^ self.laenge;
        for bahn in self.bahnen {
            h = (h ^ bahn).wrapping_mul(FNV_PRIM);
        }
        h
    }
}

fn gbit(bytes: u64, sekunden: f64) -> f64 {
    bytes as f64 * 8.0 / sekunden.max(1e-9) / 1e9
}

fn zahl(wert: Option<String>, option: &str) -> anyhow::Result<usize> {
    let wert = wert.with_context(|| format!("{option} braucht eine Zahl"))?;
    wert.parse()
        .with_context(|| format!("{option} erwartet eine Zahl, nicht {wert:?}"))
}

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

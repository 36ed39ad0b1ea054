//! Durchsatz messen, Sender: schickt erzeugte Daten (oder eine Datei) so
//! schnell wie möglich an bulk_recv, schließt dann seine Senderichtung und
//! vergleicht die Quittung des Empfängers (Anzahl und Prüfsumme) mit dem, was
//! er selbst geschickt hat. Zeigt Fortschritt und Durchsatz mit indicatif.
//!
//! Benutzt `TcpStream::connect`, `write_all` mit einem Puffer wählbarer Größe
//! und `shutdown(Shutdown::Write)` aus std.
//!
//! Terminal 1: cargo run --release --example bulk_recv
//! Terminal 2: cargo run --release --example bulk_send -- --mib 1024
//!
//! Optionen: `[ADRESSE] [--mib N | --sekunden S | --datei PFAD] [--puffer BYTES]
//! [--ohne-pruefsumme] [--json]`. `--ohne-pruefsumme` (auf beiden Seiten) misst,
//! was das Prüfen kostet; `--json` hängt eine Zeile JSON für scripts/bench an.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

const STANDARD_ADRESSE: &str = "127.0.0.1:7000";
/// So viele Bytes übergibt ein write() dem Kernel. 128 KiB wie bei iperf3.
const STANDARD_PUFFER: usize = 128 * 1024;
const STANDARD_MIB: u64 = 256;

/// Woher die Daten kommen und wann Schluss ist.
enum Quelle {
    Bytes(u64),
    Dauer(Duration),
    Datei(File, u64),
}

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
    let (mut quelle, mut puffer, mut json, mut ohne) = (
        Quelle::Bytes(STANDARD_MIB << 20),
        STANDARD_PUFFER,
        false,
        false,
    );
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut wert = || {
            args.next()
                .with_context(|| format!("{arg} braucht einen Wert"))
        };
        match arg.as_str() {
            "--mib" => quelle = Quelle::Bytes(zahl(&wert()?)? << 20),
            "--sekunden" => quelle = Quelle::Dauer(dauer(&wert()?)?),
            "--puffer" => puffer = zahl(&wert()?)?.max(1) as usize,
            "--datei" => {
                let pfad = wert()?;
                let datei =
                    File::open(&pfad).with_context(|| format!("Kann {pfad:?} nicht öffnen"))?;
                let laenge = datei.metadata()?.len();
                quelle = Quelle::Datei(datei, laenge);
            }
            "--json" => json = true,
            "--ohne-pruefsumme" => ohne = true,
            _ if arg.starts_with("--") => bail!("Unbekannte Option {arg}"),
            _ => adresse = arg,
        }
    }

    let mut verbindung = TcpStream::connect(&adresse).with_context(|| {
        format!(
            "Keine Verbindung zu {adresse}. Starte zuerst den Empfänger mit \
             `cargo run --release --example bulk_recv`."
        )
    })?;
    println!(
        "Verbunden mit {}, Puffer {puffer} Bytes",
        verbindung.peer_addr()?
    );
    let balken = fortschritt(&quelle);
    let start = Instant::now();
    let (bytes, summe) = sende(&mut verbindung, quelle, puffer, &balken, ohne)?;
    balken.finish_and_clear();

    // ANCHOR: quittung
    // shutdown(SHUT_WR): "Ich sende nichts mehr." Der Empfänger liest danach
    // 0 Bytes, weiß, dass alles da ist, und antwortet. Lesen geht weiter.
    verbindung
        .shutdown(Shutdown::Write)
        .context("shutdown() ist gescheitert")?;
    let mut quittung = [0u8; 16];
    verbindung
        .read_exact(&mut quittung)
        .context("Der Empfänger hat keine Quittung geschickt")?;
    let sekunden = start.elapsed().as_secs_f64();
    let (angekommen, ihre_summe) = quittung.split_at(8);
    let angekommen = u64::from_be_bytes(angekommen.try_into()?);
    let ihre_summe = u64::from_be_bytes(ihre_summe.try_into()?);
    let stimmt = angekommen == bytes && (ohne || ihre_summe == summe);
    // ANCHOR_END: quittung

    let gbit_s = bytes as f64 * 8.0 / sekunden / 1e9;
    println!(
        "Gesendet: {bytes} Bytes in {sekunden:.2} s = {:.0} MiB/s ({gbit_s:.2} Gbit/s)",
        bytes as f64 / sekunden / 1_048_576.0
    );
    println!("Empfänger meldet {angekommen} Bytes, Prüfsumme {ihre_summe:016x}");
    if !stimmt {
        bail!("Prüfsumme oder Länge weichen ab: gesendet {bytes} Bytes mit {summe:016x}");
    }
    if ohne {
        println!("Anzahl stimmt (ohne Prüfsumme gemessen).");
    } else {
        println!("Prüfsumme stimmt: nichts verloren, nichts verdreht.");
    }
    if json {
        // Für scripts/bench: eine Zeile JSON zum Schluss.
        let m = serde_json::json!({"bytes": bytes, "sekunden": sekunden, "gbit_s": gbit_s,
            "puffer": puffer});
        println!("{m}");
    }
    Ok(())
}

// ANCHOR: senden
/// Schickt die Daten in Stücken von `puffer` Bytes und rechnet nebenbei die
/// Prüfsumme über genau die Bytes, die hinausgehen.
fn sende(
    verbindung: &mut TcpStream,
    mut quelle: Quelle,
    puffer: usize,
    balken: &ProgressBar,
    ohne_pruefsumme: bool,
) -> anyhow::Result<(u64, u64)> {
    let mut stueck = muster(puffer);
    let mut summe = Pruefsumme::neu(ohne_pruefsumme);
    let start = Instant::now();
    loop {
        let n = match &mut quelle {
            Quelle::Bytes(rest) if *rest == 0 => break,
            Quelle::Bytes(rest) => {
                let n = (*rest).min(puffer as u64) as usize;
                *rest -= n as u64;
                n
            }
            Quelle::Dauer(d) if start.elapsed() >= *d => break,
            Quelle::Dauer(_) => puffer,
            Quelle::Datei(datei, _) => match datei.read(&mut stueck) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e).context("Lesen aus der Datei ist gescheitert"),
            },
        };
        // write_all ruft write() so oft auf, bis der Kernel alle n Bytes in
        // seinen Sendepuffer übernommen hat; ist der voll, blockiert es.
        verbindung
            .write_all(&stueck[..n])
            .context("Senden ist gescheitert (hat der Empfänger aufgelegt?)")?;
        summe.dazu(&stueck[..n]);
        balken.inc(n as u64);
    }
    Ok((summe.laenge, summe.fertig()))
}
// ANCHOR_END: senden

/// Erzeugte Daten: ein Pseudozufallsmuster (xorshift), damit die Prüfsumme
/// auch vertauschte Stücke bemerkt.
fn muster(laenge: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..laenge)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Ein Balken nur für Menschen: Ist die Ausgabe kein Terminal (Mitschnitt,
/// Benchmark), bleibt er unsichtbar.
fn fortschritt(quelle: &Quelle) -> ProgressBar {
    if !io::stdout().is_terminal() || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (balken, vorlage) = match quelle {
        Quelle::Bytes(n) | Quelle::Datei(_, n) => (
            ProgressBar::new(*n),
            "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} noch {eta}",
        ),
        Quelle::Dauer(_) => (
            ProgressBar::new_spinner(),
            "{spinner} {binary_bytes} {binary_bytes_per_sec}",
        ),
    };
    if let Ok(stil) = ProgressStyle::with_template(vorlage) {
        balken.set_style(stil);
    }
    balken
}

fn zahl(wert: &str) -> anyhow::Result<u64> {
    wert.parse()
        .with_context(|| format!("Erwartet eine ganze Zahl, nicht {wert:?}"))
}

/// Dieselbe Prüfsumme wie in bulk_recv.rs: Fletcher-Prinzip über 64-Bit-Wörter in vier Bahnen.
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

/// Eine Dauer in Sekunden, auch mit Komma-Anteil: `1.5`.
fn dauer(wert: &str) -> anyhow::Result<Duration> {
    let s: f64 = wert
        .parse()
        .with_context(|| format!("Erwartet Sekunden, nicht {wert:?}"))?;
    Duration::try_from_secs_f64(s).with_context(|| format!("{wert:?} ist keine gültige Dauer"))
}

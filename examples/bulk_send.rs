//! Durchsatz messen, Sender: schickt erzeugte Daten (oder eine Datei) so
//! schnell wie möglich an bulk_recv, schließt dann seine Senderichtung und
//! vergleicht die Quittung des Empfängers (Anzahl und Prüfsumme) mit dem, was
//! er selbst geschickt hat. Zeigt Fortschritt und Durchsatz mit indicatif.
//!
//! Benutzt `TcpStream::connect`, `write_all` mit einem Puffer wählbarer Größe
//! und `shutdown(Shutdown::Write)` aus std. Die Prüfsumme rechnet
//! `bulk/pruefsumme.rs`, dieselbe Datei, die auch bulk_recv einbindet.
//!
//! Terminal 1: cargo run --release --example bulk_recv
//! Terminal 2: cargo run --release --example bulk_send -- --mib 1024

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

#[path = "bulk/befehlszeile.rs"]
mod befehlszeile;
#[path = "bulk/pruefsumme.rs"]
mod pruefsumme;
use befehlszeile::pruefe;
use pruefsumme::Pruefsumme;

const AUFRUF: &str = "\
Aufruf: cargo run --release --example bulk_send -- [ADRESSE] [--mib N | --sekunden S |
        --datei PFAD] [--puffer BYTES] [--ohne-pruefsumme] [--json]
ADRESSE          Standard 127.0.0.1:7000 (dort lauscht bulk_recv)
N, S             MiB (1 bis 1048576, Standard 256) oder Sekunden (über 0, höchstens 3600)
BYTES            Bytes je write(), 1 bis 67108864 (Standard 131072)
--ohne-pruefsumme  nur zählen (bei bulk_recv ebenso); --json: eine Zeile JSON für scripts/bench";

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

struct Optionen {
    adresse: String,
    quelle: Quelle,
    puffer: usize,
    json: bool,
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
        quelle: Quelle::Bytes(STANDARD_MIB << 20),
        puffer: STANDARD_PUFFER,
        json: false,
        ohne: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut wert = || args.next().ok_or(format!("{arg} braucht einen Wert"));
        match arg.as_str() {
            "--mib" => o.quelle = Quelle::Bytes(pruefe(&arg, &wert()?, 1..=1 << 20)? << 20),
            "--sekunden" => {
                let s: f64 = pruefe(&arg, &wert()?, 0.001..=3600.0)?;
                o.quelle = Quelle::Dauer(Duration::from_secs_f64(s));
            }
            "--puffer" => o.puffer = pruefe(&arg, &wert()?, 1..=64 << 20)?,
            "--datei" => {
                let pfad = wert()?;
                let datei = File::open(&pfad)
                    .map_err(|e| format!("--datei: {pfad:?} lässt sich nicht öffnen ({e})"))?;
                let laenge = datei.metadata().map_or(0, |m| m.len());
                o.quelle = Quelle::Datei(datei, laenge);
            }
            "--json" => o.json = true,
            "--ohne-pruefsumme" => o.ohne = true,
            _ if arg.starts_with('-') => return Err(format!("Unbekannte Option {arg}")),
            _ => o.adresse = arg,
        }
    }
    Ok(o)
}

fn run(o: Optionen) -> anyhow::Result<()> {
    let (adresse, puffer, ohne) = (o.adresse, o.puffer, o.ohne);
    let mut verbindung = TcpStream::connect(&adresse).with_context(|| {
        format!(
            "Keine Verbindung zu {adresse}. Starte zuerst den Empfänger mit \
             `cargo run --release --example bulk_recv`."
        )
    })?;
    zeile!(
        "Verbunden mit {}, Puffer {puffer} Bytes",
        verbindung.peer_addr()?
    );
    let balken = fortschritt(&o.quelle);
    let start = Instant::now();
    let (bytes, summe) = sende(&mut verbindung, o.quelle, puffer, &balken, ohne)?;
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
    zeile!(
        "Gesendet: {bytes} Bytes in {sekunden:.2} s = {:.0} MiB/s ({gbit_s:.2} Gbit/s)",
        bytes as f64 / sekunden / 1_048_576.0
    );
    zeile!("Empfänger meldet {angekommen} Bytes, Prüfsumme {ihre_summe:016x}");
    if !stimmt {
        bail!("Prüfsumme oder Länge weichen ab: gesendet {bytes} Bytes mit {summe:016x}");
    }
    match ohne {
        true => zeile!("Anzahl stimmt (ohne Prüfsumme gemessen)."),
        false => zeile!("Prüfsumme stimmt: nichts verloren, nichts verdreht."),
    }
    if o.json {
        let m = serde_json::json!({"bytes": bytes, "sekunden": sekunden, "gbit_s": gbit_s,
            "puffer": puffer});
        zeile!("{m}");
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

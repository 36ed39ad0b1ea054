//! Musterlösung zu Aufgabe 19 „Pipelining gegen Latenz“: schickt alle
//! Anfragen, ohne auf Antworten zu warten; ein zweiter Thread liest
//! gleichzeitig die Antworten.
//!
//! Aufruf: cargo run --example loesung_19_pipeline -- 127.0.0.1:5119 1000
//! (Den Server spielt der Prüfer: cargo run --bin pruefen -- 19 --beispiel loesung_19_pipeline)

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const LESE_TIMEOUT: Duration = Duration::from_secs(10);

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [adresse, anzahl] = args.as_slice() else {
        bail!("Aufruf: loesung_19_pipeline HOST:PORT ANZAHL");
    };
    let anzahl: u64 = anzahl
        .parse()
        .with_context(|| format!("{anzahl:?} ist keine Anzahl"))?;
    let strom = TcpStream::connect(adresse.as_str())
        .with_context(|| format!("Keine Verbindung zu {adresse}. Läuft der Server?"))?;
    println!("Verbunden mit {}", strom.peer_addr()?);
    strom.set_read_timeout(Some(LESE_TIMEOUT))?;
    let start = Instant::now();

    // ANCHOR: pipeline
    // Schreiben auf einem eigenen Thread: So kann nichts verklemmen, auch wenn
    // die Antworten schneller kommen, als wir Anfragen schicken.
    let schreibende = strom.try_clone()?;
    let schreiber = thread::spawn(move || -> std::io::Result<()> {
        // BufWriter sammelt viele kleine Anfragen zu wenigen großen write()-Aufrufen.
        let mut aus = BufWriter::new(schreibende);
        for k in 1..=anzahl {
            writeln!(aus, "QUADRAT {k}")?;
        }
        aus.flush()
    });
    let mut summe: u64 = 0;
    let mut leser = BufReader::new(&strom);
    for i in 1..=anzahl {
        let mut zeile = Vec::new();
        (&mut leser).take(64).read_until(b'\n', &mut zeile)?;
        let text = String::from_utf8_lossy(&zeile);
        let zahl: u64 = text
            .trim()
            .parse()
            .with_context(|| format!("Antwort {i} ist keine Zahl: {text:?}"))?;
        summe = summe.wrapping_add(zahl);
    }
    schreiber
        .join()
        .map_err(|_| anyhow::anyhow!("Schreib-Thread abgestürzt"))??;
    // ANCHOR_END: pipeline
    eprintln!("{anzahl} Antworten in {:?}", start.elapsed());
    println!("Summe: {summe}");
    Ok(())
}

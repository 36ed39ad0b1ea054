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
/// Mehr Anfragen nehmen wir nicht an (je Anfrage wenige Bytes, Antworten bis u64).
const MAX_ANZAHL: u64 = 10_000_000;
const AUFRUF: &str = "Aufruf: cargo run --example loesung_19_pipeline -- HOST:PORT ANZAHL
HOST:PORT  der Quadrat-Server, etwa 127.0.0.1:5119
ANZAHL     so viele Anfragen QUADRAT 1 … QUADRAT ANZAHL, 1 bis 10000000";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let (adresse, anzahl) = match lies_argumente(&args) {
        Ok(paar) => paar,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&adresse, anzahl) {
        Ok(()) => ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if ist_gebrochene_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn lies_argumente(args: &[String]) -> anyhow::Result<(String, u64)> {
    if let Some(schalter) = args.iter().find(|a| a.starts_with('-')) {
        bail!("Unbekannter Schalter „{schalter}“");
    }
    let [adresse, anzahl] = args else {
        bail!("Erwartet werden genau zwei Argumente: HOST:PORT und ANZAHL");
    };
    let anzahl = anzahl
        .parse()
        .ok()
        .filter(|n| (1..=MAX_ANZAHL).contains(n))
        .with_context(|| format!("ANZAHL „{anzahl}“: erlaubt sind 1 bis {MAX_ANZAHL}"))?;
    Ok((adresse.clone(), anzahl))
}

fn run(adresse: &str, anzahl: u64) -> anyhow::Result<()> {
    let verbindung = TcpStream::connect(adresse)
        .with_context(|| format!("Keine Verbindung zu {adresse}. Läuft der Server?"))?;
    let mut aus = std::io::stdout();
    writeln!(aus, "Verbunden mit {}", verbindung.peer_addr()?)?;
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let start = Instant::now();

    // ANCHOR: pipeline
    // Schreiben auf einem eigenen Thread: So kann nichts verklemmen, auch wenn
    // die Antworten schneller kommen, als wir Anfragen schicken.
    let schreibende = verbindung.try_clone()?;
    let schreiber = thread::spawn(move || -> std::io::Result<()> {
        // BufWriter sammelt viele kleine Anfragen zu wenigen großen write()-Aufrufen.
        let mut aus = BufWriter::new(schreibende);
        for k in 1..=anzahl {
            writeln!(aus, "QUADRAT {k}")?;
        }
        aus.flush()
    });
    // u128: Bis ANZAHL 10 000 000 wird die Summe größer als 2⁶⁴.
    let mut summe: u128 = 0;
    let mut leser = BufReader::new(&verbindung);
    for i in 1..=anzahl {
        let mut zeile = Vec::new();
        (&mut leser)
            .take(64)
            .read_until(b'\n', &mut zeile)
            .with_context(|| format!("Antwort {i} kam nicht an (Zeitlimit oder Abbruch)"))?;
        let text = String::from_utf8_lossy(&zeile);
        let zahl: u64 = text
            .trim()
            .parse()
            .with_context(|| format!("Antwort {i} ist keine Zahl: {text:?}"))?;
        summe += u128::from(zahl);
    }
    schreiber
        .join()
        .map_err(|_| anyhow::anyhow!("Schreib-Thread abgestürzt"))??;
    // ANCHOR_END: pipeline
    eprintln!("{anzahl} Antworten in {:?}", start.elapsed());
    writeln!(aus, "Summe: {summe}")?;
    Ok(())
}

/// Schreibt das Programm in eine Pipe, deren Leser schon fort ist?
fn ist_gebrochene_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|u| {
        u.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

//! Musterlösung zu Aufgabe 17 „Türsteher“: ein Server mit Grenzen – Zahl der
//! Clients, Länge einer Zeile und eine Frist je Zeile, die auch tröpfelnde
//! Clients (Slowloris) trennt.
//!
//! Terminal 1: cargo run --example loesung_17_tuersteher -- 127.0.0.1:5117 --max-clients 2 --timeout-ms 5000
//! Terminal 2, 3, 4: nc 127.0.0.1 5117
//!
//! Prüfen: cargo run --bin pruefen -- 17 --beispiel loesung_17_tuersteher

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const STANDARD_ADRESSE: &str = "127.0.0.1:5117";
const MAX_ZEILE: usize = 256;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Zählt belegte Plätze; `Drop` gibt den Platz wieder frei – auch wenn der
/// Thread mit einem Fehler endet.
struct Platz(Arc<AtomicUsize>);

impl Drop for Platz {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn run() -> anyhow::Result<()> {
    let mut adresse = std::env::var("ADRESSE").unwrap_or_else(|_| STANDARD_ADRESSE.to_string());
    let (mut max_clients, mut timeout_ms) = (10usize, 30_000u64);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-clients" => {
                max_clients = args
                    .next()
                    .context("--max-clients braucht eine Zahl")?
                    .parse()?
            }
            "--timeout-ms" => {
                timeout_ms = args
                    .next()
                    .context("--timeout-ms braucht eine Zahl")?
                    .parse()?
            }
            s if s.starts_with("--") => bail!("Unbekannte Option {s}"),
            s => adresse = s.to_string(),
        }
    }
    let frist = Duration::from_millis(timeout_ms);
    let listener = TcpListener::bind(&adresse)
        .with_context(|| format!("Kann {adresse} nicht binden. Ist der Port schon belegt?"))?;
    println!("Server lauscht auf {}", listener.local_addr()?);

    // ANCHOR: einlass
    let belegt = Arc::new(AtomicUsize::new(0));
    for verbindung in listener.incoming() {
        let Ok(mut verbindung) = verbindung else {
            continue;
        };
        // Platz reservieren; ist keiner frei, sofort wieder freigeben.
        if belegt.fetch_add(1, Ordering::SeqCst) >= max_clients {
            belegt.fetch_sub(1, Ordering::SeqCst);
            let _ = verbindung.write_all(b"! Server voll\n");
            continue; // Drop schließt die Verbindung
        }
        let platz = Platz(Arc::clone(&belegt));
        thread::spawn(move || {
            let _platz = platz;
            let wer = verbindung
                .peer_addr()
                .map(|a| a.to_string())
                .unwrap_or_default();
            if let Err(e) = bediene(verbindung, frist) {
                eprintln!("{wer}: {e:#}");
            }
        });
    }
    // ANCHOR_END: einlass
    Ok(())
}

// ANCHOR: frist
/// Liest eine Zeile, die bis `ende` vollständig sein muss. Vor jedem read()
/// wird der Rest der Frist als Timeout gesetzt: Einzelne Bytes verlängern sie
/// nicht.
fn zeile_bis(leser: &mut BufReader<&TcpStream>, ende: Instant) -> io::Result<Option<Vec<u8>>> {
    let mut zeile = Vec::new();
    loop {
        let rest = ende.saturating_duration_since(Instant::now());
        if rest.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        leser.get_ref().set_read_timeout(Some(rest))?;
        let verfuegbar = leser.fill_buf()?;
        if verfuegbar.is_empty() {
            return Ok(None); // Client hat geschlossen
        }
        let (nimm, fertig) = match verfuegbar.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (verfuegbar.len(), false),
        };
        zeile.extend_from_slice(&verfuegbar[..nimm]);
        leser.consume(nimm);
        if zeile.len() > MAX_ZEILE + 1 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "zu lang"));
        }
        if fertig {
            return Ok(Some(zeile));
        }
    }
}
// ANCHOR_END: frist

fn bediene(verbindung: TcpStream, frist: Duration) -> anyhow::Result<()> {
    let mut schreiber = &verbindung;
    schreiber.write_all(b"Willkommen\n")?;
    let mut leser = BufReader::new(&verbindung);
    loop {
        match zeile_bis(&mut leser, Instant::now() + frist) {
            Ok(None) => return Ok(()),
            Ok(Some(zeile)) => {
                let text = String::from_utf8_lossy(&zeile);
                schreiber.write_all(format!("{}\n", text.trim_end().to_uppercase()).as_bytes())?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                schreiber.write_all(b"! Zu lange still\n")?;
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                schreiber.write_all(b"! Zeile zu lang\n")?;
                // Rest wegwerfen, damit das Schließen kein RST auslöst.
                verbindung.shutdown(std::net::Shutdown::Write)?;
                verbindung.set_read_timeout(Some(Duration::from_millis(200)))?;
                let _ = io::copy(&mut leser.take(1 << 20), &mut io::sink());
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        }
    }
}

//! Absichtlich falsch (Aufgabe 16): liest die Seite mit einem einzigen
//! read() in einen 64-KiB-Puffer und schickt nur das. Content-Length stimmt,
//! der Inhalt ist zu kurz. Der Prüfer meldet „Große Seite vollständig“ mit ✗.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

fn main() -> std::process::ExitCode {
    kommandozeile(
        "Aufruf: cargo run --example falsch_16_ein_read -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 16)",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    );
    match lauf() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `… | head -n 1`: Der Leser der Ausgabe ist fort, also leise enden.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn lauf() -> std::io::Result<()> {
    let mut aus = std::io::stdout();
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5116".into());
    let pfad = std::env::var("SEITE").unwrap_or_default();
    let listener = TcpListener::bind(adresse)?;
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;
    for v in listener.incoming() {
        let mut v = v?;
        let mut erste = String::new();
        let mut leser = BufReader::new(&v);
        let _ = leser.read_line(&mut erste);
        loop {
            let mut z = String::new();
            if leser.read_line(&mut z).unwrap_or(0) == 0 || z.trim().is_empty() {
                break;
            }
        }
        let mut datei = File::open(&pfad)?;
        let laenge = datei.metadata()?.len();
        let mut puffer = vec![0u8; 64 * 1024];
        let n = datei.read(&mut puffer)?; // der Fehler: ein read() ist nicht die ganze Datei
        let kopf = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {laenge}\r\nConnection: close\r\n\r\n"
        );
        let _ = v.write_all(kopf.as_bytes());
        let _ = v.write_all(&puffer[..n]);
    }
    Ok(())
}

/// Nur die Kommandozeile ist hier ordentlich: `--help` zeigt die Kurzhilfe,
/// ein unbekanntes Argument endet mit deutscher Meldung und Exit-Code 2.
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            println!("{aufruf}");
            std::process::exit(0);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            std::process::exit(2);
        }
    }
}

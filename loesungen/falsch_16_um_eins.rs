//! Absichtlich falsch (Aufgabe 16): liest den Kopf mit take(8191) statt
//! take(8192), um eins daneben. Ein Kopf von genau 8 KiB bekommt 431, obwohl er
//! erlaubt ist. Der Prüfer meldet „Kopf genau 8 KiB“ mit ✗.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener};

fn main() -> std::process::ExitCode {
    kommandozeile(
        "Aufruf: cargo run --example falsch_16_um_eins -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 16)",
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
    let seite = std::fs::read(std::env::var("SEITE").unwrap_or_default())
        .unwrap_or_else(|_| b"<h1>Hallo</h1>\n".to_vec());
    let listener = TcpListener::bind(adresse)?;
    writeln!(aus, "Server lauscht auf {}", listener.local_addr()?)?;
    for v in listener.incoming() {
        let mut v = v?;
        // Der Fehler: 8191 statt 8192; die Leerzeile zählt mit.
        let mut leser = BufReader::new(&v).take(8191);
        let mut erste = String::new();
        let _ = leser.read_line(&mut erste);
        let mut vollstaendig = false;
        loop {
            let mut z = String::new();
            if leser.read_line(&mut z).unwrap_or(0) == 0 || !z.ends_with('\n') {
                break;
            }
            if z.trim().is_empty() {
                vollstaendig = true;
                break;
            }
        }
        let (status, inhalt): (&str, &[u8]) = if !vollstaendig {
            ("431 Request Header Fields Too Large", b"Kopf zu gross\n")
        } else if erste.starts_with("GET / ") || erste.starts_with("GET /index.html ") {
            ("200 OK", &seite)
        } else {
            ("404 Not Found", b"Nicht gefunden\n")
        };
        let kopf = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            inhalt.len()
        );
        let _ = v.write_all(kopf.as_bytes());
        let _ = v.write_all(inhalt);
        let _ = v.shutdown(Shutdown::Write);
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

//! Absichtlich falsch (Aufgabe 12): liest die Längen in der Byte-Order des
//! eigenen Prozessors (Little Endian auf x86 und ARM) statt in
//! Netzwerk-Byte-Order. Aus Namenslänge 9 wird 2304 – der Server wartet auf
//! Bytes, die nie kommen. Der Prüfer meldet „Speichert eine kleine Datei“ mit ✗.

use std::io::{Read, Write};
use std::net::TcpListener;

// GLEICH: zeile_ohne_panik
/// println! ohne Panik: Ist der Leser von stdout fort (`… | head -n 1`), endet
/// das Programm leise. Rust ignoriert SIGPIPE, also liefert write() BrokenPipe.
macro_rules! zeile {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    };
}
// GLEICH_ENDE: zeile_ohne_panik

fn main() -> std::io::Result<()> {
    kommandozeile(
        "Aufruf: cargo run --example falsch_12_little_endian -- [IP:PORT]\n(absichtlich falsch, siehe Aufgabe 12)",
        |i, a| i == 0 && a.parse::<std::net::SocketAddr>().is_ok(),
    );
    let adresse = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5112".into());
    let ordner = std::env::var("ZIELORDNER").unwrap_or_else(|_| "empfangen".into());
    let listener = TcpListener::bind(adresse)?;
    zeile!("Server lauscht auf {}", listener.local_addr()?);
    for v in listener.incoming() {
        let mut v = v?;
        let mut zwei = [0u8; 2];
        if v.read_exact(&mut zwei).is_err() {
            continue;
        }
        let mut name = vec![0u8; u16::from_le_bytes(zwei) as usize]; // der Fehler
        if v.read_exact(&mut name).is_err() {
            continue;
        }
        let mut acht = [0u8; 8];
        if v.read_exact(&mut acht).is_err() {
            continue;
        }
        let laenge = u64::from_le_bytes(acht); // der Fehler, noch einmal
        let mut daten = Vec::new();
        let _ = (&mut v).take(laenge).read_to_end(&mut daten);
        let _ = std::fs::write(
            format!("{ordner}/{}", String::from_utf8_lossy(&name)),
            &daten,
        );
        let mut antwort = vec![0u8];
        antwort.extend_from_slice(&(daten.len() as u64).to_le_bytes());
        let _ = v.write_all(&antwort);
    }
    Ok(())
}

/// Nur die Kommandozeile ist hier ordentlich: `--help` zeigt die Kurzhilfe,
/// ein unbekanntes Argument endet mit deutscher Meldung und Exit-Code 2.
fn kommandozeile(aufruf: &str, passt: fn(usize, &str) -> bool) {
    for (i, arg) in std::env::args().skip(1).enumerate() {
        if arg == "--help" || arg == "-h" {
            zeile!("{aufruf}");
            std::process::exit(0);
        }
        if !passt(i, &arg) {
            eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{aufruf}");
            std::process::exit(2);
        }
    }
}

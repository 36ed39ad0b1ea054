//! Musterlösung zu Aufgabe 21 „Mitschnitt lesen“: die Antworten zu den
//! Mitschnitten aus dem Kapitel Werkzeuge (Begründungen auf der Aufgabenseite).
//!
//! Aufruf: cargo run --example loesung_21_mitschnitt
//! Prüfen: cargo run --bin pruefen -- 21 --beispiel loesung_21_mitschnitt

use std::io::Write;
use std::process::ExitCode;

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

const AUFRUF: &str = "Aufruf: cargo run --example loesung_21_mitschnitt
Gibt die Antworten zu den Mitschnitten als Zeilen „schluessel = wert“ aus.";

// ANCHOR: antworten
/// Deine Antworten. Ersetze jedes „?“ durch das, was im Mitschnitt steht.
const ANTWORTEN: &[(&str, &str)] = &[
    // Mitschnitt 1: tcpdump, hello_client spricht mit hello_server.
    // Welchen Port hat der Client?
    ("client_port", "50384"),
    // Wie viele Bytes schickt der Client in seinem ersten Datensegment?
    ("client_bytes", "15"),
    // Welche größte Segmentgröße (MSS) kündigt der Client an?
    ("mss", "65495"),
    // Wer schickt das erste FIN: client oder server?
    ("erstes_fin", "server"),
    // Wie viele Bytes Empfangsfenster bietet der Client im dritten Segment
    // (dem ACK des Handshakes) an?
    ("fenster_bytes", "65536"),
    // Mitschnitt 2: tcpdump mit Reset. Wer schickt das RST: client oder server?
    ("rst_von", "server"),
    // Mitschnitt 3: ss nach dem Ende der Verbindung. Auf welcher Seite steht
    // der Socket in TIME-WAIT: client oder server?
    ("time_wait_bei", "server"),
];
// ANCHOR_END: antworten

fn main() -> ExitCode {
    if let Some(arg) = std::env::args().nth(1) {
        if arg == "--help" || arg == "-h" {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        eprintln!("Fehler: Unerwartetes Argument „{arg}“\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    for (schluessel, wert) in ANTWORTEN {
        zeile!("{schluessel} = {wert}");
    }
    ExitCode::SUCCESS
}

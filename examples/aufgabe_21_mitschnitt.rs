//! Aufgabe 21 „Mitschnitt lesen“ – dein Starter. Die Aufgabe steht im Buch
//! unter „Übungsaufgaben“ (book/aufgaben/21-mitschnitt.md).
//!
//! Kein Netzwerkcode diesmal: Du liest echte Mitschnitte von tcpdump und ss
//! aus dem Kapitel Werkzeuge und trägst unten deine Antworten ein. Das
//! Programm gibt sie aus, der Prüfer vergleicht.
//!
//! Aufruf: cargo run --example aufgabe_21_mitschnitt
//! Prüfen: cargo run --bin pruefen -- 21

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

const AUFRUF: &str = "Aufruf: cargo run --example aufgabe_21_mitschnitt
Gibt die Antworten zu den Mitschnitten als Zeilen „schluessel = wert“ aus.";

// ANCHOR: antworten
/// Deine Antworten. Ersetze jedes „?“ durch das, was im Mitschnitt steht.
const ANTWORTEN: &[(&str, &str)] = &[
    // Mitschnitt 1: tcpdump, hello_client spricht mit hello_server.
    // Welchen Port hat der Client?
    ("client_port", "?"),
    // Wie viele Bytes schickt der Client in seinem ersten Datensegment?
    ("client_bytes", "?"),
    // Welche größte Segmentgröße (MSS) kündigt der Client an?
    ("mss", "?"),
    // Wer schickt das erste FIN: client oder server?
    ("erstes_fin", "?"),
    // Wie viele Bytes Empfangsfenster bietet der Client im dritten Segment
    // (dem ACK des Handshakes) an?
    ("fenster_bytes", "?"),
    // Mitschnitt 2: tcpdump mit Reset. Wer schickt das RST: client oder server?
    ("rst_von", "?"),
    // Mitschnitt 3: ss nach dem Ende der Verbindung. Auf welcher Seite steht
    // der Socket in TIME-WAIT: client oder server?
    ("time_wait_bei", "?"),
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

// Ausgabe auf stdout, die still endet, wenn niemand mehr liest. Jedes
// Beispiel fügt diese Datei mit `include!("bausteine/ausgabe.rs");` vor
// seinen Modulen ein; `zeile!` und `ausgabe!` gelten dann überall darin.
// (Mit `include!` eingefügter Text darf keine `//!`-Zeilen haben.)
//
// Läuft ein Programm als `programm | head -n 1`, schließt `head` die Pipe
// nach der ersten Zeile. Unter Linux und macOS schickt der Kernel dem
// Schreiber dann das Signal SIGPIPE, das ihn normalerweise beendet. Rusts
// Laufzeit ignoriert SIGPIPE aber beim Start; write() meldet stattdessen den
// Fehler EPIPE, Rust nennt ihn `ErrorKind::BrokenPipe`. Windows kennt kein
// SIGPIPE; dort meldet WriteFile ERROR_NO_DATA, und Rust macht daraus
// ebenfalls `BrokenPipe`. `println!` gerät über diesen Fehler in Panik –
// `zeile!` und `ausgabe!` beenden das Programm still mit Exit-Code 0, wie
// es ein Unix-Programm ohne Leser tut. Andere Fehler beim Schreiben auf
// stdout übergehen sie: Ein Server bedient weiter, auch wenn sein Protokoll
// nirgends mehr ankommt.

/// Schreibt `text` auf stdout und gibt ihn sofort ab, auch ohne
/// Zeilenende (etwa die Eingabeaufforderung `-> `).
#[allow(dead_code)]
fn auf_stdout(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut aus = std::io::stdout().lock();
    if let Err(e) = aus.write_fmt(text).and_then(|()| aus.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        drop(aus);
        std::process::exit(0); // Der Leser ist fort: still enden.
    }
}

/// Wie `println!`, aber ohne Panik, wenn niemand mehr liest.
#[allow(unused_macros)]
macro_rules! zeile {
    () => {
        $crate::auf_stdout(format_args!("\n"))
    };
    ($($text:tt)*) => {
        $crate::auf_stdout(format_args!("{}\n", format_args!($($text)*)))
    };
}

/// Wie `print!` mit `flush()` danach, aber ohne Panik, wenn niemand mehr liest.
#[allow(unused_macros)]
macro_rules! ausgabe {
    ($($text:tt)*) => {
        $crate::auf_stdout(format_args!($($text)*))
    };
}

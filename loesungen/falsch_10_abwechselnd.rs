//! Absichtlich falsch (Aufgabe 10): nimmt abwechselnd blockierend auf IPv4
//! und IPv6 an. Kommt zuerst ein IPv6-Client, wartet er, bis ein IPv4-Client
//! da war. Der Prüfer meldet „Bedient beide Familien gleichzeitig“ mit ✗.

use std::io::Write;
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
        "Aufruf: cargo run --example falsch_10_abwechselnd -- [PORT]\n(absichtlich falsch, siehe Aufgabe 10)",
        |i, a| i == 0 && a.parse::<u16>().is_ok(),
    );
    let v4 = TcpListener::bind("127.0.0.1:0")?;
    let port = v4.local_addr()?.port();
    let v6 = TcpListener::bind(("::1", port))?;
    zeile!(
        "Server lauscht auf {} und {}",
        v4.local_addr()?,
        v6.local_addr()?
    );
    loop {
        for (familie, l) in [("IPv4", &v4), ("IPv6", &v6)] {
            let (mut s, client) = l.accept()?;
            let _ = s.write_all(format!("{familie} {client}\n").as_bytes());
        }
    }
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

//! Fehler-Atlas: ruft die häufigsten Socket-Fehler absichtlich hervor, alle
//! auf Loopback, und zeigt für jeden die `io::ErrorKind`, den rohen Fehlercode
//! des Betriebssystems und die Meldung.
//!
//! Hier stehen die Fehler beim Aufbauen (bind, connect, Auflösung); die beim
//! Warten, Lesen und Schreiben stehen in `examples/fehler/verbindung.rs`.
//!
//! Benutzt `TcpListener`, `TcpStream`, `set_read_timeout`, `set_nonblocking`,
//! `read_exact`, `ToSocketAddrs` und `SO_LINGER` über socket2.
//!
//! Ein Terminal genügt:
//!   cargo run --example fehler -- refused
//!   cargo run --example fehler -- alle
//!
//! Namen: refused, addrinuse, timeout, reset, brokenpipe, wouldblock,
//! addrnotavailable, name, eof, utf8.

use std::io;
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`
#[path = "fehler/verbindung.rs"]
mod verbindung;

/// Kurzhilfe für `--help` und bei falschen Argumenten.
const AUFRUF: &str = "Aufruf: cargo run --example fehler -- NAME

Ruft einen Socket-Fehler auf Loopback absichtlich hervor und erklärt ihn.
NAME ist einer von refused, addrinuse, timeout, reset, brokenpipe,
wouldblock, addrnotavailable, name, eof, utf8 – oder alle.";

/// Ein Fehler im Atlas: Name auf der Befehlszeile, Überschrift, erwartete
/// Fehlerarten, eine Funktion, die ihn hervorruft, und was er bedeutet.
struct Fall {
    name: &'static str,
    titel: &'static str,
    erwartet: &'static [io::ErrorKind],
    ausloesen: fn() -> anyhow::Result<(String, io::Error)>,
    bedeutung: &'static str,
}

use io::ErrorKind as K;

const FAELLE: &[Fall] = &[
    Fall {
        name: "refused",
        titel: "ConnectionRefused",
        erwartet: &[K::ConnectionRefused],
        ausloesen: refused,
        bedeutung: "Der Rechner ist erreichbar, aber auf dem Port lauscht niemand.",
    },
    Fall {
        name: "addrinuse",
        titel: "AddrInUse",
        erwartet: &[K::AddrInUse],
        ausloesen: addrinuse,
        bedeutung: "Ein anderer Socket hat diese Adresse mit diesem Port schon gebunden.",
    },
    Fall {
        name: "timeout",
        titel: "TimedOut und WouldBlock",
        erwartet: &[K::WouldBlock, K::TimedOut],
        ausloesen: verbindung::timeout,
        bedeutung: "Der Lese-Timeout ist abgelaufen, ohne dass Daten kamen.",
    },
    Fall {
        name: "reset",
        titel: "ConnectionReset",
        erwartet: &[K::ConnectionReset],
        ausloesen: verbindung::reset,
        bedeutung: "Die Gegenseite hat die Verbindung hart abgebrochen (RST).",
    },
    Fall {
        name: "brokenpipe",
        titel: "BrokenPipe",
        erwartet: &[K::BrokenPipe],
        ausloesen: verbindung::brokenpipe,
        bedeutung: "Du schreibst in eine Verbindung, die die Gegenseite schon verworfen hat.",
    },
    Fall {
        name: "wouldblock",
        titel: "WouldBlock",
        erwartet: &[K::WouldBlock],
        ausloesen: verbindung::wouldblock,
        bedeutung: "Nicht-blockierender Socket: Gerade gibt es nichts zu tun, versuch es später.",
    },
    Fall {
        name: "addrnotavailable",
        titel: "AddrNotAvailable",
        erwartet: &[K::AddrNotAvailable],
        ausloesen: addrnotavailable,
        bedeutung: "Diese IP-Adresse gehört zu keiner Netzwerkschnittstelle dieses Rechners.",
    },
    Fall {
        name: "name",
        titel: "Namensauflösung",
        // Die Fehlerart ist je nach Plattform verschieden; unter Linux „uncategorized“.
        erwartet: &[],
        ausloesen: name,
        bedeutung: "Der Name ließ sich nicht in eine IP-Adresse übersetzen.",
    },
    Fall {
        name: "eof",
        titel: "UnexpectedEof",
        erwartet: &[K::UnexpectedEof],
        ausloesen: verbindung::eof,
        bedeutung: "Die Verbindung endete, bevor so viele Bytes da waren wie verlangt.",
    },
    Fall {
        name: "utf8",
        titel: "Ungültiges UTF-8",
        erwartet: &[K::InvalidData],
        ausloesen: verbindung::utf8,
        bedeutung: "Die Bytes sind kein gültiges UTF-8, also kein Rust-String.",
    },
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    // Ein falsches Argument ist ein Bedienfehler: Meldung, Aufruf, Exit-Code 2.
    let faelle = match waehle(&args) {
        Ok(faelle) => faelle,
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(&faelle) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Die Fälle, die das Argument verlangt, oder eine Meldung, was falsch ist.
fn waehle(args: &[String]) -> Result<Vec<&'static Fall>, String> {
    let namen = FAELLE.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
    let [wahl] = args else {
        return Err(format!("Welcher Fehler? Einer von: {namen} oder alle"));
    };
    let faelle: Vec<&Fall> = FAELLE
        .iter()
        .filter(|f| wahl == "alle" || f.name == wahl)
        .collect();
    if faelle.is_empty() {
        let wahl = wahl.escape_debug(); // Steuerzeichen sichtbar, nicht ausgeführt
        return Err(format!(
            "Unbekannter Fehler \"{wahl}\". Einer von: {namen} oder alle"
        ));
    }
    Ok(faelle)
}

fn run(faelle: &[&Fall]) -> anyhow::Result<()> {
    for (i, fall) in faelle.iter().enumerate() {
        if i > 0 {
            zeile!();
        }
        zeige(fall)?;
    }
    Ok(())
}

// ANCHOR: zeige
fn zeige(fall: &Fall) -> anyhow::Result<()> {
    zeile!("== {} ==", fall.titel);
    let (versuch, e) = (fall.ausloesen)().with_context(|| format!("Fall {}", fall.name))?;
    zeile!("Versuch:   {versuch}");
    zeile!("ErrorKind: {:?}", e.kind());
    match e.raw_os_error() {
        Some(code) => zeile!("OS-Fehler: {code}"),
        None => {
            zeile!("OS-Fehler: keiner (kein errno: Der Fehler kommt nicht aus einem Systemaufruf)")
        }
    }
    zeile!("Meldung:   {e}");
    zeile!("Bedeutung: {}", fall.bedeutung);
    if !fall.erwartet.is_empty() && !fall.erwartet.contains(&e.kind()) {
        bail!(
            "Erwartet war {:?}, gekommen ist {:?}",
            fall.erwartet,
            e.kind()
        );
    }
    Ok(())
}
// ANCHOR_END: zeige

/// Macht aus einem Ergebnis, das scheitern soll, den Fehler.
fn scheitert<T>(ergebnis: io::Result<T>, was: &str) -> anyhow::Result<io::Error> {
    match ergebnis {
        Err(e) => Ok(e),
        Ok(_) => bail!("{was} hat unerwartet geklappt"),
    }
}

// ANCHOR: refused
fn refused() -> anyhow::Result<(String, io::Error)> {
    // Port 0: Das System vergibt einen freien Port. Der Listener wird sofort
    // wieder geschlossen, danach lauscht dort niemand mehr.
    let frei = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let e = scheitert(TcpStream::connect(frei), "connect")?;
    Ok((
        format!("TcpStream::connect(\"{frei}\"), dort lauscht niemand"),
        e,
    ))
}
// ANCHOR_END: refused

// ANCHOR: addrinuse
fn addrinuse() -> anyhow::Result<(String, io::Error)> {
    let erster = TcpListener::bind("127.0.0.1:0")?;
    let adresse = erster.local_addr()?;
    let e = scheitert(TcpListener::bind(adresse), "bind")?;
    Ok((
        format!("TcpListener::bind(\"{adresse}\") ein zweites Mal"),
        e,
    ))
}
// ANCHOR_END: addrinuse

// ANCHOR: addrnotavailable
fn addrnotavailable() -> anyhow::Result<(String, io::Error)> {
    // 192.0.2.1 gehört zu einem Adressbereich nur für Dokumentation (RFC 5737):
    // kein Rechner hat sie. bind() schickt nichts ins Netz.
    let e = scheitert(TcpListener::bind("192.0.2.1:0"), "bind")?;
    Ok((
        "TcpListener::bind(\"192.0.2.1:0\"), eine fremde Adresse".into(),
        e,
    ))
}
// ANCHOR_END: addrnotavailable

// ANCHOR: name
fn name() -> anyhow::Result<(String, io::Error)> {
    // `.invalid` gibt es nirgends (RFC 6761). Das Leerzeichen macht den Namen
    // ungültig, so scheitert die Auflösung sofort und ohne Anfrage an einen
    // DNS-Server.
    let e = scheitert("kein server.invalid:80".to_socket_addrs(), "Auflösung")?;
    Ok(("\"kein server.invalid:80\".to_socket_addrs()".into(), e))
}
// ANCHOR_END: name

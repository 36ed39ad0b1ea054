//! Fehler-Atlas: ruft die häufigsten Socket-Fehler absichtlich hervor, alle
//! auf Loopback, und zeigt für jeden die `io::ErrorKind`, den rohen Fehlercode
//! des Betriebssystems und die Meldung.
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

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};
use socket2::SockRef;

/// So lange wartet `timeout` auf Daten, die nie kommen.
const LESE_TIMEOUT: Duration = Duration::from_millis(200);

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
        ausloesen: timeout,
        bedeutung: "Der Lese-Timeout ist abgelaufen, ohne dass Daten kamen.",
    },
    Fall {
        name: "reset",
        titel: "ConnectionReset",
        erwartet: &[K::ConnectionReset],
        ausloesen: reset,
        bedeutung: "Die Gegenseite hat die Verbindung hart abgebrochen (RST).",
    },
    Fall {
        name: "brokenpipe",
        titel: "BrokenPipe",
        erwartet: &[K::BrokenPipe],
        ausloesen: brokenpipe,
        bedeutung: "Du schreibst in eine Verbindung, die die Gegenseite schon verworfen hat.",
    },
    Fall {
        name: "wouldblock",
        titel: "WouldBlock",
        erwartet: &[K::WouldBlock],
        ausloesen: wouldblock,
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
        ausloesen: eof,
        bedeutung: "Die Verbindung endete, bevor so viele Bytes da waren wie verlangt.",
    },
    Fall {
        name: "utf8",
        titel: "Ungültiges UTF-8",
        erwartet: &[K::InvalidData],
        ausloesen: utf8,
        bedeutung: "Die Bytes sind kein gültiges UTF-8, also kein Rust-String.",
    },
];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let namen: Vec<&str> = FAELLE.iter().map(|f| f.name).collect();
    let Some(wahl) = std::env::args().nth(1) else {
        bail!("Welcher Fehler? Einer von: {}, oder alle", namen.join(", "));
    };
    let faelle: Vec<&Fall> = FAELLE
        .iter()
        .filter(|f| wahl == "alle" || f.name == wahl)
        .collect();
    if faelle.is_empty() {
        bail!(
            "Unbekannter Fehler {wahl:?}. Einer von: {}, oder alle",
            namen.join(", ")
        );
    }
    for (i, fall) in faelle.iter().enumerate() {
        if i > 0 {
            println!();
        }
        zeige(fall)?;
    }
    Ok(())
}

// ANCHOR: zeige
fn zeige(fall: &Fall) -> anyhow::Result<()> {
    println!("== {} ==", fall.titel);
    let (versuch, e) = (fall.ausloesen)().with_context(|| format!("Fall {}", fall.name))?;
    println!("Versuch:   {versuch}");
    println!("ErrorKind: {:?}", e.kind());
    match e.raw_os_error() {
        Some(code) => println!("OS-Fehler: {code}"),
        None => println!(
            "OS-Fehler: keiner (kein errno: Der Fehler kommt nicht aus einem Systemaufruf)"
        ),
    }
    println!("Meldung:   {e}");
    println!("Bedeutung: {}", fall.bedeutung);
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

/// Ein verbundenes Paar auf Loopback: (Client-Seite, Server-Seite).
fn paar() -> anyhow::Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr()?)?;
    let (server, _) = listener.accept()?;
    // Niemand soll hängen bleiben, falls etwas anders läuft als gedacht.
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    Ok((client, server))
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

// ANCHOR: timeout
fn timeout() -> anyhow::Result<(String, io::Error)> {
    let (client, _server) = paar()?; // Der Server schweigt.
    client.set_read_timeout(Some(LESE_TIMEOUT))?;
    let e = scheitert((&client).read(&mut [0u8; 100]), "read")?;
    Ok((
        format!("read() mit Lese-Timeout {LESE_TIMEOUT:?}, der Server schweigt"),
        e,
    ))
}
// ANCHOR_END: timeout

// ANCHOR: reset
fn reset() -> anyhow::Result<(String, io::Error)> {
    let (client, server) = paar()?;
    // SO_LINGER mit 0 Sekunden: close() schickt RST statt FIN.
    SockRef::from(&server).set_linger(Some(Duration::ZERO))?;
    drop(server);
    let e = scheitert((&client).read(&mut [0u8; 100]), "read")?;
    Ok((
        "read(), nachdem der Server mit SO_LINGER 0 geschlossen hat".into(),
        e,
    ))
}
// ANCHOR_END: reset

// ANCHOR: brokenpipe
fn brokenpipe() -> anyhow::Result<(String, io::Error)> {
    let (client, server) = paar()?;
    drop(server); // normales Schließen: FIN an den Client
    // Das erste write() klappt noch: Die Daten gehen hinaus, der Kern der
    // Gegenseite kennt die Verbindung aber nicht mehr und antwortet mit RST.
    // Ab dann scheitert jedes write() mit EPIPE.
    for _ in 0..100 {
        if let Err(e) = (&client).write(b"Hallo?") {
            return Ok((
                "write() in eine Verbindung, die der Server geschlossen hat".into(),
                e,
            ));
        }
        thread::sleep(Duration::from_millis(10)); // dem RST Zeit geben
    }
    bail!("write() ist 100-mal gelungen")
}
// ANCHOR_END: brokenpipe

// ANCHOR: wouldblock
fn wouldblock() -> anyhow::Result<(String, io::Error)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let e = scheitert(listener.accept(), "accept")?;
    Ok((
        "accept() auf einem nicht-blockierenden Listener ohne wartenden Client".into(),
        e,
    ))
}
// ANCHOR_END: wouldblock

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

// ANCHOR: eof
fn eof() -> anyhow::Result<(String, io::Error)> {
    let (client, mut server) = paar()?;
    server.write_all(b"abc")?; // 3 Bytes, dann FIN
    drop(server);
    let e = scheitert((&client).read_exact(&mut [0u8; 8]), "read_exact")?;
    Ok((
        "read_exact() will 8 Bytes, der Server schickt 3 und schließt".into(),
        e,
    ))
}
// ANCHOR_END: eof

// ANCHOR: utf8
fn utf8() -> anyhow::Result<(String, io::Error)> {
    const LATIN1: &[u8] = b"Gr\xfc\xdfe\n"; // „Grüße“ in Latin-1, nicht in UTF-8
    let (client, mut server) = paar()?;
    server.write_all(LATIN1)?;
    // read_line() will einen String und lehnt die Bytes ab …
    let mut zeile = String::new();
    let e = scheitert(BufReader::new(client).read_line(&mut zeile), "read_line")?;
    // … from_utf8_lossy ersetzt sie durch U+FFFD und macht weiter.
    let lesbar = String::from_utf8_lossy(LATIN1);
    Ok((
        format!(
            "read_line() auf b\"{}\"; lossy: {:?}",
            LATIN1.escape_ascii(),
            lesbar.trim_end()
        ),
        e,
    ))
}
// ANCHOR_END: utf8

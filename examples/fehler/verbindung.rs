//! Teil des Fehler-Atlas (`cargo run --example fehler -- NAME`): die Fehler
//! beim Warten, Lesen und Schreiben. Jeder Fall baut sich auf Loopback ein
//! Paar aus Client und Server und bringt es absichtlich in Schwierigkeiten.
//! Die Tabelle und die Ausgabe stehen in `examples/fehler.rs`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::bail;
use socket2::SockRef;

use super::scheitert;

/// So lange wartet `timeout` auf Daten, die nie kommen.
const LESE_TIMEOUT: Duration = Duration::from_millis(200);

/// Ein verbundenes Paar auf Loopback: (Client-Seite, Server-Seite).
fn paar() -> anyhow::Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr()?)?;
    let (server, _) = listener.accept()?;
    // Niemand soll hängen bleiben, falls etwas anders läuft als gedacht.
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    Ok((client, server))
}

// ANCHOR: timeout
pub fn timeout() -> anyhow::Result<(String, io::Error)> {
    let (client, _server) = paar()?; // Der Server schweigt.
    client.set_read_timeout(Some(LESE_TIMEOUT))?;
    let e = scheitert((&client).read(&mut [0u8; 100]), "read")?;
    Ok((
        format!("read() mit Lese-Timeout {LESE_TIMEOUT:?}, der Server schweigt"),
        e,
    ))
}
// ANCHOR_END: timeout

// ANCHOR: wouldblock
pub fn wouldblock() -> anyhow::Result<(String, io::Error)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let e = scheitert(listener.accept(), "accept")?;
    Ok((
        "accept() auf einem nicht-blockierenden Listener ohne wartenden Client".into(),
        e,
    ))
}
// ANCHOR_END: wouldblock

// ANCHOR: reset
pub fn reset() -> anyhow::Result<(String, io::Error)> {
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
pub fn brokenpipe() -> anyhow::Result<(String, io::Error)> {
    let (client, server) = paar()?;
    drop(server); // normales Schließen: FIN an den Client
    // Das erste write() klappt noch: Die Daten gehen hinaus, der Kernel der
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

// ANCHOR: eof
pub fn eof() -> anyhow::Result<(String, io::Error)> {
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
pub fn utf8() -> anyhow::Result<(String, io::Error)> {
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

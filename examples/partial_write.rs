//! partial_write: `write` darf weniger Bytes annehmen als verlangt – genau
//! wie Pythons `send`. `write_all` (Pythons `sendall`) schreibt so lange,
//! bis alles draußen ist.
//!
//! Teil 1: ein nicht-blockierender Socket mit kleinem Sendepuffer (SO_SNDBUF
//! über socket2), die Gegenseite liest nicht. Teil 2: ein blockierender
//! Socket mit `write_all`, die Gegenseite liest.
//!
//! Das Beispiel startet seine Gegenseite selbst; ein Terminal genügt:
//!   cargo run --example partial_write
//! Andere Datenmenge in Bytes: cargo run --example partial_write -- 4000000

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use anyhow::Context;
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// So viel wollen wir auf einmal senden: viel mehr, als in die Puffer passt.
const STANDARD_MENGE: usize = 1024 * 1024;
/// Wir bitten um kleine Puffer, damit `write` schnell an die Grenze stößt.
/// Das Betriebssystem darf den Wert anpassen (Linux verdoppelt ihn).
const KLEINER_PUFFER: usize = 4096;

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example partial_write [-- BYTES]

Zeigt, dass write() auf einem nicht-blockierenden Socket nur einen Teil
annimmt, und wie write_all den Rest nachschiebt. BYTES: 1 bis 100000000.";

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let menge = match std::env::args().nth(1) {
        None => STANDARD_MENGE,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=100_000_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "Fehler: {text:?}: erwartet eine Byte-Anzahl von 1 bis 100000000\n\n{AUFRUF}"
                );
                std::process::exit(2);
            }
        },
    };
    let daten = vec![b'x'; menge];
    teil1_nicht_blockierend(&daten)?;
    teil2_write_all(&daten)
}

/// Ein Listener auf Loopback, Port 0; mit kleinem Empfangspuffer, den die
/// angenommenen Verbindungen erben.
fn gegenseite() -> anyhow::Result<TcpListener> {
    let adresse = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    // setsockopt(SO_RCVBUF): klein, damit auch beim Empfänger wenig Platz ist.
    socket.set_recv_buffer_size(KLEINER_PUFFER)?;
    socket
        .bind(&adresse.into())
        .context("bind() auf 127.0.0.1:0 ist gescheitert")?;
    socket.listen(1)?;
    Ok(socket.into())
}

// ANCHOR: teil1
fn teil1_nicht_blockierend(daten: &[u8]) -> anyhow::Result<()> {
    zeile!("Teil 1: nicht-blockierend, kleiner Sendepuffer, die Gegenseite liest nicht");
    let listener = gegenseite()?;
    let ziel = listener.local_addr()?;
    zeile!("  Gegenseite lauscht auf {ziel} und liest nichts");

    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    // setsockopt(SO_SNDBUF) vor connect: so viel hält der Kernel für uns vor.
    socket.set_send_buffer_size(KLEINER_PUFFER)?;
    zeile!(
        "  SO_SNDBUF: erbeten {KLEINER_PUFFER} Bytes, erhalten {} Bytes",
        socket.send_buffer_size()?
    );
    socket
        .connect(&ziel.into())
        .context("connect() zur Gegenseite ist gescheitert")?;
    let (_nie_gelesen, _) = listener.accept()?;
    let mut verbindung: TcpStream = socket.into();
    // fcntl(O_NONBLOCK): write wartet nie, sondern meldet WouldBlock.
    verbindung.set_nonblocking(true)?;

    let mut gesendet = 0;
    let mut aufrufe = 0;
    loop {
        match verbindung.write(&daten[gesendet..]) {
            Ok(n) => {
                aufrufe += 1;
                if aufrufe == 1 {
                    zeile!("  write({} Bytes) → {n} Bytes angenommen", daten.len());
                }
                gesendet += n;
                if gesendet == daten.len() {
                    zeile!("  Alles passte in die Puffer. Nimm eine größere Menge.");
                    return Ok(());
                }
            }
            // Der Sendepuffer ist voll und die Gegenseite liest nicht:
            // blockieren dürfen wir nicht, also meldet der Kernel EAGAIN.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("write() ist gescheitert"),
        }
    }
    zeile!("  nach {aufrufe} write-Aufrufen: WouldBlock, der Sendepuffer ist voll");
    zeile!(
        "  angenommen: {gesendet} von {} Bytes, offen: {} Bytes",
        daten.len(),
        daten.len() - gesendet
    );
    zeile!("  Den Rest muss das Programm selbst später senden – oder write_all benutzen.");
    Ok(())
}
// ANCHOR_END: teil1

// ANCHOR: teil2
fn teil2_write_all(daten: &[u8]) -> anyhow::Result<()> {
    zeile!("Teil 2: blockierend mit write_all, die Gegenseite liest");
    let listener = gegenseite()?;
    let ziel = listener.local_addr()?;
    // Die Gegenseite liest auf einem eigenen Thread alles bis zum Ende (0 Bytes).
    let leser = thread::spawn(move || -> io::Result<u64> {
        let (mut verbindung, _) = listener.accept()?;
        verbindung.set_read_timeout(Some(Duration::from_secs(30)))?;
        io::copy(&mut verbindung, &mut io::sink())
    });

    let mut verbindung =
        TcpStream::connect(ziel).context("connect() zur Gegenseite ist gescheitert")?;
    verbindung.set_write_timeout(Some(Duration::from_secs(30)))?;
    // write_all ruft write so oft auf, bis alle Bytes beim Kernel sind, und
    // wartet dazwischen, bis wieder Platz im Sendepuffer ist.
    verbindung
        .write_all(daten)
        .context("write_all ist gescheitert")?;
    zeile!("  write_all({} Bytes) → fertig", daten.len());
    // shutdown(Write): kein Byte mehr von uns; die Gegenseite liest dann 0.
    verbindung.shutdown(std::net::Shutdown::Write)?;
    let gelesen = leser
        .join()
        .map_err(|_| anyhow::anyhow!("Der Lese-Thread ist abgestürzt"))?
        .context("Die Gegenseite konnte nicht lesen")?;
    zeile!("  die Gegenseite hat {gelesen} Bytes gelesen");
    Ok(())
}
// ANCHOR_END: teil2

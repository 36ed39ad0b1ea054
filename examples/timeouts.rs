//! Timeouts: wie lange read(), write() und connect() höchstens warten.
//! Eine Vorführung in einem Prozess. Ein „stummer“ Server auf Loopback nimmt
//! Verbindungen an und schreibt nie etwas, so dass jeder Timeout wirklich
//! abläuft.
//!
//! Benutzt `set_read_timeout`/`read_timeout`, `set_write_timeout`/
//! `write_timeout`, `TcpStream::connect_timeout` und socket2 für `listen(1)`.
//!
//! Terminal: cargo run --example timeouts
//!
//! Mit einem anderen Server, der nichts von sich aus sagt, etwa `tcp_server`:
//! Terminal 1: cargo run --example tcp_server
//! Terminal 2: cargo run --example timeouts -- 127.0.0.1:50000

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// So lange darf jede Operation hier warten: lang genug, um es zu merken,
/// kurz genug, dass die Vorführung flott bleibt.
const WARTEZEIT: Duration = Duration::from_millis(500);
/// Höchstens so viele Verbindungen, bis die Warteschlange voll sein muss.
const MAX_VERSUCHE: usize = 8;

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example timeouts [-- ADRESSE]

Zeigt Lese- und Verbindungs-Timeouts. Ohne ADRESSE startet das Beispiel
einen eigenen stummen Server; mit ADRESSE (etwa 127.0.0.1:50000) liest es
von dort.";

fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let ziel = match lies_ziel() {
        Ok(ziel) => ziel,
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(ziel) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Das optionale Ziel aus dem ersten Argument, geprüft, bevor etwas passiert:
/// höchstens ein Argument, kein Schalter, und es endet mit `:PORT`.
fn lies_ziel() -> Result<Option<String>, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(None),
        [ziel] if ziel.starts_with('-') => Err(format!("Unbekannter Schalter {ziel:?}")),
        [ziel] => match ziel.rsplit_once(':').map(|(_, port)| port.parse::<u16>()) {
            Some(Ok(_)) => Ok(Some(ziel.clone())),
            _ => Err(format!(
                "{ziel:?} ist keine Adresse mit Port, etwa 127.0.0.1:50000"
            )),
        },
        _ => Err("Höchstens ein Argument: die ADRESSE für den Lese-Timeout".into()),
    }
}

fn run(ziel: Option<String>) -> anyhow::Result<()> {
    let stumm = stummer_server()?;
    zeile!("Stummer Server auf {stumm}: nimmt an, schreibt nie etwas.");
    let ziel = match ziel {
        Some(text) => loese_auf(&text)?,
        None => stumm,
    };

    // ANCHOR: lesen
    let verbindung = verbinde(ziel)?;
    zeile!(
        "1. Verbunden mit {ziel}. read_timeout() = {:?}",
        verbindung.read_timeout()?
    );
    zeile!("   None heißt: read() wartet ewig (Python: gettimeout() gibt None).");

    // Python erlaubt settimeout(0.0) und meint „nicht-blockierend“; std lehnt
    // eine Dauer von null ab. Dafür gibt es set_nonblocking(true).
    match verbindung.set_read_timeout(Some(Duration::ZERO)) {
        Err(e) => zeile!("2. set_read_timeout(Some(0 s)) -> Err({:?}): {e}", e.kind()),
        Ok(()) => bail!("Eine Dauer von 0 hätte abgelehnt werden müssen"),
    }

    verbindung.set_read_timeout(Some(WARTEZEIT))?;
    zeile!(
        "3. set_read_timeout(Some({WARTEZEIT:?})), read_timeout() = {:?}",
        verbindung.read_timeout()?
    );

    let start = Instant::now();
    let mut puffer = [0u8; 1024];
    match (&verbindung).read(&mut puffer) {
        // Unix meldet einen abgelaufenen Timeout als WouldBlock, Windows als TimedOut.
        Err(e) if ist_timeout(&e) => {
            zeile!(
                "4. read() -> nach {}: Err({:?}): {e}",
                dauer(start),
                e.kind()
            );
        }
        Ok(0) => bail!("{ziel} hat die Verbindung geschlossen, statt zu schweigen"),
        Ok(n) => zeile!("4. read() -> {ziel} hat doch geantwortet: {n} Bytes, kein Timeout"),
        Err(e) => return Err(e).context("read() ist gescheitert"),
    }
    verbindung.set_read_timeout(None)?;
    zeile!(
        "5. set_read_timeout(None), read_timeout() = {:?}",
        verbindung.read_timeout()?
    );
    // ANCHOR_END: lesen

    // ANCHOR: schreiben
    // Der stumme Server liest nie: Irgendwann sind alle Puffer voll, und
    // write() müsste ewig warten – oder eben nur WARTEZEIT lang.
    let verbindung = verbinde(stumm)?;
    verbindung.set_write_timeout(Some(WARTEZEIT))?;
    zeile!(
        "6. set_write_timeout(Some({WARTEZEIT:?})), write_timeout() = {:?}",
        verbindung.write_timeout()?
    );
    let stueck = vec![b'x'; 64 * 1024];
    loop {
        let start = Instant::now();
        match (&verbindung).write(&stueck) {
            Ok(_) => continue, // es passte noch etwas in die Puffer
            Err(e) if ist_timeout(&e) => {
                zeile!(
                    "   write() -> nach {}: Err({:?}): {e}",
                    dauer(start),
                    e.kind()
                );
                break;
            }
            Err(e) => return Err(e).context("write() ist gescheitert"),
        }
    }
    // ANCHOR_END: schreiben

    // ANCHOR: connect
    match TcpStream::connect_timeout(&stumm, Duration::ZERO) {
        Err(e) => zeile!("7. connect_timeout(…, 0 s) -> Err({:?}): {e}", e.kind()),
        Ok(_) => bail!("Eine Dauer von 0 hätte abgelehnt werden müssen"),
    }

    // Ein Server, der nie accept() aufruft: Ist seine Warteschlange voll,
    // verwirft Linux weitere SYN-Pakete, und connect() wartet vergeblich.
    let voll = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    voll.bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())?;
    voll.listen(1)?;
    let voll_adresse = voll.local_addr()?.as_socket().context("keine IP-Adresse")?;
    zeile!("8. connect_timeout() zu {voll_adresse}, dessen Warteschlange sich füllt:");
    let mut offen = Vec::new();
    for nummer in 1..=MAX_VERSUCHE {
        let start = Instant::now();
        match TcpStream::connect_timeout(&voll_adresse, WARTEZEIT) {
            Ok(verbindung) => {
                zeile!("   Verbindung {nummer}: Ok, wartet in der Warteschlange");
                offen.push(verbindung);
            }
            Err(e) => {
                zeile!(
                    "   Verbindung {nummer}: nach {}: Err({:?}): {e}",
                    dauer(start),
                    e.kind()
                );
                return Ok(());
            }
        }
    }
    bail!("Auch nach {MAX_VERSUCHE} Verbindungen kam kein Timeout")
    // ANCHOR_END: connect
}

/// Ein Server, der jede Verbindung annimmt und für immer offen hält, ohne je
/// etwas zu schreiben oder zu lesen.
fn stummer_server() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("Kann keinen Server-Socket binden")?;
    let adresse = listener.local_addr()?;
    thread::spawn(move || {
        let mut verbindungen = Vec::new();
        for verbindung in listener.incoming().flatten() {
            verbindungen.push(verbindung); // festhalten, nie benutzen
        }
    });
    Ok(adresse)
}

fn verbinde(ziel: SocketAddr) -> anyhow::Result<TcpStream> {
    TcpStream::connect(ziel).map_err(|e| {
        let rat = if e.kind() == io::ErrorKind::ConnectionRefused {
            "Dort lauscht kein Server. Starte ihn zuerst, etwa mit `cargo run --example tcp_server`"
        } else {
            "Prüfe Adresse und Port"
        };
        anyhow::Error::new(e).context(format!("Keine Verbindung zu {ziel}: {rat}"))
    })
}

// ANCHOR: ist_timeout
// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout
// ANCHOR_END: ist_timeout

/// Gemessene Dauer, auf Zehntelsekunden gerundet: genauer ist sie ohnehin nicht.
fn dauer(start: Instant) -> String {
    format!("{:.1} s", start.elapsed().as_secs_f64())
}

fn loese_auf(ziel: &str) -> anyhow::Result<SocketAddr> {
    let mut adressen = ziel.to_socket_addrs().with_context(|| {
        format!(
            "Kann {ziel:?} nicht auflösen. Prüfe die Schreibweise, oder nimm eine \
             IP-Adresse wie 127.0.0.1:50000"
        )
    })?;
    adressen
        .next()
        .with_context(|| format!("{ziel:?} ergibt keine Adresse"))
}

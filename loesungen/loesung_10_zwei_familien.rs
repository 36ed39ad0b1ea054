//! Musterlösung zu Aufgabe 10 „Zwei Familien“: ein Server, zwei Sockets –
//! einer der Familie IPv4, einer der Familie IPv6 –, beide auf demselben Port.
//!
//! Terminal 1: cargo run --example loesung_10_zwei_familien -- 5110
//! Terminal 2: nc 127.0.0.1 5110   und   nc ::1 5110
//!
//! Prüfen: cargo run --bin pruefen -- 10 --beispiel loesung_10_zwei_familien

use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};

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

const STANDARD_PORT: u16 = 5110;
/// Eine Zeile an einen frischen Client passt immer in den Sendepuffer; die
/// Frist schützt trotzdem davor, dass ein accept-Thread hängen bleibt.
const SCHREIB_TIMEOUT: Duration = Duration::from_secs(2);
const AUFRUF: &str = "Aufruf: cargo run --example loesung_10_zwei_familien -- [PORT]
PORT  0 bis 65535 (0: das System wählt); Standard: Umgebungsvariable PORT, sonst 5110";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let port = match lies_port(&args) {
        Ok(port) => port,
        Err(e) => {
            eprintln!("Fehler: {e:#}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    match run(port) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: familie
/// socket(family, SOCK_STREAM) → bind → listen, für genau eine Familie.
fn lausche(adresse: SocketAddr) -> io::Result<TcpListener> {
    // Domain::for_address wählt AF_INET oder AF_INET6 passend zur Adresse.
    let socket = Socket::new(
        Domain::for_address(adresse),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    if adresse.is_ipv6() {
        // IPV6_V6ONLY: Dieser Socket nimmt nur IPv6 an, IPv4 bleibt dem anderen.
        socket.set_only_v6(true)?;
    }
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&adresse.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}
// ANCHOR_END: familie

/// Bindet beide Familien auf denselben Port. Bei Port 0 wählt das System den
/// IPv4-Port; ist er unter IPv6 zufällig belegt, versuchen wir es neu.
fn binde_beide(port: u16) -> anyhow::Result<(TcpListener, TcpListener)> {
    for _ in 0..10 {
        let v4 = lausche(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .with_context(|| format!("Kann 127.0.0.1:{port} nicht binden"))?;
        let echter_port = v4.local_addr()?.port();
        match lausche(SocketAddr::from((Ipv6Addr::LOCALHOST, echter_port))) {
            Ok(v6) => return Ok((v4, v6)),
            Err(e) if port == 0 && e.kind() == io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("Kann [::1]:{echter_port} nicht binden. Hat dieser Rechner IPv6?")
                });
            }
        }
    }
    bail!("Kein Port ist unter IPv4 und IPv6 zugleich frei")
}

/// Der Port aus dem ersten Argument, sonst aus `PORT`, sonst der Standard.
fn lies_port(args: &[String]) -> anyhow::Result<u16> {
    let text = match args {
        [] => match std::env::var("PORT") {
            Ok(text) => text,
            Err(_) => return Ok(STANDARD_PORT),
        },
        [eins] => eins.clone(),
        [_, zuviel, ..] => bail!("Unerwartetes Argument „{zuviel}“"),
    };
    if text.starts_with('-') {
        bail!("Unbekannter Schalter „{text}“");
    }
    text.parse()
        .ok()
        .with_context(|| format!("„{text}“ ist kein Port: erlaubt sind 0 bis 65535"))
}

fn run(port: u16) -> anyhow::Result<()> {
    let (v4, v6) = binde_beide(port)?;
    zeile!(
        "Server lauscht auf {} und {}",
        v4.local_addr()?,
        v6.local_addr()?
    );

    // ANCHOR: threads
    // Ein accept() blockiert. Damit keiner der beiden Listener auf den
    // anderen wartet, bekommt jeder seinen eigenen Thread.
    let faden = thread::Builder::new()
        .spawn(move || bediene(v6, "IPv6"))
        .context("Kann keinen Thread für IPv6 starten")?;
    bediene(v4, "IPv4");
    let _ = faden.join();
    // ANCHOR_END: threads
    Ok(())
}

fn bediene(listener: TcpListener, familie: &str) {
    loop {
        // accept() liefert die Adresse des Clients gleich mit; ein Client, der
        // sofort wieder auflegt, kann uns so nicht mehr stolpern lassen.
        let (mut verbindung, client) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
                eprintln!("{familie}: accept() ist gescheitert ({e}), neuer Versuch gleich");
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        zeile!("{familie}-Client {client}");
        let _ = verbindung.set_write_timeout(Some(SCHREIB_TIMEOUT));
        match verbindung.write_all(format!("{familie} {client}\n").as_bytes()) {
            Ok(()) => {
                let _ = verbindung.shutdown(Shutdown::Write);
            }
            Err(e) => zeile!("{client}: Antwort kam nicht an ({e})"),
        }
    }
}

//! Absichtlich falsch (Aufgabe 22): bindet den Client vor dem Verbinden an
//! einen festen Port (61500), statt ihn das Betriebssystem wählen zu lassen.
//! Die erste Verbindung klappt. Die zweite zum selben Server hätte dasselbe
//! Vierertupel wie die alte, die noch in TIME-WAIT steht: Der Aufbau scheitert
//! (unter Linux „Cannot assign requested address“), oder beide Läufe kommen
//! vom selben Port. Der Prüfer meldet „Zwei Läufe, zwei Ports“ mit ✗.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;

use socket2::{Domain, Socket, Type};

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

/// Der Fehler: ein fester Port für den Client.
const FESTER_PORT: u16 = 61500;
const AUFRUF: &str = "Aufruf: cargo run --example falsch_22_fester_port -- ADRESSE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeile!("{AUFRUF}");
        return ExitCode::SUCCESS;
    }
    let [ziel] = args.as_slice() else {
        eprintln!("Fehler: erwartet ADRESSE\n\n{AUFRUF}");
        return ExitCode::from(2);
    };
    if ziel
        .rsplit_once(':')
        .is_none_or(|(_, p)| p.parse::<u16>().is_err())
    {
        eprintln!("Fehler: {ziel:?} ist keine Adresse mit Port\n\n{AUFRUF}");
        return ExitCode::from(2);
    }
    let adressen: Vec<SocketAddr> = ziel.to_socket_addrs().into_iter().flatten().collect();
    let Some(mut verbindung) = adressen.into_iter().find_map(verbinde) else {
        eprintln!("Fehler: Keine Verbindung zu {ziel} von Port {FESTER_PORT}");
        return ExitCode::FAILURE;
    };
    let (Ok(lokal), Ok(entfernt)) = (verbindung.local_addr(), verbindung.peer_addr()) else {
        eprintln!("Fehler: Adressen unbekannt");
        return ExitCode::FAILURE;
    };
    zeile!("Verbunden: {lokal} -> {entfernt}");
    if verbindung
        .write_all(format!("Hallo von {lokal}\n").as_bytes())
        .is_err()
    {
        eprintln!("Fehler: Senden gescheitert");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Socket anlegen, an den festen Port auf Loopback binden (mit SO_REUSEADDR, damit das
/// Binden selbst klappt), dann verbinden.
fn verbinde(ziel: SocketAddr) -> Option<TcpStream> {
    let (domain, ip) = match ziel {
        SocketAddr::V4(_) => (Domain::IPV4, IpAddr::V4(Ipv4Addr::LOCALHOST)),
        SocketAddr::V6(_) => (Domain::IPV6, IpAddr::V6(Ipv6Addr::LOCALHOST)),
    };
    let socket = Socket::new(domain, Type::STREAM, None).ok()?;
    socket.set_reuse_address(true).ok()?;
    socket.bind(&SocketAddr::new(ip, FESTER_PORT).into()).ok()?;
    socket.connect(&ziel.into()).ok()?;
    Some(socket.into())
}

//! socket(family, type): erzeugt Sockets für IPv4 und IPv6, für TCP und UDP,
//! wie Pythons `socket.socket(socket.AF_INET6, socket.SOCK_STREAM)`, und zeigt
//! einen Dual-Stack-Listener, den IPv4- und IPv6-Clients erreichen.
//!
//! Benutzt socket2: `Socket::new(Domain::IPV4 | IPV6, Type::STREAM | DGRAM, …)`,
//! `set_only_v6` (IPV6_V6ONLY), `bind`, `listen`.
//!
//! Ein Terminal genügt für den Rundgang:
//!   cargo run --example socket_families
//! Mit zwei Terminals, als Dual-Stack-Server:
//!   Terminal 1: cargo run --example socket_families -- --server
//!   Terminal 2: cargo run --example create_connection -- 127.0.0.1:6010
//!               cargo run --example create_connection -- [::1]:6010

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use socket2::{Domain, Protocol, Socket, Type};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Der Server lauscht auf allen Schnittstellen (anders geht Dual-Stack nicht,
/// siehe Buch), antwortet aber nur Clients auf diesem Rechner.
const STANDARD_SERVER: &str = "[::]:6010";
const MAX_ZEILE: usize = 1024;
/// Wer so lange nichts schickt, wird getrennt.
const LESE_TIMEOUT: Duration = Duration::from_secs(10);

/// Kurzhilfe für `--help`.
const AUFRUF: &str =
    "Aufruf: cargo run --example socket_families [-- --nur-ipv4 | --server [ADRESSE]]

Ohne Argument: Rundgang durch AF_INET/AF_INET6 und SOCK_STREAM/SOCK_DGRAM.
--nur-ipv4          so, als hätte der Rechner kein IPv6
--server [ADRESSE]  Dual-Stack-Server (Standard [::]:6010, nimmt nur lokale Clients an)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ergebnis = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => rundgang(true),
        ["--nur-ipv4"] => rundgang(false),
        ["--server"] => server(STANDARD_SERVER),
        ["--server", adresse] => server(adresse),
        ["--help" | "-h"] => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("Fehler: unbekannte Argumente {args:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ergebnis {
        eprintln!("Fehler: {e:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn rundgang(mit_ipv6: bool) -> anyhow::Result<()> {
    // Hat der Rechner überhaupt IPv6 (und ::1)? Sonst entfallen die IPv6-Teile.
    let ipv6 = mit_ipv6 && ipv6_vorhanden();
    zeile!("socket(family, type) – die vier Kombinationen:");
    // ANCHOR: vier
    let familien = [
        (Domain::IPV4, IpAddr::from(Ipv4Addr::LOCALHOST)),
        (Domain::IPV6, IpAddr::from(Ipv6Addr::LOCALHOST)),
    ];
    let typen = [(Type::STREAM, Protocol::TCP), (Type::DGRAM, Protocol::UDP)];
    for ((familie, ip), (typ, protokoll)) in
        familien.into_iter().flat_map(|f| typen.map(|t| (f, t)))
    {
        let name = format!("{familie:?}, {typ:?}");
        if ip.is_ipv6() && !ipv6 {
            zeile!("  {name:<30} übersprungen: kein IPv6");
            continue;
        }
        // socket(2): Familie (AF_INET/AF_INET6) und Typ (SOCK_STREAM/SOCK_DGRAM).
        let socket = Socket::new(familie, typ, Some(protokoll))
            .with_context(|| format!("socket({name}) ist gescheitert"))?;
        // bind(2) auf Port 0: Das Betriebssystem wählt einen freien Port.
        socket.bind(&SocketAddr::new(ip, 0).into())?;
        let adresse = socket
            .local_addr()?
            .as_socket()
            .context("keine IP-Adresse")?;
        zeile!("  {name:<30} gebunden an {adresse}");
    }
    // ANCHOR_END: vier

    if !ipv6 {
        zeile!("Dieser Rechner hat kein IPv6: Dual-Stack entfällt.");
        return Ok(());
    }
    // ANCHOR: voreinstellung
    // Was gilt, wenn niemand IPV6_V6ONLY setzt? Linux: aus (sysctl
    // net.ipv6.bindv6only = 0), Windows und die BSDs: an.
    let frisch = Socket::new(Domain::IPV6, Type::STREAM, Some(Protocol::TCP))?;
    let voreinstellung = frisch.only_v6()?;
    zeile!("Voreinstellung dieses Systems: only_v6 = {voreinstellung}");
    // ANCHOR_END: voreinstellung
    zeile!("Dual-Stack: only_v6 = false");
    let listener = dual_stack(SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), 0), false)?;
    let port = listener.local_addr()?.port();
    zeile!("  lauscht auf {}", listener.local_addr()?);
    for ip in [
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    ] {
        let _client =
            TcpStream::connect((ip, port)).with_context(|| format!("connect über {ip}"))?;
        let (_verbindung, gegenstelle) = listener.accept()?;
        zeile!(
            "  Client über {ip:<9} → accept() meldet {} ({})",
            gegenstelle.ip(),
            familie(&gegenstelle)
        );
    }

    zeile!("Nur IPv6: only_v6 = true");
    let nur_v6 = dual_stack(SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), 0), true)?;
    let port = nur_v6.local_addr()?.port();
    zeile!("  lauscht auf {}", nur_v6.local_addr()?);
    match TcpStream::connect((Ipv4Addr::LOCALHOST, port)) {
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            zeile!("  Client über 127.0.0.1 → abgelehnt: Auf IPv4 lauscht dieser Socket nicht")
        }
        Err(e) => zeile!("  Client über 127.0.0.1 → {e}"),
        Ok(_) => zeile!("  Client über 127.0.0.1 → verbunden: Ein anderes Programm lauscht dort"),
    }
    Ok(())
}

// ANCHOR: dual_stack
/// Ein IPv6-Listener; mit `nur_v6 = false` nimmt er auch IPv4 an.
fn dual_stack(adresse: SocketAddr, nur_v6: bool) -> anyhow::Result<TcpListener> {
    let socket = Socket::new(Domain::IPV6, Type::STREAM, Some(Protocol::TCP))
        .context("Kein IPv6-Socket möglich. Hat der Rechner IPv6?")?;
    // setsockopt(IPV6_V6ONLY) muss vor bind(2) kommen. Bei false bekommt der
    // Socket IPv4-Verbindungen als IPv4-gemappte Adressen ::ffff:a.b.c.d.
    socket.set_only_v6(nur_v6)?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&adresse.into()).map_err(|e| {
        let rat = match e.kind() {
            io::ErrorKind::AddrInUse => "Der Port ist schon belegt. Läuft der Server noch?",
            io::ErrorKind::AddrNotAvailable => "Diese Adresse gehört nicht zu diesem Rechner.",
            _ => "Der Server braucht eine IPv6-Adresse, etwa [::]:6010.",
        };
        anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
    })?;
    socket.listen(128).context("listen() ist gescheitert")?;
    Ok(socket.into())
}
// ANCHOR_END: dual_stack

/// Eine IPv4-gemappte Adresse ::ffff:a.b.c.d ist in Wahrheit IPv4.
fn familie(adresse: &SocketAddr) -> &'static str {
    match adresse.ip() {
        IpAddr::V4(_) => "IPv4",
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some() => "IPv4, gemappt",
        IpAddr::V6(_) => "IPv6",
    }
}

fn ipv6_vorhanden() -> bool {
    let socket = Socket::new(Domain::IPV6, Type::STREAM, Some(Protocol::TCP));
    (socket.and_then(|s| s.bind(&SocketAddr::from((Ipv6Addr::LOCALHOST, 0)).into()))).is_ok()
}

// ANCHOR: server
fn server(adresse: &str) -> anyhow::Result<()> {
    let adresse: SocketAddr = (adresse.parse().ok())
        .with_context(|| format!("{adresse:?} ist keine Adresse, erwartet etwa [::]:6010"))?;
    anyhow::ensure!(
        adresse.is_ipv6(),
        "Dual-Stack braucht IPv6, nicht {adresse}"
    );
    let listener = dual_stack(adresse, false)?;
    zeile!("Dual-Stack-Server lauscht auf {}", listener.local_addr()?);
    loop {
        let (verbindung, gegenstelle) = match listener.accept() {
            Ok(paar) => paar,
            Err(e) => {
                // Etwa EMFILE (keine Dateideskriptoren mehr): kurz warten statt
                // in einer Schleife mit 100 % CPU sofort wieder zu scheitern.
                zeile!("accept() ist gescheitert: {e}");
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        if !gegenstelle.ip().to_canonical().is_loopback() {
            // Wir lauschen auf allen Schnittstellen, antworten aber nur lokal.
            zeile!("{gegenstelle} abgewiesen: nicht von diesem Rechner");
            continue;
        }
        zeile!("Verbindung von {gegenstelle} ({})", familie(&gegenstelle));
        if let Err(e) = begruesse(&verbindung, &gegenstelle) {
            zeile!("{gegenstelle}: {e:#}");
            // Den Grund senden, dann FIN, dann Rest verwerfen: So kommt er an,
            // statt dass ungelesene Bytes beim Schließen ein RST auslösen.
            let _ = (&verbindung).write_all(format!("Fehler: {e}\n").as_bytes());
            let _ = verbindung.shutdown(std::net::Shutdown::Write);
            let _ = verbindung.set_read_timeout(Some(Duration::from_secs(1)));
            let _ = io::copy(&mut (&verbindung).take(2 << 20), &mut io::sink());
        }
    }
}

fn begruesse(verbindung: &TcpStream, gegenstelle: &SocketAddr) -> anyhow::Result<()> {
    verbindung.set_read_timeout(Some(LESE_TIMEOUT))?;
    let mut zeile = Vec::new();
    let gelesen = BufReader::new(verbindung)
        .take(MAX_ZEILE as u64 + 1)
        .read_until(b'\n', &mut zeile);
    if let Err(e) = gelesen {
        let zeit = matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        );
        bail!(
            "{}",
            if zeit {
                "zu lange keine Zeile"
            } else {
                "Lesen gescheitert"
            }
        );
    }
    if zeile.is_empty() {
        zeile!("  hat ohne Nachricht aufgelegt");
        return Ok(());
    }
    if zeile.len() > MAX_ZEILE {
        bail!("Zeile länger als {MAX_ZEILE} Bytes, Verbindung beendet");
    }
    // Steuerzeichen (etwa ESC) erscheinen als �: Kein Client steuert das Terminal.
    let text = String::from_utf8_lossy(zeile.trim_ascii_end()).replace(char::is_control, "�");
    zeile!("  sagt: {text}");
    let (ip, art) = (gegenstelle.ip(), familie(gegenstelle));
    let antwort = format!("Hallo! Du kommst über {ip} ({art})\n");
    let mut verbindung = verbindung;
    verbindung
        .write_all(antwort.as_bytes())
        .context("Senden ist gescheitert")?;
    Ok(())
}
// ANCHOR_END: server

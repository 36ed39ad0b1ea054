//! Szenarien zu Kapitel „socket(family, type)“: der Rundgang durch die vier
//! Kombinationen, Dual-Stack und der Dual-Stack-Server.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv6Addr, SocketAddr, TcpStream};

use common::{Prozess, Transkript, frist};

fn ipv6_vorhanden() -> bool {
    std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

/// Der Server lauscht auf [::]:PORT; Clients erreichen ihn über Loopback.
fn starte_server() -> (Prozess, u16) {
    let mut server = Prozess::starte("socket_families", &["--server", "[::]:0"]);
    let adresse = server.adresse_aus_erster_zeile();
    (server, adresse.port())
}

fn verbinde(ziel: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&ziel, frist()).unwrap();
    s.set_read_timeout(Some(frist())).unwrap();
    s
}

#[test]
fn rundgang_durch_die_familien() {
    let mut p = Prozess::starte("socket_families", &[]);
    p.erfolgreich();
    let text = p.terminal();
    assert!(text.contains("AF_INET, SOCK_STREAM"), "{text}");
    assert!(text.contains("AF_INET, SOCK_DGRAM"), "{text}");
    if !ipv6_vorhanden() {
        assert!(text.contains("Dieser Rechner hat kein IPv6"), "{text}");
        return;
    }
    assert!(
        text.contains("Client über 127.0.0.1 → accept() meldet ::ffff:127.0.0.1 (IPv4, gemappt)"),
        "{text}"
    );
    assert!(
        text.contains("Client über ::1       → accept() meldet ::1 (IPv6)"),
        "{text}"
    );
    assert!(text.contains("abgelehnt: Auf IPv4 lauscht dieser Socket nicht"));
    Transkript::neu()
        .terminal(
            "socket_families_rundgang",
            "cargo run --example socket_families",
            &p,
        )
        .pruefe();
}

#[test]
fn ohne_ipv6_entfaellt_der_ipv6_teil() {
    let mut p = Prozess::starte("socket_families", &["--nur-ipv4"]);
    p.erfolgreich();
    let text = p.terminal();
    assert!(text.contains("AF_INET6, SOCK_STREAM          übersprungen: kein IPv6"));
    assert!(text.ends_with("Dieser Rechner hat kein IPv6: Dual-Stack entfällt.\n"));
    Transkript::neu()
        .terminal(
            "socket_families_ohne_ipv6",
            "cargo run --example socket_families -- --nur-ipv4",
            &p,
        )
        .pruefe();
}

/// Terminal 1: der Dual-Stack-Server. Terminal 2: create_connection einmal
/// über 127.0.0.1, einmal über [::1].
#[test]
fn dual_stack_server_mit_create_connection() {
    if !ipv6_vorhanden() {
        eprintln!("Kein IPv6 auf diesem Rechner: Test übersprungen.");
        return;
    }
    let (mut server, port) = starte_server();
    let v4 = format!("127.0.0.1:{port}");
    let mut client4 = Prozess::starte("create_connection", &[&v4]);
    client4.erfolgreich();
    server.warte_auf("sagt: Hallo Welt\n");
    let v6 = format!("[::1]:{port}");
    let mut client6 = Prozess::starte("create_connection", &[&v6]);
    client6.erfolgreich();
    server.warte_auf("Verbindung von [::1]:");
    server.warte_auf("sagt: Hallo Welt\n");

    assert!(
        client4
            .terminal()
            .ends_with("Antwort: Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n")
    );
    assert!(
        client6
            .terminal()
            .ends_with("Antwort: Hallo! Du kommst über ::1 (IPv6)\n")
    );
    // Die Client-Ports: unter [::ffff:127.0.0.1]:PORT erkennt die Harness sie
    // nicht von selbst, also ordnen wir sie ausdrücklich zu.
    let lokal = |p: &Prozess| -> u16 {
        let t = p.terminal();
        let rest = &t[t.find("(lokal ").unwrap() + 7..];
        let rest = &rest[..rest.find(')').unwrap()];
        rest.parse::<SocketAddr>().unwrap().port()
    };
    let (p4, p6) = (lokal(&client4), lokal(&client6));
    server.beende();
    Transkript::neu()
        .port(port, 6010)
        .port(6010, 6010)
        .port(p4, 54321)
        .port(p6, 54322)
        .ersetze(
            format!("[::ffff:127.0.0.1]:{p4}"),
            "[::ffff:127.0.0.1]:54321",
        )
        .terminal(
            "socket_families_server",
            "cargo run --example socket_families -- --server",
            &server,
        )
        .terminal(
            "socket_families_client_v4",
            "cargo run --example create_connection -- 127.0.0.1:6010",
            &client4,
        )
        .terminal(
            "socket_families_client_v6",
            "cargo run --example create_connection -- [::1]:6010",
            &client6,
        )
        .pruefe();
}

#[test]
fn server_zeigt_kaputtes_utf8_und_ueberlebt_zu_lange_zeilen() {
    if !ipv6_vorhanden() {
        return;
    }
    let (mut server, port) = starte_server();
    let ziel: SocketAddr = (Ipv6Addr::LOCALHOST, port).into();

    // 1. Ungültiges UTF-8: angezeigt mit Ersatzzeichen, Antwort kommt trotzdem.
    let mut a = verbinde(ziel);
    a.write_all(b"\xff\xfe kaputt\n").unwrap();
    let mut antwort = String::new();
    BufReader::new(&a).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Hallo! Du kommst über ::1 (IPv6)\n");
    server.warte_auf("sagt: \u{fffd}\u{fffd} kaputt\n");

    // 2. Eine zu lange Zeile: Der Client bekommt den Grund und danach ein
    // sauberes Ende (0 Bytes), kein Reset, obwohl noch Ungelesenes da war.
    let b = verbinde(ziel);
    (&b).write_all(&vec![b'x'; 30_000]).unwrap();
    let mut rest = Vec::new();
    (&b).read_to_end(&mut rest)
        .expect("sauberes Ende statt Reset");
    assert_eq!(
        String::from_utf8_lossy(&rest),
        "Fehler: Zeile länger als 1024 Bytes, Verbindung beendet\n"
    );

    // 2b. Steuerzeichen fälschen keine Zeile im Protokoll des Servers.
    let f = verbinde(ziel);
    (&f).write_all(b"x\r[::1]:1 GEFAELSCHT \x1b[2J\n").unwrap();
    let mut antwort = String::new();
    BufReader::new(&f).read_line(&mut antwort).unwrap();
    server.warte_auf("sagt: x\u{fffd}[::1]:1 GEFAELSCHT \u{fffd}[2J\n");

    // 3. Einer legt ohne Nachricht auf.
    drop(verbinde(ziel));
    server.warte_auf("hat ohne Nachricht aufgelegt");

    // 4. Der nächste Client wird normal bedient.
    let mut c = verbinde((std::net::Ipv4Addr::LOCALHOST, port).into());
    c.write_all(b"noch da?\n").unwrap();
    let mut antwort = String::new();
    BufReader::new(&c).read_line(&mut antwort).unwrap();
    assert_eq!(
        antwort,
        "Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n"
    );
    assert!(server.laeuft());
}

#[test]
fn belegter_port_wird_erklaert() {
    if !ipv6_vorhanden() {
        return;
    }
    let (_server, port) = starte_server();
    let adresse = format!("[::]:{port}");
    let mut zweiter = Prozess::starte("socket_families", &["--server", &adresse]);
    zweiter.fehlgeschlagen();
    assert!(
        zweiter.terminal().contains("Der Port ist schon belegt"),
        "{}",
        zweiter.terminal()
    );
}

#[test]
fn falsche_aufrufe_werden_erklaert() {
    let mut p = Prozess::starte("socket_families", &["--server", "127.0.0.1:0"]);
    p.fehlgeschlagen();
    assert!(
        p.terminal()
            .contains("Dual-Stack braucht IPv6, nicht 127.0.0.1:0")
    );
    let mut p = Prozess::starte("socket_families", &["--server", "kein-port"]);
    p.fehlgeschlagen();
    assert!(p.terminal().contains("\"kein-port\" ist keine Adresse"));
    let mut p = Prozess::starte("socket_families", &["--quatsch"]);
    p.fehlgeschlagen();
    assert!(
        p.terminal()
            .contains("unbekannte Argumente [\"--quatsch\"]")
    );
    assert!(
        p.terminal()
            .contains("Aufruf: cargo run --example socket_families")
    );
}

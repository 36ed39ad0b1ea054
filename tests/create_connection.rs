//! Szenarien zu Kapitel „create_connection“: create_connection gegen
//! hello_server, gegen eigene Gegenstellen und ohne Gegenstelle.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::thread;
use std::time::Duration;

use common::{Lauf, Prozess, Transkript, beispiel, freier_port, frist, lauf_bis_ende};
use socket2::{Domain, Protocol, Socket, Type};

/// Ein Transkript, in dem der echte Server-Port als 12345 erscheint, wie im
/// Buch. Auch die 12345 in den gezeigten Befehlen bleibt stehen.
fn buch(echt: u16) -> Transkript {
    let mut t = Transkript::neu();
    t.port(echt, 12345).port(12345, 12345);
    t
}

fn laufe(args: &[&str]) -> Lauf {
    let mut befehl = Command::new(beispiel("create_connection"));
    befehl.args(args);
    lauf_bis_ende(befehl)
}

/// Eine Gegenstelle, die eine Zeile liest und `antwort` zurückschickt.
fn gegenstelle(antwort: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(frist())).unwrap();
        let mut zeile = String::new();
        BufReader::new(&stream).read_line(&mut zeile).unwrap();
        (&stream).write_all(antwort).unwrap();
    });
    adresse
}

/// Terminal 1: hello_server, Terminal 2: create_connection localhost:PORT.
#[test]
fn localhost_zum_hello_server() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    server.warte_auf("Warte auf einen Client");
    let ziel = format!("localhost:{}", adresse.port());
    let mut client = Prozess::starte("create_connection", &[&ziel]);
    client.erfolgreich();
    server.erfolgreich();
    let text = client.terminal();
    assert!(text.contains("… verbunden (lokal 127.0.0.1:"), "{text}");
    assert!(
        text.ends_with("Antwort: Verbindung hergestellt!\n"),
        "{text}"
    );
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo Welt\n")
    );
    buch(adresse.port())
        .terminal(
            "create_connection_hello_server",
            "cargo run --example hello_server",
            &server,
        )
        .terminal(
            "create_connection_client",
            "cargo run --example create_connection -- localhost:12345",
            &client,
        )
        .pruefe();
}

/// Zwei Adressen: [::1] lehnt ab (dort lauscht niemand), 127.0.0.1 klappt.
#[test]
fn erst_abgelehnt_dann_verbunden() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let v6 = format!("[::1]:{}", adresse.port());
    let v4 = adresse.to_string();
    let mut client = Prozess::starte("create_connection", &[&v6, &v4]);
    client.erfolgreich();
    server.erfolgreich();
    let text = client.terminal();
    assert!(
        text.contains(&format!(
            "Versuch 1 von 2: {v6} … abgelehnt: dort lauscht niemand\n\
             Versuch 2 von 2: {v4} … verbunden"
        )),
        "{text}"
    );
    buch(adresse.port())
        .terminal(
            "create_connection_zwei_adressen",
            "cargo run --example create_connection -- [::1]:12345 127.0.0.1:12345",
            &client,
        )
        .pruefe();
}

/// --quelle bindet den Socket vor connect(): Der Server sieht genau diesen Port.
#[test]
fn quelle_wird_vor_dem_verbinden_gebunden() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let quellport = freier_port();
    let quelle = format!("127.0.0.1:{quellport}");
    let mut client = Prozess::starte(
        "create_connection",
        &[&adresse.to_string(), "--quelle", &quelle],
    );
    client.erfolgreich();
    server.erfolgreich();
    assert!(
        client
            .terminal()
            .contains(&format!("verbunden (lokal {quelle})"))
    );
    assert!(
        server
            .terminal()
            .contains(&format!("Verbunden mit {quelle}\n"))
    );
    buch(adresse.port())
        .port(quellport, 54321)
        .port(54321, 54321)
        .terminal(
            "create_connection_quelle",
            "cargo run --example create_connection -- 127.0.0.1:12345 --quelle 127.0.0.1:54321",
            &client,
        )
        .pruefe();
}

/// Die Python-Fassung verhält sich gleich.
#[test]
fn python_fassung_gegen_hello_server() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut befehl = Command::new("python3");
    befehl
        .arg("-u")
        .arg(common::wurzel().join("python/create_connection.py"))
        .arg("localhost")
        .arg(adresse.port().to_string());
    let lauf = lauf_bis_ende(befehl);
    assert!(lauf.erfolg, "{}{}", lauf.stdout, lauf.stderr);
    server.erfolgreich();
    assert!(lauf.stdout.ends_with("Antwort: Verbindung hergestellt!\n"));
    buch(adresse.port())
        .ersetze(format!("Port {}", adresse.port()), "Port 12345")
        .text(
            "create_connection_python",
            &lauf.terminal("python3 python/create_connection.py localhost 12345"),
        )
        .pruefe();
}

#[test]
fn ohne_server_kommt_der_letzte_fehler_mit_rat() {
    let port = freier_port();
    let ziel = format!("127.0.0.1:{port}");
    let lauf = laufe(&[&ziel]);
    assert!(!lauf.erfolg);
    assert!(lauf.stdout.contains("abgelehnt: dort lauscht niemand"));
    assert!(
        lauf.stderr
            .contains("Starte zuerst in Terminal 1: cargo run --example hello_server"),
        "{}",
        lauf.stderr
    );
    buch(port)
        .text(
            "create_connection_abgelehnt",
            &lauf.terminal("cargo run --example create_connection -- 127.0.0.1:12345"),
        )
        .pruefe();
}

#[test]
fn unbekannter_name_wird_erklaert() {
    let lauf = laufe(&["kein server.invalid:12345"]);
    assert!(!lauf.erfolg);
    assert!(lauf.stdout.is_empty(), "{}", lauf.stdout);
    assert!(
        lauf.stderr
            .starts_with("Fehler: Kann \"kein server.invalid:12345\" nicht auflösen."),
        "{}",
        lauf.stderr
    );
}

#[test]
fn ziel_ohne_port_wird_erklaert() {
    let lauf = laufe(&["localhost"]);
    assert!(!lauf.erfolg);
    assert!(lauf.stderr.contains("NAME:PORT"), "{}", lauf.stderr);
}

#[test]
fn belegte_quelladresse_wird_erklaert() {
    let belegt = TcpListener::bind("127.0.0.1:0").unwrap();
    let quelle = belegt.local_addr().unwrap().to_string();
    let ziel = gegenstelle(b"nie\n");
    let lauf = laufe(&[&ziel.to_string(), "--quelle", &quelle]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stdout
            .contains("… die Quelladresse ist schon belegt\n"),
        "{}",
        lauf.stdout
    );
    assert!(
        lauf.stderr
            .contains("die Quelladresse ist schon belegt. Nimm bei --quelle Port 0"),
        "{}",
        lauf.stderr
    );
}

#[test]
fn quelle_mit_falscher_adressfamilie() {
    let ziel = gegenstelle(b"nie\n");
    let lauf = laufe(&[&ziel.to_string(), "--quelle", "[::1]:0"]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stdout
            .contains("gescheitert: Quelle und Ziel haben verschiedene Adressfamilien"),
        "{}",
        lauf.stdout
    );
}

/// Ein Listener mit voller Warteschlange: listen(0), niemand ruft accept().
/// Weitere Verbindungsversuche bekommen unter Linux keine Antwort (das SYN
/// wird verworfen), auf anderen Systemen teils eine Absage.
fn volle_warteschlange() -> (Socket, Vec<Socket>, SocketAddr) {
    let adresse: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let listener = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).unwrap();
    listener.bind(&adresse.into()).unwrap();
    listener.listen(0).unwrap();
    let adresse = listener.local_addr().unwrap().as_socket().unwrap();
    let mut gefuellt = Vec::new();
    for _ in 0..64 {
        let s = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).unwrap();
        match s.connect_timeout(&adresse.into(), Duration::from_millis(300)) {
            Ok(()) => gefuellt.push(s),
            // Die Warteschlange ist voll: der nächste Versuch hängt oder wird abgelehnt.
            Err(_) => return (listener, gefuellt, adresse),
        }
    }
    panic!("Die Warteschlange wurde nach 64 Verbindungen nicht voll");
}

#[test]
fn timeout_bei_voller_warteschlange() {
    let (_listener, _gefuellt, adresse) = volle_warteschlange();
    let lauf = laufe(&[&adresse.to_string(), "--timeout", "0.5"]);
    assert!(!lauf.erfolg);
    let zeitablauf = lauf.stdout.contains("keine Antwort innerhalb von 500ms");
    let abgelehnt = lauf.stdout.contains("abgelehnt");
    assert!(zeitablauf || abgelehnt, "{}", lauf.stdout);
    if zeitablauf {
        assert!(
            lauf.stderr
                .contains("keine Antwort innerhalb von 500ms. Ist der Server überlastet?"),
            "{}",
            lauf.stderr
        );
        buch(adresse.port())
            .text(
                "create_connection_timeout",
                &lauf.terminal(
                    "cargo run --example create_connection -- 127.0.0.1:12345 --timeout 0.5",
                ),
            )
            .pruefe();
    }
}

#[test]
fn ungueltiges_utf8_in_der_antwort_wird_ersetzt() {
    let ziel = gegenstelle(b"\xff\xfe kaputt\n");
    let lauf = laufe(&[&ziel.to_string()]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(
        lauf.stdout.ends_with("Antwort: \u{fffd}\u{fffd} kaputt\n"),
        "{}",
        lauf.stdout
    );
}

#[test]
fn zu_lange_antwort_wird_abgelehnt() {
    static LANG: [u8; 5000] = [b'a'; 5000];
    let ziel = gegenstelle(&LANG);
    let lauf = laufe(&[&ziel.to_string()]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr.contains("länger als 1024 Bytes"),
        "{}",
        lauf.stderr
    );
}

#[test]
fn gegenstelle_schliesst_ohne_antwort() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let waechter = thread::spawn(move || {
        let (stream, _): (TcpStream, _) = listener.accept().unwrap();
        drop(stream);
    });
    let lauf = laufe(&[&adresse.to_string()]);
    waechter.join().unwrap();
    // Je nach Zeitpunkt des Schließens scheitert schon das Senden (Reset),
    // oder das Lesen liefert 0 Bytes.
    assert!(
        lauf.stdout
            .contains("Die Gegenseite hat ohne Antwort geschlossen.")
            || lauf.stderr.contains("Fehler:"),
        "{}{}",
        lauf.stdout,
        lauf.stderr
    );
}

#[test]
fn falsche_schalter_werden_erklaert() {
    let lauf = laufe(&["--timeout", "abc"]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr
            .contains("--timeout \"abc\": erwartet 0.001 bis 3600 s")
    );
    assert!(lauf.stderr.contains("Aufruf:"), "{}", lauf.stderr);
    let lauf = laufe(&["--timeout", "1e300"]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr.contains("--timeout \"1e300\""),
        "{}",
        lauf.stderr
    );
    let lauf = laufe(&["--gibt-es-nicht"]);
    assert!(lauf.stderr.contains("Unbekannter Schalter --gibt-es-nicht"));
}

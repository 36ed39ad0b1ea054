//! Szenarien zu Kapitel „TCP-Chat“, erster Teil: die Zwillinge des
//! Python-Originals (`original_chat_server`, `original_chat_client`) und die
//! Python-Programme im Stil des Originals (`python/original/chat_*.py`).
//!
//! - jede Paarung Zwilling ↔ Python in beide Richtungen, mit Mitschnitt;
//! - die Bytes auf der Leitung: kein `\n`, genau der getippte Text;
//! - was der Zwilling falsch macht, jeweils als echter Lauf;
//! - „Mit dem Original reden“: `chat_server` und der Python-Client.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener};
use std::process::Command;

use common::{Prozess, Transkript, frist, verbinde};

/// `python3 -u python/original/NAME.py ADRESSE` als Prozess.
fn python(datei: &str, adresse: &str) -> Prozess {
    let mut befehl = Command::new("python3");
    befehl
        .arg("-u")
        .arg(format!("python/original/{datei}.py"))
        .arg(adresse);
    Prozess::starte_befehl(datei, befehl)
}

/// Der Python-Server auf einem freien Port, mit der Adresse aus Zeile 1.
fn python_server() -> (Prozess, SocketAddr) {
    let mut server = python("chat_server", "127.0.0.1:0");
    let adresse = server.adresse_aus_erster_zeile();
    (server, adresse)
}

/// Python zeigt die Adresse des Clients als Tupel `('127.0.0.1', 41234)`;
/// das normalisiert das Transkript nicht von selbst.
fn client_port_aus_tupel(server: &mut Prozess) -> u16 {
    let zeile = server.zeile();
    let port = zeile
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap_or_default();
    port.parse()
        .unwrap_or_else(|_| panic!("keine Adresse in {zeile:?}"))
}

/// Liest, bis die Gegenseite schließt, und liefert alle Bytes.
fn alles_bis_eof(verbindung: &mut std::net::TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    verbindung.read_to_end(&mut bytes).expect("lesen bis EOF");
    bytes
}

#[test]
fn rust_server_mit_python_client() {
    let (mut server, adresse) = Prozess::server("original_chat_server", &[]);
    let mut client = python("chat_client", &adresse.to_string());
    client.warte_auf(" -> ");
    client.tippe("Hallo, hier spricht Python.");
    server.warte_auf("Vom Client empfangen: Hallo, hier spricht Python.\n -> ");
    server.tippe("Hallo Python, hier antwortet Rust.");
    client.warte_auf("Received from server: Hallo Python, hier antwortet Rust.\n -> ");
    client.tippe("Bye ");
    client.erfolgreich();
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "original_chat_rust_server",
            "cargo run --example original_chat_server",
            &server,
        )
        .terminal(
            "original_chat_python_client",
            "python3 python/original/chat_client.py",
            &client,
        )
        .pruefe();
}

#[test]
fn python_server_mit_rust_client() {
    let (mut server, adresse) = python_server();
    let mut client = Prozess::starte("original_chat_client", &[&adresse.to_string()]);
    client.warte_auf(" -> ");
    client.tippe("Hallo, hier spricht Rust.");
    let client_port = client_port_aus_tupel(&mut server);
    server.warte_auf("Received from connected client: Hallo, hier spricht Rust.\n -> ");
    server.tippe("Hallo Rust, hier antwortet Python.");
    client.warte_auf("Vom Server empfangen: Hallo Rust, hier antwortet Python.\n -> ");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .ersetze(
            format!("('127.0.0.1', {client_port})"),
            "('127.0.0.1', 54321)",
        )
        .terminal(
            "original_chat_python_server",
            "python3 python/original/chat_server.py",
            &server,
        )
        .terminal(
            "original_chat_rust_client",
            "cargo run --example original_chat_client",
            &client,
        )
        .pruefe();
}

/// Beide Server, Zwilling und Python: Was der Client schickt, erscheint als
/// Nachricht, und auf der Leitung steht genau die getippte Antwort, ohne `\n`.
#[test]
fn server_senden_die_antwort_ohne_zeilenende() {
    let zwilling = Prozess::server("original_chat_server", &[]);
    let (mut server, adresse) = zwilling;
    pruefe_server_bytes(&mut server, adresse, "Vom Client empfangen: ");
    let (mut server, adresse) = python_server();
    pruefe_server_bytes(&mut server, adresse, "Received from connected client: ");
}

fn pruefe_server_bytes(server: &mut Prozess, adresse: SocketAddr, vor: &str) {
    let mut verbindung = verbinde(adresse);
    verbindung.write_all(b"Hallo").unwrap();
    server.warte_auf(&format!("{vor}Hallo\n -> "));
    server.tippe("Antwort");
    // Wir schließen unsere Senderichtung; der Server liest 0 Bytes und endet.
    let mut antwort = [0u8; 7];
    verbindung.read_exact(&mut antwort).unwrap();
    verbindung.shutdown(Shutdown::Write).unwrap();
    assert_eq!(&antwort, b"Antwort");
    assert_eq!(alles_bis_eof(&mut verbindung), b"");
    server.erfolgreich();
}

/// Beide Clients, Zwilling und Python: Auf der Leitung steht genau die
/// getippte Nachricht, ohne `\n`; `bye` geht nicht hinaus.
#[test]
fn clients_senden_die_nachricht_ohne_zeilenende() {
    for welcher in ["zwilling", "python"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let adresse = listener.local_addr().unwrap().to_string();
        let mut client = if welcher == "zwilling" {
            Prozess::starte("original_chat_client", &[&adresse])
        } else {
            python("chat_client", &adresse)
        };
        client.warte_auf(" -> ");
        client.tippe("Hallo Server");
        let (mut verbindung, _) = listener.accept().unwrap();
        verbindung.set_read_timeout(Some(frist())).unwrap();
        let mut nachricht = [0u8; 12];
        verbindung.read_exact(&mut nachricht).unwrap();
        assert_eq!(&nachricht, b"Hallo Server", "{welcher}");
        verbindung.write_all(b"Hallo Client").unwrap();
        client.warte_auf("Hallo Client\n -> ");
        client.tippe("  BYE  ");
        client.erfolgreich();
        assert_eq!(alles_bis_eof(&mut verbindung), b"", "{welcher}");
    }
}

/// Der Störsender zerlegt „Hallo“ in Einzelbytes: Der Zwilling hält das erste
/// Byte für die ganze Nachricht, der Rest erscheint als nächste Nachricht.
#[test]
fn stoerer_zerteilt_die_nachricht_des_zwillings() {
    let (mut server, server_adresse) = Prozess::server("original_chat_server", &[]);
    let ziel = server_adresse.to_string();
    let args = [
        "tcp",
        "--von",
        "127.0.0.1:0",
        "--nach",
        &ziel,
        "--stueckchen",
        "1",
        "--pause",
        "200ms",
    ];
    let mut s = Prozess::starte("stoerer", &args);
    let adresse = s.adresse_aus_erster_zeile();
    let mut client = Prozess::starte("original_chat_client", &[&adresse.to_string()]);
    client.warte_auf(" -> ");
    client.tippe("Hallo");
    // Das erste read() kehrt mit dem ersten Byte zurück.
    server.warte_auf("Vom Client empfangen: H\n -> ");
    // Warten, bis der Störsender alle 5 Bytes weitergegeben hat.
    s.warte_auf("Client → Server: \"Hallo\" – 5 Bytes in 5 Stückchen\n");
    server.tippe("Wie bitte?");
    // Der Rest der alten Nachricht erscheint als neue Nachricht.
    server.warte_auf("Vom Client empfangen: allo\n -> ");
    // Und der Client bekommt von der Antwort nur das erste Byte.
    client.warte_auf("Vom Server empfangen: W\n -> ");
    s.warte_auf("Server → Client: \"Wie bitte?\" – 10 Bytes in 10 Stückchen\n");
    client.tippe("bye");
    client.erfolgreich();
    server.schliesse_eingabe();
    server.erfolgreich();
    s.erfolgreich();
    let mut t = Transkript::neu();
    t.port(server_adresse.port(), 5000)
        .port(adresse.port(), 6100);
    t.port(6100, 6100);
    t.terminal(
        "original_chat_stoerer_server",
        "cargo run --example original_chat_server",
        &server,
    )
    .terminal(
        "original_chat_stoerer_client",
        "cargo run --example original_chat_client -- 127.0.0.1:6100",
        &client,
    )
    .pruefe();
}

/// Zwei Nachrichten, die ankommen, während der Server auf die Tastatur
/// wartet, liest sein nächstes read() als eine.
#[test]
fn zwei_nachrichten_in_einem_read() {
    let (mut server, adresse) = Prozess::server("original_chat_server", &[]);
    let mut verbindung = verbinde(adresse);
    verbindung.write_all(b"eins").unwrap();
    server.warte_auf("Vom Client empfangen: eins\n -> ");
    // Zwei getrennte write(), während der Server auf die Tastatur wartet.
    verbindung.write_all(b"zwei").unwrap();
    verbindung.write_all(b"drei").unwrap();
    server.tippe("ok");
    server.warte_auf("Vom Client empfangen: zweidrei\n -> ");
    let mut antwort = [0u8; 2];
    verbindung.read_exact(&mut antwort).unwrap();
    assert_eq!(&antwort, b"ok");
    drop(verbindung);
    server.schliesse_eingabe();
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "original_chat_zwei_in_einem",
            "cargo run --example original_chat_server",
            &server,
        )
        .pruefe();
}

/// Ein Client, der Latin-1 statt UTF-8 schickt („Grüße“ als 47 72 FC DF 65),
/// beendet den Zwilling, so wie `.decode()` das Python-Original.
#[test]
fn ungueltiges_utf8_beendet_den_zwilling() {
    let (mut server, adresse) = Prozess::server("original_chat_server", &[]);
    let mut verbindung = verbinde(adresse);
    verbindung.write_all(b"Gr\xfc\xdfe").unwrap();
    server.fehlgeschlagen();
    assert!(
        server
            .terminal()
            .ends_with("Fehler: Kein gültiges UTF-8 ab Byte 2\n")
    );
    let (mut py, py_adresse) = python_server();
    let mut verbindung = verbinde(py_adresse);
    verbindung.write_all(b"Gr\xfc\xdfe").unwrap();
    py.fehlgeschlagen();
    assert!(
        py.terminal().contains("UnicodeDecodeError"),
        "{}",
        py.terminal()
    );
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "original_chat_utf8",
            "cargo run --example original_chat_server",
            &server,
        )
        .pruefe();
}

/// 1500 Bytes am Stück: Das erste read() liefert höchstens 1024, der Rest
/// erscheint als nächste Nachricht.
#[test]
fn ueberlange_nachricht_zerfaellt() {
    let (mut server, adresse) = Prozess::server("original_chat_server", &[]);
    let mut verbindung = verbinde(adresse);
    verbindung.write_all(&[b'x'; 1500]).unwrap();
    server.warte_auf(&format!("Vom Client empfangen: {}\n -> ", "x".repeat(1024)));
    server.tippe("ok");
    server.warte_auf(&format!("Vom Client empfangen: {}\n -> ", "x".repeat(476)));
    drop(verbindung);
    server.schliesse_eingabe();
    server.erfolgreich();
}

/// Mit dem Original reden: `chat_server` wartet auf ein `\n`, das der
/// Python-Client nie schickt. Nach dem Zeitlimit (hier 2 s) gibt er auf.
#[test]
fn robuster_server_wartet_auf_das_zeilenende() {
    let (mut server, adresse) = Prozess::server("chat_server", &["--timeout", "2"]);
    let mut client = python("chat_client", &adresse.to_string());
    client.warte_auf(" -> ");
    client.tippe("Hallo, hier spricht Python.");
    server.warte_auf("Angekommen ohne Zeilenende: Hallo, hier spricht Python.\n");
    client.warte_auf(
        "Received from server: Fehler: 2 s lang keine ganze Zeile, Chat beendet.\n\n -> ",
    );
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "original_chat_haengt_server",
            "cargo run --example chat_server -- --timeout 2",
            &server,
        )
        .terminal(
            "original_chat_haengt_client",
            "python3 python/original/chat_client.py",
            &client,
        )
        .pruefe();
}

/// Eine Zeile mehr in Python (`+ "\n"`), und beide halten sich an dieselbe Abmachung.
#[test]
fn mit_zeilenende_verstehen_sie_sich() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut client = python("chat_client_zeilen", &adresse.to_string());
    client.warte_auf(" -> ");
    client.tippe("Hallo, jetzt mit Zeilenende.");
    server.warte_auf("Client: Hallo, jetzt mit Zeilenende.\n-> ");
    server.tippe("Angekommen, ganz.");
    client.warte_auf("Received from server: Angekommen, ganz.\n\n -> ");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "original_chat_zeilen_server",
            "cargo run --example chat_server",
            &server,
        )
        .terminal(
            "original_chat_zeilen_client",
            "python3 python/original/chat_client_zeilen.py",
            &client,
        )
        .pruefe();
}

/// `--help` beider Zwillinge: deutsch, beginnt mit „Aufruf:“, Exit-Code 0.
/// Ein falsches Argument: deutsche Meldung, die es nennt, Exit-Code 2.
#[test]
fn hilfe_und_falsche_argumente_der_zwillinge() {
    for name in ["original_chat_server", "original_chat_client"] {
        for hilfe in ["--help", "-h"] {
            let mut p = Prozess::starte(name, &[hilfe]);
            p.erfolgreich();
            assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
        }
        for falsch in ["--gibtsnicht", "kein-port"] {
            let mut p = Prozess::starte(name, &[falsch]);
            assert_eq!(p.warte_auf_ende().code(), Some(2), "{}", p.terminal());
            let text = p.terminal();
            assert!(text.starts_with(&format!("Fehler: {falsch:?}")), "{text}");
            assert!(text.contains("Aufruf: "), "{text}");
        }
    }
}

//! Szenarien zu Kapitel „UDP“: die Programme im Stil der Python-Vorlage
//! (`python/original/udp_server.py`, `python/original/udp_client.py`) mit den
//! Rust-Programmen, in beiden Richtungen, und die Schritte vom Zwilling
//! `udp_server_schritt1` über `udp_server_schritt2` zu `udp_server`.
//!
//! Jeder Schritt hat hier einen Test, der zeigt, was er behebt: Der Fehler
//! tritt beim vorigen Schritt auf und beim Schritt selbst nicht mehr.

mod common;

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;

use common::{Prozess, Transkript, frist};

/// Startet ein Python-Programm aus `python/original/` (ungepuffert).
fn python(datei: &str, args: &[&str]) -> Prozess {
    let mut befehl = Command::new("python3");
    befehl
        .arg("-u")
        .arg(format!("python/original/{datei}"))
        .args(args);
    Prozess::starte_befehl(datei, befehl)
}

/// Der Python-Server auf einem freien Port; die Adresse steht in Zeile 1.
fn python_server() -> (Prozess, SocketAddr) {
    let mut server = python("udp_server.py", &["127.0.0.1:0"]);
    let adresse = server.adresse_aus_erster_zeile();
    (server, adresse)
}

/// Ein Test-Socket auf Loopback, der empfangen und senden kann.
fn test_socket() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP-Port 0 binden");
    socket.set_read_timeout(Some(frist())).unwrap();
    socket
}

/// Ein UDP-Port, auf dem gerade niemand empfängt.
fn freier_udp_port() -> u16 {
    test_socket().local_addr().unwrap().port()
}

/// Empfängt genau ein Datagramm (mit großem Puffer, damit nichts fehlt).
fn empfange(socket: &UdpSocket) -> Vec<u8> {
    let mut puffer = vec![0u8; 70_000];
    let (n, _) = socket
        .recv_from(&mut puffer)
        .expect("Datagramm innerhalb der Frist");
    puffer.truncate(n);
    puffer
}

/// Die Zeilen eines Servers nach seiner ersten Zeile (der Adresse).
fn zeilen_nach_kopf(server: &Prozess) -> Vec<String> {
    server.alle_zeilen().into_iter().skip(1).collect()
}

// ---------------------------------------------------------------- auf dem Draht

/// Der Python-Client schickt ein Datagramm mit genau den Bytes des Textes,
/// ohne Zeilenende, und endet.
#[test]
fn python_client_schickt_genau_den_text() {
    let empfaenger = test_socket();
    let ziel = empfaenger.local_addr().unwrap().to_string();
    let mut client = python("udp_client.py", &[&ziel]);
    client.warte_auf("Nachricht: ");
    client.tippe("Grüße aus Python");
    client.erfolgreich();
    assert_eq!(empfange(&empfaenger), "Grüße aus Python".as_bytes());
}

/// udp_client schickt dieselben Bytes: je Zeile ein Datagramm, ohne `\n`.
#[test]
fn udp_client_schickt_dieselben_bytes_wie_die_vorlage() {
    let empfaenger = test_socket();
    let ziel = empfaenger.local_addr().unwrap().to_string();
    let mut client = Prozess::starte("udp_client", &[&ziel]);
    client.warte_auf("Nachricht: ");
    client.tippe("Grüße aus Python");
    assert_eq!(empfange(&empfaenger), "Grüße aus Python".as_bytes());
    client.warte_auf("Nachricht: ");
    client.schliesse_eingabe();
    client.erfolgreich();
}

/// Zwilling und Python-Server zeigen dieselben Datagramme Zeichen für
/// Zeichen gleich an: `[IP] text`.
#[test]
fn zwilling_zeigt_dasselbe_wie_der_python_server() {
    let (mut python_server, python_adresse) = python_server();
    let (mut zwilling, zwilling_adresse) = Prozess::server("udp_server_schritt1", &[]);
    let sender = test_socket();
    for text in ["Hallo", "", "Grüße, 1 + 1 = 2"] {
        sender.send_to(text.as_bytes(), python_adresse).unwrap();
        sender.send_to(text.as_bytes(), zwilling_adresse).unwrap();
        python_server.warte_auf(&format!("[127.0.0.1] {text}\n"));
        zwilling.warte_auf(&format!("[127.0.0.1] {text}\n"));
    }
    assert_eq!(
        zeilen_nach_kopf(&python_server),
        zeilen_nach_kopf(&zwilling)
    );
}

// ---------------------------------------------------------------- die Paarungen

/// Rust-Zwilling als Server, Python-Client: zwei Läufe des Clients.
#[test]
fn zwilling_mit_python_client() {
    let (mut server, adresse) = Prozess::server("udp_server_schritt1", &[]);
    let ziel = adresse.to_string();
    let mut laeufe = String::new();
    for text in ["Hallo aus Python", "Noch ein Datagramm"] {
        let mut client = python("udp_client.py", &[&ziel]);
        client.warte_auf("Nachricht: ");
        client.tippe(text);
        client.erfolgreich();
        server.warte_auf(&format!("[127.0.0.1] {text}\n"));
        laeufe.push_str(&format!(
            "$ python3 python/original/udp_client.py 127.0.0.1:50000\n{}",
            client.terminal()
        ));
    }
    Transkript::neu()
        .port(adresse.port(), 50000)
        .port(50000, 50000)
        .terminal(
            "original_udp_zwilling_server",
            "cargo run --example udp_server_schritt1",
            &server,
        )
        .text("original_udp_python_client", &laeufe)
        .pruefe();
}

/// Python-Server, Rust-Client (udp_client, Zeilen von der Tastatur).
#[test]
fn python_server_mit_udp_client() {
    let (mut server, adresse) = python_server();
    let mut client = Prozess::starte("udp_client", &[&adresse.to_string()]);
    for text in ["Hallo aus Rust", "Grüße"] {
        client.warte_auf("Nachricht: ");
        client.tippe(text);
        server.warte_auf(&format!("[127.0.0.1] {text}\n"));
    }
    client.warte_auf("Nachricht: ");
    client.schliesse_eingabe();
    client.erfolgreich();
    assert!(server.laeuft());
    Transkript::neu()
        .port(adresse.port(), 50000)
        .terminal(
            "original_udp_python_server",
            "python3 python/original/udp_server.py",
            &server,
        )
        .terminal(
            "original_udp_rust_client",
            "cargo run --example udp_client",
            &client,
        )
        .pruefe();
}

/// Der robuste udp_server versteht die Vorlage ebenso: UDP hat keine
/// Rahmung, über die sich die beiden uneinig sein könnten.
#[test]
fn udp_server_mit_python_client() {
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    server.warte_auf("Warte auf Datagramme");
    let mut client = python("udp_client.py", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe("Hallo, robuster Server");
    client.erfolgreich();
    server.warte_auf("] Hallo, robuster Server\n");
    Transkript::neu()
        .port(adresse.port(), 50000)
        .terminal(
            "original_udp_robust",
            "cargo run --example udp_server",
            &server,
        )
        .pruefe();
}

// ---------------------------------------------------------------- die Schwächen

/// Ohne Server: Der Python-Client meldet nichts und endet erfolgreich. UDP
/// bestätigt nichts, und ohne connect() erfährt er auch kein ICMP.
#[test]
fn vorlage_merkt_nicht_dass_niemand_empfaengt() {
    let frei = freier_udp_port();
    let mut client = python("udp_client.py", &[&format!("127.0.0.1:{frei}")]);
    client.warte_auf("Nachricht: ");
    client.tippe("Ist da jemand?");
    client.erfolgreich();
    assert_eq!(client.terminal(), "Nachricht: Ist da jemand?\n");
    Transkript::neu()
        .port(frei, 50000)
        .port(50000, 50000)
        .terminal(
            "original_udp_ohne_server",
            "python3 python/original/udp_client.py 127.0.0.1:50000",
            &client,
        )
        .pruefe();
}

/// Ungültiges UTF-8 beendet die Vorlage (decode() wirft) und den Zwilling
/// (from_utf8 und `?`). Schritt 2 zeigt � und empfängt weiter.
#[test]
fn ungueltiges_utf8_beendet_vorlage_und_zwilling_aber_nicht_schritt2() {
    let sender = test_socket();
    let kaputt = b"Gr\xfc\xdfe"; // „Grüße“ in Latin-1, kein UTF-8

    let (mut vorlage, adresse) = python_server();
    sender.send_to(kaputt, adresse).unwrap();
    vorlage.fehlgeschlagen();
    let zeilen = vorlage.alle_zeilen();
    let letzte = zeilen.last().cloned().unwrap_or_default();
    assert!(letzte.starts_with("UnicodeDecodeError: "), "{zeilen:?}");
    // Der Traceback dazwischen unterscheidet sich je Python-Version.
    let gekuerzt = format!(
        "{}\nTraceback (most recent call last):\n  … (gekürzt)\n{letzte}\n",
        zeilen[0]
    );
    let mut buch = Transkript::neu();
    buch.port(adresse.port(), 50000).text(
        "original_udp_utf8_python",
        &format!("$ python3 python/original/udp_server.py\n{gekuerzt}"),
    );

    let (mut zwilling, adresse) = Prozess::server("udp_server_schritt1", &[]);
    sender.send_to(kaputt, adresse).unwrap();
    zwilling.fehlgeschlagen();
    assert!(zwilling.terminal().contains("ist kein gültiges UTF-8"));
    buch.port(adresse.port(), 50000).terminal(
        "original_udp_utf8_zwilling",
        "cargo run --example udp_server_schritt1",
        &zwilling,
    );

    let (mut schritt2, adresse) = Prozess::server("udp_server_schritt2", &[]);
    sender.send_to(kaputt, adresse).unwrap();
    let absender = sender.local_addr().unwrap();
    schritt2.warte_auf(&format!("[{absender}] Gr\u{fffd}\u{fffd}e\n"));
    sender.send_to(b"danach", adresse).unwrap();
    schritt2.warte_auf(&format!("[{absender}] danach\n"));
    assert!(schritt2.laeuft());
    buch.port(adresse.port(), 50000).terminal(
        "original_udp_utf8_schritt2",
        "cargo run --example udp_server_schritt2",
        &schritt2,
    );
    if cfg!(target_os = "linux") {
        buch.pruefe();
    }
}

/// Ein Zeilenende im Datagramm: Der Zwilling druckt es roh, und es erscheint
/// eine zweite Zeile, die aussieht wie ein anderer Absender. Schritt 2 und
/// udp_server zeigen genau eine Zeile mit sichtbarem `\n`.
#[test]
fn gefaelschte_zeile_beim_zwilling_nicht_bei_schritt2() {
    let sender = test_socket();
    let absender = sender.local_addr().unwrap();
    let boese = b"x\n[127.0.0.1:9999] GEFAELSCHT";

    let (mut zwilling, adresse) = Prozess::server("udp_server_schritt1", &[]);
    sender.send_to(boese, adresse).unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    zwilling.warte_auf("[127.0.0.1] danach\n");
    assert_eq!(
        zeilen_nach_kopf(&zwilling),
        [
            "[127.0.0.1] x",
            "[127.0.0.1:9999] GEFAELSCHT",
            "[127.0.0.1] danach"
        ]
    );
    let mut buch = Transkript::neu();
    // Der gefälschte Absender bleibt im Buch, wie er ist.
    buch.port(9999, 9999).port(adresse.port(), 50000).terminal(
        "original_udp_gefaelscht_zwilling",
        "cargo run --example udp_server_schritt1",
        &zwilling,
    );

    let (mut schritt2, adresse) = Prozess::server("udp_server_schritt2", &[]);
    sender.send_to(boese, adresse).unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    schritt2.warte_auf(&format!("[{absender}] danach\n"));
    assert_eq!(
        zeilen_nach_kopf(&schritt2),
        [
            format!("[{absender}] x\\n[127.0.0.1:9999] GEFAELSCHT"),
            format!("[{absender}] danach")
        ]
    );
    buch.port(adresse.port(), 50000)
        .terminal(
            "original_udp_gefaelscht_schritt2",
            "cargo run --example udp_server_schritt2",
            &schritt2,
        )
        .pruefe();
}

/// 2000 Bytes an einen Puffer von 1024: Unter Linux und macOS schneidet das
/// System stillschweigend ab. Vorlage und Schritt 2 zeigen 1024 `x`, ohne ein
/// Wort über den Rest; udp_server meldet es (siehe tests/udp.rs). Unter
/// Windows meldet recv_from stattdessen den Fehler WSAEMSGSIZE.
#[cfg(unix)]
#[test]
fn abgeschnitten_merken_vorlage_und_schritt2_nicht() {
    let sender = test_socket();
    let absender = sender.local_addr().unwrap();
    let tausend = "x".repeat(1024);

    let (mut vorlage, adresse) = python_server();
    sender.send_to(&[b'x'; 2000], adresse).unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    vorlage.warte_auf("[127.0.0.1] danach\n");
    assert_eq!(
        zeilen_nach_kopf(&vorlage),
        [
            format!("[127.0.0.1] {tausend}"),
            "[127.0.0.1] danach".into()
        ]
    );

    let (mut schritt2, adresse) = Prozess::server("udp_server_schritt2", &[]);
    sender.send_to(&[b'x'; 2000], adresse).unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    schritt2.warte_auf(&format!("[{absender}] danach\n"));
    assert_eq!(
        zeilen_nach_kopf(&schritt2),
        [
            format!("[{absender}] {tausend}"),
            format!("[{absender}] danach")
        ]
    );
    Transkript::neu()
        .port(adresse.port(), 50000)
        .ersetze(&tausend, "xxxxxxxx… (insgesamt 1024-mal x)")
        .terminal(
            "original_udp_abgeschnitten_schritt2",
            "cargo run --example udp_server_schritt2",
            &schritt2,
        )
        .pruefe();
}

/// Alle drei Schritte antworten auf --help deutsch und lehnen eine falsche
/// Adresse mit Exit-Code 2 ab.
#[test]
fn schritte_hilfe_und_falsche_adresse() {
    for name in ["udp_server_schritt1", "udp_server_schritt2", "udp_server"] {
        let mut hilfe = Prozess::starte(name, &["--help"]);
        assert_eq!(hilfe.warte_auf_ende().code(), Some(0));
        assert!(hilfe.terminal().starts_with(&format!("Aufruf: {name}")));
        let mut falsch = Prozess::starte(name, &["50000"]);
        assert_eq!(falsch.warte_auf_ende().code(), Some(2), "{name}");
        let text = falsch.terminal();
        assert!(text.starts_with("Fehler: Die "), "{text}");
        assert!(text.contains("\"50000\""), "{text}");
        assert!(text.contains("Aufruf: "), "{text}");
    }
}

//! Szenarien zu Kapitel „TCP-Chat“: chat_server und chat_client.

mod common;

use std::io::{BufRead, BufReader, Write};

use common::{Prozess, Transkript, freier_port, verbinde};

/// Das Gespräch aus dem Buch: abwechselnd eine Zeile, der Client beendet mit „bye“.
#[test]
fn gespraech_abwechselnd_bis_bye() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    server.warte_auf("Warte auf einen Client");
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);

    client.warte_auf("-> ");
    client.tippe("Hallo Server, hier ist der Client.");
    server.warte_auf("-> ");
    server.tippe("Hallo Client! Schön, dass du da bist.");
    client.warte_auf("Server: Hallo Client! Schön, dass du da bist.");
    client.warte_auf("-> ");
    client.tippe("Wie lang darf eine Nachricht sein?");
    server.warte_auf("-> ");
    server.tippe("Bis 1024 Bytes, danach lege ich auf.");
    client.warte_auf("Server: Bis 1024 Bytes");
    client.warte_auf("-> ");
    client.tippe("bye");

    client.erfolgreich();
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .ends_with("Der Client hat den Chat beendet.\n")
    );
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal("chat_server", "cargo run --example chat_server", &server)
        .terminal("chat_client", "cargo run --example chat_client", &client)
        .pruefe();
}

/// Der Server beendet mit „bye“; der Client merkt es beim nächsten Lesen.
#[test]
fn server_beendet_mit_bye() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Darf ich noch etwas fragen?");
    server.warte_auf("-> ");
    server.tippe("bye");
    server.erfolgreich();
    client.erfolgreich();
    assert!(
        client
            .terminal()
            .ends_with("Der Server hat den Chat beendet.\n")
    );
}

/// Zwei Zeilen in einem einzigen write() kommen als zwei Nachrichten an,
/// eine Zeile in Einzelbytes als eine.
#[test]
fn zeilen_sind_die_nachrichtengrenze() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut stream = verbinde(adresse);
    for byte in b"eins" {
        stream.write_all(&[*byte]).unwrap();
    }
    stream.write_all(b"\nzwei\n").unwrap();
    server.warte_auf("Client: eins\n-> ");
    server.tippe("erste Antwort");
    let mut leser = BufReader::new(stream.try_clone().unwrap());
    let mut antwort = String::new();
    leser.read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "erste Antwort\n");
    server.warte_auf("Client: zwei\n-> ");
    server.tippe("bye");
    server.erfolgreich();
}

#[test]
fn zu_lange_zeile_fuehrt_zu_fehlermeldung_und_trennung() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(&vec![b'a'; 5000]).unwrap();
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(
        antwort,
        "Fehler: Zeile länger als 1024 Bytes, Chat beendet.\n"
    );
    server.fehlgeschlagen();
    assert!(server.terminal().contains("mehr als 1024 Bytes"));
}

#[test]
fn ungueltiges_utf8_wird_angezeigt() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(b"\xff\xfe kaputt\n").unwrap();
    server.warte_auf("Client: \u{fffd}\u{fffd} kaputt\n");
    server.tippe("Die Bytes kamen nicht als UTF-8 an.");
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Die Bytes kamen nicht als UTF-8 an.\n");
    drop(stream);
    server.erfolgreich();
}

#[test]
fn client_verschwindet_waehrend_der_server_wartet() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let stream = verbinde(adresse);
    server.warte_auf("Verbunden mit");
    drop(stream);
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .ends_with("Der Client hat den Chat beendet.\n")
    );
}

#[test]
fn ohne_server_erklaert_der_client_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("chat_client", &[&ziel]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("Dort lauscht kein Server"), "{text}");
    assert!(text.contains("cargo run --example chat_server"), "{text}");
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("chat_server", &[]);
    let mut zweiter = Prozess::starte("chat_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

/// Der Mitschnitt für das Buch: Client ohne Server, mit dem Standardnamen.
#[test]
fn mitschnitt_ohne_server() {
    let port = freier_port();
    let mut client = Prozess::starte("chat_client", &[&format!("localhost:{port}")]);
    client.fehlgeschlagen();
    Transkript::neu()
        .port(port, 5000)
        .terminal(
            "chat_client_ohne_server",
            "cargo run --example chat_client",
            &client,
        )
        .pruefe();
}

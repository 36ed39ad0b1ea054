//! Szenarien zu Kapitel „Erste Verbindung“: hello_server und hello_client.

mod common;

use std::io::{BufRead, BufReader, Write};

use common::{Prozess, Transkript, freier_port, verbinde};

/// Der Ablauf aus dem Buch: Server starten, Client starten, Bestätigung lesen.
#[test]
fn client_bekommt_die_bestaetigung() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut client = Prozess::starte("hello_client", &[&adresse.to_string()]);
    client.erfolgreich();
    server.erfolgreich();

    assert!(
        client
            .alle_zeilen()
            .contains(&"Antwort vom Server: Verbindung hergestellt!".to_string())
    );
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal("hello_server", "cargo run --example hello_server", &server)
        .terminal("hello_client", "cargo run --example hello_client", &client)
        .pruefe();
}

/// Der Server antwortet mit genau diesen Bytes, auch wenn die Begrüßung in
/// Einzelbytes eintrifft.
#[test]
fn begruessung_in_einzelnen_bytes() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut stream = verbinde(adresse);
    for byte in b"Hallo in Scheiben\n" {
        stream.write_all(&[*byte]).unwrap();
        stream.flush().unwrap();
    }
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Verbindung hergestellt!\n");
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo in Scheiben\n")
    );
}

#[test]
fn ungueltiges_utf8_wird_ersetzt_nicht_abgestuerzt() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(b"Gr\xfc\xdfe\n").unwrap();
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Verbindung hergestellt!\n");
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Gr\u{fffd}\u{fffd}e\n")
    );
}

#[test]
fn zu_lange_zeile_bekommt_eine_fehlermeldung() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(&[b'x'; 2000]).unwrap();
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Fehler: höchstens 1024 Bytes pro Zeile\n");
    server.erfolgreich();
    assert!(server.terminal().contains("länger als 1024 Bytes"));
}

#[test]
fn client_legt_mitten_in_der_zeile_auf() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(b"Hal").unwrap();
    drop(stream);
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("mitten in der Zeile aufgelegt. Angekommen: \"Hal\"")
    );
}

#[test]
fn ohne_server_kommt_ein_deutscher_rat() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("hello_client", &[&ziel]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.contains(&format!(
            "Fehler: Keine Verbindung zu {ziel}. Dort lauscht kein Server."
        )),
        "{text}"
    );
    assert!(text.contains("cargo run --example hello_server"), "{text}");
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("hello_server", &[]);
    let mut zweiter = Prozess::starte("hello_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    let text = zweiter.terminal();
    assert!(
        text.contains(&format!(
            "Fehler: Kann {adresse} nicht binden. Der Port ist schon belegt."
        )),
        "{text}"
    );
}

/// Der Mitschnitt für das Buch: Client ohne Server, mit dem Standardnamen.
#[test]
fn mitschnitt_ohne_server() {
    let port = freier_port();
    let mut client = Prozess::starte("hello_client", &[&format!("localhost:{port}")]);
    client.fehlgeschlagen();
    Transkript::neu()
        .port(port, 12345)
        .terminal(
            "hello_client_ohne_server",
            "cargo run --example hello_client",
            &client,
        )
        .pruefe();
}

/// Ein Python-Client spricht mit dem Rust-Server.
#[test]
fn python_client_bekommt_die_bestaetigung() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut befehl = std::process::Command::new("python3");
    befehl
        .arg("python/hello_client.py")
        .arg(adresse.to_string());
    let mut client = Prozess::starte_befehl("python/hello_client.py", befehl);
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(
        client.alle_zeilen(),
        ["Antwort vom Server: Verbindung hergestellt!"]
    );
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo aus Python!\n")
    );
}

//! Szenarien zu Kapitel „Erste Verbindung“: hello_server und hello_client.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use common::{Prozess, Transkript, freier_port, frist, verbinde};

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

/// Ein Client, der schweigt, bekommt nach dem Lese-Timeout den Grund und
/// danach ein sauberes Ende (FIN), keinen Reset.
#[test]
fn schweigender_client_bekommt_den_grund() {
    let (mut server, adresse) = Prozess::server("hello_server", &["--timeout", "2"]);
    let mut stream = verbinde(adresse);
    let mut alles = Vec::new();
    stream.read_to_end(&mut alles).unwrap();
    assert_eq!(alles, b"Fehler: nach 2 Sekunden kein Zeilenende (\\n)\n");
    drop(stream);
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("2 Sekunden lang kein Zeilenende. Angekommen: \"\"\n")
    );
}

/// Steuerzeichen aus der Nachricht erscheinen maskiert: Kein Client kann dem
/// Server eine Zeile ins Protokoll schreiben oder den Bildschirm löschen.
#[test]
fn steuerzeichen_werden_maskiert() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut stream = verbinde(adresse);
    stream
        .write_all(b"Hallo\x1b[2J\rVerbunden mit 127.0.0.1:1\n")
        .unwrap();
    let mut antwort = String::new();
    BufReader::new(&stream).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Verbindung hergestellt!\n");
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo\\u{1b}[2J\\rVerbunden mit 127.0.0.1:1\n"),
        "{}",
        server.terminal()
    );
}

/// Der Server der Vorlage antwortet und schließt, ohne die Begrüßung zu
/// lesen: Sein Betriebssystem schickt ein RST. hello_client zeigt trotzdem
/// die Antwort, die vorher ankam, und erklärt danach den Reset.
#[test]
fn client_zeigt_die_antwort_vor_dem_reset() {
    for client in ["hello_client", "python/hello_client.py"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let adresse = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut v, _) = listener.accept().unwrap();
            v.set_read_timeout(Some(frist())).unwrap();
            // peek wartet, bis die Begrüßung da ist, ohne sie zu lesen. So liegt
            // sie beim Schließen sicher ungelesen im Puffer: Linux schickt RST.
            let mut blick = [0u8; 1];
            assert_eq!(v.peek(&mut blick).unwrap(), 1);
            v.write_all(b"Verbindung hergestellt!").unwrap();
        });
        let mut p = if client == "hello_client" {
            Prozess::starte(client, &[&adresse.to_string()])
        } else {
            let mut befehl = std::process::Command::new("python3");
            befehl.arg(client).arg(adresse.to_string());
            Prozess::starte_befehl(client, befehl)
        };
        p.fehlgeschlagen();
        server.join().unwrap();
        let text = p.terminal();
        assert!(
            text.contains("Antwort vom Server: Verbindung hergestellt!\n"),
            "{client}: {text}"
        );
        if client == "hello_client" {
            assert!(
                text.contains("Fehler: Nach der Antwort oben kam ein Reset (RST)"),
                "{text}"
            );
        } else {
            assert!(text.contains("Fehler nach 23 Bytes: "), "{text}");
        }
    }
}

/// `--help` zeigt die deutsche Kurzhilfe; ein falsches Argument wird benannt
/// und endet mit Exit-Code 2.
#[test]
fn hilfe_und_falsche_argumente() {
    for (name, args) in [
        ("hello_server", &["--help"][..]),
        ("hello_server", &["-h"][..]),
        ("hello_client", &["--help"][..]),
    ] {
        let mut p = Prozess::starte(name, args);
        p.erfolgreich();
        assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
    }
    for (name, args, erwartet) in [
        ("hello_server", &["abc"][..], "\"abc\" ist keine Adresse"),
        ("hello_server", &["--timeout", "0"][..], "--timeout \"0\""),
        ("hello_server", &["--timeout"][..], "Nach --timeout fehlt"),
        ("hello_server", &["127.0.0.1:0", "--lang"][..], "\"--lang\""),
        (
            "hello_client",
            &["a:1", "b", "c"][..],
            "höchstens HOST:PORT",
        ),
    ] {
        let mut p = Prozess::starte(name, args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{name} {args:?}: {text}");
        assert!(text.contains(erwartet), "{name} {args:?}: {text}");
        assert!(text.contains("Aufruf: "), "{name} {args:?}: {text}");
    }
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

//! Szenarien zu „Erste Verbindung“, erster Teil: die Zwillinge der Vorlage
//! (`original_hello_server`, `original_hello_client`) im Gespräch mit den
//! Python-Programmen im Stil der Vorlage, ihre Schwächen im echten Lauf, und
//! die Schritte `hello_server_schritt1` und `hello_server_schritt2`, jeder mit
//! dem Fehler, den er behebt.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::Command;

use common::{Prozess, Transkript, frist, verbinde};

/// Startet ein Python-Programm aus `python/original/` mit `HOST:PORT`.
fn python(datei: &str, adresse: &str) -> Prozess {
    let pfad = format!("python/original/{datei}");
    let mut befehl = Command::new("python3");
    befehl.arg("-u").arg(&pfad).arg(adresse);
    Prozess::starte_befehl(&pfad, befehl)
}

/// Ein Python-Server auf 127.0.0.1:0; die Adresse steht in seiner ersten Zeile.
fn python_server(datei: &str) -> (Prozess, SocketAddr) {
    let mut p = python(datei, "127.0.0.1:0");
    let adresse = p.adresse_aus_erster_zeile();
    (p, adresse)
}

/// Liest bis zum Ende des Stroms und meldet, wie er endete: mit FIN (0 Bytes)
/// oder mit einem Fehler wie ConnectionReset.
fn lies_bis_ende(verbindung: &mut TcpStream) -> (Vec<u8>, Result<(), ErrorKind>) {
    let mut alles = Vec::new();
    let mut puffer = [0u8; 4096];
    loop {
        match verbindung.read(&mut puffer) {
            Ok(0) => return (alles, Ok(())),
            Ok(n) => alles.extend_from_slice(&puffer[..n]),
            Err(e) => return (alles, Err(e.kind())),
        }
    }
}

/// Ein Test-Server, der genau einen Client annimmt, `antwort` schickt und
/// alles aufhebt, was der Client bis zu seinem Ende schickt.
fn test_server(antwort: &'static [u8]) -> (SocketAddr, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let faden = std::thread::spawn(move || {
        let (mut v, _) = listener.accept().unwrap();
        v.set_read_timeout(Some(frist())).unwrap();
        v.write_all(antwort).unwrap();
        lies_bis_ende(&mut v).0
    });
    (adresse, faden)
}

/// Hält einen Prozess an (SIGSTOP) oder lässt ihn weiterlaufen (SIGCONT).
#[cfg(unix)]
fn signal(p: &Prozess, signal: libc::c_int) {
    // SAFETY: kill() mit der PID eines eigenen Kindprozesses.
    let rc = unsafe { libc::kill(p.pid() as libc::pid_t, signal) };
    assert_eq!(rc, 0, "kill({}, {signal}) scheitert", p.pid());
}

// ---------------------------------------------------------------------------
// Die Zwillinge sprechen byte für byte das Protokoll der Vorlage.

#[test]
fn zwilling_server_schickt_genau_die_bytes_der_vorlage() {
    for server in ["original_hello_server", "python"] {
        let (mut p, adresse) = if server == "python" {
            python_server("hello_server.py")
        } else {
            Prozess::server(server, &[])
        };
        let mut v = verbinde(adresse);
        // Kein Gruß: Der Server antwortet trotzdem, er liest ja nie.
        let (bytes, _) = lies_bis_ende(&mut v);
        assert_eq!(bytes, b"Verbindung hergestellt!", "{server}");
        p.erfolgreich();
    }
}

#[test]
fn zwilling_client_schickt_genau_die_bytes_der_vorlage() {
    for client in ["original_hello_client", "python"] {
        let (adresse, faden) = test_server(b"Verbindung hergestellt!");
        let mut p = if client == "python" {
            python("hello_client.py", &adresse.to_string())
        } else {
            Prozess::starte(client, &[&adresse.to_string()])
        };
        p.erfolgreich();
        assert_eq!(faden.join().unwrap(), b"Hallo, Server!", "{client}");
        assert_eq!(
            p.alle_zeilen(),
            ["Antwort vom Server: Verbindung hergestellt!"]
        );
    }
}

/// Rust-Server der Vorlage mit dem Python-Client.
#[test]
fn rust_server_mit_python_client() {
    let (mut server, adresse) = Prozess::server("original_hello_server", &[]);
    let mut client = python("hello_client.py", &adresse.to_string());
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(
        client.alle_zeilen(),
        ["Antwort vom Server: Verbindung hergestellt!"]
    );
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal(
            "original_hello_server",
            "cargo run --example original_hello_server",
            &server,
        )
        .terminal(
            "original_hello_python_client",
            "python3 python/original/hello_client.py",
            &client,
        )
        .pruefe();
}

/// Python-Server der Vorlage mit dem Rust-Client.
#[test]
fn python_server_mit_rust_client() {
    let (mut server, adresse) = python_server("hello_server.py");
    let mut client = Prozess::starte("original_hello_client", &[&adresse.to_string()]);
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(
        client.alle_zeilen(),
        ["Antwort vom Server: Verbindung hergestellt!"]
    );
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal(
            "original_hello_python_server",
            "python3 python/original/hello_server.py",
            &server,
        )
        .terminal(
            "original_hello_client",
            "cargo run --example original_hello_client",
            &client,
        )
        .pruefe();
}

// ---------------------------------------------------------------------------
// Was die Zwillinge falsch machen

/// Der Zwilling liest die Begrüßung nie. Liegt sie beim Schließen ungelesen
/// im Empfangspuffer, schickt Linux ein RST statt eines FIN. Damit das jedes
/// Mal so ist, hält der Test den Server an (SIGSTOP), bis der Client gesendet
/// hat; sonst hängt es vom Zufall ab, wer schneller ist.
#[cfg(unix)]
#[test]
fn zwilling_liest_nie_und_der_client_bekommt_einen_reset() {
    let (mut server, adresse) = Prozess::server("original_hello_server", &[]);
    signal(&server, libc::SIGSTOP);
    let mut client = Prozess::starte("hello_client", &[&adresse.to_string()]);
    client.warte_auf("Gesendet: Hallo, Server!\n");
    signal(&server, libc::SIGCONT);
    client.fehlgeschlagen();
    server.erfolgreich();
    // Die Antwort kam an und wird gezeigt, erst danach der Reset.
    let zeilen = client.alle_zeilen();
    assert_eq!(zeilen[2], "Antwort vom Server: Verbindung hergestellt!");
    assert!(
        zeilen[3].starts_with("Fehler: Nach der Antwort oben kam ein Reset (RST)"),
        "{zeilen:?}"
    );
    assert!(!server.terminal().contains("Hallo"));
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal(
            "hello_client_gegen_original",
            "cargo run --example hello_client",
            &client,
        )
        .pruefe();
}

/// Dasselbe mit einem rohen Socket: Antwort, dann ConnectionReset.
#[cfg(unix)]
#[test]
fn zwilling_reset_auf_dem_draht() {
    let (mut server, adresse) = Prozess::server("original_hello_server", &[]);
    signal(&server, libc::SIGSTOP);
    let mut v = verbinde(adresse);
    v.write_all(b"Hallo, Server!").unwrap();
    signal(&server, libc::SIGCONT);
    server.erfolgreich();
    let (bytes, ende) = lies_bis_ende(&mut v);
    assert_eq!(bytes, b"Verbindung hergestellt!");
    assert_eq!(ende, Err(ErrorKind::ConnectionReset));
}

/// Der Störsender zerlegt die Antwort in einzelne Bytes. Das eine read des
/// Zwillings liefert nur das erste, und der Zwilling hält es für die Antwort.
#[test]
fn zwilling_client_sieht_nur_das_erste_stueckchen() {
    let (mut server, server_adresse) = Prozess::server("original_hello_server", &[]);
    let ziel = server_adresse.to_string();
    let mut s = Prozess::starte(
        "stoerer",
        &[
            "tcp",
            "--von",
            "127.0.0.1:0",
            "--nach",
            &ziel,
            "--stueckchen",
            "1",
            "--pause",
            "100ms",
        ],
    );
    let adresse = s.adresse_aus_erster_zeile();
    let mut client = Prozess::starte("original_hello_client", &[&adresse.to_string()]);
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(client.alle_zeilen(), ["Antwort vom Server: V"]);
    Transkript::neu()
        .port(adresse.port(), 6100)
        .port(6100, 6100)
        .terminal(
            "original_hello_client_stoerer",
            "cargo run --example original_hello_client -- 127.0.0.1:6100",
            &client,
        )
        .pruefe();
}

// ---------------------------------------------------------------------------
// Schritt 1: erst lesen, dann antworten – kein Reset mehr.

#[test]
fn schritt1_liest_und_schliesst_ohne_reset() {
    let (mut server, adresse) = Prozess::server("hello_server_schritt1", &[]);
    let mut v = verbinde(adresse);
    v.write_all(b"Hallo, Server!").unwrap();
    let (bytes, ende) = lies_bis_ende(&mut v);
    server.erfolgreich();
    assert_eq!(bytes, b"Verbindung hergestellt!");
    assert_eq!(ende, Ok(()), "FIN statt RST");
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo, Server!\n")
    );
}

/// Schritt 1 spricht noch das Protokoll der Vorlage: Der Python-Client und
/// der robuste Client bekommen ihre Antwort ohne Reset.
#[test]
fn schritt1_mit_hello_client_und_python() {
    let (mut server, adresse) = Prozess::server("hello_server_schritt1", &[]);
    let mut client = Prozess::starte("hello_client", &[&adresse.to_string()]);
    client.erfolgreich();
    server.erfolgreich();
    assert!(!client.terminal().contains("Fehler"));
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal(
            "hello_schritt1_server",
            "cargo run --example hello_server_schritt1",
            &server,
        )
        .terminal(
            "hello_schritt1_client",
            "cargo run --example hello_client",
            &client,
        )
        .pruefe();

    let (mut server, adresse) = Prozess::server("hello_server_schritt1", &[]);
    let mut client = python("hello_client.py", &adresse.to_string());
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(
        client.alle_zeilen(),
        ["Antwort vom Server: Verbindung hergestellt!"]
    );
}

// ---------------------------------------------------------------------------
// Schritt 2: Zeilen mit `\n`, begrenzt – der Störsender zerlegt nichts mehr.

/// Startet `server`, davor den Störsender (1 Byte, 100 ms Pause), und
/// schickt die Begrüßung von hello_client hindurch.
fn durch_den_stoerer(server: &str) -> (Prozess, Prozess, Prozess, u16) {
    let (server, server_adresse) = Prozess::server(server, &[]);
    let ziel = server_adresse.to_string();
    let mut s = Prozess::starte(
        "stoerer",
        &[
            "tcp",
            "--von",
            "127.0.0.1:0",
            "--nach",
            &ziel,
            "--stueckchen",
            "1",
            "--pause",
            "100ms",
        ],
    );
    let adresse = s.adresse_aus_erster_zeile();
    let client = Prozess::starte("hello_client", &[&adresse.to_string()]);
    (server, s, client, server_adresse.port())
}

#[test]
fn schritt1_zerfaellt_hinter_dem_stoerer() {
    let (mut server, _s, _client, port) = durch_den_stoerer("hello_server_schritt1");
    server.erfolgreich();
    // Das eine read kehrt mit dem ersten Byte zurück.
    assert!(
        server.terminal().contains("Nachricht vom Client: H\n"),
        "{}",
        server.terminal()
    );
    Transkript::neu()
        .port(port, 12345)
        .terminal(
            "hello_schritt1_stoerer",
            "cargo run --example hello_server_schritt1",
            &server,
        )
        .pruefe();
}

#[test]
fn schritt2_sammelt_bis_zum_zeilenende() {
    let (mut server, mut s, mut client, port) = durch_den_stoerer("hello_server_schritt2");
    server.erfolgreich();
    client.erfolgreich();
    s.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo, Server!\n")
    );
    assert!(
        client
            .alle_zeilen()
            .contains(&"Antwort vom Server: Verbindung hergestellt!".to_string())
    );
    Transkript::neu()
        .port(port, 12345)
        .terminal(
            "hello_schritt2_stoerer",
            "cargo run --example hello_server_schritt2",
            &server,
        )
        .pruefe();
}

/// Schritt 2 lehnt eine zu lange Zeile ab, schließt aber mit ungelesenen
/// Bytes: Nach der Fehlermeldung kommt ein Reset. Unter Linux bleibt die
/// Meldung lesbar, der Strom endet aber nicht sauber.
#[test]
fn schritt2_schliesst_nach_zu_langer_zeile_mit_reset() {
    let (mut server, adresse) = Prozess::server("hello_server_schritt2", &[]);
    let mut v = verbinde(adresse);
    v.write_all(&[b'x'; 20_000]).unwrap();
    // Kann schon scheitern (ENOTCONN), wenn der Reset schneller war.
    let _ = v.shutdown(Shutdown::Write);
    server.erfolgreich();
    let (bytes, ende) = lies_bis_ende(&mut v);
    assert_eq!(bytes, "Fehler: höchstens 1024 Bytes pro Zeile\n".as_bytes());
    assert_eq!(ende, Err(ErrorKind::ConnectionReset));
    Transkript::neu()
        .text("hello_schritt2_zu_lang", &bericht(&bytes, ende))
        .pruefe();
}

/// Was ein Test-Client sah, der 20 000 Bytes ohne Zeilenende schickt.
fn bericht(bytes: &[u8], ende: Result<(), ErrorKind>) -> String {
    let ende = match ende {
        Ok(()) => "Ende des Stroms (FIN, read liefert 0)".to_string(),
        Err(art) => format!("Fehler {art:?}"),
    };
    format!(
        "Gesendet: 20000 Bytes \"xxx…\" ohne Zeilenende\nEmpfangen: {:?}\nDanach: {ende}",
        String::from_utf8_lossy(bytes)
    )
}

// ---------------------------------------------------------------------------
// Schritt 3, hello_server: Fehlermeldung, shutdown(Write), begrenzt nachlesen.

#[test]
fn hello_server_verabschiedet_sich_ohne_reset() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut v = verbinde(adresse);
    v.write_all(&[b'x'; 20_000]).unwrap();
    v.shutdown(Shutdown::Write).unwrap();
    let (bytes, ende) = lies_bis_ende(&mut v);
    server.erfolgreich();
    assert_eq!(bytes, "Fehler: höchstens 1024 Bytes pro Zeile\n".as_bytes());
    assert_eq!(ende, Ok(()), "FIN statt RST");
    Transkript::neu()
        .text("hello_server_zu_lang", &bericht(&bytes, ende))
        .pruefe();
}

// ---------------------------------------------------------------------------
// Mit dem Original reden

/// Der Client der Vorlage schickt kein `\n`. hello_server wartet auf das
/// Zeilenende, bis sein Lese-Timeout abläuft (hier 2 Sekunden), und schickt
/// dann den Grund. Der Client gibt ihn als „Antwort“ aus.
#[test]
fn robuster_server_mit_dem_client_der_vorlage() {
    let (mut server, adresse) = Prozess::server("hello_server", &["--timeout", "2"]);
    let mut client = python("hello_client.py", &adresse.to_string());
    client.erfolgreich();
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .contains("2 Sekunden lang kein Zeilenende. Angekommen: \"Hallo, Server!\"\n")
    );
    assert_eq!(
        client.alle_zeilen()[0],
        "Antwort vom Server: Fehler: nach 2 Sekunden kein Zeilenende (\\n)"
    );
    Transkript::neu()
        .port(adresse.port(), 12345)
        .port(12345, 12345)
        .terminal(
            "hello_server_mit_original_client",
            "cargo run --example hello_server -- 127.0.0.1:12345 --timeout 2",
            &server,
        )
        .terminal(
            "original_hello_python_client_gegen_robust",
            "python3 python/original/hello_client.py",
            &client,
        )
        .pruefe();
}

/// Mit einem `\n` im Gruß sind sich beide einig.
#[test]
fn mit_zeilenende_sind_sich_beide_einig() {
    let (mut server, adresse) = Prozess::server("hello_server", &[]);
    let mut client = python("hello_client_zeilenende.py", &adresse.to_string());
    client.erfolgreich();
    server.erfolgreich();
    assert_eq!(
        client.alle_zeilen()[0],
        "Antwort vom Server: Verbindung hergestellt!"
    );
    assert!(
        server
            .terminal()
            .contains("Nachricht vom Client: Hallo, Server!\n")
    );
    Transkript::neu()
        .port(adresse.port(), 12345)
        .terminal(
            "original_hello_python_zeilenende",
            "python3 python/original/hello_client_zeilenende.py",
            &client,
        )
        .pruefe();
}

/// Auch die Zwillinge und die Schritte antworten auf `--help` und benennen
/// ein falsches Argument (Exit-Code 2).
#[test]
fn hilfe_der_zwillinge_und_schritte() {
    for name in [
        "original_hello_server",
        "original_hello_client",
        "hello_server_schritt1",
        "hello_server_schritt2",
    ] {
        let mut p = Prozess::starte(name, &["--help"]);
        p.erfolgreich();
        assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
    }
    for name in [
        "original_hello_server",
        "hello_server_schritt1",
        "hello_server_schritt2",
    ] {
        let mut p = Prozess::starte(name, &["localhost"]);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{name}: {text}");
        assert!(
            text.contains("\"localhost\" ist keine Adresse"),
            "{name}: {text}"
        );
    }
}

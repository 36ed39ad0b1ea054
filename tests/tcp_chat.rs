//! Szenarien zu Kapitel „TCP-Chat“: chat_server und chat_client, und die
//! Schritte dorthin (chat_server_schritt1, chat_server_schritt2). Jeder
//! Schritt zeigt den Fehler, den er behebt, am Schritt davor. Die Zwillinge
//! des Python-Originals prüft `tests/original_chat.rs`.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

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

/// Schritt 3: Eine zu lange Zeile beendet nur das Gespräch, nicht den Server
/// mit einem Fehler. Der Client bekommt die Fehlerzeile und danach ein
/// sauberes Ende (FIN), kein RST, obwohl er mehr geschickt hat, als der
/// Server liest.
#[test]
fn zu_lange_zeile_fuehrt_zu_fehlermeldung_und_geordnetem_ende() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let (zeile, rest) = schicke_zu_viel(adresse);
    assert_eq!(zeile, FEHLERZEILE_ZU_LANG);
    assert_eq!(rest.expect("sauberes Ende statt RST"), b"");
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "chat_server_zu_lang",
            "cargo run --example chat_server",
            &server,
        )
        .pruefe();
}

/// Der Grund für Schritt 3: Schritt 2 schickt dieselbe Fehlerzeile, endet
/// dann aber mit ungelesenen Bytes im Empfangspuffer. Linux schickt beim
/// Schließen deshalb ein RST, und der Client sieht „Connection reset by peer“.
#[test]
fn schritt2_legt_bei_zu_langer_zeile_mit_rst_auf() {
    let (mut server, adresse) = Prozess::server("chat_server_schritt2", &[]);
    let (zeile, rest) = schicke_zu_viel(adresse);
    assert_eq!(zeile, FEHLERZEILE_ZU_LANG);
    let fehler = rest.expect_err("RST statt sauberem Ende");
    assert_eq!(fehler.kind(), ErrorKind::ConnectionReset, "{fehler}");
    server.fehlgeschlagen();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "chat_schritt2_zu_lang",
            "cargo run --example chat_server_schritt2",
            &server,
        )
        .pruefe();
}

const FEHLERZEILE_ZU_LANG: &str = "Fehler: Zeile länger als 1024 Bytes, Chat beendet.\n";

/// Schickt 20 000 Bytes ohne Zeilenende (mehr, als der BufReader des Servers
/// auf einmal holt), liest die Antwortzeile und dann bis zum Ende.
fn schicke_zu_viel(adresse: SocketAddr) -> (String, std::io::Result<Vec<u8>>) {
    let stream = verbinde(adresse);
    (&stream).write_all(&[b'a'; 20_000]).unwrap();
    let mut leser = BufReader::new(&stream);
    let mut zeile = String::new();
    leser.read_line(&mut zeile).unwrap();
    let mut rest = Vec::new();
    let ergebnis = leser.read_to_end(&mut rest).map(|_| rest);
    (zeile, ergebnis)
}

/// Schritt 3: Ein Client, der nichts schickt, hält den Server nicht ewig auf.
#[test]
fn stiller_client_bekommt_nach_dem_zeitlimit_eine_fehlerzeile() {
    let (mut server, adresse) = Prozess::server("chat_server", &["--timeout", "1"]);
    let stream = verbinde(adresse);
    let mut alles = Vec::new();
    (&stream).read_to_end(&mut alles).unwrap();
    assert_eq!(
        alles,
        "Fehler: 1 s lang keine ganze Zeile, Chat beendet.\n".as_bytes()
    );
    drop(stream);
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "chat_server_zeitlimit",
            "cargo run --example chat_server -- --timeout 1",
            &server,
        )
        .pruefe();
}

/// Der Grund für das Zeitlimit: Schritt 2 wartet auf den stillen Client ohne
/// Ende. Beobachtet wird 1,5 s lang (länger als das Zeitlimit oben).
#[test]
fn schritt2_wartet_ewig_auf_einen_stillen_client() {
    let (mut server, adresse) = Prozess::server("chat_server_schritt2", &[]);
    let _stream = verbinde(adresse);
    server.warte_auf("Verbunden mit");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(server.laeuft());
    assert!(
        server
            .terminal()
            .ends_with("Warte auf seine erste Nachricht.\n")
    );
}

/// Schritt 1: Hinter dem Störsender (jedes Byte ein Stückchen) kommt die
/// Zeile ganz an, weil der Server bis zum `\n` sammelt.
#[test]
fn schritt1_haelt_unter_einzelbytes() {
    let (mut server, server_adresse) = Prozess::server("chat_server_schritt1", &[]);
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
        "20ms",
    ];
    let mut s = Prozess::starte("stoerer", &args);
    let adresse = s.adresse_aus_erster_zeile();
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Hallo");
    server.warte_auf("Client: Hallo\n-> ");
    server.tippe("Ganz angekommen.");
    client.warte_auf("Server: Ganz angekommen.\n-> ");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    s.erfolgreich();
    Transkript::neu()
        .port(server_adresse.port(), 5000)
        .port(adresse.port(), 6100)
        .port(6100, 6100)
        .terminal(
            "chat_schritt1_stoerer",
            "cargo run --example chat_server_schritt1",
            &server,
        )
        .pruefe();
}

/// Schritt 1: zwei Zeilen in einem write() sind zwei Nachrichten.
#[test]
fn schritt1_trennt_zwei_zeilen_in_einem_write() {
    let (mut server, adresse) = Prozess::server("chat_server_schritt1", &[]);
    let stream = verbinde(adresse);
    (&stream).write_all(b"eins\nzwei\n").unwrap();
    server.warte_auf("Client: eins\n-> ");
    server.tippe("erste Antwort");
    server.warte_auf("Client: zwei\n-> ");
    server.tippe("zweite Antwort");
    let mut leser = BufReader::new(&stream);
    let mut antworten = String::new();
    leser.read_line(&mut antworten).unwrap();
    leser.read_line(&mut antworten).unwrap();
    assert_eq!(antworten, "erste Antwort\nzweite Antwort\n");
    drop(leser);
    drop(stream);
    server.erfolgreich();
}

/// Der Grund für Schritt 2: Schritt 1 endet bei ungültigem UTF-8; Schritt 2
/// zeigt � und maskiert Steuerzeichen (ESC, `\r`).
#[test]
fn kaputte_bytes_schritt1_endet_schritt2_zeigt_sie() {
    let (mut eins, adresse) = Prozess::server("chat_server_schritt1", &[]);
    let stream = verbinde(adresse);
    (&stream).write_all(b"Gr\xfc\xdfe\n").unwrap();
    eins.fehlgeschlagen();
    assert!(
        eins.terminal()
            .ends_with("Fehler: Der Client schickt kein gültiges UTF-8.\n")
    );
    let mut t = Transkript::neu();
    t.port(adresse.port(), 5000).terminal(
        "chat_schritt1_utf8",
        "cargo run --example chat_server_schritt1",
        &eins,
    );
    t.pruefe();

    let (mut zwei, adresse) = Prozess::server("chat_server_schritt2", &[]);
    let stream = verbinde(adresse);
    (&stream).write_all(b"Gr\xfc\xdfe\n").unwrap();
    zwei.warte_auf("Client: Gr\u{fffd}\u{fffd}e\n-> ");
    zwei.tippe("Das war kein UTF-8.");
    (&stream)
        .write_all(b"\x1b[31mrot\x1b[0m\rClient: gef\xc3\xa4lscht\n")
        .unwrap();
    zwei.warte_auf("Client: \\u{1b}[31mrot\\u{1b}[0m\\rClient: gefälscht\n-> ");
    zwei.tippe("bye");
    zwei.erfolgreich();
    let mut t = Transkript::neu();
    t.port(adresse.port(), 5000).terminal(
        "chat_schritt2_utf8",
        "cargo run --example chat_server_schritt2",
        &zwei,
    );
    t.pruefe();
}

/// Der Client zeigt maskiert, was der Server schickt, und bei einem Abbruch
/// mitten in der Antwort zuerst, was schon ankam.
#[test]
fn client_zeigt_was_vor_dem_abbruch_ankam() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Erzähl mal.");
    let (stream, _) = listener.accept().unwrap();
    let mut leser = BufReader::new(&stream);
    let mut zeile = String::new();
    leser.read_line(&mut zeile).unwrap();
    assert_eq!(zeile, "Erzähl mal.\n");
    (&stream).write_all(b"\x1b[2JAlso\n").unwrap();
    client.warte_auf("Server: \\u{1b}[2JAlso\n-> ");
    client.tippe("Und weiter?");
    zeile.clear();
    leser.read_line(&mut zeile).unwrap();
    assert_eq!(zeile, "Und weiter?\n");
    (&stream).write_all(b"Es war einmal").unwrap();
    // SO_LINGER 0: close() schickt ein RST statt eines FIN.
    socket2::SockRef::from(&stream)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(leser);
    drop(stream);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.contains("Server: Es war einmal (ohne Zeilenende)\n"),
        "{text}"
    );
    assert!(text.contains("Connection reset"), "{text}");
    Transkript::neu()
        .port(adresse.port(), 5000)
        .terminal(
            "chat_client_abbruch",
            "cargo run --example chat_client",
            &client,
        )
        .pruefe();
}

/// `--help` auf Deutsch mit Exit-Code 0, falsche Argumente mit Exit-Code 2.
#[test]
fn hilfe_und_falsche_argumente() {
    for name in [
        "chat_server",
        "chat_client",
        "chat_server_schritt1",
        "chat_server_schritt2",
    ] {
        for hilfe in ["--help", "-h"] {
            let mut p = Prozess::starte(name, &[hilfe]);
            p.erfolgreich();
            assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
        }
        let mut p = Prozess::starte(name, &["--gibtsnicht"]);
        assert_eq!(p.warte_auf_ende().code(), Some(2));
        assert!(
            p.terminal().contains("Unbekannte Option \"--gibtsnicht\""),
            "{}",
            p.terminal()
        );
        let mut p = Prozess::starte(name, &["kein-port"]);
        assert_eq!(p.warte_auf_ende().code(), Some(2));
        assert!(p.terminal().contains("\"kein-port\""), "{}", p.terminal());
    }
    let mut p = Prozess::starte("chat_server", &["--timeout", "null"]);
    assert_eq!(p.warte_auf_ende().code(), Some(2));
    assert!(
        p.terminal().contains("--timeout \"null\""),
        "{}",
        p.terminal()
    );
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

/// `listen(2)` unter Linux: Neben dem angenommenen Client warten drei
/// (Backlog + 1) fertige Verbindungen; die fünfte kommt nicht zustande, weil
/// Linux ihr SYN bei voller Warteschlange verwirft. Jeder Versuch hat eine
/// Frist von 1 s; höchstens 10 Versuche.
#[cfg(target_os = "linux")]
#[test]
fn warteschlange_fasst_unter_linux_backlog_plus_eins() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut offen = Vec::new();
    for _ in 0..10 {
        match std::net::TcpStream::connect_timeout(&adresse, Duration::from_secs(1)) {
            Ok(verbindung) => offen.push(verbindung),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
                break;
            }
        }
        if offen.len() == 1 {
            // Erst wenn der Server die erste Verbindung angenommen hat, ist
            // die Warteschlange leer.
            server.warte_auf("Verbunden mit");
        }
    }
    assert_eq!(offen.len(), 4, "1 angenommen + 3 in der Warteschlange");
}

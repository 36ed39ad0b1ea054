//! Szenarien zu Kapitel „TCP in einer Schleife“: tcp_server und tcp_client.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use common::{Prozess, Transkript, freier_port, frist, verbinde};

/// Ein Client-Prozess schickt eine Nachricht und bekommt die Antwort, die im
/// Server-Terminal getippt wird.
fn frage_und_antwort(client: &mut Prozess, server: &mut Prozess, frage: &str, antwort: &str) {
    client.warte_auf("Nachricht: ");
    client.tippe(frage);
    server.warte_auf(&format!("] {frage}\nAntwort: "));
    server.tippe(antwort);
    client.warte_auf(&format!("] {antwort}\n"));
}

/// Liest eine Zeile vom Server (mit Frist, siehe `verbinde`).
fn lies_zeile(stream: &TcpStream) -> String {
    let mut zeile = String::new();
    BufReader::new(stream).read_line(&mut zeile).unwrap();
    zeile
}

/// Der Ablauf aus dem Buch: zwei Clients nacheinander.
#[test]
fn zwei_clients_nacheinander() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    server.warte_auf("Warte auf einen Client …");
    let ziel = adresse.to_string();

    let mut erster = Prozess::starte("tcp_client", &[&ziel]);
    frage_und_antwort(
        &mut erster,
        &mut server,
        "Hallo, ich bin der erste Client.",
        "Willkommen!",
    );
    frage_und_antwort(
        &mut erster,
        &mut server,
        "Wie spät ist es?",
        "Zeit für den nächsten Client.",
    );
    erster.warte_auf("Nachricht: ");
    erster.schliesse_eingabe();
    erster.erfolgreich();
    server.warte_auf("hat die Verbindung beendet.\nWarte auf einen Client …\n");

    let mut zweiter = Prozess::starte("tcp_client", &[&ziel]);
    frage_und_antwort(
        &mut zweiter,
        &mut server,
        "Bin ich jetzt dran?",
        "Ja, jetzt bist du dran.",
    );
    zweiter.warte_auf("Nachricht: ");
    zweiter.schliesse_eingabe();
    zweiter.erfolgreich();
    server.warte_auf("hat die Verbindung beendet.\nWarte auf einen Client …\n");
    assert!(server.laeuft(), "Der Server wartet auf den nächsten Client");

    Transkript::neu()
        .port(adresse.port(), 50000)
        .terminal("tcp_server", "cargo run --example tcp_server", &server)
        .terminal("tcp_client_1", "cargo run --example tcp_client", &erster)
        .terminal("tcp_client_2", "cargo run --example tcp_client", &zweiter)
        .pruefe();
}

/// Ein zweiter Client kommt, während der erste noch bedient wird: connect()
/// und send() klappen sofort (Warteschlange von listen()), die Antwort kommt
/// erst, wenn der erste Client gegangen ist.
#[test]
fn zweiter_client_wartet_in_der_warteschlange() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let ziel = adresse.to_string();
    let mut erster = Prozess::starte("tcp_client", &[&ziel]);
    frage_und_antwort(&mut erster, &mut server, "Ich bin zuerst da.", "Stimmt.");

    let mut zweiter = Prozess::starte("tcp_client", &[&ziel]);
    zweiter.warte_auf("Nachricht: ");
    zweiter.tippe("Ich warte schon.");
    // Die Nachricht liegt beim Betriebssystem des Servers; der Server selbst
    // bedient noch den ersten Client.
    frage_und_antwort(
        &mut erster,
        &mut server,
        "Noch eine Frage.",
        "Noch eine Antwort.",
    );
    assert!(!server.terminal().contains("Ich warte schon."));

    erster.schliesse_eingabe();
    erster.erfolgreich();
    server.warte_auf("] Ich warte schon.\nAntwort: ");
    server.tippe("Danke fürs Warten!");
    zweiter.warte_auf("] Danke fürs Warten!\n");
    zweiter.schliesse_eingabe();
    zweiter.erfolgreich();
}

/// Eine zu lange Zeile trennt nur diesen Client; der nächste wird bedient.
#[test]
fn zu_lange_zeile_trennt_nur_diesen_client() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(&[b'x'; 5000]).unwrap();
    assert_eq!(
        lies_zeile(&stream),
        "Fehler: Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n"
    );
    server.warte_auf("Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n");
    drop(stream); // beendet den Nachlauf des Servers
    server.warte_auf("Warte auf einen Client");

    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    frage_und_antwort(&mut client, &mut server, "Geht es noch?", "Ja.");
    client.schliesse_eingabe();
    client.erfolgreich();
}

#[test]
fn ungueltiges_utf8_wird_lossy_angezeigt() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut stream = verbinde(adresse);
    stream.write_all(b"Gr\xfc\xdfe\n").unwrap();
    server.warte_auf("] Gr\u{fffd}\u{fffd}e\nAntwort: ");
    server.tippe("Das war kein UTF-8.");
    assert_eq!(lies_zeile(&stream), "Das war kein UTF-8.\n");

    // Auch über den Client: Er schickt die Bytes der Tastatur unverändert.
    drop(stream);
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe_bytes(b"\xff\xfe kaputt\n");
    server.warte_auf("] \u{fffd}\u{fffd} kaputt\nAntwort: ");
    server.tippe("Angekommen.");
    client.warte_auf("] Angekommen.\n");
}

/// Ein Client legt mitten in einer Zeile auf, ein anderer bricht die
/// Verbindung hart ab (RST). Der Server meldet beides und macht weiter.
#[test]
fn abbrueche_beenden_den_server_nicht() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut halb = verbinde(adresse);
    halb.write_all(b"eine halbe Ze").unwrap();
    drop(halb);
    server.warte_auf("mitten in einer Zeile aufgelegt. Angekommen: \"eine halbe Ze\"\n");
    server.warte_auf("Warte auf einen Client");

    let hart = verbinde(adresse);
    server.warte_auf("ist verbunden.");
    // SO_LINGER mit 0 Sekunden: close() schickt ein RST statt eines FIN.
    socket2::SockRef::from(&hart)
        .set_linger(Some(std::time::Duration::ZERO))
        .unwrap();
    drop(hart);
    server.warte_auf("Fehler mit Client");
    server.warte_auf("Warte auf einen Client");

    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    frage_und_antwort(&mut client, &mut server, "Alles gut?", "Alles gut.");
}

/// Strg+D im Server-Terminal beendet den Server; der Client erfährt es.
#[test]
fn ende_der_eingabe_beendet_den_server() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe("Bist du noch da?");
    server.warte_auf("Antwort: ");
    server.schliesse_eingabe();
    server.erfolgreich();
    assert!(
        server
            .terminal()
            .ends_with("Eingabe beendet, der Server hört auf.\n")
    );
    client.erfolgreich();
    assert!(
        client
            .terminal()
            .ends_with("Der Server hat die Verbindung beendet.\n")
    );
}

#[test]
fn ohne_server_erklaert_der_client_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("tcp_client", &[&ziel]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("Dort lauscht kein Server"), "{text}");
    assert!(text.contains("cargo run --example tcp_server"), "{text}");
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("tcp_server", &[]);
    let mut zweiter = Prozess::starte("tcp_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

#[test]
fn unaufloesbarer_name_wird_erklaert() {
    let mut client = Prozess::starte("tcp_client", &["kein server.invalid:50000"]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.contains("Kann \"kein server.invalid:50000\" nicht auflösen"),
        "{text}"
    );
}

/// Liest alles bis zum Ende der Verbindung; `Err` bei einem Fehler (etwa RST).
fn lies_bis_zum_ende(stream: &mut TcpStream) -> (Vec<u8>, std::io::Result<()>) {
    let mut alles = Vec::new();
    match stream.read_to_end(&mut alles) {
        Ok(_) => (alles, Ok(())),
        Err(e) => (alles, Err(e)),
    }
}

#[test]
fn hilfe_und_falsche_argumente() {
    for name in ["tcp_server", "tcp_client"] {
        for hilfe in ["--help", "-h"] {
            let mut p = Prozess::starte(name, &[hilfe]);
            p.erfolgreich();
            assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
        }
    }
    let falsch: [(&str, &[&str], &str); 6] = [
        ("tcp_server", &["--timeout", "0"], "--timeout \"0\""),
        ("tcp_server", &["--timeout", "abc"], "--timeout \"abc\""),
        ("tcp_server", &["--timeout"], "--timeout braucht eine Zahl"),
        (
            "tcp_server",
            &["127.0.0.1"],
            "Adresse \"127.0.0.1\": erwartet IP:PORT",
        ),
        ("tcp_server", &["--bla"], "Unbekannter Schalter \"--bla\""),
        (
            "tcp_client",
            &["127.0.0.1:0", "zwei"],
            "Unerwartetes Argument \"zwei\"",
        ),
    ];
    for (name, args, meldung) in falsch {
        let mut p = Prozess::starte(name, args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{name} {args:?}: {text}");
        assert!(text.starts_with("Fehler: "), "{text}");
        assert!(text.contains(meldung), "{name} {args:?}: {text}");
        assert!(text.contains("Aufruf: "), "{text}");
    }
}

/// Ein stiller Client bekommt nach der Frist den Grund und ein sauberes Ende;
/// der Server nennt seine Adresse und bedient den nächsten.
#[test]
fn frist_trennt_stillen_client_mit_grund() {
    let (mut server, adresse) = Prozess::server("tcp_server", &["--timeout", "1"]);
    let mut still = verbinde(adresse);
    let (bytes, ende) = lies_bis_zum_ende(&mut still);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "Fehler: Frist abgelaufen: 1 s lang keine ganze Zeile, Verbindung wird getrennt.\n"
    );
    assert!(ende.is_ok(), "sauberes Ende erwartet: {ende:?}");
    let eigene = still.local_addr().unwrap();
    server.warte_auf(&format!("Fehler mit Client {eigene}: Frist abgelaufen"));
    drop(still);
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    frage_und_antwort(&mut client, &mut server, "Jetzt ich?", "Ja.");
}

/// Die Frist gilt für die ganze Zeile: Ein Byte alle 300 ms verlängert sie nicht.
#[test]
fn tropfender_client_verlaengert_die_frist_nicht() {
    let (mut server, adresse) = Prozess::server("tcp_server", &["--timeout", "1"]);
    let mut c = verbinde(adresse);
    let mut gesendet = 0;
    // Höchstens 30 Bytes (9 s): Spätestens nach der Frist von 1 s legt der Server auf.
    while gesendet < 30 && c.write_all(b"x").is_ok() {
        gesendet += 1;
        let mut puffer = [0u8; 256];
        c.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        if matches!(c.read(&mut puffer), Ok(n) if n > 0) {
            break; // Die Fehlerzeile ist da.
        }
    }
    assert!(gesendet < 30, "Der Server hat nach 9 s noch nicht getrennt");
    server.warte_auf("Frist abgelaufen: 1 s lang keine ganze Zeile");
}

/// Ein Server antwortet mit einer halben Zeile und bricht dann mit RST ab:
/// tcp_client zeigt, was ankam, und erklärt danach den Fehler.
#[test]
fn client_zeigt_was_vor_dem_fehler_ankam() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    let (mut c, _) = listener.accept().unwrap();
    c.set_read_timeout(Some(frist())).unwrap();
    client.tippe("Hallo?");
    assert_eq!(lies_zeile(&c), "Hallo?\n");
    c.write_all(b"Halbe Antw\x1b[2J").unwrap();
    socket2::SockRef::from(&c)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(c);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.contains("Angekommen vor dem Fehler: Halbe Antw\\u{1b}[2J\n"),
        "{text}"
    );
    assert!(text.contains("Fehler: Lesen ist gescheitert"), "{text}");
}

/// Ein Server schließt mitten in der Zeile: Das Stück wird gezeigt.
#[test]
fn client_zeigt_halbe_zeile_vor_dem_ende() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    let (mut c, _) = listener.accept().unwrap();
    c.set_read_timeout(Some(frist())).unwrap();
    client.tippe("Hallo?");
    assert_eq!(lies_zeile(&c), "Hallo?\n");
    c.write_all(b"Tsch").unwrap();
    drop(c);
    client.erfolgreich();
    let text = client.terminal();
    assert!(
        text.ends_with("] Tsch\nDer Server hat mitten in der Zeile geschlossen.\n"),
        "{text}"
    );
}

//! Szenarien zu Kapitel „UDP“: udp_server und udp_client.

mod common;

use std::collections::BTreeSet;
use std::net::{SocketAddr, UdpSocket};

use common::{Prozess, Transkript, frist};

/// Ein UDP-Port, auf dem gerade niemand empfängt (vom System vergeben und
/// sofort wieder freigegeben). `common::freier_port` gilt nur für TCP.
fn freier_udp_port() -> u16 {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP-Port 0 binden");
    socket.local_addr().expect("lokale Adresse").port()
}

/// Ein Test-Socket, der an den Server sendet.
fn test_sender() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP-Port 0 binden");
    socket.set_read_timeout(Some(frist())).unwrap();
    socket
}

/// Der Ablauf aus dem Buch: Nachrichten aus Argumenten, von der Tastatur
/// (auch eine leere Zeile) und nummeriert.
#[test]
fn drei_clients_schicken_datagramme() {
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    server.warte_auf("Warte auf Datagramme");
    let ziel = adresse.to_string();

    let mut a = Prozess::starte("udp_client", &[&ziel, "Hallo UDP", "Noch ein Datagramm"]);
    a.erfolgreich();
    server.warte_auf("] Hallo UDP\n");
    server.warte_auf("] Noch ein Datagramm\n");

    let mut b = Prozess::starte("udp_client", &[&ziel]);
    b.warte_auf("Nachricht: ");
    b.tippe("Diese Zeile kommt von der Tastatur");
    server.warte_auf("] Diese Zeile kommt von der Tastatur\n");
    b.warte_auf("Nachricht: ");
    b.tippe("");
    server.warte_auf("] (leeres Datagramm)\n");
    b.warte_auf("Nachricht: ");
    b.schliesse_eingabe();
    b.erfolgreich();

    let mut c = Prozess::starte("udp_client", &[&ziel, "--nummeriert", "3"]);
    c.erfolgreich();
    for i in 1..=3 {
        server.warte_auf(&format!("] Nachricht {i}/3\n"));
    }
    assert!(server.laeuft(), "Der UDP-Server läuft weiter");

    let befehl = "cargo run --example udp_client --";
    let clients = format!(
        "$ {befehl} 127.0.0.1:50000 \"Hallo UDP\" \"Noch ein Datagramm\"\n{}\
         $ cargo run --example udp_client\n{}\
         $ {befehl} 127.0.0.1:50000 --nummeriert 3\n{}",
        a.terminal(),
        b.terminal(),
        c.terminal()
    );
    Transkript::neu()
        .port(adresse.port(), 50000)
        .port(50000, 50000) // der Standardport in den Befehlszeilen
        .terminal("udp_server", "cargo run --example udp_server", &server)
        .text("udp_client", &clients)
        .pruefe();
}

/// Ohne Server: send_to() klappt trotzdem. Mit --verbunden meldet das
/// Betriebssystem das ICMP „Port nicht erreichbar“ als ConnectionRefused.
#[test]
fn ohne_server_nur_der_verbundene_socket_merkt_es() {
    let frei = freier_udp_port();
    let ziel = format!("127.0.0.1:{frei}");
    let mut still = Prozess::starte("udp_client", &[&ziel, "Hallo, ist da jemand?"]);
    still.erfolgreich();
    assert!(
        still.terminal().contains("Gesendet: 21 Bytes"),
        "{}",
        still.terminal()
    );

    let mut verbunden = Prozess::starte(
        "udp_client",
        &[&ziel, "--verbunden", "Hallo, ist da jemand?"],
    );
    verbunden.fehlgeschlagen();
    let text = verbunden.terminal();
    assert!(text.contains("Dort lauscht kein UDP-Server"), "{text}");
    assert!(text.contains("cargo run --example udp_server"), "{text}");

    // Mit Server kommt keine Fehlermeldung; nach einer Sekunde gibt der Client auf.
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    let mut mit_server = Prozess::starte(
        "udp_client",
        &[&adresse.to_string(), "--verbunden", "Hallo, ist da jemand?"],
    );
    mit_server.erfolgreich();
    server.warte_auf("] Hallo, ist da jemand?\n");
    assert!(
        mit_server
            .terminal()
            .contains("Keine Fehlermeldung innerhalb von 1 s")
    );

    let befehl = "cargo run --example udp_client --";
    let mitschnitt = format!(
        "$ {befehl} 127.0.0.1:50000 \"Hallo, ist da jemand?\"\n{}\
         $ {befehl} 127.0.0.1:50000 --verbunden \"Hallo, ist da jemand?\"\n{}\
         $ {befehl} 127.0.0.1:50000 --verbunden \"Hallo, ist da jemand?\"\n{}",
        still.terminal(),
        verbunden.terminal(),
        mit_server.terminal()
    );
    // Der Text der Fehlermeldung („Connection refused (os error 111)“) stammt
    // vom Betriebssystem; das Buch zeigt den Lauf unter Linux.
    if cfg!(target_os = "linux") {
        Transkript::neu()
            .port(frei, 50000)
            .port(adresse.port(), 50000)
            .port(50000, 50000)
            .text("udp_client_verbunden", &mitschnitt)
            .pruefe();
    }
}

/// Interaktiv mit --verbunden: Der Fehler zum ersten Datagramm erscheint bei
/// einem späteren Aufruf (unter Linux schon beim zweiten send()).
#[test]
fn verbunden_meldet_den_fehler_beim_naechsten_senden() {
    let ziel = format!("127.0.0.1:{}", freier_udp_port());
    let mut client = Prozess::starte("udp_client", &[&ziel, "--verbunden"]);
    client.warte_auf("Nachricht: ");
    client.tippe("erstes");
    client.warte_auf("Gesendet: 6 Bytes\nNachricht: ");
    client.tippe("zweites");
    // Spätestens die Prüfung nach dem Ende der Eingabe findet den Fehler.
    client.schliesse_eingabe();
    client.fehlgeschlagen();
    assert!(client.terminal().contains("Dort lauscht kein UDP-Server"));
}

#[test]
fn ungueltiges_utf8_erscheint_als_ersatzzeichen() {
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    let sender = test_sender();
    sender.send_to(b"Gr\xfc\xdfe", adresse).unwrap();
    server.warte_auf("] Gr\u{fffd}\u{fffd}e\n");

    // Auch über den Client: Er schickt die Bytes der Tastatur unverändert.
    let mut client = Prozess::starte("udp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe_bytes(b"\xff\xfe kaputt\n");
    server.warte_auf("] \u{fffd}\u{fffd} kaputt\n");
    client.schliesse_eingabe();
    client.erfolgreich();
    assert!(server.laeuft());
}

/// Ein Datagramm über 1024 Bytes wird abgeschnitten, und der Server sagt es.
/// Danach empfängt er weiter. (Wie `python3 -c "… sendto(b'x' * 2000, …)"`.)
#[test]
fn zu_langes_datagramm_wird_abgeschnitten_und_gemeldet() {
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    server.warte_auf("Warte auf Datagramme");
    let sender = test_sender();
    sender.send_to(&[b'x'; 2000], adresse).unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    let absender = sender.local_addr().unwrap();
    let erwartet = format!(
        "[{absender}] {}\n[{absender}] (abgeschnitten: Das Datagramm war länger als 1024 Bytes, \
         der Rest ist verloren)\n[{absender}] danach\n",
        "x".repeat(1024)
    );
    server.warte_auf(&erwartet);
    assert!(server.laeuft());
    // Im Buch stünden sonst 1024 x in einer Zeile.
    Transkript::neu()
        .port(adresse.port(), 50000)
        .ersetze("x".repeat(1024), "xxxxxxxx… (insgesamt 1024-mal x)")
        .terminal(
            "udp_abgeschnitten",
            "cargo run --example udp_server",
            &server,
        )
        .pruefe();
}

/// Genau N Datagramme mit genau diesem Inhalt: Das Kapitel „Der Störsender“
/// verlässt sich darauf.
#[test]
fn nummeriert_schickt_genau_dieses_format() {
    let empfaenger = test_sender();
    let adresse = empfaenger.local_addr().unwrap();
    let mut client = Prozess::starte("udp_client", &[&adresse.to_string(), "--nummeriert", "5"]);
    client.erfolgreich();
    assert!(
        client
            .terminal()
            .ends_with("5 nummerierte Datagramme gesendet\n")
    );
    let mut angekommen = BTreeSet::new();
    let mut puffer = [0u8; 100];
    for _ in 0..5 {
        let (n, _) = empfaenger
            .recv_from(&mut puffer)
            .expect("Datagramm innerhalb der Frist");
        angekommen.insert(String::from_utf8(puffer[..n].to_vec()).unwrap());
    }
    let erwartet: BTreeSet<String> = (1..=5).map(|i| format!("Nachricht {i}/5")).collect();
    assert_eq!(angekommen, erwartet);
}

/// 65 507 Bytes sind die größte Nutzlast über IPv4, ein Byte mehr lehnt das
/// System ab. macOS erlaubt ohne Änderung der Einstellung
/// `net.inet.udp.maxdgram` nur 9216 Bytes, daher nur unter Linux.
#[cfg(target_os = "linux")]
#[test]
fn groesstes_datagramm_und_eins_zu_viel() {
    let empfaenger = test_sender();
    let ziel = empfaenger.local_addr().unwrap().to_string();
    let passt = "p".repeat(65_507);
    let mut client = Prozess::starte("udp_client", &[&ziel, &passt]);
    client.erfolgreich();
    let mut puffer = vec![0u8; 70_000];
    let (n, _) = empfaenger.recv_from(&mut puffer).unwrap();
    assert_eq!(n, 65_507);

    let zu_gross = "z".repeat(65_508);
    let mut client = Prozess::starte("udp_client", &[&ziel, &zu_gross]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("Das Datagramm hat 65508 Bytes"), "{text}");
    assert!(text.contains("höchstens 65507 Bytes"), "{text}");
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("udp_server", &[]);
    let mut zweiter = Prozess::starte("udp_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

/// `.invalid` ist für Namen reserviert, die nie aufgelöst werden (RFC 2606).
/// Das Leerzeichen macht den Namen außerdem ungültig: Das System lehnt ihn
/// ab, ohne einen DNS-Server zu fragen. Tests schicken so keinen Verkehr
/// außerhalb von Loopback.
#[test]
fn unaufloesbarer_name_wird_erklaert() {
    let mut client = Prozess::starte("udp_client", &["kein server.invalid:50000", "Hallo"]);
    client.fehlgeschlagen();
    assert!(
        client
            .terminal()
            .contains("Kann \"kein server.invalid:50000\" nicht auflösen")
    );
    let mut server = Prozess::starte("udp_server", &["kein server.invalid:50000"]);
    server.fehlgeschlagen();
    assert!(server.terminal().contains("nicht auflösen"));
}

#[test]
fn falsche_anzahl_fuer_nummeriert() {
    let ziel: SocketAddr = ([127, 0, 0, 1], freier_udp_port()).into();
    let mut client = Prozess::starte("udp_client", &[&ziel.to_string(), "--nummeriert", "viele"]);
    assert_eq!(client.warte_auf_ende().code(), Some(2));
    assert!(
        client
            .terminal()
            .contains("--nummeriert braucht eine Anzahl")
    );
}

/// Ein Datagramm mit Zeilenende und ESC-Folge: genau eine Zeile im
/// Protokoll, das `\n` und das ESC sichtbar als Escape-Folge. Es gibt keine
/// Zeile, die mit einem gefälschten Absender beginnt.
#[test]
fn gefaelschte_absenderzeile_wird_entschaerft() {
    let (mut server, adresse) = Prozess::server("udp_server", &[]);
    server.warte_auf("Warte auf Datagramme");
    let sender = test_sender();
    let absender = sender.local_addr().unwrap();
    sender
        .send_to(b"x\n[127.0.0.1:9999] GEFAELSCHT\x1b[2J", adresse)
        .unwrap();
    sender.send_to(b"danach", adresse).unwrap();
    server.warte_auf(&format!("[{absender}] danach\n"));
    let zeilen: Vec<String> = server.alle_zeilen().into_iter().skip(2).collect();
    assert_eq!(
        zeilen,
        [
            format!("[{absender}] x\\n[127.0.0.1:9999] GEFAELSCHT\\u{{1b}}[2J"),
            format!("[{absender}] danach"),
        ]
    );
    assert!(!server.terminal().contains('\x1b'));
}

/// `udp_server | head -n 1`: Liest niemand mehr, endet der Server beim
/// nächsten Schreiben leise mit Exit 0, ohne Panik.
#[cfg(unix)]
#[test]
fn gebrochene_pipe_beendet_den_server_leise() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut kind = Command::new(common::beispiel("udp_server"))
        .arg("127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("udp_server starten");
    let mut stdout = BufReader::new(kind.stdout.take().unwrap());
    let mut erste = String::new();
    stdout.read_line(&mut erste).unwrap();
    let adresse: SocketAddr = erste.split_whitespace().last().unwrap().parse().unwrap();
    drop(stdout); // wie `head -n 1`: Der Leser geht.

    // Jedes Datagramm löst eine Ausgabe aus; schon die erste trifft die
    // geschlossene Pipe. Mehrere, falls ein Datagramm verloren ginge.
    let sender = test_sender();
    let ende = Instant::now() + frist();
    let status = loop {
        if let Some(status) = kind.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > ende {
            let _ = kind.kill();
            let _ = kind.wait();
            panic!("udp_server endet nicht, obwohl niemand mehr liest");
        }
        let _ = sender.send_to(b"hallo", adresse);
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut fehler = String::new();
    kind.stderr
        .take()
        .unwrap()
        .read_to_string(&mut fehler)
        .unwrap();
    assert!(status.success(), "{status}: {fehler}");
    assert_eq!(fehler, "", "kein Wort auf stderr, schon gar keine Panik");
}

/// udp_client: --help mit Exit 0, falsche Argumente mit deutscher Meldung,
/// Hilfe und Exit 2.
#[test]
fn client_hilfe_und_falsche_argumente() {
    let mut hilfe = Prozess::starte("udp_client", &["-h"]);
    assert_eq!(hilfe.warte_auf_ende().code(), Some(0));
    assert!(hilfe.terminal().starts_with("Aufruf: udp_client"));
    let falsch: [(&[&str], &str); 3] = [
        (&["Hallo"], "Die ADRESSE \"Hallo\" hat keinen gültigen Port"),
        (&["127.0.0.1:0", "--laut"], "Unbekannt: \"--laut\""),
        (&["127.0.0.1:99999"], "hat keinen gültigen Port"),
    ];
    for (args, meldung) in falsch {
        let mut client = Prozess::starte("udp_client", args);
        assert_eq!(client.warte_auf_ende().code(), Some(2), "{args:?}");
        let text = client.terminal();
        assert!(text.starts_with("Fehler: "), "{text}");
        assert!(text.contains(meldung), "{text}");
        assert!(text.contains("\nAufruf: udp_client"), "{text}");
    }
}

//! Szenarien zu Kapitel „Der Störsender“: stoerer zwischen udp_client und
//! udp_server, zwischen chat_client und chat_server, und das Gegenbeispiel
//! naiver_client. Jede Entscheidung des Störsenders hängt nur vom Seed und
//! der Nummer des Datagramms bzw. Stückchens ab, daher prüfen die Tests exakte
//! Zahlen.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, UdpSocket};

use common::{Prozess, Transkript, freier_port, frist, verbinde};

/// Startet den Störsender auf 127.0.0.1:0 mit `--nach ziel` und liest seine Adresse.
fn stoerer(modus: &str, ziel: SocketAddr, weitere: &[&str]) -> (Prozess, SocketAddr) {
    let ziel = ziel.to_string();
    let mut args = vec![modus, "--von", "127.0.0.1:0", "--nach", &ziel];
    args.extend_from_slice(weitere);
    let mut p = Prozess::starte("stoerer", &args);
    let adresse = p.adresse_aus_erster_zeile();
    (p, adresse)
}

/// Ein Transkript mit den Ports aus dem Buch: Server, Störsender auf 6100.
fn transkript(server_echt: u16, server_buch: u16, stoerer_echt: u16) -> Transkript {
    let mut t = Transkript::neu();
    t.port(server_echt, server_buch).port(stoerer_echt, 6100);
    // Der Port im Befehl des Clients (`-- 127.0.0.1:6100`) bleibt, wie er ist.
    t.port(6100, 6100);
    t
}

/// Ein UDP-Empfänger des Tests: sammelt `anzahl` Datagramme (mit Frist).
fn udp_empfaenger() -> (UdpSocket, SocketAddr) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(frist())).unwrap();
    let adresse = socket.local_addr().unwrap();
    (socket, adresse)
}

fn empfange(socket: &UdpSocket, anzahl: usize) -> Vec<String> {
    let mut puffer = [0u8; 2048];
    (0..anzahl)
        .map(|i| {
            let n = socket
                .recv(&mut puffer)
                .unwrap_or_else(|e| panic!("Datagramm {} von {anzahl} fehlt: {e}", i + 1));
            String::from_utf8_lossy(&puffer[..n]).into_owned()
        })
        .collect()
}

fn sende_nummeriert(ziel: SocketAddr, n: u32) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    for i in 1..=n {
        socket
            .send_to(format!("Nachricht {i}/{n}").as_bytes(), ziel)
            .unwrap();
    }
}

/// Die Reihenfolge, die der Störsender laut seiner eigenen Ausgabe erzeugt hat.
fn reihenfolge_laut_ausgabe(zeilen: &[String]) -> Vec<u32> {
    let mut folge = Vec::new();
    let mut doppelt_gehalten = false;
    for zeile in zeilen.iter().filter(|z| z.starts_with('#')) {
        let nummer: u32 = zeile[1..].split(' ').next().unwrap().parse().unwrap();
        if zeile.contains("zurückgehalten") {
            doppelt_gehalten = zeile.contains("und verdoppelt");
            continue;
        }
        let mal = |d: bool| if d { 2 } else { 1 };
        if zeile.ends_with("nachgesendet") {
            folge.extend(std::iter::repeat_n(nummer, mal(doppelt_gehalten)));
            continue;
        }
        if zeile.contains("verworfen") {
            continue;
        }
        folge.extend(std::iter::repeat_n(
            nummer,
            mal(zeile.contains("verdoppelt")),
        ));
        if let Some((_, alt)) = zeile.split_once(", danach #") {
            let alt: u32 = alt.parse().unwrap();
            folge.extend(std::iter::repeat_n(alt, mal(doppelt_gehalten)));
        }
    }
    folge
}

/// Die Zahl in `Nachricht 7/20`.
fn nummer(text: &str) -> u32 {
    text.trim_start_matches("Nachricht ")
        .split('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("keine nummerierte Nachricht: {text:?}"))
}

const SEED_25: [&str; 10] = [
    "--verlust",
    "0.2",
    "--doppelt",
    "0.1",
    "--vertauschen",
    "0.1",
    "--seed",
    "25",
    "--anzahl",
    "20",
];
/// Was beim Empfänger ankommt, bei Seed 25 und 20 Datagrammen.
const FOLGE_25: [u32; 18] = [
    1, 5, 2, 6, 7, 8, 9, 10, 11, 12, 13, 15, 15, 14, 17, 18, 19, 20,
];
const BILANZ_25: &str =
    "Bilanz: 20 Datagramme, 3 verworfen, 1 verdoppelt, 2 vertauscht; 18 an den Server gesendet";

/// Seed 25, 20 Datagramme: genau 3 verworfen, 1 verdoppelt, 2 vertauscht.
/// Beim Empfänger kommen 18 Datagramme in genau dieser Reihenfolge an, und
/// ein zweiter Lauf mit demselben Seed macht genau dasselbe.
#[test]
fn udp_seed_25_ist_reproduzierbar() {
    let mut ausgaben = Vec::new();
    for _ in 0..2 {
        let (empfaenger, ziel) = udp_empfaenger();
        let (mut s, adresse) = stoerer("udp", ziel, &SEED_25);
        s.zeile(); // „Leite an … weiter“
        sende_nummeriert(adresse, 20);
        s.erfolgreich();
        let zeilen = s.alle_zeilen();
        assert_eq!(zeilen.last().unwrap(), BILANZ_25);
        let angekommen: Vec<u32> = empfange(&empfaenger, 18)
            .iter()
            .map(|t| nummer(t))
            .collect();
        assert_eq!(angekommen, FOLGE_25);
        assert_eq!(reihenfolge_laut_ausgabe(&zeilen), FOLGE_25);
        ausgaben.push(zeilen[2..].to_vec());
    }
    assert_eq!(ausgaben[0], ausgaben[1]);
}

/// Ein anderer Seed ergibt einen anderen Lauf: Seed 8 verwirft 6, verdoppelt 3, vertauscht 3.
#[test]
fn udp_anderer_seed_anderer_lauf() {
    let (empfaenger, ziel) = udp_empfaenger();
    let mut args = SEED_25;
    args[7] = "8";
    let (mut s, adresse) = stoerer("udp", ziel, &args);
    sende_nummeriert(adresse, 20);
    s.erfolgreich();
    assert_eq!(
        s.alle_zeilen().last().unwrap(),
        "Bilanz: 20 Datagramme, 6 verworfen, 3 verdoppelt, 3 vertauscht; 17 an den Server gesendet"
    );
    let folge = reihenfolge_laut_ausgabe(&s.alle_zeilen());
    let angekommen: Vec<u32> = empfange(&empfaenger, 17)
        .iter()
        .map(|t| nummer(t))
        .collect();
    assert_eq!(angekommen, folge);
}

/// Das Kapitel: udp_client → stoerer → udp_server, mit Verzögerung.
#[test]
fn udp_beispiel_aus_dem_buch() {
    let (mut server, server_adresse) = Prozess::server("udp_server", &[]);
    let mut args = vec!["--verzoegerung", "50ms"];
    args.extend_from_slice(&SEED_25);
    let (mut s, adresse) = stoerer("udp", server_adresse, &args);
    let mut client = Prozess::starte("udp_client", &[&adresse.to_string(), "--nummeriert", "20"]);
    client.erfolgreich();
    s.erfolgreich();
    assert_eq!(s.alle_zeilen().last().unwrap(), BILANZ_25);
    // Der Server zeigt genau diese 18 Datagramme in genau dieser Reihenfolge.
    for n in FOLGE_25 {
        server.warte_auf(&format!("] Nachricht {n}/20\n"));
    }
    server.beende();
    let empfangen: Vec<u32> = server
        .alle_zeilen()
        .iter()
        .filter_map(|z| z.split_once("] ").map(|(_, t)| nummer(t)))
        .collect();
    assert_eq!(empfangen, FOLGE_25);
    transkript(server_adresse.port(), 50000, adresse.port())
        .terminal(
            "stoerer_udp_server",
            "cargo run --example udp_server",
            &server,
        )
        .terminal(
            "stoerer_udp",
            "cargo run --example stoerer -- udp --verlust 0.2 --doppelt 0.1 --vertauschen 0.1 \
             --verzoegerung 50ms --seed 25 --anzahl 20",
            &s,
        )
        .terminal(
            "stoerer_udp_client",
            "cargo run --example udp_client -- 127.0.0.1:6100 --nummeriert 20",
            &client,
        )
        .pruefe();
}

/// Ohne --anzahl endet der Störsender nach der Leerlaufzeit mit der Bilanz.
/// Ohne Störung geht alles unverändert durch, und Antworten gehen zurück.
#[test]
fn udp_leerlauf_beendet_und_antworten_gehen_zurueck() {
    let (echo, ziel) = udp_empfaenger();
    let (mut s, adresse) = stoerer("udp", ziel, &["--leerlauf", "300ms"]);
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client.set_read_timeout(Some(frist())).unwrap();
    let mut puffer = [0u8; 100];
    for text in ["eins", "zwei", "drei"] {
        client.send_to(text.as_bytes(), adresse).unwrap();
        let (n, absender) = echo.recv_from(&mut puffer).unwrap();
        assert_eq!(&puffer[..n], text.as_bytes());
        echo.send_to(format!("Echo: {text}").as_bytes(), absender)
            .unwrap();
        let (n, von) = client.recv_from(&mut puffer).unwrap();
        assert_eq!(von, adresse, "Die Antwort kommt vom Störsender");
        assert_eq!(&puffer[..n], format!("Echo: {text}").as_bytes());
    }
    s.erfolgreich();
    let zeilen = s.alle_zeilen();
    assert_eq!(
        zeilen[zeilen.len() - 2],
        "300 ms lang kein Datagramm mehr: Ende."
    );
    assert_eq!(
        zeilen.last().unwrap(),
        "Bilanz: 3 Datagramme, 0 verworfen, 0 verdoppelt, 0 vertauscht; 3 an den Server gesendet"
    );
}

/// Das Kapitel: chat_client → stoerer (Stückchen zu 1 Byte) → chat_server.
/// Die Zeilen kommen trotzdem ganz an, weil beide bis zum `\n` lesen.
#[test]
fn tcp_chat_haelt_unter_einzelbytes() {
    let (mut server, server_adresse) = Prozess::server("chat_server", &[]);
    let (mut s, adresse) = stoerer(
        "tcp",
        server_adresse,
        &["--stueckchen", "1", "--pause", "20ms"],
    );
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);
    let frage = "Hallo durch den Störsender!";
    let antwort = "Alles angekommen, Byte für Byte.";
    client.warte_auf("-> ");
    client.tippe(frage);
    server.warte_auf(&format!("Client: {frage}\n-> "));
    server.tippe(antwort);
    client.warte_auf(&format!("Server: {antwort}\n-> "));
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    s.erfolgreich();
    // Jedes Byte ein Stückchen: 28 + 33 Bytes.
    let (hin, rueck) = (frage.len() + 1, antwort.len() + 1);
    assert_eq!((hin, rueck), (29, 34));
    assert_eq!(
        s.alle_zeilen().last().unwrap(),
        &format!(
            "Bilanz: Client → Server {hin} Bytes in {hin} Stückchen, Server → Client {rueck} Bytes in {rueck} Stückchen"
        )
    );
    transkript(server_adresse.port(), 5000, adresse.port())
        .terminal(
            "stoerer_chat_server",
            "cargo run --example chat_server",
            &server,
        )
        .terminal(
            "stoerer_tcp",
            "cargo run --example stoerer -- tcp --stueckchen 1 --pause 20ms",
            &s,
        )
        .terminal(
            "stoerer_chat_client",
            "cargo run --example chat_client -- 127.0.0.1:6100",
            &client,
        )
        .pruefe();
}

/// Das Gegenbeispiel: naiver_client liest mit einem einzigen read() und
/// bekommt hinter dem Störsender nur ein Byte der Antwort. Der Rest erscheint
/// als Antwort auf die nächste Frage.
#[test]
fn naiver_client_zerfaellt_unter_einzelbytes() {
    let (mut server, server_adresse) = Prozess::server("chat_server", &[]);
    let (mut s, adresse) = stoerer(
        "tcp",
        server_adresse,
        &["--stueckchen", "1", "--pause", "200ms"],
    );
    let mut client = Prozess::starte("naiver_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Hallo!");
    server.warte_auf("Client: Hallo!\n-> ");
    server.tippe("Hallo zurück");
    // Das erste read() kehrt mit dem ersten Byte zurück.
    client.warte_auf("Server: H\n-> ");
    // Warten, bis der Störsender die ganze Antwort weitergegeben hat.
    s.warte_auf("Server → Client: \"Hallo zurück\\n\" – 14 Bytes in 14 Stückchen\n");
    client.tippe("Wie geht's?");
    // Jetzt liefert read() den Rest der alten Antwort, als wäre sie die neue.
    client.warte_auf("Server: allo zurück\n-> ");
    server.warte_auf("Client: Wie geht's?\n-> ");
    server.tippe("Gut.");
    s.warte_auf("Server → Client: \"Gut.\\n\" – 5 Bytes in 5 Stückchen\n");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    s.erfolgreich();
    assert!(
        !client.terminal().contains("Gut."),
        "Die zweite Antwort liest niemand mehr"
    );
    assert_eq!(
        s.alle_zeilen().last().unwrap(),
        "Bilanz: Client → Server 19 Bytes in 19 Stückchen, Server → Client 19 Bytes in 19 Stückchen"
    );
    transkript(server_adresse.port(), 5000, adresse.port())
        .terminal(
            "naiv_chat_server",
            "cargo run --example chat_server",
            &server,
        )
        .terminal(
            "naiv_stoerer",
            "cargo run --example stoerer -- tcp --stueckchen 1 --pause 200ms",
            &s,
        )
        .terminal("naiv_client", "cargo run --example naiver_client", &client)
        .pruefe();
}

/// Ohne Störsender scheint der naive Client zu funktionieren – genau das ist die Falle.
#[test]
fn naiver_client_scheint_auf_loopback_zu_gehen() {
    let (mut server, adresse) = Prozess::server("chat_server", &[]);
    let mut client = Prozess::starte("naiver_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Hallo!");
    server.warte_auf("-> ");
    server.tippe("Hallo zurück");
    client.warte_auf("Server: Hallo zurück\n-> ");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
}

/// Zufällige Stückchengrößen 1 bis 5 Bytes: Seed 3 zerlegt 100 Bytes immer
/// in genau 31 Stückchen, und beim Server kommt jedes Byte an.
#[test]
fn tcp_zufaellige_stueckchen_sind_reproduzierbar() {
    for _ in 0..2 {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let ziel = server.local_addr().unwrap();
        let (mut s, adresse) = stoerer(
            "tcp",
            ziel,
            &[
                "--stueckchen",
                "1-5",
                "--seed",
                "3",
                "--verzoegerung",
                "10ms",
            ],
        );
        let daten: Vec<u8> = (0..100u8).map(|i| b'a' + i % 26).collect();
        let mut client = verbinde(adresse);
        client.write_all(&daten).unwrap();
        client.shutdown(Shutdown::Write).unwrap();
        let (mut gegen, _) = server.accept().unwrap();
        gegen.set_read_timeout(Some(frist())).unwrap();
        let mut angekommen = Vec::new();
        gegen.read_to_end(&mut angekommen).unwrap();
        assert_eq!(angekommen, daten);
        drop(gegen); // FIN zurück, der Störsender endet
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty());
        s.erfolgreich();
        assert_eq!(
            s.alle_zeilen().last().unwrap(),
            "Bilanz: Client → Server 100 Bytes in 31 Stückchen, Server → Client 0 Bytes in 0 Stückchen"
        );
    }
}

/// `--abbruch-nach 10`: Der Server bekommt genau 10 Bytes, dann beide Seiten ein RST.
#[test]
fn tcp_abbruch_mit_rst_nach_k_bytes() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let (mut s, adresse) = stoerer(
        "tcp",
        server.local_addr().unwrap(),
        &["--abbruch-nach", "10"],
    );
    let mut client = verbinde(adresse);
    client.write_all(b"Hallo Server, wie geht es?\n").unwrap();
    let (mut gegen, _) = server.accept().unwrap();
    gegen.set_read_timeout(Some(frist())).unwrap();
    let mut angekommen = Vec::new();
    let mut puffer = [0u8; 100];
    let fehler = loop {
        match gegen.read(&mut puffer) {
            Ok(0) => panic!("FIN statt RST, angekommen: {angekommen:?}"),
            Ok(n) => angekommen.extend_from_slice(&puffer[..n]),
            Err(e) => break e,
        }
    };
    assert_eq!(angekommen, b"Hallo Serv");
    assert_eq!(fehler.kind(), ErrorKind::ConnectionReset);
    let fehler = client.read(&mut puffer).unwrap_err();
    assert_eq!(fehler.kind(), ErrorKind::ConnectionReset);
    s.erfolgreich();
    assert_eq!(
        s.alle_zeilen().last().unwrap(),
        "Bilanz: Client → Server 10 Bytes in 10 Stückchen, Server → Client 0 Bytes in 0 Stückchen, \
         Verbindung mit RST abgebrochen"
    );
}

/// Das Kapitel: Abbruch mitten im Chat. Beide Seiten melden „Connection reset by peer“.
#[test]
fn tcp_abbruch_im_chat() {
    let (mut server, server_adresse) = Prozess::server("chat_server", &[]);
    let (mut s, adresse) = stoerer("tcp", server_adresse, &["--abbruch-nach", "10"]);
    let mut client = Prozess::starte("chat_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("Hallo durch den Störsender!");
    client.fehlgeschlagen();
    server.fehlgeschlagen();
    s.erfolgreich();
    assert!(
        client.terminal().contains("Connection reset"),
        "{}",
        client.terminal()
    );
    assert!(
        server.terminal().contains("Connection reset"),
        "{}",
        server.terminal()
    );
    transkript(server_adresse.port(), 5000, adresse.port())
        .terminal(
            "stoerer_abbruch_server",
            "cargo run --example chat_server",
            &server,
        )
        .terminal(
            "stoerer_abbruch",
            "cargo run --example stoerer -- tcp --abbruch-nach 10",
            &s,
        )
        .terminal(
            "stoerer_abbruch_client",
            "cargo run --example chat_client -- 127.0.0.1:6100",
            &client,
        )
        .pruefe();
}

#[test]
fn ohne_server_erklaert_der_stoerer_was_zu_tun_ist() {
    let ziel: SocketAddr = format!("127.0.0.1:{}", freier_port()).parse().unwrap();
    let (mut s, adresse) = stoerer("tcp", ziel, &[]);
    let _client = verbinde(adresse);
    s.fehlgeschlagen();
    assert!(
        s.terminal().contains("Starte zuerst den Server"),
        "{}",
        s.terminal()
    );
}

#[test]
fn falsche_optionen_werden_erklaert() {
    for (args, text) in [
        (
            &["udp", "--verlust", "2"][..],
            "Ungültiger Wert \"2\" für --verlust",
        ),
        (
            &["tcp", "--stueckchen", "5-1"][..],
            "Ungültiger Wert \"5-1\" für --stueckchen",
        ),
        (&["icmp"][..], "Unbekannter Modus \"icmp\""),
        (&["udp", "--laut", "1"][..], "Unbekannte Option \"--laut\""),
        (&[][..], "Welcher Modus?"),
    ] {
        let mut p = Prozess::starte("stoerer", args);
        p.fehlgeschlagen();
        assert!(p.terminal().contains(text), "{args:?}: {}", p.terminal());
    }
}

#[test]
fn belegter_port_wird_erklaert() {
    let belegt = UdpSocket::bind("127.0.0.1:0").unwrap();
    let von = belegt.local_addr().unwrap().to_string();
    let mut p = Prozess::starte("stoerer", &["udp", "--von", &von]);
    p.fehlgeschlagen();
    assert!(
        p.terminal().contains("Der Port ist schon belegt"),
        "{}",
        p.terminal()
    );
    drop(belegt);
}

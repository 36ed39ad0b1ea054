//! Szenarien zu Kapitel „Der Störsender“: stoerer zwischen udp_client und
//! udp_server, zwischen chat_client und chat_server, und das Gegenbeispiel
//! naiver_client. Jede Entscheidung des Störsenders hängt nur vom Seed und
//! der Nummer des Datagramms bzw. Stückchens ab, daher prüfen die Tests exakte
//! Zahlen. Geprüft wird, was über die Sockets geht (Bytes, Datagramme und
//! ihre Reihenfolge); was sich dort nicht zeigen lässt (wie viele Stückchen
//! der Störsender geschnitten hat), lesen die Tests als Zahlen aus seiner
//! Bilanz, unabhängig vom Wortlaut. Den Wortlaut zeigen die Transkripte.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, UdpSocket};
use std::thread;
use std::time::Duration;

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

/// Alle ganzen Zahlen einer Zeile, etwa der Bilanz, in ihrer Reihenfolge.
fn zahlen(zeile: &str) -> Vec<u64> {
    zeile
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|z| z.parse().ok())
        .collect()
}

/// Die Zahlen in der letzten Zeile des Störsenders, seiner Bilanz.
fn bilanz(s: &Prozess) -> Vec<u64> {
    zahlen(s.alle_zeilen().last().expect("eine Bilanz"))
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
/// Bilanz bei Seed 25: 20 Datagramme, 3 verworfen, 1 verdoppelt, 2 vertauscht, 18 gesendet.
const BILANZ_25: [u64; 5] = [20, 3, 1, 2, 18];

/// Seed 25, 20 Datagramme: Beim Empfänger kommen 18 Datagramme in genau
/// dieser Reihenfolge an, und ein zweiter Lauf mit demselben Seed macht genau
/// dasselbe.
#[test]
fn udp_seed_25_ist_reproduzierbar() {
    for _ in 0..2 {
        let (empfaenger, ziel) = udp_empfaenger();
        let (mut s, adresse) = stoerer("udp", ziel, &SEED_25);
        sende_nummeriert(adresse, 20);
        s.erfolgreich();
        assert_eq!(bilanz(&s), BILANZ_25);
        let angekommen: Vec<u32> = empfange(&empfaenger, 18)
            .iter()
            .map(|t| nummer(t))
            .collect();
        assert_eq!(angekommen, FOLGE_25);
        keins_mehr(&empfaenger);
    }
}

/// Ein anderer Seed ergibt einen anderen Lauf: Seed 8 verwirft 6, verdoppelt
/// 3, vertauscht 3; 17 Datagramme kommen an.
#[test]
fn udp_anderer_seed_anderer_lauf() {
    let (empfaenger, ziel) = udp_empfaenger();
    let mut args = SEED_25;
    args[7] = "8";
    let (mut s, adresse) = stoerer("udp", ziel, &args);
    sende_nummeriert(adresse, 20);
    s.erfolgreich();
    assert_eq!(bilanz(&s), [20, 6, 3, 3, 17]);
    let angekommen: Vec<u32> = empfange(&empfaenger, 17)
        .iter()
        .map(|t| nummer(t))
        .collect();
    assert_eq!(angekommen, FOLGE_8);
    keins_mehr(&empfaenger);
}

/// Was bei Seed 8 und 20 Datagrammen ankommt.
const FOLGE_8: [u32; 17] = [2, 2, 1, 4, 6, 6, 5, 8, 9, 10, 11, 14, 14, 13, 17, 18, 19];

/// Nach dem Ende des Störsenders liegt beim Empfänger nichts mehr.
fn keins_mehr(socket: &UdpSocket) {
    socket.set_nonblocking(true).unwrap();
    let mut puffer = [0u8; 2048];
    if let Ok(n) = socket.recv(&mut puffer) {
        panic!(
            "Ein Datagramm zu viel: {:?}",
            String::from_utf8_lossy(&puffer[..n])
        );
    }
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
    assert_eq!(bilanz(&s), BILANZ_25);
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

/// Ohne --anzahl endet der Störsender nach der Leerlaufzeit (Exit 0).
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
    assert_eq!(bilanz(&s), [3, 0, 0, 0, 3]);
}

/// Zwei Clients, zwei Wege: Jeder Client bekommt beim Server einen eigenen
/// Absender, und jede Antwort geht an den Client, dem sie gehört – auch
/// wenn inzwischen der andere zuletzt gesendet hat.
#[test]
fn udp_antworten_gehen_an_den_richtigen_client() {
    let (server, ziel) = udp_empfaenger();
    let (mut s, adresse) = stoerer("udp", ziel, &["--leerlauf", "300ms"]);
    let clients: Vec<UdpSocket> = (0..2)
        .map(|_| {
            let c = UdpSocket::bind("127.0.0.1:0").unwrap();
            c.set_read_timeout(Some(frist())).unwrap();
            c
        })
        .collect();
    let mut puffer = [0u8; 100];
    let mut absender = Vec::new();
    for (i, c) in clients.iter().enumerate() {
        c.send_to(format!("ich bin {i}").as_bytes(), adresse)
            .unwrap();
        let (n, von) = server.recv_from(&mut puffer).unwrap();
        assert_eq!(&puffer[..n], format!("ich bin {i}").as_bytes());
        absender.push(von);
    }
    assert_ne!(
        absender[0], absender[1],
        "Jeder Client hat einen eigenen Weg"
    );
    // Erst an Client 0, der nicht zuletzt gesendet hat, dann an Client 1.
    for (i, von) in absender.iter().enumerate() {
        server.send_to(format!("für {i}").as_bytes(), von).unwrap();
    }
    for (i, c) in clients.iter().enumerate() {
        let n = c.recv(&mut puffer).unwrap();
        assert_eq!(&puffer[..n], format!("für {i}").as_bytes());
        keins_mehr(c);
    }
    s.erfolgreich();
}

/// Höchstens 64 Clients gleichzeitig: Das Datagramm des 65. verwirft der
/// Störsender; die bekannten Clients bedient er weiter.
#[test]
fn udp_hoechstens_64_clients() {
    let (server, ziel) = udp_empfaenger();
    let (mut s, adresse) = stoerer("udp", ziel, &["--leerlauf", "300ms"]);
    let clients: Vec<UdpSocket> = (0..65)
        .map(|_| UdpSocket::bind("127.0.0.1:0").unwrap())
        .collect();
    let mut puffer = [0u8; 100];
    for (i, c) in clients.iter().enumerate().take(64) {
        c.send_to(format!("{i}").as_bytes(), adresse).unwrap();
        let n = server.recv(&mut puffer).unwrap();
        assert_eq!(&puffer[..n], format!("{i}").as_bytes());
    }
    // Der 65. zuerst, dann wieder der erste: Beim Server kommt nur der erste an.
    clients[64].send_to(b"zu viele", adresse).unwrap();
    clients[0].send_to(b"wieder da", adresse).unwrap();
    let n = server.recv(&mut puffer).unwrap();
    assert_eq!(&puffer[..n], b"wieder da");
    s.erfolgreich();
    keins_mehr(&server);
}

/// Die Warteschlange ist begrenzt (2 MiB): 40 Datagramme zu 60 000 Bytes mit
/// 5 s Verzögerung wären 2,4 MB. Höchstens 34 passen hinein und gehen an den
/// Server, die übrigen verwirft der Störsender, statt den Speicher zu füllen.
#[test]
fn udp_warteschlange_ist_begrenzt() {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let ziel = server.local_addr().unwrap();
    let zaehler = thread::spawn(move || {
        server.set_read_timeout(Some(frist())).unwrap();
        let mut puffer = vec![0u8; 65_536];
        let mut anzahl = 0;
        while let Ok(n) = server.recv(&mut puffer) {
            assert_eq!(n, 60_000);
            anzahl += 1;
            // Nach dem ersten kommen die übrigen sofort hinterher.
            server
                .set_read_timeout(Some(Duration::from_secs(2)))
                .unwrap();
        }
        anzahl
    });
    let args = ["--verzoegerung", "5s", "--leerlauf", "100ms"];
    let (mut s, adresse) = stoerer("udp", ziel, &args);
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    let datagramm = vec![b'x'; 60_000];
    for k in 1..=40 {
        client.send_to(&datagramm, adresse).unwrap();
        // Erst das nächste, wenn der Störsender dieses gelesen hat: So geht
        // keins im Empfangspuffer des Störsenders verloren.
        s.warte_auf(&format!("#{k} "));
    }
    s.erfolgreich();
    let angekommen = zaehler.join().unwrap();
    assert!((1..=34).contains(&angekommen), "{angekommen} angekommen");
    // Laut Bilanz: 40 gelesen, 34 gesendet, 6 wegen Überfüllung verworfen.
    assert_eq!(bilanz(&s), [40, 0, 0, 0, 34, 6]);
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
    let (hin, rueck) = (hin as u64, rueck as u64);
    assert_eq!(bilanz(&s), [hin, hin, rueck, rueck]);
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
    // (Der Störsender zeigt den Block, sobald er ganz weitergegeben ist.)
    s.warte_auf("\"Hallo zurück\\n\"");
    client.tippe("Wie geht's?");
    // Jetzt liefert read() den Rest der alten Antwort, als wäre sie die neue.
    client.warte_auf("Server: allo zurück\n-> ");
    server.warte_auf("Client: Wie geht's?\n-> ");
    server.tippe("Gut.");
    s.warte_auf("\"Gut.\\n\"");
    client.tippe("bye");
    client.erfolgreich();
    server.erfolgreich();
    s.erfolgreich();
    assert!(
        !client.terminal().contains("Gut."),
        "Die zweite Antwort liest niemand mehr"
    );
    assert_eq!(bilanz(&s), [19, 19, 19, 19]);
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
        assert_eq!(bilanz(&s), [100, 31, 0, 0]);
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
    assert_eq!(bilanz(&s), [10, 10, 0, 0]);
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

/// Ohne Server: Der Client bekommt ein Ende der Verbindung, der Störsender
/// endet mit einer deutschen Fehlermeldung und Exit-Code 1.
#[test]
fn ohne_server_endet_der_stoerer_mit_fehler() {
    let ziel: SocketAddr = format!("127.0.0.1:{}", freier_port()).parse().unwrap();
    let (mut s, adresse) = stoerer("tcp", ziel, &[]);
    let mut client = verbinde(adresse);
    let mut rest = Vec::new();
    // FIN (Ok) oder RST (Err), je nach Zeitpunkt; Daten kommen keine.
    if client.read_to_end(&mut rest).is_ok() {
        assert!(rest.is_empty());
    }
    assert_eq!(s.warte_auf_ende().code(), Some(1), "{}", s.terminal());
    let text = s.terminal();
    assert!(
        text.contains("Fehler: ") && text.contains(&ziel.to_string()),
        "{text}"
    );
}

/// Falsche Werte, auch absurde Dauern, die früher eine Panik auslösten: eine
/// deutsche Meldung mit Option und Wert, dann der Aufruf, Exit-Code 2.
#[test]
fn falsche_optionen_werden_erklaert() {
    for args in [
        &["udp", "--verlust", "2"][..],
        &["udp", "--verlust", "NaN"],
        &["tcp", "--stueckchen", "5-1"],
        &["tcp", "--stueckchen", "1-99999999999999999999"],
        &["udp", "--leerlauf", "-1s"],
        &["udp", "--leerlauf", "infs"],
        &["udp", "--leerlauf", "nans"],
        &["udp", "--leerlauf", "1e30s"],
        &["udp", "--leerlauf", "0"],
        &["udp", "--verzoegerung", "1e19s"],
        &["tcp", "--pause", "61s"],
        &["tcp", "--abbruch-nach", "0"],
        &["udp", "--anzahl", "-3"],
        &["udp", "--nach", "kein\u{1b}[2J"],
        &["tcp", "--verlust", "0.1"],
        &["udp", "--laut", "1"],
        &["udp", "--seed"],
        &["icmp"],
        &[],
    ] {
        let mut p = Prozess::starte("stoerer", args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{args:?}: {text}");
        assert!(text.starts_with("Fehler: "), "{args:?}: {text}");
        assert!(text.contains("\n\nAufruf: "), "{args:?}: {text}");
        assert!(
            !text.contains('\u{1b}'),
            "Steuerzeichen roh ausgegeben: {text:?}"
        );
        // Die Meldung nennt die Option (oder den falschen Modus).
        if let Some(wort) = args.get(1).or(args.first()) {
            assert!(text.contains(wort), "{args:?}: {wort} fehlt in {text}");
        }
    }
    // Für das Buch: eine negative Dauer, früher eine Panik.
    let mut p = Prozess::starte("stoerer", &["udp", "--leerlauf", "-1s"]);
    p.warte_auf_ende();
    // Die Standardports in der Übersicht bleiben, wie sie sind.
    Transkript::neu()
        .port(6100, 6100)
        .port(50000, 50000)
        .port(5000, 5000)
        .terminal(
            "stoerer_falscher_wert",
            "cargo run --example stoerer -- udp --leerlauf -1s",
            &p,
        )
        .pruefe();
    for hilfe in ["--help", "-h"] {
        for args in [&[hilfe][..], &["tcp", hilfe]] {
            let mut p = Prozess::starte("stoerer", args);
            p.erfolgreich();
            assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
        }
    }
}

#[test]
fn belegter_port_wird_erklaert() {
    let belegt = UdpSocket::bind("127.0.0.1:0").unwrap();
    let von = belegt.local_addr().unwrap().to_string();
    let mut p = Prozess::starte("stoerer", &["udp", "--von", &von]);
    assert_eq!(p.warte_auf_ende().code(), Some(1));
    let text = p.terminal();
    assert!(
        text.starts_with("Fehler: ") && text.contains(&von),
        "{text}"
    );
    drop(belegt);
}

/// Auch das Gegenbeispiel hat eine Befehlszeile: `--help` mit Exit-Code 0,
/// ein falsches Argument mit deutscher Meldung und Exit-Code 2.
#[test]
fn naiver_client_erklaert_seine_befehlszeile() {
    let mut p = Prozess::starte("naiver_client", &["--help"]);
    p.erfolgreich();
    assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
    for args in [&["localhost"][..], &["localhost:99999"], &["a:1", "b:2"]] {
        let mut p = Prozess::starte("naiver_client", args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{args:?}: {text}");
        assert!(
            text.starts_with("Fehler: ") && text.contains("\n\nAufruf: "),
            "{text}"
        );
    }
}

/// Was ein Client schickt, erscheint beim Störsender entschärft: Ein
/// Zeilenende kann keine Zeile fälschen, ein ESC steuert nicht das Terminal.
/// Beim Server kommen die Bytes trotzdem unverändert an.
#[test]
fn steuerzeichen_erscheinen_entschaerft() {
    let (server, ziel) = udp_empfaenger();
    let (mut s, adresse) = stoerer("udp", ziel, &["--anzahl", "1"]);
    let boese = b"x\n#2 \"GEFAELSCHT\" weitergeleitet\x1b[2J";
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client.send_to(boese, adresse).unwrap();
    let mut puffer = [0u8; 100];
    let n = server.recv(&mut puffer).unwrap();
    assert_eq!(&puffer[..n], boese);
    s.erfolgreich();
    let text = s.terminal();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(!text.lines().any(|z| z.starts_with("#2 ")), "{text}");
}

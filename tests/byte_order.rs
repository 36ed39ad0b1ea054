//! Szenarien zu Kapitel „Netzwerk-Byte-Order“: Umwandlungen, Rahmen mit
//! Längenpräfix über eine echte Loopback-Verbindung, Fehler im Rahmen.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::thread;

use common::{Prozess, Transkript, freier_port, verbinde};

fn starte_server() -> (Prozess, SocketAddr) {
    let mut server = Prozess::starte("byte_order", &["server", "127.0.0.1:0"]);
    let adresse = server.adresse_aus_erster_zeile();
    (server, adresse)
}

/// Ports wie im Buch: der Server als 6030, auch in den gezeigten Befehlen.
fn buch(echt: u16) -> Transkript {
    let mut t = Transkript::neu();
    t.port(echt, 6030).port(6030, 6030);
    t
}

fn rahmen(text: &[u8]) -> Vec<u8> {
    let mut v = (text.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(text);
    v
}

fn quittung(s: &mut TcpStream) -> u32 {
    let mut q = [0u8; 4];
    s.read_exact(&mut q).unwrap();
    u32::from_be_bytes(q)
}

#[test]
fn umwandlungen_und_hexdump() {
    let mut p = Prozess::starte("byte_order", &[]);
    p.erfolgreich();
    let text = p.terminal();
    assert!(text.contains("htons(12345)         = 30 39\n"));
    assert!(text.contains("htonl(0x01020304)    = 01 02 03 04\n"));
    assert!(text.contains("ntohl([00 00 01 00]) = 256\n"));
    assert!(text.ends_with("00 00 00 05 48 61 6c 6c 6f\n"));
    if cfg!(target_endian = "little") {
        Transkript::neu()
            .terminal(
                "byte_order_umwandlungen",
                "cargo run --example byte_order",
                &p,
            )
            .pruefe();
    }
}

#[test]
fn python_struct_zum_vergleich() {
    let mut befehl = Command::new("python3");
    befehl.arg(common::wurzel().join("python/byte_order.py"));
    let mut p = Prozess::starte_befehl("python byte_order", befehl);
    p.erfolgreich();
    let text = p.terminal();
    assert!(text.contains("struct.pack('!I', 0x01020304) = 01 02 03 04\n"));
    if cfg!(target_endian = "little") {
        Transkript::neu()
            .terminal(
                "byte_order_python_umwandlungen",
                "python3 python/byte_order.py",
                &p,
            )
            .pruefe();
    }
}

/// Terminal 1: Server, Terminal 2: Client mit zwei Texten (einer mit Umlauten).
#[test]
fn server_und_client_tauschen_rahmen() {
    let (mut server, adresse) = starte_server();
    let mut client = Prozess::starte(
        "byte_order",
        &["client", &adresse.to_string(), "Hallo", "Grüße"],
    );
    client.erfolgreich();
    server.warte_auf("hat nach 2 Rahmen geschlossen\n");
    assert!(
        client
            .terminal()
            .contains("Sende \"Grüße\": 00 00 00 07 47 72 c3 bc c3 9f 65\n")
    );
    assert!(
        client
            .terminal()
            .ends_with("  Quittung: 00 00 00 07 → 7 Bytes\n")
    );
    assert!(server.terminal().contains("Rahmen 2: 7 Bytes: Grüße\n"));
    server.beende();
    buch(adresse.port())
        .terminal(
            "byte_order_server",
            "cargo run --example byte_order -- server",
            &server,
        )
        .terminal(
            "byte_order_client",
            "cargo run --example byte_order -- client 127.0.0.1:6030 \"Hallo\" \"Grüße\"",
            &client,
        )
        .pruefe();
}

#[test]
fn python_client_spricht_mit_dem_rust_server() {
    let (mut server, adresse) = starte_server();
    let mut befehl = Command::new("python3");
    befehl
        .arg("-u")
        .arg(common::wurzel().join("python/byte_order.py"))
        .arg("127.0.0.1")
        .arg(adresse.port().to_string())
        .arg("Hallo aus Python");
    let mut python = Prozess::starte_befehl("python byte_order", befehl);
    python.erfolgreich();
    assert_eq!(
        python.terminal(),
        "Gesendet 'Hallo aus Python', Quittung: 16 Bytes\n"
    );
    server.warte_auf("Rahmen 1: 16 Bytes: Hallo aus Python\n");
    server.warte_auf("hat nach 1 Rahmen geschlossen\n");
    buch(adresse.port())
        .terminal(
            "byte_order_python",
            "python3 python/byte_order.py 127.0.0.1 6030 \"Hallo aus Python\"",
            &python,
        )
        .pruefe();
}

/// Rahmengrenzen hängen nicht an read(): ein Rahmen in Einzelbytes, zwei
/// Rahmen in einem write.
#[test]
fn rahmen_ueberstehen_jede_aufteilung() {
    let (mut server, adresse) = starte_server();
    let mut s = verbinde(adresse);
    for byte in rahmen(b"stueckweise") {
        s.write_all(&[byte]).unwrap();
        s.flush().unwrap();
    }
    assert_eq!(quittung(&mut s), 11);
    let mut zwei = rahmen(b"eins");
    zwei.extend(rahmen(b"zwei"));
    s.write_all(&zwei).unwrap();
    assert_eq!(quittung(&mut s), 4);
    assert_eq!(quittung(&mut s), 4);
    // Ein leerer Rahmen ist erlaubt.
    s.write_all(&rahmen(b"")).unwrap();
    assert_eq!(quittung(&mut s), 0);
    drop(s);
    server.warte_auf("Rahmen 1: 11 Bytes: stueckweise\n");
    server.warte_auf("Rahmen 2: 4 Bytes: eins\nRahmen 3: 4 Bytes: zwei\n");
    server.warte_auf("Rahmen 4: 0 Bytes: \n");
    server.warte_auf("hat nach 4 Rahmen geschlossen\n");
}

/// Die Fehlerfälle, einer nach dem anderen; der Server bleibt am Leben.
#[test]
fn fehlerhafte_rahmen_trennen_nur_diesen_client() {
    let (mut server, adresse) = starte_server();

    // 1. Länge über der Grenze: 0xFFFFFFFF.
    let mut s = verbinde(adresse);
    s.write_all(&[0xff, 0xff, 0xff, 0xff]).unwrap();
    let mut rest = Vec::new();
    // Der Server trennt: Wir lesen 0 Bytes (oder einen Reset).
    let _ = s.read_to_end(&mut rest);
    assert!(rest.is_empty());
    server.warte_auf("Rahmen zu groß: 4294967295 Bytes angekündigt (Kopf ff ff ff ff)");

    // 2. Länge in Little Endian geschickt: 5 als 05 00 00 00 = 83886080.
    let mut s = verbinde(adresse);
    s.write_all(&5u32.to_le_bytes()).unwrap();
    let _ = s.read_to_end(&mut rest);
    server.warte_auf("Rahmen zu groß: 83886080 Bytes angekündigt (Kopf 05 00 00 00)");

    // 3. Mitten im Rahmen geschlossen: 16 angekündigt, 3 geschickt.
    let mut s = verbinde(adresse);
    s.write_all(b"\x00\x00\x00\x10abc").unwrap();
    drop(s);
    server.warte_auf("Die Gegenseite hat mitten im Rahmen geschlossen: 16 Bytes angekündigt");

    // 4. Mitten in der Länge geschlossen.
    let mut s = verbinde(adresse);
    s.write_all(b"\x00\x00").unwrap();
    drop(s);
    server.warte_auf("mitten in der Länge geschlossen (2 von 4 Bytes)");

    // 5. Ungültiges UTF-8 in den Nutzdaten: angezeigt mit Ersatzzeichen.
    let mut s = verbinde(adresse);
    s.write_all(&rahmen(b"\xff\xfe kaputt")).unwrap();
    assert_eq!(quittung(&mut s), 9);
    drop(s);
    server.warte_auf("Rahmen 1: 9 Bytes: \u{fffd}\u{fffd} kaputt\n");
    server.warte_auf("hat nach 1 Rahmen geschlossen\n");

    // Der Server lebt und bedient den nächsten Client normal.
    let mut s = verbinde(adresse);
    s.write_all(&rahmen(b"noch da?")).unwrap();
    assert_eq!(quittung(&mut s), 8);
    drop(s);
    server.warte_auf("Rahmen 1: 8 Bytes: noch da?\n");
    server.warte_auf("hat nach 1 Rahmen geschlossen\n");
    assert!(server.laeuft());
    server.beende();

    buch(adresse.port())
        .terminal(
            "byte_order_server_fehler",
            "cargo run --example byte_order -- server",
            &server,
        )
        .pruefe();
}

#[test]
fn client_ohne_server_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("byte_order", &["client", &ziel, "Hallo"]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("Dort lauscht kein Server"), "{text}");
    assert!(
        text.contains("cargo run --example byte_order -- server"),
        "{text}"
    );
}

#[test]
fn client_merkt_wenn_der_server_ohne_quittung_schliesst() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let gegenseite = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut kopf = [0u8; 4];
        s.read_exact(&mut kopf).unwrap();
    });
    let mut client = Prozess::starte("byte_order", &["client", &adresse.to_string(), "Hallo"]);
    client.fehlgeschlagen();
    gegenseite.join().unwrap();
    assert!(
        client
            .terminal()
            .contains("Keine Quittung: Der Server hat die Verbindung beendet"),
        "{}",
        client.terminal()
    );
}

#[test]
fn belegter_port_und_falsche_aufrufe() {
    let (_server, adresse) = starte_server();
    let mut zweiter = Prozess::starte("byte_order", &["server", &adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));

    let mut p = Prozess::starte("byte_order", &["client", &adresse.to_string()]);
    p.fehlgeschlagen();
    assert!(p.terminal().contains("Gib mindestens einen Text an"));

    let mut p = Prozess::starte("byte_order", &["quatsch"]);
    p.fehlgeschlagen();
    assert!(p.terminal().contains("unbekannter Modus \"quatsch\""));

    let mut p = Prozess::starte("byte_order", &["client", "kein server.invalid:6030", "x"]);
    p.fehlgeschlagen();
    assert!(
        p.terminal()
            .contains("Kann \"kein server.invalid:6030\" nicht auflösen")
    );
}

#[test]
fn zu_grosser_rahmen_endet_sauber_statt_mit_reset() {
    let (server, adresse) = starte_server();
    let mut s = verbinde(adresse);
    // 0x61616161 = 1633771873 Bytes angekündigt, danach noch ungelesene Daten.
    s.write_all(&[b'a'; 30_000]).unwrap();
    let mut rest = Vec::new();
    // Ohne Abfluss käme hier ConnectionReset; so kommt ein sauberes Ende (FIN).
    s.read_to_end(&mut rest).expect("sauberes Ende statt Reset");
    assert!(rest.is_empty(), "{rest:?}");
    // Der Server bedient danach den nächsten Client.
    let mut t = verbinde(adresse);
    t.write_all(&[0, 0, 0, 2, b'o', b'k']).unwrap();
    let mut quittung = [0u8; 4];
    t.read_exact(&mut quittung).unwrap();
    assert_eq!(quittung, [0, 0, 0, 2]);
    drop(server);
}

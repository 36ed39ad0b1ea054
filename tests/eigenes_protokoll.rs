//! Szenarien zu Kapitel „Ein eigenes Protokoll mit strukturierten Daten“:
//! json_server, json_client und der Python-Client python/json_client.py.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::{Prozess, Transkript, freier_port, verbinde};

/// Ein Rahmen: 4 Bytes Länge (Big Endian), dann die Nutzdaten.
fn rahmen(nutzdaten: &[u8]) -> Vec<u8> {
    let mut v = (nutzdaten.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(nutzdaten);
    v
}

/// Liest genau einen Rahmen und gibt die Nutzdaten als Text zurück.
fn antwort(c: &mut TcpStream) -> String {
    let mut kopf = [0u8; 4];
    c.read_exact(&mut kopf).expect("Kopf der Antwort");
    let mut nutzdaten = vec![0u8; u32::from_be_bytes(kopf) as usize];
    c.read_exact(&mut nutzdaten).expect("Nutzdaten der Antwort");
    String::from_utf8(nutzdaten).expect("Antworten sind UTF-8")
}

/// Das Gespräch aus dem Buch: alle Befehle und drei Fehler.
#[test]
fn rundgang_durch_alle_befehle() {
    let (mut server, adresse) = Prozess::server("json_server", &[]);
    let mut client = Prozess::starte("json_client", &[&adresse.to_string()]);
    for befehl in [
        "echo Hallo Welt",
        "addiere 19 23",
        "notiere Milch kaufen",
        "notiere Fahrrad flicken",
        "liste",
        "roh {\"befehl\":\"tanzen\"}",
        "roh {\"befehl\":\"addiere\",\"zahlen\":\"drei\"}",
        "roh {kaputt",
    ] {
        client.warte_auf("-> ");
        client.tippe(befehl);
        client.warte_auf("empfangen: ");
    }
    client.warte_auf("-> ");
    client.tippe("ende");
    client.erfolgreich();
    server.warte_auf("getrennt\n");
    let text = client.terminal();
    for erwartet in [
        "empfangen: [00 00 00 26] {\"antwort\":\"echo\",\"text\":\"Hallo Welt\"}\n",
        "empfangen: [00 00 00 1e] {\"antwort\":\"summe\",\"summe\":42}\n",
        "{\"antwort\":\"notizen\",\"notizen\":[\"Milch kaufen\",\"Fahrrad flicken\"]}\n",
        "\"art\":\"unbekannter_befehl\"",
        "\"art\":\"falsche_felder\"",
        "\"art\":\"kein_json\"",
    ] {
        assert!(text.contains(erwartet), "{erwartet:?} fehlt in:\n{text}");
    }
    Transkript::neu()
        .port(adresse.port(), 6002)
        .terminal("json_server", "cargo run --example json_server", &server)
        .terminal("json_client", "cargo run --example json_client", &client)
        .pruefe();
}

/// Rahmen, die in beliebigen Stücken ankommen: zwei Anfragen in einem
/// write(), eine Anfrage Byte für Byte.
#[test]
fn rahmen_in_beliebigen_stuecken() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    c.set_nodelay(true).unwrap();
    let mut zwei = rahmen(br#"{"befehl":"echo","text":"eins"}"#);
    zwei.extend(rahmen(br#"{"befehl":"echo","text":"zwei"}"#));
    c.write_all(&zwei).unwrap();
    assert_eq!(antwort(&mut c), r#"{"antwort":"echo","text":"eins"}"#);
    assert_eq!(antwort(&mut c), r#"{"antwort":"echo","text":"zwei"}"#);
    for b in rahmen(br#"{"befehl":"addiere","zahlen":[1,2,3]}"#) {
        c.write_all(&[b]).unwrap();
    }
    assert_eq!(antwort(&mut c), r#"{"antwort":"summe","summe":6}"#);
}

/// Fehler in einem Rahmen sind Fehlerantworten; die Verbindung bleibt nutzbar.
#[test]
fn fehlerhafte_rahmen_ergeben_fehlerantworten() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    let faelle: [(&[u8], &str); 6] = [
        (b"\xff\xfe", "kein_utf8"),
        (b"", "kein_json"),
        (br#"{"text":"ohne Befehl"}"#, "unbekannter_befehl"),
        (br#"{"befehl":"tanzen"}"#, "unbekannter_befehl"),
        (br#"{"befehl":"echo"}"#, "falsche_felder"),
        (
            br#"{"befehl":"addiere","zahlen":[9223372036854775807,1]}"#,
            "ueberlauf",
        ),
    ];
    for (nutzdaten, art) in faelle {
        c.write_all(&rahmen(nutzdaten)).unwrap();
        let text = antwort(&mut c);
        assert!(
            text.starts_with(&format!(
                r#"{{"antwort":"fehler","art":"{art}","meldung":""#
            )),
            "{text}"
        );
    }
    c.write_all(&rahmen(br#"{"befehl":"echo","text":"noch da"}"#))
        .unwrap();
    assert_eq!(antwort(&mut c), r#"{"antwort":"echo","text":"noch da"}"#);
}

/// Ein zu großer Rahmen fällt schon am Kopf auf: Fehlerantwort, dann legt der
/// Server auf. Andere Clients merken nichts davon.
#[test]
fn zu_grosser_rahmen_beendet_nur_diese_verbindung() {
    let (mut server, adresse) = Prozess::server("json_server", &[]);
    let mut anderer = verbinde(adresse);
    let mut c = verbinde(adresse);
    c.write_all(&(1_000_000u32).to_be_bytes()).unwrap();
    assert_eq!(
        antwort(&mut c),
        r#"{"antwort":"fehler","art":"rahmen_zu_gross","meldung":"Rahmen mit 1000000 Bytes ist zu groß (höchstens 65536), Verbindung wird getrennt"}"#
    );
    let mut rest = Vec::new();
    assert_eq!(
        c.read_to_end(&mut rest).unwrap(),
        0,
        "danach legt der Server auf"
    );
    server.warte_auf("Rahmen mit 1000000 Bytes ist zu groß");
    anderer
        .write_all(&rahmen(br#"{"befehl":"liste"}"#))
        .unwrap();
    assert_eq!(
        antwort(&mut anderer),
        r#"{"antwort":"notizen","notizen":[]}"#
    );
}

/// Alle Clients teilen sich das Notizbuch.
#[test]
fn notizen_sind_fuer_alle_clients_sichtbar() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut a = verbinde(adresse);
    let mut b = verbinde(adresse);
    a.write_all(&rahmen(br#"{"befehl":"notiere","text":"von A"}"#))
        .unwrap();
    assert_eq!(antwort(&mut a), r#"{"antwort":"notiert","nummer":1}"#);
    b.write_all(&rahmen(br#"{"befehl":"liste"}"#)).unwrap();
    assert_eq!(
        antwort(&mut b),
        r#"{"antwort":"notizen","notizen":["von A"]}"#
    );
}

/// Über der Grenze bekommt ein Client eine Absage statt eines Threads.
#[test]
fn voller_server_sagt_ab() {
    let (mut server, adresse) = Prozess::server("json_server", &["--max-clients", "1"]);
    let _erster = verbinde(adresse);
    server.warte_auf("verbunden (1 von höchstens 1)");
    let mut zweiter = verbinde(adresse);
    assert_eq!(
        antwort(&mut zweiter),
        r#"{"antwort":"fehler","art":"server_voll","meldung":"Server voll, versuch es später noch einmal"}"#
    );
}

/// Ein stiller Client wird nach dem Timeout mit einer Fehlerantwort getrennt.
#[test]
fn stiller_client_wird_getrennt() {
    let (mut server, adresse) = Prozess::server("json_server", &["--timeout", "1"]);
    let mut c = verbinde(adresse);
    assert_eq!(
        antwort(&mut c),
        r#"{"antwort":"fehler","art":"zu_lange_still","meldung":"1 s lang nichts gehört, Verbindung wird getrennt"}"#
    );
    server.warte_auf("1 s lang still");
}

/// Python spricht dasselbe Protokoll: struct.pack("!I") und json.
#[test]
fn python_client_spricht_dasselbe_protokoll() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut befehl = Command::new("python3");
    befehl
        .arg("python/json_client.py")
        .arg(adresse.ip().to_string())
        .arg(adresse.port().to_string());
    let mut python = Prozess::starte_befehl("json_client.py", befehl);
    python.erfolgreich();
    let text = python.terminal();
    assert!(text.contains("{'antwort': 'summe', 'summe': 42}"), "{text}");
    Transkript::neu()
        .port(adresse.port(), 6002)
        .terminal("json_python", "python3 python/json_client.py", &python)
        .pruefe();
}

#[test]
fn ohne_server_erklaert_der_client_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("json_client", &[&ziel]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("cargo run --example json_server"), "{text}");
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut zweiter = Prozess::starte("json_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

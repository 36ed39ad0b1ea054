//! Szenarien zu Kapitel „Ein eigenes Protokoll mit strukturierten Daten“:
//! json_server, json_client und der Python-Client python/json_client.py.

mod common;
mod emfile;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Instant;

use common::{Prozess, Transkript, freier_port, frist, verbinde};
use serde_json::{Value, json};

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

/// Eine Anfrage, genau eine Antwort.
fn frage(c: &mut TcpStream, anfrage: &str) -> String {
    c.write_all(&rahmen(anfrage.as_bytes())).unwrap();
    antwort(c)
}

/// Nach der letzten Antwort kommt ein sauberes Ende (FIN), kein RST: Der
/// Server hat gelesen, was der Client noch geschickt hatte, bevor er auflegte.
fn sauberes_ende(c: &mut TcpStream) {
    let mut rest = Vec::new();
    match c.read_to_end(&mut rest) {
        Ok(_) => assert!(
            rest.is_empty(),
            "nach der letzten Antwort kam noch {rest:?}"
        ),
        Err(e) => panic!("Statt eines sauberen Endes: {e} ({:?})", e.kind()),
    }
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
/// Server auf – sauber, obwohl der Client weiterschickt. Andere Clients
/// merken nichts davon.
#[test]
fn zu_grosser_rahmen_beendet_nur_diese_verbindung() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut anderer = verbinde(adresse);
    let mut c = verbinde(adresse);
    let mut bytes = 1_000_000u32.to_be_bytes().to_vec();
    bytes.extend(vec![b'a'; 300_000]); // der Anfang der angekündigten Nutzdaten
    c.write_all(&bytes).unwrap();
    assert_eq!(
        antwort(&mut c),
        r#"{"antwort":"fehler","art":"rahmen_zu_gross","meldung":"Rahmen mit 1000000 Bytes ist zu groß (höchstens 65536), Verbindung wird getrennt"}"#
    );
    sauberes_ende(&mut c);
    assert_eq!(
        frage(&mut anderer, r#"{"befehl":"liste"}"#),
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

/// Über der Grenze bekommt ein Client eine Absage statt eines Threads – auch
/// dann, wenn er schon eine Anfrage geschickt hat, die der Server nie liest.
#[test]
fn voller_server_sagt_ab() {
    let (_server, adresse) = Prozess::server("json_server", &["--max-clients", "1"]);
    let mut erster = verbinde(adresse);
    let echo = r#"{"befehl":"echo","text":"da"}"#;
    assert_eq!(
        frage(&mut erster, echo),
        r#"{"antwort":"echo","text":"da"}"#
    );
    let mut zweiter = verbinde(adresse);
    zweiter.write_all(&rahmen(echo.as_bytes())).unwrap();
    assert_eq!(
        antwort(&mut zweiter),
        r#"{"antwort":"fehler","art":"server_voll","meldung":"Server voll, versuch es später noch einmal"}"#
    );
    sauberes_ende(&mut zweiter);
}

/// Ein stiller Client wird nach dem Timeout mit einer Fehlerantwort getrennt,
/// und sein Platz wird frei: Danach kommt der nächste Client dran.
#[test]
fn stiller_client_wird_getrennt_und_sein_platz_frei() {
    let args = ["--timeout", "1", "--max-clients", "1"];
    let (_server, adresse) = Prozess::server("json_server", &args);
    let mut c = verbinde(adresse);
    assert_eq!(
        antwort(&mut c),
        r#"{"antwort":"fehler","art":"zu_lange_still","meldung":"1 s lang nichts gehört, Verbindung wird getrennt"}"#
    );
    sauberes_ende(&mut c);
    drop(c);
    // Der Server gibt den Platz frei, sobald er unser Ende gelesen hat; bis
    // dahin darf er noch „voll“ sagen. Höchstens eine Frist lang versuchen.
    let ende = Instant::now() + frist();
    loop {
        let mut neu = verbinde(adresse);
        let text = frage(&mut neu, r#"{"befehl":"echo","text":"jetzt ich"}"#);
        if text == r#"{"antwort":"echo","text":"jetzt ich"}"# {
            break;
        }
        assert!(text.contains("server_voll"), "{text}");
        assert!(Instant::now() < ende, "Der Platz wurde nicht frei");
    }
}

/// `liste` schickt das Notizbuch in Seiten. Jede Seite passt in einen Rahmen,
/// auch wenn jede Notiz die längste erlaubte ist und nur aus Zeichen besteht,
/// die JSON auf sechs Bytes aufbläht (`\u0001`).
#[test]
fn liste_kommt_in_seiten_die_in_einen_rahmen_passen() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    let notiz = "\u{1}".repeat(1000);
    for nummer in 1..=25 {
        let anfrage = json!({ "befehl": "notiere", "text": notiz }).to_string();
        let erwartet = format!(r#"{{"antwort":"notiert","nummer":{nummer}}}"#);
        assert_eq!(frage(&mut c, &anfrage), erwartet);
    }
    let zu_lang = json!({ "befehl": "notiere", "text": "x".repeat(1001) }).to_string();
    assert_eq!(
        frage(&mut c, &zu_lang),
        r#"{"antwort":"fehler","art":"notiz_zu_lang","meldung":"Höchstens 1000 Bytes je Notiz"}"#
    );
    let (mut ab, mut weiter, mut notizen) = (0, Vec::new(), 0);
    loop {
        let text = frage(&mut c, &json!({ "befehl": "liste", "ab": ab }).to_string());
        assert!(text.len() <= 65536, "Seite mit {} Bytes", text.len());
        let seite: Value = serde_json::from_str(&text).unwrap();
        notizen += seite["notizen"].as_array().expect("eine Liste").len();
        weiter.push(seite["weiter"].as_u64());
        match seite["weiter"].as_u64() {
            Some(naechste) => ab = naechste,
            None => break,
        }
    }
    assert_eq!(weiter, [Some(10), Some(20), None]);
    assert_eq!(notizen, 25);
}

/// json_client folgt `weiter` von selbst: ein `liste`, zwei Seiten.
#[test]
fn json_client_holt_alle_seiten() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    for nummer in 1..=12 {
        let anfrage = json!({ "befehl": "notiere", "text": format!("Notiz {nummer}") });
        frage(&mut c, &anfrage.to_string());
    }
    let mut client = Prozess::starte("json_client", &[&adresse.to_string()]);
    client.warte_auf("-> ");
    client.tippe("liste");
    client.warte_auf("-> ");
    client.tippe("ende");
    client.erfolgreich();
    let text = client.terminal();
    assert!(text.contains(r#"{"ab":10,"befehl":"liste"}"#), "{text}");
    assert!(text.contains(r#""Notiz 10"],"weiter":10}"#), "{text}");
    assert!(
        text.contains(r#"{"antwort":"notizen","notizen":["Notiz 11","Notiz 12"]}"#),
        "{text}"
    );
    Transkript::neu()
        .port(adresse.port(), 6002)
        .terminal(
            "json_client_seiten",
            "cargo run --example json_client",
            &client,
        )
        .pruefe();
}

/// 50 Clients fragen je 2000-mal nach `liste` und lesen nie: Jede Anfrage
/// kopiert nur eine Seite (höchstens 10 · 1000 Bytes), also bleibt der
/// Speicher des Servers klein. Ein guter Client wird gleichzeitig bedient.
/// (Nur Linux: VmHWM aus /proc.)
#[cfg(target_os = "linux")]
#[test]
fn clients_die_nie_lesen_fuellen_den_speicher_nicht() {
    let (server, adresse) = Prozess::server("json_server", &["--max-clients", "200"]);
    let mut c = verbinde(adresse);
    let lang = json!({ "befehl": "notiere", "text": "n".repeat(40_000) }).to_string();
    assert!(frage(&mut c, &lang).contains("notiz_zu_lang"));
    let notiz = json!({ "befehl": "notiere", "text": "n".repeat(1000) }).to_string();
    for _ in 0..100 {
        assert!(frage(&mut c, &notiz).contains("notiert"));
    }
    // 2000 Anfragen ergäben 20 MB Antworten; die Puffer des Betriebssystems
    // nehmen nur einen Teil davon, dann wartet der Server beim Schreiben.
    let anfragen = rahmen(br#"{"befehl":"liste"}"#).repeat(2000);
    let schlaefer: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut schlaefer = verbinde(adresse);
            schlaefer.write_all(&anfragen).unwrap();
            schlaefer
        })
        .collect();
    let seite = frage(&mut c, r#"{"befehl":"liste","ab":90}"#);
    assert!(
        seite.starts_with(r#"{"antwort":"notizen","notizen":["nnn"#),
        "{seite:.80}"
    );
    // VmHWM: der höchste Stand bisher, gemessen, während alle 50 offen sind.
    let mib = speicher_mib(server.pid(), "VmHWM:");
    println!("json_server: höchstens {mib} MiB bei 50 Clients, die nie lesen");
    assert!(mib < 100, "json_server belegte {mib} MiB");
    drop(schlaefer);
}

#[cfg(target_os = "linux")]
fn speicher_mib(pid: u32, feld: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let zeile = status.lines().find(|z| z.starts_with(feld)).unwrap();
    zeile
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

/// Eine Antwort, die nicht in einen Rahmen passt, wird zur Fehlerantwort: Ein
/// echo mit 65 536 Bytes Anfrage ergäbe 65 537 Bytes Antwort.
#[test]
fn zu_grosse_antwort_wird_zur_fehlerantwort() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    let anfrage = json!({ "befehl": "echo", "text": "x".repeat(65536 - 27) }).to_string();
    assert_eq!(anfrage.len(), 65536);
    assert_eq!(
        frage(&mut c, &anfrage),
        r#"{"antwort":"fehler","art":"antwort_zu_gross","meldung":"Die Antwort hätte 65537 Bytes, ein Rahmen höchstens 65536"}"#
    );
    let echo = r#"{"befehl":"echo","text":"weiter"}"#;
    assert_eq!(frage(&mut c, echo), r#"{"antwort":"echo","text":"weiter"}"#);
}

/// Text vom Client erscheint im Protokoll des Servers mit sichtbaren
/// Steuerzeichen: kein Escape-Befehl ans Terminal, keine gefälschte Zeile.
#[test]
fn steuerzeichen_vom_client_faelschen_keine_zeile() {
    let (mut server, adresse) = Prozess::server("json_server", &[]);
    let mut c = verbinde(adresse);
    let text = frage(
        &mut c,
        "{\"befehl\":\"x\\u001b[2J\\nGEFAELSCHT verbunden\"}",
    );
    assert!(text.contains("unbekannter_befehl"), "{text}");
    server.warte_auf("GEFAELSCHT");
    let protokoll = server.terminal();
    assert!(!protokoll.contains('\u{1b}'), "{protokoll:?}");
    assert!(protokoll.contains(r"x\u{1b}[2J\nGEFAELSCHT"), "{protokoll}");
    assert!(
        !protokoll.lines().any(|z| z.starts_with("GEFAELSCHT")),
        "{protokoll}"
    );
}

/// Die Kommandozeile: Hilfe mit Exit-Code 0, falsche Werte mit einer
/// deutschen Meldung, der Hilfe und Exit-Code 2 – statt eines Servers, der
/// jeden Client sofort trennt (`--timeout 0`).
#[test]
fn kommandozeile_hilfe_und_falsche_werte() {
    for hilfe in ["--help", "-h"] {
        let mut p = Prozess::starte("json_server", &[hilfe]);
        assert_eq!(p.warte_auf_ende().code(), Some(0));
        assert!(
            p.terminal().starts_with("Aufruf: json_server"),
            "{}",
            p.terminal()
        );
    }
    let faelle: [(&[&str], &str); 5] = [
        (
            &["--timeout", "0"],
            "Fehler: --timeout erwartet eine ganze Zahl von 1 bis 86400, nicht \"0\"\n",
        ),
        (
            &["--timeout", "18446744073709551616"],
            "Fehler: --timeout erwartet eine ganze Zahl von 1 bis 86400",
        ),
        (
            &["--max-clients", "abc"],
            "Fehler: --max-clients erwartet eine ganze Zahl von 1 bis 10000, nicht \"abc\"\n",
        ),
        (
            &["--timeout"],
            "Fehler: nach --timeout fehlt eine Zahl von 1 bis 86400\n",
        ),
        (
            &["hallo"],
            "Fehler: ADRESSE \"hallo\" ist keine Adresse mit Port, etwa 127.0.0.1:6002\n",
        ),
    ];
    for (args, meldung) in faelle {
        let mut p = Prozess::starte("json_server", args);
        assert_eq!(
            p.warte_auf_ende().code(),
            Some(2),
            "{args:?}: {}",
            p.terminal()
        );
        let text = p.terminal();
        assert!(text.starts_with(meldung), "{args:?}: {text}");
        assert!(text.contains("Aufruf: json_server"), "{text}");
    }
}

/// Ohne freie Dateideskriptoren scheitert accept() (EMFILE). Der Server
/// wartet dann, statt mit 100 % CPU zu kreiseln, und bedient den wartenden
/// Client, sobald wieder ein Deskriptor frei ist (nur Linux: /proc).
#[cfg(target_os = "linux")]
#[test]
fn ohne_dateideskriptoren_kreiselt_der_server_nicht() {
    let echo = rahmen(br#"{"befehl":"echo","text":"da"}"#);
    emfile::pruefe("json_server", &echo, |c| {
        antwort(c) == r#"{"antwort":"echo","text":"da"}"#
    });
}

/// Python spricht dasselbe Protokoll/// Python spricht dasselbe Protokoll: struct.pack("!I") und json.
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
fn json_client_hilfe_und_falsche_argumente() {
    let mut hilfe = Prozess::starte("json_client", &["--help"]);
    assert_eq!(hilfe.warte_auf_ende().code(), Some(0));
    assert!(hilfe.terminal().starts_with("Aufruf: json_client"));
    let mut falsch = Prozess::starte("json_client", &["localhost"]);
    assert_eq!(falsch.warte_auf_ende().code(), Some(2));
    let text = falsch.terminal();
    assert!(
        text.starts_with(
            "Fehler: ADRESSE \"localhost\" braucht einen Port, etwa localhost:6002\nAufruf:"
        ),
        "{text}"
    );
}

/// Legt der Server mitten im Rahmen auf, zeigt json_client, was ankam.
#[test]
fn json_client_zeigt_was_vor_dem_abbruch_ankam() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut client = Prozess::starte("json_client", &[&adresse.to_string()]);
    let (mut c, _) = listener.accept().unwrap();
    client.warte_auf("-> ");
    client.tippe("echo Hallo");
    let mut anfrage = [0u8; 4 + 32];
    c.read_exact(&mut anfrage).unwrap();
    // 40 Bytes angekündigt, nur 11 geschickt, dann aufgelegt.
    c.write_all(b"\x00\x00\x00\x28{\"antwort\":").unwrap();
    drop(c);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.ends_with(
            "Fehler: Der Server hat mitten im Rahmen aufgelegt (angekommen: {\"antwort\":)\n"
        ),
        "{text}"
    );
}

#[test]
fn belegter_port_wird_erklaert() {
    let (_server, adresse) = Prozess::server("json_server", &[]);
    let mut zweiter = Prozess::starte("json_server", &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

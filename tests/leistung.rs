//! Szenarien zu Kapitel „Wie schnell ist das?“: die Lektionen
//! bulk_send/bulk_recv und die Werkzeuge echo_bench, udp_rate und chat_load
//! (Paket `werkzeuge`) in klein. Keine Zeitziele, nur Plausibilitätsgrenzen,
//! die echte Fehler fangen: verlorene Bytes, ein Nagle-Stau, wo keiner sein
//! darf, und keiner, wo einer sein muss. Dazu die Robustheit der beiden
//! Server (echo_bench, bulk_recv) und die Befehlszeilen. Die Zahlen fürs Buch
//! misst `scripts/bench`.

mod common;
mod emfile;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Prozess, freier_port, verbinde, werkzeug, wurzel};
use serde_json::Value;

/// Die letzte stdout-Zeile eines Beispiels mit `--json`.
fn json_ergebnis(p: &Prozess) -> Value {
    let zeilen = p.alle_zeilen();
    let letzte = zeilen.last().expect("keine Ausgabe");
    serde_json::from_str(letzte).unwrap_or_else(|e| panic!("kein JSON ({e}): {letzte:?}"))
}

#[test]
fn bulk_uebertraegt_acht_mib_ohne_verlust() {
    let (mut empfaenger, adresse) = Prozess::server("bulk_recv", &["--einmal"]);
    let mut sender = Prozess::starte(
        "bulk_send",
        &[
            &adresse.to_string(),
            "--mib",
            "8",
            "--puffer",
            "16384",
            "--json",
        ],
    );
    sender.erfolgreich();
    empfaenger.erfolgreich();
    assert!(sender.terminal().contains("Prüfsumme stimmt"));
    assert_eq!(json_ergebnis(&sender)["bytes"], 8 << 20);
    assert!(empfaenger.terminal().contains(": 8388608 Bytes in "));
}

#[test]
fn bulk_sendet_eine_datei_mit_krummer_laenge() {
    let pfad = wurzel().join("target").join("leistung_testdatei.bin");
    let inhalt: Vec<u8> = (0..1_234_567u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&pfad, &inhalt).unwrap();
    let (mut empfaenger, adresse) = Prozess::server("bulk_recv", &["--einmal", "--puffer", "1000"]);
    let mut sender = Prozess::starte(
        "bulk_send",
        &[
            &adresse.to_string(),
            "--datei",
            pfad.to_str().unwrap(),
            "--puffer",
            "999",
        ],
    );
    sender.erfolgreich();
    empfaenger.erfolgreich();
    assert!(sender.terminal().contains("Empfänger meldet 1234567 Bytes"));
    let _ = std::fs::remove_file(pfad);
}

#[test]
fn bulk_ohne_pruefsumme_zaehlt_nur() {
    let (mut empfaenger, adresse) =
        Prozess::server("bulk_recv", &["--einmal", "--ohne-pruefsumme"]);
    let mut sender = Prozess::starte(
        "bulk_send",
        &[&adresse.to_string(), "--mib", "2", "--ohne-pruefsumme"],
    );
    sender.erfolgreich();
    empfaenger.erfolgreich();
    assert!(sender.terminal().contains("Empfänger meldet 2097152 Bytes"));
    assert!(
        sender
            .terminal()
            .contains("Anzahl stimmt (ohne Prüfsumme gemessen)")
    );
}

/// Ein „Empfänger“, der eine falsche Prüfsumme quittiert: Der Sender muss das
/// bemerken und mit Fehler enden.
#[test]
fn bulk_bemerkt_eine_falsche_quittung() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut sender = Prozess::starte("bulk_send", &[&adresse.to_string(), "--mib", "1"]);
    let (mut verbindung, _) = listener.accept().unwrap();
    let mut alles = Vec::new();
    verbindung.read_to_end(&mut alles).unwrap();
    assert_eq!(alles.len(), 1 << 20);
    let mut quittung = (alles.len() as u64).to_be_bytes().to_vec();
    quittung.extend_from_slice(&0xdead_beef_u64.to_be_bytes());
    verbindung.write_all(&quittung).unwrap();
    sender.fehlgeschlagen();
    assert!(
        sender
            .terminal()
            .contains("Prüfsumme oder Länge weichen ab")
    );
}

#[test]
fn bulk_ohne_empfaenger_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut sender = Prozess::starte("bulk_send", &[&ziel]);
    sender.fehlgeschlagen();
    assert!(sender.terminal().contains("--example bulk_recv"));
}

fn echo_runde(adresse: &str, weitere: &[&str]) -> Value {
    let mut args = vec![adresse, "--json"];
    args.extend_from_slice(weitere);
    let mut client = Prozess::starte_werkzeug("echo_bench", &args);
    client.erfolgreich();
    json_ergebnis(&client)
}

/// Mit TCP_NODELAY gibt es keinen Stau, auch nicht bei zwei write(). Die
/// Grenzen liegen weit über einer normalen Loopback-Runde (Mikrosekunden),
/// aber weit unter einem Nagle-Stau (40 ms): p50 unter 1 ms, p99 unter 10 ms.
#[test]
fn echo_mit_nodelay_hat_keinen_stau() {
    let (_server, adresse) = Prozess::werkzeug_server("echo_bench", &["server"]);
    let adresse = adresse.to_string();
    for weitere in [
        &["--runden", "300"][..],
        &["--runden", "300", "--zwei-writes"],
    ] {
        let m = echo_runde(&adresse, weitere);
        assert_eq!(m["runden"], 300);
        let (p50, p99) = (m["p50_us"].as_f64().unwrap(), m["p99_us"].as_f64().unwrap());
        assert!(p50 < 1_000.0 && p99 < 10_000.0, "{weitere:?}: {m}");
    }
}

/// Kopf und Rumpf in zwei write() ohne TCP_NODELAY: Nagle hält den Rumpf
/// zurück, bis das verzögerte ACK des Kopfes kommt. Der Median muss über
/// 20 ms liegen, sonst zeigt das Kapitel etwas Falsches.
#[test]
fn echo_ohne_nodelay_mit_zwei_writes_staut() {
    let (_server, adresse) = Prozess::werkzeug_server("echo_bench", &["server"]);
    let m = echo_runde(
        &adresse.to_string(),
        &["--runden", "25", "--nodelay", "aus", "--zwei-writes"],
    );
    assert!(m["p50_us"].as_f64().unwrap() > 20_000.0, "kein Stau: {m}");
}

#[test]
fn udp_rate_zaehlt_gesendete_und_empfangene() {
    let (mut empfaenger, adresse) =
        Prozess::werkzeug_server("udp_rate", &["empfang", "--rcvbuf", "1048576"]);
    let adresse = adresse.to_string();
    let mut sender = Prozess::starte_werkzeug(
        "udp_rate",
        &[&adresse, "--rate", "20000", "--sekunden", "1", "--json"],
    );
    sender.erfolgreich();
    let m = json_ergebnis(&sender);
    let gesendet = m["gesendet"].as_u64().unwrap();
    // Die Ratenbegrenzung trifft ungefähr: 20.000 in einer Sekunde.
    assert!((15_000..=20_500).contains(&gesendet), "{m}");
    assert!(m["verlust_prozent"].as_f64().unwrap() < 10.0, "{m}");
    empfaenger.warte_auf("Datagrammen empfangen");
}

#[cfg(target_os = "linux")]
#[test]
fn udp_rate_ohne_empfaenger_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut sender = Prozess::starte_werkzeug("udp_rate", &[&ziel, "--sekunden", "1"]);
    sender.fehlgeschlagen();
    assert!(
        sender
            .terminal()
            .contains("-p werkzeuge --bin udp_rate -- empfang")
    );
}

#[test]
fn chat_load_ohne_server_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut last = Prozess::starte_werkzeug("chat_load", &[&ziel, "--clients", "5"]);
    last.fehlgeschlagen();
    assert!(last.terminal().contains("Dort lauscht kein Server"));
}

/// 1.000 Clients gegen einen Gruppenchat-Server, 100 davon angemeldet.
fn chat_last(server_name: &str) {
    let args = ["--max-clients", "2000", "--timeout", "600", "--leise"];
    let (server, adresse) = Prozess::server(server_name, &args);
    let pid = server.pid().to_string();
    let mut last = Prozess::starte_werkzeug(
        "chat_load",
        &[
            &adresse.to_string(),
            "--clients",
            "1000",
            "--angemeldet",
            "100",
            "--nachrichten",
            "50",
            "--rate",
            "500",
            "--pid",
            &pid,
            "--json",
        ],
    );
    last.erfolgreich();
    let m = json_ergebnis(&last);
    assert_eq!(m["verbunden"], 1000, "{m}");
    assert_eq!(m["angemeldet"], 100, "{m}");
    assert_eq!(m["beitritte"], 100 * 99 / 2, "{m}");
    for phase in ["getaktet", "stoss"] {
        assert_eq!(m[phase]["zustellungen"], 50 * 99, "{phase}: {m}");
    }
    if cfg!(target_os = "linux") {
        assert!(
            m["speicher_verbunden"]["rss_kib"].as_u64().unwrap() > 0,
            "{m}"
        );
    }
}

#[test]
fn chat_load_gegen_poll_server() {
    chat_last("poll_server");
}

#[test]
fn chat_load_gegen_threaded_server() {
    chat_last("threaded_server");
}

/// Ist das Limit erreicht, zählt chat_load die Abweisungen, statt zu scheitern.
#[test]
fn chat_load_zaehlt_abweisungen() {
    let args = ["--max-clients", "20", "--leise"];
    let (_server, adresse) = Prozess::server("poll_server", &args);
    let mut last = Prozess::starte_werkzeug(
        "chat_load",
        &[
            &adresse.to_string(),
            "--clients",
            "30",
            "--nachrichten",
            "5",
            "--json",
        ],
    );
    last.erfolgreich();
    let m = json_ergebnis(&last);
    assert_eq!(
        (m["verbunden"].as_u64(), m["abgewiesen"].as_u64()),
        (Some(20), Some(10)),
        "{m}"
    );
}

// ---------------------------------------------------------------------------
// Befehlszeilen: `--help` und falsche Argumente

/// Ein Programm bis zum Ende: (Exit-Code, Mitschnitt).
fn ende(mut p: Prozess) -> (Option<i32>, String) {
    let status = p.warte_auf_ende();
    (status.code(), p.terminal())
}

fn starte(name: &str, args: &[&str]) -> Prozess {
    if common::ist_werkzeug(name) {
        Prozess::starte_werkzeug(name, args)
    } else {
        Prozess::starte(name, args)
    }
}

#[test]
fn jedes_programm_erklaert_seinen_aufruf() {
    for name in [
        "bulk_send",
        "bulk_recv",
        "echo_bench",
        "udp_rate",
        "chat_load",
    ] {
        for hilfe in ["--help", "-h"] {
            let (code, text) = ende(starte(name, &[hilfe]));
            assert_eq!(code, Some(0), "{name} {hilfe}: {text}");
            assert!(text.starts_with("Aufruf:"), "{name} {hilfe}: {text}");
        }
    }
}

/// Falsche Werte enden mit Exit-Code 2, einer deutschen Meldung, die die
/// Option nennt, und dem Aufruf; keine Panik, kein englischer Parse-Fehler.
#[test]
fn falsche_argumente_werden_deutsch_abgelehnt() {
    let faelle: &[(&str, &[&str], &str)] = &[
        ("bulk_recv", &["--puffer", "99999999999999"], "--puffer"),
        ("bulk_recv", &["--puffer", "0"], "--puffer"),
        ("bulk_recv", &["--leerlauf", "-1"], "--leerlauf"),
        ("bulk_recv", &["--gibtsnicht"], "--gibtsnicht"),
        ("bulk_send", &["--sekunden", "inf"], "--sekunden"),
        ("bulk_send", &["--mib", "abc"], "--mib"),
        ("bulk_send", &["--puffer"], "--puffer"),
        ("echo_bench", &["--sekunden", "1e30"], "--sekunden"),
        ("echo_bench", &["--groesse", "3"], "--groesse"),
        ("echo_bench", &["--nodelay", "vielleicht"], "--nodelay"),
        ("echo_bench", &["server", "--leerlauf", "nan"], "--leerlauf"),
        ("udp_rate", &["--rate", "-5"], "--rate"),
        (
            "udp_rate",
            &["empfang", "--rcvbuf", "99999999999999"],
            "--rcvbuf",
        ),
        ("chat_load", &["--clients", "0"], "--clients"),
        ("chat_load", &["--frist", "1e9"], "--frist"),
    ];
    for (name, args, option) in faelle {
        let (code, text) = ende(starte(name, args));
        assert_eq!(code, Some(2), "{name} {args:?}: {text}");
        assert!(text.starts_with("Fehler: "), "{name} {args:?}: {text}");
        assert!(text.contains(option), "{name} {args:?}: {text}");
        assert!(text.contains("Aufruf:"), "{name} {args:?}: {text}");
        assert!(!text.contains("panicked"), "{name} {args:?}: {text}");
    }
}

// ---------------------------------------------------------------------------
// Robustheit von echo_bench (Server) und bulk_recv

/// Liest bis zum Ende des Stroms; ein RST (ConnectionReset) ist ein Fehler.
fn lies_bis_fin(verbindung: &mut TcpStream) -> Vec<u8> {
    let mut alles = Vec::new();
    match verbindung.read_to_end(&mut alles) {
        Ok(_) => alles,
        Err(e) => panic!(
            "statt eines sauberen Endes: {e} (nach {} Bytes)",
            alles.len()
        ),
    }
}

/// Eine Meldung im Format von echo_bench: 4 Bytes Länge, dann Text.
fn ist_meldung(bytes: &[u8]) -> bool {
    bytes.len() > 4
        && u32::from_be_bytes(bytes[..4].try_into().unwrap()) as usize == bytes.len() - 4
}

/// Eine zu lange Nachricht (1 MiB `a`, deren Kopf 1,6 GiB ankündigt): Der
/// Client bekommt eine Meldung und danach ein sauberes Ende (FIN), kein RST,
/// obwohl er mehr geschickt hat, als der Server lesen wollte.
#[test]
fn echo_bench_meldet_zu_lange_nachricht_vor_dem_schliessen() {
    let (_server, adresse) = Prozess::werkzeug_server("echo_bench", &["server"]);
    let mut c = verbinde(adresse);
    c.write_all(&vec![b'a'; 1 << 20]).unwrap();
    let antwort = lies_bis_fin(&mut c);
    assert!(
        ist_meldung(&antwort),
        "{:?}",
        String::from_utf8_lossy(&antwort)
    );
}

/// Ein stiller Client wird nach `--leerlauf` getrennt, mit Meldung.
#[test]
fn echo_bench_trennt_stille_clients() {
    let (_server, adresse) =
        Prozess::werkzeug_server("echo_bench", &["server", "--leerlauf", "0.3"]);
    let mut c = verbinde(adresse);
    let antwort = lies_bis_fin(&mut c);
    assert!(
        ist_meldung(&antwort),
        "{:?}",
        String::from_utf8_lossy(&antwort)
    );
}

/// VmRSS eines Prozesses in KiB (nur Linux).
fn vm_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let zeile = status.lines().find(|z| z.starts_with("VmRSS:")).unwrap();
    zeile.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 200 Verbindungen kündigen je 1 MiB an und schicken ein Byte. Vorher
/// reservierte der Server den angekündigten Platz sofort (200 MiB); jetzt
/// wächst der Puffer mit dem, was ankommt.
#[cfg(target_os = "linux")]
#[test]
fn echo_bench_reserviert_nicht_was_nur_angekuendigt_ist() {
    let (server, adresse) = Prozess::werkzeug_server("echo_bench", &["server"]);
    let kopf = ((1u32 << 20) - 8).to_be_bytes();
    let mut offen = Vec::new();
    for _ in 0..200 {
        let mut c = verbinde(adresse);
        c.write_all(&kopf).unwrap();
        c.write_all(b"x").unwrap();
        offen.push(c);
    }
    // Ein guter Client danach: Bis er sein Echo hat, hat der Server die
    // Köpfe aller 200 angenommenen Verbindungen längst gelesen.
    let mut gut = verbinde(adresse);
    gut.write_all(&[0, 0, 0, 2, b'o', b'k']).unwrap();
    let mut echo = [0u8; 6];
    gut.read_exact(&mut echo).unwrap();
    assert_eq!(&echo, &[0, 0, 0, 2, b'o', b'k']);
    let rss = vm_rss_kib(server.pid());
    assert!(
        rss < 100 * 1024,
        "VmRSS {rss} KiB bei 200 angekündigten MiB"
    );
}

/// Mit einem kleinen Limit für offene Dateien (`ulimit -n 40`) weist der
/// Server neue Verbindungen mit einer Meldung ab, statt dass accept() mit
/// EMFILE scheitert und der Server in einer Schleife einen Kern belegt.
/// Danach bedient er wieder.
#[cfg(target_os = "linux")]
#[test]
fn echo_bench_bleibt_bei_wenigen_dateideskriptoren_ruhig() {
    let mut befehl = Command::new(werkzeug("echo_bench"));
    befehl.args(["server", "127.0.0.1:0"]);
    let mut server = emfile::starte_mit_dateilimit("echo_bench", befehl, 40);
    let adresse = server.adresse_aus_erster_zeile();
    let mut offen: Vec<TcpStream> = (0..60).map(|_| verbinde(adresse)).collect();
    // Die letzte Verbindung liegt über der Grenze: Meldung, dann FIN.
    let antwort = lies_bis_fin(offen.last_mut().unwrap());
    assert!(
        ist_meldung(&antwort),
        "{:?}",
        String::from_utf8_lossy(&antwort)
    );
    // Während die übrigen offen bleiben, verbraucht der Server kaum Rechenzeit.
    let cpu_vorher = emfile::cpu_ticks(server.pid());
    let bis = Instant::now() + Duration::from_millis(500);
    while Instant::now() < bis {
        assert!(server.laeuft());
        std::thread::yield_now();
    }
    let verbraucht = emfile::cpu_ticks(server.pid()) - cpu_vorher;
    assert!(verbraucht < 10, "{verbraucht} Ticks CPU in 0,5 s");
    drop(offen);
    echo_gut(adresse);
}

/// Ein guter Client: Nachricht hin, Echo zurück. Wird er abgewiesen (die
/// alten Verbindungen sind noch nicht abgebaut), versucht er es erneut.
fn echo_gut(adresse: SocketAddr) {
    let frist = Instant::now() + common::frist();
    loop {
        let mut c = verbinde(adresse);
        c.write_all(&[0, 0, 0, 3, b'g', b'u', b't']).unwrap();
        let mut echo = [0u8; 7];
        match c.read_exact(&mut echo) {
            Ok(()) if echo == [0, 0, 0, 3, b'g', b'u', b't'] => return,
            Ok(()) | Err(_) if Instant::now() < frist => continue,
            ergebnis => panic!("kein Echo: {ergebnis:?} {echo:?}"),
        }
    }
}

/// bulk_recv bedient einen Sender nach dem anderen. Ein stiller Sender hält
/// die anderen nur `--leerlauf` lang auf.
#[test]
fn bulk_recv_trennt_stille_sender() {
    let (_empfaenger, adresse) = Prozess::server("bulk_recv", &["--leerlauf", "0.3"]);
    let mut still = verbinde(adresse);
    let mut sender = Prozess::starte("bulk_send", &[&adresse.to_string(), "--mib", "1"]);
    sender.erfolgreich();
    let mut rest = Vec::new();
    match still.read_to_end(&mut rest) {
        Ok(_) => assert!(rest.is_empty()),
        Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset),
    }
}

/// `udp_rate empfang | head -n 1`: Ist der Leser der Pipe weg, endet der
/// Empfänger beim nächsten Bericht leise mit Exit-Code 0, ohne Panik.
#[cfg(unix)]
#[test]
fn udp_rate_endet_leise_an_geschlossener_pipe() {
    use std::io::BufRead;
    use std::net::UdpSocket;
    use std::process::Stdio;

    let mut kind = Command::new(werkzeug("udp_rate"))
        .args(["empfang", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut zeile = String::new();
    let mut stdout = std::io::BufReader::new(kind.stdout.take().unwrap());
    stdout.read_line(&mut zeile).unwrap();
    let adresse: SocketAddr = zeile.split_whitespace().last().unwrap().parse().unwrap();
    drop(stdout); // wie `head -n 1`: Der Leser ist weg.
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut ende = u64::MAX.to_be_bytes().to_vec();
    ende.extend_from_slice(&0u64.to_be_bytes());
    let frist = Instant::now() + common::frist();
    let status = loop {
        // Die Endmarke bringt den Empfänger dazu, eine Zeile zu schreiben.
        let _ = socket.send_to(&ende, adresse);
        if let Some(status) = kind.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > frist {
            let _ = kind.kill();
            let _ = kind.wait();
            panic!("udp_rate endet nicht");
        }
        let _ = socket.recv_from(&mut [0u8; 64]);
    };
    let mut fehler = String::new();
    kind.stderr
        .take()
        .unwrap()
        .read_to_string(&mut fehler)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{fehler}");
    assert!(!fehler.contains("panicked"), "{fehler}");
}

//! Szenarien zu Kapitel „Wie schnell ist das?“: bulk_send/bulk_recv,
//! echo_bench, udp_rate und chat_load in klein. Keine Zeitziele, nur
//! Plausibilitätsgrenzen, die echte Fehler fangen: verlorene Bytes, ein
//! Nagle-Stau, wo keiner sein darf, und keiner, wo einer sein muss.
//! Die Zahlen fürs Buch misst `scripts/bench`.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;

use common::{Prozess, freier_port, wurzel};
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
    let mut client = Prozess::starte("echo_bench", &args);
    client.erfolgreich();
    json_ergebnis(&client)
}

/// Mit TCP_NODELAY gibt es keinen Stau, auch nicht bei zwei write(). Die
/// Grenzen liegen weit über einer normalen Loopback-Runde (Mikrosekunden),
/// aber weit unter einem Nagle-Stau (40 ms): p50 unter 1 ms, p99 unter 10 ms.
#[test]
fn echo_mit_nodelay_hat_keinen_stau() {
    let (_server, adresse) = Prozess::server("echo_bench", &["server"]);
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
    let (_server, adresse) = Prozess::server("echo_bench", &["server"]);
    let m = echo_runde(
        &adresse.to_string(),
        &["--runden", "25", "--nodelay", "aus", "--zwei-writes"],
    );
    assert!(m["p50_us"].as_f64().unwrap() > 20_000.0, "kein Stau: {m}");
}

#[test]
fn udp_rate_zaehlt_gesendete_und_empfangene() {
    let (mut empfaenger, adresse) =
        Prozess::server("udp_rate", &["empfang", "--rcvbuf", "1048576"]);
    let adresse = adresse.to_string();
    let mut sender = Prozess::starte(
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
    let mut sender = Prozess::starte("udp_rate", &[&ziel, "--sekunden", "1"]);
    sender.fehlgeschlagen();
    assert!(sender.terminal().contains("udp_rate -- empfang"));
}

#[test]
fn chat_load_ohne_server_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut last = Prozess::starte("chat_load", &[&ziel, "--clients", "5"]);
    last.fehlgeschlagen();
    assert!(last.terminal().contains("Dort lauscht kein Server"));
}

/// 1.000 Clients gegen einen Gruppenchat-Server, 100 davon angemeldet.
fn chat_last(server_name: &str) {
    if !wurzel()
        .join("examples")
        .join(format!("{server_name}.rs"))
        .exists()
    {
        eprintln!("HINWEIS: examples/{server_name}.rs fehlt noch, Lasttest übersprungen");
        return;
    }
    let args = ["--max-clients", "2000", "--timeout", "600", "--leise"];
    let (server, adresse) = Prozess::server(server_name, &args);
    let pid = server.pid().to_string();
    let mut last = Prozess::starte(
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
    if !Path::new(&wurzel().join("examples/poll_server.rs")).exists() {
        eprintln!("HINWEIS: examples/poll_server.rs fehlt noch, Test übersprungen");
        return;
    }
    let args = ["--max-clients", "20", "--leise"];
    let (_server, adresse) = Prozess::server("poll_server", &args);
    let mut last = Prozess::starte(
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

//! Feindliche Clients gegen die Musterlösungen der Aufgaben 10 bis 19.
//!
//! Schülerinnen kopieren Musterlösungen; deshalb müssen sie so robust sein wie
//! die Beispiele des Buchs. Jeder Test spielt einen Angriff oder eine Panne
//! nach und prüft, was über den Socket kommt:
//!
//! - serielle Server (11, 12, 16): Ein stiller oder tröpfelnder Client hält
//!   die anderen höchstens so lange auf, wie die Seite sagt;
//! - 12: keine halben Dateien nach einem Abbruch, kein stilles Überschreiben,
//!   keine Steuerzeichen oder Laufwerksnamen, ein Kontingent;
//! - 13: nie mehr als 100 Clients, Nicht-Leser bremsen den Raum nicht, eine
//!   Leerlauf-Frist, Meldungen kommen vor einem sauberen Ende an;
//! - 14 und 17: Obergrenzen, freie Plätze nach Clients, die nie lesen, und
//!   keine 100 % CPU, wenn die Dateideskriptoren ausgehen (nur Linux).

mod common;
mod emfile;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{Prozess, beispiel, frist, verbinde};

/// Liest bis zum Ende des Stroms und verlangt ein sauberes Ende (FIN), keinen
/// Reset: Erst dann ist sicher, dass die Meldung vor dem Schließen ankam.
fn lies_bis_fin(verbindung: &mut TcpStream) -> Vec<u8> {
    let mut alles = Vec::new();
    match verbindung.read_to_end(&mut alles) {
        Ok(_) => alles,
        Err(e) => panic!(
            "Statt eines sauberen Endes: {e} (nach {:?})",
            String::from_utf8_lossy(&alles)
        ),
    }
}

/// Liest eine Zeile Byte für Byte (ohne Puffer, der mehr verschluckt).
fn zeile(verbindung: &mut TcpStream) -> String {
    let mut zeile = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match verbindung.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => zeile.push(byte[0]),
            Err(e) => panic!("Zeile nicht lesbar: {e} (bisher {zeile:?})"),
        }
    }
    String::from_utf8_lossy(&zeile).into_owned()
}

// ---------------------------------------------------------------- Aufgabe 12

/// Ein eigener Zielordner je Test, beim Drop gelöscht.
struct Ordner(PathBuf);

impl Ordner {
    fn neu() -> Ordner {
        static ZAEHLER: AtomicU32 = AtomicU32::new(0);
        let pfad = std::env::temp_dir().join(format!(
            "loesung12-{}-{}",
            std::process::id(),
            ZAEHLER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&pfad).unwrap();
        Ordner(pfad)
    }

    fn dateien(&self) -> Vec<String> {
        let mut namen: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        namen.sort();
        namen
    }
}

impl Drop for Ordner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dateiserver(ordner: &Path) -> (Prozess, SocketAddr) {
    let mut befehl = Command::new(beispiel("loesung_12_datei"));
    befehl.arg("127.0.0.1:0").env("ZIELORDNER", ordner);
    let mut server = Prozess::starte_befehl("loesung_12_datei", befehl);
    let adresse = server.adresse_aus_erster_zeile();
    (server, adresse)
}

fn kopf(name: &[u8], laenge: u64) -> Vec<u8> {
    let mut b = (name.len() as u16).to_be_bytes().to_vec();
    b.extend_from_slice(name);
    b.extend_from_slice(&laenge.to_be_bytes());
    b
}

/// Schickt eine ganze Datei und liefert die 9 Bytes der Antwort.
fn lade_hoch(adresse: SocketAddr, name: &[u8], daten: &[u8]) -> [u8; 9] {
    let mut v = verbinde(adresse);
    let mut anfrage = kopf(name, daten.len() as u64);
    anfrage.extend_from_slice(daten);
    v.write_all(&anfrage).unwrap();
    let antwort = lies_bis_fin(&mut v);
    antwort
        .try_into()
        .unwrap_or_else(|a: Vec<u8>| panic!("Antwort hat {} statt 9 Bytes", a.len()))
}

#[test]
fn datei_nach_reset_mitten_im_hochladen_bleibt_nicht_liegen() {
    let ordner = Ordner::neu();
    let (mut server, adresse) = dateiserver(&ordner.0);
    let v = verbinde(adresse);
    (&v).write_all(&kopf(b"halb.bin", 100_000)).unwrap();
    (&v).write_all(&[7u8; 40_000]).unwrap();
    // SO_LINGER mit 0 s: close() schickt ein RST statt eines FIN.
    socket2::SockRef::from(&v)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(v);
    server.warte_auf("nichts gespeichert");
    assert_eq!(
        ordner.dateien(),
        Vec::<String>::new(),
        "Reste im Zielordner"
    );
    // Der Server bedient danach den nächsten.
    assert_eq!(lade_hoch(adresse, b"ganz.txt", b"ok")[0], 0);
}

#[test]
fn datei_wird_nicht_still_ueberschrieben() {
    let ordner = Ordner::neu();
    let (_server, adresse) = dateiserver(&ordner.0);
    assert_eq!(lade_hoch(adresse, b"a.txt", b"erste")[0], 0);
    let antwort = lade_hoch(adresse, b"a.txt", b"zweite");
    assert_eq!(
        antwort,
        [3, 0, 0, 0, 0, 0, 0, 0, 0],
        "Status 3: gibt es schon"
    );
    assert_eq!(std::fs::read(ordner.0.join("a.txt")).unwrap(), b"erste");
}

#[test]
fn steuerzeichen_und_laufwerksnamen_werden_abgelehnt() {
    let ordner = Ordner::neu();
    let (_server, adresse) = dateiserver(&ordner.0);
    for name in [
        &b"a\x1b[2Jb"[..],
        b"zwei\nzeilen",
        b"C:x",
        b"tab\tname",
        b"\xff\xfe",
        &[b'n'; 256],
    ] {
        let antwort = lade_hoch(adresse, name, b"x");
        assert_eq!(antwort[0], 1, "Name {:?}", String::from_utf8_lossy(name));
    }
    // Genau 255 Bytes sind erlaubt.
    assert_eq!(lade_hoch(adresse, &[b'n'; 255], b"x")[0], 0);
    assert_eq!(ordner.dateien().len(), 1);
}

#[test]
fn voller_zielordner_nimmt_nichts_mehr_an() {
    let ordner = Ordner::neu();
    for i in 0..1000 {
        std::fs::write(ordner.0.join(format!("alt{i}")), b"").unwrap();
    }
    let (_server, adresse) = dateiserver(&ordner.0);
    let antwort = lade_hoch(adresse, b"neu.txt", b"x");
    assert_eq!(antwort[0], 4, "Status 4: Ordner voll");
    assert!(!ordner.0.join("neu.txt").exists());
}

#[test]
fn absage_kommt_an_auch_wenn_der_client_weiterschickt() {
    let ordner = Ordner::neu();
    let (_server, adresse) = dateiserver(&ordner.0);
    let mut v = verbinde(adresse);
    let mut anfrage = kopf(b"riesig.bin", 1 << 40);
    anfrage.extend_from_slice(&[0u8; 20_000]);
    v.write_all(&anfrage).unwrap();
    assert_eq!(lies_bis_fin(&mut v), [2, 0, 0, 0, 0, 0, 0, 0, 0]);
}

// ------------------------------------------- serielle Server: Frist je Client

/// Ein Client, der nach dem Verbinden schweigt, hält den seriellen Server
/// höchstens `frist_des_servers` auf; danach wird `zweiter` bedient.
fn stiller_client_haelt_nicht_ewig_auf(
    adresse: SocketAddr,
    frist_des_servers: Duration,
    zweiter: impl FnOnce(SocketAddr),
) {
    let mut still = verbinde(adresse);
    let start = Instant::now();
    zweiter(adresse);
    let gedauert = start.elapsed();
    assert!(
        gedauert < frist_des_servers + Duration::from_secs(5),
        "Der zweite Client wartete {gedauert:?}"
    );
    // Der Stille bekommt den Grund und ein sauberes Ende.
    assert_eq!(lies_bis_fin(&mut still), b"! Zu lange still\n");
}

#[test]
fn halbschluss_stiller_client_wird_nach_10_s_getrennt() {
    let (_server, adresse) = Prozess::server("loesung_11_halbschluss", &[]);
    stiller_client_haelt_nicht_ewig_auf(adresse, Duration::from_secs(10), |a| {
        let mut v = verbinde(a);
        v.write_all(b"a\nbb\n").unwrap();
        v.shutdown(std::net::Shutdown::Write).unwrap();
        assert_eq!(lies_bis_fin(&mut v), b"ZEILEN 2 BYTES 5\n");
    });
}

#[test]
fn datei_stiller_client_wird_nach_10_s_getrennt() {
    let ordner = Ordner::neu();
    let (_server, adresse) = dateiserver(&ordner.0);
    let mut still = verbinde(adresse);
    let start = Instant::now();
    assert_eq!(lade_hoch(adresse, b"b.txt", b"hallo")[0], 0);
    assert!(start.elapsed() < Duration::from_secs(15));
    // Der Stille bekommt keine Antwort, aber ein sauberes Ende.
    assert_eq!(lies_bis_fin(&mut still), b"");
}

#[test]
fn webserver_troepfelnder_client_haelt_hoechstens_10_s_auf() {
    let (_server, adresse) = Prozess::server("loesung_16_webserver", &[]);
    let troepfler = verbinde(adresse);
    // Ein Byte alle 300 ms: Eine Frist je read() liefe nie ab. Das Warten ist
    // ein Lese-Timeout: Sobald die Antwort (408) da ist, hört er auf.
    let faden = thread::spawn(move || {
        troepfler
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        for _ in 0..100 {
            if (&troepfler).write_all(b"X").is_err() {
                break;
            }
            match troepfler.peek(&mut [0u8; 1]) {
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                _ => break,
            }
        }
        troepfler
    });
    let start = Instant::now();
    let mut v = verbinde(adresse);
    v.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let antwort = String::from_utf8(lies_bis_fin(&mut v)).unwrap();
    assert!(antwort.starts_with("HTTP/1.1 200 OK\r\n"), "{antwort}");
    assert!(start.elapsed() < Duration::from_secs(15));
    let mut troepfler = faden.join().unwrap();
    troepfler.set_read_timeout(Some(frist())).unwrap();
    let erste = String::from_utf8(lies_bis_fin(&mut troepfler)).unwrap();
    assert!(erste.starts_with("HTTP/1.1 408 "), "{erste:?}");
}

// ---------------------------------------------------------------- Aufgabe 13

#[test]
fn chat_laesst_genau_100_clients_ein() {
    let (_server, adresse) = Prozess::server("loesung_13_chat", &[]);
    // 110 Clients verbinden sich gleichzeitig.
    let faeden: Vec<_> = (0..110)
        .map(|_| {
            thread::spawn(move || {
                let mut v = verbinde(adresse);
                let erste = zeile(&mut v);
                (erste, v)
            })
        })
        .collect();
    let antworten: Vec<(String, TcpStream)> =
        faeden.into_iter().map(|f| f.join().unwrap()).collect();
    let drin = antworten
        .iter()
        .filter(|(z, _)| z.starts_with("Willkommen "))
        .count();
    let voll = antworten
        .iter()
        .filter(|(z, _)| z == "! Server voll")
        .count();
    assert_eq!((drin, voll), (100, 10));
}

#[test]
fn chat_nicht_leser_bremsen_den_raum_nicht() {
    // Verglichen wird mit fünf Clients, die alles lesen: gleich viel Arbeit
    // für den Server. Auf einer belasteten Maschine dauern beide länger, der
    // Unterschied bleibt.
    let ohne = raum_mit_fuenf_weiteren(false);
    let mit = raum_mit_fuenf_weiteren(true);
    // Die Lösung wartet höchstens 2 s auf volle Schlangen, für alle zusammen;
    // blockierende Schreibvorgänge unter einer Sperre kosten 2 s je Nicht-Leser.
    assert!(
        mit < ohne + Duration::from_secs(5),
        "Mit fünf Nicht-Lesern {mit:?}, ohne {ohne:?}: Der Raum stand still"
    );
}

/// Ein Sprecher schickt 20 000 Zeilen, ein Leser empfängt sie; daneben sind
/// fünf weitere Clients verbunden, die nie lesen (`nicht_leser`) oder alles
/// lesen und wegwerfen. Liefert die Dauer.
fn raum_mit_fuenf_weiteren(nicht_leser: bool) -> Duration {
    let (_server, adresse) = Prozess::server("loesung_13_chat", &[]);
    let mut leser = verbinde(adresse);
    assert!(zeile(&mut leser).starts_with("Willkommen "));
    // Mit kleinem Empfangspuffer, damit ein Nicht-Leser schnell voll ist.
    let weitere: Vec<TcpStream> = (0..5)
        .map(|_| {
            let v = verbinde(adresse);
            socket2::SockRef::from(&v)
                .set_recv_buffer_size(4096)
                .unwrap();
            v
        })
        .collect();
    let wegwerfer: Vec<_> = if nicht_leser {
        Vec::new()
    } else {
        weitere
            .iter()
            .map(|v| {
                let mut kopie = v.try_clone().unwrap();
                thread::spawn(move || std::io::copy(&mut kopie, &mut std::io::sink()))
            })
            .collect()
    };
    let mut sprecher = verbinde(adresse);
    assert!(zeile(&mut sprecher).starts_with("Willkommen "));
    let ich = sprecher.local_addr().unwrap();
    let text = "x".repeat(200);
    let anzahl = 20_000;
    let start = Instant::now();
    let faden = thread::spawn(move || {
        for i in 0..anzahl {
            sprecher
                .write_all(format!("{i} {text}\n").as_bytes())
                .unwrap();
        }
        sprecher
    });
    let mut empfangen = 0;
    let mut gepuffert = std::io::BufReader::new(&mut leser);
    let mut z = String::new();
    while empfangen < anzahl {
        z.clear();
        let n = std::io::BufRead::read_line(&mut gepuffert, &mut z).unwrap();
        assert!(n > 0, "Der Leser wurde nach {empfangen} Zeilen getrennt");
        if z.starts_with(&format!("{ich}: ")) {
            empfangen += 1;
        }
    }
    let gedauert = start.elapsed();
    let _sprecher = faden.join().unwrap();
    for v in &weitere {
        let _ = v.shutdown(std::net::Shutdown::Both);
    }
    for w in wegwerfer {
        let _ = w.join();
    }
    gedauert
}

#[test]
fn chat_trennt_stille_clients_nach_der_leerlauf_frist() {
    let (_server, adresse) = Prozess::server("loesung_13_chat", &["--leerlauf", "1"]);
    let mut v = verbinde(adresse);
    let start = Instant::now();
    let alles = String::from_utf8(lies_bis_fin(&mut v)).unwrap();
    assert!(alles.ends_with("\n! Zu lange still\n"), "{alles:?}");
    assert!(start.elapsed() >= Duration::from_millis(900));
}

#[test]
fn chat_zu_lange_zeile_meldung_und_sauberes_ende() {
    let (_server, adresse) = Prozess::server("loesung_13_chat", &[]);
    let mut v = verbinde(adresse);
    assert!(zeile(&mut v).starts_with("Willkommen "));
    // 20 KB ohne \n: Der Server liest höchstens gut 256 Bytes davon als Zeile.
    v.write_all(&[b'y'; 20_000]).unwrap();
    assert_eq!(lies_bis_fin(&mut v), b"! Zeile zu lang\n");
}

#[test]
fn chat_grenze_genau_256_bytes() {
    let (_server, adresse) = Prozess::server("loesung_13_chat", &[]);
    let mut a = verbinde(adresse);
    let mut b = verbinde(adresse);
    assert!(zeile(&mut a).starts_with("Willkommen "));
    assert!(zeile(&mut b).starts_with("Willkommen "));
    let ich = a.local_addr().unwrap();
    let genau = "g".repeat(256);
    a.write_all(format!("{genau}\r\n").as_bytes()).unwrap();
    assert_eq!(zeile(&mut b), format!("{ich}: {genau}"));
    a.write_all(format!("{genau}g\n").as_bytes()).unwrap();
    assert_eq!(lies_bis_fin(&mut a), b"! Zeile zu lang\n");
}

// ---------------------------------------------------------------- Aufgabe 14

#[test]
fn rechner_hat_eine_obergrenze_fuer_clients() {
    let (_server, adresse) = Prozess::server("loesung_14_json_rechner", &[]);
    let mut alle = Vec::new();
    for _ in 0..64 {
        let mut v = verbinde(adresse);
        v.write_all(b"{\"op\":\"add\",\"a\":1,\"b\":2}\n").unwrap();
        assert_eq!(zeile(&mut v), r#"{"ergebnis":3.0,"ok":true}"#);
        alle.push(v);
    }
    let mut zuviel = verbinde(adresse);
    let antwort = String::from_utf8(lies_bis_fin(&mut zuviel)).unwrap();
    assert_eq!(antwort, "{\"fehler\":\"Server voll\",\"ok\":false}\n");
    // Geht einer, ist wieder Platz.
    drop(alle.pop());
    let ende = Instant::now() + frist();
    loop {
        let mut v = verbinde(adresse);
        v.write_all(b"{\"op\":\"mul\",\"a\":2,\"b\":3}\n").unwrap();
        let z = zeile(&mut v);
        if z == r#"{"ergebnis":6.0,"ok":true}"# {
            break;
        }
        assert!(Instant::now() < ende, "Der Platz wird nicht frei: {z}");
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn rechner_unendlich_ist_ein_fehler() {
    let (_server, adresse) = Prozess::server("loesung_14_json_rechner", &[]);
    let mut v = verbinde(adresse);
    v.write_all(b"{\"op\":\"mul\",\"a\":1e308,\"b\":10}\n")
        .unwrap();
    assert_eq!(zeile(&mut v), r#"{"fehler":"Ergebnis zu groß","ok":false}"#);
}

#[test]
fn rechner_zu_lange_zeile_meldung_und_sauberes_ende() {
    let (_server, adresse) = Prozess::server("loesung_14_json_rechner", &[]);
    let mut v = verbinde(adresse);
    v.write_all(&[b' '; 30_000]).unwrap();
    assert_eq!(
        lies_bis_fin(&mut v),
        b"{\"fehler\":\"Zeile zu lang\",\"ok\":false}\n"
    );
}

// ---------------------------------------------------------------- Aufgabe 17

#[test]
fn tuersteher_nicht_leser_gibt_seinen_platz_frei() {
    let (_server, adresse) = Prozess::server(
        "loesung_17_tuersteher",
        &["--max-clients", "1", "--timeout-ms", "60000"],
    );
    let flut = verbinde(adresse);
    socket2::SockRef::from(&flut)
        .set_recv_buffer_size(4096)
        .unwrap();
    // Schickt Zeilen, liest aber nie: Die Antworten stauen sich, bis der
    // Server beim Schreiben hängt.
    let faden = thread::spawn(move || {
        // 64 Zeilen je write(): Der Test selbst soll auf einem ausgelasteten
        // Rechner nicht die CPU-Zeit verbrauchen, die der Server braucht.
        let block = format!("{}\n", "z".repeat(200)).repeat(64);
        for _ in 0..3_200 {
            if (&flut).write_all(block.as_bytes()).is_err() {
                break;
            }
        }
        flut
    });
    // Bis der Server beim Schreiben hängt, füllen sich Sende- und
    // Empfangspuffer (unter Linux einige MiB, stückweise): großzügige Frist,
    // auch für einen Rechner mit zwei CPU-Fressern daneben.
    let ende = Instant::now() + 6 * frist();
    loop {
        let mut v = verbinde(adresse);
        let z = zeile(&mut v);
        if z == "Willkommen" {
            break;
        }
        assert_eq!(z, "! Server voll");
        assert!(
            Instant::now() < ende,
            "Der Platz des Nicht-Lesers wird nie frei"
        );
        thread::sleep(Duration::from_millis(200));
    }
    drop(faden.join());
}

#[test]
fn tuersteher_absage_kommt_vor_einem_sauberen_ende_an() {
    let (_server, adresse) = Prozess::server("loesung_17_tuersteher", &["--max-clients", "1"]);
    let mut drin = verbinde(adresse);
    assert_eq!(zeile(&mut drin), "Willkommen");
    let mut zuviel = verbinde(adresse);
    zuviel.write_all(&[b'q'; 10_000]).unwrap();
    assert_eq!(lies_bis_fin(&mut zuviel), b"! Server voll\n");
}

#[test]
fn tuersteher_lehnt_unsinnige_werte_auf_deutsch_ab() {
    for args in [
        ["--max-clients", "abc"],
        ["--max-clients", "0"],
        ["--timeout-ms", "-1"],
        ["--timeout-ms", "99999999999999999999"],
    ] {
        let lauf = common::lauf_bis_ende({
            let mut b = Command::new(beispiel("loesung_17_tuersteher"));
            b.args(args);
            b
        });
        assert!(!lauf.erfolg);
        assert!(lauf.stderr.starts_with("Fehler: "), "{}", lauf.stderr);
        assert!(lauf.stderr.contains(args[0]), "{}", lauf.stderr);
        assert!(!lauf.stderr.contains("invalid digit"), "{}", lauf.stderr);
    }
}

// ---------------------------------------------- EMFILE (nur Linux, ulimit -n)

/// Startet `name` mit `ulimit -n 32`, belegt alle Deskriptoren mit bedienten
/// Clients und stellt zwei weitere an. Verlangt: höchstens 30 % CPU, solange
/// accept() mit EMFILE scheitert, und die wartenden werden bedient, sobald
/// Deskriptoren frei sind.
#[cfg(target_os = "linux")]
fn ohne_deskriptoren(
    name: &str,
    args: &[&str],
    wartende_bedient: bool,
    bedient: fn(&mut TcpStream) -> bool,
) {
    let mut befehl = Command::new(beispiel(name));
    befehl.arg("127.0.0.1:0").args(args);
    let mut server = emfile::starte_mit_dateilimit(name, befehl, 32);
    let adresse = server.adresse_aus_erster_zeile();
    let mut belegt = Vec::new();
    for _ in 0..40 {
        let mut v = verbinde(adresse);
        v.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        if !bedient(&mut v) {
            break;
        }
        belegt.push(v);
    }
    assert!(belegt.len() < 40, "{name}: ulimit wirkt nicht");
    let mut wartend: Vec<TcpStream> = (0..2).map(|_| verbinde(adresse)).collect();
    let anteil = emfile::cpu_anteil(server.pid(), Duration::from_secs(1));
    assert!(
        anteil < 0.3,
        "{name} kreiselt ohne Dateideskriptoren: {:.0} % CPU",
        anteil * 100.0
    );
    drop(belegt);
    if wartende_bedient {
        for v in &mut wartend {
            v.set_read_timeout(Some(frist())).unwrap();
            assert!(bedient(v), "{name}: wartender Client nicht bedient");
        }
    } else {
        // Wer wartete, bekam vielleicht eine Absage; ein neuer Client kommt
        // herein, sobald Deskriptoren frei sind.
        let ende = Instant::now() + frist();
        loop {
            let mut v = verbinde(adresse);
            if bedient(&mut v) {
                break;
            }
            assert!(Instant::now() < ende, "{name}: niemand wird mehr bedient");
            thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(server.laeuft());
}

#[cfg(target_os = "linux")]
#[test]
fn rechner_ohne_deskriptoren_kreiselt_nicht() {
    ohne_deskriptoren("loesung_14_json_rechner", &[], true, |v| {
        v.write_all(b"{\"op\":\"sub\",\"a\":5,\"b\":2}\n").is_ok()
            && matches!(lies_zeile(v), Some(z) if z == r#"{"ergebnis":3.0,"ok":true}"#)
    });
}

#[cfg(target_os = "linux")]
#[test]
fn tuersteher_ohne_deskriptoren_kreiselt_nicht() {
    ohne_deskriptoren(
        "loesung_17_tuersteher",
        &["--max-clients", "1000"],
        true,
        |v| matches!(lies_zeile(v), Some(z) if z == "Willkommen"),
    );
}

#[cfg(target_os = "linux")]
#[test]
fn chat_ohne_deskriptoren_kreiselt_nicht() {
    ohne_deskriptoren(
        "loesung_13_chat",
        &[],
        false,
        |v| matches!(lies_zeile(v), Some(z) if z.starts_with("Willkommen ")),
    );
}

/// Wie [`zeile`], aber `None` bei Timeout, Fehler oder sofortigem Ende.
#[cfg(target_os = "linux")]
fn lies_zeile(v: &mut TcpStream) -> Option<String> {
    let mut zeile = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match v.read(&mut byte) {
            Ok(0) => return None,
            Ok(_) if byte[0] == b'\n' => return Some(String::from_utf8_lossy(&zeile).into()),
            Ok(_) => zeile.push(byte[0]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

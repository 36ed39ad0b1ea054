//! Feindliche Clients gegen die Musterlösungen der Aufgaben 01 bis 09.
//!
//! Schüler kopieren Musterlösungen; deshalb muss jede überstehen, was auch die
//! Beispiele des Buchs überstehen:
//! - Clients, die sofort nach dem Verbinden ein RST schicken (01 beendete sich
//!   daran über `peer_addr()?`);
//! - keine freien Dateideskriptoren (EMFILE, nur Linux): kein Kreiseln, und
//!   der wartende Client wird bedient, sobald wieder Deskriptoren frei sind;
//! - ein stiller Client in einem seriellen Server (02, 03, 05, 09, auch die
//!   Python-Fassungen): Er wird nach der Frist mit Grund getrennt, der nächste
//!   Client kommt dran;
//! - sauberes Ende: Wer hinter seiner letzten Zeile noch Daten schickt, bekommt
//!   die Antwort und danach ein FIN, kein RST;
//! - UDP (04): keine Antwort auf leere Datagramme und auf Antworten, sonst
//!   schaukeln sich zwei Server gegenseitig auf;
//! - Steuerzeichen von Clients und Servern erscheinen entschärft im Terminal.
//!
//! Geprüft wird, was über den Socket kommt, Byte für Byte.

mod common;
mod emfile;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Prozess, beispiel, frist, lauf_bis_ende, verbinde, wurzel};

/// Liest, bis der Server schließt (höchstens `max` Bytes). Ein RST statt des
/// sauberen Endes lässt den Test scheitern.
fn lies_bis_fin(verbindung: &mut TcpStream, max: usize) -> Vec<u8> {
    let mut alles = Vec::new();
    let mut puffer = [0u8; 4096];
    loop {
        match verbindung.read(&mut puffer) {
            Ok(0) => return alles,
            Ok(n) => {
                alles.extend_from_slice(&puffer[..n]);
                assert!(alles.len() <= max, "mehr als {max} Bytes: {alles:?}");
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!(
                "statt eines sauberen Endes: {e} ({:?}); angekommen: {:?}",
                e.kind(),
                String::from_utf8_lossy(&alles)
            ),
        }
    }
}

/// Eine Musterlösung: als Cargo-Beispiel oder als Python-Datei.
#[derive(Clone, Copy)]
enum Loesung {
    Rust(&'static str),
    Python(&'static str),
}

impl Loesung {
    fn befehl(self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut befehl = match self {
            Loesung::Rust(name) => Command::new(beispiel(name)),
            Loesung::Python(datei) => {
                let mut b = Command::new("python3");
                b.arg(wurzel().join("loesungen").join(datei));
                b
            }
        };
        befehl.args(args);
        for (k, v) in env {
            befehl.env(k, v);
        }
        befehl
    }

    fn name(self) -> &'static str {
        match self {
            Loesung::Rust(n) | Loesung::Python(n) => n,
        }
    }

    /// Startet die Lösung auf `127.0.0.1:0` und liest die Adresse.
    fn server(self, args: &[&str], env: &[(&str, &str)]) -> (Prozess, SocketAddr) {
        let mut alle = vec!["127.0.0.1:0"];
        alle.extend_from_slice(args);
        let mut server = Prozess::starte_befehl(self.name(), self.befehl(&alle, env));
        let adresse = server.adresse_aus_erster_zeile();
        (server, adresse)
    }
}

/// Eine kleine Dienstedatei für 09, je Testprozess eine eigene.
fn dienstedatei() -> String {
    let pfad = std::env::temp_dir().join(format!("loesungen_09_{}.txt", std::process::id()));
    std::fs::write(&pfad, "http 80/tcp www\nssh 22/tcp\n").expect("Dienstedatei schreiben");
    pfad.to_string_lossy().into_owned()
}

/// Was ein serieller Server auf eine Anfrage antwortet.
struct Gespraech {
    loesung: Loesung,
    anfrage: &'static [u8],
    antwort: &'static [u8],
}

fn serielle_gespraeche() -> Vec<Gespraech> {
    let g = |loesung, anfrage, antwort| Gespraech {
        loesung,
        anfrage,
        antwort,
    };
    vec![
        g(
            Loesung::Rust("loesung_02_bestaetigung"),
            b"Ada\n",
            b"Verbindung hergestellt, Ada! Du bist Client Nr. 1.\n",
        ),
        g(
            Loesung::Python("loesung_02_bestaetigung.py"),
            b"Ada\n",
            b"Verbindung hergestellt, Ada! Du bist Client Nr. 1.\n",
        ),
        g(
            Loesung::Rust("loesung_03_echo"),
            b"bye\n",
            "Tschüss!\n".as_bytes(),
        ),
        g(
            Loesung::Python("loesung_03_echo.py"),
            b"bye\n",
            "Tschüss!\n".as_bytes(),
        ),
        g(
            Loesung::Rust("loesung_05_summe"),
            b"4\nende\n",
            b"Summe: 4\nErgebnis: 4\n",
        ),
        g(
            Loesung::Rust("loesung_09_dienste"),
            b"ssh/tcp\n",
            b"ssh/tcp 22\n",
        ),
    ]
}

/// 01 beendete sich, wenn ein Client vor accept() schon wieder weg war:
/// `peer_addr()` scheitert dann mit ENOTCONN, und `?` verließ die Schleife.
#[test]
fn portansage_uebersteht_clients_die_sofort_zuruecksetzen() {
    let (mut server, adresse) = Loesung::Rust("loesung_01_portansage").server(&[], &[]);
    for _ in 0..100 {
        let verbindung = verbinde(adresse);
        // SO_LINGER 0: close() schickt ein RST statt eines FIN.
        socket2::SockRef::from(&verbindung)
            .set_linger(Some(Duration::ZERO))
            .expect("SO_LINGER setzen");
        drop(verbindung);
    }
    let mut verbindung = verbinde(adresse);
    let ich = verbindung.local_addr().expect("eigene Adresse");
    let antwort = lies_bis_fin(&mut verbindung, 100);
    assert_eq!(antwort, format!("Du kommst von {ich}\n").as_bytes());
    assert!(server.laeuft(), "Server beendet:\n{}", server.terminal());
}

/// Ein stiller Client hält einen seriellen Server nur bis zur Frist auf: Er
/// bekommt eine Fehlerzeile und ein sauberes Ende, der nächste Client seine
/// Antwort.
#[test]
fn stiller_client_wird_nach_der_frist_getrennt() {
    let datei = dienstedatei();
    for g in serielle_gespraeche() {
        let name = g.loesung.name();
        let (mut server, adresse) = g
            .loesung
            .server(&["--timeout", "1"], &[("DIENSTE_DATEI", datei.as_str())]);
        let mut still = verbinde(adresse);
        let mut naechster = verbinde(adresse);
        naechster.write_all(g.anfrage).expect("Anfrage senden");
        naechster.shutdown(std::net::Shutdown::Write).expect("FIN");
        let beginn = Instant::now();
        let abschied = lies_bis_fin(&mut still, 1000);
        drop(still);
        let text = String::from_utf8_lossy(&abschied);
        assert!(
            text.starts_with("Fehler: ") && text.ends_with('\n') && text.lines().count() == 1,
            "{name}: der stille Client bekam {text:?}"
        );
        assert_eq!(
            lies_bis_fin(&mut naechster, 1000),
            g.antwort,
            "{name}: Antwort an den nächsten Client"
        );
        assert!(
            beginn.elapsed() < Duration::from_secs(10),
            "{name}: zu langsam: {:?}",
            beginn.elapsed()
        );
        assert!(server.laeuft(), "{name} beendet:\n{}", server.terminal());
    }
}

/// Wer hinter seiner letzten Zeile noch 200 KB schickt, bekommt trotzdem die
/// Antwort und ein FIN: Der Server liest begrenzt weg, statt mit ungelesenen
/// Daten zu schließen (das gäbe ein RST, und die Antwort ginge verloren).
#[test]
fn letzte_antwort_kommt_auch_wenn_der_client_weiterschickt() {
    let datei = dienstedatei();
    let muell = vec![b'x'; 200_000];
    let mut faelle: Vec<(Loesung, Vec<u8>, Vec<u8>)> = Vec::new();
    // 09 erwartet nach der Anfrage weitere Zeilen; dort prüft das die zu lange Zeile.
    for g in serielle_gespraeche()
        .into_iter()
        .filter(|g| g.loesung.name() != "loesung_09_dienste")
    {
        let mut anfrage = g.anfrage.to_vec();
        anfrage.extend_from_slice(&muell);
        faelle.push((g.loesung, anfrage, g.antwort.to_vec()));
    }
    let zu_lang = |loesung, grenze: usize, zeile: &str| {
        let mut anfrage = vec![b'a'; grenze + 1];
        anfrage.push(b'\n');
        anfrage.extend_from_slice(&muell);
        (loesung, anfrage, format!("Fehler: {zeile}\n").into_bytes())
    };
    let name_zu_lang = "Name zu lang (höchstens 100 Bytes)";
    let zeile_zu_lang = "Zeile zu lang (höchstens 1024 Bytes)";
    faelle.push(zu_lang(
        Loesung::Rust("loesung_02_bestaetigung"),
        100,
        name_zu_lang,
    ));
    faelle.push(zu_lang(
        Loesung::Python("loesung_02_bestaetigung.py"),
        100,
        name_zu_lang,
    ));
    faelle.push(zu_lang(
        Loesung::Rust("loesung_03_echo"),
        1024,
        zeile_zu_lang,
    ));
    faelle.push(zu_lang(
        Loesung::Python("loesung_03_echo.py"),
        1024,
        zeile_zu_lang,
    ));
    faelle.push(zu_lang(
        Loesung::Rust("loesung_05_summe"),
        100,
        "Zeile zu lang",
    ));
    faelle.push(zu_lang(
        Loesung::Rust("loesung_09_dienste"),
        256,
        "Zeile zu lang",
    ));
    for (loesung, anfrage, erwartet) in faelle {
        let name = loesung.name();
        let (_server, adresse) = loesung.server(&[], &[("DIENSTE_DATEI", datei.as_str())]);
        let mut verbindung = verbinde(adresse);
        // Schreiben in einem eigenen Thread: Der Server liest vielleicht nicht
        // alles, dann darf das Schreiben scheitern.
        let mut schreiber = verbindung.try_clone().expect("Verbindung klonen");
        let schreiben = std::thread::spawn(move || {
            let _ = schreiber.write_all(&anfrage);
            let _ = schreiber.shutdown(std::net::Shutdown::Write);
        });
        let antwort = lies_bis_fin(&mut verbindung, 10_000);
        assert_eq!(
            String::from_utf8_lossy(&antwort),
            String::from_utf8_lossy(&erwartet),
            "{name}"
        );
        schreiben.join().expect("Schreib-Thread");
    }
}

/// 04 antwortet auf Anfragen, aber nie auf leere Datagramme und nie auf etwas,
/// das selbst eine Antwort ist. Sonst genügte ein gefälschtes Datagramm, und
/// zwei Server schickten sich ewig `FEHLER unbekannte Anfrage` zu.
#[test]
fn zeitansage_antwortet_nicht_auf_leeres_und_auf_antworten() {
    for loesung in [
        Loesung::Rust("loesung_04_zeitansage"),
        Loesung::Python("loesung_04_zeitansage.py"),
    ] {
        let name = loesung.name();
        let (_server, adresse) = loesung.server(&[], &[]);
        let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
        socket.set_read_timeout(Some(frist())).expect("Timeout");
        for stumm in [
            &b""[..],
            b"FEHLER unbekannte Anfrage",
            b"ZEIT 1732240000",
            b"ZEIT 1\n",
        ] {
            socket.send_to(stumm, adresse).expect("senden");
        }
        socket.send_to(b"HALLO", adresse).expect("senden");
        socket.send_to(b"ZEIT\n", adresse).expect("senden");
        let mut puffer = [0u8; 1500];
        let (n, _) = socket.recv_from(&mut puffer).expect("erste Antwort");
        assert_eq!(&puffer[..n], b"FEHLER unbekannte Anfrage", "{name}");
        let (n, _) = socket.recv_from(&mut puffer).expect("zweite Antwort");
        assert!(
            puffer[..n].starts_with(b"ZEIT "),
            "{name}: {:?}",
            &puffer[..n]
        );
        socket
            .set_read_timeout(Some(Duration::from_millis(300)))
            .expect("Timeout");
        assert!(
            socket.recv_from(&mut puffer).is_err(),
            "{name}: eine Antwort zu viel: {:?}",
            String::from_utf8_lossy(&puffer)
        );
    }
}

/// Steuerzeichen und Zeilenumbrüche eines Clients erscheinen im Terminal des
/// Servers entschärft: keine gefälschte Logzeile, kein ESC.
#[test]
fn steuerzeichen_von_clients_erscheinen_entschaerft() {
    let (mut server, adresse) = Loesung::Rust("loesung_04_zeitansage").server(&[], &[]);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
    socket.set_read_timeout(Some(frist())).expect("Timeout");
    socket
        .send_to(b"x\n[127.0.0.1:9999] GEFAELSCHT\x1b[2J", adresse)
        .expect("senden");
    let mut puffer = [0u8; 1500];
    socket.recv_from(&mut puffer).expect("Antwort");
    server.warte_auf("GEFAELSCHT");

    let (mut server2, adresse2) = Loesung::Rust("loesung_02_bestaetigung").server(&[], &[]);
    let mut verbindung = verbinde(adresse2);
    verbindung.write_all(b"Ada\x1b[2J\n").expect("senden");
    lies_bis_fin(&mut verbindung, 1000);
    server2.warte_auf("bestätigt");

    for p in [&server, &server2] {
        let terminal = p.terminal();
        assert!(!terminal.contains('\x1b'), "ESC im Terminal:\n{terminal}");
        assert!(
            !terminal.lines().any(|z| z.starts_with("[127.0.0.1:9999]")),
            "gefälschte Zeile:\n{terminal}"
        );
    }
}

/// Auch die Clients 06 und 08 zeigen Steuerzeichen eines Servers entschärft.
#[test]
fn clients_zeigen_steuerzeichen_des_servers_entschaerft() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binden");
    let adresse = listener.local_addr().expect("Adresse");
    let antworte = move |anzahl: usize| {
        std::thread::spawn(move || {
            let mut gespraeche = Vec::new();
            for _ in 0..anzahl {
                let (mut verbindung, _) = listener.accept().expect("accept");
                // Antworten, FIN schicken und lesen, bis der Client schließt:
                // Schlössen wir mit ungelesenem „HALLO“, käme ein RST an.
                gespraeche.push(std::thread::spawn(move || {
                    let _ = verbindung.set_read_timeout(Some(frist()));
                    let _ = verbindung.write_all(b"Hallo\x1b[2J\n");
                    let _ = verbindung.shutdown(std::net::Shutdown::Write);
                    let _ = verbindung.read_to_end(&mut Vec::new());
                }));
            }
            for g in gespraeche {
                g.join().expect("Gesprächs-Thread");
            }
        })
    };
    let server = antworte(3);
    let ziel = adresse.to_string();
    let lauf = lauf_bis_ende({
        let mut b = Command::new(beispiel("loesung_08_ausweichserver"));
        b.arg(&ziel);
        b
    });
    assert!(lauf.erfolg, "08: {}", lauf.stderr);
    assert!(
        lauf.stdout.contains("Antwort: Hallo\\u{1b}[2J"),
        "08: {}",
        lauf.stdout
    );
    let lauf = lauf_bis_ende({
        let mut b = Command::new(beispiel("loesung_06_zwei_server"));
        b.args([&ziel, &ziel]);
        b
    });
    assert!(lauf.erfolg, "06: {}", lauf.stderr);
    assert!(!lauf.stdout.contains('\x1b'), "06: {}", lauf.stdout);
    assert!(
        lauf.stdout.contains("A: Hallo\\u{1b}[2J"),
        "06: {}",
        lauf.stdout
    );
    server.join().expect("Server-Thread");
}

/// Die Python-Lösungen beantworten `--help` und lehnen Falsches auf Deutsch
/// mit Exit-Code 2 ab (die Rust-Programme prüft tests/kommandozeile.rs).
#[test]
fn python_loesungen_haben_eine_deutsche_kommandozeile() {
    for datei in [
        "loesungen/loesung_02_bestaetigung.py",
        "loesungen/loesung_03_echo.py",
        "loesungen/loesung_04_zeitansage.py",
        "python/aufgabe_01_portansage.py",
        "python/aufgabe_02_bestaetigung.py",
        "python/aufgabe_03_echo.py",
        "python/aufgabe_04_zeitansage.py",
        "python/aufgabe_05_summe.py",
    ] {
        let lauf = |args: &[&str]| {
            let mut b = Command::new("python3");
            b.arg(wurzel().join(datei)).args(args);
            let mut b2 = Command::new("python3");
            b2.arg(wurzel().join(datei)).args(args);
            let status = b2
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("python3 starten");
            (lauf_bis_ende(b), status.code())
        };
        for schalter in ["--help", "-h"] {
            let (l, code) = lauf(&[schalter]);
            assert!(
                l.stdout.starts_with("Aufruf:"),
                "{datei} {schalter}: {}",
                l.stdout
            );
            assert_eq!(code, Some(0), "{datei} {schalter}");
        }
        for falsch in [
            &["--kein schalter"][..],
            &["127.0.0.1:abc"],
            &["127.0.0.1:0", "zu viel"],
        ] {
            let (l, code) = lauf(falsch);
            assert!(
                l.stderr.starts_with("Fehler: "),
                "{datei} {falsch:?}: {}",
                l.stderr
            );
            assert!(
                l.stderr.contains("Aufruf:"),
                "{datei} {falsch:?}: {}",
                l.stderr
            );
            assert_eq!(code, Some(2), "{datei} {falsch:?}");
        }
    }
}

/// Ohne freie Dateideskriptoren scheitert accept() mit EMFILE, und zwar
/// sofort wieder, solange der Client in der Warteschlange steht. Verlangt:
/// Der Server dreht dabei nicht heiß (höchstens 15 % eines Kerns) und bedient
/// den Client, sobald wieder Deskriptoren frei sind. Das Limit setzt der Test
/// mit prlimit(2) am laufenden Server: erst auf die Zahl der offenen
/// Deskriptoren, danach zurück.
#[cfg(target_os = "linux")]
#[test]
fn ohne_dateideskriptoren_kein_kreiseln() {
    let datei = dienstedatei();
    let mut faelle: Vec<(Loesung, &[u8], &[u8])> = vec![(
        Loesung::Rust("loesung_01_portansage"),
        b"",
        b"Du kommst von ",
    )];
    for g in serielle_gespraeche() {
        faelle.push((g.loesung, g.anfrage, g.antwort));
    }
    for (loesung, anfrage, erwartet) in faelle {
        let name = loesung.name();
        let (mut server, adresse) = loesung.server(&[], &[("DIENSTE_DATEI", datei.as_str())]);
        let pid = server.pid();
        // open() und accept() nehmen den kleinsten freien Deskriptor; liegt
        // er am Limit, scheitern sie mit EMFILE.
        let offen = emfile::offene_deskriptoren(pid);
        let kleinster_freier = (0..)
            .find(|fd| !offen.contains(fd))
            .expect("freier Deskriptor");
        emfile::warte_auf_accept(pid, name);
        let vorher = emfile::setze_dateilimit(pid, kleinster_freier);
        // Ein accept(), das schon wartet, hat seinen Deskriptor vorher
        // reserviert (Linux): Dieser erste Client wird noch bedient, erst das
        // nächste accept() scheitert.
        let mut erster = verbinde(adresse);
        erster.write_all(anfrage).expect("Anfrage senden");
        erster.shutdown(std::net::Shutdown::Write).expect("FIN");
        assert!(
            lies_bis_fin(&mut erster, 1000).starts_with(erwartet),
            "{name}: erster Client"
        );
        drop(erster);
        let mut wartend = verbinde(adresse);
        wartend.write_all(anfrage).expect("Anfrage senden");
        wartend.shutdown(std::net::Shutdown::Write).expect("FIN");
        let anteil = emfile::cpu_anteil(pid, Duration::from_secs(1));
        // Solange das Limit gilt, kann der Server den Client nicht annehmen.
        wartend
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("Timeout");
        let mut puffer = [0u8; 64];
        let frueh = wartend.read(&mut puffer);
        emfile::setze_dateilimit(pid, vorher);
        assert!(
            anteil < 0.15,
            "{name} kreiselt ohne Dateideskriptoren: {:.0} % CPU\n{}",
            anteil * 100.0,
            server.terminal()
        );
        assert!(
            frueh.is_err(),
            "{name}: Der Test hat kein EMFILE erzeugt (Antwort {frueh:?})"
        );
        wartend.set_read_timeout(Some(frist())).expect("Timeout");
        let antwort = lies_bis_fin(&mut wartend, 1000);
        assert!(
            // Nur der Anfang: Die Nummer in 02 zählt weiter.
            antwort.starts_with(&erwartet[..erwartet.len().min(14)]),
            "{name}: wartender Client bekam {:?}\n{}",
            String::from_utf8_lossy(&antwort),
            server.terminal()
        );
        assert!(server.laeuft(), "{name} beendet:\n{}", server.terminal());
    }
}

//! Szenarien zu Kapitel „TCP in einer Schleife“, Teil 1: die Zwillinge der
//! Vorlage (`original_tcp_server`, `original_tcp_client`) mit den Python-
//! Programmen im Stil der Vorlage, was die Zwillinge falsch machen, und die
//! Schritte `tcp_server_schritt1` bis `3` bis hin zu `tcp_server`.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::time::Duration;

use common::{Prozess, Transkript, frist, verbinde};

/// Startet ein Programm aus `python/original/` mit `python3 -u`.
fn python(skript: &str, args: &[&str]) -> Prozess {
    let mut befehl = Command::new("python3");
    befehl
        .arg("-u")
        .arg(format!("python/original/{skript}"))
        .args(args);
    Prozess::starte_befehl(skript, befehl)
}

/// Liest genau `n` Bytes (mit der Frist aus `verbinde`).
fn lies_bytes(c: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut puffer = vec![0; n];
    c.read_exact(&mut puffer).unwrap();
    puffer
}

/// Liest, bis die Gegenseite schließt oder ein Fehler kommt.
fn lies_bis_zum_ende(c: &mut TcpStream) -> (Vec<u8>, std::io::Result<()>) {
    let mut alles = Vec::new();
    let mut puffer = [0u8; 4096];
    loop {
        match c.read(&mut puffer) {
            Ok(0) => return (alles, Ok(())),
            Ok(n) => alles.extend_from_slice(&puffer[..n]),
            Err(e) => return (alles, Err(e)),
        }
    }
}

/// Eine Nachricht vom Client, die Antwort tippt die Bedienerin am Server.
/// `vor` steht vor der Nachricht im Server-Terminal (`[127.0.0.1] ` beim
/// Zwilling), `vor_antwort` vor der Antwort beim Client.
fn frage_und_antwort(
    client: &mut Prozess,
    server: &mut Prozess,
    (frage, antwort): (&str, &str),
    vor: &str,
    vor_antwort: &str,
) {
    client.warte_auf("Nachricht: ");
    client.tippe(frage);
    server.warte_auf(&format!("{vor}{frage}\nAntwort: "));
    server.tippe(antwort);
    client.warte_auf(&format!("{vor_antwort}{antwort}\n"));
}

/// Startet den Störsender vor `ziel`: Stückchen zu 5 Bytes, 300 ms Pause.
fn stoerer_vor(ziel: SocketAddr) -> (Prozess, SocketAddr) {
    let ziel = ziel.to_string();
    let args = ["tcp", "--von", "127.0.0.1:0", "--nach", &ziel];
    let mut p = Prozess::starte("stoerer", &[&args[..], &STOERUNG[..]].concat());
    let adresse = p.adresse_aus_erster_zeile();
    (p, adresse)
}
const STOERUNG: [&str; 4] = ["--stueckchen", "5", "--pause", "300ms"];

/// Ein Transkript, in dem die Ports aus den Befehlen des Buchs (50000 für
/// den Server, 6100 für den Störsender) stehen bleiben.
fn transkript() -> Transkript {
    let mut t = Transkript::neu();
    t.port(50000, 50000).port(6100, 6100);
    t
}

// ---------------------------------------------------------------------------
// Die vier Paarungen

#[test]
fn rust_server_mit_python_client() {
    let (mut server, adresse) = Prozess::server("original_tcp_server", &[]);
    let mut client = python("tcp_client.py", &[&adresse.to_string()]);
    let ip = "[127.0.0.1] ";
    for paar in [
        ("Hallo aus Python!", "Hallo aus Rust!"),
        ("Wie geht es dir?", "Gut, danke."),
    ] {
        frage_und_antwort(&mut client, &mut server, paar, ip, ip);
    }
    client.warte_auf("Nachricht: ");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "original_tcp_server",
            "cargo run --example original_tcp_server",
            &server,
        )
        .terminal(
            "original_tcp_python_client",
            "python3 python/original/tcp_client.py 127.0.0.1:50000",
            &client,
        )
        .pruefe();
}

#[test]
fn python_server_mit_rust_client() {
    let mut server = python("tcp_server.py", &["127.0.0.1:0"]);
    let adresse = server.adresse_aus_erster_zeile();
    let mut client = Prozess::starte("original_tcp_client", &[&adresse.to_string()]);
    let ip = "[127.0.0.1] ";
    for paar in [
        ("Hallo aus Rust!", "Hallo aus Python!"),
        ("Verstehen wir uns?", "Byte für Byte."),
    ] {
        frage_und_antwort(&mut client, &mut server, paar, ip, ip);
    }
    client.warte_auf("Nachricht: ");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "original_tcp_python_server",
            "python3 python/original/tcp_server.py 127.0.0.1:50000",
            &server,
        )
        .terminal(
            "original_tcp_client",
            "cargo run --example original_tcp_client",
            &client,
        )
        .pruefe();
}

/// Die Server der Vorlage schicken die Antwort ohne Zeilenende und bedienen
/// danach den nächsten Client.
fn server_schickt_bytes_wie_die_vorlage(mut server: Prozess, adresse: SocketAddr) {
    let mut c = verbinde(adresse);
    c.write_all(b"Hallo").unwrap();
    server.warte_auf("[127.0.0.1] Hallo\nAntwort: ");
    server.tippe("Antwort eins");
    assert_eq!(lies_bytes(&mut c, 12), b"Antwort eins");
    c.write_all(b"Noch was").unwrap();
    server.warte_auf("[127.0.0.1] Noch was\nAntwort: ");
    server.tippe("zwei");
    // Stünde ein `\n` hinter „Antwort eins“, käme es jetzt zuerst.
    assert_eq!(lies_bytes(&mut c, 4), b"zwei");
    drop(c);
    let mut naechster = verbinde(adresse);
    naechster.write_all(b"Der Naechste").unwrap();
    server.warte_auf("[127.0.0.1] Der Naechste\nAntwort: ");
    server.tippe("Bitte");
    assert_eq!(lies_bytes(&mut naechster, 5), b"Bitte");
}

#[test]
fn zwilling_server_bytes_auf_der_leitung() {
    let (server, adresse) = Prozess::server("original_tcp_server", &[]);
    server_schickt_bytes_wie_die_vorlage(server, adresse);
}

#[test]
fn python_server_bytes_auf_der_leitung() {
    let mut server = python("tcp_server.py", &["127.0.0.1:0"]);
    let adresse = server.adresse_aus_erster_zeile();
    server_schickt_bytes_wie_die_vorlage(server, adresse);
}

/// Die Clients der Vorlage schicken jede Nachricht ohne Zeilenende.
fn client_schickt_bytes_wie_die_vorlage(starte: impl FnOnce(&str) -> Prozess) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = starte(&listener.local_addr().unwrap().to_string());
    client.warte_auf("Nachricht: "); // Erst nach connect(): accept() wartet nicht.
    let (mut c, _) = listener.accept().unwrap();
    c.set_read_timeout(Some(frist())).unwrap();
    client.tippe("Hallo");
    assert_eq!(lies_bytes(&mut c, 5), b"Hallo");
    c.write_all(b"Antwort").unwrap();
    client.warte_auf("[127.0.0.1] Antwort\nNachricht: ");
    client.tippe("Zwei");
    assert_eq!(lies_bytes(&mut c, 4), b"Zwei");
}

#[test]
fn zwilling_client_bytes_auf_der_leitung() {
    client_schickt_bytes_wie_die_vorlage(|a| Prozess::starte("original_tcp_client", &[a]));
}

#[test]
fn python_client_bytes_auf_der_leitung() {
    client_schickt_bytes_wie_die_vorlage(|a| python("tcp_client.py", &[a]));
}

/// Zwillinge und Schritte: `--help` und `-h` zeigen den Aufruf; eine
/// Adresse ohne Port bekommt eine deutsche Meldung und Exit-Code 2.
#[test]
fn hilfe_und_falsche_adresse() {
    for name in [
        "original_tcp_server",
        "original_tcp_client",
        "tcp_server_schritt1",
        "tcp_server_schritt2",
        "tcp_server_schritt3",
    ] {
        for hilfe in ["--help", "-h"] {
            let mut p = Prozess::starte(name, &[hilfe]);
            p.erfolgreich();
            assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
        }
        let mut p = Prozess::starte(name, &["127.0.0.1"]);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{name}: {text}");
        assert!(text.starts_with("Fehler: Adresse \"127.0.0.1\""), "{text}");
        assert!(text.contains("Aufruf: "), "{text}");
    }
    let mut p = Prozess::starte("tcp_server_schritt3", &["127.0.0.1:0", "--timeout", "0"]);
    assert_eq!(p.warte_auf_ende().code(), Some(2), "{}", p.terminal());
}

// ---------------------------------------------------------------------------
// Was der Zwilling falsch macht, und Schritt 1: Zeilen

/// Der Störsender zerteilt „Hallo, Server!“ in Stückchen zu 5 Bytes. Der
/// Zwilling hält das erste Stückchen für eine ganze Nachricht, und auch die
/// Antwort kommt beim Client nur halb an.
#[test]
fn stoerer_zerteilt_beim_zwilling_die_nachricht() {
    let (mut server, adresse) = Prozess::server("original_tcp_server", &[]);
    let (mut stoerer, relais) = stoerer_vor(adresse);
    let mut client = Prozess::starte("original_tcp_client", &[&relais.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe("Hallo, Server!");
    server.warte_auf("[127.0.0.1] Hallo\nAntwort: ");
    // Erst wenn alles weitergeleitet ist, liegt der Rest beim Server.
    stoerer.warte_auf("14 Bytes in 3 Stückchen\n");
    server.tippe("Wie bitte?");
    client.warte_auf("[127.0.0.1] Wie b\nNachricht: ");
    server.warte_auf("[127.0.0.1] , Server!\nAntwort: ");
    stoerer.warte_auf("10 Bytes in 2 Stückchen\n");
    transkript()
        .port(adresse.port(), 50000)
        .port(relais.port(), 6100)
        .terminal(
            "original_tcp_stoerer_server",
            "cargo run --example original_tcp_server",
            &server,
        )
        .terminal(
            "original_tcp_stoerer",
            "cargo run --example stoerer -- tcp --nach 127.0.0.1:50000 --stueckchen 5 --pause 300ms",
            &stoerer,
        )
        .terminal(
            "original_tcp_stoerer_client",
            "cargo run --example original_tcp_client -- 127.0.0.1:6100",
            &client,
        )
        .pruefe();
}

/// Schritt 1 liest bis zum Zeilenende: Durch denselben Störsender kommen
/// Nachricht und Antwort ganz an.
#[test]
fn schritt1_setzt_die_stueckchen_zusammen() {
    let (mut server, adresse) = Prozess::server("tcp_server_schritt1", &[]);
    let (mut stoerer, relais) = stoerer_vor(adresse);
    let mut client = Prozess::starte("tcp_client", &[&relais.to_string()]);
    let paar = ("Hallo, Server!", "Alles angekommen.");
    frage_und_antwort(&mut client, &mut server, paar, "] ", "] ");
    stoerer.warte_auf("18 Bytes in 4 Stückchen\n");
    client.warte_auf("Nachricht: ");
    transkript()
        .port(adresse.port(), 50000)
        .port(relais.port(), 6100)
        .terminal(
            "tcp_schritt1_stoerer_server",
            "cargo run --example tcp_server_schritt1",
            &server,
        )
        .terminal(
            "tcp_schritt1_stoerer_client",
            "cargo run --example tcp_client -- 127.0.0.1:6100",
            &client,
        )
        .pruefe();
}

/// Ein zweiter Client schickt zwei Nachrichten, während er in der
/// Warteschlange steht. Der Zwilling liest beide mit einem read().
#[test]
fn zwei_nachrichten_in_einem_read_beim_zwilling() {
    let (mut server, adresse) = Prozess::server("original_tcp_server", &[]);
    let mut erster = verbinde(adresse);
    erster.write_all(b"Ich bin zuerst da.").unwrap();
    server.warte_auf("] Ich bin zuerst da.\nAntwort: ");
    let mut zweiter = verbinde(adresse);
    // Ohne Nagle geht jedes write() sofort als eigenes Segment hinaus.
    zweiter.set_nodelay(true).unwrap();
    zweiter.write_all(b"Hallo").unwrap();
    zweiter.write_all(b"Wie geht's?").unwrap();
    server.tippe("Stimmt.");
    assert_eq!(lies_bytes(&mut erster, 7), b"Stimmt.");
    drop(erster);
    server.warte_auf("[127.0.0.1] HalloWie geht's?\nAntwort: ");
    server.tippe("Eins nach dem anderen!");
    assert_eq!(lies_bytes(&mut zweiter, 22), b"Eins nach dem anderen!");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "original_tcp_zwei_in_einem",
            "cargo run --example original_tcp_server",
            &server,
        )
        .pruefe();
}

/// Schritt 1: Zwei Zeilen in einem Stück bleiben zwei Nachrichten.
#[test]
fn schritt1_trennt_zwei_nachrichten() {
    let (mut server, adresse) = Prozess::server("tcp_server_schritt1", &[]);
    let mut c = verbinde(adresse);
    c.write_all(b"Hallo\nWie geht's?\n").unwrap();
    server.warte_auf("] Hallo\nAntwort: ");
    server.tippe("Hallo!");
    server.warte_auf("] Wie geht's?\nAntwort: ");
    server.tippe("Gut.");
    assert_eq!(lies_bytes(&mut c, 12), b"Hallo!\nGut.\n");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "tcp_schritt1_zwei",
            "cargo run --example tcp_server_schritt1",
            &server,
        )
        .pruefe();
}

/// 1500 Bytes ohne Pause: Der Zwilling liest 1024 und hält sie für eine
/// Nachricht, den Rest für die nächste. Schritt 1 weist die Zeile ab.
#[test]
fn zu_lange_nachricht() {
    let (mut server, adresse) = Prozess::server("original_tcp_server", &[]);
    let mut c = verbinde(adresse);
    c.write_all(&[b'x'; 1500]).unwrap();
    server.warte_auf(&format!("] {}\nAntwort: ", "x".repeat(1024)));
    server.tippe("Das war aber lang.");
    server.warte_auf(&format!("] {}\nAntwort: ", "x".repeat(476)));
    transkript()
        .port(adresse.port(), 50000)
        .ersetze("x".repeat(1024), "xxx … (1024-mal x)")
        .ersetze("x".repeat(476), "xxx … (476-mal x)")
        .terminal(
            "original_tcp_zu_lang",
            "cargo run --example original_tcp_server",
            &server,
        )
        .pruefe();

    let (mut schritt1, adresse) = Prozess::server("tcp_server_schritt1", &[]);
    let mut c = verbinde(adresse);
    c.write_all(&[b'x'; 1500]).unwrap();
    let (bytes, _) = lies_bis_zum_ende(&mut c);
    assert!(
        bytes.starts_with(b"Fehler: Zeile l\xc3\xa4nger als 1024 Bytes oder ohne Zeilenende.\n"),
        "{:?}",
        String::from_utf8_lossy(&bytes)
    );
    schritt1.warte_auf("Warte auf einen Client …");
}

// ---------------------------------------------------------------------------
// Schritt 2: Fehler bleiben beim Client

/// Ungültiges UTF-8 beendet den Zwilling und Schritt 1.
#[test]
fn ungueltiges_utf8_beendet_zwilling_und_schritt1() {
    let (mut server, adresse) = Prozess::server("original_tcp_server", &[]);
    let mut c = verbinde(adresse);
    c.write_all(b"Gr\xfc\xdfe").unwrap();
    server.fehlgeschlagen();
    assert!(server.terminal().contains("Fehler: Kein gültiges UTF-8"));
    // Der Server ist weg: Die Verbindung endet ohne Antwort.
    assert_eq!(lies_bis_zum_ende(&mut c).0, b"");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "original_tcp_utf8",
            "cargo run --example original_tcp_server",
            &server,
        )
        .pruefe();

    let (mut schritt1, adresse) = Prozess::server("tcp_server_schritt1", &[]);
    verbinde(adresse).write_all(b"Gr\xfc\xdfe\n").unwrap();
    schritt1.fehlgeschlagen();
    assert!(schritt1.terminal().contains("Fehler: Kein gültiges UTF-8"));
}

/// Ein Client bricht mit RST ab (SO_LINGER 0): Der Zwilling und Schritt 1
/// enden mit ConnectionReset.
fn verschwinde_mit_rst(c: TcpStream) {
    socket2::SockRef::from(&c)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(c);
}

#[test]
fn verschwundener_client_beendet_zwilling_und_schritt1() {
    for (name, nachricht, vor) in [
        ("original_tcp_server", &b"Hallo"[..], "[127.0.0.1] "),
        ("tcp_server_schritt1", &b"Hallo\n"[..], "] "),
    ] {
        let (mut server, adresse) = Prozess::server(name, &[]);
        let mut c = verbinde(adresse);
        c.write_all(nachricht).unwrap();
        server.warte_auf(&format!("{vor}Hallo\nAntwort: "));
        server.tippe("Tschüss");
        lies_bytes(&mut c, "Tschüss".len());
        verschwinde_mit_rst(c);
        server.fehlgeschlagen();
        // Unter Linux heißt der Fehler ECONNRESET.
        if cfg!(target_os = "linux") && name == "original_tcp_server" {
            assert!(server.terminal().contains("Connection reset by peer"));
            transkript()
                .port(adresse.port(), 50000)
                .terminal(
                    "original_tcp_reset",
                    "cargo run --example original_tcp_server",
                    &server,
                )
                .pruefe();
        }
    }
}

/// Schritt 2: ungültiges UTF-8 erscheint als �, ein RST beendet nur diese
/// Verbindung, und der nächste Client wird bedient.
#[test]
fn schritt2_uebersteht_utf8_und_rst() {
    let (mut server, adresse) = Prozess::server("tcp_server_schritt2", &[]);
    let mut c = verbinde(adresse);
    c.write_all(b"Gr\xfc\xdfe\n").unwrap();
    server.warte_auf("] Gr\u{fffd}\u{fffd}e\nAntwort: ");
    server.tippe("Grüße zurück!");
    let erwartet = "Grüße zurück!\n".as_bytes();
    assert_eq!(lies_bytes(&mut c, erwartet.len()), erwartet);
    verschwinde_mit_rst(c);
    server.warte_auf("Fehler mit Client ");
    server.warte_auf("Warte auf einen Client …\n");
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    frage_und_antwort(
        &mut client,
        &mut server,
        ("Bin ich dran?", "Ja."),
        "] ",
        "] ",
    );
    assert!(server.laeuft());
    if cfg!(target_os = "linux") {
        transkript()
            .port(adresse.port(), 50000)
            .terminal(
                "tcp_schritt2_fehler",
                "cargo run --example tcp_server_schritt2",
                &server,
            )
            .pruefe();
    }
}

// ---------------------------------------------------------------------------
// Schritt 3: eine Frist je Zeile

/// Ein Client verbindet sich und schickt nichts. Bei Schritt 2 wartet der
/// nächste Client vergeblich; Schritt 3 trennt den stillen Client nach der
/// Frist und bedient dann den nächsten.
#[test]
fn stiller_client_haelt_schritt2_auf_und_schritt3_nicht() {
    let (mut server, adresse) = Prozess::server("tcp_server_schritt2", &[]);
    let mut still = verbinde(adresse);
    server.warte_auf("ist verbunden.");
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe("Hallo?");
    // Zwei Sekunden lang (die Frist des stillen Clients) passiert nichts.
    still
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let e = still.read(&mut [0u8; 16]).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut
    ));
    assert!(
        !server.terminal().contains("Hallo?"),
        "{}",
        server.terminal()
    );

    let (mut server, adresse) = Prozess::server("tcp_server_schritt3", &["--timeout", "1"]);
    let mut still = verbinde(adresse);
    server.warte_auf("ist verbunden.");
    let mut client = Prozess::starte("tcp_client", &[&adresse.to_string()]);
    let paar = ("Hallo?", "Entschuldige, da war jemand vor dir.");
    frage_und_antwort(&mut client, &mut server, paar, "] ", "] ");
    // Der stille Client bekommt nur das Ende der Verbindung, ohne Grund.
    assert_eq!(lies_bis_zum_ende(&mut still).0, b"");
    assert!(
        server
            .terminal()
            .contains("Frist abgelaufen: 1 s lang keine ganze Zeile")
    );
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "tcp_schritt3_frist",
            "cargo run --example tcp_server_schritt3 -- 127.0.0.1:50000 --timeout 1",
            &server,
        )
        .pruefe();
}

// ---------------------------------------------------------------------------
// Schritt 4 (tcp_server): Abschied mit Grund und sichtbare Steuerzeichen

/// Schickt 64 KiB ohne Zeilenende und liest alles bis zum Ende.
fn zu_lang_und_lesen(adresse: SocketAddr) -> (Vec<u8>, std::io::Result<()>) {
    let mut c = verbinde(adresse);
    // Großer Sendepuffer: write_all kehrt sofort zurück, und nur read()
    // erfährt vom Ende der Verbindung.
    socket2::SockRef::from(&c)
        .set_send_buffer_size(1 << 18)
        .unwrap();
    c.write_all(&vec![b'x'; 1 << 16]).unwrap();
    lies_bis_zum_ende(&mut c)
}

fn beschreibe(name: &str, (bytes, ende): &(Vec<u8>, std::io::Result<()>)) -> String {
    let ende = match ende {
        Ok(()) => "0 Bytes: sauberes Ende (FIN)".to_string(),
        Err(e) => format!("Err({:?})", e.kind()),
    };
    format!(
        "$ Test-Client: 65536 Bytes ohne Zeilenende an {name}, dann lesen bis zum Ende\n\
         gelesen: {:?}\ndanach:  {ende}\n",
        String::from_utf8_lossy(bytes)
    )
}

/// Schritt 3 schließt mit ungelesenen Daten: Unter Linux kommt die
/// Fehlerzeile noch an, danach aber ein RST. tcp_server verabschiedet sich
/// mit FIN und liest den Rest weg: ein sauberes Ende.
#[test]
fn abschied_ohne_und_mit_nachlauf() {
    let fehlerzeile = "Fehler: Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n";
    let (_schritt3, adresse) = Prozess::server("tcp_server_schritt3", &[]);
    let ohne = zu_lang_und_lesen(adresse);
    let (_server, adresse) = Prozess::server("tcp_server", &[]);
    let mit = zu_lang_und_lesen(adresse);
    assert_eq!(mit.0, fehlerzeile.as_bytes());
    assert!(mit.1.is_ok(), "{:?}", mit.1);
    if cfg!(target_os = "linux") {
        assert_eq!(ohne.0, fehlerzeile.as_bytes());
        let e = ohne.1.as_ref().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionReset);
        transkript()
            .text(
                "tcp_abschied_schritt3",
                &beschreibe("tcp_server_schritt3", &ohne),
            )
            .text("tcp_abschied_server", &beschreibe("tcp_server", &mit))
            .pruefe();
    }
}

/// Eine Zeile mit ESC-Sequenzen (Bildschirm löschen, Cursor nach oben links):
/// Schritt 3 gibt sie roh ans Terminal, tcp_server zeigt sie als \u{1b}.
#[test]
fn steuerzeichen_roh_und_sichtbar() {
    let zeile = b"\x1b[2J\x1b[HAlles weg?\n";
    let (mut schritt3, adresse3) = Prozess::server("tcp_server_schritt3", &[]);
    let mut c = verbinde(adresse3);
    c.write_all(zeile).unwrap();
    schritt3.warte_auf("] \x1b[2J\x1b[HAlles weg?\nAntwort: ");
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut c = verbinde(adresse);
    c.write_all(zeile).unwrap();
    server.warte_auf("] \\u{1b}[2J\\u{1b}[HAlles weg?\nAntwort: ");
    assert!(!server.terminal().contains('\x1b'));
    transkript()
        .port(adresse3.port(), 50000)
        .port(adresse.port(), 50000)
        .ersetze("\x1b", "␛")
        .terminal(
            "tcp_esc_schritt3",
            "cargo run --example tcp_server_schritt3",
            &schritt3,
        )
        .terminal("tcp_esc_server", "cargo run --example tcp_server", &server)
        .pruefe();
}

// ---------------------------------------------------------------------------
// Mit dem Original reden

/// Der Client der Vorlage schickt kein `\n`: tcp_server wartet auf das
/// Zeilenende, bis seine Frist abläuft, und sagt dem Client, warum er trennt.
#[test]
fn tcp_server_mit_dem_python_client_der_vorlage() {
    let (mut server, adresse) = Prozess::server("tcp_server", &["--timeout", "2"]);
    let mut client = python("tcp_client.py", &[&adresse.to_string()]);
    client.warte_auf("Nachricht: ");
    client.tippe("Hallo");
    server.warte_auf("Frist abgelaufen: 2 s lang keine ganze Zeile");
    client.warte_auf("Verbindung wird getrennt.\n\nNachricht: ");
    // Nach dem Nachlauf (der Python-Client schweigt: 2 s) ist der nächste dran.
    server.warte_auf("Warte auf einen Client …\n");
    assert!(!server.terminal().contains("] Hallo"));
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "tcp_original_server",
            "cargo run --example tcp_server -- 127.0.0.1:50000 --timeout 2",
            &server,
        )
        .terminal(
            "tcp_original_python_client",
            "python3 python/original/tcp_client.py 127.0.0.1:50000",
            &client,
        )
        .pruefe();
}

/// Mit einer geänderten Zeile (`+ "\n"`) verstehen sich beide.
#[test]
fn tcp_server_mit_dem_python_client_mit_zeilenende() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut client = python("tcp_client_zeile.py", &[&adresse.to_string()]);
    let paar = ("Hallo", "Jetzt verstehen wir uns.");
    frage_und_antwort(&mut client, &mut server, paar, "] ", "[127.0.0.1] ");
    client.warte_auf("Nachricht: ");
    transkript()
        .port(adresse.port(), 50000)
        .terminal(
            "tcp_original_zeile_client",
            "python3 python/original/tcp_client_zeile.py 127.0.0.1:50000",
            &client,
        )
        .pruefe();
}

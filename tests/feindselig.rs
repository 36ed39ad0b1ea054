//! # Feindselige Clients: Jeder Server des Buchs gegen jeden Angriff
//!
//! Tabellengetrieben: [`SERVER`] nennt jedes Server-Beispiel mit seinen
//! Argumenten, seiner Art und einem „guten Client“, der ein korrektes Gespräch
//! im Protokoll des Servers führt. [`Fall`] nennt die Angriffe:
//!
//! | Fall          | Was der feindselige Client tut                                     |
//! |---------------|--------------------------------------------------------------------|
//! | `utf8`        | schickt eine Nachricht aus ungültigem UTF-8                         |
//! | `riesenzeile` | schickt 1 MiB ohne Zeilenende                                       |
//! | `byteweise`   | der gute Client selbst schreibt jedes Byte mit einem eigenen write()|
//! | `reset`       | schickt eine halbe Nachricht und bricht mit RST ab (SO_LINGER 0)    |
//! | `leerlauf`    | hält bis zu 1000 Verbindungen offen, ohne etwas zu schicken         |
//! | `liest_nie`   | lässt den Server Antworten/Rundrufe schicken und liest sie nie      |
//! | `sofort_zu`   | verbindet sich 50-mal und schließt sofort                          |
//! | `udp_utf8`, `udp_gross` | (UDP) ungültiges UTF-8; ein Datagramm mit 65 507 Bytes    |
//!
//! Was „überlebt“ heißt, hängt ehrlich von der Art des Servers ab:
//!
//! - **Dauerhaft** (threaded_server, poll_server, json_server, http_server):
//!   Ein Prozess erlebt alle Fälle nacheinander. Der gute Client wird
//!   *gleichzeitig* (während die feindseligen Verbindungen offen sind) und
//!   *danach* korrekt bedient. Die Server laufen mit `--max-clients 1100`,
//!   sonst würde `leerlauf` absichtlich die Grenze füllen („Server voll“).
//! - **Seriell** (tcp_server): bedient einen Client nach dem anderen, also wird
//!   der gute Client erst *danach* bedient. Der Server wartet auf Antworten von
//!   der Tastatur: Die Tests tippen sie. `liest_nie` entfällt: Der Server
//!   schickt nur, was die Bedienerin tippt.
//! - **Einmalig** (hello_server, chat_server): bedienen genau einen Client und
//!   enden. „Überlebt“ heißt hier: Der Prozess endet ohne Panik, mit Exit-Code 0
//!   oder einer deutschen `Fehler: …`-Zeile. Jeder Fall bekommt einen neuen
//!   Prozess; beim Fall `byteweise` ist der gute Client der eine Client.
//!   chat_server: `liest_nie` entfällt (wie bei tcp_server).
//! - **UDP** (udp_server): nur die UDP-Fälle; der gute Client schickt ein
//!   Datagramm und der Server zeigt es an.
//!
//! Speicher: Nach jedem Fall liest der Test `VmRSS` aus `/proc/PID/status`
//! (nur Linux), gibt ihn aus und verlangt weniger als [`MAX_RSS_KIB`].
//!
//! Dateideskriptoren: `leerlauf` braucht 1000 im Test und 1000 im Server. Ist
//! das weiche Limit (`ulimit -n`) zu klein, nimmt der Test weniger
//! Verbindungen und sagt es. Die Ausgabe mit `--nocapture` zeigt die Matrix.
//!
//! Server, deren Beispieldatei fehlt, werden mit Meldung übersprungen;
//! `alle_server_sind_im_buch` verlangt, dass es sie gibt.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Prozess, verbinde, wurzel};
use socket2::SockRef;

/// Großzügige Grenze für den Speicher eines Servers (256 MiB).
const MAX_RSS_KIB: u64 = 256 * 1024;
/// So viele Leerlauf-Verbindungen, wenn das Limit für Dateien es erlaubt.
const LEERLAUF: usize = 1000;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Art {
    Dauerhaft,
    Seriell,
    Einmalig,
    Udp,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Fall {
    Utf8,
    Riesenzeile,
    Byteweise,
    Reset,
    Leerlauf,
    LiestNie,
    SofortZu,
    UdpUtf8,
    UdpGross,
}

const TCP_FAELLE: [Fall; 7] = [
    Fall::Utf8,
    Fall::Riesenzeile,
    Fall::Byteweise,
    Fall::Reset,
    Fall::Leerlauf,
    Fall::LiestNie,
    Fall::SofortZu,
];

#[derive(Clone, Copy, PartialEq)]
enum Schreibart {
    AmStueck,
    Byteweise,
}

struct Server {
    beispiel: &'static str,
    args: &'static [&'static str],
    art: Art,
    /// Ein korrektes Gespräch. Bekommt den Server-Prozess, weil interaktive
    /// Server ihre Antworten von der Tastatur lesen.
    guter_client: fn(&mut Prozess, SocketAddr, Schreibart),
    /// Wickelt Nutzdaten in den Rahmen des Protokolls (Zeile, Längenpräfix, HTTP).
    rahmen: fn(&[u8]) -> Vec<u8>,
    /// Was vor jeder feindseligen Nachricht kommt (beim Gruppenchat der Name).
    vorspann: &'static [u8],
    /// Baut den Fall `liest_nie` auf; `None`: entfällt für diesen Server.
    liest_nie: Option<fn(SocketAddr) -> Vec<TcpStream>>,
    /// Wartet auf die Reaktion des Servers auf einen Fall und tippt, falls der
    /// Server auf die Tastatur wartet.
    reaktion: fn(&mut Prozess, Fall),
}

const GRUPPENCHAT: &[&str] = &["--max-clients", "1100"];

const SERVER: &[Server] = &[
    Server {
        beispiel: "hello_server",
        args: &[],
        art: Art::Einmalig,
        guter_client: hello_gut,
        rahmen: zeile,
        vorspann: b"",
        liest_nie: Some(hello_liest_nie),
        reaktion: keine_reaktion,
    },
    Server {
        beispiel: "chat_server",
        args: &[],
        art: Art::Einmalig,
        guter_client: chat_gut,
        rahmen: zeile,
        vorspann: b"",
        liest_nie: None,
        reaktion: chat_reaktion,
    },
    Server {
        beispiel: "tcp_server",
        args: &[],
        art: Art::Seriell,
        guter_client: tcp_gut,
        rahmen: zeile,
        vorspann: b"",
        liest_nie: None,
        reaktion: tcp_reaktion,
    },
    Server {
        beispiel: "threaded_server",
        args: GRUPPENCHAT,
        art: Art::Dauerhaft,
        guter_client: gruppe_gut,
        rahmen: zeile,
        vorspann: b"Stoerenfried\n",
        liest_nie: Some(gruppe_liest_nie),
        reaktion: keine_reaktion,
    },
    Server {
        beispiel: "poll_server",
        args: GRUPPENCHAT,
        art: Art::Dauerhaft,
        guter_client: gruppe_gut,
        rahmen: zeile,
        vorspann: b"Stoerenfried\n",
        liest_nie: Some(gruppe_liest_nie),
        reaktion: keine_reaktion,
    },
    Server {
        beispiel: "json_server",
        args: &["--max-clients", "1100"],
        art: Art::Dauerhaft,
        guter_client: json_gut,
        rahmen: json_rahmen,
        vorspann: b"",
        liest_nie: Some(json_liest_nie),
        reaktion: keine_reaktion,
    },
    Server {
        beispiel: "http_server",
        args: &["--max-clients", "1100"],
        art: Art::Dauerhaft,
        guter_client: http_gut,
        rahmen: http_rahmen,
        vorspann: b"",
        liest_nie: Some(http_liest_nie),
        reaktion: keine_reaktion,
    },
    Server {
        beispiel: "udp_server",
        args: &[],
        art: Art::Udp,
        guter_client: udp_gut,
        rahmen: |b| b.to_vec(),
        vorspann: b"",
        liest_nie: None,
        reaktion: keine_reaktion,
    },
];

// ---------------------------------------------------------------------------
// Ein Test je Server: Sie laufen parallel, die Fälle darin nacheinander.

#[test]
fn hello_server_uebersteht_feindselige_clients() {
    pruefe("hello_server");
}

#[test]
fn chat_server_uebersteht_feindselige_clients() {
    pruefe("chat_server");
}

#[test]
fn tcp_server_uebersteht_feindselige_clients() {
    pruefe("tcp_server");
}

#[test]
fn threaded_server_uebersteht_feindselige_clients() {
    pruefe("threaded_server");
}

#[test]
fn poll_server_uebersteht_feindselige_clients() {
    pruefe("poll_server");
}

#[test]
fn json_server_uebersteht_feindselige_clients() {
    pruefe("json_server");
}

#[test]
fn http_server_uebersteht_feindselige_clients() {
    pruefe("http_server");
}

#[test]
fn udp_server_uebersteht_feindselige_clients() {
    pruefe("udp_server");
}

/// Im fertigen Buch fehlt keiner der Server.
#[test]
fn alle_server_sind_im_buch() {
    let fehlend: Vec<&str> = SERVER
        .iter()
        .map(|s| s.beispiel)
        .filter(|b| !vorhanden(b))
        .collect();
    assert!(
        fehlend.is_empty(),
        "Diese Server fehlen in examples/: {fehlend:?}"
    );
}

fn vorhanden(beispiel: &str) -> bool {
    wurzel()
        .join("examples")
        .join(format!("{beispiel}.rs"))
        .exists()
}

fn pruefe(beispiel: &str) {
    let server = SERVER
        .iter()
        .find(|s| s.beispiel == beispiel)
        .expect("Server steht in der Tabelle");
    if !vorhanden(beispiel) {
        println!("{beispiel}: übersprungen, examples/{beispiel}.rs gibt es noch nicht");
        return;
    }
    match server.art {
        Art::Dauerhaft | Art::Seriell => dauerhaft_oder_seriell(server),
        Art::Einmalig => einmalig(server),
        Art::Udp => udp(server),
    }
}

fn dauerhaft_oder_seriell(s: &Server) {
    let (mut p, adresse) = Prozess::server(s.beispiel, s.args);
    for fall in TCP_FAELLE {
        if fall == Fall::LiestNie && s.liest_nie.is_none() {
            println!("{:<16} {:<12} entfällt", s.beispiel, "liest_nie");
            continue;
        }
        let gehalten = angriff(s, fall, adresse);
        (s.reaktion)(&mut p, fall);
        if s.art == Art::Dauerhaft {
            // Gleichzeitig: Die feindseligen Verbindungen sind noch offen.
            (s.guter_client)(&mut p, adresse, schreibart(fall));
        }
        drop(gehalten);
        // Danach.
        (s.guter_client)(&mut p, adresse, schreibart(fall));
        assert!(
            p.laeuft(),
            "{} ist nach {fall:?} beendet:\n{}",
            s.beispiel,
            p.terminal()
        );
        melde(s, fall, &p, "überlebt, guter Client bedient");
    }
    keine_panik(s, &p);
}

fn einmalig(s: &Server) {
    for fall in TCP_FAELLE {
        if fall == Fall::LiestNie && s.liest_nie.is_none() {
            println!("{:<16} {:<12} entfällt", s.beispiel, "liest_nie");
            continue;
        }
        let (mut p, adresse) = Prozess::server(s.beispiel, s.args);
        if fall == Fall::Byteweise {
            (s.guter_client)(&mut p, adresse, Schreibart::Byteweise);
        } else {
            let gehalten = angriff(s, fall, adresse);
            (s.reaktion)(&mut p, fall);
            drop(gehalten);
        }
        let status = p.warte_auf_ende();
        let text = p.terminal();
        keine_panik(s, &p);
        assert!(
            status.success() || text.contains("Fehler: "),
            "{} endete nach {fall:?} mit {status}, aber ohne deutsche Fehlermeldung:\n{text}",
            s.beispiel
        );
        let wie = if status.success() {
            "Exit 0"
        } else {
            "Fehler: …"
        };
        println!("{:<16} {:<12} endet sauber ({wie})", s.beispiel, name(fall));
    }
}

fn udp(s: &Server) {
    let (mut p, adresse) = Prozess::server(s.beispiel, s.args);
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    for fall in [Fall::UdpUtf8, Fall::UdpGross] {
        let datagramm = match fall {
            Fall::UdpUtf8 => b"\xff\xfe\xfd kaputt".to_vec(),
            // Das größte Datagramm, das über IPv4 passt: 65 535 − 20 (IP) − 8 (UDP).
            _ => vec![b'u'; 65_507],
        };
        socket.send_to(&datagramm, adresse).unwrap();
        if fall == Fall::UdpUtf8 {
            p.warte_auf("\u{fffd}\u{fffd}\u{fffd} kaputt");
        } else {
            p.warte_auf("abgeschnitten");
        }
        udp_gut(&mut p, adresse, Schreibart::AmStueck);
        assert!(p.laeuft(), "udp_server ist beendet:\n{}", p.terminal());
        melde(s, fall, &p, "überlebt, guter Client bedient");
    }
    keine_panik(s, &p);
}

fn schreibart(fall: Fall) -> Schreibart {
    if fall == Fall::Byteweise {
        Schreibart::Byteweise
    } else {
        Schreibart::AmStueck
    }
}

fn keine_panik(s: &Server, p: &Prozess) {
    let text = p.terminal();
    assert!(
        !text.contains("panicked"),
        "{} ist in Panik geraten:\n{text}",
        s.beispiel
    );
}

fn melde(s: &Server, fall: Fall, p: &Prozess, was: &str) {
    let rss = vm_rss_kib(p.pid());
    let rss_text = rss.map_or("VmRSS ?".to_string(), |k| {
        format!("VmRSS {:.1} MiB", k as f64 / 1024.0)
    });
    println!("{:<16} {:<12} {was}, {rss_text}", s.beispiel, name(fall));
    if let Some(kib) = rss {
        assert!(
            kib < MAX_RSS_KIB,
            "{} belegt nach {fall:?} {kib} KiB",
            s.beispiel
        );
    }
}

fn name(fall: Fall) -> &'static str {
    match fall {
        Fall::Utf8 => "utf8",
        Fall::Riesenzeile => "riesenzeile",
        Fall::Byteweise => "byteweise",
        Fall::Reset => "reset",
        Fall::Leerlauf => "leerlauf",
        Fall::LiestNie => "liest_nie",
        Fall::SofortZu => "sofort_zu",
        Fall::UdpUtf8 => "udp_utf8",
        Fall::UdpGross => "udp_gross",
    }
}

/// Resident Set Size des Prozesses in KiB (nur Linux; sonst `None`).
fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let zeile = status.lines().find(|z| z.starts_with("VmRSS:"))?;
    zeile.split_whitespace().nth(1)?.parse().ok()
}

// ---------------------------------------------------------------------------
// Die Angriffe. Sie geben die Verbindungen zurück, die offen bleiben sollen.

fn angriff(s: &Server, fall: Fall, adresse: SocketAddr) -> Vec<TcpStream> {
    match fall {
        Fall::Utf8 => {
            let mut c = verbinde(adresse);
            let mut bytes = s.vorspann.to_vec();
            bytes.extend((s.rahmen)(b"\xff\xfe\xfd kaputt"));
            let _ = c.write_all(&bytes);
            vec![c]
        }
        Fall::Riesenzeile => {
            let mut c = verbinde(adresse);
            let _ = c.write_all(s.vorspann);
            // Der Server legt meist vorher auf: Dann scheitert write mit
            // ConnectionReset oder BrokenPipe. Das ist erwartet.
            let _ = c.write_all(&vec![b'a'; 1024 * 1024]);
            vec![c]
        }
        Fall::Byteweise => Vec::new(), // der gute Client schreibt selbst byteweise
        Fall::Reset => {
            let mut c = verbinde(adresse);
            let nachricht = (s.rahmen)(b"eine halbe Nachricht");
            let mut bytes = s.vorspann.to_vec();
            bytes.extend_from_slice(&nachricht[..nachricht.len() / 2]);
            let _ = c.write_all(&bytes);
            // SO_LINGER mit 0 s: close() verwirft den Sendepuffer und schickt RST statt FIN.
            SockRef::from(&c).set_linger(Some(Duration::ZERO)).unwrap();
            drop(c);
            Vec::new()
        }
        Fall::Leerlauf => leerlauf(s, adresse),
        Fall::LiestNie => (s.liest_nie.expect("nur aufgerufen, wenn vorhanden"))(adresse),
        Fall::SofortZu => {
            // Ein einmaliger Server endet nach dem ersten Client; danach gäbe
            // es nur noch „Connection refused“.
            let anzahl = if s.art == Art::Einmalig { 1 } else { 50 };
            for _ in 0..anzahl {
                drop(verbinde(adresse));
            }
            Vec::new()
        }
        Fall::UdpUtf8 | Fall::UdpGross => unreachable!("nur für TCP"),
    }
}

/// Öffnet bis zu LEERLAUF Verbindungen. Serielle und einmalige Server holen
/// sie nicht mit accept() ab; ist die Warteschlange von listen() voll, gelingt
/// connect() nicht mehr – dann hören wir auf.
fn leerlauf(s: &Server, adresse: SocketAddr) -> Vec<TcpStream> {
    let ziel = leerlauf_anzahl();
    let mut offen = Vec::with_capacity(ziel);
    // Läuft die Warteschlange kurz über, wiederholt TCP das SYN nach 1 s. Ein
    // dauerhafter Server holt bis dahin alles ab; bei den anderen bleibt sie voll.
    let frist = match s.art {
        Art::Dauerhaft => Duration::from_secs(5),
        _ => Duration::from_millis(500),
    };
    for _ in 0..ziel {
        match TcpStream::connect_timeout(&adresse, frist) {
            Ok(c) => offen.push(c),
            Err(e) => {
                println!(
                    "{:<16} leerlauf     connect() scheitert nach {} Verbindungen ({e}): Warteschlange voll",
                    s.beispiel,
                    offen.len()
                );
                break;
            }
        }
    }
    if s.art == Art::Dauerhaft {
        assert_eq!(
            offen.len(),
            ziel,
            "{}: nicht alle Leerlauf-Verbindungen kamen an",
            s.beispiel
        );
    }
    offen
}

/// 1000, oder weniger, wenn das weiche Limit für offene Dateien zu klein ist.
/// Zwei Tests laufen parallel; jeder braucht Platz für seine Verbindungen.
fn leerlauf_anzahl() -> usize {
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            let zeile = t
                .lines()
                .find(|z| z.starts_with("Max open files"))?
                .to_string();
            zeile.split_whitespace().nth(3)?.parse::<usize>().ok()
        });
    match limit {
        Some(n) if n < 3 * LEERLAUF => {
            let anzahl = (n.saturating_sub(200) / 3).max(10);
            println!(
                "ulimit -n ist {n}: leerlauf nimmt nur {anzahl} statt {LEERLAUF} Verbindungen"
            );
            anzahl
        }
        _ => LEERLAUF,
    }
}

// ---------------------------------------------------------------------------
// Rahmen der Protokolle

fn zeile(nutzdaten: &[u8]) -> Vec<u8> {
    let mut v = nutzdaten.to_vec();
    v.push(b'\n');
    v
}

fn json_rahmen(nutzdaten: &[u8]) -> Vec<u8> {
    let mut v = (nutzdaten.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(nutzdaten);
    v
}

fn http_rahmen(nutzdaten: &[u8]) -> Vec<u8> {
    let mut v = b"GET /".to_vec();
    v.extend_from_slice(nutzdaten);
    v.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\n\r\n");
    v
}

fn schreibe(c: &mut TcpStream, bytes: &[u8], art: Schreibart) {
    match art {
        Schreibart::AmStueck => c.write_all(bytes).unwrap(),
        Schreibart::Byteweise => {
            // Ohne Nagle geht jedes Byte als eigenes Segment hinaus.
            c.set_nodelay(true).unwrap();
            for b in bytes {
                c.write_all(&[*b]).unwrap();
            }
        }
    }
}

/// Liest Zeilen, bis eine `passt`; andere (Rundrufe, Meldungen) werden übergangen.
fn lies_bis(leser: &mut impl BufRead, wer: &str, passt: impl Fn(&str) -> bool) -> String {
    for _ in 0..100_000 {
        let mut zeile = Vec::new();
        let n = leser
            .read_until(b'\n', &mut zeile)
            .unwrap_or_else(|e| panic!("{wer}: Lesen scheitert: {e}"));
        assert!(n > 0, "{wer}: Der Server hat aufgelegt");
        let zeile = String::from_utf8_lossy(&zeile).trim_end().to_string();
        if passt(&zeile) {
            return zeile;
        }
    }
    panic!("{wer}: erwartete Zeile kam nicht")
}

// ---------------------------------------------------------------------------
// Gute Clients

fn hello_gut(_: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    schreibe(&mut c, b"Hallo, ich bin brav\n", art);
    let mut antwort = String::new();
    BufReader::new(&c).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Verbindung hergestellt!\n");
}

fn hello_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let mut c = verbinde(adresse);
    c.write_all(b"Ich lese deine Antwort nie\n").unwrap();
    vec![c]
}

fn chat_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    schreibe(&mut c, b"Hallo, ich bin brav\n", art);
    p.warte_auf("Client: Hallo, ich bin brav\n");
    p.warte_auf("-> ");
    p.tippe("Schön, dass du da bist");
    let mut antwort = String::new();
    BufReader::new(&c).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Schön, dass du da bist\n");
}

fn chat_reaktion(p: &mut Prozess, fall: Fall) {
    if fall == Fall::Utf8 {
        p.warte_auf("Client: \u{fffd}\u{fffd}\u{fffd} kaputt\n");
        p.warte_auf("-> ");
        p.tippe("bye");
    }
}

fn tcp_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    schreibe(&mut c, b"Hallo, ich bin brav\n", art);
    p.warte_auf("] Hallo, ich bin brav\n");
    p.warte_auf("Antwort: ");
    p.tippe("Schön, dass du da bist");
    let mut antwort = String::new();
    BufReader::new(&c).read_line(&mut antwort).unwrap();
    assert_eq!(antwort, "Schön, dass du da bist\n");
}

fn tcp_reaktion(p: &mut Prozess, fall: Fall) {
    match fall {
        Fall::Utf8 => {
            p.warte_auf("] \u{fffd}\u{fffd}\u{fffd} kaputt\n");
            p.warte_auf("Antwort: ");
            p.tippe("Das war kein UTF-8");
        }
        Fall::Riesenzeile => p.warte_auf("länger als 1024 Bytes"),
        _ => {}
    }
}

fn keine_reaktion(_: &mut Prozess, _: Fall) {}

static NAMEN: AtomicUsize = AtomicUsize::new(0);

/// Zwei gute Gäste: A schreibt, B liest es; beide gehen mit /quit.
fn gruppe_gut(_: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let n = NAMEN.fetch_add(1, Ordering::SeqCst);
    let (a, b) = (format!("Gast{n}a"), format!("Gast{n}b"));
    let mut gaeste = Vec::new();
    for name in [&a, &b] {
        let mut c = verbinde(adresse);
        let mut leser = BufReader::new(c.try_clone().unwrap());
        lies_bis(&mut leser, name, |z| z == "* Willkommen! Wie heißt du?");
        schreibe(&mut c, format!("{name}\n").as_bytes(), art);
        lies_bis(&mut leser, name, |z| {
            z.starts_with(&format!("* Hallo {name}! Im Raum: "))
        });
        gaeste.push((c, leser));
    }
    schreibe(&mut gaeste[0].0, b"Hallo, ich bin brav\n", art);
    let erwartet = format!("{a}: Hallo, ich bin brav");
    lies_bis(&mut gaeste[1].1, &b, |z| z == erwartet);
    for (mut c, mut leser) in gaeste {
        schreibe(&mut c, b"/quit\n", art);
        lies_bis(&mut leser, "Gast", |z| z == "* Tschüss!");
    }
}

/// „Schlafmütze“ tritt bei und liest nie. „Flut“ schickt Zeilen mit je 1000
/// Bytes, die der Server an alle weiterreicht, auch an die Schlafmütze. Ein
/// „Zeuge“ liest im Gleichschritt mit (je 20 Zeilen), damit nur die
/// Schlafmütze zurückfällt. Nach Regel 8 des Protokolls muss der Server sie
/// trennen, sobald ihre Ausgabe die Obergrenze überschreitet – spätestens
/// nach 10 MB, sonst scheitert der Test.
fn gruppe_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let n = NAMEN.fetch_add(1, Ordering::SeqCst);
    let tritt_bei = |name: &str| {
        let mut c = verbinde(adresse);
        let mut leser = BufReader::new(c.try_clone().unwrap());
        lies_bis(&mut leser, name, |z| z == "* Willkommen! Wie heißt du?");
        c.write_all(format!("{name}\n").as_bytes()).unwrap();
        lies_bis(&mut leser, name, |z| {
            z.starts_with(&format!("* Hallo {name}!"))
        });
        (c, leser)
    };
    let (schlaf, _) = tritt_bei(&format!("Schlafmuetze{n}"));
    let (zeuge, mut zeugen_leser) = tritt_bei(&format!("Zeuge{n}"));
    let (mut flut, _) = tritt_bei(&format!("Flut{n}"));
    let gegangen = format!("* Schlafmuetze{n} ist gegangen");
    let von_flut = format!("Flut{n}: ");
    let lang = format!("{}\n", "x".repeat(1000));
    let mut getrennt = false;
    for _ in 0..500 {
        for _ in 0..20 {
            flut.write_all(lang.as_bytes()).unwrap();
        }
        let mut gelesen = 0;
        while gelesen < 20 {
            let zeile = lies_bis(&mut zeugen_leser, "Zeuge", |z| {
                z == gegangen || z.starts_with(&von_flut)
            });
            if zeile == gegangen {
                getrennt = true;
            } else {
                gelesen += 1;
            }
        }
        if getrennt {
            break;
        }
    }
    assert!(
        getrennt,
        "Die Schlafmütze wurde nach 10 MB Rundrufen nicht getrennt"
    );
    vec![schlaf, zeuge, flut]
}

fn json_gut(_: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    let anfragen: [(&str, &str); 2] = [
        (
            r#"{"befehl":"echo","text":"Hallo, ich bin brav"}"#,
            r#"{"antwort":"echo","text":"Hallo, ich bin brav"}"#,
        ),
        (
            r#"{"befehl":"addiere","zahlen":[2,3]}"#,
            r#"{"antwort":"summe","summe":5}"#,
        ),
    ];
    for (anfrage, erwartet) in anfragen {
        schreibe(&mut c, &json_rahmen(anfrage.as_bytes()), art);
        let mut kopf = [0u8; 4];
        c.read_exact(&mut kopf).unwrap();
        let mut nutzdaten = vec![0u8; u32::from_be_bytes(kopf) as usize];
        c.read_exact(&mut nutzdaten).unwrap();
        assert_eq!(String::from_utf8_lossy(&nutzdaten), erwartet);
    }
}

/// Schickt echo-Anfragen mit je 60 000 Bytes, bis der Socket nichts mehr
/// annimmt (WouldBlock), und liest keine einzige Antwort.
fn json_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let text = "z".repeat(60_000);
    let anfrage = json_rahmen(format!(r#"{{"befehl":"echo","text":"{text}"}}"#).as_bytes());
    vec![fuelle(adresse, &anfrage)]
}

fn http_gut(_: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    schreibe(
        &mut c,
        b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
        art,
    );
    let mut antwort = String::new();
    c.read_to_string(&mut antwort).unwrap();
    assert!(antwort.starts_with("HTTP/1.1 200 OK\r\n"), "{antwort}");
    assert!(antwort.contains("<h1>Hallo!</h1>"), "{antwort}");

    let mut c = verbinde(adresse);
    let anfrage =
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 7\r\nConnection: close\r\n\r\nGrüße";
    schreibe(&mut c, anfrage.as_bytes(), art);
    let mut antwort = String::new();
    c.read_to_string(&mut antwort).unwrap();
    assert!(antwort.starts_with("HTTP/1.1 200 OK\r\n"), "{antwort}");
    assert!(antwort.ends_with("\r\n\r\nGrüße"), "{antwort}");
}

fn http_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    vec![fuelle(adresse, b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")]
}

/// Schreibt `anfrage` wieder und wieder, bis der Socket voll ist: Der Server
/// blockiert dann beim Schreiben der Antworten, die niemand liest.
fn fuelle(adresse: SocketAddr, anfrage: &[u8]) -> TcpStream {
    let mut c = verbinde(adresse);
    c.set_nonblocking(true).unwrap();
    let ende = Instant::now() + Duration::from_secs(5);
    let mut gesendet = 0usize;
    'voll: while Instant::now() < ende {
        let mut rest = anfrage;
        while !rest.is_empty() {
            match c.write(rest) {
                Ok(n) => {
                    rest = &rest[n..];
                    gesendet += n;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break 'voll,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => panic!("Schreiben scheitert nach {gesendet} Bytes: {e}"),
            }
        }
    }
    assert!(gesendet > 100_000, "nur {gesendet} Bytes gesendet");
    c
}

fn udp_gut(p: &mut Prozess, adresse: SocketAddr, _: Schreibart) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let n = NAMEN.fetch_add(1, Ordering::SeqCst);
    let text = format!("Hallo, ich bin brav {n}");
    socket.send_to(text.as_bytes(), adresse).unwrap();
    p.warte_auf(&format!("] {text}\n"));
}

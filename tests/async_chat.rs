//! Szenarien zum Kapitel „Viele Verbindungen mit async/await“: derselbe
//! Gruppenchat mit tokio (`tokio_server`) und mit Pythons asyncio
//! (`python/async_server.py`). Jedes Protokoll-Drehbuch läuft gegen beide
//! (Makro `fuer_beide_server!`); dazu `gruppen_client` und der Python-Client
//! `python/async_client.py` gegen beide Seiten, das saubere Ende mit SIGINT
//! und die feindseligen Clients (kaputtes UTF-8, 1 MiB ohne Zeilenende,
//! Einzelbytes, RST, 1000 stille Verbindungen, Leser, die nie lesen).

mod common;
mod emfile;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use common::{Prozess, Transkript, frist, verbinde};
use socket2::{Domain, Protocol, Socket, Type};

const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?";
const ZU_LANG: &str = "! Zeile zu lang (höchstens 1024 Bytes)";
const BEENDET: &[u8] = b"* Server wird beendet\n";
const PYTHON: &str = "python/async_server.py";

/// Startet einen der beiden Server auf `127.0.0.1:0` und liest die Adresse.
fn starte(server: &str, args: &[&str]) -> (Prozess, SocketAddr) {
    if server != PYTHON {
        return Prozess::server(server, args);
    }
    let mut befehl = Command::new("python3");
    befehl.arg(PYTHON).arg("127.0.0.1:0").args(args);
    let mut prozess = Prozess::starte_befehl("async_server.py", befehl);
    let adresse = prozess.adresse_aus_erster_zeile();
    (prozess, adresse)
}

/// Ein roher Client, der das Protokoll Zeile für Zeile spricht.
struct Teilnehmer {
    verbindung: TcpStream,
    leser: BufReader<TcpStream>,
}

impl Teilnehmer {
    fn aus(verbindung: TcpStream) -> Teilnehmer {
        let leser = BufReader::new(verbindung.try_clone().expect("Socket teilen"));
        Teilnehmer { verbindung, leser }
    }

    fn neu(adresse: SocketAddr) -> Teilnehmer {
        let mut t = Teilnehmer::aus(verbinde(adresse));
        t.erwarte(WILLKOMMEN);
        t
    }

    fn angemeldet(adresse: SocketAddr, name: &str) -> Teilnehmer {
        let mut t = Teilnehmer::neu(adresse);
        t.sende(name);
        let gruss = t.zeile();
        assert!(
            gruss.starts_with(&format!("* Hallo {name}! Im Raum: ")),
            "{gruss}"
        );
        t
    }

    fn sende(&mut self, text: &str) {
        self.sende_bytes(format!("{text}\n").as_bytes());
    }

    fn sende_bytes(&mut self, bytes: &[u8]) {
        self.verbindung.write_all(bytes).expect("senden");
    }

    fn zeile(&mut self) -> String {
        let mut bytes = Vec::new();
        let n = (&mut self.leser)
            .take(8192)
            .read_until(b'\n', &mut bytes)
            .expect("Zeile vom Server lesen");
        assert!(n > 0, "Server hat geschlossen, erwartet war eine Zeile");
        assert!(bytes.ends_with(b"\n"), "Zeile ohne Zeilenende: {bytes:?}");
        bytes.pop();
        String::from_utf8(bytes).expect("Server schickt gültiges UTF-8")
    }

    fn erwarte(&mut self, erwartet: &str) {
        assert_eq!(self.zeile(), erwartet);
    }

    /// Alles bis zum Ende der Verbindung: FIN, oder ein RST nach dem Abschied.
    fn rest(&mut self) -> Vec<u8> {
        let mut rest = Vec::new();
        match self.leser.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::ConnectionReset, "{e}"),
        }
        rest
    }

    fn erwarte_ende(&mut self) {
        let rest = self.rest();
        assert!(
            rest.is_empty(),
            "noch Daten: {:?}",
            String::from_utf8_lossy(&rest)
        );
    }
}

/// Ein Client mit kleinem Empfangspuffer (SO_RCVBUF vor connect), der nie liest.
fn schnecke(adresse: SocketAddr, name: &str) -> Teilnehmer {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect_timeout(&adresse.into(), frist()).unwrap();
    let verbindung: TcpStream = socket.into();
    verbindung.set_read_timeout(Some(frist())).unwrap();
    let mut t = Teilnehmer::aus(verbindung);
    t.erwarte(WILLKOMMEN);
    t.sende(name);
    t.zeile();
    t
}

/// VmRSS in KiB aus `/proc/PID/status` (nur Linux).
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    let zeile = status
        .lines()
        .find(|z| z.starts_with("VmRSS:"))
        .expect("VmRSS");
    zeile.split_whitespace().nth(1).unwrap().parse().unwrap()
}

// ---------------------------------------------------------------------------
// Drehbücher, jedes für beide Server
// ---------------------------------------------------------------------------

fn beitreten_nachricht_quit(server: &str) {
    let (_server, adresse) = starte(server, &[]);
    let mut anna = Teilnehmer::neu(adresse);
    anna.sende("Anna");
    anna.erwarte("* Hallo Anna! Im Raum: niemand sonst");
    let mut ben = Teilnehmer::neu(adresse);
    ben.sende("Anna");
    ben.erwarte("! Der Name Anna ist vergeben");
    ben.sende("zwei Worte");
    ben.erwarte("! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen");
    ben.sende("Ben");
    ben.erwarte("* Hallo Ben! Im Raum: Anna");
    anna.erwarte("* Ben ist dabei");
    anna.sende("");
    anna.sende("Hallo Ben!");
    ben.erwarte("Anna: Hallo Ben!");
    ben.sende("/quit");
    ben.erwarte("* Tschüss!");
    ben.erwarte_ende();
    anna.erwarte("* Ben ist gegangen");
    let cleo = Teilnehmer::angemeldet(adresse, "Cleo");
    anna.erwarte("* Cleo ist dabei");
    drop(cleo); // einfach auflegen zählt auch als Gehen
    anna.erwarte("* Cleo ist gegangen");
}

/// Kaputtes UTF-8 kommt als � an, Einzelbytes und drei Zeilen am Stück ebenso.
fn utf8_und_stuecke(server: &str) {
    let (_server, adresse) = starte(server, &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    let mut anna = Teilnehmer::neu(adresse);
    anna.verbindung.set_nodelay(true).unwrap();
    for byte in "Anna\nGrüße in Stücken\n".as_bytes() {
        anna.sende_bytes(&[*byte]);
    }
    anna.erwarte("* Hallo Anna! Im Raum: Ben");
    ben.erwarte("* Anna ist dabei");
    ben.erwarte("Anna: Grüße in Stücken");
    anna.sende_bytes(b"Gr\xfc\xdfe aus Latin-1\r\neins\nzwei\n");
    ben.erwarte("Anna: Gr\u{fffd}\u{fffd}e aus Latin-1");
    ben.erwarte("Anna: eins");
    ben.erwarte("Anna: zwei");
}

fn zu_lange_zeile(server: &str) {
    let (_server, adresse) = starte(server, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut cleo = Teilnehmer::angemeldet(adresse, "Cleo");
    anna.erwarte("* Cleo ist dabei");
    let gerade_noch = "x".repeat(1023);
    cleo.sende(&gerade_noch);
    anna.erwarte(&format!("Cleo: {gerade_noch}"));
    cleo.sende(&"y".repeat(1024));
    cleo.erwarte(ZU_LANG);
    cleo.erwarte_ende();
    anna.erwarte("* Cleo ist gegangen");
}

fn server_voll(server: &str) {
    let (_server, adresse) = starte(server, &["--max-clients", "2"]);
    let erster = Teilnehmer::neu(adresse);
    let _zweiter = Teilnehmer::neu(adresse);
    let mut dritter = Teilnehmer::aus(verbinde(adresse));
    dritter.erwarte("! Server voll (höchstens 2 Clients), versuch es später noch einmal");
    dritter.erwarte_ende();
    // Wird ein Platz frei, kommt der Nächste hinein. Wann der Server das
    // Schließen bemerkt, sehen wir nicht: also höchstens `frist` lang versuchen.
    drop(erster);
    let ende = Instant::now() + frist();
    loop {
        let mut vierter = Teilnehmer::aus(verbinde(adresse));
        let zeile = vierter.zeile();
        if zeile == WILLKOMMEN {
            break;
        }
        assert!(
            zeile.starts_with("! Server voll") && Instant::now() < ende,
            "{zeile}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

fn stille_clients_werden_getrennt(server: &str) {
    let (_server, adresse) = starte(server, &["--timeout", "1"]);
    let start = Instant::now();
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::neu(adresse);
    ben.sende_bytes(b"Be"); // eine halbe Zeile setzt die Frist nicht zurück
    let still = "! Zu lange still (1 s), Verbindung wird getrennt";
    anna.erwarte(still);
    anna.erwarte_ende();
    ben.erwarte(still);
    ben.erwarte_ende();
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
}

/// Schnecke liest nie; Anna schreibt, Ben liest im Gleichschritt. Irgendwann
/// läuft Schneckes Postfach über, sie wird getrennt, Ben bekommt jede Zeile.
fn langsamer_leser(server: &str) {
    let (_server, adresse) = starte(server, &["--max-puffer", "4096"]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let _schnecke = schnecke(adresse, "Schnecke");
    anna.erwarte("* Schnecke ist dabei");
    ben.erwarte("* Schnecke ist dabei");
    let fuellung = "x".repeat(1000);
    let mut getrennt_bei = None;
    for i in 0..50_000 {
        let zeile = format!("{i:05} {fuellung}");
        anna.sende(&zeile);
        loop {
            let angekommen = ben.zeile();
            if angekommen == "* Schnecke ist gegangen" {
                assert!(getrennt_bei.is_none(), "zweimal gegangen");
                getrennt_bei = Some(i);
                continue;
            }
            assert_eq!(angekommen, format!("Anna: {zeile}"));
            break;
        }
        if getrennt_bei.is_some_and(|g| i >= g + 20) {
            break;
        }
    }
    assert!(getrennt_bei.is_some(), "Schnecke wurde nie getrennt");
    anna.erwarte("* Schnecke ist gegangen");
    ben.sende("Alles gut?");
    anna.erwarte("Ben: Alles gut?");
}

/// Anna bricht mitten in einer Zeile mit RST ab (SO_LINGER = 0).
fn abbruch_mit_rst(server: &str) {
    let (_server, adresse) = starte(server, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    anna.sende_bytes(b"halbe Nachr");
    let socket = Socket::from(anna.verbindung.try_clone().unwrap());
    socket.set_linger(Some(Duration::ZERO)).unwrap();
    drop(socket);
    drop(anna);
    ben.erwarte("* Anna ist gegangen");
    let mut cleo = Teilnehmer::angemeldet(adresse, "Cleo");
    ben.erwarte("* Cleo ist dabei");
    cleo.sende("Hallo Ben");
    ben.erwarte("Cleo: Hallo Ben");
}

/// Der echte gruppen_client gegen den Server: Nachrichten kommen, während er
/// auf die Tastatur wartet; Strg+D wirkt wie /quit.
fn mit_gruppen_client(server: &str) {
    let (_server, adresse) = starte(server, &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    let mut anna = Prozess::starte("gruppen_client", &[&adresse.to_string()]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("* Hallo Anna! Im Raum: Ben");
    ben.erwarte("* Anna ist dabei");
    ben.sende("Siehst du mich?");
    anna.warte_auf("Ben: Siehst du mich?");
    anna.tippe("Ja!");
    ben.erwarte("Anna: Ja!");
    anna.schliesse_eingabe();
    anna.warte_auf("* Tschüss!");
    anna.erfolgreich();
    ben.erwarte("* Anna ist gegangen");
}

/// Strg+C (SIGINT): Jeder verbundene Client bekommt genau `! Server wird
/// beendet` und dann FIN, auch wer mitten in einer Zeile steckt; Exit-Code 0.
#[cfg(unix)]
fn strg_c(server: &str) {
    let (mut prozess, adresse) = starte(server, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let mut ohne_namen = Teilnehmer::neu(adresse);
    ben.sende_bytes(b"halbe Zei");
    anna.sende("Letzte Worte");
    ben.erwarte("Anna: Letzte Worte");
    ohne_namen.sende("Cleo");
    ohne_namen.erwarte("* Hallo Cleo! Im Raum: Anna, Ben");
    anna.erwarte("* Cleo ist dabei");
    ben.erwarte("* Cleo ist dabei");
    // SAFETY: kill(2) mit der PID unseres eigenen Kindprozesses.
    assert_eq!(unsafe { libc::kill(prozess.pid() as i32, libc::SIGINT) }, 0);
    for t in [&mut anna, &mut ben, &mut ohne_namen] {
        assert_eq!(
            String::from_utf8_lossy(&t.rest()),
            String::from_utf8_lossy(BEENDET)
        );
    }
    let start = Instant::now();
    drop((anna, ben, ohne_namen));
    prozess.erfolgreich();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let text = prozess.terminal();
    assert!(
        text.contains("Server beendet") && !text.contains("panicked"),
        "{text}"
    );
}

fn kommandozeile(server: &str) {
    for schalter in ["--help", "-h"] {
        let (name, mut p) = if server == PYTHON {
            let mut befehl = Command::new("python3");
            befehl.arg(PYTHON).arg(schalter);
            ("py", Prozess::starte_befehl("async_server.py", befehl))
        } else {
            ("rs", Prozess::starte(server, &[schalter]))
        };
        p.erfolgreich();
        assert!(
            p.terminal().starts_with("Aufruf: "),
            "{name}: {}",
            p.terminal()
        );
    }
    for args in [
        &["--max-clients", "null"][..],
        &["--timeout", "-1"],
        &["--timeout", "1e9"],
        &["--unbekannt"],
    ] {
        let mut p = if server == PYTHON {
            let mut befehl = Command::new("python3");
            befehl.arg(PYTHON).args(args);
            Prozess::starte_befehl("async_server.py", befehl)
        } else {
            Prozess::starte(server, args)
        };
        let status = p.warte_auf_ende();
        assert_eq!(status.code(), Some(2), "{args:?}: {}", p.terminal());
        let text = p.terminal();
        assert!(
            text.starts_with("Fehler: ") && text.contains("Aufruf: "),
            "{text}"
        );
    }
}

macro_rules! fuer_beide_server {
    ($($drehbuch:ident),* $(,)?) => {
        mod tokio {
            $(#[test] fn $drehbuch() { super::$drehbuch("tokio_server") })*
        }
        mod python {
            $(#[test] fn $drehbuch() { super::$drehbuch(super::PYTHON) })*
        }
    };
}

fuer_beide_server!(
    beitreten_nachricht_quit,
    utf8_und_stuecke,
    zu_lange_zeile,
    server_voll,
    stille_clients_werden_getrennt,
    langsamer_leser,
    abbruch_mit_rst,
    mit_gruppen_client,
    kommandozeile,
);

#[cfg(unix)]
#[test]
fn strg_c_tokio() {
    strg_c("tokio_server");
}

#[cfg(unix)]
#[test]
fn strg_c_python() {
    strg_c(PYTHON);
}

// ---------------------------------------------------------------------------
// Feindselige Clients gegen tokio_server (Speicher: VmRSS, nur Linux)
// ---------------------------------------------------------------------------

/// 1 MiB ohne Zeilenende: Der Angreifer bekommt den Grund, Anna und Ben
/// chatten ungestört weiter, und der Speicher bleibt klein.
#[cfg(target_os = "linux")]
#[test]
fn feindselig_ein_mebibyte_ohne_zeilenende() {
    let (server, adresse) = starte("tokio_server", &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let vorher = rss_kib(server.pid());
    let mut flut = Teilnehmer::neu(adresse);
    let mut schreiber = flut.verbindung.try_clone().unwrap();
    // Schreiben auf einem eigenen Thread, Lesen hier: beides gleichzeitig.
    let flutet = thread::spawn(move || schreiber.write_all(&vec![b'z'; 1 << 20]));
    flut.erwarte(ZU_LANG);
    let rest = flut.rest();
    assert!(rest.is_empty(), "{rest:?}");
    anna.sende("Noch da?");
    ben.erwarte("Anna: Noch da?");
    // Der Server hat alles weggelesen, bevor er schloss: kein RST, write_all gelang.
    let geschrieben = flutet.join().expect("Schreib-Thread");
    assert!(geschrieben.is_ok(), "{geschrieben:?}");
    assert!(
        flut.verbindung.take_error().unwrap().is_none(),
        "RST nach dem FIN"
    );
    let nachher = rss_kib(server.pid());
    assert!(nachher < vorher + 4096, "VmRSS {vorher} -> {nachher} KiB");
}

/// 1000 Verbindungen, die nichts sagen: Alle werden begrüßt, Anna und Ben
/// chatten weiter, und jede stille Verbindung kostet wenig Speicher.
#[cfg(target_os = "linux")]
#[test]
fn feindselig_tausend_stille_verbindungen() {
    let (server, adresse) = starte("tokio_server", &["--max-clients", "1100"]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let vorher = rss_kib(server.pid());
    let mut stille: Vec<Teilnehmer> = Vec::new();
    for _ in 0..1000 {
        stille.push(Teilnehmer::neu(adresse));
    }
    anna.sende("Und jetzt?");
    ben.erwarte("Anna: Und jetzt?");
    let nachher = rss_kib(server.pid());
    eprintln!("VmRSS {vorher} KiB leer, {nachher} KiB mit 1000 stillen Verbindungen");
    // Großzügig: 8 KiB je Verbindung (Task, Postfach, Socket im Reaktor).
    assert!(
        nachher < vorher + 16 * 1000,
        "VmRSS {vorher} -> {nachher} KiB"
    );
    // Der 1001. Name geht noch: Die Stillen stören den Raum nicht.
    stille[999].sende("Tausend");
    stille[999].erwarte("* Hallo Tausend! Im Raum: Anna, Ben");
}

/// Fünf Leser, die nie lesen, während Anna viel schreibt: Jeder wird
/// getrennt, sobald sein Postfach überläuft; Ben bekommt jede Zeile, und der
/// Speicher bleibt begrenzt (5 × 64 KiB Postfach plus Puffer im Kernel).
#[cfg(target_os = "linux")]
#[test]
fn feindselig_fuenf_leser_die_nie_lesen() {
    let (server, adresse) = starte("tokio_server", &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let vorher = rss_kib(server.pid());
    let mut schnecken = Vec::new();
    for i in 0..5 {
        schnecken.push(schnecke(adresse, &format!("Schnecke{i}")));
        anna.erwarte(&format!("* Schnecke{i} ist dabei"));
        ben.erwarte(&format!("* Schnecke{i} ist dabei"));
    }
    let fuellung = "x".repeat(1000);
    let mut gegangen = 0;
    let mut hoechstens = 0;
    for i in 0..50_000 {
        let zeile = format!("{i:05} {fuellung}");
        anna.sende(&zeile);
        loop {
            let angekommen = ben.zeile();
            if angekommen.starts_with("* Schnecke") && angekommen.ends_with(" ist gegangen") {
                gegangen += 1;
                continue;
            }
            assert_eq!(angekommen, format!("Anna: {zeile}"));
            break;
        }
        if i % 500 == 0 {
            hoechstens = hoechstens.max(rss_kib(server.pid()));
        }
        if gegangen == 5 {
            break;
        }
    }
    assert_eq!(gegangen, 5, "nicht alle Schnecken getrennt");
    eprintln!("VmRSS {vorher} KiB vorher, höchstens {hoechstens} KiB");
    assert!(
        hoechstens < vorher + 32 * 1024,
        "VmRSS {vorher} -> {hoechstens} KiB"
    );
}

/// Ohne freie Dateideskriptoren (EMFILE) wartet der Server, statt zu kreiseln,
/// und bedient die Wartenden, sobald Plätze frei werden (nur Linux).
#[cfg(target_os = "linux")]
#[test]
fn ohne_dateideskriptoren_kreiselt_der_server_nicht() {
    emfile::pruefe("tokio_server", b"", |c| {
        let mut zeile = String::new();
        let _ = BufReader::new(c).read_line(&mut zeile);
        zeile.trim_end() == WILLKOMMEN
    });
}

// ---------------------------------------------------------------------------
// Die Clients gegen beide Seiten, Mitschnitte für das Buch
// ---------------------------------------------------------------------------

fn python_client(adresse: SocketAddr) -> Prozess {
    let mut befehl = Command::new("python3");
    befehl
        .arg("python/async_client.py")
        .arg(adresse.to_string());
    Prozess::starte_befehl("async_client.py", befehl)
}

/// Der Python-Client gegen tokio_server: Gruß, Nachrichten hin und her, /quit.
#[test]
fn python_client_gegen_tokio_server() {
    let (_server, adresse) = starte("tokio_server", &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    let mut anna = python_client(adresse);
    anna.warte_auf(&format!("{WILLKOMMEN}\n"));
    anna.tippe("Anna");
    anna.warte_auf("* Hallo Anna! Im Raum: Ben\n");
    ben.erwarte("* Anna ist dabei");
    ben.sende("Hallo aus Rust");
    anna.warte_auf("Ben: Hallo aus Rust\n");
    anna.tippe("Hallo aus Python");
    ben.erwarte("Anna: Hallo aus Python");
    ben.sende_bytes(b"Farbe \x1b[31mrot\n");
    anna.warte_auf("Ben: Farbe \u{fffd}[31mrot\n");
    anna.tippe("/quit");
    anna.warte_auf("* Tschüss!\n");
    anna.erfolgreich();
    ben.erwarte("* Anna ist gegangen");
    Transkript::neu()
        .port(adresse.port(), 6004)
        .port(6004, 6004)
        .terminal(
            "async_client_python",
            "python3 python/async_client.py 127.0.0.1:6004",
            &anna,
        )
        .pruefe();
}

/// Der Python-Client merkt, wenn er abgewiesen wird, und gibt Exit-Code 0
/// (der Server hat sich mit `! …` verabschiedet); ohne Server Exit 1.
#[test]
fn python_client_voll_und_ohne_server() {
    let (_server, adresse) = starte("tokio_server", &["--max-clients", "1"]);
    let _erster = Teilnehmer::neu(adresse);
    let mut zweiter = python_client(adresse);
    zweiter.warte_auf("! Server voll (höchstens 1 Clients)");
    zweiter.erfolgreich();
    let ziel: SocketAddr = format!("127.0.0.1:{}", common::freier_port())
        .parse()
        .unwrap();
    let mut ohne = python_client(ziel);
    ohne.fehlgeschlagen();
    assert!(
        ohne.terminal().contains("cargo run --example tokio_server"),
        "{}",
        ohne.terminal()
    );
}

/// Kapitel „async/await“: tokio_server, zwei gruppen_clients, dann Strg+C.
#[cfg(unix)]
#[test]
fn buch_tokio_server_und_strg_c() {
    let (mut server, adresse) = starte("tokio_server", &[]);
    let ziel = adresse.to_string();
    let mut anna = Prozess::starte("gruppen_client", &[&ziel]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("Im Raum: niemand sonst\n");
    server.warte_auf("heißt Anna\n");
    let mut ben = Prozess::starte("gruppen_client", &[&ziel]);
    ben.warte_auf(WILLKOMMEN);
    ben.tippe("Ben");
    ben.warte_auf("Im Raum: Anna\n");
    anna.warte_auf("* Ben ist dabei\n");
    server.warte_auf("heißt Ben\n");
    anna.tippe("Eine Task für jeden von uns?");
    ben.warte_auf("Anna: Eine Task");
    ben.tippe("Ja, und alle auf einem Thread.");
    anna.warte_auf("Ben: Ja, und alle");
    // SAFETY: kill(2) mit der PID unseres eigenen Kindprozesses.
    assert_eq!(unsafe { libc::kill(server.pid() as i32, libc::SIGINT) }, 0);
    anna.warte_auf("Der Server hat die Verbindung geschlossen.\n");
    anna.erfolgreich();
    ben.warte_auf("Der Server hat die Verbindung geschlossen.\n");
    ben.erfolgreich();
    server.erfolgreich();
    assert!(
        !server.terminal().contains("panicked"),
        "{}",
        server.terminal()
    );
    Transkript::neu()
        .port(adresse.port(), 6004)
        .port(6004, 6004)
        .terminal("tokio_server", "cargo run --example tokio_server", &server)
        .terminal(
            "tokio_client_anna",
            "cargo run --example gruppen_client -- 127.0.0.1:6004",
            &anna,
        )
        .terminal(
            "tokio_client_ben",
            "cargo run --example gruppen_client -- 127.0.0.1:6004",
            &ben,
        )
        .pruefe();
}

/// Kapitel „async/await“: der Python-Zwilling mit gruppen_client, dann Strg+C.
#[cfg(unix)]
#[test]
fn buch_python_server_und_strg_c() {
    let (mut server, adresse) = starte(PYTHON, &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    server.warte_auf("heißt Ben\n");
    let mut anna = Prozess::starte("gruppen_client", &[&adresse.to_string()]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("Im Raum: Ben\n");
    ben.erwarte("* Anna ist dabei");
    server.warte_auf("heißt Anna\n");
    ben.sende("Hallo aus asyncio");
    anna.warte_auf("Ben: Hallo aus asyncio\n");
    // SAFETY: kill(2) mit der PID unseres eigenen Kindprozesses.
    assert_eq!(unsafe { libc::kill(server.pid() as i32, libc::SIGINT) }, 0);
    assert_eq!(ben.rest(), BEENDET);
    drop(ben);
    anna.erfolgreich();
    server.erfolgreich();
    assert!(
        !server.terminal().contains("panicked"),
        "{}",
        server.terminal()
    );
    Transkript::neu()
        .port(adresse.port(), 6005)
        .port(6005, 6005)
        .terminal(
            "async_server_python",
            "python3 python/async_server.py",
            &server,
        )
        .terminal(
            "async_server_client",
            "cargo run --example gruppen_client -- 127.0.0.1:6005",
            &anna,
        )
        .pruefe();
}

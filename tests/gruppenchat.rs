//! Szenarien zu den Kapiteln „Gruppenchat“, „Mehrere Clients mit Threads“ und
//! „Readiness-Polling“. Jedes Protokoll-Drehbuch läuft gegen alle drei Server,
//! `threaded_server`, `threaded_server_viele` und `poll_server` (Makro
//! `fuer_alle_server!` weiter unten). Geprüft wird, was über den Socket geht;
//! die Protokollzeilen der Server stehen nur in den Transkripten fürs Buch.
//! Am Ende: Einheitstests der geteilten Regeln (`examples/chatregeln`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::{Prozess, Transkript, freier_port, frist, verbinde};
use socket2::{Domain, Protocol, Socket, Type};

// `chatregeln` schreibt mit `zeile!` aus den Bausteinen der Beispiele.
include!("../examples/bausteine/ausgabe.rs");
#[cfg(target_os = "linux")]
#[path = "emfile/mod.rs"]
mod dateilimit; // RLIMIT_NOFILE beim Start, CPU-Zeit aus /proc

#[path = "../examples/chatregeln/mod.rs"]
#[allow(unused)] // Die Tests brauchen nicht alles davon.
mod chatregeln;

const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?";
const UNGUELTIG: &str = "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen";
const ZU_LANG: &str = "! Zeile zu lang (höchstens 1024 Bytes)";
const TSCHUESS: &str = "* Tschüss!";

/// Ein roher Client, der das Protokoll Zeile für Zeile spricht.
struct Teilnehmer {
    verbindung: TcpStream,
    leser: BufReader<TcpStream>,
}

impl Teilnehmer {
    /// Verbindet und liest die Begrüßung.
    fn neu(adresse: SocketAddr) -> Teilnehmer {
        let mut t = Teilnehmer::aus(verbinde(adresse));
        t.erwarte(WILLKOMMEN);
        t
    }

    fn aus(verbindung: TcpStream) -> Teilnehmer {
        let leser = BufReader::new(verbindung.try_clone().expect("Socket teilen"));
        Teilnehmer { verbindung, leser }
    }

    /// Verbindet, meldet sich als `name` an und liest den Gruß.
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

    /// Die nächste Zeile ohne `\n`; scheitert bei Verbindungsende oder Frist.
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

    /// Der Server hat sauber geschlossen: read() liefert 0 Bytes (FIN), kein
    /// Reset. Dafür muss der Server vor close() weglesen, was noch ankam.
    fn erwarte_ende(&mut self) {
        let mut rest = Vec::new();
        match self.leser.read_to_end(&mut rest) {
            Ok(_) => assert!(
                rest.is_empty(),
                "noch Daten: {:?}",
                String::from_utf8_lossy(&rest)
            ),
            Err(e) => panic!("Ende mit Fehler statt FIN: {e}"),
        }
    }
}

/// Verbindet, bis der Server wieder Platz hat. Dass ein Platz frei wird, sieht
/// ein Client nicht: Der Server räumt erst nach dem Schließen der alten
/// Verbindung auf. Also versuchen wir es bis zur Frist immer wieder.
fn betritt_sobald_frei(adresse: SocketAddr) -> Teilnehmer {
    let ende = Instant::now() + frist();
    loop {
        let mut t = Teilnehmer::aus(verbinde(adresse));
        let zeile = t.zeile();
        if zeile == WILLKOMMEN {
            return t;
        }
        assert!(zeile.starts_with("! Server voll"), "{zeile}");
        t.erwarte_ende();
        assert!(Instant::now() < ende, "Kein Platz wurde frei");
        thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------
// Drehbücher, jedes für beide Server
// ---------------------------------------------------------------------------

fn beitreten_nachricht_quit(programm: &str) {
    let (server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::neu(adresse);
    anna.sende("Anna");
    anna.erwarte("* Hallo Anna! Im Raum: niemand sonst");
    let mut ben = Teilnehmer::neu(adresse);
    ben.sende("Ben");
    ben.erwarte("* Hallo Ben! Im Raum: Anna");
    anna.erwarte("* Ben ist dabei");
    let mut cleo = Teilnehmer::neu(adresse);
    cleo.sende("Cleo");
    cleo.erwarte("* Hallo Cleo! Im Raum: Anna, Ben");
    anna.erwarte("* Cleo ist dabei");
    ben.erwarte("* Cleo ist dabei");

    // Leere Zeilen zählen nicht; der Absender bekommt seine Nachricht nicht zurück.
    anna.sende("");
    anna.sende("Hallo zusammen!");
    ben.erwarte("Anna: Hallo zusammen!");
    cleo.erwarte("Anna: Hallo zusammen!");
    ben.sende("Hallo Anna");
    anna.erwarte("Ben: Hallo Anna");
    cleo.erwarte("Ben: Hallo Anna");

    ben.sende("/quit");
    ben.erwarte(TSCHUESS);
    ben.erwarte_ende();
    anna.erwarte("* Ben ist gegangen");
    cleo.erwarte("* Ben ist gegangen");

    // Einfach auflegen zählt auch als Gehen.
    drop(cleo);
    anna.erwarte("* Cleo ist gegangen");
    anna.sende("Allein?");
    anna.sende("/quit");
    anna.erwarte(TSCHUESS);
    anna.erwarte_ende();
    drop(server);
}

fn name_vergeben(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut zweite = Teilnehmer::neu(adresse);
    zweite.sende("Anna");
    zweite.erwarte("! Der Name Anna ist vergeben");
    zweite.sende("Anna2");
    zweite.erwarte("* Hallo Anna2! Im Raum: Anna");
    anna.erwarte("* Anna2 ist dabei");
    // Nach dem Gehen ist der Name wieder frei.
    anna.sende("/quit");
    anna.erwarte("* Tschüss!");
    anna.erwarte_ende();
    zweite.erwarte("* Anna ist gegangen");
    let mut dritte = Teilnehmer::neu(adresse);
    dritte.sende("Anna");
    dritte.erwarte("* Hallo Anna! Im Raum: Anna2");
}

fn name_ungueltig(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut t = Teilnehmer::neu(adresse);
    let zu_lang = "a".repeat(33);
    for name in [
        "",
        "zwei Worte",
        zu_lang.as_str(),
        "tab\tname",
        "klingel\u{7}",
    ] {
        t.sende(name);
        t.erwarte(UNGUELTIG);
    }
    // 32 Zeichen sind erlaubt, auch wenn es 64 Bytes sind.
    let umlaute = "ä".repeat(32);
    t.sende(&umlaute);
    t.erwarte(&format!("* Hallo {umlaute}! Im Raum: niemand sonst"));
}

fn ungueltiges_utf8(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    anna.sende_bytes(b"Gr\xfc\xdfe aus Latin-1\r\n");
    ben.erwarte("Anna: Gr\u{fffd}\u{fffd}e aus Latin-1");
}

fn zu_lange_zeile(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    let mut cleo = Teilnehmer::angemeldet(adresse, "Cleo");
    anna.erwarte("* Cleo ist dabei");
    ben.erwarte("* Cleo ist dabei");

    // Genau 1024 Bytes mit `\n` sind erlaubt.
    let gerade_noch = "x".repeat(1023);
    cleo.sende(&gerade_noch);
    anna.erwarte(&format!("Cleo: {gerade_noch}"));
    ben.erwarte(&format!("Cleo: {gerade_noch}"));

    // 1025 Bytes: Fehlerzeile, dann Trennung. Die anderen chatten weiter.
    cleo.sende(&"y".repeat(1024));
    cleo.erwarte(ZU_LANG);
    cleo.erwarte_ende();
    anna.erwarte("* Cleo ist gegangen");
    ben.erwarte("* Cleo ist gegangen");
    anna.sende("Noch da?");
    ben.erwarte("Anna: Noch da?");

    // Ohne jedes Zeilenende, noch vor dem Namen: 5000 Bytes.
    let mut flut = Teilnehmer::neu(adresse);
    flut.sende_bytes(&[b'z'; 5000]);
    flut.erwarte(ZU_LANG);
    flut.erwarte_ende();
    ben.sende("Ja.");
    anna.erwarte("Ben: Ja.");
}

fn server_voll(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &["--max-clients", "2"]);
    let mut erster = Teilnehmer::neu(adresse);
    let _zweiter = Teilnehmer::neu(adresse);
    let mut dritter = Teilnehmer::aus(verbinde(adresse));
    dritter.erwarte("! Server voll (höchstens 2 Clients), versuch es später noch einmal");
    dritter.erwarte_ende();

    // Wird ein Platz frei, kommt der Nächste hinein.
    erster.sende("/quit");
    erster.erwarte(TSCHUESS);
    erster.erwarte_ende();
    drop(erster);
    let mut vierter = betritt_sobald_frei(adresse);
    vierter.sende("Vier");
    vierter.erwarte("* Hallo Vier! Im Raum: niemand sonst");
}

/// Die Absage kommt an, auch wenn der Client danach noch etwas schickt: Der
/// Server sagt „voll“, schickt FIN und liest weg, was kommt, bis zu unserem
/// FIN. Schlösse er gleich, käme ein RST: Dann scheitert `shutdown()`
/// (ENOTCONN), oder `take_error` (SO_ERROR) meldet ihn.
fn absage_mit_eingabe(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &["--max-clients", "1"]);
    let _erster = Teilnehmer::neu(adresse);
    let mut zweiter = Teilnehmer::aus(verbinde(adresse));
    zweiter.erwarte("! Server voll (höchstens 1 Clients), versuch es später noch einmal");
    zweiter.sende("Zwei"); // tippt trotzdem seinen Namen
    zweiter.erwarte_ende();
    if let Err(e) = zweiter.verbindung.shutdown(Shutdown::Write) {
        panic!("{programm}: Der Server hat zurückgesetzt (RST): {e}");
    }
    match zweiter.verbindung.take_error() {
        Ok(None) => {}
        fehler => panic!("{programm}: Der Server hat zurückgesetzt (RST): {fehler:?}"),
    }
}

mod absage {
    #[test]
    fn threaded() {
        super::absage_mit_eingabe("threaded_server");
    }
    #[cfg(unix)]
    #[test]
    fn viele() {
        super::absage_mit_eingabe("threaded_server_viele");
    }
    #[test]
    fn tokio() {
        super::absage_mit_eingabe("tokio_server");
    }
    #[test]
    fn poll() {
        super::absage_mit_eingabe("poll_server");
    }
}

/// Nach `/quit` bleibt der Client still und hält die Verbindung offen. Der
/// Server schickt Abschied und FIN und liest bis `NACHLAUF` (2 s) weg; dabei
/// wartet er, statt zu kreiseln: höchstens 0,1 s CPU in 1,5 s. Linux (`/proc`).
#[cfg(target_os = "linux")]
fn stiller_abschied(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &["--leise"]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    anna.sende("/quit");
    anna.erwarte(TSCHUESS);
    let vorher = dateilimit::cpu_ticks(server.pid());
    thread::sleep(Duration::from_millis(1500)); // hier wird gemessen, nicht gewartet
    let ticks = dateilimit::cpu_ticks(server.pid()) - vorher; // in 1/100 s (USER_HZ)
    assert!(
        ticks < 10,
        "{programm} kreiselt im Abschied: {ticks} Ticks CPU in 1,5 s"
    );
    anna.erwarte_ende();
    assert!(server.laeuft());
}

#[cfg(target_os = "linux")]
mod abschied {
    #[test]
    fn threaded() {
        super::stiller_abschied("threaded_server");
    }
    #[test]
    fn viele() {
        super::stiller_abschied("threaded_server_viele");
    }
    #[test]
    fn tokio() {
        super::stiller_abschied("tokio_server");
    }
    #[test]
    fn poll() {
        super::stiller_abschied("poll_server");
    }
}

/// Auch wer wegen Stille getrennt wird, gibt seinen Platz frei (Drop-Wächter).
fn plaetze_nach_timeout_frei(programm: &str) {
    let args = ["--max-clients", "2", "--timeout", "1"];
    let (_server, adresse) = Prozess::server(programm, &args);
    let mut stumme = [Teilnehmer::neu(adresse), Teilnehmer::neu(adresse)];
    let mut dritter = Teilnehmer::aus(verbinde(adresse));
    dritter.erwarte("! Server voll (höchstens 2 Clients), versuch es später noch einmal");
    for t in &mut stumme {
        t.erwarte("! Zu lange still (1 s), Verbindung wird getrennt");
        t.erwarte_ende();
    }
    drop(stumme);
    let mut neu = betritt_sobald_frei(adresse);
    neu.sende("Neu");
    neu.erwarte("* Hallo Neu! Im Raum: niemand sonst");
}

/// Zwei Clients werden gleichzeitig still. Jeder bekommt seine Abschiedszeile
/// und dann ein sauberes Ende; in welcher Reihenfolge der Server die beiden
/// trennt, ist egal (jeder liest auf seinem eigenen Socket).
fn stille_clients_werden_getrennt(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &["--timeout", "1"]);
    let start = Instant::now();
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    // Ben schickt nur eine halbe Zeile: Das setzt die Frist nicht zurück.
    let mut ben = Teilnehmer::neu(adresse);
    ben.sende_bytes(b"Be");
    let still = "! Zu lange still (1 s), Verbindung wird getrennt";
    anna.erwarte(still);
    anna.erwarte_ende();
    ben.erwarte(still);
    ben.erwarte_ende();
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "Timeout zu früh: {:?}",
        start.elapsed()
    );
}

/// Schnecke liest nie. Anna schreibt Zeile um Zeile, Ben liest jede sofort
/// (im Gleichschritt, damit Ben selbst nie zurückliegt). Irgendwann sind die
/// Puffer des Betriebssystems für Schnecke voll, ihr Postfach läuft über, und
/// der Server trennt sie. Ben bekommt trotzdem jede Zeile.
fn langsamer_leser(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &["--max-puffer", "4096"]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");

    // Kleiner Empfangspuffer (SO_RCVBUF vor connect): Schnecke ist schneller voll.
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect_timeout(&adresse.into(), frist()).unwrap();
    let mut schnecke = Teilnehmer::aus(socket.into());
    schnecke.erwarte(WILLKOMMEN);
    schnecke.sende("Schnecke");
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
        if getrennt_bei.is_some_and(|g| i >= g + 100) {
            break;
        }
    }
    let getrennt_bei = getrennt_bei.expect("Schnecke wurde nie getrennt");
    eprintln!("Schnecke getrennt nach {getrennt_bei} Zeilen zu je 1007 Bytes");
    anna.erwarte("* Schnecke ist gegangen");
    drop(schnecke);
    // Der Server bedient weiter.
    ben.sende("Alles gut?");
    anna.erwarte("Ben: Alles gut?");
}

/// Anna bricht mitten in einer Zeile mit RST ab (SO_LINGER = 0).
fn abbruch_mitten_in_der_zeile(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    anna.sende_bytes(b"halbe Nachr");
    let socket = Socket::from(anna.verbindung.try_clone().unwrap());
    socket.set_linger(Some(Duration::ZERO)).unwrap();
    drop(socket);
    drop(anna); // close() mit Linger 0: RST statt FIN
    ben.erwarte("* Anna ist gegangen");
    // Nichts von der halben Zeile wurde weitergegeben; der Server bedient weiter.
    let mut cleo = Teilnehmer::angemeldet(adresse, "Cleo");
    ben.erwarte("* Cleo ist dabei");
    cleo.sende("Hallo Ben");
    ben.erwarte("Cleo: Hallo Ben");
}

fn einzelne_bytes_und_mehrere_zeilen_am_stueck(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    let mut anna = Teilnehmer::neu(adresse);
    anna.verbindung.set_nodelay(true).unwrap();
    // Jedes Byte ein eigenes write(), auch mitten im zwei Bytes langen „ü“.
    for byte in "Anna\nGrüße in Stücken\n".as_bytes() {
        anna.sende_bytes(&[*byte]);
    }
    anna.erwarte("* Hallo Anna! Im Raum: Ben");
    ben.erwarte("* Anna ist dabei");
    ben.erwarte("Anna: Grüße in Stücken");
    // Drei Zeilen in einem write() sind drei Nachrichten.
    anna.sende_bytes(b"eins\nzwei\ndrei\n");
    ben.erwarte("Anna: eins");
    ben.erwarte("Anna: zwei");
    ben.erwarte("Anna: drei");
}

/// `--leise` unterdrückt jede Zeile je Client, auch bei Abweisung.
fn leise(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &["--leise", "--max-clients", "1"]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut abgewiesen = Teilnehmer::aus(verbinde(adresse));
    abgewiesen.erwarte("! Server voll (höchstens 1 Clients), versuch es später noch einmal");
    anna.sende("/quit");
    anna.erwarte(TSCHUESS);
    anna.erwarte_ende();
    server.beende();
    assert_eq!(server.alle_zeilen().len(), 2, "{}", server.terminal());
}

/// Falsche Argumente: deutsche Meldung, die das Argument nennt, dazu der
/// Aufruf, Exit-Code 2. Absurde Zeiten (0, 2^64 − 1) werden abgelehnt.
fn falsche_argumente(programm: &str) {
    for (args, genannt) in [
        (&["--max-clients", "null"][..], "--max-clients"),
        (&["--max-clients", "0"], "--max-clients"),
        (&["--timeout"], "--timeout"),
        (&["--timeout", "0"], "--timeout"),
        (&["--timeout", "18446744073709551615"], "--timeout"),
        (&["--timeout", "-1"], "--timeout"),
        (&["--max-puffer", "100"], "--max-puffer"),
        (&["--unbekannt"], "--unbekannt"),
        (&["127.0.0.1:0", "zuviel"], "zuviel"),
        (&["kein-rechner:x"], "ADRESSE"),
    ] {
        let mut p = Prozess::starte(programm, args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{args:?}: {text}");
        assert!(text.starts_with("Fehler: "), "{text}");
        assert!(text.contains(genannt), "{args:?} nicht genannt: {text}");
        assert!(text.contains("Aufruf: "), "{text}");
        assert!(!text.contains("panicked"), "{text}");
    }
}

/// `--help` und `-h`: deutscher Aufruf, Exit-Code 0, kein Start.
fn hilfe(programm: &str) {
    for schalter in ["--help", "-h"] {
        let mut p = Prozess::starte(programm, &[schalter]);
        p.erfolgreich();
        assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
    }
}

/// Unter Linux mit wenigen Dateideskriptoren (RLIMIT_NOFILE = 24). Entweder
/// scheitert accept() mit EMFILE (threaded_server, poll_server), oder der
/// Server setzt seine Obergrenze selbst unter das Limit und sagt „Server voll“
/// (threaded_server_viele). In keinem Fall darf er die CPU verheizen, und wer
/// in der Warteschlange wartet, kommt dran, sobald Plätze frei werden (auch
/// mit flankengesteuertem poll, wo kein neues Ereignis mehr kommt).
#[cfg(target_os = "linux")]
fn zu_wenige_dateien(programm: &str) {
    let mut befehl = std::process::Command::new(common::beispiel(programm));
    befehl.arg("127.0.0.1:0");
    let mut server = dateilimit::starte_mit_dateilimit(programm, befehl, 24);
    let adresse = server.adresse_aus_erster_zeile();
    // 30 Verbindungen: connect() gelingt dank der Warteschlange von listen(),
    // auch wenn der Server sie nicht mehr annehmen kann.
    let offen: Vec<TcpStream> = (0..30).map(|_| verbinde(adresse)).collect();
    let (mut begruesst, mut wartend) = (Vec::new(), Vec::new());
    for verbindung in offen {
        // accept() geht der Reihe nach: Nach dem ersten Wartenden warten alle.
        if !wartend.is_empty() {
            wartend.push(verbindung);
            continue;
        }
        verbindung
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut t = Teilnehmer::aus(verbindung);
        let mut zeile = Vec::new();
        match (&mut t.leser).take(200).read_until(b'\n', &mut zeile) {
            Ok(_) if zeile.starts_with(b"* Willkommen") => begruesst.push(t),
            Ok(_) if zeile.starts_with(b"! Server voll") => t.erwarte_ende(),
            Ok(_) => panic!("unerwartet: {:?}", String::from_utf8_lossy(&zeile)),
            Err(_) => wartend.push(t.verbindung),
        }
    }
    assert!(
        !begruesst.is_empty() && begruesst.len() < 30,
        "{} begrüßt",
        begruesst.len()
    );
    // Keine Schleife um accept(): in 1 s weniger als 0,3 s CPU.
    let cpu = || dateilimit::cpu_ticks(server.pid());
    let vorher = cpu();
    thread::sleep(Duration::from_secs(1)); // hier wird gemessen, nicht gewartet
    let ticks = cpu() - vorher; // in 1/100 s (USER_HZ)
    assert!(
        ticks < 30,
        "accept() dreht sich im Kreis: {ticks} Ticks CPU in 1 s"
    );
    // Die Begrüßten gehen; die Wartenden und ein neuer Client kommen dran.
    drop(begruesst);
    for verbindung in wartend {
        verbindung.set_read_timeout(Some(frist())).unwrap();
        Teilnehmer::aus(verbindung).erwarte(WILLKOMMEN);
    }
    betritt_sobald_frei(adresse);
    assert!(server.laeuft());
}

fn belegter_port(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut zweiter = Prozess::starte(programm, &[&adresse.to_string()]);
    zweiter.fehlgeschlagen();
    assert!(zweiter.terminal().contains("Der Port ist schon belegt"));
}

/// Der echte gruppen_client: zeigt Nachrichten, während er auf die Tastatur
/// wartet, hält zu lange Zeilen zurück, und Strg+D wirkt wie /quit.
fn client_mit_gruppen_client(programm: &str) {
    let (_server, adresse) = Prozess::server(programm, &[]);
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    let mut anna = Prozess::starte("gruppen_client", &[&adresse.to_string()]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("* Hallo Anna! Im Raum: Ben");
    ben.erwarte("* Anna ist dabei");
    ben.sende("Siehst du mich, während du tippst?");
    anna.warte_auf("Ben: Siehst du mich, während du tippst?");
    // Steuerzeichen (hier ESC für Terminalfarben) zeigt der Client als �.
    ben.sende_bytes(b"Farbe \x1b[31mrot\n");
    anna.warte_auf("Ben: Farbe \u{fffd}[31mrot\n");
    anna.tippe(&"z".repeat(1024));
    anna.warte_auf("Zu lang: höchstens 1023 Bytes pro Zeile. Nicht gesendet.");
    // Strg+D wirkt wie /quit.
    anna.schliesse_eingabe();
    anna.warte_auf("* Tschüss!");
    anna.erfolgreich();
    ben.erwarte("* Anna ist gegangen");
}

macro_rules! fuer_alle_server {
    ($($drehbuch:ident),* $(,)?) => {
        mod threaded {
            $(#[test] fn $drehbuch() { super::$drehbuch("threaded_server") })*
        }
        mod poll {
            $(#[test] fn $drehbuch() { super::$drehbuch("poll_server") })*
        }
        #[cfg(unix)] // send() mit MSG_DONTWAIT gibt es unter Windows nicht
        mod viele {
            $(#[test] fn $drehbuch() { super::$drehbuch("threaded_server_viele") })*
        }
    };
}

fuer_alle_server!(
    beitreten_nachricht_quit,
    name_vergeben,
    name_ungueltig,
    ungueltiges_utf8,
    zu_lange_zeile,
    server_voll,
    plaetze_nach_timeout_frei,
    stille_clients_werden_getrennt,
    langsamer_leser,
    abbruch_mitten_in_der_zeile,
    einzelne_bytes_und_mehrere_zeilen_am_stueck,
    leise,
    falsche_argumente,
    hilfe,
    belegter_port,
    client_mit_gruppen_client,
);

#[cfg(target_os = "linux")]
mod emfile {
    #[test]
    fn threaded() {
        super::zu_wenige_dateien("threaded_server");
    }

    #[test]
    fn poll() {
        super::zu_wenige_dateien("poll_server");
    }

    #[test]
    fn viele() {
        super::zu_wenige_dateien("threaded_server_viele");
    }
}

// ---------------------------------------------------------------------------
// Mitschnitte für das Buch und der Client allein
// ---------------------------------------------------------------------------

/// Kapitel „Gruppenchat“: Server und zwei gruppen_clients.
#[test]
fn buch_gruppenchat_drei_terminals() {
    let (mut server, adresse) = Prozess::server("threaded_server", &[]);
    let ziel = adresse.to_string();
    let mut anna = Prozess::starte("gruppen_client", &[&ziel]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("Im Raum: niemand sonst\n");
    server.warte_auf("heißt Anna\n");
    let mut ben = Prozess::starte("gruppen_client", &[&ziel]);
    ben.warte_auf(WILLKOMMEN);
    ben.tippe("Anna");
    ben.warte_auf("! Der Name Anna ist vergeben\n");
    ben.tippe("Ben");
    ben.warte_auf("Im Raum: Anna\n");
    anna.warte_auf("* Ben ist dabei\n");
    server.warte_auf("heißt Ben\n");
    anna.tippe("Hallo Ben! Schreib einfach, ich sehe es sofort.");
    ben.warte_auf("Anna: Hallo Ben!");
    ben.tippe("Hallo Anna! Und ich sehe dich, während ich tippe.");
    anna.warte_auf("Ben: Hallo Anna!");
    ben.tippe("/quit");
    ben.erfolgreich();
    anna.warte_auf("* Ben ist gegangen\n");
    server.warte_auf("Ben getrennt (/quit)\n");
    anna.tippe("/quit");
    anna.erfolgreich();
    server.warte_auf("Anna getrennt (/quit)\n");
    Transkript::neu()
        .port(adresse.port(), 6000)
        .terminal(
            "threaded_server",
            "cargo run --example threaded_server",
            &server,
        )
        .terminal(
            "gruppen_client_anna",
            "cargo run --example gruppen_client",
            &anna,
        )
        .terminal(
            "gruppen_client_ben",
            "cargo run --example gruppen_client",
            &ben,
        )
        .pruefe();
}

/// Kapitel „Threads“: Der dritte Client findet keinen Platz.
#[test]
fn buch_threaded_server_voll() {
    let (mut server, adresse) = Prozess::server("threaded_server", &["--max-clients", "2"]);
    let ziel = adresse.to_string();
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    server.warte_auf("heißt Anna\n");
    let _ben = Teilnehmer::angemeldet(adresse, "Ben");
    server.warte_auf("heißt Ben\n");
    anna.erwarte("* Ben ist dabei");
    let mut cleo = Prozess::starte("gruppen_client", &[&ziel]);
    cleo.erfolgreich();
    server.warte_auf("abgewiesen, Server voll\n");
    Transkript::neu()
        .port(adresse.port(), 6000)
        .terminal(
            "threaded_server_voll",
            "cargo run --example threaded_server -- --max-clients 2",
            &server,
        )
        .terminal(
            "gruppen_client_voll",
            "cargo run --example gruppen_client",
            &cleo,
        )
        .pruefe();
}

/// Vertiefung „10 000 Clients mit Threads“: zwei Clients, eine Nachricht.
#[cfg(unix)]
#[test]
fn buch_threaded_server_viele() {
    let (mut server, adresse) = Prozess::server("threaded_server_viele", &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    server.warte_auf("heißt Anna\n");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    server.warte_auf("heißt Ben\n");
    anna.erwarte("* Ben ist dabei");
    ben.sende("Ein Thread für mich, einer für dich.");
    anna.erwarte("Ben: Ein Thread für mich, einer für dich.");
    ben.sende("/quit");
    ben.erwarte(TSCHUESS);
    ben.erwarte_ende();
    anna.erwarte("* Ben ist gegangen");
    server.warte_auf("Ben getrennt (/quit)\n");
    anna.sende("/quit");
    anna.erwarte(TSCHUESS);
    anna.erwarte_ende();
    server.warte_auf("Anna getrennt (/quit)\n");
    Transkript::neu()
        .port(adresse.port(), 6000)
        .terminal(
            "threaded_server_viele",
            "cargo run --example threaded_server_viele",
            &server,
        )
        .pruefe();
}

/// Kapitel „Readiness-Polling“: zwei Clients, dann Stille bis zum Timeout.
#[test]
fn buch_poll_server_mit_timeout() {
    let (mut server, adresse) = Prozess::server("poll_server", &["--timeout", "2"]);
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
    anna.tippe("Ein Thread für uns beide?");
    ben.warte_auf("Anna: Ein Thread");
    ben.tippe("Ja, und er schläft, bis einer von uns etwas sagt.");
    anna.warte_auf("Ben: Ja, und er schläft");
    // Jetzt schweigen beide: Anna sprach zuerst, also muss sie zuerst gehen.
    anna.warte_auf("! Zu lange still (2 s), Verbindung wird getrennt\n");
    anna.erfolgreich();
    ben.warte_auf("* Anna ist gegangen\n");
    ben.warte_auf("! Zu lange still (2 s), Verbindung wird getrennt\n");
    ben.erfolgreich();
    server.warte_auf("Ben getrennt (2 s lang keine Zeile)\n");
    Transkript::neu()
        .port(adresse.port(), 6001)
        .port(6001, 6001)
        .terminal(
            "poll_server",
            "cargo run --example poll_server -- --timeout 2",
            &server,
        )
        .terminal(
            "poll_client_anna",
            "cargo run --example gruppen_client -- 127.0.0.1:6001",
            &anna,
        )
        .terminal(
            "poll_client_ben",
            "cargo run --example gruppen_client -- 127.0.0.1:6001",
            &ben,
        )
        .pruefe();
}

#[test]
fn client_ohne_server_erklaert_was_zu_tun_ist() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut client = Prozess::starte("gruppen_client", &[&ziel]);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("Dort lauscht kein Server"), "{text}");
    assert!(
        text.contains("cargo run --example threaded_server"),
        "{text}"
    );
    Transkript::neu()
        .port(ziel.rsplit(':').next().unwrap().parse().unwrap(), 6000)
        .terminal(
            "gruppen_client_ohne_server",
            "cargo run --example gruppen_client",
            &client,
        )
        .pruefe();
}

#[test]
fn client_merkt_wenn_der_server_verschwindet() {
    let (mut server, adresse) = Prozess::server("poll_server", &[]);
    let mut client = Prozess::starte("gruppen_client", &[&adresse.to_string()]);
    client.warte_auf(WILLKOMMEN);
    client.tippe("Anna");
    client.warte_auf("Im Raum: niemand sonst\n");
    server.beende();
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("ohne Abschied geschlossen"), "{text}");
}

#[test]
fn gruppen_client_hilfe_und_falsches_argument() {
    hilfe("gruppen_client");
    let mut p = Prozess::starte("gruppen_client", &["a:1", "zuviel"]);
    let status = p.warte_auf_ende();
    assert_eq!(status.code(), Some(2), "{}", p.terminal());
    assert!(p.terminal().contains("zuviel"), "{}", p.terminal());
}

// ---------------------------------------------------------------------------
// Die geteilten Regeln ohne Socket (`examples/chatregeln/mod.rs`)

mod regeln {
    use super::chatregeln::{Ausgang, Grund, Raum, Wirkung, Zeilenpuffer, lesbar};
    use std::io::{self, Write};
    use std::net::SocketAddr;
    use std::time::Duration;

    fn wer() -> SocketAddr {
        "127.0.0.1:1".parse().unwrap()
    }

    fn alle_zeilen(p: &mut Zeilenpuffer) -> Vec<String> {
        std::iter::from_fn(|| p.naechste().ok().flatten()).collect()
    }

    #[test]
    fn zeilen_an_jeder_stelle_geteilt() {
        let strom = "Anna\r\nGrüße\n\nzwei\n".as_bytes();
        for schnitt in 0..=strom.len() {
            let mut p = Zeilenpuffer::default();
            p.anhaengen(&strom[..schnitt]);
            let mut zeilen = alle_zeilen(&mut p);
            p.anhaengen(&strom[schnitt..]);
            zeilen.extend(alle_zeilen(&mut p));
            assert_eq!(
                zeilen,
                ["Anna", "Grüße", "", "zwei"],
                "Schnitt bei {schnitt}"
            );
        }
    }

    #[test]
    fn zeilengrenze_und_kaputtes_utf8() {
        let mut p = Zeilenpuffer::default();
        p.anhaengen(&[b'x'; 1023]);
        p.anhaengen(b"\n");
        assert_eq!(p.naechste().unwrap().unwrap().len(), 1023);
        p.anhaengen(b"Gr\xfc\xdfe\n");
        assert_eq!(p.naechste().unwrap().unwrap(), "Gr\u{fffd}\u{fffd}e");
        p.anhaengen(&[b'y'; 1024]);
        assert!(matches!(p.naechste(), Err(Grund::ZuLang)));
    }

    #[test]
    fn namen_gruss_nachricht_und_gehen() {
        let mut raum = Raum::default();
        let an_ihn = |t: &str| Wirkung::AnIhn(t.to_string());
        let ungueltig = an_ihn("! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n");
        for name in [
            "",
            "zwei Worte",
            "tab\tname",
            "esc\u{1b}[31m",
            &"a".repeat(33),
        ] {
            assert_eq!(
                raum.zeile(1, name, wer(), true),
                std::slice::from_ref(&ungueltig),
                "{name:?}"
            );
        }
        let hallo = an_ihn("* Hallo Ben! Im Raum: niemand sonst\n");
        let dabei = Wirkung::AnAndere("* Ben ist dabei\n".into());
        assert_eq!(raum.zeile(1, "Ben", wer(), true), [hallo, dabei]);
        let vergeben = an_ihn("! Der Name Ben ist vergeben\n");
        assert_eq!(raum.zeile(2, "Ben", wer(), true), [vergeben]);
        let hallo = an_ihn("* Hallo Anna! Im Raum: Ben\n");
        assert_eq!(raum.zeile(2, "Anna", wer(), true)[0], hallo);
        assert_eq!(raum.zeile(2, "", wer(), true), []);
        let nachricht = Wirkung::AnAndere("Anna: Hallo\n".into());
        assert_eq!(raum.zeile(2, "Hallo", wer(), true), [nachricht]);
        assert_eq!(raum.andere(Some(2)), [1]);
        assert_eq!(raum.zeile(2, "/quit", wer(), true), [Wirkung::Gehen]);
        let e = super::chatregeln::start::Einstellungen {
            leise: true,
            ..Default::default()
        };
        let gegangen = raum.verlassen(2, wer(), &Grund::Quit, &e);
        assert_eq!(gegangen.as_deref(), Some("* Anna ist gegangen\n"));
        assert_eq!(raum.verlassen(2, wer(), &Grund::Quit, &e), None);
        // Der Name ist wieder frei.
        assert!(
            matches!(&raum.zeile(3, "Anna", wer(), true)[0], Wirkung::AnIhn(z) if z.starts_with("* Hallo"))
        );
    }

    #[test]
    fn gruss_bleibt_eine_zeile() {
        let mut raum = Raum::default();
        for i in 0..500 {
            raum.zeile(i, &format!("Teilnehmer{i:03}"), wer(), true);
        }
        let Wirkung::AnIhn(gruss) = &raum.zeile(999, "Neu", wer(), true)[0] else {
            panic!("kein Gruß")
        };
        assert!(gruss.len() <= 1024, "{}", gruss.len());
        assert!(gruss.starts_with("* Hallo Neu! Im Raum: Teilnehmer000, Teilnehmer001"));
        assert!(gruss.ends_with(" weitere\n"), "{gruss}");
    }

    #[test]
    fn abschiedszeilen() {
        let t = Duration::from_secs(7);
        assert_eq!(Grund::Quit.abschied(t).unwrap(), "* Tschüss!\n");
        let still = "! Zu lange still (7 s), Verbindung wird getrennt\n";
        assert_eq!(Grund::Still.abschied(t).unwrap(), still);
        assert!(Grund::Geschlossen.abschied(t).is_none());
        assert!(Grund::ZuLangsam.abschied(t).is_none());
        let beendet = Grund::Beendet.abschied(t).unwrap();
        assert_eq!(beendet, "* Server wird beendet\n");
        assert_eq!(beendet, super::chatregeln::BEENDET);
    }

    /// Strg+C: Alle gehen, jeder bekommt nur `* Server wird beendet`, keiner
    /// erfährt, dass die anderen gegangen sind.
    #[test]
    fn beim_beenden_kein_ist_gegangen() {
        let mut raum = Raum::default();
        raum.zeile(1, "Anna", wer(), true);
        raum.zeile(2, "Ben", wer(), true);
        let e = super::chatregeln::start::Einstellungen {
            leise: true,
            ..Default::default()
        };
        assert_eq!(raum.verlassen(1, wer(), &Grund::Beendet, &e), None);
        assert_eq!(raum.andere(None), [2], "Anna ist trotzdem fort");
    }

    #[test]
    fn steuerzeichen_im_protokoll_sichtbar() {
        assert_eq!(lesbar("a\nb\u{1b}[2J"), "a\\nb\\u{1b}[2J");
    }

    /// Ein Socket, der nur `frei` Bytes nimmt und dann WouldBlock meldet.
    struct Eng {
        frei: usize,
        bekommen: Vec<u8>,
    }

    impl Write for Eng {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            let n = b.len().min(self.frei);
            if n == 0 {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            self.frei -= n;
            self.bekommen.extend_from_slice(&b[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn ausgang_mit_grenze_und_wouldblock() {
        let mut a = Ausgang::default();
        assert!(a.einreihen("eins\n", 10));
        assert!(a.einreihen("zwei\n", 10));
        assert!(!a.einreihen("drei\n", 10), "über der Grenze");
        let mut eng = Eng {
            frei: 3,
            bekommen: Vec::new(),
        };
        assert!(!a.schreiben(&mut eng).unwrap());
        eng.frei = 100;
        assert!(a.schreiben(&mut eng).unwrap());
        assert_eq!(eng.bekommen, b"eins\nzwei\n");
    }
}

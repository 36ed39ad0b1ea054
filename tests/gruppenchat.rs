//! Szenarien zu den Kapiteln „Gruppenchat“, „Mehrere Clients mit Threads“ und
//! „Readiness-Polling“. Jedes Protokoll-Drehbuch läuft gegen beide Server,
//! `threaded_server` und `poll_server` (Makro `fuer_beide_server!` am Ende).

mod common;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{Prozess, Transkript, freier_port, frist, verbinde};
use socket2::{Domain, Protocol, Socket, Type};

const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?";
const UNGUELTIG: &str = "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen";
const ZU_LANG: &str = "! Zeile zu lang (höchstens 1024 Bytes)";

/// Ein roher Client, der das Protokoll Zeile für Zeile spricht.
struct Teilnehmer {
    stream: TcpStream,
    leser: BufReader<TcpStream>,
}

impl Teilnehmer {
    /// Verbindet und liest die Begrüßung.
    fn neu(adresse: SocketAddr) -> Teilnehmer {
        let mut t = Teilnehmer::aus(verbinde(adresse));
        t.erwarte(WILLKOMMEN);
        t
    }

    fn aus(stream: TcpStream) -> Teilnehmer {
        let leser = BufReader::new(stream.try_clone().expect("Socket teilen"));
        Teilnehmer { stream, leser }
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
        self.stream.write_all(bytes).expect("senden");
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

    /// Der Server hat geschlossen: read() liefert 0 Bytes (oder ein Reset,
    /// falls noch Ungelesenes unterwegs war; beides ist ein Ende).
    fn erwarte_ende(&mut self) {
        let mut rest = Vec::new();
        match self.leser.read_to_end(&mut rest) {
            Ok(_) => assert!(
                rest.is_empty(),
                "noch Daten: {:?}",
                String::from_utf8_lossy(&rest)
            ),
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::ConnectionReset, "{e}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Drehbücher, jedes für beide Server
// ---------------------------------------------------------------------------

fn beitreten_nachricht_quit(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &[]);
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
    ben.erwarte("* Tschüss!");
    ben.erwarte_ende();
    anna.erwarte("* Ben ist gegangen");
    cleo.erwarte("* Ben ist gegangen");
    server.warte_auf("Ben getrennt (/quit)");

    // Einfach auflegen zählt auch als Gehen.
    drop(cleo);
    anna.erwarte("* Cleo ist gegangen");
    server.warte_auf("Cleo getrennt (Verbindung vom Client geschlossen)");
    assert!(server.terminal().contains(": heißt Anna\n"));
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
    let (mut server, adresse) = Prozess::server(programm, &[]);
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
    server.warte_auf("Cleo getrennt (Zeile länger als 1024 Bytes)");
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
    let (mut server, adresse) = Prozess::server(programm, &["--max-clients", "2"]);
    let mut erster = Teilnehmer::neu(adresse);
    let _zweiter = Teilnehmer::neu(adresse);
    let mut dritter = Teilnehmer::aus(verbinde(adresse));
    dritter.erwarte("! Server voll (höchstens 2 Clients), versuch es später noch einmal");
    dritter.erwarte_ende();
    server.warte_auf("abgewiesen, Server voll");

    // Wird ein Platz frei, kommt der Nächste hinein.
    erster.sende("/quit");
    erster.erwarte("* Tschüss!");
    erster.erwarte_ende();
    drop(erster);
    server.warte_auf("(ohne Namen) getrennt (/quit)");
    let mut vierter = Teilnehmer::neu(adresse);
    vierter.sende("Vier");
    vierter.erwarte("* Hallo Vier! Im Raum: niemand sonst");
}

fn stille_clients_werden_getrennt(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &["--timeout", "1"]);
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
    server.warte_auf("Anna getrennt (1 s lang keine Zeile)");
    server.warte_auf("(ohne Namen) getrennt (1 s lang keine Zeile, 2 Bytes");
}

/// Schnecke liest nie. Anna schreibt Zeile um Zeile, Ben liest jede sofort
/// (im Gleichschritt, damit Ben selbst nie zurückliegt). Irgendwann sind die
/// Puffer des Betriebssystems für Schnecke voll, ihr Postfach läuft über, und
/// der Server trennt sie. Ben bekommt trotzdem jede Zeile.
fn langsamer_leser(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &["--max-puffer", "4096"]);
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
    server.warte_auf("Schnecke getrennt (liest nicht mit, über 4096 Bytes ausstehend)");
    drop(schnecke);
    // Der Server bedient weiter.
    ben.sende("Alles gut?");
    anna.erwarte("Ben: Alles gut?");
}

/// Anna bricht mitten in einer Zeile mit RST ab (SO_LINGER = 0).
fn abbruch_mitten_in_der_zeile(programm: &str) {
    let (mut server, adresse) = Prozess::server(programm, &[]);
    let mut anna = Teilnehmer::angemeldet(adresse, "Anna");
    let mut ben = Teilnehmer::angemeldet(adresse, "Ben");
    anna.erwarte("* Ben ist dabei");
    anna.sende_bytes(b"halbe Nachr");
    let socket = Socket::from(anna.stream.try_clone().unwrap());
    socket.set_linger(Some(Duration::ZERO)).unwrap();
    drop(socket);
    drop(anna); // close() mit Linger 0: RST statt FIN
    ben.erwarte("* Anna ist gegangen");
    server.warte_auf("Anna getrennt (");
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
    anna.stream.set_nodelay(true).unwrap();
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
    anna.erwarte("* Tschüss!");
    anna.erwarte_ende();
    server.beende();
    assert_eq!(server.alle_zeilen().len(), 2, "{}", server.terminal());
}

fn falsche_argumente(programm: &str) {
    for args in [
        &["--max-clients", "null"][..],
        &["--timeout"],
        &["--max-puffer", "100"],
        &["--unbekannt"],
        &["127.0.0.1:0", "zuviel"],
    ] {
        let mut p = Prozess::starte(programm, args);
        p.fehlgeschlagen();
        let text = p.terminal();
        assert!(text.starts_with("Fehler: "), "{text}");
        assert!(text.contains("Aufruf: "), "{text}");
    }
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

macro_rules! fuer_beide_server {
    ($($drehbuch:ident),* $(,)?) => {
        mod threaded {
            $(#[test] fn $drehbuch() { super::$drehbuch("threaded_server") })*
        }
        mod poll {
            $(#[test] fn $drehbuch() { super::$drehbuch("poll_server") })*
        }
    };
}

fuer_beide_server!(
    beitreten_nachricht_quit,
    name_vergeben,
    name_ungueltig,
    ungueltiges_utf8,
    zu_lange_zeile,
    server_voll,
    stille_clients_werden_getrennt,
    langsamer_leser,
    abbruch_mitten_in_der_zeile,
    einzelne_bytes_und_mehrere_zeilen_am_stueck,
    leise,
    falsche_argumente,
    belegter_port,
    client_mit_gruppen_client,
);

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

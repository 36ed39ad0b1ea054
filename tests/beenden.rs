//! Sauber beenden mit Strg+C (Seiten „Threads“ und „Readiness-Polling“):
//! Für `threaded_server`, `threaded_server_viele` und `poll_server` schickt
//! der Test SIGINT, wie es das Terminal bei Strg+C tut. Zwei verbundene
//! Clients, einer mitten in einer Zeile, bekommen genau die Zeile
//! `* Server wird beendet` und danach ein sauberes Ende (read() liefert 0,
//! kein RST); der Server endet mit Exit-Code 0, und wer danach verbinden
//! will, wird abgewiesen. Die Thread-Server lesen nach dem Abschied weg,
//! was der Client noch schickt, bis zu seinem FIN (kein RST). Nur Unix: Windows kennt keine Signale (dort kommt
//! Strg+C als Konsolenereignis, das ein Test nicht an einen Kindprozess
//! ohne eigene Konsole schicken kann).
#![cfg(unix)]

mod common;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{Prozess, Transkript, frist, verbinde};

const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?\n";
const BEENDET: &[u8] = "* Server wird beendet\n".as_bytes();
/// So lange darf der Server nach SIGINT höchstens brauchen: zwei Nachlauf-
/// Fristen (2 × 2 s) und Luft für eine volle Maschine.
const HOECHSTENS: Duration = Duration::from_secs(10);

/// Ein roher Client: Verbindung zum Schreiben, gepufferter Leser.
struct Client {
    verbindung: TcpStream,
    leser: BufReader<TcpStream>,
}

impl Client {
    fn neu(adresse: SocketAddr) -> Client {
        let verbindung = verbinde(adresse);
        let leser = BufReader::new(verbindung.try_clone().expect("Socket teilen"));
        let mut client = Client { verbindung, leser };
        assert_eq!(client.zeile(), WILLKOMMEN);
        client
    }

    fn angemeldet(adresse: SocketAddr, name: &str) -> Client {
        let mut client = Client::neu(adresse);
        client.sende(format!("{name}\n").as_bytes());
        let gruss = client.zeile();
        assert!(gruss.starts_with(&format!("* Hallo {name}!")), "{gruss:?}");
        client
    }

    fn sende(&mut self, bytes: &[u8]) {
        self.verbindung.write_all(bytes).expect("senden");
    }

    fn zeile(&mut self) -> String {
        let mut zeile = String::new();
        self.leser.read_line(&mut zeile).expect("Zeile lesen");
        zeile
    }

    /// Alles bis zum Ende des Stroms. `Err`, wenn statt FIN ein RST kam.
    fn rest(mut self) -> io::Result<Vec<u8>> {
        let mut rest = Vec::new();
        self.leser.read_to_end(&mut rest)?;
        Ok(rest)
    } // Drop: close(), der Server sieht unser FIN.
}

/// Schickt dem Server SIGINT, als hätte jemand in seinem Terminal Strg+C gedrückt.
fn strg_c(server: &Prozess) {
    let pid = libc::pid_t::try_from(server.pid()).expect("PID passt in pid_t");
    // SAFETY: kill(2) mit der PID unseres eigenen, noch nicht eingesammelten Kindes.
    let ergebnis = unsafe { libc::kill(pid, libc::SIGINT) };
    assert_eq!(ergebnis, 0, "kill(SIGINT): {}", io::Error::last_os_error());
}

/// Das Drehbuch für einen Server; liefert ihn beendet zurück (für Transkripte).
fn beenden_mit_strg_c(name: &str) -> (Prozess, SocketAddr) {
    let (mut server, adresse) = Prozess::server(name, &[]);
    let mut anna = Client::angemeldet(adresse, "anna");
    server.warte_auf("heißt anna\n");
    let mut bert = Client::angemeldet(adresse, "bert");
    assert_eq!(anna.zeile(), "* bert ist dabei\n");
    // bert ist mitten in einer Zeile: Das Zeilenende kommt nie.
    bert.sende(b"halb fert");
    server.warte_auf("heißt bert\n");

    let start = Instant::now();
    strg_c(&server);
    for (wer, client) in [("anna", anna), ("bert", bert)] {
        match client.rest() {
            Ok(rest) => assert_eq!(
                String::from_utf8_lossy(&rest),
                String::from_utf8_lossy(BEENDET),
                "{name}: {wer} bekommt genau die Abschiedszeile, dann FIN"
            ),
            Err(e) => panic!("{name}: {wer} bekommt statt FIN einen Fehler: {e}"),
        }
    }
    server.erfolgreich(); // Exit-Code 0
    let dauer = start.elapsed();
    assert!(dauer < HOECHSTENS, "{name} brauchte {dauer:?} bis zum Ende");

    // Der lauschende Socket ist zu: Das System antwortet auf SYN mit RST.
    match TcpStream::connect_timeout(&adresse, frist()) {
        Err(e) => assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{name}: {e}"),
        Ok(_) => panic!("{name}: nimmt nach Strg+C noch Verbindungen an"),
    }
    (server, adresse)
}

#[test]
fn threaded_server_beendet_sauber() {
    beenden_mit_strg_c("threaded_server");
}

#[test]
fn threaded_server_viele_beendet_sauber() {
    beenden_mit_strg_c("threaded_server_viele");
}

/// Der Nachlauf nach Strg+C: Ein Client schickt noch etwas, nachdem die
/// Abschiedszeile ankam, und legt erst dann auf. Der Server liest es weg und
/// schließt erst nach unserem FIN; schlösse er vorher, käme ein RST. Unter
/// Linux liefert `read_to_end` dann trotzdem Abschied und Ende, den Reset
/// merkt sich das System als Fehler des Sockets (`take_error`, SO_ERROR).
fn nachlauf_nach_strg_c(name: &str) {
    let (mut server, adresse) = Prozess::server(name, &[]);
    let mut anna = Client::angemeldet(adresse, "anna");
    strg_c(&server);
    assert_eq!(anna.zeile().as_bytes(), BEENDET, "{name}: Abschiedszeile");
    anna.sende(b"noch eine Zeile\nund noch eine\n");
    let verbindung = anna.verbindung.try_clone().expect("Socket teilen");
    match anna.rest() {
        Ok(rest) => assert_eq!(rest, b"", "{name}: nach dem Abschied nur noch FIN"),
        Err(e) => panic!("{name}: statt FIN ein Fehler: {e}"),
    }
    // Nach einem RST ist die Verbindung fort: shutdown() scheitert (ENOTCONN).
    if let Err(e) = verbindung.shutdown(Shutdown::Write) {
        panic!("{name}: Der Server hat zurückgesetzt (RST): {e}");
    }
    server.erfolgreich();
    match verbindung.take_error() {
        Ok(None) => {}
        fehler => panic!("{name}: Der Server hat zurückgesetzt (RST): {fehler:?}"),
    }
}

#[test]
fn threaded_server_liest_nach_dem_abschied_weg() {
    nachlauf_nach_strg_c("threaded_server");
}

#[test]
fn threaded_server_viele_liest_nach_dem_abschied_weg() {
    nachlauf_nach_strg_c("threaded_server_viele");
}

/// Der Server-Mitschnitt für die Seite „Readiness-Polling“: Ein Thread
/// verabschiedet alle der Reihe nach, die Reihenfolge steht also fest.
#[test]
fn poll_server_beendet_sauber() {
    let (server, adresse) = beenden_mit_strg_c("poll_server");
    Transkript::neu()
        .port(adresse.port(), 6001)
        .terminal(
            "poll_server_beenden",
            "cargo run --example poll_server",
            &server,
        )
        .pruefe();
}

/// Für die Seite „Threads“: was ein `gruppen_client` zeigt, wenn der Server
/// mit Strg+C endet. Die Protokollzeilen der Lese-Threads kommen in keiner
/// festen Reihenfolge; der Client dagegen sieht immer dasselbe.
#[test]
fn gruppen_client_sieht_das_ende() {
    let (mut server, adresse) = Prozess::server("threaded_server", &[]);
    let mut anna = Prozess::starte("gruppen_client", &[&adresse.to_string()]);
    anna.warte_auf(WILLKOMMEN);
    anna.tippe("Anna");
    anna.warte_auf("Im Raum: niemand sonst\n");
    server.warte_auf("heißt Anna\n");
    strg_c(&server);
    anna.erfolgreich(); // Abschied erkannt: Exit-Code 0
    server.erfolgreich();
    Transkript::neu()
        .port(adresse.port(), 6000)
        .terminal(
            "gruppen_client_beenden",
            "cargo run --example gruppen_client",
            &anna,
        )
        .pruefe();
}

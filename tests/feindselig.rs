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
//! Bei Protokollen mit Längenpräfix (json_server, byte_order, echo_bench)
//! steckt die Nachricht in einem Rahmen; die „Riesenzeile“ sind dort 1 MiB
//! Bytes `a`, deren erste vier Bytes eine Länge von 1,6 GiB ankündigen.
//!
//! Was „überlebt“ heißt, hängt ehrlich von der Art des Servers ab:
//!
//! - **Dauerhaft** (threaded_server, poll_server, json_server, http_server,
//!   echo_bench): Ein Prozess erlebt alle Fälle nacheinander. Der gute Client
//!   wird *gleichzeitig* (während die feindseligen Verbindungen offen sind) und
//!   *danach* korrekt bedient. Die Server laufen mit `--max-clients 1100`,
//!   sonst würde `leerlauf` absichtlich die Grenze füllen („Server voll“).
//! - **Seriell** (tcp_server, byte_order, socket_families, bulk_recv): bedient
//!   einen Client nach dem anderen, also wird der gute Client erst *danach*
//!   bedient. tcp_server wartet auf Antworten von der Tastatur: Die Tests
//!   tippen sie; bei ihm entfällt `liest_nie`, er schickt nur, was die
//!   Bedienerin tippt. socket_families und bulk_recv schicken je Verbindung
//!   nur eine kurze Antwort (eine Zeile bzw. 16 Bytes Quittung): `liest_nie`
//!   zeigt dort nur, dass die ungelesene Antwort den Server nicht aufhält.
//! - **Einmalig** (hello_server, chat_server, stoerer im TCP-Modus): bedienen
//!   genau einen Client und enden. „Überlebt“ heißt hier: Der Prozess endet
//!   ohne Panik, mit Exit-Code 0 oder einer deutschen `Fehler: …`-Zeile. Jeder
//!   Fall bekommt einen neuen Prozess; beim Fall `byteweise` ist der gute
//!   Client der eine Client. chat_server: `liest_nie` entfällt (wie bei
//!   tcp_server).
//! - **UDP** (udp_server, udp_rate, stoerer im UDP-Modus): nur die UDP-Fälle;
//!   der gute Client schickt Datagramme, und der Server zeigt sie an
//!   (udp_rate: zählt sie und schickt seinen Bericht).
//!
//! **Relais** (stoerer): Der Störsender steht vor einem zweiten Server aus
//! dieser Tabelle (TCP: json_server, UDP: udp_server) und reicht die
//! feindseligen Nachrichten durch. „Überlebt“ heißt für ihn: Er endet wie ein
//! einmaliger Server sauber (TCP: nach seiner einen Verbindung; UDP: nach
//! `--anzahl 4` Datagrammen, mit Bilanz), der gute Client wird *durch das
//! Relais* korrekt bedient, und der Server dahinter läuft nach jedem Fall
//! weiter und bedient einen guten Client direkt.
//!
//! Kein Server im Sinn dieser Suite sind die Vorführungen, die in einem
//! Prozess ihre eigene Gegenseite auf `127.0.0.1:0` öffnen und wieder
//! schließen (adressen, fehler, freigeben, nonblocking, partial_write,
//! timeouts), und Clients, die vor connect() bind() aufrufen
//! (create_connection, udp_client). Die Server der Aufgaben prüft der
//! Aufgaben-Prüfer.
//!
//! socket_families lauscht als Dual-Stack-Server auf `[::]:0` (anders geht
//! Dual-Stack nicht); die Clients verbinden sich über 127.0.0.1, der gute
//! Client auch über `[::1]`. Ohne IPv6 wird dieser Server übersprungen.
//!
//! Speicher: Nach jedem Fall liest der Test `VmRSS` aus `/proc/PID/status`
//! (nur Linux), gibt ihn aus und verlangt weniger als [`MAX_RSS_KIB`]. Bei
//! einmaligen Servern wird gemessen, solange die feindseligen Verbindungen
//! noch offen sind (ist der Prozess schon beendet: „VmRSS –“).
//!
//! Dateideskriptoren: `leerlauf` braucht 1000 im Test und 1000 im Server. Ist
//! das weiche Limit (`ulimit -n`) zu klein, nimmt der Test weniger
//! Verbindungen und sagt es. Die Ausgabe mit `--nocapture` zeigt die Matrix.
//!
//! Server, deren Beispieldatei fehlt, werden mit Meldung übersprungen;
//! `alle_server_sind_im_buch` verlangt, dass es sie gibt.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpStream, UdpSocket};
use std::sync::Mutex;
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

const UDP_FAELLE: [Fall; 2] = [Fall::UdpUtf8, Fall::UdpGross];

#[derive(Clone, Copy, PartialEq)]
enum Schreibart {
    AmStueck,
    Byteweise,
}

struct Server {
    /// Name in der Matrix; ein Beispiel kann mehrmals vorkommen (stoerer).
    name: &'static str,
    beispiel: &'static str,
    /// Alle Argumente. Der Server bindet damit einen freien Port auf Loopback
    /// (socket_families: `[::]:0`) und nennt ihn in seiner ersten Zeile.
    args: &'static [&'static str],
    /// Relais: der Server (Name in dieser Tabelle), vor dem es steht. Seine
    /// Adresse kommt als `--nach ADRESSE` zu den Argumenten.
    hinter: Option<&'static str>,
    art: Art,
    /// Ein korrektes Gespräch. Bekommt den Server-Prozess, weil interaktive
    /// Server ihre Antworten von der Tastatur lesen (bei einem Relais: den
    /// Server dahinter, dessen Ausgabe zeigt, was ankam).
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
    /// UDP: schickt das feindselige Datagramm und wartet auf die Reaktion.
    udp_angriff: Option<fn(&mut Prozess, SocketAddr, Fall)>,
}

/// Die Felder, die fast jeder Eintrag gleich setzt.
const STANDARD: Server = Server {
    name: "",
    beispiel: "",
    args: &[],
    hinter: None,
    art: Art::Dauerhaft,
    guter_client: |_, _, _| unreachable!(),
    rahmen: zeile,
    vorspann: b"",
    liest_nie: None,
    reaktion: keine_reaktion,
    udp_angriff: None,
};

const GRUPPENCHAT: &[&str] = &["127.0.0.1:0", "--max-clients", "1100"];

const SERVER: &[Server] = &[
    Server {
        name: "hello_server",
        beispiel: "hello_server",
        args: &["127.0.0.1:0"],
        art: Art::Einmalig,
        guter_client: hello_gut,
        liest_nie: Some(zeile_liest_nie),
        ..STANDARD
    },
    Server {
        name: "chat_server",
        beispiel: "chat_server",
        args: &["127.0.0.1:0"],
        art: Art::Einmalig,
        guter_client: chat_gut,
        reaktion: chat_reaktion,
        ..STANDARD
    },
    Server {
        name: "tcp_server",
        beispiel: "tcp_server",
        args: &["127.0.0.1:0"],
        art: Art::Seriell,
        guter_client: tcp_gut,
        reaktion: tcp_reaktion,
        ..STANDARD
    },
    Server {
        name: "threaded_server",
        beispiel: "threaded_server",
        args: GRUPPENCHAT,
        guter_client: gruppe_gut,
        vorspann: b"Stoerenfried\n",
        liest_nie: Some(gruppe_liest_nie),
        ..STANDARD
    },
    Server {
        name: "poll_server",
        beispiel: "poll_server",
        args: GRUPPENCHAT,
        guter_client: gruppe_gut,
        vorspann: b"Stoerenfried\n",
        liest_nie: Some(gruppe_liest_nie),
        ..STANDARD
    },
    Server {
        name: "json_server",
        beispiel: "json_server",
        args: &["127.0.0.1:0", "--max-clients", "1100"],
        guter_client: json_gut,
        rahmen: laengenpraefix,
        liest_nie: Some(json_liest_nie),
        ..STANDARD
    },
    Server {
        name: "http_server",
        beispiel: "http_server",
        args: &["127.0.0.1:0", "--max-clients", "1100"],
        guter_client: http_gut,
        rahmen: http_rahmen,
        liest_nie: Some(http_liest_nie),
        ..STANDARD
    },
    Server {
        name: "udp_server",
        beispiel: "udp_server",
        args: &["127.0.0.1:0"],
        art: Art::Udp,
        guter_client: udp_gut,
        udp_angriff: Some(udp_server_angriff),
        ..STANDARD
    },
    Server {
        name: "byte_order",
        beispiel: "byte_order",
        args: &["server", "127.0.0.1:0"],
        art: Art::Seriell,
        guter_client: byte_order_gut,
        rahmen: laengenpraefix,
        liest_nie: Some(byte_order_liest_nie),
        reaktion: byte_order_reaktion,
        ..STANDARD
    },
    Server {
        name: "socket_families",
        beispiel: "socket_families",
        args: &["--server", "[::]:0"],
        art: Art::Seriell,
        guter_client: familien_gut,
        liest_nie: Some(zeile_liest_nie),
        reaktion: familien_reaktion,
        ..STANDARD
    },
    Server {
        name: "echo_bench",
        beispiel: "echo_bench",
        args: &["server", "127.0.0.1:0"],
        guter_client: echo_gut,
        rahmen: laengenpraefix,
        liest_nie: Some(echo_liest_nie),
        ..STANDARD
    },
    Server {
        name: "bulk_recv",
        beispiel: "bulk_recv",
        args: &["127.0.0.1:0"],
        art: Art::Seriell,
        guter_client: bulk_gut,
        // Ein Bytestrom ohne Rahmen: Die Nachricht endet erst mit dem FIN.
        rahmen: <[u8]>::to_vec,
        liest_nie: Some(bulk_liest_nie),
        ..STANDARD
    },
    Server {
        name: "udp_rate",
        beispiel: "udp_rate",
        args: &["empfang", "127.0.0.1:0"],
        art: Art::Udp,
        guter_client: udp_rate_gut,
        udp_angriff: Some(udp_rate_angriff),
        ..STANDARD
    },
    Server {
        name: "stoerer_tcp",
        beispiel: "stoerer",
        // Stückchen von 1 bis 64 Bytes: Der Störsender zerteilt selbst.
        args: &["tcp", "--von", "127.0.0.1:0", "--stueckchen", "1-64"],
        hinter: Some("json_server"),
        art: Art::Einmalig,
        guter_client: json_gut,
        rahmen: laengenpraefix,
        liest_nie: Some(json_liest_nie),
        ..STANDARD
    },
    Server {
        name: "stoerer_udp",
        beispiel: "stoerer",
        // Zwei Fälle mit je einem feindseligen und einem guten Datagramm.
        args: &["udp", "--von", "127.0.0.1:0", "--anzahl", "4"],
        hinter: Some("udp_server"),
        art: Art::Udp,
        guter_client: udp_gut,
        udp_angriff: Some(udp_server_angriff),
        ..STANDARD
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

#[test]
fn byte_order_uebersteht_feindselige_clients() {
    pruefe("byte_order");
}

#[test]
fn socket_families_uebersteht_feindselige_clients() {
    pruefe("socket_families");
}

#[test]
fn echo_bench_uebersteht_feindselige_clients() {
    pruefe("echo_bench");
}

#[test]
fn bulk_recv_uebersteht_feindselige_clients() {
    pruefe("bulk_recv");
}

#[test]
fn udp_rate_uebersteht_feindselige_clients() {
    pruefe("udp_rate");
}

#[test]
fn stoerer_tcp_uebersteht_feindselige_clients() {
    pruefe("stoerer_tcp");
}

#[test]
fn stoerer_udp_uebersteht_feindselige_clients() {
    pruefe("stoerer_udp");
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

/// Jeder Eintrag der Tabelle hat seinen Test, und jeder Name kommt einmal vor.
#[test]
fn jeder_server_hat_einen_test() {
    let quelltext = include_str!("feindselig.rs");
    for s in SERVER {
        let aufruf = format!("pruefe(\"{}\");", s.name);
        assert_eq!(
            quelltext.matches(&aufruf).count(),
            1,
            "{} braucht genau einen Test",
            s.name
        );
    }
}

fn vorhanden(beispiel: &str) -> bool {
    let datei = wurzel().join("examples").join(format!("{beispiel}.rs"));
    datei.exists() || common::ist_werkzeug(beispiel)
}

fn eintrag(name: &str) -> &'static Server {
    SERVER
        .iter()
        .find(|s| s.name == name)
        .expect("Server steht in der Tabelle")
}

fn pruefe(name: &str) {
    let server = eintrag(name);
    for beispiel in [
        Some(server.beispiel),
        server.hinter.map(|h| eintrag(h).beispiel),
    ]
    .into_iter()
    .flatten()
    {
        if !vorhanden(beispiel) {
            println!("{name}: übersprungen, examples/{beispiel}.rs gibt es noch nicht");
            return;
        }
    }
    if server.beispiel == "socket_families" && !ipv6_vorhanden() {
        println!("{name}: übersprungen, Dual-Stack braucht IPv6");
        return;
    }
    match server.art {
        Art::Dauerhaft | Art::Seriell => dauerhaft_oder_seriell(server),
        Art::Einmalig => einmalig(server),
        Art::Udp => udp(server),
    }
}

fn ipv6_vorhanden() -> bool {
    std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

/// Startet den Server (mit `--nach ZIEL` für ein Relais) und liest seine
/// Adresse aus der ersten Zeile. `[::]` oder `0.0.0.0` wird zu 127.0.0.1:
/// Die Tests reden nur über Loopback.
fn starte(s: &Server, nach: Option<SocketAddr>) -> (Prozess, SocketAddr) {
    let nach = nach.map(|a| a.to_string());
    let mut args = s.args.to_vec();
    if let Some(nach) = &nach {
        args.extend(["--nach", nach]);
    }
    // echo_bench und udp_rate sind Werkzeuge (werkzeuge/src/bin/), keine Beispiele.
    let mut p = if common::ist_werkzeug(s.beispiel) {
        Prozess::starte_werkzeug(s.beispiel, &args)
    } else {
        Prozess::starte(s.beispiel, &args)
    };
    let mut adresse = p.adresse_aus_erster_zeile();
    if adresse.ip().is_unspecified() {
        adresse.set_ip(Ipv4Addr::LOCALHOST.into());
    }
    (p, adresse)
}

/// Der Server hinter einem Relais, falls es einen gibt.
struct Dahinter {
    s: &'static Server,
    p: Prozess,
    adresse: SocketAddr,
}

fn starte_dahinter(s: &Server) -> Option<Dahinter> {
    let s = eintrag(s.hinter?);
    let (p, adresse) = starte(s, None);
    Some(Dahinter { s, p, adresse })
}

impl Dahinter {
    /// Der Server hinter dem Relais lebt noch und bedient einen guten Client direkt.
    fn pruefe(&mut self, relais: &Server, fall: Fall) {
        (self.s.guter_client)(&mut self.p, self.adresse, Schreibart::AmStueck);
        assert!(
            self.p.laeuft(),
            "{} hinter {} ist nach {fall:?} beendet:\n{}",
            self.s.name,
            relais.name,
            self.p.terminal()
        );
        let was = format!("dahinter: {} überlebt, bedient", self.s.name);
        melde(relais.name, fall, vm_rss_kib(self.p.pid()), &was);
        keine_panik(self.s, &self.p);
    }
}

fn dauerhaft_oder_seriell(s: &Server) {
    let (mut p, adresse) = starte(s, None);
    for fall in TCP_FAELLE {
        if fall == Fall::LiestNie && s.liest_nie.is_none() {
            println!("{:<16} {:<12} entfällt", s.name, "liest_nie");
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
            s.name,
            p.terminal()
        );
        let was = if s.art == Art::Dauerhaft {
            "überlebt, guter Client gleichzeitig und danach bedient"
        } else {
            "überlebt, guter Client danach bedient"
        };
        melde(s.name, fall, vm_rss_kib(p.pid()), was);
    }
    keine_panik(s, &p);
}

fn einmalig(s: &Server) {
    let mut dahinter = starte_dahinter(s);
    for fall in TCP_FAELLE {
        if fall == Fall::LiestNie && s.liest_nie.is_none() {
            println!("{:<16} {:<12} entfällt", s.name, "liest_nie");
            continue;
        }
        let nach = dahinter.as_ref().map(|d| d.adresse);
        let (mut p, adresse) = starte(s, nach);
        let rss = if fall == Fall::Byteweise {
            (s.guter_client)(&mut p, adresse, Schreibart::Byteweise);
            vm_rss_kib(p.pid())
        } else {
            let gehalten = angriff(s, fall, adresse);
            (s.reaktion)(&mut p, fall);
            // Messen, solange die feindseligen Verbindungen offen sind.
            let rss = vm_rss_kib(p.pid());
            drop(gehalten);
            rss
        };
        let status = p.warte_auf_ende();
        let text = p.terminal();
        keine_panik(s, &p);
        assert!(
            status.success() || text.contains("Fehler: "),
            "{} endete nach {fall:?} mit {status}, aber ohne deutsche Fehlermeldung:\n{text}",
            s.name
        );
        let wie = if status.success() {
            "endet sauber (Exit 0)"
        } else {
            "endet sauber (Fehler: …)"
        };
        melde(s.name, fall, rss, wie);
        if let Some(d) = dahinter.as_mut() {
            d.pruefe(s, fall);
        }
    }
}

fn udp(s: &Server) {
    let mut dahinter = starte_dahinter(s);
    let nach = dahinter.as_ref().map(|d| d.adresse);
    let (mut p, adresse) = starte(s, nach);
    let angriff = s.udp_angriff.expect("UDP-Server haben einen UDP-Angriff");
    for fall in UDP_FAELLE {
        // Was ankam, zeigt der Server selbst oder, beim Relais, der dahinter.
        let beobachter = dahinter.as_mut().map_or(&mut p, |d| &mut d.p);
        angriff(beobachter, adresse, fall);
        (s.guter_client)(beobachter, adresse, Schreibart::AmStueck);
        let rss = vm_rss_kib(p.pid());
        if let Some(d) = dahinter.as_mut() {
            melde(s.name, fall, rss, "leitet weiter, guter Client bedient");
            d.pruefe(s, fall);
        } else {
            assert!(p.laeuft(), "{} ist beendet:\n{}", s.name, p.terminal());
            melde(s.name, fall, rss, "überlebt, guter Client bedient");
        }
    }
    if dahinter.is_some() {
        // Das Relais endet nach `--anzahl` Datagrammen mit seiner Bilanz.
        p.erfolgreich();
        p.warte_auf("Bilanz: 4 Datagramme, 0 verworfen");
        println!("{:<16} {:<12} endet sauber (Exit 0) mit Bilanz", s.name, "");
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
        s.name
    );
}

/// Eine Zeile der Matrix; verlangt weniger als MAX_RSS_KIB.
fn melde(name: &str, fall: Fall, rss: Option<u64>, was: &str) {
    let rss_text = rss.map_or("VmRSS –".to_string(), |k| {
        format!("VmRSS {:.1} MiB", k as f64 / 1024.0)
    });
    println!("{name:<16} {:<12} {was}, {rss_text}", fall_name(fall));
    if let Some(kib) = rss {
        assert!(kib < MAX_RSS_KIB, "{name} belegt nach {fall:?} {kib} KiB");
    }
}

fn fall_name(fall: Fall) -> &'static str {
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

/// Resident Set Size des Prozesses in KiB (nur Linux; sonst `None`, ebenso
/// für einen schon beendeten Prozess).
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
                    s.name,
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
            s.name
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

fn laengenpraefix(nutzdaten: &[u8]) -> Vec<u8> {
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

/// Schickt eine Zeile und liest die eine Antwortzeile nie: Sie passt in jeden
/// Puffer, der Server wird sie los und macht weiter.
fn zeile_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let mut c = verbinde(adresse);
    c.write_all(b"Ich lese deine Antwort nie\n").unwrap();
    vec![c]
}

fn chat_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    bediener_gut(p, adresse, art, "Client: ", "-> ");
}

fn chat_reaktion(p: &mut Prozess, fall: Fall) {
    if fall == Fall::Utf8 {
        p.warte_auf("Client: \u{fffd}\u{fffd}\u{fffd} kaputt\n");
        p.warte_auf("-> ");
        p.tippe("bye");
    }
}

fn tcp_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    bediener_gut(p, adresse, art, "] ", "Antwort: ");
}

/// Der gute Client bei Servern, an denen jemand die Antworten tippt
/// (chat_server, tcp_server): Der Server zeigt die Zeile mit `vor_der_zeile`
/// davor, fragt mit `aufforderung` nach der Antwort, und die getippte
/// Antwort kommt beim Client an.
fn bediener_gut(
    p: &mut Prozess,
    adresse: SocketAddr,
    art: Schreibart,
    vor_der_zeile: &str,
    aufforderung: &str,
) {
    let mut c = verbinde(adresse);
    schreibe(&mut c, b"Hallo, ich bin brav\n", art);
    p.warte_auf(&format!("{vor_der_zeile}Hallo, ich bin brav\n"));
    p.warte_auf(aufforderung);
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
        schreibe(&mut c, &laengenpraefix(anfrage.as_bytes()), art);
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
    let anfrage = laengenpraefix(format!(r#"{{"befehl":"echo","text":"{text}"}}"#).as_bytes());
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

/// udp_server zeigt ungültiges UTF-8 mit U+FFFD und meldet, dass ein zu
/// großes Datagramm abgeschnitten wurde. `p` ist der udp_server, auch wenn
/// `adresse` zum Störsender davor gehört.
fn udp_server_angriff(p: &mut Prozess, adresse: SocketAddr, fall: Fall) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.send_to(&udp_datagramm(fall), adresse).unwrap();
    if fall == Fall::UdpUtf8 {
        p.warte_auf("\u{fffd}\u{fffd}\u{fffd} kaputt");
    } else {
        p.warte_auf("abgeschnitten");
    }
}

fn udp_datagramm(fall: Fall) -> Vec<u8> {
    match fall {
        Fall::UdpUtf8 => b"\xff\xfe\xfd kaputt".to_vec(),
        // Das größte Datagramm, das über IPv4 passt: 65 535 − 20 (IP) − 8 (UDP).
        _ => vec![b'u'; 65_507],
    }
}

// ---------------------------------------------------------------------------
// byte_order: Rahmen mit Längenpräfix, der Server quittiert jede Länge.

fn byte_order_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    for text in ["Hallo, ich bin brav", "Grüße"] {
        schreibe(&mut c, &laengenpraefix(text.as_bytes()), art);
        let mut quittung = [0u8; 4];
        c.read_exact(&mut quittung).unwrap();
        assert_eq!(u32::from_be_bytes(quittung) as usize, text.len());
        p.warte_auf(&format!("{} Bytes: {text}\n", text.len()));
    }
}

fn byte_order_reaktion(p: &mut Prozess, fall: Fall) {
    match fall {
        Fall::Utf8 => p.warte_auf("Bytes: \u{fffd}\u{fffd}\u{fffd} kaputt\n"),
        Fall::Riesenzeile => p.warte_auf("Rahmen zu groß: 1633771873 Bytes angekündigt"),
        _ => {}
    }
}

/// Leere Rahmen, so schnell es geht, und keine Quittung wird gelesen. Jede
/// Quittung hat nur 4 Bytes: Es braucht gut eine Million Rahmen (und so viele
/// Logzeilen, etwa 2 s), bis die Puffer voll sind und der Server in
/// write_all hängt. Dort bleibt er, bis wir auflegen oder sein
/// Schreib-Timeout abläuft; danach bedient er den guten Client.
fn byte_order_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    vec![fuelle(adresse, &laengenpraefix(b""))]
}

// ---------------------------------------------------------------------------
// socket_families: eine Zeile hin, eine Zeile zurück, über IPv4 und IPv6.

fn familien_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let v6 = SocketAddr::new(Ipv6Addr::LOCALHOST.into(), adresse.port());
    for (ziel, erwartet) in [
        (
            adresse,
            "Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n",
        ),
        (v6, "Hallo! Du kommst über ::1 (IPv6)\n"),
    ] {
        let mut c = verbinde(ziel);
        schreibe(&mut c, b"Hallo, ich bin brav\n", art);
        let mut antwort = String::new();
        BufReader::new(&c).read_line(&mut antwort).unwrap();
        assert_eq!(antwort, erwartet);
        p.warte_auf("sagt: Hallo, ich bin brav\n");
    }
}

fn familien_reaktion(p: &mut Prozess, fall: Fall) {
    match fall {
        Fall::Utf8 => p.warte_auf("sagt: \u{fffd}\u{fffd}\u{fffd} kaputt\n"),
        Fall::Riesenzeile => p.warte_auf("Zeile länger als 1024 Bytes"),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// echo_bench: jede Nachricht (Längenpräfix + Rumpf) kommt unverändert zurück.

fn echo_gut(_: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let mut c = verbinde(adresse);
    let lang = vec![b'e'; 300];
    for rumpf in [b"Hallo, ich bin brav".as_slice(), &lang] {
        let nachricht = laengenpraefix(rumpf);
        schreibe(&mut c, &nachricht, art);
        let mut echo = vec![0u8; nachricht.len()];
        c.read_exact(&mut echo).unwrap();
        assert_eq!(echo, nachricht);
    }
}

fn echo_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    vec![fuelle(adresse, &laengenpraefix(&[b'z'; 60_000]))]
}

// ---------------------------------------------------------------------------
// bulk_recv: ein Strom bis zum FIN, dann 8 Bytes Anzahl und 8 Bytes Prüfsumme.

/// Die Prüfsumme des ersten guten Clients: Jeder weitere (auch der
/// byteweise) muss dieselbe bekommen.
static BULK_SUMME: Mutex<Option<u64>> = Mutex::new(None);

fn bulk_gut(p: &mut Prozess, adresse: SocketAddr, art: Schreibart) {
    let daten: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let mut c = verbinde(adresse);
    schreibe(&mut c, &daten, art);
    c.shutdown(Shutdown::Write).unwrap();
    let mut quittung = [0u8; 16];
    c.read_exact(&mut quittung).unwrap();
    let anzahl = u64::from_be_bytes(quittung[..8].try_into().unwrap());
    let summe = u64::from_be_bytes(quittung[8..].try_into().unwrap());
    assert_eq!(anzahl, daten.len() as u64);
    let mut erste = BULK_SUMME.lock().unwrap();
    assert_eq!(*erste.get_or_insert(summe), summe, "Prüfsumme weicht ab");
    p.warte_auf(&format!(": {} Bytes in", daten.len()));
}

/// Schickt, schließt die Senderichtung und liest die Quittung nie.
fn bulk_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let mut c = verbinde(adresse);
    c.write_all(&[b'b'; 100_000]).unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    vec![c]
}

// ---------------------------------------------------------------------------
// udp_rate: nummerierte Datagramme, eine Endmarke, ein Bericht mit 4 Zahlen.

const UDP_RATE_ENDE: u64 = u64::MAX;

/// Schickt die Endmarke mit der Anzahl `gesendet` und liefert den Bericht
/// [gesendet, empfangen, außer der Reihe, SO_RCVBUF]. Wie udp_rate selbst:
/// bis zu zehn Versuche, denn auch UDP auf Loopback darf verlieren.
fn udp_rate_bericht(socket: &UdpSocket, adresse: SocketAddr, gesendet: u64) -> [u64; 4] {
    let mut ende = UDP_RATE_ENDE.to_be_bytes().to_vec();
    ende.extend_from_slice(&gesendet.to_be_bytes());
    socket
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut antwort = [0u8; 32];
    for _ in 0..10 {
        socket.send_to(&ende, adresse).unwrap();
        if let Ok((32, _)) = socket.recv_from(&mut antwort) {
            return [0, 1, 2, 3]
                .map(|i| u64::from_be_bytes(antwort[i * 8..][..8].try_into().unwrap()));
        }
    }
    panic!("udp_rate schickt keinen Bericht")
}

fn udp_rate_gut(p: &mut Prozess, adresse: SocketAddr, _: Schreibart) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    for nummer in 0..3u64 {
        let mut datagramm = vec![0u8; 64];
        datagramm[..8].copy_from_slice(&nummer.to_be_bytes());
        socket.send_to(&datagramm, adresse).unwrap();
    }
    let [gesendet, empfangen, ausser_reihe, rcvbuf] = udp_rate_bericht(&socket, adresse, 3);
    assert_eq!((gesendet, empfangen, ausser_reihe), (3, 3, 0));
    assert!(rcvbuf > 0);
    let von = socket.local_addr().unwrap();
    p.warte_auf(&format!("Von {von}: 3 von 3 Datagrammen empfangen"));
}

/// Das feindselige Datagramm zählt als eines; der Bericht danach zeigt, dass
/// der Empfänger es verarbeitet hat.
fn udp_rate_angriff(p: &mut Prozess, adresse: SocketAddr, fall: Fall) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.send_to(&udp_datagramm(fall), adresse).unwrap();
    let bericht = udp_rate_bericht(&socket, adresse, 1);
    assert_eq!(bericht[..2], [1, 1], "{fall:?}: Bericht {bericht:?}");
    let von = socket.local_addr().unwrap();
    p.warte_auf(&format!("Von {von}: 1 von 1 Datagrammen empfangen"));
}

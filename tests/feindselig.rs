//! # Feindselige Clients: jeder Server des Buchs gegen jeden Angriff
//!
//! Eine Zeile der Tabelle am Ende dieser Datei ist ein Server mit seinen
//! Angriffen; das Makro [`reihen!`] macht daraus je Angriff einen eigenen
//! `#[test]` im Modul des Servers. So wählt
//! `cargo test --test feindselig hello_server::riesenzeile` genau einen aus.
//! Fehlt ein Programm, scheitert sein Test beim Bauen (`cargo build
//! --example NAME`), er wird nie übersprungen.
//!
//! Geprüft wird, was über den Socket kommt, Byte für Byte: was der gute und
//! was der feindselige Client empfangen, und ob die Verbindung mit einem
//! sauberen Ende (`read()` liefert 0, FIN) oder mit einem Reset endet. Auf
//! die Ausgabe eines Servers wartet ein Test nur, wo sie das einzige ist, was
//! man beobachten kann (udp_server zeigt Datagramme nur an; chat_server und
//! tcp_server fragen die Bedienerin mit einer Eingabeaufforderung) – dann auf
//! ein kleines, stabiles Stück, meist den Text des Clients selbst.
//!
//! | Angriff         | Was der feindselige Client tut, was verlangt ist                      |
//! |-----------------|-----------------------------------------------------------------------|
//! | `utf8`          | schickt ungültiges UTF-8; bekommt die Antwort des Protokolls            |
//! | `abfluss`       | 60 KiB ohne Zeilenende (Längenpräfix: ein Kopf, der 1,6 GiB ankündigt): |
//! |                 | die Absage des Protokolls, ein sauberes Ende (FIN) und danach kein RST  |
//! | `riesenzeile`   | dasselbe mit 1 MiB                                                      |
//! | `byteweise`     | der gute Client schreibt jedes Byte mit einem eigenen write()          |
//! | `reset`         | eine halbe Nachricht, dann RST (SO_LINGER 0)                           |
//! | `leerlauf`      | 1000 stille Verbindungen unter der Grenze (`--max-clients 1100`): der  |
//! |                 | gute Client wird währenddessen bedient                                 |
//! | `ansturm`       | 1000 stille Verbindungen gegen die Grenze von 100: der gute Client     |
//! |                 | bekommt genau die Absage „voll“ (oder wird bedient), danach bedient    |
//! | `still`         | (einmalige und serielle Server) verbindet und schweigt: genau die     |
//! |                 | Meldung der Frist, ein sauberes Ende, danach ist der Nächste dran     |
//! | `liest_nie`     | liest nie, während der Server schreibt; die anderen werden bedient     |
//! | `sofort_zu`     | 50-mal verbinden und sofort schließen                                  |
//! | `steuerzeichen` | ESC, `\r`, BEL, U+009B, U+0085 und `\n` im Text: keine gefälschte      |
//! |                 | Zeile und kein rohes Steuerzeichen in der Ausgabe des Servers          |
//! | `optionen`      | `--timeout 0`, `18446744073709551615`, `-1`, `nan` …: Exit-Code 2      |
//! | `plaetze`       | `--max-clients 3 --timeout 1`: drei Clients schweigen bis zum Timeout  |
//! |                 | (genau die Meldung, dann FIN), danach kommen drei neue hinein, ein     |
//! |                 | vierter bekommt die Absage                                             |
//! | `emfile`        | (nur Linux) `ulimit -n 40`, mehr Verbindungen als Deskriptoren: unter  |
//! |                 | 30 % eines Kerns, und ein wartender guter Client wird danach bedient   |
//! | `udp_*`         | (UDP) ungültiges UTF-8, 65 507 Bytes, ein leeres Datagramm            |
//!
//! Bei Protokollen mit Längenpräfix (json_server, byte_order, echo_bench)
//! sind die Bytes ohne Zeilenende `aaaa…`: Die ersten vier kündigen
//! 1 633 771 873 Bytes an. Bei http_server stehen sie als Pfad hinter `GET /`.
//!
//! Was „überlebt“ heißt, hängt von der Art des Servers ab:
//!
//! - **Dauerhaft** (threaded_server, threaded_server_viele, poll_server,
//!   tokio_server, json_server, http_server, echo_bench): Der gute Client wird
//!   *während* des Angriffs (die feindseligen Verbindungen sind offen) und
//!   *danach* bedient, der Prozess läuft weiter.
//! - **Seriell** (tcp_server, byte_order, socket_families, bulk_recv): bedient
//!   einen Client nach dem anderen, also wird der gute Client *danach*
//!   bedient.
//! - **Einmalig** (hello_server, chat_server): bedient genau einen Client und
//!   endet. Überlebt heißt: Der feindselige Client bekommt die Antwort des
//!   Protokolls, und der Prozess endet ohne Panik mit Exit-Code 0 (nach einem
//!   Reset auch 1 mit einer `Fehler:`-Zeile). Der gute Client ist bei ihnen
//!   ein eigener Prozess.
//! - **Relais** (stoerer): steht vor einem zweiten Server (TCP: json_server,
//!   UDP: udp_server) und reicht alles durch. Der feindselige Client bekommt
//!   durch das Relais dieselben Bytes wie direkt, das Relais endet nach seiner
//!   einen Verbindung (TCP) bzw. nach `--anzahl` Datagrammen (UDP) mit Exit-Code
//!   0, und der Server dahinter bedient danach einen guten Client direkt.
//! - **UDP** (udp_server, udp_rate): nur die UDP-Angriffe und `steuerzeichen`;
//!   danach wird ein gutes Datagramm verarbeitet.
//!
//! Nicht jede Zeile hat jeden Angriff: Einmalige Server haben keinen Platz
//! für `plaetze` und keine accept-Schleife für `emfile`; serielle Server
//! halten nie mehr als eine Verbindung offen (EMFILE tritt nicht ein) und
//! haben keine Grenze für Clients (kein `ansturm`); chat_server und
//! tcp_server schicken nur, was die Bedienerin tippt (kein `liest_nie`);
//! bulk_recv, echo_bench und udp_rate zeigen keinen Text eines Clients an
//! (kein `steuerzeichen`); bulk_recv kennt keine Zeilen (1 MiB ist ein
//! normaler Strom); das TCP-Relais zerteilt in Stückchen von 1 bis 64 Bytes
//! und bräuchte für 1 MiB länger als die Frist (nur `abfluss`). Server ohne
//! Schalter mit Zahlen (byte_order, socket_families, udp_server) haben kein
//! `optionen`.
//!
//! Die Abflussprobe: Schließt ein Server, solange Ungelesenes bei ihm liegt,
//! schickt sein System ein RST. Kam das FIN vorher an, liefert Linux dem
//! Client trotzdem Absage und Ende und merkt sich den Reset nur als Fehler des
//! Sockets; den liest der Test mit `take_error` (SO_ERROR), sobald der Server
//! mit der Verbindung fertig ist: Ein einmaliger Server ist beendet, ein
//! serieller bedient schon den nächsten, und bei einem dauerhaften wartet der
//! Test die 2 s ab, die alle Server höchstens nachlesen (plus 1 s).
//!
//! Speicher: Nach `leerlauf`, `ansturm` und `liest_nie` liest der Test unter
//! Linux `VmRSS` aus `/proc/PID/status` und verlangt weniger als
//! [`MAX_RSS_KIB`].
//!
//! Ein Angriff, den ein Server heute nicht besteht, steht mit
//! `#[ignore = "Serverfehler: …"]` in der Tabelle: Er läuft mit
//! `cargo test --test feindselig -- --ignored` und wird wieder scharf, sobald
//! der Server repariert ist.

mod common;
mod emfile;

#[path = "../examples/bulk/pruefsumme.rs"]
#[allow(dead_code)]
mod pruefsumme;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{Prozess, frist, verbinde};
use socket2::SockRef;

/// Großzügige Grenze für den Speicher eines Servers (256 MiB).
const MAX_RSS_KIB: u64 = 256 * 1024;
/// So viele stille Verbindungen öffnet `leerlauf`.
const LEERLAUF: usize = 1000;
/// Ungültiges UTF-8: drei Bytes, die nie in UTF-8 vorkommen.
const KAPUTT: &[u8] = b"\xff\xfe\xfd kaputt";
/// So sähe eine gefälschte Zeile im Protokoll eines Servers aus.
const GEFAELSCHT: &str = "[127.0.0.1:9] GEFAELSCHT";
/// Text mit Steuerzeichen: Wagenrücklauf, ESC-Folgen (Bildschirm löschen,
/// Fenstertitel), BEL und U+009B (CSI in manchen Terminals). `\n` kommt bei
/// Protokollen mit Rahmen dazu; bei Zeilenprotokollen beendete es die Zeile.
const STEUERTEXT: &str =
    "vorne\r[127.0.0.1:9] GEFAELSCHT\u{1b}[2J\u{1b}]0;Titel\u{7}\u{9b}31m hinten";

// ---------------------------------------------------------------------------
// Die Server

#[derive(Clone, Copy, PartialEq, Debug)]
enum Server {
    Hello,
    Chat,
    Tcp,
    Threaded,
    ThreadedViele,
    Poll,
    Tokio,
    Json,
    Http,
    ByteOrder,
    Familien,
    Bulk,
    Echo,
    StoererTcp,
    Udp,
    UdpRate,
    StoererUdp,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Art {
    Dauerhaft,
    Seriell,
    Einmalig,
    Relais,
    Datagramme,
}

/// Wie ein Client mit dem Server spricht.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Protokoll {
    /// Eine Zeile hin, „Verbindung hergestellt!“ zurück.
    Hello,
    /// Eine Zeile hin; die Bedienerin tippt die Antwort nach `aufforderung`.
    Bediener {
        aufforderung: &'static str,
    },
    /// Gruppenchat: Gruß, Name, Zeilen an alle.
    Gruppe,
    /// Rahmen mit Längenpräfix und JSON.
    Json,
    Http,
    /// Rahmen mit Längenpräfix, die Quittung ist die Länge.
    ByteOrder,
    /// Eine Zeile hin, eine Zeile mit der Adressfamilie zurück.
    Familien,
    /// Ein Strom bis FIN, dann Anzahl und Prüfsumme.
    Bulk,
    /// Rahmen mit Längenpräfix, zurück kommt dasselbe.
    Echo,
    /// Datagramme, die der Server nur anzeigt.
    Udp,
    /// Nummerierte Datagramme, eine Endmarke, ein Bericht.
    UdpRate,
}

impl Server {
    /// Programm, ob es ein Werkzeug ist, und die Argumente (mit `127.0.0.1:0`).
    fn programm(self) -> (&'static str, bool, &'static [&'static str]) {
        match self {
            Server::Hello => ("hello_server", false, &["127.0.0.1:0"]),
            Server::Chat => ("chat_server", false, &["127.0.0.1:0"]),
            Server::Tcp => ("tcp_server", false, &["127.0.0.1:0"]),
            Server::Threaded => ("threaded_server", false, &["127.0.0.1:0"]),
            Server::ThreadedViele => ("threaded_server_viele", false, &["127.0.0.1:0"]),
            Server::Poll => ("poll_server", false, &["127.0.0.1:0"]),
            Server::Tokio => ("tokio_server", false, &["127.0.0.1:0"]),
            Server::Json => ("json_server", false, &["127.0.0.1:0"]),
            Server::Http => ("http_server", false, &["127.0.0.1:0"]),
            Server::ByteOrder => ("byte_order", false, &["server", "127.0.0.1:0"]),
            // Dual-Stack geht nur auf `[::]`; die Clients nehmen 127.0.0.1.
            Server::Familien => ("socket_families", false, &["--server", "[::]:0"]),
            Server::Bulk => ("bulk_recv", false, &["127.0.0.1:0"]),
            Server::Echo => ("echo_bench", true, &["server", "127.0.0.1:0"]),
            // Stückchen von 1 bis 64 Bytes: Der Störsender zerteilt selbst.
            Server::StoererTcp => (
                "stoerer",
                false,
                &["tcp", "--von", "127.0.0.1:0", "--stueckchen", "1-64"],
            ),
            Server::Udp => ("udp_server", false, &["127.0.0.1:0"]),
            Server::UdpRate => ("udp_rate", true, &["empfang", "127.0.0.1:0"]),
            Server::StoererUdp => ("stoerer", false, &["udp", "--von", "127.0.0.1:0"]),
        }
    }

    fn art(self) -> Art {
        match self {
            Server::Hello | Server::Chat => Art::Einmalig,
            Server::Tcp | Server::ByteOrder | Server::Familien | Server::Bulk => Art::Seriell,
            Server::StoererTcp => Art::Relais,
            Server::StoererUdp => Art::Relais,
            Server::Udp | Server::UdpRate => Art::Datagramme,
            _ => Art::Dauerhaft,
        }
    }

    fn protokoll(self) -> Protokoll {
        match self {
            Server::Hello => Protokoll::Hello,
            Server::Chat => Protokoll::Bediener {
                aufforderung: "-> ",
            },
            Server::Tcp => Protokoll::Bediener {
                aufforderung: "Antwort: ",
            },
            Server::Threaded | Server::ThreadedViele | Server::Poll | Server::Tokio => {
                Protokoll::Gruppe
            }
            Server::Json | Server::StoererTcp => Protokoll::Json,
            Server::Http => Protokoll::Http,
            Server::ByteOrder => Protokoll::ByteOrder,
            Server::Familien => Protokoll::Familien,
            Server::Bulk => Protokoll::Bulk,
            Server::Echo => Protokoll::Echo,
            Server::Udp | Server::StoererUdp => Protokoll::Udp,
            Server::UdpRate => Protokoll::UdpRate,
        }
    }

    /// Der Server hinter einem Relais.
    fn dahinter(self) -> Option<Server> {
        match self {
            Server::StoererTcp => Some(Server::Json),
            Server::StoererUdp => Some(Server::Udp),
            _ => None,
        }
    }

    /// Der Pfad des Programms; baut es, wenn nötig (fehlt es: Test scheitert).
    fn pfad(self) -> PathBuf {
        let (name, ist_werkzeug, _) = self.programm();
        if ist_werkzeug {
            common::werkzeug(name)
        } else {
            common::beispiel(name)
        }
    }
}

// ---------------------------------------------------------------------------
// Ein laufender Server (mit dem Server dahinter, falls er ein Relais ist)

struct Lauf {
    server: Server,
    prozess: Prozess,
    adresse: SocketAddr,
    /// Höchstens so viele Clients (`--max-clients`, sonst 100).
    max: usize,
    dahinter: Option<Box<Lauf>>,
}

impl Lauf {
    fn starte(server: Server, weitere: &[&str]) -> Lauf {
        Lauf::starte_mit(server, weitere, None)
    }

    /// Startet den Server; `ulimit`: mit so wenigen offenen Dateien (Linux).
    fn starte_mit(server: Server, weitere: &[&str], ulimit: Option<usize>) -> Lauf {
        let dahinter = server.dahinter().map(|d| Box::new(Lauf::starte(d, &[])));
        let (name, _, args) = server.programm();
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.extend(weitere.iter().map(|a| a.to_string()));
        if let Some(d) = &dahinter {
            args.extend(["--nach".to_string(), d.adresse.to_string()]);
        }
        let mut befehl = Command::new(server.pfad());
        befehl.args(&args);
        let mut prozess = match ulimit {
            None => Prozess::starte_befehl(name, befehl),
            Some(n) => emfile::starte_mit_dateilimit(name, befehl, n as u64),
        };
        let mut adresse = prozess.adresse_aus_erster_zeile();
        if adresse.ip().is_unspecified() {
            adresse.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        let max = weitere
            .iter()
            .position(|a| *a == "--max-clients")
            .and_then(|i| weitere.get(i + 1)?.parse().ok())
            .unwrap_or(100);
        Lauf {
            server,
            prozess,
            adresse,
            max,
            dahinter,
        }
    }

    /// Der Server, dessen Ausgabe zeigt, was ankam (beim Relais der dahinter).
    fn beobachter(&mut self) -> &mut Prozess {
        match self.dahinter.as_mut() {
            Some(d) => &mut d.prozess,
            None => &mut self.prozess,
        }
    }

    /// Nach einem Angriff: Einmalige Server und Relais enden sauber (und der
    /// Server hinter dem Relais bedient weiter), dauerhafte und serielle
    /// bedienen einen guten Client und laufen weiter.
    fn ueberlebt(&mut self) {
        match self.server.art() {
            Art::Einmalig | Art::Relais => {
                let status = self.prozess.warte_auf_ende();
                keine_panik(&self.prozess);
                assert_eq!(
                    status.code(),
                    Some(0),
                    "{:?} endet nicht sauber:\n{}",
                    self.server,
                    self.prozess.terminal()
                );
                if let Some(d) = self.dahinter.as_mut() {
                    d.ueberlebt();
                }
            }
            Art::Dauerhaft | Art::Seriell | Art::Datagramme => {
                gut(self, Schreibart::AmStueck);
                assert!(
                    self.prozess.laeuft(),
                    "{:?} ist beendet:\n{}",
                    self.server,
                    self.prozess.terminal()
                );
                keine_panik(&self.prozess);
            }
        }
    }

    /// Unter Linux: VmRSS unter [`MAX_RSS_KIB`].
    #[cfg(target_os = "linux")]
    fn speicher_begrenzt(&self) {
        if let Some(kib) = vm_rss_kib(self.prozess.pid()) {
            println!("{:?}: VmRSS {:.1} MiB", self.server, kib as f64 / 1024.0);
            assert!(kib < MAX_RSS_KIB, "{:?} belegt {kib} KiB", self.server);
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn speicher_begrenzt(&self) {}
}

fn keine_panik(p: &Prozess) {
    let text = p.terminal();
    assert!(!text.contains("panicked"), "Panik:\n{text}");
}

/// Resident Set Size in KiB (nur Linux; nach dem Ende `None`).
#[cfg(target_os = "linux")]
fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let zeile = status.lines().find(|z| z.starts_with("VmRSS:"))?;
    zeile.split_whitespace().nth(1)?.parse().ok()
}

// ---------------------------------------------------------------------------
// Bytes auf der Leitung

#[derive(Clone, Copy, PartialEq)]
enum Schreibart {
    AmStueck,
    Byteweise,
}

fn schreibe(verbindung: &mut TcpStream, bytes: &[u8], art: Schreibart) {
    match art {
        Schreibart::AmStueck => verbindung.write_all(bytes).expect("senden"),
        Schreibart::Byteweise => {
            // Ohne Nagle geht jedes Byte als eigenes Segment hinaus.
            verbindung.set_nodelay(true).expect("TCP_NODELAY");
            for b in bytes {
                verbindung.write_all(&[*b]).expect("ein Byte senden");
            }
        }
    }
}

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

/// Ein JSON-Rahmen, wie json_server ihn schickt (kompakt, Felder in dieser Reihenfolge).
fn json_rahmen(json: &str) -> Vec<u8> {
    laengenpraefix(json.as_bytes())
}

/// Eine Fehlerantwort von json_server.
fn json_fehler(art: &str, meldung: &str) -> Vec<u8> {
    let wert = serde_json::json!({"antwort": "fehler", "art": art, "meldung": meldung});
    json_rahmen(&wert.to_string())
}

/// Liest bis zum Ende. `Ok`: sauberes Ende (FIN); `Err`: etwa ein Reset.
fn lies_bis_ende(verbindung: &mut impl Read) -> (Vec<u8>, std::io::Result<()>) {
    let mut bytes = Vec::new();
    let mut stueck = [0u8; 16 * 1024];
    loop {
        match verbindung.read(&mut stueck) {
            Ok(0) => return (bytes, Ok(())),
            Ok(n) => bytes.extend_from_slice(&stueck[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return (bytes, Err(e)),
        }
    }
}

/// Verlangt genau `erwartet` und danach ein sauberes Ende, keinen Reset.
fn erwarte_und_ende(verbindung: &mut impl Read, erwartet: &[u8], wer: &str) {
    let (bytes, ende) = lies_bis_ende(verbindung);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(erwartet),
        "{wer}: andere Bytes"
    );
    assert!(ende.is_ok(), "{wer}: statt eines sauberen Endes {ende:?}");
}

/// Liest genau `n` Bytes.
fn lies_genau(verbindung: &mut impl Read, n: usize, wer: &str) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    verbindung
        .read_exact(&mut bytes)
        .unwrap_or_else(|e| panic!("{wer}: {n} Bytes erwartet: {e}"));
    bytes
}

/// Liest einen Rahmen mit Längenpräfix (höchstens 16 MiB).
fn lies_rahmen(verbindung: &mut impl Read, wer: &str) -> Vec<u8> {
    let kopf = lies_genau(verbindung, 4, wer);
    let laenge = u32::from_be_bytes(kopf.clone().try_into().expect("4 Bytes")) as usize;
    assert!(laenge <= 16 << 20, "{wer}: Rahmen mit {laenge} Bytes");
    let mut rahmen = kopf;
    rahmen.extend(lies_genau(verbindung, laenge, wer));
    rahmen
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

/// Die nächste Zeile mit `\n`.
fn naechste_zeile(leser: &mut impl BufRead, wer: &str) -> String {
    let mut zeile = Vec::new();
    leser
        .take(64 * 1024)
        .read_until(b'\n', &mut zeile)
        .unwrap_or_else(|e| panic!("{wer}: Lesen scheitert: {e}"));
    String::from_utf8_lossy(&zeile).into_owned()
}

// ---------------------------------------------------------------------------
// Gruppenchat: ein Teilnehmer

static NAMEN: AtomicUsize = AtomicUsize::new(0);

fn neuer_name(vorne: &str) -> String {
    format!("{vorne}{}", NAMEN.fetch_add(1, Ordering::SeqCst))
}

const WILLKOMMEN: &str = "* Willkommen! Wie heißt du?\n";

fn voll_gruppe(max: usize) -> String {
    format!("! Server voll (höchstens {max} Clients), versuch es später noch einmal\n")
}

struct Gast {
    verbindung: TcpStream,
    leser: BufReader<TcpStream>,
    name: String,
}

impl Gast {
    /// Verbindet und liest den Gruß. `None`: genau die Absage „voll“, dann FIN.
    fn versuche(adresse: SocketAddr, max: usize) -> Option<Gast> {
        let verbindung = verbinde(adresse);
        let mut leser = BufReader::new(verbindung.try_clone().expect("Socket teilen"));
        let erste = naechste_zeile(&mut leser, "Gast");
        if erste == voll_gruppe(max) {
            erwarte_und_ende(&mut leser, b"", "abgewiesener Gast");
            return None;
        }
        assert_eq!(erste, WILLKOMMEN);
        Some(Gast {
            verbindung,
            leser,
            name: String::new(),
        })
    }

    fn neu(adresse: SocketAddr) -> Gast {
        Gast::versuche(adresse, 100).expect("Der Server ist voll")
    }

    /// Meldet sich mit `name` an und liest den Gruß.
    fn anmelden(mut self, name: &str, art: Schreibart) -> Gast {
        schreibe(&mut self.verbindung, &zeile(name.as_bytes()), art);
        let gruss = naechste_zeile(&mut self.leser, name);
        assert!(
            gruss.starts_with(&format!("* Hallo {name}! Im Raum: ")) && gruss.ends_with('\n'),
            "{gruss:?}"
        );
        self.name = name.to_string();
        self
    }

    fn angemeldet(adresse: SocketAddr, vorne: &str) -> Gast {
        Gast::neu(adresse).anmelden(&neuer_name(vorne), Schreibart::AmStueck)
    }

    fn erwarte_zeile(&mut self, erwartet: &str) {
        let name = self.name.clone();
        lies_bis(&mut self.leser, &name, |z| z == erwartet);
    }
}

// ---------------------------------------------------------------------------
// Der gute Client je Protokoll

/// Der gute Client, bis er bedient wird. Server mit einer Grenze dürfen bis
/// dahin genau ihre Absage „voll“ schicken (ein Platz wird erst frei, wenn
/// der Server das Ende einer alten Verbindung bemerkt hat); nach [`frist`]
/// gibt der Test auf.
fn gut(lauf: &mut Lauf, art: Schreibart) {
    let ende = Instant::now() + frist();
    while !gut_einmal(lauf, art) {
        assert!(
            Instant::now() < ende,
            "{:?}: kein Platz wurde frei",
            lauf.server
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Ein Versuch des guten Clients: `true` bedient, `false` genau die Absage
/// „voll“ des Protokolls und danach ein sauberes Ende.
fn gut_einmal(lauf: &mut Lauf, art: Schreibart) -> bool {
    let adresse = lauf.adresse;
    match lauf.server.protokoll() {
        Protokoll::Hello => {
            let mut verbindung = verbinde(adresse);
            schreibe(&mut verbindung, b"Hallo, ich bin brav\n", art);
            erwarte_und_ende(
                &mut verbindung,
                b"Verbindung hergestellt!\n",
                "guter Client",
            );
        }
        Protokoll::Bediener { aufforderung } => {
            let mut verbindung = verbinde(adresse);
            schreibe(&mut verbindung, b"Hallo, ich bin brav\n", art);
            bediene_von_hand(&mut lauf.prozess, aufforderung, "Schön, dass du da bist");
            let mut leser = BufReader::new(&verbindung);
            assert_eq!(
                naechste_zeile(&mut leser, "guter Client"),
                "Schön, dass du da bist\n"
            );
        }
        Protokoll::Gruppe => {
            // Zwei Gäste: A schreibt, B liest es; beide gehen mit /quit.
            let Some(a) = Gast::versuche(adresse, lauf.max) else {
                return false;
            };
            let Some(b) = Gast::versuche(adresse, lauf.max) else {
                return false;
            };
            let mut a = a.anmelden(&neuer_name("Gast"), art);
            let mut b = b.anmelden(&neuer_name("Gast"), art);
            schreibe(&mut a.verbindung, b"Hallo, ich bin brav\n", art);
            b.erwarte_zeile(&format!("{}: Hallo, ich bin brav", a.name));
            for mut gast in [a, b] {
                schreibe(&mut gast.verbindung, b"/quit\n", art);
                gast.erwarte_zeile("* Tschüss!");
            }
        }
        Protokoll::Json => {
            let mut verbindung = verbinde(adresse);
            for (anfrage, antwort) in [
                (
                    r#"{"befehl":"echo","text":"Hallo, ich bin brav"}"#,
                    r#"{"antwort":"echo","text":"Hallo, ich bin brav"}"#,
                ),
                (
                    r#"{"befehl":"addiere","zahlen":[2,3]}"#,
                    r#"{"antwort":"summe","summe":5}"#,
                ),
            ] {
                schreibe(&mut verbindung, &json_rahmen(anfrage), art);
                let rahmen = lies_rahmen(&mut verbindung, "guter Client");
                if rahmen == json_voll() {
                    erwarte_und_ende(&mut verbindung, b"", "abgewiesen");
                    return false;
                }
                assert_eq!(rahmen, json_rahmen(antwort));
            }
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "guter Client");
        }
        Protokoll::Http => {
            let mut verbindung = verbinde(adresse);
            let anfrage = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 7\r\nConnection: close\r\n\r\nGrüße";
            schreibe(&mut verbindung, anfrage.as_bytes(), art);
            let (antwort, ende) = lies_bis_ende(&mut verbindung);
            assert!(
                ende.is_ok(),
                "guter Client: statt eines sauberen Endes {ende:?}"
            );
            if antwort == http_voll().as_bytes() {
                return false;
            }
            assert_eq!(
                String::from_utf8_lossy(&antwort),
                http_antwort("200 OK", "text/plain; charset=utf-8", "Grüße")
            );
        }
        Protokoll::ByteOrder => {
            let mut verbindung = verbinde(adresse);
            for text in ["Hallo, ich bin brav", "Grüße"] {
                schreibe(&mut verbindung, &laengenpraefix(text.as_bytes()), art);
                let quittung = lies_genau(&mut verbindung, 4, "guter Client");
                assert_eq!(quittung, (text.len() as u32).to_be_bytes());
            }
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "guter Client");
        }
        Protokoll::Familien => {
            let v6 = SocketAddr::new(Ipv6Addr::LOCALHOST.into(), adresse.port());
            for (ziel, erwartet) in [
                (
                    adresse,
                    "Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n",
                ),
                (v6, "Hallo! Du kommst über ::1 (IPv6)\n"),
            ] {
                let mut verbindung = verbinde(ziel);
                schreibe(&mut verbindung, b"Hallo, ich bin brav\n", art);
                erwarte_und_ende(&mut verbindung, erwartet.as_bytes(), "guter Client");
            }
        }
        Protokoll::Bulk => {
            let daten: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
            let mut verbindung = verbinde(adresse);
            schreibe(&mut verbindung, &daten, art);
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, &bulk_quittung(&daten), "guter Client");
        }
        Protokoll::Echo => {
            let mut verbindung = verbinde(adresse);
            for rumpf in [b"Hallo, ich bin brav".as_slice(), &[b'e'; 300]] {
                let nachricht = laengenpraefix(rumpf);
                schreibe(&mut verbindung, &nachricht, art);
                let echo = lies_rahmen(&mut verbindung, "guter Client");
                if echo.starts_with(b"\0\0\0") && echo[4..].starts_with(ECHO_VOLL) {
                    erwarte_und_ende(&mut verbindung, b"", "abgewiesen");
                    return false;
                }
                assert_eq!(echo, nachricht);
            }
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "guter Client");
        }
        Protokoll::Udp => {
            let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
            let text = neuer_name("Hallo, ich bin brav ");
            socket.send_to(text.as_bytes(), adresse).expect("senden");
            // udp_server antwortet nicht: Was ankam, zeigt nur seine Ausgabe.
            // Gewartet wird auf den Text des Clients, nicht auf eine Meldung.
            lauf.beobachter().warte_auf(&format!("] {text}\n"));
        }
        Protokoll::UdpRate => {
            let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
            for nummer in 0..3u64 {
                let mut datagramm = vec![0u8; 64];
                datagramm[..8].copy_from_slice(&nummer.to_be_bytes());
                socket.send_to(&datagramm, adresse).expect("senden");
            }
            let [gesendet, empfangen, ausser_reihe, rcvbuf] = udp_rate_bericht(&socket, adresse, 3);
            assert_eq!((gesendet, empfangen, ausser_reihe), (3, 3, 0));
            assert!(rcvbuf > 0);
        }
    }
    true
}

/// So beginnt die Absage von echo_bench (danach die Grenze, die vom Limit
/// für offene Dateien abhängt).
const ECHO_VOLL: &[u8] = b"Fehler: Server voll (";

fn json_voll() -> Vec<u8> {
    json_fehler("server_voll", "Server voll, versuch es später noch einmal")
}

fn http_voll() -> String {
    let text = "503 Service Unavailable: Server voll, versuch es gleich noch einmal\n";
    http_antwort("503 Service Unavailable", "text/plain; charset=utf-8", text)
}

/// chat_server und tcp_server lesen ihre Antwort von der Tastatur: Was der
/// Client geschickt hat, sieht nur die Bedienerin. Gewartet wird auf die
/// Eingabeaufforderung (ohne `\n`, also stabil am Ende der Ausgabe); erst
/// dann wird getippt.
fn bediene_von_hand(prozess: &mut Prozess, aufforderung: &str, antwort: &str) {
    prozess.warte_auf(aufforderung);
    prozess.tippe(antwort);
}

fn http_antwort(status: &str, typ: &str, koerper: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nServer: http_server (Rust-Buch)\r\nContent-Type: {typ}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{koerper}",
        koerper.len()
    )
}

fn bulk_quittung(daten: &[u8]) -> Vec<u8> {
    let mut summe = pruefsumme::Pruefsumme::neu(false);
    summe.dazu(daten);
    let mut quittung = (daten.len() as u64).to_be_bytes().to_vec();
    quittung.extend_from_slice(&summe.fertig().to_be_bytes());
    quittung
}

const UDP_RATE_ENDE: u64 = u64::MAX;

/// Schickt die Endmarke mit der Anzahl `gesendet` und liefert den Bericht
/// [gesendet, empfangen, außer der Reihe, SO_RCVBUF]. Wie udp_rate selbst:
/// bis zu zehn Versuche, denn auch UDP auf Loopback darf verlieren.
fn udp_rate_bericht(socket: &UdpSocket, adresse: SocketAddr, gesendet: u64) -> [u64; 4] {
    let mut ende = UDP_RATE_ENDE.to_be_bytes().to_vec();
    ende.extend_from_slice(&gesendet.to_be_bytes());
    socket
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("Timeout");
    let mut antwort = [0u8; 32];
    for _ in 0..10 {
        socket.send_to(&ende, adresse).expect("senden");
        if let Ok((32, _)) = socket.recv_from(&mut antwort) {
            return [0, 1, 2, 3]
                .map(|i| u64::from_be_bytes(antwort[i * 8..][..8].try_into().expect("8 Bytes")));
        }
    }
    panic!("udp_rate schickt keinen Bericht")
}

// ---------------------------------------------------------------------------
// Angriff: ungültiges UTF-8

fn utf8(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    let adresse = lauf.adresse;
    match server.protokoll() {
        Protokoll::Hello => {
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(&zeile(KAPUTT)).expect("senden");
            erwarte_und_ende(&mut verbindung, b"Verbindung hergestellt!\n", "feindselig");
        }
        Protokoll::Bediener { aufforderung } => {
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(&zeile(KAPUTT)).expect("senden");
            bediene_von_hand(&mut lauf.prozess, aufforderung, "Das war kein UTF-8");
            let mut leser = BufReader::new(&verbindung);
            assert_eq!(
                naechste_zeile(&mut leser, "feindselig"),
                "Das war kein UTF-8\n"
            );
            // Der Client geht; chat_server endet, tcp_server nimmt den nächsten.
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
        }
        Protokoll::Gruppe => {
            let mut zeuge = Gast::angemeldet(adresse, "Zeuge");
            let mut feind = Gast::angemeldet(adresse, "Stoerer");
            feind.verbindung.write_all(&zeile(KAPUTT)).expect("senden");
            zeuge.erwarte_zeile(&format!("{}: \u{fffd}\u{fffd}\u{fffd} kaputt", feind.name));
            gut(&mut lauf, Schreibart::AmStueck);
        }
        Protokoll::Json => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&laengenpraefix(KAPUTT))
                .expect("senden");
            let antwort = lies_rahmen(&mut verbindung, "feindselig");
            assert_eq!(
                antwort,
                json_fehler("kein_utf8", "Die Nutzdaten sind kein gültiges UTF-8")
            );
            // Die Verbindung bleibt offen und brauchbar.
            verbindung
                .write_all(&json_rahmen(r#"{"befehl":"echo","text":"noch da"}"#))
                .expect("senden");
            assert_eq!(
                lies_rahmen(&mut verbindung, "feindselig"),
                json_rahmen(r#"{"antwort":"echo","text":"noch da"}"#)
            );
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
        }
        Protokoll::Http => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(b"GET /\xff\xfe\xfd HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("senden");
            let text = "400 Bad Request: Anfragezeile ist kein UTF-8\n";
            let erwartet = http_antwort("400 Bad Request", "text/plain; charset=utf-8", text);
            erwarte_und_ende(&mut verbindung, erwartet.as_bytes(), "feindselig");
        }
        Protokoll::ByteOrder => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&laengenpraefix(KAPUTT))
                .expect("senden");
            assert_eq!(lies_genau(&mut verbindung, 4, "feindselig"), [0, 0, 0, 10]);
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
        }
        Protokoll::Familien => {
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(&zeile(KAPUTT)).expect("senden");
            let erwartet = "Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n";
            erwarte_und_ende(&mut verbindung, erwartet.as_bytes(), "feindselig");
        }
        Protokoll::Bulk => {
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(KAPUTT).expect("senden");
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, &bulk_quittung(KAPUTT), "feindselig");
        }
        Protokoll::Echo => {
            let mut verbindung = verbinde(adresse);
            let nachricht = laengenpraefix(KAPUTT);
            verbindung.write_all(&nachricht).expect("senden");
            assert_eq!(
                lies_genau(&mut verbindung, nachricht.len(), "feindselig"),
                nachricht
            );
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
        }
        Protokoll::Udp | Protokoll::UdpRate => keine_reihe(server, "utf8"),
    }
    lauf.ueberlebt();
}

/// Eine Zeile der Tabelle, die es nicht geben dürfte.
fn keine_reihe(server: Server, angriff: &str) -> ! {
    panic!("{server:?} hat keinen Angriff {angriff}: Tabelle und Server passen nicht")
}

// ---------------------------------------------------------------------------
// Angriff: eine riesige Zeile ohne Zeilenende (Abflussprobe)

/// Die Bytes, die ein Server auf eine zu lange Zeile (oder einen zu großen
/// Rahmen) schickt, bevor er auflegt. `vorher`: was davor kommt (Gruß).
fn absage_zu_lang(server: Server) -> Vec<u8> {
    match server.protokoll() {
        Protokoll::Hello => b"Fehler: h\xc3\xb6chstens 1024 Bytes pro Zeile\n".to_vec(),
        Protokoll::Bediener { .. } if server == Server::Chat => {
            "Fehler: Zeile länger als 1024 Bytes, Chat beendet.\n"
                .as_bytes()
                .to_vec()
        }
        Protokoll::Bediener { .. } => {
            "Fehler: Zeile länger als 1024 Bytes, Verbindung wird getrennt.\n"
                .as_bytes()
                .to_vec()
        }
        Protokoll::Gruppe => {
            format!("{WILLKOMMEN}! Zeile zu lang (höchstens 1024 Bytes)\n").into_bytes()
        }
        // Die ersten vier Bytes `aaaa` kündigen 1 633 771 873 Bytes an.
        Protokoll::Json => json_fehler(
            "rahmen_zu_gross",
            "Rahmen mit 1633771873 Bytes ist zu groß (höchstens 65536), Verbindung wird getrennt",
        ),
        Protokoll::Http => {
            let text = "414 URI Too Long: Anfragezeile zu lang\n";
            http_antwort("414 URI Too Long", "text/plain; charset=utf-8", text).into_bytes()
        }
        // Das Protokoll kennt keine Fehlermeldung: nur das saubere Ende.
        Protokoll::ByteOrder => Vec::new(),
        Protokoll::Familien => "Fehler: Zeile länger als 1024 Bytes, Verbindung beendet\n"
            .as_bytes()
            .to_vec(),
        Protokoll::Echo => laengenpraefix(
            b"Fehler: Nachricht mit 1633771873 Bytes ist zu lang (h\xc3\xb6chstens 1048576)",
        ),
        Protokoll::Bulk | Protokoll::Udp | Protokoll::UdpRate => keine_reihe(server, "riesenzeile"),
    }
}

/// So lange lesen die Server nach einer Absage höchstens nach (2 s), und
/// etwas Spielraum: Kommt bis dahin kein Reset, kommt keiner mehr.
const NACH_DEM_ABFLUSS: Duration = Duration::from_millis(3000);

/// Schickt `groesse` Bytes `a` ohne Zeilenende (HTTP: als Pfad), erst ganz,
/// dann liest er – wie Pythons `http.client`, der seine Anfrage fertig
/// schreibt, bevor er die Antwort liest. Verlangt die Absage des Protokolls,
/// ein sauberes Ende (FIN) und danach keinen Reset: Schließt der Server,
/// solange Ungelesenes bei ihm liegt, schickt sein System ein RST. Linux
/// liefert dem Client dann trotzdem Absage und Ende, wenn das FIN zuerst
/// da war, und merkt sich den Reset als Fehler des Sockets (`take_error`);
/// unter Windows und bei einem Client, der später liest, ist die Absage weg.
fn abflussprobe(lauf: &mut Lauf, groesse: usize) {
    let server = lauf.server;
    let mut verbindung = verbinde(lauf.adresse);
    let mut bytes = if server.protokoll() == Protokoll::Http {
        b"GET /".to_vec()
    } else {
        Vec::new()
    };
    bytes.resize(groesse, b'a');
    // Scheitert das Schreiben (der Server hat aufgelegt, bevor alles
    // drüben war), zeigt das Lesen gleich den Reset.
    let geschrieben = verbindung.write_all(&bytes);
    let (empfangen, ende) = lies_bis_ende(&mut verbindung);
    let erwartet = absage_zu_lang(server);
    assert!(
        ende.is_ok() && geschrieben.is_ok(),
        "{server:?}: nach {groesse} Bytes ohne Zeilenende statt eines sauberen Endes \
         {ende:?} (Schreiben: {geschrieben:?}); angekommen: {:?}",
        String::from_utf8_lossy(&empfangen)
    );
    assert_eq!(
        String::from_utf8_lossy(&empfangen),
        String::from_utf8_lossy(&erwartet),
        "{server:?}: andere Absage nach {groesse} Bytes"
    );
    // Ist der Server mit der Verbindung fertig? Einmalige Server enden,
    // serielle bedienen erst danach den nächsten Client. Bei dauerhaften
    // bleibt nur, die Zeit abzuwarten, die sie höchstens nachlesen.
    match server.art() {
        Art::Einmalig => {
            lauf.prozess.warte_auf_ende();
        }
        // Das Relais endet erst, wenn beide Richtungen zu Ende sind.
        Art::Relais => {
            let _ = verbindung.shutdown(Shutdown::Write);
            lauf.prozess.warte_auf_ende();
        }
        Art::Seriell => gut(lauf, Schreibart::AmStueck),
        // Eine Beobachtung über eine feste Zeit (wie beim Messen der
        // Rechenzeit), kein Warten auf ein Ereignis.
        Art::Dauerhaft | Art::Datagramme => thread::sleep(NACH_DEM_ABFLUSS),
    }
    let fehler = verbindung.take_error().expect("SO_ERROR");
    assert!(
        fehler.is_none(),
        "{server:?}: nach {groesse} Bytes ohne Zeilenende kam nach dem FIN ein Reset ({fehler:?}): \
         Der Server hat geschlossen, bevor er alles weggelesen hatte"
    );
}

/// 60 KiB ohne Zeilenende: So viel liest jeder Server nach einer Absage
/// weg. Einmalige Server und das Relais bekommen je Probe einen Prozess.
fn abfluss(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    abflussprobe(&mut lauf, 60 * 1024);
    lauf.ueberlebt();
}

/// 1 MiB ohne Zeilenende.
fn riesenzeile(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    abflussprobe(&mut lauf, 1024 * 1024);
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: der gute Client schreibt Byte für Byte

fn byteweise(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    gut(&mut lauf, Schreibart::Byteweise);
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: eine halbe Nachricht, dann RST

fn reset(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    let mut verbindung = verbinde(lauf.adresse);
    let nachricht = match server.protokoll() {
        Protokoll::Gruppe => {
            let gruss = naechste_zeile(&mut BufReader::new(&verbindung), "feindselig");
            assert_eq!(gruss, WILLKOMMEN);
            b"Stoerenfried\neine halbe Zei".to_vec()
        }
        Protokoll::Json | Protokoll::ByteOrder | Protokoll::Echo => {
            let rahmen = laengenpraefix(b"eine halbe Nachricht");
            rahmen[..rahmen.len() / 2].to_vec()
        }
        Protokoll::Http => b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(),
        _ => b"eine halbe Zei".to_vec(),
    };
    verbindung.write_all(&nachricht).expect("senden");
    // SO_LINGER mit 0 s: close() verwirft den Sendepuffer und schickt RST statt FIN.
    SockRef::from(&verbindung)
        .set_linger(Some(Duration::ZERO))
        .expect("SO_LINGER");
    drop(verbindung);
    if server.art() == Art::Einmalig {
        // Der eine Client ist fort: Exit 0, oder 1 mit einer deutschen Zeile.
        let status = lauf.prozess.warte_auf_ende();
        keine_panik(&lauf.prozess);
        let text = lauf.prozess.terminal();
        assert!(
            status.success() || (status.code() == Some(1) && text.contains("Fehler: ")),
            "{server:?} endet nach einem Reset mit {status}:\n{text}"
        );
        return;
    }
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: 1000 stille Verbindungen

/// Hat der Server eine Grenze, die man mit `--max-clients` setzt?
fn hat_grenze(server: Server) -> bool {
    server.art() == Art::Dauerhaft
        && matches!(
            server.protokoll(),
            Protokoll::Gruppe | Protokoll::Json | Protokoll::Http
        )
}

/// Öffnet bis zu [`LEERLAUF`] stille Verbindungen. Läuft die Warteschlange
/// von listen() über, wiederholt TCP das SYN erst nach 1 s: Ein dauerhafter
/// Server holt bis dahin alles ab; bei den anderen bleibt sie voll, und
/// connect() gibt nach 500 ms auf.
fn oeffne_stille(lauf: &Lauf) -> Vec<TcpStream> {
    let dauerhaft = lauf.server.art() == Art::Dauerhaft;
    let frist_connect = if dauerhaft {
        Duration::from_secs(5)
    } else {
        Duration::from_millis(500)
    };
    let mut offen = Vec::with_capacity(LEERLAUF);
    for _ in 0..LEERLAUF {
        match TcpStream::connect_timeout(&lauf.adresse, frist_connect) {
            Ok(verbindung) => offen.push(verbindung),
            Err(e) => {
                assert!(!dauerhaft, "{:?}: connect() scheitert: {e}", lauf.server);
                break;
            }
        }
    }
    println!("{:?}: {} stille Verbindungen", lauf.server, offen.len());
    offen
}

/// 1000 stille Verbindungen unter der Grenze des Servers (`--max-clients
/// 1100`): Ein dauerhafter Server bedient den guten Client währenddessen.
fn leerlauf(server: Server) {
    let weitere: &[&str] = if hat_grenze(server) {
        &["--max-clients", "1100"]
    } else {
        &[]
    };
    let mut lauf = Lauf::starte(server, weitere);
    let offen = oeffne_stille(&lauf);
    lauf.speicher_begrenzt();
    if server.art() == Art::Dauerhaft {
        assert!(
            gut_einmal(&mut lauf, Schreibart::AmStueck),
            "{server:?}: guter Client abgewiesen"
        );
    }
    drop(offen);
    lauf.ueberlebt();
}

/// 1000 stille Verbindungen gegen die Grenze von 100 Clients: Der gute
/// Client bekommt währenddessen genau die Absage „voll“ des Protokolls (oder
/// wird bedient) und wird bedient, sobald die stillen gegangen sind.
fn ansturm(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    let offen = oeffne_stille(&lauf);
    lauf.speicher_begrenzt();
    let bedient = gut_einmal(&mut lauf, Schreibart::AmStueck);
    println!(
        "{server:?}: guter Client {}",
        if bedient { "bedient" } else { "abgewiesen" }
    );
    drop(offen);
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: ein Client, der verbindet und schweigt (einmalige und serielle Server)

/// Ein stiller Client hält einen Server, der einen nach dem anderen bedient,
/// höchstens bis zu dessen Frist auf. Er bekommt genau die Meldung des
/// Protokolls (byte_order und bulk_recv haben keine) und ein sauberes Ende;
/// danach ist der nächste dran.
fn still(server: Server) {
    let (weitere, erwartet): (&[&str], &str) = match server {
        Server::Hello => (
            &["--timeout", "1"],
            "Fehler: nach 1 Sekunde kein Zeilenende (\\n)\n",
        ),
        Server::Chat => (
            &["--timeout", "1"],
            "Fehler: 1 s lang keine ganze Zeile, Chat beendet.\n",
        ),
        Server::Tcp => (
            &["--timeout", "1"],
            "Fehler: Frist abgelaufen: 1 s lang keine ganze Zeile, Verbindung wird getrennt.\n",
        ),
        Server::Bulk => (&["--leerlauf", "0.5"], ""),
        // Feste Frist von 10 s.
        Server::Familien => (&[], "Fehler: zu lange keine Zeile\n"),
        Server::ByteOrder => (&[], ""),
        _ => keine_reihe(server, "still"),
    };
    let mut lauf = Lauf::starte(server, weitere);
    let mut stumm = verbinde(lauf.adresse);
    erwarte_und_ende(&mut stumm, erwartet.as_bytes(), "stiller Client");
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: ein Client, der nie liest, während der Server schreibt

fn liest_nie(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    let adresse = lauf.adresse;
    let gehalten = match server.protokoll() {
        Protokoll::Hello | Protokoll::Familien => {
            // Eine Zeile hin, die eine Antwortzeile passt in jeden Puffer.
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(b"Ich lese deine Antwort nie\n")
                .expect("senden");
            vec![verbindung]
        }
        Protokoll::Gruppe => gruppe_liest_nie(adresse),
        Protokoll::Json => {
            let text = "z".repeat(60_000);
            let anfrage = format!(r#"{{"befehl":"echo","text":"{text}"}}"#);
            vec![fuelle(adresse, &json_rahmen(&anfrage))]
        }
        Protokoll::Http => vec![fuelle(adresse, b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")],
        // Leere Rahmen: Jede Quittung hat 4 Bytes, bis die Puffer voll sind,
        // vergehen gut eine Million Rahmen; dann hängt der Server in
        // write_all, bis wir auflegen oder sein Schreib-Timeout abläuft.
        Protokoll::ByteOrder => vec![fuelle(adresse, &laengenpraefix(b""))],
        Protokoll::Echo => vec![fuelle(adresse, &laengenpraefix(&[b'z'; 60_000]))],
        Protokoll::Bulk => {
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(&[b'b'; 100_000]).expect("senden");
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            vec![verbindung]
        }
        Protokoll::Bediener { .. } | Protokoll::Udp | Protokoll::UdpRate => {
            keine_reihe(server, "liest_nie")
        }
    };
    lauf.speicher_begrenzt();
    if server.art() == Art::Dauerhaft {
        gut(&mut lauf, Schreibart::AmStueck);
    }
    drop(gehalten);
    lauf.ueberlebt();
}

/// „Schlafmütze“ tritt bei und liest nie. „Flut“ schickt Zeilen mit je 1000
/// Bytes, die der Server an alle weiterreicht. Ein „Zeuge“ liest im
/// Gleichschritt mit (je 20 Zeilen), damit nur die Schlafmütze zurückfällt.
/// Der Server muss sie trennen, sobald ihre Ausgabe die Obergrenze
/// überschreitet – spätestens nach 10 MB, sonst scheitert der Test.
fn gruppe_liest_nie(adresse: SocketAddr) -> Vec<TcpStream> {
    let schlaf = Gast::angemeldet(adresse, "Schlafmuetze");
    let mut zeuge = Gast::angemeldet(adresse, "Zeuge");
    let mut flut = Gast::angemeldet(adresse, "Flut");
    let gegangen = format!("* {} ist gegangen", schlaf.name);
    let von_flut = format!("{}: ", flut.name);
    let lang = zeile("x".repeat(1000).as_bytes());
    let mut getrennt = false;
    for _ in 0..500 {
        for _ in 0..20 {
            flut.verbindung.write_all(&lang).expect("senden");
        }
        let mut gelesen = 0;
        while gelesen < 20 {
            let zeile = lies_bis(&mut zeuge.leser, "Zeuge", |z| {
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
    assert!(getrennt, "Die Schlafmütze wurde nach 10 MB nicht getrennt");
    vec![schlaf.verbindung, zeuge.verbindung, flut.verbindung]
}

/// Schreibt `anfrage` wieder und wieder, bis der Socket nichts mehr annimmt
/// (WouldBlock): Der Server hängt dann beim Schreiben der Antworten, die
/// niemand liest. Höchstens 5 s lang.
fn fuelle(adresse: SocketAddr, anfrage: &[u8]) -> TcpStream {
    let mut verbindung = verbinde(adresse);
    verbindung.set_nonblocking(true).expect("nicht blockierend");
    let ende = Instant::now() + Duration::from_secs(5);
    let mut gesendet = 0usize;
    'voll: while Instant::now() < ende {
        let mut rest = anfrage;
        while !rest.is_empty() {
            match verbindung.write(rest) {
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
    verbindung
}

// ---------------------------------------------------------------------------
// Angriff: verbinden und sofort schließen

fn sofort_zu(server: Server) {
    let mut lauf = Lauf::starte(server, &[]);
    // Ein einmaliger Server endet nach dem ersten Client.
    let anzahl = if server.art() == Art::Dauerhaft || server.art() == Art::Seriell {
        50
    } else {
        1
    };
    for _ in 0..anzahl {
        drop(verbinde(lauf.adresse));
    }
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: Steuerzeichen und Zeilenumbrüche im Text eines Clients

/// Verlangt: Die Ausgabe des Servers enthält kein rohes Steuerzeichen außer
/// `\n` und keine Zeile, die mit der Fälschung beginnt. Das prüft Bytes, die
/// der Server auf sein Terminal schreibt, nicht seinen Wortlaut.
fn keine_faelschung(prozess: &Prozess) {
    let text = prozess.terminal();
    for zeichen in ['\u{1b}', '\r', '\u{7}', '\u{9b}', '\u{85}'] {
        assert!(
            !text.contains(zeichen),
            "rohes Steuerzeichen {zeichen:?} in der Ausgabe:\n{}",
            text.escape_debug()
        );
    }
    for zeile in text.lines() {
        assert!(
            !zeile.starts_with(GEFAELSCHT) && !zeile.starts_with("GEFAELSCHT"),
            "gefälschte Zeile: {zeile:?}"
        );
    }
}

/// Wartet, bis der Text des Clients (das Wort GEFAELSCHT) in einer ganzen
/// Ausgabezeile steht: Das ist der Text des Clients, keine Meldung des Servers.
fn warte_auf_clienttext(prozess: &mut Prozess) {
    prozess.warte_auf("GEFAELSCHT");
    prozess.warte_auf("\n");
}

fn steuerzeichen(server: Server) {
    // Das Relais endet nach diesem einen Datagramm.
    let weitere: &[&str] = if server == Server::StoererUdp {
        &["--anzahl", "1"]
    } else {
        &[]
    };
    let mut lauf = Lauf::starte(server, weitere);
    let adresse = lauf.adresse;
    let mit_umbruch = format!("x\n{GEFAELSCHT} {STEUERTEXT}");
    match server.protokoll() {
        Protokoll::Hello => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&zeile(STEUERTEXT.as_bytes()))
                .expect("senden");
            erwarte_und_ende(&mut verbindung, b"Verbindung hergestellt!\n", "feindselig");
            warte_auf_clienttext(&mut lauf.prozess);
        }
        Protokoll::Bediener { aufforderung } => {
            let mut verbindung = verbinde(adresse);
            // Zwei Zeilen: Die zweite beginnt wie eine Zeile des Servers.
            verbindung
                .write_all(format!("{STEUERTEXT}\n{GEFAELSCHT}\n").as_bytes())
                .expect("senden");
            warte_auf_clienttext(&mut lauf.prozess);
            bediene_von_hand(&mut lauf.prozess, aufforderung, "eins");
            bediene_von_hand(&mut lauf.prozess, aufforderung, "zwei");
            let mut leser = BufReader::new(&verbindung);
            assert_eq!(naechste_zeile(&mut leser, "feindselig"), "eins\n");
            assert_eq!(naechste_zeile(&mut leser, "feindselig"), "zwei\n");
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
        }
        Protokoll::Gruppe => {
            // Ein Name mit Steuerzeichen wird abgelehnt; der Server zeigt
            // Namen an, also käme er sonst roh in seine Ausgabe.
            let mut feind = Gast::neu(adresse);
            feind
                .verbindung
                .write_all("GEFAELSCHT\u{1b}[2J\u{7}\n".as_bytes())
                .expect("senden");
            assert_eq!(
                naechste_zeile(&mut feind.leser, "feindselig"),
                "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n"
            );
            let mut feind = feind.anmelden(&neuer_name("Stoerer"), Schreibart::AmStueck);
            let mut zeuge = Gast::angemeldet(adresse, "Zeuge");
            feind.erwarte_zeile(&format!("* {} ist dabei", zeuge.name));
            feind
                .verbindung
                .write_all(&zeile(STEUERTEXT.as_bytes()))
                .expect("senden");
            // Bei den anderen kommt die Zeile an; Steuerzeichen entschärft der
            // Client (gruppen_client), hier geht es um die Ausgabe des Servers.
            let von_feind = format!("{}: vorne", feind.name);
            lies_bis(&mut zeuge.leser, "Zeuge", |z| z.starts_with(&von_feind));
            gut(&mut lauf, Schreibart::AmStueck);
        }
        Protokoll::Json => {
            // Ein unbekannter Befehl: Die Meldung nennt ihn, also steht der
            // Text des Clients in der Ausgabe des Servers.
            let befehl = serde_json::json!({ "befehl": mit_umbruch }).to_string();
            let mut verbindung = verbinde(adresse);
            verbindung.write_all(&json_rahmen(&befehl)).expect("senden");
            let antwort = lies_rahmen(&mut verbindung, "feindselig");
            let wert: serde_json::Value =
                serde_json::from_slice(&antwort[4..]).expect("Antwort ist JSON");
            assert_eq!(wert["antwort"], "fehler");
            assert_eq!(wert["art"], "unbekannter_befehl");
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
            warte_auf_clienttext(lauf.beobachter());
        }
        Protokoll::Http => {
            // ASCII-Steuerzeichen im Pfad lehnt der Server ab, ohne den Pfad
            // anzuzeigen; andere (U+009B CSI, U+0085 NEL) zeigt er an.
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(b"GET /a\x1b[2J\rGEFAELSCHT HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("senden");
            let text = "400 Bad Request: Pfad muss mit / beginnen\n";
            let erwartet = http_antwort("400 Bad Request", "text/plain; charset=utf-8", text);
            erwarte_und_ende(&mut verbindung, erwartet.as_bytes(), "feindselig");
            let mut verbindung = verbinde(adresse);
            let anfrage =
                "GET /vorne\u{9b}2J\u{85}GEFAELSCHT HTTP/1.1\r\nConnection: close\r\n\r\n";
            verbindung.write_all(anfrage.as_bytes()).expect("senden");
            let (antwort, ende) = lies_bis_ende(&mut verbindung);
            assert!(ende.is_ok(), "statt eines sauberen Endes {ende:?}");
            let antwort = String::from_utf8_lossy(&antwort);
            assert!(
                antwort.starts_with("HTTP/1.1 404 Not Found\r\n"),
                "{antwort}"
            );
            warte_auf_clienttext(&mut lauf.prozess);
        }
        Protokoll::ByteOrder => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&laengenpraefix(mit_umbruch.as_bytes()))
                .expect("senden");
            let quittung = lies_genau(&mut verbindung, 4, "feindselig");
            assert_eq!(quittung, (mit_umbruch.len() as u32).to_be_bytes());
            verbindung.shutdown(Shutdown::Write).expect("FIN");
            erwarte_und_ende(&mut verbindung, b"", "feindselig");
            warte_auf_clienttext(&mut lauf.prozess);
        }
        Protokoll::Familien => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&zeile(STEUERTEXT.as_bytes()))
                .expect("senden");
            let erwartet = "Hallo! Du kommst über ::ffff:127.0.0.1 (IPv4, gemappt)\n";
            erwarte_und_ende(&mut verbindung, erwartet.as_bytes(), "feindselig");
            warte_auf_clienttext(&mut lauf.prozess);
        }
        Protokoll::Udp => {
            let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
            socket
                .send_to(mit_umbruch.as_bytes(), adresse)
                .expect("senden");
            warte_auf_clienttext(lauf.beobachter());
        }
        Protokoll::Bulk | Protokoll::Echo | Protokoll::UdpRate => {
            keine_reihe(server, "steuerzeichen")
        }
    }
    keine_faelschung(&lauf.prozess);
    if let Some(d) = &lauf.dahinter {
        keine_faelschung(&d.prozess);
    }
    lauf.ueberlebt();
    keine_faelschung(&lauf.prozess);
}

// ---------------------------------------------------------------------------
// Angriff: absurde Werte auf der Kommandozeile

/// Die Schalter mit Zahlen oder Dauern und Werte, die jeder ablehnen muss.
fn absurde_optionen(server: Server) -> Vec<(&'static str, Vec<&'static str>)> {
    // 1e-10 Sekunden sind als Dauer 0 ns: so absurd wie 0.
    let zahlen = vec![
        "0",
        "18446744073709551615",
        "-1",
        "nan",
        "inf",
        "1e30",
        "1e-10",
        "abc",
        "",
    ];
    let dauern = vec!["-1s", "infs", "nans", "1e30s", "1e19s", "0s", "abc", ""];
    match server {
        Server::Hello | Server::Chat | Server::Tcp => vec![("--timeout", zahlen)],
        Server::Threaded | Server::ThreadedViele | Server::Poll | Server::Tokio => vec![
            ("--timeout", zahlen.clone()),
            ("--max-clients", zahlen.clone()),
            ("--max-puffer", zahlen),
        ],
        Server::Json | Server::Http => {
            vec![("--timeout", zahlen.clone()), ("--max-clients", zahlen)]
        }
        Server::Bulk => vec![("--leerlauf", zahlen.clone()), ("--puffer", zahlen)],
        Server::Echo => vec![("--leerlauf", zahlen)],
        // 0 heißt hier „wie das System“ und ist erlaubt.
        Server::UdpRate => vec![("--rcvbuf", zahlen[1..].to_vec())],
        Server::StoererTcp | Server::StoererUdp => vec![
            ("--leerlauf", dauern),
            // Eine Verzögerung von 0 ist erlaubt (keine), also nicht dabei.
            (
                "--verzoegerung",
                vec!["-1s", "infs", "nans", "1e30s", "1e19s", "abc"],
            ),
        ],
        Server::ByteOrder | Server::Familien | Server::Udp => keine_reihe(server, "optionen"),
    }
}

fn optionen(server: Server) {
    let pfad = server.pfad();
    let (_, _, args) = server.programm();
    for (schalter, werte) in absurde_optionen(server) {
        for wert in werte {
            let mut befehl = Command::new(&pfad);
            befehl
                .args(args)
                .args([schalter, wert])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            let mut prozess = befehl.spawn().expect("starten");
            let ende = Instant::now() + frist();
            let status = loop {
                if let Some(status) = prozess.try_wait().expect("Status") {
                    break status;
                }
                if Instant::now() > ende {
                    let _ = prozess.kill();
                    let _ = prozess.wait();
                    panic!("{server:?} {schalter} {wert:?}: läuft, statt den Wert abzulehnen");
                }
                // Ende eines Prozesses hat kein portables Ereignis; kurz nachsehen.
                thread::sleep(Duration::from_millis(5));
            };
            let mut fehler = String::new();
            let _ = prozess
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut fehler);
            assert!(
                !fehler.contains("panicked"),
                "{server:?} {schalter} {wert:?}: {fehler}"
            );
            assert_eq!(
                status.code(),
                Some(2),
                "{server:?} {schalter} {wert:?}: {status}\n{fehler}"
            );
            // Die Meldung nennt den Schalter (Regel der Kommandozeile); mehr
            // vom Wortlaut prüft diese Datei nicht.
            assert!(
                fehler.contains(schalter),
                "{server:?} {schalter} {wert:?}: Die Meldung nennt den Schalter nicht:\n{fehler}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Angriff: Plätze nach Timeouts

/// Belegt einen Platz: `Some` mit der Verbindung, die der Server angenommen
/// hat (sie hat eine Runde des Protokolls hinter sich), `None` bei genau der
/// Absage „voll“ und einem sauberen Ende danach.
fn belege_platz(lauf: &Lauf) -> Option<TcpStream> {
    let adresse = lauf.adresse;
    match lauf.server.protokoll() {
        Protokoll::Gruppe => Gast::versuche(adresse, lauf.max).map(|g| g.verbindung),
        Protokoll::Json => {
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(&json_rahmen(r#"{"befehl":"echo","text":"Platz"}"#))
                .expect("senden");
            let rahmen = lies_rahmen(&mut verbindung, "Platz");
            if rahmen == json_voll() {
                erwarte_und_ende(&mut verbindung, b"", "abgewiesen");
                return None;
            }
            assert_eq!(rahmen, json_rahmen(r#"{"antwort":"echo","text":"Platz"}"#));
            Some(verbindung)
        }
        Protokoll::Http => {
            // Keep-alive: Nach der Antwort bleibt die Verbindung offen.
            let mut verbindung = verbinde(adresse);
            verbindung
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("senden");
            let mut antwort = Vec::new();
            let mut stueck = [0u8; 4096];
            while !antwort.ends_with(b"</html>\n") && antwort != http_voll().as_bytes() {
                let n = verbindung.read(&mut stueck).expect("lesen");
                assert!(n > 0, "Ende mitten in der Antwort: {antwort:?}");
                antwort.extend_from_slice(&stueck[..n]);
            }
            if antwort == http_voll().as_bytes() {
                erwarte_und_ende(&mut verbindung, b"", "abgewiesen");
                return None;
            }
            assert!(antwort.starts_with(b"HTTP/1.1 200 OK\r\n"));
            Some(verbindung)
        }
        Protokoll::Echo => {
            let mut verbindung = verbinde(adresse);
            let nachricht = laengenpraefix(b"Platz");
            verbindung.write_all(&nachricht).expect("senden");
            let rahmen = lies_rahmen(&mut verbindung, "Platz");
            if rahmen[4..].starts_with(ECHO_VOLL) {
                erwarte_und_ende(&mut verbindung, b"", "abgewiesen");
                return None;
            }
            assert_eq!(rahmen, nachricht);
            Some(verbindung)
        }
        _ => keine_reihe(lauf.server, "plaetze"),
    }
}

/// Mit `--max-clients 3 --timeout 1`: Drei Clients schweigen, bis der Server
/// sie trennt; jeder bekommt genau die Meldung des Protokolls und ein
/// sauberes Ende. Danach kommen drei neue hinein (zweite Runde), ein vierter
/// nicht, und nach ihrem Timeout wird ein guter Client bedient.
fn plaetze(server: Server) {
    const N: usize = 3;
    let mut lauf = if server == Server::Echo {
        // echo_bench nimmt höchstens so viele Verbindungen an, dass 16
        // Deskriptoren frei bleiben: mit `ulimit -n 19` also drei.
        Lauf::starte_mit(server, &["--leerlauf", "1"], Some(N + 16))
    } else {
        Lauf::starte(server, &["--max-clients", "3", "--timeout", "1"])
    };
    for runde in 0..2 {
        let mut stille: Vec<TcpStream> = Vec::new();
        let ende = Instant::now() + frist();
        while stille.len() < N {
            match belege_platz(&lauf) {
                Some(verbindung) => stille.push(verbindung),
                // Ein Platz der letzten Runde ist noch nicht zurückgegeben.
                None => {
                    assert!(Instant::now() < ende, "Runde {runde}: kein Platz frei");
                    thread::sleep(Duration::from_millis(20));
                }
            }
        }
        if runde == 1 {
            // Alle Plätze sind belegt: Der nächste bekommt genau die Absage.
            assert!(
                belege_platz(&lauf).is_none(),
                "ein vierter Client kam hinein"
            );
        }
        for mut verbindung in stille {
            let (bytes, ende) = lies_bis_ende(&mut verbindung);
            assert!(
                ende.is_ok(),
                "Runde {runde}: statt eines sauberen Endes {ende:?}"
            );
            let erwartet: Vec<u8> = match server.protokoll() {
                Protokoll::Gruppe => b"! Zu lange still (1 s), Verbindung wird getrennt\n".to_vec(),
                Protokoll::Json => json_fehler(
                    "zu_lange_still",
                    "1 s lang nichts gehört, Verbindung wird getrennt",
                ),
                Protokoll::Echo => {
                    laengenpraefix(b"Fehler: 1s lang kam nichts, Verbindung wird getrennt")
                }
                // HTTP: Keep-alive ohne angefangene Anfrage endet ohne Antwort.
                _ => Vec::new(),
            };
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&erwartet),
                "Runde {runde}"
            );
        }
    }
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// Angriff: keine Dateideskriptoren mehr (EMFILE, nur Linux)

/// So viele offene Dateien bekommt der Server (`ulimit -n`).
#[cfg(target_os = "linux")]
const ULIMIT: usize = 40;

#[cfg(target_os = "linux")]
fn emfile(server: Server) {
    let weitere: &[&str] = match server.protokoll() {
        // Die Grenze für Clients liegt über dem Limit: accept() scheitert.
        Protokoll::Gruppe | Protokoll::Json | Protokoll::Http => &["--max-clients", "1000"],
        _ => &[],
    };
    let mut lauf = Lauf::starte_mit(server, weitere, Some(ULIMIT));
    let offen: Vec<TcpStream> = (0..ULIMIT + 20).map(|_| verbinde(lauf.adresse)).collect();
    // Ein guter Client wartet in der Warteschlange von listen(); seine
    // Anfrage liegt schon beim System des Servers.
    let mut wartend = verbinde(lauf.adresse);
    let anfrage: &[u8] = match server.protokoll() {
        Protokoll::Gruppe => b"/quit\n",
        Protokoll::Json => br#"{"befehl":"echo","text":"endlich"}"#,
        Protokoll::Http => b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        _ => b"",
    };
    let anfrage = if server.protokoll() == Protokoll::Json {
        laengenpraefix(anfrage)
    } else {
        anfrage.to_vec()
    };
    wartend.write_all(&anfrage).expect("senden");
    let anteil = emfile::cpu_anteil(lauf.prozess.pid(), Duration::from_secs(1));
    assert!(
        anteil < 0.3,
        "{server:?} kreiselt ohne Dateideskriptoren: {:.0} % CPU",
        anteil * 100.0
    );
    drop(offen);
    // Sobald Deskriptoren frei sind, wird der Wartende bedient.
    match server.protokoll() {
        Protokoll::Gruppe => {
            // threaded_server_viele begrenzt sich selbst unter dem Limit:
            // Dann bekommt der Wartende die Absage, sonst den Gruß.
            let (bytes, ende) = lies_bis_ende(&mut wartend);
            assert!(ende.is_ok(), "wartend: statt eines sauberen Endes {ende:?}");
            let text = String::from_utf8_lossy(&bytes);
            let bedient = format!("{WILLKOMMEN}* Tschüss!\n");
            assert!(
                text == bedient || text.starts_with("! Server voll (höchstens "),
                "wartend: {text:?}"
            );
        }
        Protokoll::Json => {
            assert_eq!(
                lies_rahmen(&mut wartend, "wartend"),
                json_rahmen(r#"{"antwort":"echo","text":"endlich"}"#)
            );
        }
        Protokoll::Http => {
            let (antwort, ende) = lies_bis_ende(&mut wartend);
            assert!(ende.is_ok(), "wartend: statt eines sauberen Endes {ende:?}");
            assert!(antwort.starts_with(b"HTTP/1.1 200 OK\r\n"));
            assert!(antwort.ends_with(b"</html>\n"));
        }
        // echo_bench begrenzt sich selbst unter dem Limit (Absage statt
        // EMFILE): Der Wartende bekam womöglich „Server voll“; `ueberlebt`
        // versucht es, bis er bedient wird.
        _ => drop(wartend),
    }
    lauf.ueberlebt();
}

// ---------------------------------------------------------------------------
// UDP-Angriffe

fn udp_datagramm(server: Server, datagramm: &[u8]) {
    // Das Relais endet nach zwei Datagrammen: dem feindseligen und einem guten.
    let weitere: &[&str] = if server == Server::StoererUdp {
        &["--anzahl", "2"]
    } else {
        &[]
    };
    let mut lauf = Lauf::starte(server, weitere);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
    socket.send_to(datagramm, lauf.adresse).expect("senden");
    if server.protokoll() == Protokoll::UdpRate {
        // Das Datagramm zählt als eines: Der Bericht zeigt, dass es ankam.
        // Eines ohne die 8 Bytes der Folgenummer ist keine Messung und
        // zählt nicht.
        let empfangen = u64::from(datagramm.len() >= 8);
        let bericht = udp_rate_bericht(&socket, lauf.adresse, 1);
        assert_eq!(bericht[..3], [1, empfangen, 0], "Bericht {bericht:?}");
    }
    // udp_server antwortet nie; dass er das nächste gute Datagramm zeigt,
    // prüft `gut` an seiner Ausgabe.
    gut(&mut lauf, Schreibart::AmStueck);
    lauf.ueberlebt();
}

fn udp_utf8(server: Server) {
    udp_datagramm(server, KAPUTT);
}

/// Das größte Datagramm über IPv4: 65 535 − 20 (IP) − 8 (UDP) Bytes.
fn udp_gross(server: Server) {
    udp_datagramm(server, &[b'u'; 65_507]);
}

fn udp_leer(server: Server) {
    udp_datagramm(server, b"");
}

// ---------------------------------------------------------------------------
// Die Tabelle: Server × Angriff. Jede Zeile wird ein Modul, jeder Angriff
// darin ein Test; Attribute (`#[ignore = …]`, `#[cfg(…)]`) gelten dem einen Test.

macro_rules! reihen {
    ($( $modul:ident = $server:ident : [ $( $(#[$attr:meta])* $angriff:ident ),* $(,)? ] ; )*) => {
        $(
            mod $modul {
                $(
                    #[test]
                    $(#[$attr])*
                    fn $angriff() {
                        super::$angriff(super::Server::$server);
                    }
                )*
            }
        )*
    };
}

reihen! {
    hello_server = Hello: [utf8, abfluss, riesenzeile,
        byteweise, reset, leerlauf, still, liest_nie, sofort_zu, steuerzeichen, optionen];
    chat_server = Chat: [utf8, abfluss, riesenzeile,
        byteweise, reset, leerlauf, still, sofort_zu, steuerzeichen,
        optionen];
    tcp_server = Tcp: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf, still,
        sofort_zu, steuerzeichen, optionen];
    threaded_server = Threaded: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf,
        ansturm, liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    threaded_server_viele = ThreadedViele: [utf8, abfluss, riesenzeile, byteweise, reset,
        leerlauf, ansturm, liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    poll_server = Poll: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf, ansturm,
        liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    tokio_server = Tokio: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf, ansturm,
        liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    json_server = Json: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf,
        ansturm, liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    http_server = Http: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf,
        ansturm, liest_nie, sofort_zu, steuerzeichen, optionen, plaetze,
        #[cfg(target_os = "linux")] emfile];
    byte_order = ByteOrder: [utf8, abfluss, riesenzeile,
        byteweise, reset, leerlauf, still, liest_nie, sofort_zu, steuerzeichen];
    socket_families = Familien: [utf8, abfluss, riesenzeile,
        byteweise, reset, leerlauf, still, liest_nie, sofort_zu, steuerzeichen];
    bulk_recv = Bulk: [utf8, byteweise, reset, leerlauf, still, liest_nie, sofort_zu, optionen];
    echo_bench = Echo: [utf8, abfluss, riesenzeile, byteweise, reset, leerlauf, liest_nie,
        sofort_zu, optionen,
        plaetze, #[cfg(target_os = "linux")] emfile];
    stoerer_tcp = StoererTcp: [utf8, abfluss, byteweise, reset, leerlauf, liest_nie,
        sofort_zu, steuerzeichen, optionen];
    udp_server = Udp: [udp_utf8, udp_gross, udp_leer, steuerzeichen];
    udp_rate = UdpRate: [udp_utf8, udp_gross, udp_leer, optionen];
    stoerer_udp = StoererUdp: [udp_utf8, udp_gross, udp_leer, steuerzeichen, optionen];
}

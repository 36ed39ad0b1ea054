//! Eigenschaftstests für alle Decoder des Buchs (proptest):
//!
//! - Jede Aufteilung eines gültigen Bytestroms in Stücke ergibt dieselben
//!   Nachrichten wie der Strom am Stück – TCP darf beliebig zerschneiden.
//! - Beliebige Bytes lassen keinen Decoder in Panik geraten, und auch für sie
//!   ist das Ergebnis unabhängig von der Aufteilung.
//!
//! Die reinen Decoder sind Module ohne I/O und werden hier direkt
//! eingebunden, genau wie die Server sie einbinden: `examples/json/rahmen.rs`
//! (`dekodiere`, `kodiere`, `seite` für json_server) und
//! `examples/http/anfrage.rs` (`zerlege` für http_server). Die Zeilenrahmung
//! der Gruppenchat-Server steckt in deren Verbindungscode; sie wird über die
//! echten Programme geprüft.

mod common;

#[path = "../examples/json/rahmen.rs"]
#[allow(dead_code)]
mod rahmen;

#[path = "../examples/http/anfrage.rs"]
#[allow(dead_code)]
mod http;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;

use common::{Prozess, verbinde, wurzel};
use http::{Anfrage as HttpAnfrage, HttpFehler};
use proptest::prelude::*;
use rahmen::{Anfrage, Antwort, KodierFehler, RahmenFehler};

/// Zerschneidet `bytes` an den (sortierten) Schnittstellen.
fn stuecke(bytes: &[u8], schnitte: &[usize]) -> Vec<Vec<u8>> {
    let mut stellen: Vec<usize> = schnitte.iter().map(|s| s % (bytes.len() + 1)).collect();
    stellen.sort_unstable();
    let mut teile = Vec::new();
    let mut von = 0;
    for bis in stellen.into_iter().chain([bytes.len()]) {
        teile.push(bytes[von..bis].to_vec());
        von = bis;
    }
    teile
}

// ---------------------------------------------------------------------------
// json_server: Längenpräfix + JSON

/// Speist die Stücke nacheinander in den Puffer, wie die Leseschleife des
/// Servers, und sammelt alles, was der Decoder liefert. Ein zu großer Rahmen
/// beendet die Verbindung, also auch hier.
fn json_dekodiere_stueckweise(teile: &[Vec<u8>]) -> Vec<Result<Anfrage, RahmenFehler>> {
    let mut puffer = Vec::new();
    let mut ergebnisse = Vec::new();
    for teil in teile {
        puffer.extend_from_slice(teil);
        loop {
            match rahmen::dekodiere(&mut puffer) {
                Ok(None) => break,
                Ok(Some(anfrage)) => ergebnisse.push(Ok(anfrage)),
                Err(f @ RahmenFehler::ZuGross { .. }) => {
                    ergebnisse.push(Err(f));
                    return ergebnisse;
                }
                Err(f) => ergebnisse.push(Err(f)),
            }
        }
    }
    ergebnisse
}

fn json_anfrage() -> impl Strategy<Value = Anfrage> {
    prop_oneof![
        any::<String>().prop_map(|text| Anfrage::Echo { text }),
        prop::collection::vec(any::<i64>(), 0..8).prop_map(|zahlen| Anfrage::Addiere { zahlen }),
        any::<String>().prop_map(|text| Anfrage::Notiere { text }),
        any::<usize>().prop_map(|ab| Anfrage::Liste { ab }),
    ]
}

/// Serialisiert wie der Server, der nie einen zu großen Rahmen bauen darf.
fn kodiert(wert: &Anfrage) -> Vec<u8> {
    rahmen::kodiere(wert).expect("kleine Anfragen passen in einen Rahmen")
}

proptest! {
    #[test]
    fn json_jede_aufteilung_ergibt_dieselben_anfragen(
        anfragen in prop::collection::vec(json_anfrage(), 1..10),
        schnitte in prop::collection::vec(any::<usize>(), 0..20),
    ) {
        let strom: Vec<u8> = anfragen.iter().flat_map(kodiert).collect();
        let ergebnis = json_dekodiere_stueckweise(&stuecke(&strom, &schnitte));
        let erwartet: Vec<_> = anfragen.into_iter().map(Ok).collect();
        prop_assert_eq!(ergebnis, erwartet);
    }

    #[test]
    fn json_beliebige_bytes_ohne_panik_und_unabhaengig_von_der_aufteilung(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        schnitte in prop::collection::vec(any::<usize>(), 0..20),
    ) {
        let am_stueck = json_dekodiere_stueckweise(std::slice::from_ref(&bytes));
        let zerteilt = json_dekodiere_stueckweise(&stuecke(&bytes, &schnitte));
        prop_assert_eq!(am_stueck, zerteilt);
    }

    /// Rahmen mit kleinem Kopf, aber zufälligem Inhalt: Fehler betreffen nur
    /// ihren Rahmen, der Strom bleibt im Takt.
    #[test]
    fn json_kaputte_rahmen_stoeren_die_folgenden_nicht(
        muell in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..50), 1..5),
    ) {
        let gut = Anfrage::Echo { text: "danach".into() };
        let mut strom = Vec::new();
        for m in &muell {
            strom.extend((m.len() as u32).to_be_bytes());
            strom.extend(m);
        }
        strom.extend(kodiert(&gut));
        let ergebnis = json_dekodiere_stueckweise(&[strom]);
        prop_assert_eq!(ergebnis.len(), muell.len() + 1);
        prop_assert_eq!(ergebnis.last(), Some(&Ok(gut)));
    }

    /// Jede Seite von `liste` passt in einen Rahmen, auch wenn jede Notiz die
    /// größte erlaubte ist und nur aus Zeichen besteht, die JSON aufbläht;
    /// die Seiten zusammen ergeben das ganze Notizbuch, jede Notiz genau einmal.
    #[test]
    fn json_jede_seite_passt_in_einen_rahmen(
        anzahl in 0..120usize,
        zeichen in prop::sample::select(vec!['\u{1}', '"', '\\', 'ü', '€', 'a']),
    ) {
        let notiz: String = std::iter::repeat_n(zeichen, rahmen::MAX_NOTIZ / zeichen.len_utf8()).collect();
        let notizen = vec![notiz; anzahl];
        let (mut ab, mut gesammelt) = (0, Vec::new());
        loop {
            let antwort = rahmen::seite(&notizen, ab);
            let bytes = rahmen::kodiere(&antwort);
            prop_assert!(bytes.is_ok(), "{:?}", bytes.err());
            let Antwort::Notizen { notizen: teil, weiter } = antwort else {
                panic!("seite liefert Notizen");
            };
            prop_assert!(teil.len() <= rahmen::SEITE);
            gesammelt.extend(teil);
            match weiter {
                Some(naechste) => { prop_assert!(naechste > ab); ab = naechste; }
                None => break,
            }
        }
        prop_assert_eq!(gesammelt, notizen);
    }
}

/// Was nicht in einen Rahmen passt, baut `kodiere` nicht, und zwar ohne Panik.
#[test]
fn json_zu_grosse_antwort_ist_ein_fehler() {
    let text = "x".repeat(rahmen::MAX_RAHMEN);
    let ergebnis = rahmen::kodiere(&Antwort::Echo { text });
    assert!(
        matches!(ergebnis, Err(KodierFehler::ZuGross { .. })),
        "{ergebnis:?}"
    );
    // Genau an der Grenze geht es noch: 28 Bytes Hülle `{"antwort":"echo","text":""}`.
    let text = "x".repeat(rahmen::MAX_RAHMEN - 28);
    let rahmen = rahmen::kodiere(&Antwort::Echo { text }).expect("passt genau");
    assert_eq!(rahmen.len(), rahmen::KOPF + rahmen::MAX_RAHMEN);
}

// ---------------------------------------------------------------------------
// http_server: HTTP/1.1-Anfragen

fn http_zerlege_stueckweise(teile: &[Vec<u8>]) -> Vec<Result<HttpAnfrage, HttpFehler>> {
    let mut puffer = Vec::new();
    let mut ergebnisse = Vec::new();
    for teil in teile {
        puffer.extend_from_slice(teil);
        loop {
            match http::zerlege(&puffer) {
                Ok(None) => break,
                Ok(Some((anfrage, n))) => {
                    puffer.drain(..n);
                    ergebnisse.push(Ok(anfrage));
                }
                // Nach einem Fehler schließt der Server die Verbindung.
                Err(f) => {
                    ergebnisse.push(Err(f));
                    return ergebnisse;
                }
            }
        }
    }
    ergebnisse
}

fn http_anfrage() -> impl Strategy<Value = HttpAnfrage> {
    (
        prop::sample::select(vec!["GET", "POST", "HEAD", "PUT"]),
        "/[a-zA-Z0-9_./?=&%-]{0,40}",
        prop::sample::select(vec!["HTTP/1.1", "HTTP/1.0"]),
        prop::collection::vec(("X-[A-Za-z]{1,10}", "[ -~]{0,30}"), 0..6),
        prop::collection::vec(any::<u8>(), 0..100),
    )
        .prop_map(|(methode, pfad, version, kopf, koerper)| {
            let mut kopfzeilen: Vec<(String, String)> = kopf
                .into_iter()
                .map(|(n, w)| (n, w.trim().to_string()))
                .collect();
            if !koerper.is_empty() {
                kopfzeilen.push(("Content-Length".into(), koerper.len().to_string()));
            }
            HttpAnfrage {
                methode: methode.into(),
                pfad,
                version: version.into(),
                kopfzeilen,
                koerper,
            }
        })
}

fn http_bytes(a: &HttpAnfrage) -> Vec<u8> {
    let mut text = format!("{} {} {}\r\n", a.methode, a.pfad, a.version);
    for (n, w) in &a.kopfzeilen {
        text.push_str(&format!("{n}: {w}\r\n"));
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(&a.koerper);
    bytes
}

proptest! {
    #[test]
    fn http_jede_aufteilung_ergibt_dieselben_anfragen(
        anfragen in prop::collection::vec(http_anfrage(), 1..6),
        schnitte in prop::collection::vec(any::<usize>(), 0..20),
    ) {
        let strom: Vec<u8> = anfragen.iter().flat_map(http_bytes).collect();
        let ergebnis = http_zerlege_stueckweise(&stuecke(&strom, &schnitte));
        let erwartet: Vec<_> = anfragen.into_iter().map(Ok).collect();
        prop_assert_eq!(ergebnis, erwartet);
    }

    #[test]
    fn http_beliebige_bytes_ohne_panik_und_unabhaengig_von_der_aufteilung(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        schnitte in prop::collection::vec(any::<usize>(), 0..20),
    ) {
        let am_stueck = http_zerlege_stueckweise(std::slice::from_ref(&bytes));
        let zerteilt = http_zerlege_stueckweise(&stuecke(&bytes, &schnitte));
        prop_assert_eq!(am_stueck, zerteilt);
    }

    /// Fast-HTTP: gültige Zeilen, zufällig zusammengewürfelt, mit CR/LF-Resten.
    #[test]
    fn http_zeilensalat_ohne_panik(
        zeilen in prop::collection::vec(
            prop::sample::select(vec![
                "GET / HTTP/1.1", "Host: x", "Content-Length: 3", "Content-Length: x",
                "Transfer-Encoding: chunked", "", "\r", ": leer", "abc", "POST /echo HTTP/1.0",
            ]),
            0..12,
        ),
        schnitte in prop::collection::vec(any::<usize>(), 0..10),
    ) {
        let bytes = zeilen.join("\r\n").into_bytes();
        let am_stueck = http_zerlege_stueckweise(std::slice::from_ref(&bytes));
        let zerteilt = http_zerlege_stueckweise(&stuecke(&bytes, &schnitte));
        prop_assert_eq!(am_stueck, zerteilt);
    }
}

// ---------------------------------------------------------------------------
// Gruppenchat: Zeilenrahmung, geprüft über die echten Server

/// Die Server mit Zeilenrahmung. Fehlt einer, scheitert der Test, statt ihn
/// stillschweigend zu überspringen.
fn gruppenchat_server() -> Vec<&'static str> {
    let server = ["threaded_server", "poll_server"];
    for b in server {
        let pfad = wurzel().join("examples").join(format!("{b}.rs"));
        assert!(pfad.exists(), "examples/{b}.rs fehlt");
    }
    server.to_vec()
}

/// Tritt dem Raum bei und liefert Schreib- und Lese-Ende.
fn tritt_bei(
    adresse: SocketAddr,
    name: &str,
) -> (std::net::TcpStream, BufReader<std::net::TcpStream>) {
    let mut c = verbinde(adresse);
    c.set_nodelay(true).unwrap();
    let mut leser = BufReader::new(c.try_clone().unwrap());
    lies_bis(&mut leser, |z| z == "* Willkommen! Wie heißt du?");
    c.write_all(format!("{name}\n").as_bytes()).unwrap();
    lies_bis(&mut leser, |z| z.starts_with(&format!("* Hallo {name}!")));
    (c, leser)
}

fn lies_bis(leser: &mut impl BufRead, passt: impl Fn(&str) -> bool) -> String {
    loop {
        let mut zeile = Vec::new();
        let n = leser
            .read_until(b'\n', &mut zeile)
            .expect("Zeile vom Server");
        assert!(n > 0, "Der Server hat aufgelegt");
        let zeile = String::from_utf8_lossy(&zeile)
            .trim_end_matches('\n')
            .to_string();
        if passt(&zeile) {
            return zeile;
        }
    }
}

/// Nachrichten ohne Zeilenende und ohne Steuerzeichen, nicht leer.
fn chat_zeile() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9äöüß ,.!?-]{1,60}".prop_filter("nicht nur Leerzeichen", |s| !s.trim().is_empty())
}

#[test]
fn gruppenchat_jede_aufteilung_ergibt_dieselben_zeilen() {
    for beispiel in gruppenchat_server() {
        let (_server, adresse) = Prozess::server(beispiel, &[]);
        let runde = std::sync::atomic::AtomicUsize::new(0);
        let mut laeufer = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 12,
            ..ProptestConfig::default()
        });
        let strategie = (
            prop::collection::vec(chat_zeile(), 1..8),
            prop::collection::vec(any::<usize>(), 0..30),
        );
        laeufer
            .run(&strategie, |(zeilen, schnitte)| {
                let runde = runde.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let (mut sender, _s) = tritt_bei(adresse, &format!("Sender{runde}"));
                let (_e, mut empfaenger) = tritt_bei(adresse, &format!("Empf{runde}"));
                let strom: Vec<u8> = zeilen
                    .iter()
                    .flat_map(|z| format!("{z}\n").into_bytes())
                    .collect();
                for teil in stuecke(&strom, &schnitte) {
                    sender.write_all(&teil).unwrap();
                }
                for zeile in &zeilen {
                    let erwartet = format!("Sender{runde}: {}", zeile.trim_end());
                    let angekommen = lies_bis(&mut empfaenger, |z| !z.starts_with("* "));
                    prop_assert_eq!(angekommen.trim_end(), erwartet.trim_end());
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{beispiel}: {e}"));
    }
}

#[test]
fn gruppenchat_beliebige_bytes_ohne_panik() {
    for beispiel in gruppenchat_server() {
        let (mut server, adresse) = Prozess::server(beispiel, &[]);
        let mut laeufer = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 24,
            ..ProptestConfig::default()
        });
        let runde = std::sync::atomic::AtomicUsize::new(0);
        laeufer
            .run(&prop::collection::vec(any::<u8>(), 0..2000), |bytes| {
                let runde = runde.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut c = verbinde(adresse);
                let _ = c.write_all(&bytes);
                drop(c);
                // Danach wird ein braver Gast normal bedient.
                let (mut a, _) = tritt_bei(adresse, &format!("NachMuell{runde}"));
                a.write_all(b"/quit\n").unwrap();
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{beispiel}: {e}"));
        assert!(
            server.laeuft(),
            "{beispiel} ist beendet:\n{}",
            server.terminal()
        );
        assert!(
            !server.terminal().contains("panicked"),
            "{}",
            server.terminal()
        );
    }
}

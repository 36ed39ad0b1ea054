//! Szenarien zur Seite „Ein Pool von Threads und sauberes Beenden“:
//! pool_server bedient viele Clients mit fester Threadzahl, sagt bei voller
//! Warteschlange sofort 503, verliert keinen Arbeiter an eine Panik; Strg+C
//! (SIGINT) beendet pool_server, http_server und json_server mit Exit-Code 0,
//! nachdem sie angefangene Anfragen fertig beantwortet haben.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::{Prozess, Transkript, frist, verbinde};

const HALLO: &[u8] = b"HTTP/1.1 200 OK\r\nServer: http_server (Rust-Buch)\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 23\r\nConnection: close\r\n\r\n\
Hallo vom Thread-Pool!\n";
const VOLL_TEXT: &str =
    "503 Service Unavailable: Warteschlange voll, versuch es gleich noch einmal\n";

fn absage() -> Vec<u8> {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{VOLL_TEXT}",
        VOLL_TEXT.len()
    )
    .into_bytes()
}

/// Alles bis zum FIN des Servers. Ein RST (ConnectionReset) ist ein Fehler.
fn bis_zum_ende(verbindung: &mut TcpStream) -> Vec<u8> {
    let mut antwort = Vec::new();
    verbindung
        .read_to_end(&mut antwort)
        .unwrap_or_else(|e| panic!("kein sauberes Ende, sondern {e} nach {antwort:?}"));
    antwort
}

/// Eine ganze Anfrage auf einer neuen Verbindung, die Antwort bis zum FIN.
fn hole(adresse: SocketAddr, pfad: &str) -> Vec<u8> {
    let mut verbindung = verbinde(adresse);
    let anfrage = format!("GET {pfad} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    verbindung.write_all(anfrage.as_bytes()).unwrap();
    bis_zum_ende(&mut verbindung)
}

/// Threads des Prozesses laut `/proc/PID/status` (nur Linux; sonst 0).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let zeile = status.lines().find(|z| z.starts_with("Threads:")).unwrap();
    zeile["Threads:".len()..].trim().parse().unwrap()
}

#[cfg(not(target_os = "linux"))]
fn threads(_pid: u32) -> usize {
    0
}

/// Hauptthread, der Thread von ctrlc und die Arbeiter.
const NEBEN_DEN_ARBEITERN: usize = 2;

#[test]
fn pool_beantwortet_viele_gleichzeitig_mit_fester_threadzahl() {
    let (server, adresse) =
        Prozess::server("pool_server", &["--threads", "3", "--warteschlange", "64"]);
    let clients = 40;
    let start = Barrier::new(clients);
    let fertig = std::sync::atomic::AtomicUsize::new(0);
    let hoechstens = thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                start.wait(); // alle gleichzeitig
                assert_eq!(hole(adresse, "/"), HALLO);
                fertig.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            });
        }
        // Währenddessen die Threads des Servers zählen (nur unter Linux).
        let mut hoechstens = 0;
        let ende = Instant::now() + frist();
        while fertig.load(std::sync::atomic::Ordering::SeqCst) < clients && Instant::now() < ende {
            hoechstens = hoechstens.max(threads(server.pid()));
            thread::sleep(Duration::from_millis(1)); // Stichproben, kein Warten
        }
        hoechstens
    });
    if cfg!(target_os = "linux") {
        assert_eq!(
            hoechstens,
            3 + NEBEN_DEN_ARBEITERN,
            "Threads während der Last"
        );
    }
}

#[test]
fn volle_warteschlange_gibt_sofort_503() {
    let (_server, adresse) =
        Prozess::server("pool_server", &["--threads", "1", "--warteschlange", "1"]);
    // Fünf Clients schicken nur den Anfang einer Anfrage. Der eine Arbeiter
    // wartet auf den Rest der ersten, höchstens eine weitere wartet in der
    // Schlange: Mindestens drei bekommen sofort 503. Welche, hängt davon ab,
    // wann der Arbeiter die erste aus der Schlange holt – also liest je ein
    // Thread eine Verbindung, und es zählt, was zuerst ankommt.
    let (melder, antworten) = mpsc::channel();
    let beginn = Instant::now();
    let mut verbindungen = Vec::new();
    for nummer in 0..5 {
        let mut verbindung = verbinde(adresse);
        verbindung.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let mut leser = verbindung.try_clone().unwrap();
        let melder = melder.clone();
        thread::spawn(move || {
            let mut antwort = Vec::new();
            let ergebnis = leser.read_to_end(&mut antwort);
            let _ = melder.send((nummer, ergebnis.map(|_| antwort).map_err(|e| e.kind())));
        });
        verbindungen.push(verbindung);
    }
    let mut offen: Vec<usize> = (0..5).collect();
    for _ in 0..3 {
        let (nummer, antwort) = antworten.recv_timeout(frist()).expect("keine Absage");
        // Ganz und mit FIN, kein RST.
        assert_eq!(antwort, Ok(absage()), "Verbindung {nummer}");
        offen.retain(|&n| n != nummer);
    }
    // Sofort heißt: lange vor der Frist, die ein Arbeiter einer Anfrage gibt (10 s).
    assert!(
        beginn.elapsed() < Duration::from_secs(5),
        "{:?}",
        beginn.elapsed()
    );
    // Die erste Verbindung kam in eine leere Schlange, sie bekommt nie 503.
    assert_eq!(offen[0], 0);
    // Die übrigen werden fertig: Sie bekommen ihre Antwort (oder hatten die vierte Absage).
    for &nummer in &offen {
        let _ = verbindungen[nummer].write_all(b"Host: test\r\n\r\n");
    }
    for _ in &offen {
        let (nummer, antwort) = antworten.recv_timeout(frist()).expect("keine Antwort");
        let antwort = antwort.expect("sauberes Ende");
        assert!(
            antwort == HALLO || (nummer > 0 && antwort == absage()),
            "Verbindung {nummer}: {}",
            String::from_utf8_lossy(&antwort)
        );
    }
    // Jetzt ist die Schlange leer und der Arbeiter frei.
    assert_eq!(hole(adresse, "/"), HALLO);
}

#[test]
fn panik_und_langsamer_client_verkleinern_den_pool_nicht() {
    let (server, adresse) =
        Prozess::server("pool_server", &["--threads", "2", "--warteschlange", "8"]);
    let vorher = threads(server.pid());
    // Drei Paniken bei zwei Arbeitern: Ohne catch_unwind wäre spätestens die
    // dritte Verbindung nie bedient worden. Der Client sieht ein FIN ohne Antwort.
    for _ in 0..3 {
        assert_eq!(hole(adresse, "/panik"), b"");
    }
    // Ein langsamer Client hält einen Arbeiter fest; der andere bedient weiter.
    let mut langsam = verbinde(adresse);
    langsam.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    assert_eq!(hole(adresse, "/"), HALLO);
    assert_eq!(hole(adresse, "/"), HALLO);
    langsam.write_all(b"\r\n").unwrap();
    assert_eq!(bis_zum_ende(&mut langsam), HALLO);
    assert_eq!(threads(server.pid()), vorher, "Threads nach den Paniken");
}

#[cfg(unix)]
fn strg_c(prozess: &Prozess) {
    // SAFETY: kill(2) mit der PID unseres eigenen Kindprozesses.
    let ergebnis = unsafe { libc::kill(prozess.pid() as libc::pid_t, libc::SIGINT) };
    assert_eq!(ergebnis, 0, "kill(SIGINT) ist gescheitert");
}

#[cfg(unix)]
#[test]
fn strg_c_beendet_pool_server_nach_laufender_und_wartender_anfrage() {
    let (mut server, adresse) =
        Prozess::server("pool_server", &["--threads", "1", "--warteschlange", "4"]);
    let mut laeuft = verbinde(adresse);
    laeuft.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut wartet = verbinde(adresse);
    wartet.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    strg_c(&server);
    server.warte_auf("Strg+C");
    // Der Listener ist zu: Neue Verbindungen scheitern sofort.
    let neu = TcpStream::connect_timeout(&adresse, frist());
    assert_eq!(
        neu.map_err(|e| e.kind()).err(),
        Some(ErrorKind::ConnectionRefused)
    );
    // Was schon angenommen war, wird noch beantwortet.
    laeuft.write_all(b"\r\n").unwrap();
    assert_eq!(bis_zum_ende(&mut laeuft), HALLO);
    wartet.write_all(b"\r\n").unwrap();
    assert_eq!(bis_zum_ende(&mut wartet), HALLO);
    server.erfolgreich();
}

#[cfg(unix)]
#[test]
fn strg_c_beendet_http_server_nach_der_laufenden_anfrage() {
    let (mut server, adresse) = Prozess::server("http_server", &[]);
    // Eine Keep-alive-Verbindung nach ihrer ersten Antwort: Sie wartet still.
    let mut still = verbinde(adresse);
    still
        .write_all(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut kopf = [0u8; 15];
    still.read_exact(&mut kopf).unwrap();
    assert_eq!(&kopf, b"HTTP/1.1 200 OK");
    // Eine zweite Verbindung, erst mit einer ganzen Anfrage (so ist sicher, dass
    // der Server sie angenommen hat), dann mit einer, deren Körper zur Hälfte da ist.
    let mut laeuft = verbinde(adresse);
    laeuft
        .write_all(b"HEAD / HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut kopf = Vec::new();
    while !kopf.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        laeuft.read_exact(&mut byte).unwrap();
        kopf.push(byte[0]);
    }
    laeuft
        .write_all(b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 6\r\n\r\nfer")
        .unwrap();
    strg_c(&server);
    // Die stille Verbindung schließt der Server (FIN nach dem Rest der ersten Antwort).
    let rest = bis_zum_ende(&mut still);
    assert!(
        rest.ends_with(b"</html>\n"),
        "{}",
        String::from_utf8_lossy(&rest)
    );
    // Die laufende Anfrage bekommt ihre Antwort, mit `Connection: close`.
    laeuft.write_all(b"tig").unwrap();
    let erwartet = b"HTTP/1.1 200 OK\r\nServer: http_server (Rust-Buch)\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\nConnection: close\r\n\r\nfertig";
    assert_eq!(bis_zum_ende(&mut laeuft), erwartet);
    server.erfolgreich();
}

/// Ein Rahmen des json_server: 4 Bytes Länge (Big Endian), dann das JSON.
fn rahmen(json: &str) -> Vec<u8> {
    let mut bytes = (json.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(json.as_bytes());
    bytes
}

#[cfg(unix)]
#[test]
fn strg_c_beendet_json_server_und_sagt_es_den_clients() {
    let (mut server, adresse) = Prozess::server("json_server", &[]);
    let echo = rahmen(r#"{"befehl":"echo","text":"hallo"}"#);
    let antwort = rahmen(r#"{"antwort":"echo","text":"hallo"}"#);
    let ende =
        rahmen(r#"{"antwort":"fehler","art":"server_beendet","meldung":"Server wird beendet"}"#);
    let mut verbindungen = [verbinde(adresse), verbinde(adresse)];
    for verbindung in &mut verbindungen {
        verbindung.write_all(&echo).unwrap();
        let mut puffer = vec![0; antwort.len()];
        verbindung.read_exact(&mut puffer).unwrap();
        assert_eq!(puffer, antwort);
    }
    let [mut still, mut laeuft] = verbindungen;
    laeuft.write_all(&echo[..10]).unwrap(); // ein halber Rahmen
    strg_c(&server);
    // Der stille Client hört, warum die Verbindung endet – Byte für Byte.
    assert_eq!(bis_zum_ende(&mut still), ende);
    // Der andere bekommt erst seine Antwort, dann dieselbe Nachricht.
    laeuft.write_all(&echo[10..]).unwrap();
    assert_eq!(bis_zum_ende(&mut laeuft), [antwort, ende].concat());
    server.erfolgreich();
}

#[cfg(unix)]
#[test]
fn mitschnitt_pool_server() {
    let (mut server, adresse) =
        Prozess::server("pool_server", &["--threads", "1", "--warteschlange", "1"]);
    let url = format!("http://{adresse}/");
    let mut hallo = Prozess::starte("http_client", &[&url]);
    hallo.erfolgreich();
    server.warte_auf("200 23 (arbeiter-1)\n");
    let panik_url = format!("{url}panik");
    let mut panik = Prozess::starte("http_client", &[&panik_url]);
    panik.fehlgeschlagen();
    server.warte_auf("macht weiter\n");
    let mut noch_einmal = Prozess::starte("http_client", &[&url]);
    noch_einmal.erfolgreich();
    server.warte_auf("200 23 (arbeiter-1)\n");
    strg_c(&server);
    server.erfolgreich();
    let port = adresse.port();
    Transkript::neu()
        .port(port, 8081)
        .terminal(
            "pool_server",
            "cargo run --example pool_server -- --threads 1 --warteschlange 1",
            &server,
        )
        .terminal(
            "pool_client",
            // Der echte Port, damit die Normalisierung ihn zu 8081 macht.
            &format!("cargo run --example http_client -- http://localhost:{port}/"),
            &hallo,
        )
        .terminal(
            "pool_panik",
            &format!("cargo run --example http_client -- http://localhost:{port}/panik"),
            &panik,
        )
        .pruefe();
}

/// Die Zahl auf der Seite: 2000 kurze Anfragen, jede auf einer eigenen
/// Verbindung, von 8 Client-Threads, an http_server (ein Thread je
/// Verbindung) und pool_server (4 Arbeiter) im selben Lauf, drei Runden.
/// Nicht im normalen Testlauf; für die Seite:
/// `TRANSKRIPTE_AKTUALISIEREN=1 cargo test --test pool -- --ignored messung`
#[cfg(target_os = "linux")]
#[test]
#[ignore]
fn messung_thread_je_verbindung_gegen_pool() {
    const ANFRAGEN: usize = 2000;
    const CLIENTS: usize = 8;
    let server: [(&str, &[&str]); 2] = [
        ("http_server", &["--max-clients", "1000"]),
        ("pool_server", &["--threads", "4", "--warteschlange", "64"]),
    ];
    let mut bericht = format!(
        "{ANFRAGEN} Anfragen (GET /, je eine Verbindung, Connection: close) von {CLIENTS} \
         Client-Threads, Loopback, Debug-Build, {} Kerne\n",
        thread::available_parallelism().map_or(0, |n| n.get())
    );
    for runde in 1..=3 {
        // Abwechselnd zuerst: Wer als Zweiter läuft, trifft auf einen warmen Cache.
        let reihenfolge = if runde % 2 == 1 { [0, 1] } else { [1, 0] };
        for (name, args) in reihenfolge.map(|i| server[i]) {
            let (prozess, adresse) = Prozess::server(name, args);
            let fertig = std::sync::atomic::AtomicUsize::new(0);
            let beginn = Instant::now();
            let hoechstens = thread::scope(|s| {
                for _ in 0..CLIENTS {
                    s.spawn(|| {
                        for _ in 0..ANFRAGEN / CLIENTS {
                            let antwort = hole(adresse, "/");
                            assert!(antwort.starts_with(b"HTTP/1.1 200 OK\r\n"));
                        }
                        fertig.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    });
                }
                let mut hoechstens = 0;
                let ende = Instant::now() + frist() * 3;
                while fertig.load(std::sync::atomic::Ordering::SeqCst) < CLIENTS {
                    assert!(Instant::now() < ende, "Messung dauert zu lange");
                    hoechstens = hoechstens.max(threads(prozess.pid()));
                    thread::sleep(Duration::from_millis(1));
                }
                hoechstens
            });
            let dauer = beginn.elapsed().as_secs_f64();
            bericht.push_str(&format!(
                "Runde {runde}, {name:<11}: {dauer:5.2} s, {:6.0} Anfragen/s, höchstens {hoechstens} Threads\n",
                ANFRAGEN as f64 / dauer
            ));
        }
    }
    println!("{bericht}");
    if std::env::var_os("TRANSKRIPTE_AKTUALISIEREN").is_some() {
        Transkript::neu().text("pool_messung", &bericht).pruefe();
    }
}

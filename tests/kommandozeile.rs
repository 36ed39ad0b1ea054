//! Kommandozeile: Jedes Programm des Buchs – Beispiele, Startdateien,
//! Musterlösungen, Fehlervarianten und Werkzeuge – beantwortet `--help` und
//! `-h` mit einer deutschen Kurzhilfe, die mit `Aufruf:` beginnt, und endet mit
//! Exit-Code 0, ohne einen Port zu binden. Ein unbekannter Schalter führt zu
//! einer deutschen Meldung und einem Exit-Code ungleich 0 – nie zu einer
//! englischen Meldung aus der Standardbibliothek und nie zu einem Programm, das
//! ewig weiterläuft oder es endlos neu versucht.
//!
//! Die Liste der Programme entsteht aus dem Dateisystem und aus Cargo.toml,
//! damit ein neues Beispiel automatisch mitgeprüft wird.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::Command;

use common::{Lauf, beispiel, lauf_bis_ende, werkzeug, wurzel};

/// Ein Programm des Repositorys: Name und wie es gebaut wird.
enum Art {
    Beispiel,
    Werkzeug,
}

/// Alle Beispiele (`examples/*.rs`, `examples/*/main.rs`, `[[example]]` in
/// Cargo.toml) und alle Werkzeuge (`werkzeuge/src/bin/*.rs`).
fn alle_programme() -> Vec<(String, Art)> {
    let mut namen = Vec::new();
    let stamm = |pfad: &PathBuf| pfad.file_stem().map(|s| s.to_string_lossy().into_owned());
    for eintrag in std::fs::read_dir(wurzel().join("examples")).expect("examples/ lesen") {
        let pfad = eintrag.expect("Eintrag in examples/").path();
        if pfad.extension().is_some_and(|e| e == "rs") {
            namen.push((stamm(&pfad).expect("Dateiname"), Art::Beispiel));
        } else if pfad.join("main.rs").exists() {
            let name = pfad.file_name().expect("Ordnername").to_string_lossy();
            namen.push((name.into_owned(), Art::Beispiel));
        }
    }
    let cargo = std::fs::read_to_string(wurzel().join("Cargo.toml")).expect("Cargo.toml lesen");
    let mut im_beispiel = false;
    for zeile in cargo.lines().map(str::trim) {
        if zeile.starts_with('[') {
            im_beispiel = zeile == "[[example]]";
        } else if let Some(rest) = zeile.strip_prefix("name = \"").filter(|_| im_beispiel) {
            namen.push((rest.trim_end_matches('"').to_string(), Art::Beispiel));
        }
    }
    if let Ok(bins) = std::fs::read_dir(wurzel().join("werkzeuge/src/bin")) {
        for eintrag in bins {
            let pfad = eintrag.expect("Eintrag in werkzeuge/src/bin").path();
            if pfad.extension().is_some_and(|e| e == "rs") {
                namen.push((stamm(&pfad).expect("Dateiname"), Art::Werkzeug));
            }
        }
    }
    namen.sort_by(|a, b| a.0.cmp(&b.0));
    namen.dedup_by(|a, b| a.0 == b.0);
    assert!(
        namen.len() > 40,
        "zu wenige Programme gefunden: {}",
        namen.len()
    );
    namen
}

fn pfad(name: &str, art: &Art) -> PathBuf {
    match art {
        Art::Beispiel => beispiel(name),
        Art::Werkzeug => werkzeug(name),
    }
}

/// Startet das Programm mit `args` und wartet auf sein Ende; hängt es, ist
/// das ein Befund statt eines Abbruchs des ganzen Tests.
fn laufe(programm: &PathBuf, args: &[&str]) -> Result<Lauf, String> {
    let mut befehl = Command::new(programm);
    befehl.args(args);
    catch_unwind(AssertUnwindSafe(|| lauf_bis_ende(befehl)))
        .map_err(|_| "endet nicht (hängt oder versucht es endlos neu)".to_string())
}

/// Englische Meldungen der Standardbibliothek, die nie bei der Leserin ankommen
/// sollen: Sie gehören übersetzt.
const ENGLISCH: [&str; 5] = [
    "invalid socket address",
    "invalid digit",
    "invalid port value",
    "cannot parse",
    "invalid IP address",
];

#[test]
fn jedes_programm_beantwortet_help_auf_deutsch() {
    let mut befunde = Vec::new();
    for (name, art) in alle_programme() {
        let programm = pfad(&name, &art);
        for schalter in ["--help", "-h"] {
            match laufe(&programm, &[schalter]) {
                Err(grund) => befunde.push(format!("{name} {schalter}: {grund}")),
                Ok(lauf) if !lauf.erfolg => befunde.push(format!(
                    "{name} {schalter}: Exit-Code nicht 0: {}",
                    lauf.stderr
                )),
                Ok(lauf) if !lauf.stdout.starts_with("Aufruf:") => befunde.push(format!(
                    "{name} {schalter}: stdout beginnt nicht mit „Aufruf:“: {:?}",
                    lauf.stdout.lines().next().unwrap_or("")
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

#[test]
fn ein_unbekannter_schalter_wird_auf_deutsch_abgelehnt() {
    let mut befunde = Vec::new();
    for (name, art) in alle_programme() {
        let programm = pfad(&name, &art);
        // Mit Leerzeichen: Hält ein Programm den Schalter versehentlich für einen
        // Rechnernamen, lehnt glibc ihn ab, bevor eine DNS-Anfrage den Rechner
        // verlässt.
        match laufe(&programm, &["--kein schalter"]) {
            Err(grund) => befunde.push(format!("{name}: {grund}")),
            Ok(lauf) if lauf.erfolg => befunde.push(format!("{name}: Exit-Code 0")),
            Ok(lauf) => {
                if !lauf.stderr.contains("Fehler") {
                    befunde.push(format!(
                        "{name}: keine deutsche Fehlermeldung: {}",
                        lauf.stderr
                    ));
                }
                let englisch = ENGLISCH.iter().find(|e| lauf.stderr.contains(*e));
                if let Some(englisch) = englisch {
                    befunde.push(format!(
                        "{name}: englische Meldung „{englisch}“: {}",
                        lauf.stderr
                    ));
                }
                if lauf.stderr.contains("panicked") {
                    befunde.push(format!("{name}: Panik: {}", lauf.stderr));
                }
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Eine geschlossene Pipe auf stdout (`programm | head -n 1`)
//
// Liest niemand mehr, was ein Programm auf stdout schreibt, meldet write()
// unter Linux und macOS EPIPE (Rusts Laufzeit und Python ignorieren SIGPIPE),
// Rust nennt das `BrokenPipe`, Python `BrokenPipeError`. Jedes Programm endet
// dann still: Exit-Code 0, keine Panik („failed printing to stdout“), kein
// Python-Traceback.
//
// Einmalige Programme und Clients bekommen ein Rohr, dessen Leser schon fort
// ist: Schon ihre erste Ausgabe scheitert. Server brauchen ihre erste Zeile
// (die Adresse); danach schließt der Test das Rohr und lässt sie
// protokollieren, indem ein Client verbindet oder ein Datagramm schickt.
// Auch ein Server endet dann, wie es `head` von jedem Unix-Programm erwartet.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::frist;

/// Wie ein Programm zu mehr als einer Zeile kommt.
#[derive(Clone, Copy)]
enum Anstoss {
    /// Es schreibt von selbst (einmalige Programme).
    Selbst,
    /// Ein Client: `{adresse}` in den Argumenten ist ein Lauscher des Tests,
    /// der jede Verbindung mit `Hallo\n` begrüßt und wegliest, was kommt.
    Gegenstelle,
    /// Ein TCP-Server: verbinden und diese Bytes schicken.
    Tcp(&'static [u8]),
    /// Ein UDP-Server: dieses Datagramm schicken.
    Udp(&'static [u8]),
    /// Ein Client, der ein echtes Protokoll braucht: `{adresse}` ist dieses
    /// Beispiel als Server.
    Echter(&'static str),
}

use Anstoss::{Echter, Gegenstelle, Selbst, Tcp, Udp};

const HALLO: &[u8] = b"Hallo\n";
const HTTP: &[u8] = b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
/// Ein json_server-Rahmen: 4 Bytes Länge, dann `{"befehl":"echo","text":"x"}`.
const JSON: &[u8] = b"\0\0\0\x1c{\"befehl\":\"echo\",\"text\":\"x\"}";

/// Alle Beispiele des Buchs (ohne die Startdateien der Aufgaben), mit
/// Argumenten und Anstoß. `{adresse}` ersetzt der Test.
const BEISPIELE: &[(&str, &[&str], Anstoss)] = &[
    ("adressen", &[], Selbst),
    ("bulk_recv", &["127.0.0.1:0"], Tcp(HALLO)),
    ("bulk_send", &["{adresse}", "--mib", "1"], Gegenstelle),
    ("byte_order", &[], Selbst),
    ("chat_client", &["{adresse}"], Gegenstelle),
    ("chat_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("chat_server_schritt1", &["127.0.0.1:0"], Tcp(HALLO)),
    ("chat_server_schritt2", &["127.0.0.1:0"], Tcp(HALLO)),
    ("create_connection", &["{adresse}"], Gegenstelle),
    ("fehler", &["alle"], Selbst),
    ("freigeben", &[], Selbst),
    ("gethostbyname", &["localhost"], Selbst),
    ("getservbyname", &["http"], Selbst),
    ("gruppen_client", &["{adresse}"], Gegenstelle),
    ("hello_client", &["{adresse}"], Gegenstelle),
    ("hello_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("hello_server_schritt1", &["127.0.0.1:0"], Tcp(HALLO)),
    ("hello_server_schritt2", &["127.0.0.1:0"], Tcp(HALLO)),
    ("http_client", &["http://{adresse}/"], Gegenstelle),
    ("http_server", &["127.0.0.1:0"], Tcp(HTTP)),
    ("json_client", &["{adresse}"], Gegenstelle),
    ("json_server", &["127.0.0.1:0"], Tcp(JSON)),
    ("naiver_client", &["{adresse}"], Gegenstelle),
    ("nonblocking", &[], Selbst),
    ("original_chat_client", &["{adresse}"], Gegenstelle),
    ("original_chat_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("original_hello_client", &["{adresse}"], Gegenstelle),
    ("original_hello_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("original_tcp_client", &["{adresse}"], Gegenstelle),
    ("original_tcp_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("partial_write", &[], Selbst),
    ("poll_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("pool_server", &["127.0.0.1:0"], Tcp(HTTP)),
    ("reconnect_client", &["{adresse}"], Gegenstelle),
    ("socket_families", &["--nur-ipv4"], Selbst),
    (
        "stoerer",
        &["tcp", "--von", "127.0.0.1:0", "--nach", "{adresse}"],
        Tcp(HALLO),
    ),
    ("tcp_client", &["{adresse}"], Gegenstelle),
    ("tcp_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("tcp_server_schritt1", &["127.0.0.1:0"], Tcp(HALLO)),
    ("tcp_server_schritt2", &["127.0.0.1:0"], Tcp(HALLO)),
    ("tcp_server_schritt3", &["127.0.0.1:0"], Tcp(HALLO)),
    ("threaded_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("threaded_server_viele", &["127.0.0.1:0"], Tcp(HALLO)),
    ("timeouts", &["{adresse}"], Gegenstelle),
    ("tokio_server", &["127.0.0.1:0"], Tcp(HALLO)),
    ("udp_client", &["{adresse}", "Hallo"], Gegenstelle),
    ("udp_server", &["127.0.0.1:0"], Udp(b"Hallo")),
    ("udp_server_schritt1", &["127.0.0.1:0"], Udp(b"Hallo")),
    ("udp_server_schritt2", &["127.0.0.1:0"], Udp(b"Hallo")),
];

/// Die Python-Programme des Buchs (ohne Startdateien und Messprogramme).
const PYTHON: &[(&str, &[&str], Anstoss)] = &[
    ("async_client.py", &["{adresse}"], Gegenstelle),
    ("async_server.py", &["127.0.0.1:0"], Tcp(HALLO)),
    ("byte_order.py", &[], Selbst),
    ("create_connection.py", &["{host}", "{port}"], Gegenstelle),
    ("gethostbyname.py", &["localhost"], Selbst),
    ("getservbyname.py", &["http"], Selbst),
    ("hello_client.py", &["{adresse}"], Gegenstelle),
    (
        "http_client.py",
        &["http://{adresse}"],
        Echter("http_server"),
    ),
    (
        "json_client.py",
        &["{host}", "{port}"],
        Echter("json_server"),
    ),
    ("original/chat_client.py", &["{adresse}"], Gegenstelle),
    (
        "original/chat_client_zeilen.py",
        &["{adresse}"],
        Gegenstelle,
    ),
    ("original/chat_server.py", &["127.0.0.1:0"], Tcp(HALLO)),
    ("original/hello_client.py", &["{adresse}"], Gegenstelle),
    (
        "original/hello_client_zeilenende.py",
        &["{adresse}"],
        Gegenstelle,
    ),
    ("original/hello_server.py", &["127.0.0.1:0"], Tcp(HALLO)),
    ("original/tcp_client.py", &["{adresse}"], Gegenstelle),
    ("original/tcp_client_zeile.py", &["{adresse}"], Gegenstelle),
    ("original/tcp_server.py", &["127.0.0.1:0"], Tcp(HALLO)),
    ("original/udp_client.py", &["{adresse}"], Gegenstelle),
    ("original/udp_server.py", &["127.0.0.1:0"], Udp(b"Hallo")),
];

/// Ein Kindprozess, der beim Drop sicher beendet wird.
struct Kind(Child);

impl Drop for Kind {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Kind {
    /// Wartet höchstens `frist()` auf das Ende; `None`: Es läuft noch.
    fn warte(&mut self) -> Option<ExitStatus> {
        let ende = Instant::now() + frist();
        while Instant::now() < ende {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(10)); // Stichprobe; es gibt kein Ereignis dafür
        }
        None
    }
}

/// Der Lauscher für Clients: begrüßt jede Verbindung mit `Hallo\n` (und
/// einer HTTP-Antwort, falls eine Anfrage kommt) und liest weg, was kommt.
fn gegenstelle() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("Lauscher binden");
    let adresse = listener.local_addr().expect("Adresse des Lauschers");
    thread::spawn(move || {
        for verbindung in listener.incoming().flatten() {
            thread::spawn(move || {
                let mut verbindung = verbindung;
                let _ = verbindung.set_read_timeout(Some(frist()));
                let _ = verbindung.write_all(HALLO);
                let mut puffer = [0u8; 4096];
                while matches!(verbindung.read(&mut puffer), Ok(n) if n > 0) {}
            });
        }
    });
    adresse
}

/// Startet `befehl` und prüft, dass er bei geschlossener Pipe still endet.
/// `Err`: ein Befund.
fn pruefe_pipe(befehl: Command, anstoss: Anstoss) -> Result<(), String> {
    pruefe_pipe_mit(befehl, anstoss, false)
}

/// Wie `pruefe_pipe`. `schweigt`: Der Server schreibt nach seiner ersten Zeile
/// nichts mehr, was auch kommt; dann genügt, dass er die Anstöße ohne Panik
/// übersteht (er läuft weiter oder endet mit 0).
fn pruefe_pipe_mit(mut befehl: Command, anstoss: Anstoss, schweigt: bool) -> Result<(), String> {
    let server = matches!(anstoss, Tcp(_) | Udp(_));
    let stdout = if server {
        Stdio::piped()
    } else {
        let (leser, schreiber) = std::io::pipe().expect("pipe()");
        drop(leser); // Niemand liest: Schon die erste Ausgabe scheitert.
        Stdio::from(schreiber)
    };
    befehl
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped());
    let mut kind = Kind(befehl.spawn().map_err(|e| format!("startet nicht: {e}"))?);
    let mut stderr = kind.0.stderr.take().expect("stderr");
    let (fertig, fehlertext) = mpsc::channel();
    thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = fertig.send(text);
    });
    // Offen halten und immer wieder eine Zeile tippen: Interaktive Programme
    // schreiben dann weiter, statt auf Eingabe zu warten.
    let mut stdin = kind.0.stdin.take().expect("stdin");
    if server {
        // Die erste Zeile lesen (in einem Thread, mit Frist), dann das Rohr
        // schließen – hier, bevor ein Client anstößt, nicht irgendwann im Thread.
        let mut leser = BufReader::new(kind.0.stdout.take().expect("stdout"));
        let (gelesen, zeile) = mpsc::channel();
        thread::spawn(move || {
            let mut erste = String::new();
            let _ = leser.read_line(&mut erste);
            let _ = gelesen.send((erste, leser));
        });
        let (erste, leser) = zeile
            .recv_timeout(frist())
            .map_err(|_| "keine erste Zeile".to_string())?;
        drop(leser); // close() auf das Leseende: Ab jetzt scheitert jedes write().
        let adresse: SocketAddr = erste
            .split_whitespace()
            .last()
            .and_then(|wort| wort.parse().ok())
            .ok_or_else(|| format!("keine Adresse in der ersten Zeile {erste:?}"))?;
        // Ein schweigsamer Server bekommt eine Sekunde Anstöße, sonst bis zum Ende.
        let dauer = if schweigt {
            Duration::from_secs(1)
        } else {
            frist()
        };
        stosse_an(Some(adresse), anstoss, &mut kind, &mut stdin, dauer);
    } else {
        stosse_an(None, anstoss, &mut kind, &mut stdin, frist());
    }
    let status = match kind.0.try_wait() {
        Ok(None) if schweigt => None, // läuft weiter: recht so
        _ => Some(
            kind.warte()
                .ok_or("endet nicht, obwohl niemand mehr liest")?,
        ),
    };
    drop(kind);
    let fehler = fehlertext.recv_timeout(frist()).unwrap_or_default();
    if fehler.contains("panicked") || fehler.contains("Traceback") || fehler.contains("Broken") {
        return Err(format!("meldet auf stderr: {fehler}"));
    }
    match status {
        Some(status) if !status.success() => Err(format!("endet mit {status}: {fehler}")),
        _ => Ok(()),
    }
}

/// Lässt ein Programm schreiben, bis es endet, höchstens `dauer` lang: eine
/// Zeile auf stdin und, bei einem Server, eine Verbindung oder ein Datagramm.
/// Immer wieder, denn ein anderer Prozess, den der Test gerade startet, kann
/// das Leseende des Rohrs kurz geerbt haben (zwischen fork und exec); dann
/// gelingt ein write() noch.
fn stosse_an(
    adresse: Option<SocketAddr>,
    anstoss: Anstoss,
    kind: &mut Kind,
    stdin: &mut std::process::ChildStdin,
    dauer: Duration,
) {
    let ende = Instant::now() + dauer;
    while Instant::now() < ende && matches!(kind.0.try_wait(), Ok(None)) {
        let _ = stdin.write_all(b"Hallo\n");
        match (anstoss, adresse) {
            (Tcp(bytes), Some(adresse)) => {
                if let Ok(mut verbindung) = TcpStream::connect_timeout(&adresse, frist()) {
                    let _ = verbindung.set_read_timeout(Some(Duration::from_millis(200)));
                    let _ = verbindung.write_all(bytes);
                    let mut puffer = [0u8; 1024];
                    let _ = verbindung.read(&mut puffer); // Antwort oder Frist
                }
            }
            (Udp(bytes), Some(adresse)) => {
                let socket = UdpSocket::bind("127.0.0.1:0").expect("UDP binden");
                let _ = socket.send_to(bytes, adresse);
            }
            _ => {}
        }
        thread::sleep(Duration::from_millis(50)); // nächster Anstoß, bis es endet
    }
}

fn setze_adresse(args: &[&str], adresse: SocketAddr) -> Vec<String> {
    args.iter()
        .map(|a| {
            a.replace("{adresse}", &adresse.to_string())
                .replace("{host}", &adresse.ip().to_string())
                .replace("{port}", &adresse.port().to_string())
        })
        .collect()
}

/// Die Gegenstelle eines Clients: der Lauscher des Tests oder ein echter Server.
fn gegenueber(anstoss: Anstoss) -> (Option<common::Prozess>, SocketAddr) {
    match anstoss {
        Echter(name) => {
            let (server, adresse) = common::Prozess::server(name, &[]);
            (Some(server), adresse)
        }
        _ => (None, gegenstelle()),
    }
}

/// Jedes Beispiel (außer den Startdateien `aufgabe_*`) steht in der Tabelle.
#[test]
fn jedes_beispiel_steht_in_der_pipe_tabelle() {
    let fehlen: Vec<String> = alle_programme()
        .into_iter()
        .filter(|(name, art)| {
            matches!(art, Art::Beispiel)
                && wurzel().join(format!("examples/{name}.rs")).exists()
                && !name.starts_with("aufgabe_")
                && !BEISPIELE.iter().any(|(n, ..)| n == name)
        })
        .map(|(name, _)| name)
        .collect();
    assert!(fehlen.is_empty(), "nicht in BEISPIELE: {fehlen:?}");
}

#[test]
fn jedes_beispiel_endet_still_wenn_niemand_mehr_liest() {
    let mut befunde = Vec::new();
    for (name, args, anstoss) in BEISPIELE {
        let mut befehl = Command::new(beispiel(name));
        let (_server, adresse) = gegenueber(*anstoss);
        befehl.args(setze_adresse(args, adresse));
        if let Err(befund) = pruefe_pipe(befehl, *anstoss) {
            befunde.push(format!("{name}: {befund}"));
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

#[test]
fn jedes_python_programm_endet_still_wenn_niemand_mehr_liest() {
    let mut befunde = Vec::new();
    for (datei, args, anstoss) in PYTHON {
        // Gepuffert (der Fehler kommt oft erst beim letzten Leeren) und ungepuffert.
        for ungepuffert in [false, true] {
            let mut befehl = Command::new("python3");
            befehl.current_dir(wurzel()).arg(format!("python/{datei}"));
            befehl.env_remove("PYTHONUNBUFFERED");
            if ungepuffert {
                befehl.env("PYTHONUNBUFFERED", "1");
            }
            let (_server, adresse) = gegenueber(*anstoss);
            befehl.args(setze_adresse(args, adresse));
            if let Err(befund) = pruefe_pipe(befehl, *anstoss) {
                befunde.push(format!("{datei} (ungepuffert: {ungepuffert}): {befund}"));
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Die Programme der Aufgaben: Musterlösungen (Rust und Python) und die
// absichtlich falschen Varianten. Welche es gibt, sagt der Prüfer
// (`pruefen --definitionen`), so wird eine neue Aufgabe, Lösung oder Variante
// von selbst mitgeprüft. Wie die Programme einer Aufgabe zum Schreiben kommen,
// steht in AUFGABEN; fehlt dort eine Aufgabe, schlägt der Test fehl. Die
// Startdateien bleiben draußen: Sie laufen erst, wenn die Leserin sie ausfüllt.

/// Der Wert einer Umgebungsvariablen für die Programme einer Aufgabe.
#[derive(Clone, Copy)]
enum Wert {
    Text(&'static str),
    /// Der Pfad einer frischen Datei mit diesem Inhalt.
    Datei(&'static str),
    /// Der Pfad eines frischen, leeren Ordners.
    Ordner,
}

use Wert::{Datei, Ordner, Text};

/// Ein Server dieser Aufgaben lauscht auf einem freien Port wie im Prüfer.
const SERVER: &[&str] = &["127.0.0.1:0"];
const ADRESSE: (&str, Wert) = ("ADRESSE", Text("127.0.0.1:0"));
/// Eine Datei im Aufbau von /etc/services (Aufgabe 09).
const DIENSTE: &str = "echo\t\t7/tcp\nkaffee\t\t4711/tcp\tbruehe\n";
/// Aufgabe 12: Name mit 257 Bytes (0x0101, gleich in beiden Byte-Reihenfolgen)
/// ist zu lang; der Server lehnt ihn ab und sagt das im Protokoll.
const LANGER_NAME: &[u8] = &{
    let mut b = [b'a'; 2 + 257 + 8];
    (b[0], b[1]) = (1, 1);
    let mut i = 2 + 257;
    while i < b.len() {
        b[i] = 0;
        i += 1;
    }
    b
};

/// Je Aufgabe: Nummer, Argumente, Umgebung und Anstoß für alle ihre Programme.
/// `{adresse}`, `{port}` ersetzt der Test durch seine Gegenstelle.
type Aufgabe = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, Wert)],
    Anstoss,
);
const AUFGABEN: &[Aufgabe] = &[
    ("01", SERVER, &[ADRESSE], Tcp(HALLO)),
    ("02", SERVER, &[ADRESSE], Tcp(b"Ada\n")),
    ("03", SERVER, &[ADRESSE], Tcp(HALLO)),
    ("04", SERVER, &[ADRESSE], Udp(b"ZEIT")),
    ("05", SERVER, &[ADRESSE], Tcp(b"1\nende\n")),
    ("06", &["{adresse}", "{adresse}"], &[], Gegenstelle),
    ("07", &["127.0.0.1", "{port}", "{port}"], &[], Gegenstelle),
    ("08", &["{adresse}"], &[], Gegenstelle),
    (
        "09",
        SERVER,
        &[ADRESSE, ("DIENSTE_DATEI", Datei(DIENSTE))],
        Tcp(b"kaffee tcp\n"),
    ),
    ("10", &["0"], &[("PORT", Text("0"))], Tcp(HALLO)),
    ("11", SERVER, &[ADRESSE], Tcp(b"a\nbb\n")),
    (
        "12",
        SERVER,
        &[ADRESSE, ("ZIELORDNER", Ordner)],
        Tcp(LANGER_NAME),
    ),
    ("13", SERVER, &[ADRESSE], Tcp(HALLO)),
    (
        "14",
        SERVER,
        &[ADRESSE],
        Tcp(b"{\"op\": \"add\", \"a\": 1, \"b\": 2}\n"),
    ),
    ("15", &["{adresse}"], &[], Gegenstelle),
    (
        "16",
        SERVER,
        &[ADRESSE, ("SEITE", Datei("<p>Hallo</p>\n"))],
        Tcp(HTTP),
    ),
    // Über 256 Bytes ohne Zeilenende: „Zeile zu lang“ protokollieren alle;
    // ein sauberes Auflegen protokolliert falsch_17_platz_bleibt nicht.
    ("17", SERVER, &[ADRESSE], Tcp(&[b'x'; 300])),
    ("18", &["{adresse}"], &[], Gegenstelle),
    ("19", &["{adresse}", "3"], &[], Gegenstelle),
    ("20", SERVER, &[ADRESSE], Tcp(HALLO)),
    ("21", &[], &[], Selbst),
    ("22", &["{adresse}"], &[], Gegenstelle),
];

/// Server, die nach ihrer ersten Zeile nichts mehr auf stdout schreiben, was
/// ein Client auch tut (nur Fehler auf stderr): Bei ihnen gibt es nichts, was
/// an der geschlossenen Pipe scheitern könnte.
/// Die Varianten protokollieren meist nur ihre erste Zeile; loesung_14 schreibt
/// nur bei Fehlern und vollem Server, loesung_20 nur die erste Zeile.
const SCHWEIGSAM: &[&str] = &[
    "falsch_01_alle_schnittstellen",
    "falsch_01_feste_ip",
    "falsch_02_ein_read",
    "falsch_02_ganze_zeile",
    "falsch_02_grenze_99",
    "falsch_02_nur_zeilenende",
    "falsch_02_ohne_timeout",
    "falsch_03_bye_anfang",
    "falsch_03_ein_read",
    "falsch_03_ganze_zeile",
    "falsch_03_grenze_1023",
    "falsch_03_mit_cr",
    "falsch_03_ohne_timeout",
    "falsch_04_antwortet_allem",
    "falsch_04_antwortet_antworten",
    "falsch_04_erster_absender",
    "falsch_04_zeit_anfang",
    "falsch_05_ende_anfang",
    "falsch_05_ganze_zeile",
    "falsch_05_grenze_99",
    "falsch_05_nur_zeilenende",
    "falsch_05_ohne_timeout",
    "falsch_05_summe_bleibt",
    "falsch_05_ueberlauf",
    "falsch_09_ganze_zeile",
    "falsch_09_grenze_255",
    "falsch_09_nur_zeilenende",
    "falsch_09_ohne_alias",
    "falsch_09_ohne_timeout",
    "falsch_10_abwechselnd",
    "falsch_12_little_endian",
    "falsch_13_ohne_grenze",
    "falsch_14_bricht_ab",
    "falsch_14_erst_lesen",
    "falsch_14_fester_port",
    "falsch_16_ein_read",
    "falsch_16_ohne_close",
    "falsch_16_um_eins",
    "falsch_17_ohne_timeout",
    "falsch_20_thread_je_client",
    "loesung_03_echo.py",
    "loesung_04_zeitansage.py",
    "loesung_09_dienste",
    "loesung_09_dienste.py",
    "loesung_14_json_rechner",
    "loesung_20_ein_thread",
    "loesung_20_ein_thread.py",
];

/// Ein Programm einer Aufgabe, wie es der Prüfer nennt.
struct Aufgabenprogramm {
    nummer: String,
    name: String,
    python: bool,
}

/// Alle Musterlösungen und Varianten laut `pruefen --definitionen`.
fn aufgabenprogramme() -> Vec<Aufgabenprogramm> {
    let ausgabe = Command::new(common::binaerprogramm("pruefen"))
        .arg("--definitionen")
        .output()
        .expect("pruefen --definitionen starten");
    assert!(ausgabe.status.success(), "pruefen --definitionen scheitert");
    let aufgaben: serde_json::Value =
        serde_json::from_slice(&ausgabe.stdout).expect("JSON des Prüfers");
    let mut programme = Vec::new();
    for aufgabe in aufgaben.as_array().expect("Liste der Aufgaben") {
        let nummer = aufgabe["nummer"].as_str().expect("nummer").to_string();
        for loesung in aufgabe["loesungen"].as_array().expect("loesungen") {
            programme.push(Aufgabenprogramm {
                nummer: nummer.clone(),
                name: loesung["name"].as_str().expect("name").to_string(),
                python: loesung["sprache"] == "python",
            });
        }
        for variante in aufgabe["varianten"].as_array().expect("varianten") {
            programme.push(Aufgabenprogramm {
                nummer: nummer.clone(),
                name: variante["name"].as_str().expect("name").to_string(),
                python: false,
            });
        }
    }
    assert!(
        programme.len() > 60,
        "zu wenige Programme: {}",
        programme.len()
    );
    programme
}

/// Eine Datei oder ein Ordner des Tests, beim Drop gelöscht.
struct Wegwerf(PathBuf);

impl Drop for Wegwerf {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Setzt die Umgebung einer Aufgabe; die Pfade leben so lange wie das Ergebnis.
fn setze_umgebung(befehl: &mut Command, env: &[(&str, Wert)]) -> Vec<Wegwerf> {
    static ZAEHLER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let mut wegwerf = Vec::new();
    for (name, wert) in env {
        let nummer = ZAEHLER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let pfad =
            std::env::temp_dir().join(format!("kommandozeile-{}-{nummer}", std::process::id()));
        match wert {
            Text(text) => {
                befehl.env(name, text);
                continue;
            }
            Datei(inhalt) => std::fs::write(&pfad, inhalt).expect("Datei anlegen"),
            Ordner => std::fs::create_dir_all(&pfad).expect("Ordner anlegen"),
        }
        befehl.env(name, &pfad);
        wegwerf.push(Wegwerf(pfad));
    }
    wegwerf
}

/// Jede Aufgabe des Prüfers hat einen Anstoß in AUFGABEN.
#[test]
fn jede_aufgabe_hat_einen_anstoss() {
    let fehlen: Vec<String> = aufgabenprogramme()
        .into_iter()
        .filter(|p| !AUFGABEN.iter().any(|(n, ..)| *n == p.nummer))
        .map(|p| format!("{} ({})", p.nummer, p.name))
        .collect();
    assert!(fehlen.is_empty(), "ohne Anstoß in AUFGABEN: {fehlen:?}");
}

#[test]
fn jede_loesung_und_variante_endet_still_wenn_niemand_mehr_liest() {
    let mut befunde = Vec::new();
    for programm in aufgabenprogramme() {
        let Some((_, args, env, anstoss)) = AUFGABEN.iter().find(|a| a.0 == programm.nummer) else {
            continue; // meldet jede_aufgabe_hat_einen_anstoss
        };
        let schweigt = SCHWEIGSAM.contains(&programm.name.as_str());
        // Python gepuffert (der Fehler kommt oft erst beim letzten Leeren) und ungepuffert.
        let laeufe: &[bool] = if programm.python {
            &[false, true]
        } else {
            &[false]
        };
        for &ungepuffert in laeufe {
            let mut befehl = if programm.python {
                let mut befehl = Command::new("python3");
                befehl
                    .current_dir(wurzel())
                    .arg(format!("loesungen/{}", programm.name));
                befehl.env_remove("PYTHONUNBUFFERED");
                if ungepuffert {
                    befehl.env("PYTHONUNBUFFERED", "1");
                }
                befehl
            } else {
                Command::new(beispiel(&programm.name))
            };
            let _wegwerf = setze_umgebung(&mut befehl, env);
            let (_server, adresse) = gegenueber(*anstoss);
            befehl.args(setze_adresse(args, adresse));
            if let Err(befund) = pruefe_pipe_mit(befehl, *anstoss, schweigt) {
                let art = if ungepuffert { " (ungepuffert)" } else { "" };
                befunde.push(format!("{}{art}: {befund}", programm.name));
            }
        }
    }
    assert!(
        befunde.is_empty(),
        "{} Befunde:\n{}",
        befunde.len(),
        befunde.join("\n")
    );
}

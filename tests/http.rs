//! Szenarien zu Kapitel „Protokolle auf TCP: HTTP von Hand“: http_server und
//! http_client gegeneinander und gegen echte Gegenstellen – curl gegen
//! http_server, http_client gegen Pythons `http.server`, Pythons urllib gegen
//! http_server.

mod common;
mod emfile;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;

use common::{Prozess, Transkript, verbinde};

/// Schickt rohe Bytes und liest die ganze Antwort bis zum Schließen.
fn roh(adresse: SocketAddr, anfrage: &[u8]) -> String {
    let mut c = verbinde(adresse);
    // Scheitert write, weil der Server schon geantwortet und aufgelegt hat,
    // steht die Antwort trotzdem im Empfangspuffer.
    let _ = c.write_all(anfrage);
    let mut antwort = Vec::new();
    let _ = c.read_to_end(&mut antwort);
    String::from_utf8_lossy(&antwort).into_owned()
}

/// curl muss installiert sein (scripts/setup erledigt das).
fn curl() -> Command {
    let da = Command::new("curl")
        .arg("--version")
        .output()
        .is_ok_and(|a| a.status.success());
    assert!(
        da,
        "curl fehlt. Führe scripts/setup aus, es installiert alle Werkzeuge für die Tests."
    );
    Command::new("curl")
}

#[test]
fn http_client_holt_die_seite_und_schickt_einen_koerper() {
    let (mut server, adresse) = Prozess::server("http_server", &[]);
    let url = format!("http://{adresse}/");
    let mut seite = Prozess::starte("http_client", &[&url]);
    seite.erfolgreich();
    assert!(seite.terminal().contains("< HTTP/1.1 200 OK\n"));
    assert!(seite.terminal().contains("<h1>Hallo!</h1>"));

    let echo_url = format!("http://{adresse}/echo");
    let mut echo = Prozess::starte("http_client", &[&echo_url, "--daten", "Grüße vom Client"]);
    echo.erfolgreich();
    assert!(
        echo.terminal().ends_with("<\nGrüße vom Client\n"),
        "{}",
        echo.terminal()
    );
    server.warte_auf("\"POST /echo HTTP/1.1\" 200 18\n");

    Transkript::neu()
        .port(adresse.port(), 8080)
        .terminal("http_server", "cargo run --example http_server", &server)
        .terminal("http_client", "cargo run --example http_client", &seite)
        .terminal(
            "http_client_echo",
            // Der echte Port, damit die Normalisierung ihn zu 8080 macht.
            &format!(
                "cargo run --example http_client -- http://localhost:{}/echo --daten \"Grüße vom Client\"",
                adresse.port()
            ),
            &echo,
        )
        .pruefe();
}

#[test]
fn curl_versteht_http_server() {
    let (_server, adresse) = Prozess::server("http_server", &[]);
    let url = format!("http://{adresse}/");
    let mut befehl = curl();
    befehl.args(["-s", "-i", &url]);
    let mut curl_seite = Prozess::starte_befehl("curl", befehl);
    curl_seite.erfolgreich();
    let text = curl_seite.terminal();
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("Content-Length: 318\r\n"), "{text}");

    // Zwei Anfragen auf einer Verbindung (Keep-alive): curl sagt es mit -v.
    let nix = format!("http://{adresse}/gibt-es-nicht");
    let mut befehl = curl();
    befehl.args(["-s", "-v", "-o", "/dev/null", &url, &nix]);
    let mut zwei = Prozess::starte_befehl("curl", befehl);
    zwei.erfolgreich();
    let text = zwei.terminal();
    assert!(
        text.contains("< HTTP/1.1 404 Not Found"),
        "{text}\n{}",
        _server.terminal()
    );
    assert!(
        text.contains("Re-using existing connection") || text.contains("Re-using existing"),
        "curl hat die Verbindung nicht wiederverwendet:\n{text}"
    );

    let mut befehl = curl();
    befehl.args([
        "-s",
        "-d",
        "Hallo von curl",
        &format!("http://{adresse}/echo"),
    ]);
    let mut post = Prozess::starte_befehl("curl", befehl);
    post.erfolgreich();
    assert_eq!(post.terminal(), "Hallo von curl");

    Transkript::neu()
        .port(adresse.port(), 8080)
        .text(
            "http_curl",
            &format!(
                "$ curl -i http://localhost:{}/\n{}",
                adresse.port(),
                curl_seite.terminal().replace("\r\n", "\n")
            ),
        )
        .pruefe();
}

#[test]
fn http_client_gegen_pythons_http_server() {
    let verzeichnis = std::env::temp_dir().join(format!("http_test_{}", std::process::id()));
    std::fs::create_dir_all(&verzeichnis).unwrap();
    std::fs::write(
        verzeichnis.join("gruss.txt"),
        "Hallo aus dem Python-Server\n",
    )
    .unwrap();
    let mut befehl = Command::new("python3");
    befehl.args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"]);
    befehl.arg(&verzeichnis).arg("0");
    let mut python = Prozess::starte_befehl("python3 -m http.server", befehl);
    // „Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ...“
    let erste = python.zeile();
    let port: u16 = erste
        .split(" port ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("kein Port in {erste:?}"));

    let mut datei = Prozess::starte(
        "http_client",
        &[&format!("http://127.0.0.1:{port}/gruss.txt")],
    );
    datei.erfolgreich();
    let text = datei.terminal();
    assert!(text.contains("< HTTP/1.0 200 OK\n"), "{text}");
    assert!(text.contains("< Content-Length: 28\n"), "{text}");
    assert!(text.ends_with("<\nHallo aus dem Python-Server\n"), "{text}");

    let mut fehlt = Prozess::starte(
        "http_client",
        &[&format!("http://127.0.0.1:{port}/fehlt.txt")],
    );
    fehlt.erfolgreich();
    assert!(
        fehlt.terminal().contains("< HTTP/1.0 404 File not found\n"),
        "{}",
        fehlt.terminal()
    );
    python.warte_auf("\"GET /fehlt.txt HTTP/1.1\" 404");
    drop(python);
    let _ = std::fs::remove_dir_all(&verzeichnis);
}

#[test]
fn pythons_urllib_gegen_http_server() {
    let (_server, adresse) = Prozess::server("http_server", &[]);
    let mut befehl = Command::new("python3");
    befehl
        .arg("python/http_client.py")
        .arg(format!("http://{adresse}"));
    let mut python = Prozess::starte_befehl("http_client.py", befehl);
    python.erfolgreich();
    assert_eq!(
        python.terminal(),
        "200 OK text/html; charset=utf-8\n<h1>Hallo!</h1>\n200 Grüße aus Python\n404 Not Found\n"
    );
    Transkript::neu()
        .terminal("http_python", "python3 python/http_client.py", &python)
        .pruefe();
}

/// Jede Art kaputter oder zu großer Anfrage bekommt ihren Statuscode, und der
/// Server bedient danach weiter.
#[test]
fn fehlerhafte_anfragen_bekommen_den_passenden_status() {
    let (mut server, adresse) = Prozess::server("http_server", &[]);
    let lange_zeile = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9000));
    let langer_kopf = format!("GET / HTTP/1.1\r\nX-Lang: {}\r\n\r\n", "b".repeat(9000));
    let viele_koepfe = format!("GET / HTTP/1.1\r\n{}\r\n", "X-Kopf: 1\r\n".repeat(100));
    let faelle: Vec<(Vec<u8>, &str)> = vec![
        (b"Unsinn\r\n\r\n".to_vec(), "HTTP/1.1 400 Bad Request\r\n"),
        (
            b"GET /\xff HTTP/1.1\r\n\r\n".to_vec(),
            "HTTP/1.1 400 Bad Request\r\n",
        ),
        (
            b"GET / HTTP/1.1\r\nKein Doppelpunkt\r\n\r\n".to_vec(),
            "HTTP/1.1 400 Bad Request\r\n",
        ),
        (
            b"GET / HTTP/2.0\r\n\r\n".to_vec(),
            "HTTP/1.1 505 HTTP Version Not Supported\r\n",
        ),
        (lange_zeile.into_bytes(), "HTTP/1.1 414 URI Too Long\r\n"),
        (
            langer_kopf.into_bytes(),
            "HTTP/1.1 431 Request Header Fields Too Large\r\n",
        ),
        (
            viele_koepfe.into_bytes(),
            "HTTP/1.1 431 Request Header Fields Too Large\r\n",
        ),
        (
            b"POST /echo HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n".to_vec(),
            "HTTP/1.1 413 Content Too Large\r\n",
        ),
        (
            b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
            "HTTP/1.1 501 Not Implemented\r\n",
        ),
        (
            b"DELETE / HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec(),
            "HTTP/1.1 405 Method Not Allowed\r\n",
        ),
        (
            b"GET /nix HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec(),
            "HTTP/1.1 404 Not Found\r\n",
        ),
    ];
    for (anfrage, status) in faelle {
        let antwort = roh(adresse, &anfrage);
        assert!(
            antwort.starts_with(status),
            "{:?} ergab\n{antwort}",
            String::from_utf8_lossy(&anfrage[..anfrage.len().min(60)])
        );
    }
    let antwort = roh(adresse, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(antwort.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(server.laeuft(), "{}", server.terminal());
}

/// Pythons http.client schickt einen Körper von 900 000 Bytes, den der Server
/// ablehnt, bevor er ihn liest. Die Antwort 413 muss trotzdem ankommen: Der
/// Server liest den Rest, bevor er auflegt, statt mit RST abzubrechen
/// (sonst sähe Python ConnectionResetError). Ebenso 414 und 503.
#[test]
fn pythons_http_client_bekommt_413_414_und_503() {
    let (_server, adresse) = Prozess::server("http_server", &[]);
    let (_voll, voll) = Prozess::server("http_server", &["--max-clients", "1"]);
    let skript = r#"
import http.client, sys
port, voll = int(sys.argv[1]), int(sys.argv[2])
for methode, pfad, koerper in [("POST", "/echo", b"x" * 900000), ("GET", "/" + "a" * 9000, None)]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(methode, pfad, body=koerper)
    r = c.getresponse()
    print(r.status, r.reason, r.read().decode())
    c.close()
# Ein Client belegt den einzigen Platz (Keep-alive), der zweite wird abgewiesen.
erster = http.client.HTTPConnection("127.0.0.1", voll, timeout=10)
erster.request("GET", "/")
erster.getresponse().read()
zweiter = http.client.HTTPConnection("127.0.0.1", voll, timeout=10)
zweiter.request("POST", "/echo", body=b"y" * 900000)
r = zweiter.getresponse()
print(r.status, r.reason, r.read().decode())
"#;
    let mut befehl = Command::new("python3");
    befehl.arg("-c").arg(skript);
    befehl.args([adresse.port().to_string(), voll.port().to_string()]);
    let mut python = Prozess::starte_befehl("python3 http.client", befehl);
    python.erfolgreich();
    assert_eq!(
        python.terminal(),
        "413 Content Too Large 413 Content Too Large: Körper zu groß\n\n\
         414 URI Too Long 414 URI Too Long: Anfragezeile zu lang\n\n\
         503 Service Unavailable 503 Service Unavailable: Server voll, versuch es gleich noch einmal\n\n"
    );
}

/// Ein roher Client kündigt 1 MB an und schickt weiter, während er liest. Er
/// bekommt die Statuszeile 413 und danach ein sauberes Ende, kein RST.
#[test]
fn client_der_weiterschickt_bekommt_413_und_ein_sauberes_ende() {
    let (_server, adresse) = Prozess::server("http_server", &[]);
    let mut c = verbinde(adresse);
    let mut schreiber = c.try_clone().unwrap();
    let senden = std::thread::spawn(move || {
        let kopf = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n";
        schreiber.write_all(kopf)?;
        for _ in 0..60 {
            schreiber.write_all(&[b'k'; 10_000])?; // 600 000 Bytes Körper
        }
        Ok::<(), std::io::Error>(())
    });
    let mut antwort = Vec::new();
    let ende = c.read_to_end(&mut antwort);
    let text = String::from_utf8_lossy(&antwort);
    assert!(
        text.starts_with("HTTP/1.1 413 Content Too Large\r\n"),
        "{text}"
    );
    assert!(
        text.ends_with("\r\n\r\n413 Content Too Large: Körper zu groß\n"),
        "{text}"
    );
    assert!(ende.is_ok(), "Statt eines sauberen Endes: {ende:?}");
    senden
        .join()
        .unwrap()
        .expect("der Server liest den Körper, bevor er auflegt");
}

/// Der Pfad ist Text des Clients: Im Protokoll erscheinen seine
/// Steuerzeichen sichtbar (hier U+009B, in manchen Terminals ein Escape-Befehl).
#[test]
fn steuerzeichen_im_pfad_werden_sichtbar_protokolliert() {
    let (mut server, adresse) = Prozess::server("http_server", &[]);
    let antwort = roh(
        adresse,
        "GET /a\u{9b}2Jb HTTP/1.1\r\nConnection: close\r\n\r\n".as_bytes(),
    );
    assert!(
        antwort.starts_with("HTTP/1.1 404 Not Found\r\n"),
        "{antwort}"
    );
    server.warte_auf(" 404 ");
    let protokoll = server.terminal();
    assert!(
        protokoll.contains(r#""GET /a\u{9b}2Jb HTTP/1.1" 404"#),
        "{protokoll}"
    );
    assert!(!protokoll.contains('\u{9b}'), "{protokoll:?}");
}

#[test]
fn kommandozeile_hilfe_und_falsche_werte() {
    for (beispiel, hilfe) in [("http_server", "--help"), ("http_client", "-h")] {
        let mut p = Prozess::starte(beispiel, &[hilfe]);
        assert_eq!(p.warte_auf_ende().code(), Some(0));
        assert!(
            p.terminal().starts_with(&format!("Aufruf: {beispiel}")),
            "{}",
            p.terminal()
        );
    }
    let faelle: [(&str, &[&str], &str); 5] = [
        (
            "http_server",
            &["--timeout", "0"],
            "Fehler: --timeout erwartet eine ganze Zahl von 1 bis 86400, nicht \"0\"\n",
        ),
        (
            "http_server",
            &["--max-clients", "0"],
            "Fehler: --max-clients erwartet eine ganze Zahl von 1 bis 10000, nicht \"0\"\n",
        ),
        (
            "http_server",
            &["--port", "80"],
            "Fehler: unbekannte Option \"--port\"\n",
        ),
        (
            "http_client",
            &["http://localhost:99999/"],
            "Fehler: URL \"http://localhost:99999/\": ungültiger Port\n",
        ),
        (
            "http_client",
            &["http://localhost/", "--daten"],
            "Fehler: nach --daten fehlt ein Text\n",
        ),
    ];
    for (beispiel, args, meldung) in faelle {
        let mut p = Prozess::starte(beispiel, args);
        assert_eq!(
            p.warte_auf_ende().code(),
            Some(2),
            "{args:?}: {}",
            p.terminal()
        );
        let text = p.terminal();
        assert!(text.starts_with(meldung), "{args:?}: {text}");
        assert!(text.contains(&format!("Aufruf: {beispiel}")), "{text}");
    }
}

/// Endet die Antwort vor Content-Length Bytes, zeigt http_client, was ankam.
#[test]
fn http_client_zeigt_was_vor_dem_abbruch_ankam() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let adresse = listener.local_addr().unwrap();
    let mut client = Prozess::starte("http_client", &[&format!("http://{adresse}/")]);
    let (mut c, _) = listener.accept().unwrap();
    let mut anfrage = Vec::new();
    while !anfrage.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        c.read_exact(&mut byte).unwrap();
        anfrage.push(byte[0]);
    }
    c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nNur der Anfang")
        .unwrap();
    drop(c);
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(
        text.ends_with("<\nNur der Anfang\nFehler: Die Antwort endet nach 14 von 100 Bytes\n"),
        "{text}"
    );
}

/// Ohne freie Dateideskriptoren kreiselt der Server nicht und bedient die
/// Wartenden, sobald wieder Deskriptoren frei sind (nur Linux).
#[cfg(target_os = "linux")]
#[test]
fn ohne_dateideskriptoren_kreiselt_der_server_nicht() {
    emfile::pruefe("http_server", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", |c| {
        lies_bis_html_ende(c)
    });
}

/// Liest eine Antwort auf `GET /`, bis die Seite zu Ende ist (Keep-alive:
/// Danach bleibt die Verbindung offen).
fn lies_bis_html_ende(c: &mut TcpStream) -> bool {
    let mut antwort = Vec::new();
    let mut stueck = [0u8; 4096];
    while !antwort.ends_with(b"</html>\n") {
        match c.read(&mut stueck) {
            Ok(0) | Err(_) => return false,
            Ok(n) => antwort.extend_from_slice(&stueck[..n]),
        }
    }
    antwort.starts_with(b"HTTP/1.1 200 OK\r\n")
}

/// Zwei Anfragen in einem write(), HEAD ohne Körper, nacktes \n als Zeilenende.
#[test]
fn keep_alive_head_und_nackte_zeilenenden() {
    let (_server, adresse) = Prozess::server("http_server", &[]);
    let antwort = roh(
        adresse,
        b"HEAD / HTTP/1.1\r\n\r\nPOST /echo HTTP/1.1\nContent-Length: 3\n\nabcGET /x HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    let antworten: Vec<&str> = antwort.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(antworten.len(), 3, "{antwort}");
    assert!(antworten[0].starts_with("200 OK\r\n") && antworten[0].ends_with("keep-alive\r\n\r\n"));
    assert!(antworten[1].starts_with("200 OK\r\n") && antworten[1].ends_with("\r\n\r\nabc"));
    assert!(
        antworten[2].starts_with("404 Not Found\r\n") && antworten[2].contains("Connection: close")
    );
}

/// Wer eine Anfrage nur halb schickt, bekommt nach dem Timeout 408.
#[test]
fn halbe_anfrage_endet_mit_408() {
    let (_server, adresse) = Prozess::server("http_server", &["--timeout", "1"]);
    let antwort = roh(adresse, b"GET / HTTP/1.1\r\nHost: lang");
    assert!(
        antwort.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{antwort}"
    );
}

#[test]
fn ohne_server_erklaert_der_client_was_zu_tun_ist() {
    let ziel = format!("http://127.0.0.1:{}/", common::freier_port());
    let mut client = Prozess::starte("http_client", &[&ziel]);
    client.fehlgeschlagen();
    assert!(
        client
            .terminal()
            .contains("cargo run --example http_server")
    );
    let mut https = Prozess::starte("http_client", &["https://localhost/"]);
    https.fehlgeschlagen();
    assert!(https.terminal().contains("https braucht TLS"));
}

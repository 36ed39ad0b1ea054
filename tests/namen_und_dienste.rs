//! Szenarien zu Kapitel „Namen und Dienste“: gethostbyname und
//! getservbyname, beide offline (hosts-Datei, Dienstedatei).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Lauf, Prozess, Transkript, beispiel, lauf_bis_ende};

fn laufe<S: AsRef<std::ffi::OsStr>>(name: &str, args: &[S]) -> Lauf {
    let mut befehl = Command::new(beispiel(name));
    befehl.args(args);
    lauf_bis_ende(befehl)
}

fn python(datei: &str, args: &[&str]) -> Lauf {
    let mut befehl = Command::new("python3");
    befehl
        .arg(common::wurzel().join("python").join(datei))
        .args(args);
    lauf_bis_ende(befehl)
}

/// Ein eigenes Verzeichnis unter dem Temp-Ordner, das am Ende wieder verschwindet.
struct TempOrdner(PathBuf);

impl TempOrdner {
    fn neu(name: &str) -> TempOrdner {
        let pfad = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&pfad).unwrap();
        TempOrdner(pfad)
    }
    fn datei(&self, name: &str, inhalt: &[u8]) -> PathBuf {
        let pfad = self.0.join(name);
        std::fs::write(&pfad, inhalt).unwrap();
        pfad
    }
}

impl Drop for TempOrdner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------- gethostbyname

#[test]
fn localhost_hat_127_0_0_1() {
    let lauf = laufe("gethostbyname", &["localhost"]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    let ipv4 = lauf
        .stdout
        .lines()
        .find(|z| z.trim_start().starts_with("IPv4-Adressen:"))
        .unwrap();
    assert!(ipv4.contains("127.0.0.1"), "{}", lauf.stdout);
    assert!(
        lauf.stdout
            .contains("kanonischer Name: (liefert std nicht)")
    );
    Transkript::neu()
        .text(
            "gethostbyname_localhost",
            &lauf.terminal("cargo run --example gethostbyname -- localhost"),
        )
        .pruefe();
}

#[test]
fn ip_adressen_werden_ohne_anfrage_uebernommen() {
    let lauf = laufe("gethostbyname", &["::1", "127.0.0.1"]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert_eq!(
        lauf.stdout,
        "::1\n  IPv4-Adressen:    (keine)\n  IPv6-Adressen:    ::1\n\
         \x20 kanonischer Name: (liefert std nicht)\n  Aliasse:          (liefert std nicht)\n\
         127.0.0.1\n  IPv4-Adressen:    127.0.0.1\n  IPv6-Adressen:    (keine)\n\
         \x20 kanonischer Name: (liefert std nicht)\n  Aliasse:          (liefert std nicht)\n"
    );
    Transkript::neu()
        .text(
            "gethostbyname_literale",
            &lauf.terminal("cargo run --example gethostbyname -- ::1 127.0.0.1"),
        )
        .pruefe();
}

#[test]
fn unbekannter_name_gibt_deutschen_fehler() {
    let lauf = laufe("gethostbyname", &["kein server.invalid"]);
    assert!(!lauf.erfolg);
    assert!(lauf.stdout.is_empty());
    assert!(
        lauf.stderr.starts_with(
            "Fehler: Kann den Namen \"kein server.invalid\" nicht auflösen. Stimmt die Schreibweise?"
        ),
        "{}",
        lauf.stderr
    );
    Transkript::neu()
        .text(
            "gethostbyname_unbekannt",
            &lauf.terminal("cargo run --example gethostbyname -- \"kein server.invalid\""),
        )
        .pruefe();
}

/// Erst die bekannten Namen, dann bricht der unbekannte ab: Was schon
/// aufgelöst war, steht trotzdem da.
#[test]
fn bekannte_namen_vor_dem_fehler_bleiben_sichtbar() {
    let lauf = laufe("gethostbyname", &["localhost", "kein server.invalid"]);
    assert!(!lauf.erfolg);
    assert!(lauf.stdout.starts_with("localhost\n"));
    assert!(lauf.stderr.contains("kein server.invalid"));
}

#[cfg(unix)]
#[test]
fn kaputtes_utf8_im_namen_wird_mit_ersatzzeichen_gezeigt() {
    use std::os::unix::ffi::OsStringExt;
    let name = std::ffi::OsString::from_vec(b"kaputt\xff.invalid".to_vec());
    let lauf = laufe("gethostbyname", &[name]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr.contains("\"kaputt\u{fffd}.invalid\""),
        "{}",
        lauf.stderr
    );
}

#[test]
fn python_zum_vergleich() {
    let lauf = python("gethostbyname.py", &["localhost"]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(lauf.stdout.contains("'127.0.0.1'"));
    Transkript::neu()
        .text(
            "gethostbyname_python",
            &lauf.terminal("python3 python/gethostbyname.py localhost"),
        )
        .pruefe();
    // gethostbyname_ex kennt nur IPv4: Mit ::1 scheitert es.
    let lauf = python("gethostbyname.py", &["::1"]);
    assert!(!lauf.erfolg);
    Transkript::neu()
        .text(
            "gethostbyname_python_ipv6",
            &lauf.terminal("python3 python/gethostbyname.py ::1"),
        )
        .pruefe();
}

// ---------------------------------------------------------------- getservbyname

const SYSTEMDATEI: &str = "/etc/services";

/// Der Weg durch die echte Dienstedatei des Systems, aufgerufen wie Pythons
/// `getservbyname("http", "tcp")`: das Protokoll als zweites Wort. Fehlt die
/// Datei (schlanke Container), prüft der Test stattdessen, dass die
/// eingebaute Tabelle einspringt; den Dateipfad prüft `eigene_dienstedatei`.
#[cfg(unix)]
#[test]
fn http_ueber_tcp_ist_port_80() {
    let lauf = laufe("getservbyname", &["http", "tcp"]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    // Dasselbe mit dem Schalter.
    let mit_schalter = laufe("getservbyname", &["http", "--protokoll", "tcp"]);
    assert_eq!(mit_schalter.stdout, lauf.stdout);
    if Path::new(SYSTEMDATEI).exists() {
        assert!(lauf.stdout.starts_with("Dienstedatei: /etc/services\n"));
        Transkript::neu()
            .text(
                "getservbyname_http",
                &lauf.terminal("cargo run --example getservbyname -- http tcp"),
            )
            .pruefe();
    } else {
        assert!(lauf.stdout.starts_with("Hinweis: /etc/services fehlt."));
    }
    assert!(
        lauf.stdout
            .contains("getservbyname(\"http\", \"tcp\") = 80\n"),
        "{}",
        lauf.stdout
    );
}

#[cfg(unix)]
#[test]
fn port_443_ueber_udp_ist_https() {
    let lauf = laufe("getservbyname", &["443", "--protokoll", "udp"]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(
        lauf.stdout
            .contains("getservbyport(443, \"udp\") = \"https\"\n"),
        "{}",
        lauf.stdout
    );
    if Path::new(SYSTEMDATEI).exists() {
        Transkript::neu()
            .text(
                "getservbyname_443",
                &lauf.terminal("cargo run --example getservbyname -- 443 --protokoll udp"),
            )
            .pruefe();
    }
}

/// Eine selbst geschriebene Dienstedatei: Kommentare, Aliasse, eine kaputte
/// Zeile und ungültiges UTF-8.
#[test]
fn eigene_dienstedatei() {
    let ordner = TempOrdner::neu("getservbyname-eigen");
    let datei = ordner.datei(
        "services",
        b"# Unsere Dienste\n\
          chat\t5000/tcp\tplauder talk   # TCP-Chat aus dem Buch\n\
          gruppen 6000/tcp\n\
          echo 7/udp\n\
          kaputt ohne-port\n\
          caf\xe9 9999/tcp\n",
    );
    let datei = datei.to_str().unwrap();

    let lauf = laufe("getservbyname", &["plauder", "--datei", datei]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert_eq!(
        lauf.stdout,
        format!(
            "Dienstedatei: {datei}\ngetservbyname(\"plauder\") = 5000\n  \
             Eintrag: chat 5000/tcp, Aliasse: plauder, talk\n"
        )
    );

    let lauf = laufe(
        "getservbyname",
        &["6000", "--protokoll", "tcp", "--datei", datei],
    );
    assert!(
        lauf.stdout
            .contains("getservbyport(6000, \"tcp\") = \"gruppen\"\n")
    );

    // Richtiges Protokoll ist Pflicht: echo steht nur für udp drin.
    let lauf = laufe(
        "getservbyname",
        &["echo", "--protokoll", "tcp", "--datei", datei],
    );
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr
            .contains("Den Dienst echo/tcp kennt die Dienstedatei nicht"),
        "{}",
        lauf.stderr
    );

    // Ungültiges UTF-8 in der Datei: angezeigt mit Ersatzzeichen.
    let lauf = laufe("getservbyname", &["9999", "--datei", datei]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(
        lauf.stdout.contains("= \"caf\u{fffd}\"\n"),
        "{}",
        lauf.stdout
    );
}

#[test]
fn fehlende_datei_nutzt_die_eingebaute_tabelle() {
    let ordner = TempOrdner::neu("getservbyname-fehlt");
    let fehlt = ordner.0.join("gibt-es-nicht");
    let fehlt = fehlt.to_str().unwrap();
    let lauf = laufe("getservbyname", &["ssh", "--datei", fehlt]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(
        lauf.stdout.starts_with(&format!(
            "Hinweis: {fehlt} fehlt. Ich nutze die eingebaute Tabelle"
        )),
        "{}",
        lauf.stdout
    );
    assert!(lauf.stdout.contains("getservbyname(\"ssh\") = 22\n"));
    Transkript::neu()
        .ersetze(fehlt, "gibt-es-nicht")
        .text(
            "getservbyname_eingebaut",
            &lauf.terminal("cargo run --example getservbyname -- ssh --datei gibt-es-nicht"),
        )
        .pruefe();
}

#[test]
fn unbekannter_dienst_und_falsche_eingaben() {
    let ordner = TempOrdner::neu("getservbyname-fehler");
    let datei = ordner.datei("services", b"http 80/tcp www\n");
    let datei = datei.to_str().unwrap();

    let lauf = laufe("getservbyname", &["gibt-es-nicht", "--datei", datei]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr
            .contains("Den Dienst gibt-es-nicht kennt die Dienstedatei nicht")
    );

    let lauf = laufe("getservbyname", &["81", "--datei", datei]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr
            .contains("Für Port 81 ist kein Dienst eingetragen")
    );

    let lauf = laufe("getservbyname", &["99999", "--datei", datei]);
    assert!(lauf.stderr.contains("99999 ist kein Port"));

    let lauf = laufe(
        "getservbyname",
        &["http", "--protokoll", "sctp", "--datei", datei],
    );
    assert!(lauf.stderr.contains("Unbekanntes Protokoll \"sctp\""));

    // Ein Ordner statt einer Datei: lesen scheitert, und zwar nicht mit NotFound.
    let lauf = laufe(
        "getservbyname",
        &["http", "--datei", ordner.0.to_str().unwrap()],
    );
    assert!(!lauf.erfolg);
    assert!(lauf.stderr.starts_with("Fehler: Kann "), "{}", lauf.stderr);
}

/// Das zweite Wort schränkt ein wie `--protokoll`: echo steht nur für udp da.
#[test]
fn protokoll_als_zweites_wort() {
    let ordner = TempOrdner::neu("getservbyname-zweites-wort");
    let datei = ordner.datei(
        "services",
        b"echo 7/udp\nhttp 80/tcp www\nhttp 80/udp www\n",
    );
    let datei = datei.to_str().unwrap();

    let lauf = laufe("getservbyname", &["echo", "udp", "--datei", datei]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(
        lauf.stdout
            .contains("getservbyname(\"echo\", \"udp\") = 7\n")
    );
    let lauf = laufe("getservbyname", &["echo", "tcp", "--datei", datei]);
    assert!(!lauf.erfolg);
    assert!(
        lauf.stderr
            .contains("Den Dienst echo/tcp kennt die Dienstedatei nicht")
    );
    let lauf = laufe("getservbyname", &["80", "udp", "--datei", datei]);
    assert!(
        lauf.stdout
            .contains("getservbyport(80, \"udp\") = \"http\"\n"),
        "{}",
        lauf.stdout
    );
}

/// `--help` zeigt die deutsche Hilfe (Exit 0); ein falsches Argument nennt
/// das Argument, zeigt die Hilfe und endet mit Exit-Code 2.
#[test]
fn hilfe_und_falsche_argumente() {
    for hilfe in ["--help", "-h"] {
        let mut p = Prozess::starte("getservbyname", &[hilfe]);
        assert_eq!(p.warte_auf_ende().code(), Some(0));
        assert!(p.terminal().starts_with("Aufruf: getservbyname"));
    }
    let falsch: [(&[&str], &str); 6] = [
        (&["http", "sctp"], "Unbekanntes Protokoll \"sctp\""),
        (&["http", "tcp", "udp"], "Unerwartetes Argument \"udp\""),
        (
            &["http", "tcp", "--protokoll", "tcp"],
            "Das Protokoll steht doppelt da",
        ),
        (&["http", "--protokoll"], "--protokoll braucht tcp oder udp"),
        (&["http", "--farbe"], "Unbekannter Schalter --farbe"),
        (&["99999"], "99999 ist kein Port"),
    ];
    for (args, meldung) in falsch {
        let mut p = Prozess::starte("getservbyname", args);
        assert_eq!(p.warte_auf_ende().code(), Some(2), "{args:?}");
        let text = p.terminal();
        assert!(text.starts_with(&format!("Fehler: {meldung}")), "{text}");
        assert!(text.contains("\nAufruf: getservbyname"), "{text}");
    }
}

#[test]
fn python_zum_vergleich_getservbyname() {
    if !Path::new(SYSTEMDATEI).exists() {
        return; // Pythons getservbyname braucht die Systemdatei.
    }
    let lauf = python("getservbyname.py", &[]);
    assert!(lauf.erfolg, "{}", lauf.stderr);
    assert!(lauf.stdout.contains("= 80\n"));
    Transkript::neu()
        .text(
            "getservbyname_python",
            &lauf.terminal("python3 python/getservbyname.py"),
        )
        .pruefe();
}

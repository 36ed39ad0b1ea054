//! Der Prüfer prüft sich selbst: Für jede Übungsaufgabe
//! - besteht die Musterlösung (Rust, für einige Aufgaben auch Python),
//! - fällt der Starter (mit `todo!()`) durch,
//! - fällt jede absichtlich falsche Variante aus `loesungen/falsch_*` durch,
//!   und zwar bei genau dem Prüfschritt, der ihren Fehler zeigen soll.
//!
//! Dazu: JUnit-Ausgabe, `--liste`, der mdBook-Vorverarbeiter ohne Lösungen
//! und das Schülerpaket (enthält keine Lösungen).
//!
//! Alle Programme werden einmal mit einem einzigen `cargo build` gebaut.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::wurzel;

/// Jede Aufgabe: (Nummer, Kurzname).
const AUFGABEN: &[(&str, &str)] = &[
    ("01", "portansage"),
    ("02", "bestaetigung"),
    ("03", "echo"),
    ("04", "zeitansage"),
    ("05", "summe"),
    ("06", "zwei_server"),
    ("07", "portscanner"),
    ("08", "ausweichserver"),
    ("09", "dienste"),
    ("10", "zwei_familien"),
    ("11", "halbschluss"),
    ("12", "datei"),
    ("13", "chat"),
    ("14", "json_rechner"),
    ("15", "hartnaeckig"),
    ("16", "webserver"),
    ("17", "tuersteher"),
    ("18", "diagnose"),
    ("19", "pipeline"),
];

/// Absichtlich falsche Varianten: (Aufgabe, Variante, Prüfschritt mit ✗,
/// Teil des Grundes).
const VARIANTEN: &[(&str, &str, &str, &str)] = &[
    (
        "01",
        "falsch_01_alle_schnittstellen",
        "Lauscht nur auf Loopback",
        "allen Schnittstellen",
    ),
    (
        "02",
        "falsch_02_ein_read",
        "Name kommt in Einzelbytes (langsamer Client)",
        "Lies bis zum Zeilenende",
    ),
    (
        "03",
        "falsch_03_ein_read",
        "Zeile kommt in Einzelbytes",
        "Lies bis zum Zeilenende",
    ),
    (
        "04",
        "falsch_04_erster_absender",
        "Antwortet jedem Absender",
        "kam beim ersten an",
    ),
    (
        "05",
        "falsch_05_summe_bleibt",
        "Neuer Client beginnt bei 0",
        "Setze sie für jeden Client auf 0",
    ),
    (
        "06",
        "falsch_06_blockierend",
        "B antwortet zuerst",
        "blockierend auf A",
    ),
    (
        "07",
        "falsch_07_ohne_timeout",
        "Ein stiller Port bremst nicht",
        "connect_timeout",
    ),
    (
        "08",
        "falsch_08_nur_erste",
        "Weicht bei Ablehnung aus",
        "Versuche dann die nächste",
    ),
    (
        "09",
        "falsch_09_ohne_alias",
        "Aliasnamen",
        "\"brühe/tcp 4711\"",
    ),
    (
        "10",
        "falsch_10_abwechselnd",
        "Bedient beide Familien gleichzeitig",
        "je Listener einen Thread",
    ),
    (
        "11",
        "falsch_11_ein_read",
        "Antwortet erst nach dem Ende",
        "shutdown(Write)",
    ),
    (
        "12",
        "falsch_12_little_endian",
        "Speichert eine kleine Datei",
        "Big Endian",
    ),
    (
        "13",
        "falsch_13_ohne_grenze",
        "Lehnt eine zu lange Zeile ab",
        "take",
    ),
    (
        "14",
        "falsch_14_bricht_ab",
        "Kaputtes JSON, Verbindung bleibt",
        "geschlossen",
    ),
    (
        "15",
        "falsch_15_von_vorn",
        "Nimmt nach einem Abbruch wieder auf",
        "\"AB 2\"",
    ),
    (
        "16",
        "falsch_16_ein_read",
        "Große Seite vollständig",
        "write_all",
    ),
    (
        "17",
        "falsch_17_ohne_timeout",
        "Trennt einen stillen Client",
        "ohne vollständige Zeile",
    ),
    (
        "18",
        "falsch_18_ohne_timeout",
        "Stiller Server",
        "set_read_timeout",
    ),
    (
        "19",
        "falsch_19_ping_pong",
        "400 Anfragen trotz 25 ms Latenz",
        "Pipelining",
    ),
];

/// Aufgaben mit Python-Musterlösung in `loesungen/`.
const PYTHON: &[(&str, &str)] = &[
    ("02", "loesung_02_bestaetigung.py"),
    ("03", "loesung_03_echo.py"),
    ("04", "loesung_04_zeitansage.py"),
    ("16", "loesung_16_webserver.py"),
];

/// So lange darf ein ganzer Prüflauf höchstens dauern.
const GESAMTFRIST: Duration = Duration::from_secs(180);

struct Programme {
    pruefen: PathBuf,
    beispiele: HashMap<String, PathBuf>,
}

/// Baut den Prüfer, alle Starter, Lösungen und Varianten mit einem Aufruf
/// und merkt sich die Pfade aus Cargos JSON-Meldungen.
fn programme() -> &'static Programme {
    static P: OnceLock<Programme> = OnceLock::new();
    P.get_or_init(|| {
        let mut namen: Vec<String> = Vec::new();
        for (nr, kurz) in AUFGABEN {
            namen.push(format!("aufgabe_{nr}_{kurz}"));
            namen.push(format!("loesung_{nr}_{kurz}"));
        }
        for (_, variante, _, _) in VARIANTEN {
            namen.push(variante.to_string());
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut befehl = Command::new(cargo);
        befehl.current_dir(wurzel()).args([
            "build",
            "--quiet",
            "--message-format=json",
            "--bin",
            "pruefen",
        ]);
        for n in &namen {
            befehl.args(["--example", n]);
        }
        let ausgabe = befehl
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo build starten");
        assert!(ausgabe.status.success(), "cargo build ist gescheitert");
        let mut pruefen = None;
        let mut beispiele = HashMap::new();
        for zeile in String::from_utf8_lossy(&ausgabe.stdout).lines() {
            let Ok(m) = serde_json::from_str::<serde_json::Value>(zeile) else {
                continue;
            };
            let (Some(name), Some(exe)) = (m["target"]["name"].as_str(), m["executable"].as_str())
            else {
                continue;
            };
            if name == "pruefen" {
                pruefen = Some(PathBuf::from(exe));
            } else {
                beispiele.insert(name.to_string(), PathBuf::from(exe));
            }
        }
        Programme {
            pruefen: pruefen.expect("cargo meldet kein Programm pruefen"),
            beispiele,
        }
    })
}

/// Führt den Prüfer aus; hängt er, scheitert der Test nach GESAMTFRIST.
fn pruefer(args: &[&str]) -> Output {
    let mut befehl = Command::new(&programme().pruefen);
    befehl.current_dir(wurzel()).args(args);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(befehl.output());
    });
    rx.recv_timeout(GESAMTFRIST)
        .expect("Der Prüfer hängt")
        .expect("Der Prüfer lässt sich nicht starten")
}

fn pfad(beispiel: &str) -> String {
    programme()
        .beispiele
        .get(beispiel)
        .unwrap_or_else(|| panic!("{beispiel} wurde nicht gebaut"))
        .display()
        .to_string()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn besteht(nr: &str, befehl: &str) {
    let o = pruefer(&[nr, "--befehl", befehl]);
    let t = text(&o);
    assert!(
        o.status.success(),
        "{befehl} sollte Aufgabe {nr} bestehen:\n{t}"
    );
    assert!(t.contains("alle"), "{t}");
    assert!(!t.contains('✗'), "{t}");
}

/// Der Prüfer muss mit Exit-Code 1 enden und beim Schritt `schritt` ein ✗
/// mit `grund` im Text zeigen.
fn faellt_durch(nr: &str, befehl: &str, schritt: &str, grund: &str) {
    let o = pruefer(&[nr, "--befehl", befehl]);
    let t = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{befehl} sollte Aufgabe {nr} nicht bestehen:\n{t}"
    );
    let zeile = t
        .lines()
        .find(|z| z.starts_with(&format!("✗ {schritt}:")))
        .unwrap_or_else(|| panic!("Kein ✗ bei „{schritt}“ für {befehl}:\n{t}"));
    assert!(
        zeile.contains(grund),
        "Das ✗ bei „{schritt}“ nennt nicht „{grund}“:\n{zeile}"
    );
}

fn pruefe_aufgabe(nr: &str) {
    let (_, kurz) = AUFGABEN.iter().find(|(n, _)| *n == nr).unwrap();
    besteht(nr, &pfad(&format!("loesung_{nr}_{kurz}")));

    // Der Starter enthält todo!(): Schon der erste Schritt scheitert, und der
    // Grund sagt warum.
    let o = pruefer(&[nr, "--befehl", &pfad(&format!("aufgabe_{nr}_{kurz}"))]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "Der Starter besteht?\n{t}");
    assert!(t.contains("Platzhalter"), "Kein Hinweis auf todo!():\n{t}");

    let mut gefunden = false;
    for (aufgabe, variante, schritt, grund) in VARIANTEN {
        if *aufgabe == nr {
            faellt_durch(nr, &pfad(variante), schritt, grund);
            gefunden = true;
        }
    }
    assert!(gefunden, "Aufgabe {nr} hat keine falsche Variante");
}

#[test]
fn aufgabe_01() {
    pruefe_aufgabe("01");
}

#[test]
fn aufgabe_02() {
    pruefe_aufgabe("02");
}

#[test]
fn aufgabe_03() {
    pruefe_aufgabe("03");
}

#[test]
fn aufgabe_04() {
    pruefe_aufgabe("04");
}

#[test]
fn aufgabe_05() {
    pruefe_aufgabe("05");
}

#[test]
fn aufgabe_06() {
    pruefe_aufgabe("06");
}

#[test]
fn aufgabe_07() {
    pruefe_aufgabe("07");
}

#[test]
fn aufgabe_08() {
    pruefe_aufgabe("08");
}

#[test]
fn aufgabe_09() {
    pruefe_aufgabe("09");
}

#[test]
fn aufgabe_10() {
    pruefe_aufgabe("10");
}

#[test]
fn aufgabe_11() {
    pruefe_aufgabe("11");
}

#[test]
fn aufgabe_12() {
    pruefe_aufgabe("12");
}

#[test]
fn aufgabe_13() {
    pruefe_aufgabe("13");
}

#[test]
fn aufgabe_14() {
    pruefe_aufgabe("14");
}

#[test]
fn aufgabe_15() {
    pruefe_aufgabe("15");
}

#[test]
fn aufgabe_16() {
    pruefe_aufgabe("16");
}

#[test]
fn aufgabe_17() {
    pruefe_aufgabe("17");
}

#[test]
fn aufgabe_18() {
    pruefe_aufgabe("18");
}

#[test]
fn aufgabe_19() {
    pruefe_aufgabe("19");
}

#[test]
fn python_musterloesungen_bestehen() {
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok())
        .expect("Für diesen Test wird python3 gebraucht");
    for (nr, datei) in PYTHON {
        let pfad = wurzel().join("loesungen").join(datei);
        besteht(nr, &format!("{python} \"{}\"", pfad.display()));
    }
}

#[test]
fn liste_nennt_alle_aufgaben() {
    let o = pruefer(&["--liste"]);
    assert!(o.status.success());
    let t = text(&o);
    for (nr, kurz) in AUFGABEN {
        assert!(
            t.contains(&format!("{nr}  {kurz}")),
            "{nr} {kurz} fehlt:\n{t}"
        );
    }
}

#[test]
fn jede_aufgabe_ist_im_test_und_hat_starter_seite_und_loesung() {
    let o = pruefer(&["--liste"]);
    let t = text(&o);
    let nummern: Vec<&str> = t
        .lines()
        .filter_map(|z| z.split_whitespace().next())
        .filter(|w| w.len() == 2 && w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(
        nummern.len(),
        AUFGABEN.len(),
        "Neue Aufgabe nicht im Test?\n{t}"
    );
    for (nr, kurz) in AUFGABEN {
        let w = wurzel();
        assert!(w.join(format!("examples/aufgabe_{nr}_{kurz}.rs")).exists());
        assert!(w.join(format!("loesungen/loesung_{nr}_{kurz}.rs")).exists());
        let seite = w.join(format!("book/aufgaben/{nr}-{kurz}.md"));
        let inhalt =
            std::fs::read_to_string(&seite).unwrap_or_else(|_| panic!("{} fehlt", seite.display()));
        for teil in [
            "## Lernziel",
            "## Aufgabe",
            "## Erwartetes Verhalten",
            "<summary>Tipp 1</summary>",
            "<!-- LOESUNG -->",
            "<!-- /LOESUNG -->",
            "Minuten",
        ] {
            assert!(inhalt.contains(teil), "{} ohne {teil:?}", seite.display());
        }
    }
}

#[test]
fn junit_ausgabe() {
    let datei = std::env::temp_dir().join(format!("pruefen-junit-{}.xml", std::process::id()));
    let o = pruefer(&[
        "02",
        "--befehl",
        &pfad("falsch_02_ein_read"),
        "--format",
        "junit",
        "--ausgabe",
        datei.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let xml = std::fs::read_to_string(&datei).expect("JUnit-Datei geschrieben");
    let _ = std::fs::remove_file(&datei);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert!(xml.contains("<testsuite name=\"aufgabe_02_bestaetigung\" tests=\"8\" failures=\"2\""));
    assert!(xml.contains("<testcase classname=\"aufgabe_02_bestaetigung\" name=\"Name kommt in Einzelbytes (langsamer Client)\""));
    assert!(xml.contains("<failure message=\"Erwartet war die Zeile"));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    // Jeder geöffnete testcase wird geschlossen.
    let offen = xml.matches("<testcase").count();
    let zu = xml.matches("</testcase>").count() + xml.matches("\"/>\n").count();
    assert!(zu >= offen, "{xml}");
}

#[test]
fn falscher_aufruf_endet_mit_2() {
    assert_eq!(pruefer(&["99"]).status.code(), Some(2));
    assert_eq!(pruefer(&[]).status.code(), Some(2));
    assert_eq!(pruefer(&["01", "--format", "pdf"]).status.code(), Some(2));
}

#[test]
fn vorverarbeiter_entfernt_loesungen() {
    let mut kind = Command::new(&programme().pruefen)
        .arg("--mdbook-ohne-loesungen")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let buch = serde_json::json!([
        {"root": ".", "renderer": "html"},
        {"items": [{"Chapter": {"name": "A", "content": "vorher\n<!-- LOESUNG -->\ngeheim\n<!-- /LOESUNG -->\nnachher\n",
            "sub_items": [{"Chapter": {"name": "B", "content": "x<!-- LOESUNG -->geheim", "sub_items": []}}]}}]}
    ]);
    kind.stdin
        .take()
        .unwrap()
        .write_all(buch.to_string().as_bytes())
        .unwrap();
    let o = kind.wait_with_output().unwrap();
    assert!(o.status.success());
    let aus = String::from_utf8(o.stdout).unwrap();
    assert!(!aus.contains("geheim"), "{aus}");
    assert!(aus.contains("vorher") && aus.contains("nachher"), "{aus}");
    let s = Command::new(&programme().pruefen)
        .args(["--mdbook-ohne-loesungen", "supports", "html"])
        .status()
        .unwrap();
    assert!(s.success());
}

/// Das Schülerpaket enthält Starter, Prüfer und Aufgaben, aber keine Lösung.
#[cfg(unix)]
#[test]
fn schuelerpaket_ohne_loesungen() {
    let zip = std::env::temp_dir().join(format!("aufgabenpaket-{}.zip", std::process::id()));
    let status = Command::new("bash")
        .current_dir(wurzel())
        .arg("scripts/aufgabenpaket")
        .arg("--ohne-html")
        .arg(&zip)
        .status()
        .expect("bash starten");
    assert!(status.success(), "scripts/aufgabenpaket ist gescheitert");
    // Inhalt auflisten und die Aufgabenseiten lesen, mit Pythons zipfile.
    let liste = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\n\
             z = zipfile.ZipFile(sys.argv[1])\n\
             for n in z.namelist():\n\
             \x20   print('DATEI', n)\n\
             \x20   if n.endswith('.md'): print(z.read(n).decode())",
        ])
        .arg(&zip)
        .output()
        .expect("python3 starten");
    let _ = std::fs::remove_file(&zip);
    assert!(liste.status.success());
    let inhalt = String::from_utf8_lossy(&liste.stdout);
    let dateien: Vec<&str> = inhalt
        .lines()
        .filter_map(|z| z.strip_prefix("DATEI "))
        .collect();
    for (nr, kurz) in AUFGABEN {
        for pfad in [
            format!("socket-aufgaben/examples/aufgabe_{nr}_{kurz}.rs"),
            format!("socket-aufgaben/aufgaben/{nr}-{kurz}.md"),
        ] {
            assert!(dateien.contains(&pfad.as_str()), "{pfad} fehlt im Paket");
        }
    }
    for pfad in [
        "socket-aufgaben/Cargo.toml",
        "socket-aufgaben/src/bin/pruefen/main.rs",
        "socket-aufgaben/python/aufgabe_03_echo.py",
    ] {
        assert!(dateien.contains(&pfad), "{pfad} fehlt im Paket");
    }
    for d in &dateien {
        assert!(
            !d.contains("loesung") && !d.contains("falsch_"),
            "Lösung im Paket: {d}"
        );
    }
    assert!(
        !inhalt.contains("<!-- LOESUNG"),
        "Lösungsabschnitt im Paket"
    );
    assert!(
        !inhalt.contains("{{#include"),
        "Include einer Lösung im Paket"
    );
    assert!(
        !inhalt.contains("Erwartungshorizont."),
        "Erwartungshorizont im Paket"
    );
}

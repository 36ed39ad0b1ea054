//! Der Prüfer prüft sich selbst, und zwar aus seinen eigenen
//! Aufgabendefinitionen (`pruefen --definitionen`, die einzige Quelle). Für
//! jede Übungsaufgabe
//! - besteht jede Musterlösung (Rust, für einige Aufgaben auch Python),
//! - fällt der Starter (mit `todo!()`) durch, ebenso der Python-Starter,
//! - fällt jede absichtlich falsche Variante aus `loesungen/falsch_*` durch,
//!   und zwar bei genau dem Prüfschritt, den ihre Definition nennt.
//!
//! Dazu: die Selbstprüfung (Cargo.toml, Dateien und Buch passen zu den
//! Definitionen), JUnit-Ausgabe, `--liste`, der mdBook-Vorverarbeiter ohne
//! Lösungen und das Schülerpaket (enthält keine Lösungen).
//!
//! Alle Programme werden einmal mit einem einzigen `cargo build` gebaut.
//! `PRUEFEN_NUR=03,05 cargo test --test pruefen` beschränkt den großen Lauf
//! auf einzelne Aufgaben.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use common::wurzel;
use serde_json::Value;

/// So lange darf ein ganzer Prüflauf höchstens dauern.
const GESAMTFRIST: Duration = Duration::from_secs(180);

struct Programme {
    pruefen: PathBuf,
    beispiele: HashMap<String, PathBuf>,
}

/// Baut mit cargo und liefert Name → Programm aus Cargos JSON-Meldungen.
fn baue(args: &[String]) -> HashMap<String, PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ausgabe = Command::new(cargo)
        .current_dir(wurzel())
        .args(["build", "--quiet", "--message-format=json"])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo build starten");
    assert!(ausgabe.status.success(), "cargo build ist gescheitert");
    let mut gebaut = HashMap::new();
    for zeile in String::from_utf8_lossy(&ausgabe.stdout).lines() {
        let Ok(m) = serde_json::from_str::<Value>(zeile) else {
            continue;
        };
        if let (Some(name), Some(exe)) = (m["target"]["name"].as_str(), m["executable"].as_str()) {
            gebaut.insert(name.to_string(), PathBuf::from(exe));
        }
    }
    gebaut
}

/// Der Prüfer, gebaut und nach seinen Definitionen gefragt.
fn definitionen() -> &'static (PathBuf, Vec<Value>) {
    static D: OnceLock<(PathBuf, Vec<Value>)> = OnceLock::new();
    D.get_or_init(|| {
        let pruefen = baue(&["--bin".into(), "pruefen".into()])
            .remove("pruefen")
            .expect("cargo meldet kein Programm pruefen");
        let o = Command::new(&pruefen)
            .arg("--definitionen")
            .output()
            .expect("pruefen --definitionen");
        assert!(o.status.success());
        let alle: Vec<Value> =
            serde_json::from_slice(&o.stdout).expect("--definitionen liefert JSON");
        assert!(!alle.is_empty());
        (pruefen, alle)
    })
}

fn aufgaben() -> &'static [Value] {
    &definitionen().1
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Baut alle Starter, Rust-Lösungen und Varianten mit einem Aufruf.
fn programme() -> &'static Programme {
    static P: OnceLock<Programme> = OnceLock::new();
    P.get_or_init(|| {
        let mut args = Vec::new();
        for a in aufgaben() {
            args.extend(["--example".to_string(), s(&a["starter"]).to_string()]);
            for l in a["loesungen"].as_array().into_iter().flatten() {
                if l["sprache"] == "rust" {
                    args.extend(["--example".to_string(), s(&l["name"]).to_string()]);
                }
            }
            for v in a["varianten"].as_array().into_iter().flatten() {
                args.extend(["--example".to_string(), s(&v["name"]).to_string()]);
            }
        }
        Programme {
            pruefen: definitionen().0.clone(),
            beispiele: baue(&args),
        }
    })
}

/// Führt den Prüfer aus; hängt er, scheitert der Test nach GESAMTFRIST.
fn pruefer(args: &[&str]) -> Output {
    let mut befehl = Command::new(&definitionen().0);
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

fn python() -> Option<&'static str> {
    ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn besteht(nr: &str, befehl: &str) -> Result<(), String> {
    let o = pruefer(&[nr, "--befehl", befehl]);
    let t = text(&o);
    if o.status.success() && t.contains("alle") && !t.contains('✗') {
        Ok(())
    } else {
        Err(format!("{befehl} sollte Aufgabe {nr} bestehen:\n{t}"))
    }
}

/// Der Prüfer muss mit Exit-Code 1 enden und beim Schritt `schritt` ein ✗
/// mit `grund` im Text zeigen.
fn faellt_durch(nr: &str, befehl: &str, schritt: &str, grund: &str) -> Result<(), String> {
    let o = pruefer(&[nr, "--befehl", befehl]);
    let t = text(&o);
    if o.status.code() != Some(1) {
        return Err(format!("{befehl} sollte Aufgabe {nr} nicht bestehen:\n{t}"));
    }
    let zeile = t
        .lines()
        .find(|z| z.starts_with(&format!("✗ {schritt}:")))
        .ok_or_else(|| format!("Kein ✗ bei „{schritt}“ für {befehl}:\n{t}"))?;
    if !zeile.contains(grund) {
        return Err(format!(
            "Das ✗ bei „{schritt}“ nennt nicht „{grund}“:\n{zeile}"
        ));
    }
    Ok(())
}

/// Alles, was die Definition einer Aufgabe verspricht; liefert die Fehler.
fn pruefe_aufgabe(a: &Value) -> Vec<String> {
    let nr = s(&a["nummer"]);
    let mut fehler = Vec::new();
    for l in a["loesungen"].as_array().into_iter().flatten() {
        let name = s(&l["name"]);
        let befehl = if l["sprache"] == "rust" {
            pfad(name)
        } else {
            let py = python().expect("Für die Python-Lösungen wird python3 gebraucht");
            let datei = wurzel().join("loesungen").join(name);
            format!("{py} \"{}\"", datei.display())
        };
        if let Err(e) = besteht(nr, &befehl) {
            fehler.push(e);
        }
    }

    // Der Starter enthält todo!(): Er scheitert, und der Grund sagt warum.
    let o = pruefer(&[nr, "--befehl", &pfad(s(&a["starter"]))]);
    let t = text(&o);
    if o.status.code() != Some(1) || !t.contains("Platzhalter") {
        fehler.push(format!(
            "Aufgabe {nr}: Der Starter besteht oder nennt den Platzhalter nicht:\n{t}"
        ));
    }
    if let (Some(datei), Some(py)) = (a["python_starter"].as_str(), python()) {
        let befehl = format!("{py} \"{}\"", wurzel().join("python").join(datei).display());
        let o = pruefer(&[nr, "--befehl", &befehl]);
        if o.status.code() != Some(1) {
            fehler.push(format!(
                "Aufgabe {nr}: Der Python-Starter besteht?\n{}",
                text(&o)
            ));
        }
    }

    for v in a["varianten"].as_array().into_iter().flatten() {
        if let Err(e) = faellt_durch(nr, &pfad(s(&v["name"])), s(&v["schritt"]), s(&v["grund"])) {
            fehler.push(e);
        }
    }
    fehler
}

/// Jede Aufgabe aus den Definitionen, zwei zugleich (so viele wie Kerne).
#[test]
fn jede_aufgabe_loesung_besteht_starter_und_varianten_fallen_durch() {
    let nur: Option<Vec<String>> = std::env::var("PRUEFEN_NUR")
        .ok()
        .map(|n| n.split(',').map(|x| x.trim().to_string()).collect());
    let warteschlange: Mutex<Vec<&Value>> = Mutex::new(
        aufgaben()
            .iter()
            .filter(|a| {
                nur.as_ref()
                    .is_none_or(|n| n.iter().any(|x| x == s(&a["nummer"])))
            })
            .rev()
            .collect(),
    );
    programme();
    let fehler: Mutex<Vec<String>> = Mutex::new(Vec::new());
    thread::scope(|t| {
        for _ in 0..2 {
            t.spawn(|| {
                loop {
                    let naechste = warteschlange
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .pop();
                    let Some(a) = naechste else { break };
                    let f = pruefe_aufgabe(a);
                    fehler.lock().unwrap_or_else(|e| e.into_inner()).extend(f);
                }
            });
        }
    });
    let fehler = fehler.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(fehler.is_empty(), "{}", fehler.join("\n\n"));
}

/// Cargo.toml, loesungen/, examples/aufgabe_*, python/aufgabe_*, die
/// Aufgabenseiten und SUMMARY.md passen zu den Definitionen.
#[test]
fn selbstpruefung_dateien_und_buch_passen_zu_den_definitionen() {
    let o = pruefer(&["--selbstpruefung"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn liste_nennt_alle_aufgaben() {
    let o = pruefer(&["--liste"]);
    assert!(o.status.success());
    let t = text(&o);
    for a in aufgaben() {
        let (nr, kurz) = (s(&a["nummer"]), s(&a["kurz"]));
        assert!(
            t.contains(&format!("{nr}  {kurz}")),
            "{nr} {kurz} fehlt:\n{t}"
        );
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
    for a in aufgaben() {
        let (nr, kurz) = (s(&a["nummer"]), s(&a["kurz"]));
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

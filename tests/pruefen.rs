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
    pruefer_mit(args, &[])
}

/// Abgaben (`--schueler`) baut der Prüfer in einem eigenen Zielordner; beim
/// ersten Mal samt allen Abhängigkeiten. Das darf dauern.
const BAUFRIST: Duration = Duration::from_secs(900);

/// Wie `pruefer`, mit zusätzlichen Umgebungsvariablen.
fn pruefer_mit(args: &[&str], env: &[(&str, &str)]) -> Output {
    pruefer_frist(args, env, GESAMTFRIST)
}

/// Wie `pruefer_mit`, mit eigener Gesamtfrist.
fn pruefer_frist(args: &[&str], env: &[(&str, &str)], frist: Duration) -> Output {
    let mut befehl = Command::new(&definitionen().0);
    befehl.current_dir(wurzel()).args(args);
    for (k, v) in env {
        befehl.env(k, v);
    }
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(befehl.output());
    });
    rx.recv_timeout(frist)
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

/// Der echte Python-Interpreter (nicht ein Shim wie pyenv, der jeden Start
/// unter Last um Sekunden verlängert).
fn python() -> Option<&'static str> {
    static P: OnceLock<Option<String>> = OnceLock::new();
    P.get_or_init(|| {
        ["python3", "python"].into_iter().find_map(|p| {
            let o = Command::new(p)
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .ok()?;
            let pfad = String::from_utf8_lossy(&o.stdout).trim().to_string();
            (o.status.success() && !pfad.is_empty()).then_some(pfad)
        })
    })
    .as_deref()
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

/// Jede Aufgabe aus den Definitionen, mehrere zugleich (halb so viele wie Kerne).
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
    // Die anderen Tests laufen daneben: ein Prüflauf je zwei Kerne, damit
    // Fristen auch mit zwei CPU-Fressern daneben halten.
    let arbeiter = thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
    thread::scope(|t| {
        for _ in 0..arbeiter {
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

fn definition(nr: &str) -> &'static Value {
    aufgaben()
        .iter()
        .find(|a| s(&a["nummer"]) == nr)
        .unwrap_or_else(|| panic!("Aufgabe {nr} fehlt"))
}

/// Alle Punkte einer Aufgabe laut Definition.
fn punkte_von(nr: &str) -> u64 {
    definition(nr)["schritte"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["punkte"].as_u64())
        .sum()
}

fn punkte_von_schritt(nr: &str, schritt: &str) -> u64 {
    definition(nr)["schritte"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|x| x["name"] == schritt)
        .and_then(|x| x["punkte"].as_u64())
        .unwrap_or_else(|| panic!("Schritt {schritt} fehlt"))
}

/// Ein eigener Ordner für einen Test, der beim Drop verschwindet.
struct Ordner(PathBuf);

impl Ordner {
    fn neu(name: &str) -> Ordner {
        let p = std::env::temp_dir().join(format!("pruefen-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("Testordner anlegen");
        Ordner(p)
    }

    fn datei(&self, name: &str, inhalt: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, inhalt).unwrap();
        p
    }
}

impl Drop for Ordner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Ist die Datei wohlgeformtes XML? Geprüft mit Pythons minidom.
fn xml_ist_wohlgeformt(datei: &std::path::Path) -> Result<(), String> {
    let py = python().expect("Für diesen Test wird python3 gebraucht");
    let o = Command::new(py)
        .args([
            "-c",
            "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])",
        ])
        .arg(datei)
        .output()
        .expect("python3 starten");
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

/// Prozesse, deren Kommandozeile `marke` enthält (Linux: aus /proc).
#[cfg(target_os = "linux")]
fn prozesse_mit(marke: &str) -> Vec<String> {
    let mut treffer = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(cmd) = std::fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if cmd.contains(marke) {
            treffer.push(format!("{}: {cmd}", e.file_name().to_string_lossy()));
        }
    }
    treffer
}

/// Wartet höchstens 5 s, bis kein Prozess mit `marke` mehr läuft.
#[cfg(target_os = "linux")]
fn keiner_mehr_da(marke: &str) -> Vec<String> {
    let ende = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let rest = prozesse_mit(marke);
        if rest.is_empty() || std::time::Instant::now() > ende {
            return rest;
        }
        // Das Ende fremder Prozesse meldet kein Ereignis; kurz nachsehen.
        thread::sleep(Duration::from_millis(20));
    }
}

/// Ein Programm, das forkt (wie `bash start.sh` in einem LMS), hinterlässt
/// nach der Prüfung keinen Prozess – weder nach einem ✓ noch nach einem ✗.
#[cfg(target_os = "linux")]
#[test]
fn kein_prozess_ueberlebt_die_pruefung() {
    let marke = format!("299.{}1", std::process::id());
    let loesung = pfad("loesung_01_portansage");
    let befehl = format!("bash -c 'sleep {marke} & exec {loesung} \"$@\"' x");
    besteht("01", &befehl).unwrap();
    let rest = keiner_mehr_da(&marke);
    assert!(rest.is_empty(), "Nach ✓ laufen noch: {rest:?}");

    // Ein Python-Programm, das forkt und dessen Kind weiterläuft.
    let py = python().expect("python3");
    let ordner = Ordner::neu("fork");
    let skript = ordner.datei(
        "gabel.py",
        format!(
            "import os, time\nif os.fork() == 0:\n    os.execvp('sleep', ['sleep', '{marke}'])\n\
             print('Server lauscht auf 127.0.0.1:9', flush=True)\ntime.sleep(300)\n"
        )
        .as_bytes(),
    );
    let o = pruefer(&["01", "--befehl", &format!("{py} {}", skript.display())]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let rest = keiner_mehr_da(&marke);
    assert!(rest.is_empty(), "Nach ✗ laufen noch: {rest:?}");
}

/// Wird der Prüfer selbst beendet (SIGTERM, SIGINT), beendet er vorher die
/// Prozessgruppe des geprüften Programms.
#[cfg(target_os = "linux")]
#[test]
fn abgebrochener_pruefer_hinterlaesst_nichts() {
    for signal in ["TERM", "INT"] {
        let marke = format!("298.{}{}", std::process::id(), signal.len());
        let befehl = format!("bash -c 'sleep {marke} & sleep {marke}'");
        let mut kind = Command::new(&definitionen().0)
            .args(["01", "--befehl", &befehl])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ende = std::time::Instant::now() + Duration::from_secs(10);
        while prozesse_mit(&marke).len() < 2 {
            assert!(std::time::Instant::now() < ende, "Programm startet nicht");
            thread::sleep(Duration::from_millis(20));
        }
        let s = Command::new("kill")
            .args([&format!("-{signal}"), &kind.id().to_string()])
            .status()
            .unwrap();
        assert!(s.success());
        let status = kind.wait().unwrap();
        assert!(!status.success());
        let rest = keiner_mehr_da(&marke);
        assert!(rest.is_empty(), "Nach SIG{signal} laufen noch: {rest:?}");
    }
}

/// Stirbt der Prüfer durch SIGKILL (kein Handler möglich), beendet der
/// Kernel das geprüfte Programm (Linux: Todessignal).
#[cfg(target_os = "linux")]
#[test]
fn getoeteter_pruefer_hinterlaesst_kein_kind() {
    let marke = format!("297.{}", std::process::id());
    let mut kind = Command::new(&definitionen().0)
        .args(["01", "--befehl", &format!("sleep {marke}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ende = std::time::Instant::now() + Duration::from_secs(10);
    while prozesse_mit(&format!("sleep {marke}")).is_empty() {
        assert!(std::time::Instant::now() < ende, "Programm startet nicht");
        thread::sleep(Duration::from_millis(20));
    }
    kind.kill().unwrap();
    kind.wait().unwrap();
    let rest = keiner_mehr_da(&format!("sleep {marke}"));
    assert!(rest.is_empty(), "Nach SIGKILL laufen noch: {rest:?}");
}

/// Das Zeitbudget der Aufgabe begrenzt den ganzen Lauf, auch wenn jeder
/// Schritt bis zu seiner eigenen Frist wartet.
#[test]
fn zeitbudget_begrenzt_den_lauf() {
    let start = std::time::Instant::now();
    let o = pruefer(&[
        "03",
        "--befehl",
        "bash -c 'sleep 60'",
        "--frist-ms",
        "1000",
        "--budget-s",
        "3",
    ]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("Zeitbudget von 3 s"), "{t}");
    assert!(start.elapsed() < Duration::from_secs(30), "{t}");
}

/// Eine Ausgabeflut (ohne Zeilenende, oder Zeile um Zeile) lässt den
/// Speicher des Prüfers nicht wachsen: höchstens 100 MB, gemessen in
/// /proc/PID/status (VmRSS), und ein ✗, das die Flut nennt.
#[cfg(target_os = "linux")]
#[test]
fn ausgabeflut_bleibt_begrenzt() {
    let loesung = pfad("loesung_01_portansage");
    let fluten = [
        "cat /dev/zero".to_string(),
        // Erst eine gültige erste Zeile, dann Zeilen ohne Ende.
        format!("bash -c '{loesung} \"$@\" | {{ IFS= read -r z; echo \"$z\"; exec yes; }}' x"),
        "bash -c 'cat /dev/zero >&2'".to_string(),
    ];
    for flut in &fluten {
        let mut kind = Command::new(&definitionen().0)
            .args(["01", "--befehl", flut])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let status = format!("/proc/{}/status", kind.id());
        let mut hoechst = 0u64;
        let ende = std::time::Instant::now() + GESAMTFRIST;
        while kind.try_wait().unwrap().is_none() {
            assert!(
                std::time::Instant::now() < ende,
                "Der Prüfer hängt bei {flut}"
            );
            if let Ok(s) = std::fs::read_to_string(&status)
                && let Some(kb) = s
                    .lines()
                    .find_map(|z| z.strip_prefix("VmRSS:"))
                    .and_then(|z| z.split_whitespace().next())
                    .and_then(|z| z.parse::<u64>().ok())
            {
                hoechst = hoechst.max(kb);
            }
            // Speicher messen heißt nachsehen; ein Ereignis dafür gibt es nicht.
            thread::sleep(Duration::from_millis(10));
        }
        let o = kind.wait_with_output().unwrap();
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{flut}:\n{t}");
        assert!(hoechst < 100_000, "{flut}: VmRSS bis {hoechst} kB");
        if !flut.contains(">&2") {
            assert!(t.contains("MiB"), "{flut}: kein ✗ zur Flut:\n{t}");
        }
    }
}

/// `pruefen … | head`: Ist stdout zu, endet der Prüfer ohne Panik.
#[test]
fn geschlossene_ausgabe_ohne_panik() {
    for args in [
        vec!["--liste"],
        vec!["01", "--befehl", "false"],
        vec!["--definitionen"],
    ] {
        let mut kind = Command::new(&definitionen().0)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(kind.stdout.take());
        let o = kind.wait_with_output().unwrap();
        let fehler = String::from_utf8_lossy(&o.stderr);
        assert!(!fehler.contains("panicked"), "{args:?}: {fehler}");
        assert_ne!(o.status.code(), Some(101), "{args:?}");
    }
}

/// Ein Python-Server ohne flush fällt durch, auch wenn der Aufrufer
/// PYTHONUNBUFFERED setzt, und der Tipp spricht Python. Der Grund steht
/// einmal ausführlich, danach nur ein Verweis.
#[test]
fn python_ohne_flush_faellt_durch() {
    let py = python().expect("python3");
    let ordner = Ordner::neu("flush");
    let skript = ordner.datei(
        "server.py",
        b"import socket, sys\ns = socket.create_server(('127.0.0.1', 0))\n\
          print('Server lauscht auf %s:%d' % s.getsockname())\nwhile True:\n    \
          c, a = s.accept()\n    c.sendall(('Du kommst von %s:%d\\n' % a).encode())\n    c.close()\n",
    );
    let befehl = format!("{py} {}", skript.display());
    let o = pruefer_mit(
        &["01", "--befehl", &befehl, "--frist-ms", "1000"],
        &[("PYTHONUNBUFFERED", "1")],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("flush=True"), "{t}");
    assert!(!t.contains("println!"), "Rust-Tipp für Python:\n{t}");
    assert_eq!(t.matches("flush=True").count(), 1, "Grund wiederholt:\n{t}");
    assert!(t.contains("wie schon bei"), "{t}");
}

/// Port 0 und eine Adresse, an die nichts gebunden ist, erkennt der Prüfer.
#[test]
fn erste_zeile_mit_port_0_oder_ausgedachter_adresse() {
    let o = pruefer(&[
        "01",
        "--befehl",
        "bash -c 'echo Server lauscht auf 127.0.0.1:0; sleep 10'",
    ]);
    assert!(text(&o).contains("Port 0"), "{}", text(&o));
    if cfg!(target_os = "linux") {
        // Ein Port, den gerade niemand belegt.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let befehl = format!("bash -c 'echo Server lauscht auf 127.0.0.1:{port}; sleep 10'");
        let o = pruefer(&["01", "--befehl", &befehl]);
        assert!(text(&o).contains("kein Socket gebunden"), "{}", text(&o));
    }
}

/// Ungültige Bytes erscheinen als \xNN, nicht als �.
#[test]
fn ungueltige_bytes_als_hex() {
    let py = python().expect("python3");
    let ordner = Ordner::neu("bytes");
    let skript = ordner.datei(
        "echo.py",
        b"import socket\ns = socket.create_server(('127.0.0.1', 0))\n\
          print('Server lauscht auf %s:%d' % s.getsockname(), flush=True)\nwhile True:\n    \
          c, a = s.accept()\n    c.recv(100)\n    c.sendall(b'Echo: Hall\\xf6\\n')\n    c.close()\n",
    );
    let o = pruefer(&["03", "--befehl", &format!("{py} {}", skript.display())]);
    let t = text(&o);
    assert!(t.contains("Hall\\xf6"), "{t}");
}

/// JUnit einer bestandenen, einer gescheiterten (mit U+FFFE und
/// Steuerzeichen auf stderr) und einer nicht übersetzbaren Abgabe ist
/// wohlgeformtes XML; die Übersetzung scheitert mit Exit-Code 1 und einem
/// Testfall „Übersetzen“.
#[test]
fn junit_bestanden_gescheitert_unuebersetzbar() {
    let ordner = Ordner::neu("junit");
    let xml = ordner.0.join("ergebnis.xml");
    let xml_s = xml.to_str().unwrap();

    let o = pruefer(&[
        "01",
        "--befehl",
        &pfad("loesung_01_portansage"),
        "--format",
        "junit",
        "--ausgabe",
        xml_s,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    xml_ist_wohlgeformt(&xml).unwrap();

    let py = python().expect("python3");
    let skript = ordner.datei(
        "kaputt.py",
        "import sys\nsys.stderr.write('b\u{fffe}se \x01\x1b[2J <&> \u{ffff}\\n')\nsys.stderr.flush()\n\
         raise SystemExit(3)\n"
            .as_bytes(),
    );
    let o = pruefer(&[
        "01",
        "--befehl",
        &format!("{py} {}", skript.display()),
        "--format",
        "junit",
        "--ausgabe",
        xml_s,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    xml_ist_wohlgeformt(&xml).unwrap();
    let inhalt = std::fs::read_to_string(&xml).unwrap();
    assert!(inhalt.contains("<system-err>"), "{inhalt}");
    assert!(inhalt.contains("&lt;&amp;&gt;"), "{inhalt}");

    let abgabe = Ordner::neu("junit-abgabe");
    abgabe.datei(
        "examples/aufgabe_01_portansage.rs",
        b"fn main() { let x: u32 = \"kein u32\"; }\n",
    );
    let o = pruefer_frist(
        &[
            "01",
            "--schueler",
            abgabe.0.to_str().unwrap(),
            "--format",
            "junit",
            "--ausgabe",
            xml_s,
        ],
        &[],
        BAUFRIST,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    xml_ist_wohlgeformt(&xml).unwrap();
    let inhalt = std::fs::read_to_string(&xml).unwrap();
    assert!(inhalt.contains("name=\"Übersetzen\""), "{inhalt}");
    assert!(inhalt.contains("mismatched types"), "{inhalt}");
}

/// `--schueler`: Die Abgabe (Ordner oder ZIP) wird mit dem Projekt der
/// Lehrkraft gebaut und geprüft; `--punkte` und `--format vpl` zeigen Punkte.
#[test]
fn schueler_abgabe_mit_punkten_und_vpl() {
    let abgabe = Ordner::neu("abgabe");
    // Die eigene Cargo.toml und der eigene Prüfer der Abgabe zählen nicht.
    abgabe.datei("Cargo.toml", b"das ist kein TOML");
    abgabe.datei(
        "src/bin/pruefen/main.rs",
        b"fn main() { println!(\"alle bestanden\"); }",
    );
    let loesung = std::fs::read(wurzel().join("loesungen/loesung_01_portansage.rs")).unwrap();
    abgabe.datei("examples/aufgabe_01_portansage.rs", &loesung);
    let o = pruefer_frist(
        &["01", "--schueler", abgabe.0.to_str().unwrap(), "--punkte"],
        &[],
        BAUFRIST,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let gesamt = punkte_von("01");
    assert!(t.contains(&format!("Punkte: {gesamt} von {gesamt}")), "{t}");

    // Python in einer ZIP-Datei; der unveränderte Rust-Starter liegt daneben.
    let py = python().expect("python3");
    let zip = abgabe.0.join("abgabe.zip");
    let s = Command::new(py)
        .args([
            "-c",
            "import sys, zipfile\n\
             z = zipfile.ZipFile(sys.argv[1], 'w')\n\
             z.write(sys.argv[2], 'mein-projekt/python/aufgabe_03_echo.py')\n\
             z.write(sys.argv[3], 'mein-projekt/examples/aufgabe_03_echo.rs')\n\
             z.close()",
        ])
        .arg(&zip)
        .arg(wurzel().join("loesungen/loesung_03_echo.py"))
        .arg(wurzel().join("examples/aufgabe_03_echo.rs"))
        .status()
        .unwrap();
    assert!(s.success());
    let o = pruefer(&[
        "03",
        "--schueler",
        zip.to_str().unwrap(),
        "--format",
        "vpl",
        "--hoechstnote",
        "10",
    ]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("Grade :=>> 10.00"), "{t}");
    assert!(t.lines().any(|z| z.starts_with("Comment :=>>✓ ")), "{t}");

    // Ein falscher Schritt kostet seine Punkte.
    let falsch =
        std::fs::read(wurzel().join("loesungen/falsch_01_alle_schnittstellen.rs")).unwrap();
    abgabe.datei("examples/aufgabe_01_portansage.rs", &falsch);
    let o = pruefer_frist(
        &[
            "01",
            "--schueler",
            abgabe.0.to_str().unwrap(),
            "--format",
            "vpl",
        ],
        &[],
        BAUFRIST,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    // Die Note ist die Summe der bestandenen Schritte, weniger als alle.
    let erreicht: u64 = t
        .lines()
        .filter(|z| z.starts_with("Comment :=>>✓ "))
        .map(|z| {
            let name = z["Comment :=>>✓ ".len()..].split(" [").next().unwrap();
            punkte_von_schritt("01", name)
        })
        .sum();
    assert!(erreicht < punkte_von("01"), "{t}");
    assert!(t.contains(&format!("Grade :=>> {erreicht}.00")), "{t}");
    assert!(t.contains("Comment :=>>✗ Lauscht nur auf Loopback"), "{t}");
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
    let schritte = definition("02")["schritte"].as_array().map_or(0, Vec::len);
    assert!(xml.contains(&format!(
        "<testsuite name=\"aufgabe_02_bestaetigung\" tests=\"{schritte}\" failures=\""
    )));
    assert!(!xml.contains("failures=\"0\""), "{xml}");
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
             \x20   if n.endswith('.md') or '/aufgaben/a' in n: print(z.read(n).decode())",
        ])
        .arg(&zip)
        .output()
        .expect("python3 starten");
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
        !inhalt.contains("Erwartungshorizont"),
        "Erwartungshorizont im Paket"
    );
    // Jedes Beispiel, das eine Seite nennt, liegt im Paket.
    for wort in inhalt.split(|c: char| c.is_whitespace() || c == '`') {
        if let Some(name) = wort
            .strip_prefix("examples/")
            .and_then(|w| w.strip_suffix(".rs"))
            && !name.contains("NN")
        {
            let pfad = format!("socket-aufgaben/examples/{name}.rs");
            assert!(dateien.contains(&pfad.as_str()), "{pfad} fehlt im Paket");
        }
    }
    assert!(!inhalt.contains("](../"), "Link aus dem Paket hinaus");

    // Das Paket baut ohne Netz (die Abhängigkeiten liegen nach einem
    // `cargo fetch` im Cache; hier hat sie das Buch schon geholt).
    let ordner = Ordner::neu("paket");
    let s = Command::new("unzip")
        .arg("-q")
        .arg(&zip)
        .arg("-d")
        .arg(&ordner.0)
        .status()
        .expect("unzip starten");
    let _ = std::fs::remove_file(&zip);
    assert!(s.success());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(cargo)
        .current_dir(ordner.0.join("socket-aufgaben"))
        .args([
            "check",
            "--offline",
            "--quiet",
            "--bin",
            "pruefen",
            "--examples",
        ])
        .env(
            "CARGO_TARGET_DIR",
            wurzel().join("target/aufgabenpaket-test"),
        )
        .output()
        .expect("cargo starten");
    assert!(
        o.status.success(),
        "Das Paket baut nicht ohne Netz:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

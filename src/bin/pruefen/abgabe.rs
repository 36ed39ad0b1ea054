//! Was geprüft wird: ein Beispiel dieses Projekts oder die Abgabe einer
//! Schülerin (`--schueler PFAD`, ein Ordner oder eine ZIP-Datei).
//!
//! Eine Abgabe wird nie mit ihrer eigenen Cargo.toml, ihrem eigenen Prüfer
//! oder einer build.rs gebaut: Der Prüfer nimmt nur die eine Quelldatei der
//! Aufgabe heraus und baut sie in einem frischen Paket mit den Abhängigkeiten
//! und der Cargo.lock der Lehrkraft.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

use crate::aufgaben::Aufgabe;
use crate::werkzeug::Programm;

/// Höchstens so viel Compiler-Ausgabe kommt in den Bericht.
const COMPILER_MAX: usize = 16 * 1024;

/// Warum es nichts zu prüfen gibt.
pub enum Hindernis {
    /// Falscher Aufruf (Exit-Code 2).
    Aufruf(String),
    /// Die Abgabe lässt sich nicht übersetzen oder fehlt: ein ✗ „Übersetzen“.
    Uebersetzen(String),
}

/// Schreibt auf stderr; ist stderr geschlossen, schweigt der Prüfer.
pub fn melde(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Der echte Python-Interpreter hinter `python3` bzw. `python`. Hinter dem
/// Namen steckt oft ein Shim (pyenv, asdf), der bei jedem Start erst ein
/// Skript ausführt; unter Last kostet das Sekunden, die der Prüfer sonst dem
/// Programm anlastet.
pub fn python_pfad(name: &str) -> PathBuf {
    static PFADE: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut pfade = PFADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = pfade.iter().find(|(n, _)| n == name) {
        return p.clone();
    }
    let pfad = Command::new(name)
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|p| !p.is_empty() && Path::new(p).is_file())
        .map_or_else(|| PathBuf::from(name), PathBuf::from);
    pfade.push((name.to_string(), pfad.clone()));
    pfad
}

/// Die Wurzel des Projekts der Lehrkraft (dort liegt Cargo.toml).
pub fn wurzel() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Baut `cargo build --example NAME` und liefert den Pfad des Programms aus
/// Cargos JSON-Meldungen (so stimmt er auch mit `CARGO_TARGET_DIR`).
/// Scheitert der Compiler, steht seine Meldung im Hindernis.
pub fn baue_beispiel(
    name: &str,
    manifest: Option<&Path>,
    ziel: Option<&Path>,
) -> Result<Programm, Hindernis> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    melde(&format!("Baue {name} …\n"));
    let mut befehl = Command::new(cargo);
    befehl.args([
        "build",
        "--quiet",
        "--example",
        name,
        "--message-format=json-render-diagnostics",
    ]);
    if let Some(m) = manifest {
        befehl.arg("--manifest-path").arg(m);
    }
    if let Some(z) = ziel {
        // Abgaben werden je einmal gebaut: kein inkrementeller Zwischenstand.
        befehl
            .env("CARGO_TARGET_DIR", z)
            .env("CARGO_INCREMENTAL", "0");
    }
    let mut kind = befehl
        .env("CARGO_TERM_COLOR", "never")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Hindernis::Aufruf(format!("cargo lässt sich nicht starten: {e}")))?;
    // Die Meldungen des Compilers: weiter auf stderr und gekürzt für den Bericht.
    let stderr = kind.stderr.take();
    let meldungen = thread::spawn(move || {
        let mut gesammelt = Vec::new();
        if let Some(mut s) = stderr {
            let mut puffer = [0u8; 4096];
            while let Ok(n) = s.read(&mut puffer) {
                if n == 0 {
                    break;
                }
                melde(&String::from_utf8_lossy(&puffer[..n]));
                if gesammelt.len() < COMPILER_MAX {
                    gesammelt.extend_from_slice(&puffer[..n]);
                }
            }
        }
        String::from_utf8_lossy(&gesammelt).into_owned()
    });
    let mut pfad = None;
    if let Some(out) = kind.stdout.take() {
        for zeile in BufReader::new(out).lines().map_while(Result::ok) {
            let Ok(meldung) = serde_json::from_str::<serde_json::Value>(&zeile) else {
                continue;
            };
            if meldung["reason"] == "compiler-artifact"
                && meldung["target"]["name"] == name
                && let Some(p) = meldung["executable"].as_str()
            {
                pfad = Some(PathBuf::from(p));
            }
        }
    }
    let status = kind
        .wait()
        .map_err(|e| Hindernis::Aufruf(format!("cargo: {e}")))?;
    let meldungen = meldungen.join().unwrap_or_default();
    if !status.success() {
        if meldungen.contains("no example target named") {
            return Err(Hindernis::Aufruf(format!(
                "Ein Beispiel {name} gibt es nicht."
            )));
        }
        return Err(Hindernis::Uebersetzen(format!(
            "{name} lässt sich nicht übersetzen. Erst wenn `cargo build --example {name}` klappt, \
             kann geprüft werden. Der Compiler meldet: {}",
            meldungen.trim()
        )));
    }
    let befehl = pfad.ok_or_else(|| {
        Hindernis::Aufruf(format!("cargo hat kein Programm für {name} gemeldet."))
    })?;
    Ok(Programm {
        befehl,
        vor_args: Vec::new(),
    })
}

/// Eine vorbereitete Abgabe: das Programm und ein Arbeitsordner, der am
/// Ende gelöscht wird.
pub struct Abgabe {
    pub programm: Programm,
    pub ordner: PathBuf,
}

impl Drop for Abgabe {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.ordner);
    }
}

/// Bereitet die Abgabe unter `pfad` (Ordner oder ZIP) für `aufgabe` vor.
pub fn schueler(aufgabe: &Aufgabe, pfad: &Path) -> Result<Abgabe, Hindernis> {
    if !pfad.exists() {
        return Err(Hindernis::Aufruf(format!(
            "Die Abgabe {} gibt es nicht.",
            pfad.display()
        )));
    }
    let ordner = std::env::temp_dir().join(format!(
        "pruefen-abgabe-{}-{}",
        std::process::id(),
        crate::werkzeug::zufall(1 << 40)
    ));
    std::fs::create_dir_all(&ordner)
        .map_err(|e| Hindernis::Aufruf(format!("Kann {} nicht anlegen: {e}", ordner.display())))?;
    // Ab hier räumt Drop den Ordner auf, auch bei einem Fehler.
    let mut abgabe = Abgabe {
        programm: Programm {
            befehl: PathBuf::new(),
            vor_args: Vec::new(),
        },
        ordner: ordner.clone(),
    };
    let quelle = if pfad.is_file() {
        let entpackt = ordner.join("entpackt");
        entpacke(pfad, &entpackt)?;
        entpackt
    } else {
        pfad.to_path_buf()
    };
    let rust_name = format!("{}.rs", aufgabe.starter);
    let rust = finde_datei(&quelle, &rust_name);
    // Python geht bei jeder Aufgabe, auch ohne Python-Starter.
    let python_name = aufgabe
        .python_starter
        .map_or_else(|| format!("{}.py", aufgabe.starter), str::to_string);
    let python = finde_datei(&quelle, &python_name);
    // Liegen beide Dateien in der Abgabe, zählt die bearbeitete; ist es keine
    // oder sind es beide, zählt Rust.
    let unveraendert =
        |datei: &Path, vorlage: PathBuf| std::fs::read(datei).ok() == std::fs::read(vorlage).ok();
    let rust_bearbeitet = rust
        .as_ref()
        .is_some_and(|d| !unveraendert(d, wurzel().join("examples").join(&rust_name)));
    let python_bearbeitet = python
        .as_ref()
        .is_some_and(|d| !unveraendert(d, wurzel().join("python").join(&python_name)));
    let nimm_python = match (&rust, &python) {
        (None, Some(_)) => true,
        (Some(_), Some(_)) => python_bearbeitet && !rust_bearbeitet,
        _ => false,
    };
    if let (true, Some(datei)) = (nimm_python, &python) {
        let py = python_pfad("python3");
        let ziel = ordner.join(&python_name);
        std::fs::copy(datei, &ziel).map_err(|e| {
            Hindernis::Aufruf(format!("Kann {} nicht kopieren: {e}", datei.display()))
        })?;
        abgabe.programm = Programm {
            befehl: py,
            vor_args: vec![ziel.display().to_string()],
        };
        return Ok(abgabe);
    }
    let Some(datei) = rust else {
        return Err(Hindernis::Uebersetzen(format!(
            "In der Abgabe fehlt die Datei {rust_name} (oder {python_name})."
        )));
    };
    abgabe.programm = baue_abgabe(aufgabe, &datei, &ordner)?;
    Ok(abgabe)
}

/// Größer darf eine Abgabe ausgepackt nicht sein (Schutz vor ZIP-Bomben).
const ZIP_MAX: u64 = 100 << 20;

/// Entpackt eine ZIP-Datei mit `unzip` oder, falls es fehlt, mit Python.
fn entpacke(zip: &Path, ziel: &Path) -> Result<(), Hindernis> {
    // `unzip -l` endet mit einer Zeile „SUMME n files“: erst nachsehen.
    if let Ok(liste) = Command::new("unzip").arg("-l").arg(zip).output()
        && liste.status.success()
    {
        let text = String::from_utf8_lossy(&liste.stdout);
        let summe = text
            .lines()
            .last()
            .and_then(|z| z.split_whitespace().next())
            .and_then(|z| z.parse::<u64>().ok())
            .unwrap_or(0);
        if summe > ZIP_MAX {
            return Err(Hindernis::Uebersetzen(format!(
                "Die Abgabe ist ausgepackt {} MiB groß, erlaubt sind {} MiB.",
                summe >> 20,
                ZIP_MAX >> 20
            )));
        }
    }
    let unzip = Command::new("unzip")
        .arg("-qq")
        .arg("-o")
        .arg(zip)
        .arg("-d")
        .arg(ziel)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if matches!(unzip, Ok(s) if s.success()) {
        return Ok(());
    }
    let python = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(zip)
        .arg(ziel)
        .status();
    match python {
        Ok(s) if s.success() => Ok(()),
        _ => Err(Hindernis::Aufruf(format!(
            "{} ist weder ein Ordner noch eine lesbare ZIP-Datei (entpackt wird mit unzip oder \
             python3).",
            zip.display()
        ))),
    }
}

/// Sucht eine Datei dieses Namens im Ordner (höchstens 8 Ebenen tief, ohne
/// `target/` und versteckte Ordner); `examples/` zuerst.
fn finde_datei(ordner: &Path, name: &str) -> Option<PathBuf> {
    let mut treffer = Vec::new();
    let mut stapel = vec![(ordner.to_path_buf(), 0)];
    let mut gesehen = 0;
    while let Some((dir, tiefe)) = stapel.pop() {
        let Ok(eintraege) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in eintraege.filter_map(Result::ok) {
            gesehen += 1;
            if gesehen > 20_000 {
                break;
            }
            let p = e.path();
            let n = e.file_name().to_string_lossy().into_owned();
            let Ok(art) = e.file_type() else { continue };
            if art.is_dir() && tiefe < 8 && !n.starts_with('.') && n != "target" {
                stapel.push((p, tiefe + 1));
            } else if art.is_file() && n == name {
                treffer.push(p);
            }
        }
    }
    treffer.sort_by_key(|p| {
        let in_beispielen = p
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "examples" || n == "python");
        (!in_beispielen, p.components().count())
    });
    treffer.into_iter().next()
}

/// Baut die eine Quelldatei in einem frischen Paket mit den Abhängigkeiten
/// und der Cargo.lock der Lehrkraft. Das Ziel-Verzeichnis teilen sich alle
/// Abgaben (die Abhängigkeiten werden einmal gebaut); der Name des Beispiels
/// ist je Abgabe eindeutig, damit sich parallele Läufe nicht überschreiben.
fn baue_abgabe(aufgabe: &Aufgabe, datei: &Path, ordner: &Path) -> Result<Programm, Hindernis> {
    let paket = ordner.join("paket");
    let fehler = |e: std::io::Error| Hindernis::Aufruf(format!("Abgabe vorbereiten: {e}"));
    std::fs::create_dir_all(paket.join("examples")).map_err(fehler)?;
    let name = format!(
        "{}_abgabe_{}",
        aufgabe.starter,
        ordner
            .file_name()
            .map(|n| n.to_string_lossy().replace('-', "_"))
            .unwrap_or_default()
    );
    std::fs::copy(datei, paket.join("examples").join(format!("{name}.rs"))).map_err(fehler)?;
    let cargo_toml = std::fs::read_to_string(wurzel().join("Cargo.toml")).map_err(fehler)?;
    let mut abhaengigkeiten = String::new();
    let mut an = false;
    for zeile in cargo_toml.lines() {
        if zeile.starts_with('[') {
            an = zeile.trim() == "[dependencies]";
        }
        if an {
            abhaengigkeiten.push_str(zeile);
            abhaengigkeiten.push('\n');
        }
    }
    let manifest = format!(
        "[package]\nname = \"abgabe\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = \
         false\nautoexamples = false\nautobins = false\nbuild = false\n\n[workspace]\n\n\
         {abhaengigkeiten}\n[[example]]\nname = \"{name}\"\npath = \"examples/{name}.rs\"\n\n\
         [profile.dev.package.\"*\"]\nopt-level = 1\n"
    );
    std::fs::write(paket.join("Cargo.toml"), manifest).map_err(fehler)?;
    let _ = std::fs::copy(wurzel().join("Cargo.lock"), paket.join("Cargo.lock"));
    let ziel = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| wurzel().join("target"))
        .join("pruefen-abgaben");
    let programm = baue_beispiel(&name, Some(&paket.join("Cargo.toml")), Some(&ziel))?;
    // Das gebaute Programm wandert in den Arbeitsordner: Ein paralleler Lauf
    // kann es dann nicht mehr ersetzen, und der Ordner räumt es mit weg.
    let kopie = ordner.join(&name);
    std::fs::copy(&programm.befehl, &kopie).map_err(fehler)?;
    if let Some(beispiele) = programm.befehl.parent()
        && let Ok(eintraege) = std::fs::read_dir(beispiele)
    {
        for e in eintraege.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(Programm {
        befehl: kopie,
        vor_args: Vec::new(),
    })
}

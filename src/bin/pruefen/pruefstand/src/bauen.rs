//! Programme mit Cargo bauen und das fertige Programm finden.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use super::Fehlerart;

/// Das Verzeichnis, in dem Cargo die Programme dieses Profils ablegt
/// (`target/debug`), abgeleitet aus dem Pfad eines Testprogramms
/// (`target/debug/deps/x-…`). So passt es auch zu `CARGO_TARGET_DIR`.
pub fn profilverzeichnis() -> Result<PathBuf, Fehlerart> {
    let exe = std::env::current_exe().map_err(|e| Fehlerart::System {
        was: "Pfad des laufenden Programms".into(),
        grund: e.to_string(),
    })?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| Fehlerart::System {
            was: "target/<profil>/deps".into(),
            grund: exe.display().to_string(),
        })
}

/// Baut `cargo build --quiet ZIEL…` im Verzeichnis `wurzel`, einmal je Ziel
/// und Lauf (im Release-Profil, wenn das Profilverzeichnis `release` heißt).
pub fn baue(wurzel: &Path, ziel: &[&str]) -> Result<(), Fehlerart> {
    static GEBAUT: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let gebaut = GEBAUT.get_or_init(Default::default);
    // Die Sperre bleibt während des Bauens gehalten: Cargo würde parallele
    // Aufrufe ohnehin nacheinander ausführen.
    let mut gebaut = gebaut.lock().unwrap_or_else(|e| e.into_inner());
    let schluessel = ziel.join(" ");
    if gebaut.contains(&schluessel) {
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut befehl = Command::new(cargo);
    befehl.arg("build").arg("--quiet").args(ziel);
    befehl.current_dir(wurzel);
    if profilverzeichnis()?
        .file_name()
        .is_some_and(|n| n == "release")
    {
        befehl.arg("--release");
    }
    let status = befehl.status().map_err(|e| Fehlerart::System {
        was: "cargo build starten".into(),
        grund: e.to_string(),
    })?;
    if !status.success() {
        return Err(Fehlerart::Bauen { ziel: schluessel });
    }
    gebaut.insert(schluessel);
    Ok(())
}

/// Der Pfad des Programms `name` in `verzeichnis` (unter Windows mit `.exe`);
/// ein Fehler, wenn es dort nicht liegt.
pub fn programm(verzeichnis: &Path, name: &str) -> Result<PathBuf, Fehlerart> {
    let mut pfad = verzeichnis.join(name);
    if cfg!(windows) {
        pfad.set_extension("exe");
    }
    if pfad.exists() {
        Ok(pfad)
    } else {
        Err(Fehlerart::ProgrammFehlt { pfad })
    }
}

/// Baut `cargo build --example NAME` und liefert den Pfad des Programms.
pub fn beispiel(wurzel: &Path, name: &str) -> Result<PathBuf, Fehlerart> {
    baue(wurzel, &["--example", name])?;
    programm(&profilverzeichnis()?.join("examples"), name)
}

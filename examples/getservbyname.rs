//! getservbyname: schlägt Dienste in der Dienstedatei des Systems nach, in
//! beide Richtungen – Name → Port wie Pythons `socket.getservbyname("http",
//! "tcp")` und Port → Name wie `socket.getservbyport(80, "tcp")`.
//!
//! Die Datei ist `/etc/services`, unter Windows
//! `%SystemRoot%\System32\drivers\etc\services`. Fehlt sie, nutzt das
//! Beispiel eine eingebaute Tabelle bekannter Ports und sagt das.
//!
//! Terminal 1: (kein Server nötig)
//! Terminal 2: cargo run --example getservbyname -- http tcp   (oder: --protokoll tcp)
//!
//! Andersherum: cargo run --example getservbyname -- 443
//! Andere Datei: cargo run --example getservbyname -- ssh --datei meine-services

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

const STANDARD_DIENST: &str = "http";
const AUFRUF: &str =
    "Aufruf: getservbyname [DIENST|PORT] [tcp|udp] [--protokoll tcp|udp] [--datei PFAD]

  DIENST|PORT  Name (etwa http) oder Portnummer (etwa 443); Standard: http
  tcp|udp      schränkt die Suche auf ein Protokoll ein, wie das zweite
               Argument von Pythons getservbyname(\"http\", \"tcp\")
  --datei      eine andere Dienstedatei statt der des Systems; -h, --help: Hilfe";

/// Ein Eintrag wie `http  80/tcp  www  # WorldWideWeb HTTP`.
struct Dienst {
    name: String,
    port: u16,
    protokoll: String,
    aliasse: Vec<String>,
}

/// Ein falsches Argument: Meldung und Hilfe auf stderr, Exit-Code 2.
fn falsches_argument(meldung: String) -> ! {
    eprintln!("Fehler: {meldung}\n\n{AUFRUF}");
    std::process::exit(2)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut positionen = Vec::new();
    let mut protokoll = None;
    let mut datei = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                zeile!("{AUFRUF}");
                return Ok(());
            }
            "--protokoll" => match args.next() {
                Some(p) => protokoll = Some(p),
                None => falsches_argument("--protokoll braucht tcp oder udp".into()),
            },
            "--datei" => match args.next() {
                Some(pfad) => datei = Some(PathBuf::from(pfad)),
                None => falsches_argument("--datei braucht einen Pfad".into()),
            },
            _ if arg.starts_with("--") => falsches_argument(format!("Unbekannter Schalter {arg}")),
            _ => positionen.push(arg),
        }
    }
    // ANCHOR: argumente
    // Wie getservbyname("http", "tcp"): das Protokoll als zweites Wort.
    let mut positionen = positionen.into_iter();
    let frage = positionen.next();
    match (positionen.next(), positionen.next()) {
        (_, Some(zuviel)) => falsches_argument(format!("Unerwartetes Argument {zuviel:?}")),
        (Some(_), None) if protokoll.is_some() => {
            falsches_argument("Das Protokoll steht doppelt da (Wort und --protokoll)".into())
        }
        (zweites, None) => protokoll = zweites.or(protokoll),
    }
    // ANCHOR_END: argumente
    if let Some(p) = &protokoll
        && p != "tcp"
        && p != "udp"
    {
        falsches_argument(format!(
            "Unbekanntes Protokoll {p:?}: erlaubt sind tcp und udp"
        ));
    }
    let frage = frage.unwrap_or_else(|| STANDARD_DIENST.to_string());
    if frage.bytes().all(|b| b.is_ascii_digit()) && frage.parse::<u16>().is_err() {
        falsches_argument(format!("{frage} ist kein Port: erlaubt sind 0 bis 65535"));
    }
    let datei = datei.unwrap_or_else(standard_datei);

    // ANCHOR: laden
    let dienste = match std::fs::read(&datei) {
        Ok(bytes) => {
            let dienste = lies_dienste(&bytes);
            zeile!("Dienstedatei: {}", datei.display());
            dienste
        }
        // Fehlt die Datei (etwa in einem schlanken Container), bleibt eine
        // kleine eingebaute Tabelle: besser eine Antwort mit Hinweis als keine.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let dienste = eingebaute_tabelle();
            zeile!(
                "Hinweis: {} fehlt. Ich nutze die eingebaute Tabelle mit {} bekannten Einträgen.",
                datei.display(),
                dienste.len()
            );
            dienste
        }
        Err(e) => {
            return Err(e).with_context(|| format!("Kann {} nicht lesen", datei.display()));
        }
    };
    // ANCHOR_END: laden

    // ANCHOR: fragen
    // Wie in Python: das Protokoll ist optional und schränkt die Suche ein.
    let mit_protokoll = protokoll
        .as_deref()
        .map(|p| format!(", {p:?}"))
        .unwrap_or_default();
    let schraeg = protokoll
        .as_deref()
        .map(|p| format!("/{p}"))
        .unwrap_or_default();
    let dienst = if let Ok(port) = frage.parse::<u16>() {
        let dienst = getservbyport(&dienste, port, protokoll.as_deref())
            .with_context(|| format!("Für Port {port}{schraeg} ist kein Dienst eingetragen"))?;
        zeile!("getservbyport({port}{mit_protokoll}) = {:?}", dienst.name);
        dienst
    } else {
        let dienst = getservbyname(&dienste, &frage, protokoll.as_deref()).with_context(|| {
            format!(
                "Den Dienst {frage}{schraeg} kennt die Dienstedatei nicht. \
                 Prüfe die Schreibweise"
            )
        })?;
        zeile!("getservbyname({frage:?}{mit_protokoll}) = {}", dienst.port);
        dienst
    };
    let aliasse = if dienst.aliasse.is_empty() {
        "keine".to_string()
    } else {
        dienst.aliasse.join(", ")
    };
    let (name, port, protokoll) = (&dienst.name, dienst.port, &dienst.protokoll);
    zeile!("  Eintrag: {name} {port}/{protokoll}, Aliasse: {aliasse}");
    // ANCHOR_END: fragen
    Ok(())
}

// ANCHOR: parsen
/// Liest Zeilen der Form `name port/protokoll [aliasse …] [# Kommentar]`.
/// Die Datei sollte ASCII sein; kaputte Bytes werden zu � statt zum Abbruch.
fn lies_dienste(bytes: &[u8]) -> Vec<Dienst> {
    let text = String::from_utf8_lossy(bytes);
    let mut dienste = Vec::new();
    for zeile in text.lines() {
        let ohne_kommentar = zeile.split('#').next().unwrap_or_default();
        let mut felder = ohne_kommentar.split_whitespace();
        let (Some(name), Some(port_protokoll)) = (felder.next(), felder.next()) else {
            continue; // Leer- oder Kommentarzeile
        };
        let Some((port, protokoll)) = port_protokoll.split_once('/') else {
            continue; // kaputte Zeile: überspringen wie die C-Bibliothek
        };
        let Ok(port) = port.parse() else { continue };
        dienste.push(Dienst {
            name: name.to_string(),
            port,
            protokoll: protokoll.to_string(),
            aliasse: felder.map(str::to_string).collect(),
        });
    }
    dienste
}
// ANCHOR_END: parsen

// ANCHOR: suchen
/// Name → Port. Ohne Protokoll gilt der erste passende Eintrag.
fn getservbyname<'a>(
    dienste: &'a [Dienst],
    name: &str,
    protokoll: Option<&str>,
) -> Option<&'a Dienst> {
    dienste.iter().find(|d| {
        (d.name == name || d.aliasse.iter().any(|a| a == name))
            && protokoll.is_none_or(|p| d.protokoll == p)
    })
}

/// Port → Name.
fn getservbyport<'a>(
    dienste: &'a [Dienst],
    port: u16,
    protokoll: Option<&str>,
) -> Option<&'a Dienst> {
    dienste
        .iter()
        .find(|d| d.port == port && protokoll.is_none_or(|p| d.protokoll == p))
}
// ANCHOR_END: suchen

/// Wo das System seine Dienstedatei hat.
fn standard_datei() -> PathBuf {
    if cfg!(windows) {
        let wurzel = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
        PathBuf::from(wurzel).join("System32\\drivers\\etc\\services")
    } else {
        PathBuf::from("/etc/services")
    }
}

/// Die bekanntesten Ports (IANA), falls die Dienstedatei fehlt.
fn eingebaute_tabelle() -> Vec<Dienst> {
    const TABELLE: &str = "
        ftp-data 20/tcp
        ftp 21/tcp
        ssh 22/tcp
        telnet 23/tcp
        smtp 25/tcp mail
        domain 53/tcp
        domain 53/udp
        http 80/tcp www
        pop3 110/tcp pop-3
        ntp 123/udp
        imap 143/tcp imap2
        snmp 161/udp
        https 443/tcp
        https 443/udp
        submission 587/tcp
        imaps 993/tcp
        pop3s 995/tcp
        http-alt 8080/tcp webcache
    ";
    lies_dienste(TABELLE.as_bytes())
}

//! Szenarien zum Kapitel „Fehler-Atlas“: `fehler NAME` ruft jeden Fehler auf
//! Loopback hervor. Die Mitschnitte im Buch stammen aus diesen Läufen; die
//! Codes und Meldungen sind die von Linux, daher vergleicht der Test sie nur dort.

mod common;

use common::{Prozess, Transkript};

/// (Name auf der Befehlszeile, Überschrift, ErrorKind, OS-Fehler unter Linux, Meldung unter Linux)
const FAELLE: [(&str, &str, &str, &str, &str); 10] = [
    (
        "refused",
        "ConnectionRefused",
        "ConnectionRefused",
        "111",
        "Connection refused (os error 111)",
    ),
    (
        "addrinuse",
        "AddrInUse",
        "AddrInUse",
        "98",
        "Address already in use (os error 98)",
    ),
    (
        "timeout",
        "TimedOut und WouldBlock",
        "WouldBlock",
        "11",
        "Resource temporarily unavailable (os error 11)",
    ),
    (
        "reset",
        "ConnectionReset",
        "ConnectionReset",
        "104",
        "Connection reset by peer (os error 104)",
    ),
    (
        "brokenpipe",
        "BrokenPipe",
        "BrokenPipe",
        "32",
        "Broken pipe (os error 32)",
    ),
    (
        "wouldblock",
        "WouldBlock",
        "WouldBlock",
        "11",
        "Resource temporarily unavailable (os error 11)",
    ),
    (
        "addrnotavailable",
        "AddrNotAvailable",
        "AddrNotAvailable",
        "99",
        "Cannot assign requested address (os error 99)",
    ),
    (
        "name",
        "Namensauflösung",
        "Uncategorized",
        "keiner",
        "failed to lookup address information: Name or service not known",
    ),
    (
        "eof",
        "UnexpectedEof",
        "UnexpectedEof",
        "keiner",
        "failed to fill whole buffer",
    ),
    (
        "utf8",
        "Ungültiges UTF-8",
        "InvalidData",
        "keiner",
        "stream did not contain valid UTF-8",
    ),
];

/// Der Wert hinter `Feld:` in der Ausgabe.
fn feld(zeilen: &[String], name: &str) -> String {
    let praefix = format!("{name}:");
    zeilen
        .iter()
        .find_map(|z| z.strip_prefix(&praefix))
        .unwrap_or_else(|| panic!("Feld {name} fehlt in {zeilen:#?}"))
        .trim()
        .to_string()
}

/// Jeder Fehler einzeln: Überschrift, Fehlerart, Code, Meldung – und der
/// Mitschnitt für seinen Abschnitt im Buch.
#[test]
fn jeder_fehler_laesst_sich_hervorrufen() {
    for (name, titel, art, code, meldung) in FAELLE {
        let mut p = Prozess::starte("fehler", &[name]);
        p.erfolgreich();
        let zeilen = p.alle_zeilen();
        assert_eq!(zeilen[0], format!("== {titel} =="));
        let erwartete_arten: &[&str] = match name {
            // Unter Windows meldet ein Lese-Timeout TimedOut.
            "timeout" => &["WouldBlock", "TimedOut"],
            // Die Fehlerart der Namensauflösung ist je Plattform verschieden.
            "name" => &[],
            _ => &[art],
        };
        let gefunden = feld(&zeilen, "ErrorKind");
        assert!(
            erwartete_arten.is_empty() || erwartete_arten.contains(&gefunden.as_str()),
            "{name}: {gefunden}"
        );
        if cfg!(target_os = "linux") {
            assert_eq!(feld(&zeilen, "ErrorKind"), art, "{name}");
            assert!(feld(&zeilen, "OS-Fehler").starts_with(code), "{name}");
            assert_eq!(feld(&zeilen, "Meldung"), meldung, "{name}");
            Transkript::neu()
                .terminal(
                    &format!("fehler_{name}"),
                    &format!("cargo run --example fehler -- {name}"),
                    &p,
                )
                .pruefe();
        }
    }
}

/// `fehler alle` zeigt alle zehn Abschnitte in der Reihenfolge des Atlas.
#[test]
fn alle_zeigt_alle_abschnitte() {
    let mut p = Prozess::starte("fehler", &["alle"]);
    p.erfolgreich();
    let titel: Vec<String> = p
        .alle_zeilen()
        .into_iter()
        .filter(|z| z.starts_with("== "))
        .collect();
    let erwartet: Vec<String> = FAELLE.iter().map(|f| format!("== {} ==", f.1)).collect();
    assert_eq!(titel, erwartet);
}

/// Jede Überschrift des Programms ist auch eine Überschrift im Atlas.
#[test]
fn das_buch_hat_einen_abschnitt_je_fehler() {
    let seite = std::fs::read_to_string(common::wurzel().join("book/fehler-atlas.md")).unwrap();
    for (name, titel, ..) in FAELLE {
        assert!(
            seite.lines().any(|z| z.starts_with(&format!("## {titel}"))),
            "Abschnitt „## {titel}“ fehlt im Atlas"
        );
        assert!(
            seite.contains(&format!("transkripte/fehler_{name}.txt")),
            "Der Mitschnitt fehler_{name}.txt fehlt im Atlas"
        );
    }
}

/// Ein falsches Argument ist ein Bedienfehler: deutsche Meldung, der Aufruf
/// und Exit-Code 2; `--help` zeigt den Aufruf und endet mit 0.
#[test]
fn befehlszeile_wird_erklaert() {
    for args in [&["gibtsnicht"][..], &[], &["refused", "reset"]] {
        let mut p = Prozess::starte("fehler", args);
        let status = p.warte_auf_ende();
        let text = p.terminal();
        assert_eq!(status.code(), Some(2), "{args:?}: {text}");
        assert!(text.starts_with("Fehler: "), "{args:?}: {text}");
        assert!(text.contains("refused, addrinuse"), "{args:?}: {text}");
        assert!(text.contains("\nAufruf: "), "{args:?}: {text}");
    }
    for hilfe in ["--help", "-h"] {
        let mut p = Prozess::starte("fehler", &[hilfe]);
        p.erfolgreich();
        assert!(p.terminal().starts_with("Aufruf: "), "{}", p.terminal());
    }
}

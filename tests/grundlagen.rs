//! Szenarien zu den Kapiteln „Einführung“ und „Das Client-Server-Modell“.

mod common;

use common::{Prozess, Transkript};

#[test]
fn adressen_ordnet_ports_ein() {
    let mut p = Prozess::starte("adressen", &[]);
    p.erfolgreich();
    let zeilen = p.alle_zeilen();
    assert_eq!(zeilen[0], "localhost wird aufgelöst zu:");
    assert!(zeilen.contains(&"  127.0.0.1".to_string()), "{zeilen:?}");
    let port_null = zeilen
        .iter()
        .find(|z| z.starts_with("Port 0 angefragt, bekommen: "))
        .expect("Zeile zu Port 0");
    let vergeben: u16 = port_null["Port 0 angefragt, bekommen: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(vergeben, 0);
    assert!(
        zeilen.contains(
            &"     22: System-Port (well-known), Binden braucht unter Linux Administratorrechte"
                .to_string()
        )
    );
    assert!(
        zeilen.contains(&"  50000: dynamischer Port, frei für alle und für Clients".to_string())
    );

    // Welchen Port das System vergibt, ändert sich bei jedem Lauf; das Buch
    // zeigt an dieser Stelle einen festen Port aus dem dynamischen Bereich.
    // Ob `localhost` zusätzlich zu ::1 aufgelöst wird, hängt von /etc/hosts ab
    // und wechselt sogar auf derselben Maschine; das Buch zeigt nur die
    // IPv4-Zeile und erklärt ::1 im Text.
    let text = p.terminal().replace("  ::1\n", "").replace(
        port_null.as_str(),
        "Port 0 angefragt, bekommen: 54321 (dynamischer Port, frei für alle und für Clients)",
    );
    Transkript::neu()
        .text(
            "adressen",
            &format!("$ cargo run --example adressen\n{text}"),
        )
        .pruefe();
}

#[test]
fn adressen_lehnt_unsinnige_ports_ab() {
    let mut p = Prozess::starte("adressen", &["70000"]);
    p.fehlgeschlagen();
    assert!(
        p.terminal()
            .contains("Fehler: \"70000\" ist kein Port (erlaubt: 0 bis 65535)")
    );
}

#[test]
fn freigeben_zeigt_belegt_und_wieder_frei() {
    let mut p = Prozess::starte("freigeben", &[]);
    p.erfolgreich();
    let zeilen = p.alle_zeilen();
    assert_eq!(zeilen.len(), 4, "{zeilen:?}");
    assert!(zeilen[1].contains(": belegt ("), "{zeilen:?}");
    assert!(zeilen[2].ends_with("ist wieder frei und neu gebunden"));
    Transkript::neu()
        .terminal("freigeben", "cargo run --example freigeben", &p)
        .pruefe();
}

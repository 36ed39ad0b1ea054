//! Szenarien zu Kapitel „Die Socket-Methoden im Überblick“: partial_write
//! zeigt, dass `write` weniger annehmen darf als verlangt, und `write_all`
//! alles schreibt.

mod common;

use common::{Prozess, Transkript};

/// Die Zahl hinter `vor` bis zum nächsten Leerzeichen.
fn zahl_nach(text: &str, vor: &str) -> usize {
    let rest = &text[text
        .find(vor)
        .unwrap_or_else(|| panic!("{vor:?} fehlt in:\n{text}"))
        + vor.len()..];
    let ziffern: String = rest.chars().take_while(char::is_ascii_digit).collect();
    ziffern.parse().unwrap()
}

#[test]
fn write_nimmt_weniger_an_write_all_alles() {
    let mut p = Prozess::starte("partial_write", &[]);
    p.erfolgreich();
    let text = p.terminal();
    let menge = 1024 * 1024;

    let puffer = zahl_nach(&text, "erhalten ");
    let erster = zahl_nach(&text, "Bytes) → ");
    let aufrufe = zahl_nach(&text, "nach ");
    let summe = zahl_nach(&text, "angenommen: ");
    let offen = zahl_nach(&text, "offen: ");
    assert!(erster > 0 && erster < menge, "{text}");
    assert!(summe >= erster && summe < menge, "{text}");
    assert_eq!(summe + offen, menge, "{text}");
    assert!(aufrufe >= 1);
    assert!(text.contains("WouldBlock, der Sendepuffer ist voll"));
    assert!(text.contains(&format!("  write_all({menge} Bytes) → fertig\n")));
    assert!(text.ends_with(&format!("die Gegenseite hat {menge} Bytes gelesen\n")));

    // Die Byte-Zahlen hängen von Kernel und Puffern ab: Im Buch stehen
    // Platzhalter, die Seite nennt die Werte dieses Laufs als Beispiel.
    Transkript::neu()
        .ersetze(
            format!("erhalten {puffer} Bytes"),
            "erhalten ⟨puffer⟩ Bytes",
        )
        .ersetze(
            format!("→ {erster} Bytes angenommen"),
            "→ ⟨n⟩ Bytes angenommen",
        )
        .ersetze(
            format!("nach {aufrufe} write-Aufrufen"),
            "nach ⟨k⟩ write-Aufrufen",
        )
        .ersetze(
            format!("angenommen: {summe} von"),
            "angenommen: ⟨summe⟩ von",
        )
        .ersetze(format!("offen: {offen} Bytes"), "offen: ⟨rest⟩ Bytes")
        .terminal("partial_write", "cargo run --example partial_write", &p)
        .pruefe();
}

#[test]
fn kleine_menge_passt_ganz_in_die_puffer() {
    let mut p = Prozess::starte("partial_write", &["100"]);
    p.erfolgreich();
    let text = p.terminal();
    assert!(text.contains("write(100 Bytes) → 100 Bytes angenommen\n"));
    assert!(text.contains("Alles passte in die Puffer."));
    assert!(text.ends_with("die Gegenseite hat 100 Bytes gelesen\n"));
}

#[test]
fn grosse_menge_kommt_vollstaendig_an() {
    let mut p = Prozess::starte("partial_write", &["8000000"]);
    p.erfolgreich();
    assert!(
        p.terminal()
            .ends_with("die Gegenseite hat 8000000 Bytes gelesen\n")
    );
}

#[test]
fn falsche_menge_wird_erklaert() {
    for falsch in ["abc", "0", "-5", "100000001"] {
        let mut p = Prozess::starte("partial_write", &[falsch]);
        p.fehlgeschlagen();
        assert!(
            p.terminal()
                .contains("erwartet eine Byte-Anzahl von 1 bis 100000000"),
            "{}",
            p.terminal()
        );
    }
}

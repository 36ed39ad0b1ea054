//! Szenarien zu Kapitel „Blockierend und nicht-blockierend“: die Vorführung
//! `nonblocking`, die Server und Clients in einem Prozess laufen lässt.

mod common;

use common::{Prozess, Transkript};

/// Die Zahl aus der Zeile `  -> WouldBlock nach N Bytes: …`.
fn bytes_bis_wouldblock(text: &str) -> usize {
    let zeile = text
        .lines()
        .find(|z| z.contains("-> WouldBlock nach "))
        .unwrap_or_else(|| panic!("keine WouldBlock-Zeile in:\n{text}"));
    let rest = &zeile[zeile.find("nach ").unwrap() + 5..];
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn vorfuehrung_schritt_fuer_schritt() {
    let mut demo = Prozess::starte("nonblocking", &[]);
    demo.erfolgreich();
    let text = demo.terminal();
    let zeilen = demo.alle_zeilen();
    for schritt in 1..=8 {
        assert!(text.contains(&format!("Schritt {schritt}:")), "{text}");
    }
    // Schritt 3: read() ohne Daten blockiert nicht, sondern meldet WouldBlock.
    assert!(
        zeilen
            .iter()
            .any(|z| z.starts_with("  -> Err, ErrorKind::WouldBlock")),
        "{text}"
    );
    // Schritt 4: genau die gesendeten Bytes.
    assert!(
        zeilen.contains(&"  -> Ok(6): \"Hallo\\n\"".to_string()),
        "{text}"
    );
    // Schritt 5 und 6: Es passt etwas hinein, dann nichts mehr, dann wieder.
    let n = bytes_bis_wouldblock(&text);
    assert!(n > 0, "{text}");
    assert!(
        zeilen
            .iter()
            .any(|z| z.starts_with("  -> Ok(") && z != "  -> Ok(6): \"Hallo\\n\"")
    );
    // Schritt 7 und 8: einmal verbunden, einmal abgewiesen.
    assert!(
        text.contains("-> take_error(): None, peer_addr(): 127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("-> take_error(): Some(ConnectionRefused)"),
        "{text}"
    );

    // Wie viele Bytes in die Puffer passen, hängt von Betriebssystem und
    // Kernel ab; das Buch zeigt dafür N. Die Fehlertexte („os error 115“)
    // stammen vom Betriebssystem: Das Buch zeigt den Lauf unter Linux.
    if cfg!(target_os = "linux") {
        Transkript::neu()
            .ersetze(
                format!("WouldBlock nach {n} Bytes"),
                "WouldBlock nach N Bytes",
            )
            .terminal("nonblocking", "cargo run --example nonblocking", &demo)
            .pruefe();
    }
}

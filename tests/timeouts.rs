//! Szenarien zu Kapitel „Timeouts“: die Vorführung `timeouts`, allein und
//! gegen `tcp_server` aus dem Kapitel „TCP in einer Schleife“.

mod common;

use common::{Prozess, Transkript, freier_port};

/// Alle gemessenen Dauern `nach X.Y s` im Text.
fn gemessene_dauern(text: &str) -> Vec<String> {
    text.match_indices("nach ")
        .filter_map(|(i, _)| {
            let rest = &text[i + 5..];
            let zahl = rest.split_whitespace().next()?;
            (zahl.parse::<f64>().is_ok() && rest[zahl.len()..].starts_with(" s:"))
                .then(|| zahl.to_string())
        })
        .collect()
}

#[test]
fn vorfuehrung_alle_timeouts_laufen_ab() {
    let mut demo = Prozess::starte("timeouts", &[]);
    demo.erfolgreich();
    let text = demo.terminal();
    assert!(text.contains("1. Verbunden mit 127.0.0.1:"), "{text}");
    assert!(text.contains("read_timeout() = None"), "{text}");
    assert!(
        text.contains("2. set_read_timeout(Some(0 s)) -> Err(InvalidInput)"),
        "{text}"
    );
    assert!(text.contains("read_timeout() = Some(500ms)"), "{text}");
    assert!(text.contains("write_timeout() = Some(500ms)"), "{text}");
    assert!(
        text.contains("7. connect_timeout(…, 0 s) -> Err(InvalidInput)"),
        "{text}"
    );
    // Unix meldet WouldBlock, Windows TimedOut: beides zählt.
    let zeile_4 = text.lines().find(|z| z.starts_with("4. read()")).unwrap();
    assert!(
        zeile_4.contains("Err(WouldBlock)") || zeile_4.contains("Err(TimedOut)"),
        "{text}"
    );

    // Jeder Timeout hat wirklich gewartet: mindestens 0,5 s (gerundet 0.5).
    let dauern = gemessene_dauern(&text);
    assert_eq!(dauern.len(), 3, "read, write und connect: {text}");
    let mut transkript = Transkript::neu();
    for dauer in &dauern {
        let sekunden: f64 = dauer.parse().unwrap();
        assert!(sekunden >= 0.5, "nur {sekunden} s gewartet:\n{text}");
        // Wie lange es genau dauerte, schwankt; das Buch zeigt 0.5 s.
        transkript.ersetze(format!("nach {dauer} s:"), "nach 0.5 s:");
    }
    // Die Fehlertexte stammen vom Betriebssystem, und ob der dritte connect()
    // abläuft, hängt davon ab, wie es eine volle Warteschlange behandelt:
    // Das Buch zeigt den Lauf unter Linux.
    if cfg!(target_os = "linux") {
        assert!(text.contains("Verbindung 3: nach"), "{text}");
        transkript
            .terminal("timeouts", "cargo run --example timeouts", &demo)
            .pruefe();
    }
}

/// Gegen tcp_server: Der Server wartet auf die erste Zeile des Clients, der
/// Client wartet auf den Server – bis sein Read-Timeout abläuft.
#[test]
fn gegen_tcp_server_laeuft_der_read_timeout_ab() {
    let (mut server, adresse) = Prozess::server("tcp_server", &[]);
    let mut demo = Prozess::starte("timeouts", &[&adresse.to_string()]);
    demo.erfolgreich();
    let text = demo.terminal();
    assert!(
        text.contains(&format!("1. Verbunden mit {adresse}")),
        "{text}"
    );
    let zeile_4 = text.lines().find(|z| z.starts_with("4. read()")).unwrap();
    assert!(
        zeile_4.contains("Err(WouldBlock)") || zeile_4.contains("Err(TimedOut)"),
        "{text}"
    );
    server.warte_auf("ist verbunden.");
    server.warte_auf("hat die Verbindung beendet.\nWarte auf einen Client");
}

#[test]
fn ohne_server_wird_erklaert() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut demo = Prozess::starte("timeouts", &[&ziel]);
    demo.fehlgeschlagen();
    let text = demo.terminal();
    assert!(text.contains("Dort lauscht kein Server"), "{text}");
}

#[test]
fn unaufloesbarer_name_wird_erklaert() {
    let mut demo = Prozess::starte("timeouts", &["kein server.invalid:50000"]);
    demo.fehlgeschlagen();
    let text = demo.terminal();
    assert!(
        text.contains("Kann \"kein server.invalid:50000\" nicht auflösen"),
        "{text}"
    );
}

//! Szenarien zu Kapitel „Fehler behandeln und neu verbinden“:
//! reconnect_client gegen json_server, der wirklich neu gestartet wird.

mod common;

use std::net::SocketAddr;

use common::{Prozess, Transkript, freier_port};

/// Startet json_server ausdrücklich auf `adresse`. Hat inzwischen ein anderes
/// Programm den Port belegt, scheitert der Test mit klarer Meldung, statt
/// zufällig zu wackeln.
fn starte_server_auf(adresse: SocketAddr) -> Prozess {
    let mut server = Prozess::starte("json_server", &[&adresse.to_string()]);
    let zeile = server.zeile();
    assert_eq!(
        zeile,
        format!("Server lauscht auf {adresse}"),
        "json_server konnte {adresse} nicht wieder binden – hat ein anderes Programm den Port \
         inzwischen belegt?\n{}",
        server.terminal()
    );
    server
}

/// Das Drehbuch aus dem Buch: Server weg, drei Versuche, Server wieder da,
/// die offene Zeile kommt trotzdem an. Mit --seed ist der Jitter wiederholbar;
/// mit Seed 19 und Basis 250 ms dauert die Pause vor Versuch 3 fast eine
/// Sekunde – Zeit genug, um den Server neu zu starten.
#[test]
fn server_startet_neu_und_der_client_verbindet_sich_wieder() {
    let (mut alt, adresse) = Prozess::server("json_server", &[]);
    let ziel = adresse.to_string();
    let mut client = Prozess::starte(
        "reconnect_client",
        &[&ziel, "--seed", "19", "--basis", "250"],
    );
    client.warte_auf("-> ");
    client.tippe("Hallo");
    client.warte_auf("Antwort: Hallo\n-> ");

    alt.beende(); // wie Strg+C: Das Betriebssystem schließt alle Sockets des Servers
    client.tippe("Bist du noch da?");
    client.warte_auf("(Versuch 3)");
    let mut neu = starte_server_auf(adresse);
    client.warte_auf("Antwort: Bist du noch da?\n-> ");
    client.tippe("Schön, dass du wieder da bist");
    client.warte_auf("Antwort: Schön, dass du wieder da bist\n-> ");
    client.schliesse_eingabe();
    client.erfolgreich();
    assert!(neu.laeuft(), "{}", neu.terminal());

    let text = client.terminal();
    assert!(
        text.contains("Verbindung verloren: der Server hat aufgelegt, nächster Versuch in 188 ms (Versuch 1)\n"),
        "{text}"
    );
    assert!(text.contains("Verbunden mit"), "{text}");
    Transkript::neu()
        .port(adresse.port(), 6002)
        .terminal(
            "reconnect_client",
            "cargo run --example reconnect_client -- --seed 19 --basis 250",
            &client,
        )
        .pruefe();
}

/// Der Client startet vor dem Server und wartet, bis er da ist.
#[test]
fn client_wartet_auf_einen_spaeten_server() {
    let adresse: SocketAddr = format!("127.0.0.1:{}", freier_port()).parse().unwrap();
    let mut client = Prozess::starte(
        "reconnect_client",
        &[&adresse.to_string(), "--basis", "200"],
    );
    client.warte_auf("(Versuch 2)");
    let _server = starte_server_auf(adresse);
    client.warte_auf("Verbunden mit");
    client.warte_auf("-> ");
    client.tippe("endlich");
    client.warte_auf("Antwort: endlich\n");
}

/// Nach der letzten Pause gibt der Client auf und sagt, was zu tun ist.
#[test]
fn nach_max_versuchen_gibt_der_client_auf() {
    let port = freier_port();
    let ziel = format!("127.0.0.1:{port}");
    let mut client = Prozess::starte(
        "reconnect_client",
        &[&ziel, "--max-versuche", "3", "--seed", "3"],
    );
    client.fehlgeschlagen();
    let text = client.terminal();
    assert!(text.contains("(Versuch 3)"), "{text}");
    assert!(!text.contains("(Versuch 4)"), "{text}");
    assert!(
        text.contains("Fehler: Nach 3 Versuchen aufgegeben"),
        "{text}"
    );
    assert!(text.contains("cargo run --example json_server"), "{text}");
    Transkript::neu()
        .port(port, 6002)
        .terminal(
            "reconnect_aufgeben",
            &format!("cargo run --example reconnect_client -- {ziel} --max-versuche 3 --seed 3"),
            &client,
        )
        .pruefe();
}

/// Gleicher Seed, gleiche Pausen; jede Pause liegt unter ihrer Obergrenze
/// min(10 s, basis · 2^(n−1)).
#[test]
fn jitter_ist_mit_seed_wiederholbar_und_begrenzt() {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let lauf = |seed: &str| {
        let mut client = Prozess::starte(
            "reconnect_client",
            &[
                &ziel,
                "--seed",
                seed,
                "--max-versuche",
                "6",
                "--basis",
                "10",
            ],
        );
        client.fehlgeschlagen();
        client
            .alle_zeilen()
            .into_iter()
            .filter(|z| z.contains("nächster Versuch"))
            .collect::<Vec<_>>()
    };
    let erster = lauf("7");
    assert_eq!(erster, lauf("7"));
    assert_ne!(erster, lauf("8"));
    assert_eq!(erster.len(), 5);
    for (i, zeile) in erster.iter().enumerate() {
        let ms: u64 = zeile
            .split("nächster Versuch in ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|z| z.parse().ok())
            .unwrap_or_else(|| panic!("keine Pause in {zeile:?}"));
        // Vor Versuch n = i + 2 ist die Obergrenze 10 ms · 2^(n−1).
        let obergrenze = 10 * 2u64.pow(i as u32 + 1);
        assert!(ms <= obergrenze, "{zeile}: {ms} ms > {obergrenze} ms");
    }
}

/// `--help` zeigt die Hilfe und endet, statt `--help` als Adresse zu nehmen
/// und es ewig neu zu versuchen; falsche Werte enden mit Exit-Code 2.
#[test]
fn hilfe_und_falsche_argumente() {
    for hilfe in ["--help", "-h"] {
        let mut p = Prozess::starte("reconnect_client", &[hilfe]);
        assert_eq!(p.warte_auf_ende().code(), Some(0), "{}", p.terminal());
        assert!(p.terminal().starts_with("Aufruf: reconnect_client"));
    }
    let faelle: [(&[&str], &str); 4] = [
        (
            &["--max-versuche", "0"],
            "Fehler: --max-versuche erwartet eine ganze Zahl von 1 bis 1000, nicht \"0\"\n",
        ),
        (
            &["--basis", "-5"],
            "Fehler: --basis erwartet eine ganze Zahl von 1 bis 60000, nicht \"-5\"\n",
        ),
        (&["--seed"], "Fehler: nach --seed fehlt eine Zahl"),
        (
            &["localhost"],
            "Fehler: ADRESSE \"localhost\" ohne Port, etwa localhost:6002\n",
        ),
    ];
    for (args, meldung) in faelle {
        let mut p = Prozess::starte("reconnect_client", args);
        assert_eq!(
            p.warte_auf_ende().code(),
            Some(2),
            "{args:?}: {}",
            p.terminal()
        );
        let text = p.terminal();
        assert!(text.starts_with(meldung), "{args:?}: {text}");
        assert!(text.contains("Aufruf: reconnect_client"), "{text}");
    }
}

//! Szenarien zu `scripts/nebeneinander`: Das Skript startet ein Beispielpaar
//! in tmux, der Test tippt mit `send-keys` in den Client-Bereich und liest mit
//! `capture-pane` beide Bereiche, so wie eine Leserin es am Bildschirm sieht.
//! Jeder Test benutzt einen eigenen tmux-Server (`TMUX_TMPDIR`), den `Drop`
//! wieder beendet.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use common::{frist, wurzel};

fn skript() -> Command {
    let mut befehl = Command::new(wurzel().join("scripts/nebeneinander"));
    befehl.current_dir(wurzel()).env_remove("TMUX");
    befehl
}

/// Ein eigener tmux-Server nur für diesen Test.
struct Tmux {
    verzeichnis: PathBuf,
}

impl Tmux {
    fn neu(name: &str) -> Tmux {
        let status = Command::new("tmux").arg("-V").output();
        assert!(
            status.is_ok_and(|s| s.status.success()),
            "tmux fehlt. Installiere es (scripts/setup, oder: apt-get install tmux)."
        );
        let verzeichnis =
            std::env::temp_dir().join(format!("nebeneinander-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&verzeichnis).unwrap();
        Tmux { verzeichnis }
    }

    fn befehl(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .env("TMUX_TMPDIR", &self.verzeichnis)
            .env_remove("TMUX")
            .args(args)
            .output()
            .expect("tmux starten")
    }

    /// Der sichtbare Inhalt eines Bereichs; umbrochene Zeilen werden verbunden (-J).
    fn bildschirm(&self, bereich: &str) -> String {
        let aus = self.befehl(&["capture-pane", "-p", "-J", "-t", bereich]);
        String::from_utf8_lossy(&aus.stdout).into_owned()
    }

    /// Wartet, bis `text` im Bereich erscheint (tmux meldet Ausgaben nicht
    /// als Ereignis, daher kurz nachsehen, mit Frist).
    fn warte_auf(&self, bereich: &str, text: &str) -> String {
        let ende = Instant::now() + frist();
        loop {
            let bild = self.bildschirm(bereich);
            if bild.contains(text) {
                return bild;
            }
            assert!(
                Instant::now() < ende,
                "{text:?} erscheint nicht im Bereich {bereich}. Bildschirm:\n{bild}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn tippe(&self, bereich: &str, zeile: &str) {
        // -l: der Text wörtlich, dann Enter als eigene Taste.
        assert!(
            self.befehl(&["send-keys", "-t", bereich, "-l", zeile])
                .status
                .success()
        );
        assert!(
            self.befehl(&["send-keys", "-t", bereich, "Enter"])
                .status
                .success()
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.befehl(&["kill-server"]);
        let _ = std::fs::remove_dir_all(&self.verzeichnis);
    }
}

/// Der Wert hinter `name=` in der Zeile „Bereiche: server=%0 client=%1“.
fn bereich(ausgabe: &str, name: &str) -> String {
    ausgabe
        .lines()
        .find_map(|z| z.strip_prefix("Bereiche: "))
        .and_then(|z| {
            z.split(' ')
                .find_map(|w| w.strip_prefix(&format!("{name}=")))
        })
        .unwrap_or_else(|| panic!("Kein Bereich {name} in:\n{ausgabe}"))
        .to_string()
}

/// Das Kapitel „TCP-Chat“ nebeneinander: rechts tippen, links lesen, links
/// antworten, rechts lesen, mit „bye“ beenden.
#[test]
fn tcp_chat_in_tmux() {
    let tmux = Tmux::neu("chat");
    let aus = skript()
        .args([
            "tcp-chat",
            "--sitzung",
            "chat",
            "--losgelöst",
            "--adresse",
            "127.0.0.1:0",
        ])
        .env("TMUX_TMPDIR", &tmux.verzeichnis)
        .output()
        .expect("scripts/nebeneinander starten");
    let text = String::from_utf8_lossy(&aus.stdout).into_owned();
    assert!(
        aus.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&aus.stderr)
    );
    assert!(text.contains("Sitzung chat läuft"), "{text}");
    let (links, rechts) = (bereich(&text, "server"), bereich(&text, "client"));

    // Links steht der Befehl, wie ihn die Leserin tippen würde, und die Adresse.
    let bild = tmux.warte_auf(&links, "Warte auf einen Client");
    assert!(
        bild.contains("cargo run --example chat_server -- 127.0.0.1:0"),
        "{bild}"
    );
    tmux.warte_auf(&rechts, "beendet den Chat.\n-> ");
    tmux.warte_auf(&links, "Verbunden mit 127.0.0.1:");

    tmux.tippe(&rechts, "Hallo aus dem rechten Bereich");
    tmux.warte_auf(&links, "Client: Hallo aus dem rechten Bereich\n-> ");
    tmux.tippe(&links, "Antwort von links");
    tmux.warte_auf(&rechts, "Server: Antwort von links\n-> ");
    tmux.tippe(&rechts, "bye");
    tmux.warte_auf(&rechts, "Chat beendet.");
    tmux.warte_auf(&links, "Der Client hat den Chat beendet.");
}

/// Das Kapitel „Der Störsender“: drei Bereiche, der Chat hält unter Einzelbytes.
#[test]
fn stoerer_in_der_mitte() {
    let tmux = Tmux::neu("stoerer");
    let aus = skript()
        .args([
            "stoerer",
            "--sitzung",
            "st",
            "--losgeloest",
            "--adresse",
            "127.0.0.1:0",
        ])
        .env("TMUX_TMPDIR", &tmux.verzeichnis)
        .output()
        .expect("scripts/nebeneinander starten");
    let text = String::from_utf8_lossy(&aus.stdout).into_owned();
    assert!(aus.status.success(), "{text}");
    let (links, mitte, rechts) = (
        bereich(&text, "server"),
        bereich(&text, "stoerer"),
        bereich(&text, "client"),
    );
    tmux.warte_auf(&rechts, "-> ");
    tmux.tippe(&rechts, "Byte für Byte");
    tmux.warte_auf(
        &mitte,
        "Client → Server: \"Byte für Byte\\n\" – 15 Bytes in 15 Stückchen",
    );
    tmux.warte_auf(&links, "Client: Byte für Byte\n-> ");
    tmux.tippe(&links, "ok");
    tmux.warte_auf(&rechts, "Server: ok\n-> ");
    tmux.tippe(&rechts, "bye");
    tmux.warte_auf(
        &mitte,
        "Bilanz: Client → Server 15 Bytes in 15 Stückchen, Server → Client 3 Bytes in 3 Stückchen",
    );
}

#[test]
fn liste_und_befehle_ohne_tmux() {
    let aus = skript().arg("--liste").output().unwrap();
    let liste = String::from_utf8_lossy(&aus.stdout);
    assert!(aus.status.success());
    for kapitel in [
        "erste-verbindung",
        "tcp-chat",
        "udp",
        "tcp-schleife",
        "gruppenchat",
        "http",
    ] {
        assert!(liste.contains(kapitel), "{kapitel} fehlt in:\n{liste}");
    }
    assert!(liste.contains("cargo run --example chat_server"));

    let aus = skript().args(["tcp-chat", "--ohne-tmux"]).output().unwrap();
    let text = String::from_utf8_lossy(&aus.stdout);
    assert!(
        text.contains("Terminal 1 (Server): cargo run --example chat_server\n"),
        "{text}"
    );
    assert!(
        text.contains("Terminal 2 (Client): cargo run --example chat_client\n"),
        "{text}"
    );

    let aus = skript().arg("gibt-es-nicht").output().unwrap();
    assert!(!aus.status.success());
    assert!(String::from_utf8_lossy(&aus.stderr).contains("Unbekanntes Kapitel"));
}

//! Aufgabe 22 „Das Vierertupel“ (Einführung).
//!
//! Erwartungshorizont: Aufruf `ADRESSE` (IP:PORT, `[IPv6]:PORT` oder
//! `NAME:PORT`). Der Client verbindet sich per TCP, gibt
//! `Verbunden: LOKAL -> ENTFERNT` aus (LOKAL aus local_addr()/getsockname()
//! nach dem Verbinden, ENTFERNT aus peer_addr()/getpeername()), schickt
//! `Hallo von LOKAL\n` und endet mit Exit-Code 0. Fehlt der Server: Meldung
//! `Fehler: …` auf stderr, Exit-Code 1. Falsche Angabe (kein Port, Port über
//! 65535): Meldung mit `Aufruf:` auf stderr, Exit-Code 2.

use std::net::{SocketAddr, TcpListener};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Urteil, falsch, freier_port, ipv6_da, kuerze, lies_zeile_von,
    nimm_an, pruef_listener, sprich,
};

pub static AUFGABE: Aufgabe =
    Aufgabe {
        nummer: "22",
        kurz: "vierertupel",
        titel: "Das Vierertupel",
        kapitel: "Einführung",
        minuten: 25,
        art: "Client",
        starter: "aufgabe_22_vierertupel",
        python_starter: Some("aufgabe_22_vierertupel.py"),
        loesungen: &[
            Loesung::Rust("loesung_22_vierertupel"),
            Loesung::Python("loesung_22_vierertupel.py"),
        ],
        varianten: &[
            Variante {
                name: "falsch_22_zweimal_server",
                schritt: "Zeigt das Vierertupel",
                grund: "Adresse des Servers",
            },
            Variante {
                name: "falsch_22_ohne_zeilenende",
                schritt: "Schickt seine Adresse als Zeile",
                grund: "ganze Zeile",
            },
            Variante {
                name: "falsch_22_nur_ipv4",
                schritt: "Versteht IPv6-Adressen",
                grund: "[::1]",
            },
            Variante {
                name: "falsch_22_fester_port",
                schritt: "Zwei Läufe, zwei Ports",
                grund: "Zweiter Lauf",
            },
            Variante {
                name: "falsch_22_ohne_namen",
                schritt: "Löst localhost auf",
                grund: "localhost",
            },
            Variante {
                name: "falsch_22_unwrap",
                schritt: "Server fehlt",
                grund: "abgestürzt",
            },
            Variante {
                name: "falsch_22_exit_1",
                schritt: "Lehnt falsche Angaben ab",
                grund: "Exit-Code 2",
            },
        ],
        punkte: &[("Zeigt das Vierertupel", 2), ("Zwei Läufe, zwei Ports", 2)],
        schritte: &[
            Schritt {
                name: "Zeigt das Vierertupel",
                lauf: |ctx| {
                    let l = pruef_listener()?;
                    lauf(ctx, &l, Ziel::Adresse, false).map(|_| ())
                },
            },
            Schritt {
                name: "Schickt seine Adresse als Zeile",
                lauf: |ctx| {
                    let l = pruef_listener()?;
                    lauf(ctx, &l, Ziel::Adresse, true).map(|_| ())
                },
            },
            Schritt {
                name: "Versteht IPv6-Adressen",
                lauf: ipv6,
            },
            Schritt {
                name: "Zwei Läufe, zwei Ports",
                lauf: zwei_laeufe,
            },
            Schritt {
                name: "Löst localhost auf",
                lauf: |ctx| {
                    let l = pruef_listener()?;
                    lauf(ctx, &l, Ziel::Localhost, true).map(|_| ()).tipp(sprich(
                    "Ein Name wie localhost ist noch keine Adresse: Löse ihn auf, etwa mit \
                     TcpStream::connect(\"localhost:5000\") oder to_socket_addrs(), statt \
                     das Argument als SocketAddr zu parsen.",
                    "Ein Name wie localhost ist noch keine Adresse: socket.create_connection() \
                     löst ihn auf und probiert jede Adresse.",
                ))
                },
            },
            Schritt {
                name: "Server fehlt",
                lauf: server_fehlt,
            },
            Schritt {
                name: "Lehnt falsche Angaben ab",
                lauf: falsche_angaben,
            },
        ],
    };

/// Wie der Prüfer dem Client seine Adresse nennt.
#[derive(Clone, Copy)]
enum Ziel {
    /// So, wie `local_addr()` sie schreibt: `127.0.0.1:PORT` oder `[::1]:PORT`.
    Adresse,
    /// Als Name: `localhost:PORT`.
    Localhost,
}

/// Startet den Client gegen den Listener `l` des Prüfers, nimmt seine
/// Verbindung an und vergleicht die Ausgabezeile mit dem, was der Prüfer
/// selbst sieht. Mit `zeile` muss auch `Hallo von LOKAL` ankommen. Liefert
/// die Adresse des Clients, wie accept() sie meldet.
fn lauf(ctx: &Ctx, l: &TcpListener, ziel: Ziel, zeile: bool) -> Result<SocketAddr, Fehlschlag> {
    let server = l.local_addr().map_err(|e| e.to_string())?;
    let arg = match ziel {
        Ziel::Adresse => server.to_string(),
        Ziel::Localhost => format!("localhost:{}", server.port()),
    };
    let mut k = ctx.starte(&[&arg], &[])?;
    let verbindung = nimm_an(l, ctx.frist, &arg).map_err(|f| mit_stderr(f, &k))?;
    let client = verbindung.peer_addr().map_err(|e| e.to_string())?;
    if zeile {
        let erwartet = format!("Hallo von {client}");
        let gekommen =
            lies_zeile_von(&verbindung, &format!("„{erwartet}“")).map_err(|f| mit_stderr(f, &k))?;
        if gekommen != erwartet {
            return falsch(format!(
                "Über die Verbindung erwartet war die Zeile {erwartet:?}, gekommen ist \
                 {gekommen:?}. Schicke „Hallo von “ und deine eigene Adresse mit \\n am Ende."
            ));
        }
    }
    let ausgabe = k.zeile()?;
    pruefe_ausgabe(&ausgabe, client, server)?;
    let status = k.ende_in(ctx.frist)?;
    if !status.success() {
        return falsch(format!(
            "Der Client endete mit {status} statt mit Exit-Code 0.{}",
            k.stderr_hinweis()
        ));
    }
    Ok(client)
}

/// Hängt die Fehlerausgabe des Clients an ein ✗ (etwa eine Meldung zum Argument).
fn mit_stderr(f: Fehlschlag, k: &Kind) -> Fehlschlag {
    match f {
        Fehlschlag::Falsch(g) => Fehlschlag::Falsch(format!("{g}{}", k.stderr_hinweis())),
        andere => andere,
    }
}

/// Die Zeile `Verbunden: LOKAL -> ENTFERNT`, mit einem Rat je typischem Fehler.
fn pruefe_ausgabe(ausgabe: &str, client: SocketAddr, server: SocketAddr) -> Urteil {
    let erwartet = format!("Verbunden: {client} -> {server}");
    if ausgabe == erwartet {
        return Ok(());
    }
    let mut grund =
        format!("Erwartet war die Ausgabezeile {erwartet:?}, gekommen ist {ausgabe:?}.");
    let lokal = ausgabe
        .strip_prefix("Verbunden: ")
        .and_then(|r| r.split(" -> ").next())
        .unwrap_or_default();
    if lokal == server.to_string() {
        grund.push_str(&format!(
            " Vorn steht die Adresse des Servers. Gemeint ist die eigene Adresse deines Clients \
             mit dem Port, den das Betriebssystem beim Verbinden gewählt hat: {}.",
            sprich("verbindung.local_addr()", "sock.getsockname()")
        ));
    } else if lokal.ends_with(":0") {
        grund.push_str(
            " Port 0 heißt: Du hast die eigene Adresse vor dem Verbinden abgefragt. Den Port \
             wählt das Betriebssystem erst beim Verbindungsaufbau.",
        );
    } else if client.is_ipv6() && lokal.starts_with("::1") {
        grund.push_str(" Eine IPv6-Adresse mit Port steht in eckigen Klammern: [::1]:PORT.");
    }
    falsch(grund)
}

fn ipv6(ctx: &Ctx) -> Urteil {
    if !ipv6_da() {
        return Err(Fehlschlag::Uebersprungen(
            "Auf diesem Rechner gibt es kein IPv6-Loopback (::1).".into(),
        ));
    }
    let l = TcpListener::bind("[::1]:0")
        .map_err(|e| format!("Der Prüfer kann [::1]:0 nicht binden: {e}"))?;
    let server = l.local_addr().map_err(|e| e.to_string())?;
    lauf(ctx, &l, Ziel::Adresse, true)
        .map(|_| ())
        .vorn(&format!("Aufruf mit der IPv6-Adresse {server}:"))
        .tipp(&format!(
            "Der Port steht hinter dem letzten Doppelpunkt; die IP in eckigen Klammern. {}",
            sprich(
                "\"[::1]:5000\".to_socket_addrs() oder TcpStream::connect(\"[::1]:5000\") \
                 verstehen das.",
                "Trenne mit rpartition(\":\") und entferne die Klammern mit strip(\"[]\")."
            )
        ))
}

/// Zwei Läufe gegen denselben Server: Jeder bekommt seinen eigenen
/// ephemeren Port, sonst wäre das Vierertupel zweimal dasselbe.
fn zwei_laeufe(ctx: &Ctx) -> Urteil {
    let l = pruef_listener()?;
    let erster = lauf(ctx, &l, Ziel::Adresse, true).vorn("Erster Lauf:")?;
    let zweiter = lauf(ctx, &l, Ziel::Adresse, true)
        .vorn("Zweiter Lauf:")
        .tipp(&format!(
            "Der erste Lauf kam von {erster}. Bindest du den Client an einen festen Port? Das \
             Vierertupel der alten Verbindung ist dann noch belegt (TIME-WAIT)."
        ))?;
    if erster.port() == zweiter.port() {
        return falsch(format!(
            "Zweiter Lauf: Beide Läufe kamen von Port {}. Lass das Betriebssystem den Port des \
             Clients wählen (kein bind vor connect); dann bekommt jede Verbindung einen eigenen.",
            erster.port()
        ));
    }
    Ok(())
}

fn server_fehlt(ctx: &Ctx) -> Urteil {
    let ziel = format!("127.0.0.1:{}", freier_port());
    let mut k = ctx.starte(&[&ziel], &[])?;
    k.erwarte_fehlerende(ctx.frist)
        .vorn(&format!("Aufruf mit {ziel}, wo niemand lauscht:"))?;
    let status = k.ende_in(ctx.frist)?;
    let fehler = k.stderr();
    if status.code() != Some(1) {
        return falsch(format!(
            "Aufruf mit {ziel}, wo niemand lauscht: Exit-Code {} statt 1. Exit-Code 2 ist für \
             falsche Angaben; ein abgelehnter Verbindungsaufbau ist ein Fehler beim Lauf ({}).",
            code_text(status.code()),
            sprich("ExitCode::FAILURE", "sys.exit(1)")
        ));
    }
    if !fehler.lines().any(|z| z.starts_with("Fehler:")) {
        return falsch(format!(
            "Aufruf mit {ziel}, wo niemand lauscht: Auf stderr steht keine Zeile, die mit \
             „Fehler:“ beginnt. stderr: {}",
            kuerze(&fehler, 300)
        ));
    }
    Ok(())
}

fn falsche_angaben(ctx: &Ctx) -> Urteil {
    for arg in ["127.0.0.1", "127.0.0.1:70000", "localhost:fuenf"] {
        let mut k = ctx.starte(&[arg], &[])?;
        k.erwarte_fehlerende(ctx.frist)
            .vorn(&format!("Aufruf mit „{arg}“:"))?;
        let status = k.ende_in(ctx.frist)?;
        if status.code() != Some(2) {
            return falsch(format!(
                "Aufruf mit „{arg}“: Exit-Code {} statt Exit-Code 2 für eine falsche Angabe. \
                 Prüfe die Adresse, bevor du dich verbindest, und unterscheide: Exit-Code 2 mit \
                 Kurzhilfe heißt „falsch aufgerufen“, Exit-Code 1 „beim Lauf gescheitert“ (etwa \
                 kein Server).",
                code_text(status.code())
            ));
        }
        let port = arg.rsplit_once(':').map_or("", |(_, p)| p);
        let fehler = k.stderr();
        if !fehler.contains(arg) && (port.is_empty() || !fehler.contains(port)) {
            return falsch(format!(
                "Aufruf mit „{arg}“: Die Meldung auf stderr nennt die falsche Angabe nicht. Sag, \
                 was an „{arg}“ nicht stimmt. stderr: {}",
                kuerze(&fehler, 300)
            ));
        }
        if !fehler.contains("Aufruf:") {
            return falsch(format!(
                "Aufruf mit „{arg}“: Auf stderr fehlt die Kurzhilfe, die mit „Aufruf:“ beginnt. \
                 stderr: {}",
                kuerze(&k.stderr(), 300)
            ));
        }
    }
    Ok(())
}

/// Ein Exit-Code als Text; ohne Code hat ein Signal das Programm beendet.
fn code_text(code: Option<i32>) -> String {
    code.map_or_else(|| "keiner (Signal)".to_string(), |c| c.to_string())
}

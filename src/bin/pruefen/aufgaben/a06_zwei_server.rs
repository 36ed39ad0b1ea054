//! Aufgabe 06 „Zwei Server, ein Client“ (Blockierend und nicht-blockierend).
//!
//! Erwartungshorizont: Der Client verbindet sich mit beiden Adressen aus den
//! Argumenten, meldet `Verbunden mit 2 Servern`, schaltet beide Sockets auf
//! nicht-blockierend (oder registriert sie bei mio/poll) und gibt jede
//! vollständige Zeile sofort aus: `A: TEXT` bzw. `B: TEXT`. Halbe Zeilen
//! puffert er je Socket. Haben beide Server geschlossen, gibt er `Fertig` aus
//! und endet mit Exit-Code 0. Ist ein Server nicht erreichbar: Meldung auf
//! stderr, Exit-Code ungleich 0.

use std::io::Write;
use std::net::{TcpListener, TcpStream};

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Urteil, falsch, freier_port, nimm_an, pruef_listener,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "06",
    kurz: "zwei_server",
    titel: "Zwei Server, ein Client",
    kapitel: "Blockierend und nicht-blockierend",
    minuten: 40,
    art: "Client",
    starter: "aufgabe_06_zwei_server",
    python_starter: Some("aufgabe_06_zwei_server.py"),
    loesungen: &[
        Loesung::Rust("loesung_06_zwei_server"),
        Loesung::Python("loesung_06_zwei_server.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_06_blockierend",
            schritt: "B antwortet zuerst",
            grund: "blockierend auf A",
        },
        Variante {
            name: "falsch_06_text_stueckweise",
            schritt: "Zeile kommt in Stücken",
            grund: "ganze Zeile",
        },
        Variante {
            name: "falsch_06_verbunden_zu_frueh",
            schritt: "Server B fehlt",
            grund: "beide Verbindungen",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Verbindet sich mit beiden Servern",
            lauf: |ctx| {
                let (mut k, _a, _b) = starte(ctx)?;
                k.erwarte_zeile("Verbunden mit 2 Servern")
            },
        },
        Schritt {
            name: "B antwortet zuerst",
            lauf: b_zuerst,
        },
        Schritt {
            name: "Zeile kommt in Stücken",
            lauf: |ctx| {
                let (mut k, mut a, b) = starte(ctx)?;
                k.erwarte_zeile("Verbunden mit 2 Servern")?;
                let text = "Stück für Stück\n".as_bytes();
                // Mitten im „ü“ geteilt: "St" und das erste seiner 2 Bytes kommen
                // mit einer ganzen Zeile davor. Erst wenn der Client die
                // ausgegeben hat, also das Stück gelesen hat, folgt der Rest.
                schreibe(&mut a, &[b"Vorweg\n", &text[..3]].concat())?;
                k.erwarte_zeile("A: Vorweg")?;
                schreibe(&mut a, &text[3..])?;
                k.erwarte_zeile("A: Stück für Stück").tipp(
                    "Sammle je Server die Bytes in einem eigenen Puffer und gib erst aus, wenn ein \\n \
                     darin steht; wandle erst die ganze Zeile in Text um.",
                )?;
                drop(a);
                drop(b);
                fertig(ctx, &mut k)
            },
        },
        Schritt {
            name: "Viele Zeilen auf einmal",
            lauf: |ctx| {
                let (mut k, a, mut b) = starte(ctx)?;
                k.erwarte_zeile("Verbunden mit 2 Servern")?;
                let mut alle = String::new();
                for i in 1..=200 {
                    alle.push_str(&format!("Zeile {i}\n"));
                }
                schreibe(&mut b, alle.as_bytes())?;
                for i in 1..=200 {
                    k.erwarte_zeile(&format!("B: Zeile {i}")).vorn(&format!("Zeile {i} von 200:")).tipp(
                        "Lies, bis WouldBlock kommt, und gib jede Zeile im Puffer aus, nicht nur die erste.",
                    )?;
                }
                drop(a);
                drop(b);
                fertig(ctx, &mut k)
            },
        },
        Schritt {
            name: "Server fehlt",
            lauf: |ctx| {
                let b = pruef_listener()?;
                let a = format!("127.0.0.1:{}", freier_port());
                let mut k = ctx.starte(
                    &[&a, &b.local_addr().map_err(|e| e.to_string())?.to_string()],
                    &[],
                )?;
                k.erwarte_fehlerende(ctx.frist)
                    .vorn(&format!("Server A ({a}) lauscht nicht:"))
            },
        },
        Schritt {
            name: "Server B fehlt",
            lauf: |ctx| {
                let a = pruef_listener()?;
                let a = a.local_addr().map_err(|e| e.to_string())?.to_string();
                let b = format!("127.0.0.1:{}", freier_port());
                let mut k = ctx.starte(&[&a, &b], &[])?;
                k.erwarte_fehlerende(ctx.frist)
                    .vorn(&format!("Server B ({b}) lauscht nicht:"))?;
                if k.alle_zeilen()
                    .iter()
                    .any(|z| z == "Verbunden mit 2 Servern")
                {
                    return falsch(format!(
                        "Server B ({b}) lauscht nicht, trotzdem stand „Verbunden mit 2 Servern“ \
                         auf stdout. Gib die Zeile erst aus, wenn beide Verbindungen stehen."
                    ));
                }
                Ok(())
            },
        },
    ],
};

fn schreibe(s: &mut TcpStream, b: &[u8]) -> Urteil {
    s.write_all(b)
        .map_err(|e| Fehlschlag::Falsch(format!("Senden an deinen Client ist gescheitert: {e}")))
}

/// Startet den Client mit zwei Prüfer-Servern und nimmt beide Verbindungen an.
fn starte(ctx: &Ctx) -> Result<(Kind, TcpStream, TcpStream), Fehlschlag> {
    let la: TcpListener = pruef_listener()?;
    let lb: TcpListener = pruef_listener()?;
    let (aa, ab) = (
        la.local_addr().map_err(|e| e.to_string())?,
        lb.local_addr().map_err(|e| e.to_string())?,
    );
    let k = ctx.starte(&[&aa.to_string(), &ab.to_string()], &[])?;
    let a = nimm_an(&la, ctx.frist, "Server A").map_err(|f| mit_stderr(f, &k))?;
    let b = nimm_an(&lb, ctx.frist, "Server B").map_err(|f| mit_stderr(f, &k))?;
    Ok((k, a, b))
}

fn mit_stderr(f: Fehlschlag, k: &Kind) -> Fehlschlag {
    match f {
        Fehlschlag::Falsch(g) => Fehlschlag::Falsch(format!("{g}{}", k.stderr_hinweis())),
        andere => andere,
    }
}

fn fertig(ctx: &Ctx, k: &mut Kind) -> Urteil {
    k.erwarte_zeile("Fertig")
        .tipp("Haben beide Server geschlossen (read liefert 0 Bytes), gib „Fertig“ aus.")?;
    let status = k.ende_in(ctx.frist)?;
    if !status.success() {
        return falsch(format!(
            "Der Client endete mit {status} statt mit Exit-Code 0."
        ));
    }
    Ok(())
}

fn b_zuerst(ctx: &Ctx) -> Urteil {
    let (mut k, mut a, mut b) = starte(ctx)?;
    k.erwarte_zeile("Verbunden mit 2 Servern")?;
    schreibe(&mut b, b"Hallo von B\n")?;
    k.erwarte_zeile("B: Hallo von B").tipp(
        "Server B hat geantwortet, A noch nicht: Dein Client wartet wohl blockierend auf A. Schalte \
         beide Sockets mit set_nonblocking(true) um (oder nutze mio) und frage beide ab.",
    )?;
    schreibe(&mut a, b"Hallo von A\n")?;
    k.erwarte_zeile("A: Hallo von A")?;
    drop(a);
    schreibe(&mut b, "Tschüss von B\n".as_bytes())?;
    k.erwarte_zeile("B: Tschüss von B")
        .tipp("A hat geschlossen, B nicht: Lies von B weiter.")?;
    drop(b);
    fertig(ctx, &mut k)
}

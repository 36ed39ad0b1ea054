//! Aufgabe 01 „Port-Ansager“ (Das Client-Server-Modell).
//!
//! Erwartungshorizont: Der Server bindet die Adresse aus dem ersten Argument,
//! meldet `Server lauscht auf ADRESSE`, nimmt in einer Schleife Clients an und
//! schickt jedem `Du kommst von IP:PORT\n` – die Adresse, die accept()
//! liefert – und schließt dann die Verbindung.

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Urteil};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "01",
    kurz: "portansage",
    titel: "Port-Ansager",
    kapitel: "Das Client-Server-Modell",
    minuten: 20,
    art: "Server",
    starter: "aufgabe_01_portansage",
    python_starter: None,
    loesungen: &[Loesung::Rust("loesung_01_portansage")],
    varianten: &[Variante {
        name: "falsch_01_alle_schnittstellen",
        schritt: "Lauscht nur auf Loopback",
        grund: "allen Schnittstellen",
    }],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Nennt dem Client seine Adresse",
            lauf: nennt_adresse,
        },
        Schritt {
            name: "Schließt die Verbindung nach der Ansage",
            lauf: schliesst,
        },
        Schritt {
            name: "Bedient mehrere Clients nacheinander",
            lauf: mehrere,
        },
    ],
};

fn ansage(ctx: &Ctx, adresse: std::net::SocketAddr) -> Urteil {
    let mut v = ctx.verbinde(adresse)?;
    let ich = v.lokale_adresse();
    let z = v.zeile()?;
    let erwartet = format!("Du kommst von {ich}");
    if z == erwartet {
        return Ok(());
    }
    let mut grund = format!("Erwartet war {erwartet:?}, gekommen ist {z:?}.");
    if z.contains(&adresse.to_string()) {
        grund.push_str(
            " Das ist die Adresse des Servers. Gemeint ist die Adresse des Clients, die accept() \
             zusammen mit der Verbindung liefert.",
        );
    }
    Err(grund.into())
}

fn nennt_adresse(ctx: &Ctx) -> Urteil {
    let (_server, adresse) = ctx.server(&[], &[])?;
    ansage(ctx, adresse)
}

fn schliesst(ctx: &Ctx) -> Urteil {
    let (_server, adresse) = ctx.server(&[], &[])?;
    let mut v = ctx.verbinde(adresse)?;
    v.zeile()?;
    v.erwarte_ende()
}

fn mehrere(ctx: &Ctx) -> Urteil {
    let (_server, adresse) = ctx.server(&[], &[])?;
    for i in 1..=3 {
        ansage(ctx, adresse)
            .vorn(&format!("Client {i} von 3:"))
            .tipp("Nimm Clients in einer Schleife an (for … in listener.incoming()).")?;
    }
    Ok(())
}

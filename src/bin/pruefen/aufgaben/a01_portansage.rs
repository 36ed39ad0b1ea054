//! Aufgabe 01 „Port-Ansager“ (Das Client-Server-Modell).
//!
//! Erwartungshorizont: Der Server bindet die Adresse aus dem ersten Argument,
//! meldet `Server lauscht auf ADRESSE`, nimmt in einer Schleife Clients an und
//! schickt jedem `Du kommst von IP:PORT\n` – die Adresse, die accept()
//! liefert – und schließt dann die Verbindung.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

use super::{Aufgabe, Loesung, MELDET_ADRESSE, NUR_LOOPBACK, Schritt, Variante};
use crate::werkzeug::{Ctx, Ergaenze, Fehlschlag, Urteil, falsch, udp_empfange, udp_socket};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "01",
    kurz: "portansage",
    titel: "Port-Ansager",
    kapitel: "Das Client-Server-Modell",
    minuten: 20,
    art: "Server",
    starter: "aufgabe_01_portansage",
    python_starter: Some("aufgabe_01_portansage.py"),
    loesungen: &[
        Loesung::Rust("loesung_01_portansage"),
        Loesung::Python("loesung_01_portansage.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_01_alle_schnittstellen",
            schritt: "Lauscht nur auf Loopback",
            grund: "allen Schnittstellen",
        },
        Variante {
            name: "falsch_01_feste_ip",
            schritt: "Bindet die Adresse aus dem Argument",
            grund: "127.0.0.2",
        },
    ],
    punkte: &[],
    schritte: &[
        MELDET_ADRESSE,
        NUR_LOOPBACK,
        Schritt {
            name: "Bindet die Adresse aus dem Argument",
            lauf: |ctx| eigene_adresse(ctx, Art::Tcp, &[]),
        },
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

fn ansage(ctx: &Ctx, adresse: SocketAddr) -> Urteil {
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

/// TCP- oder UDP-Server, für [`eigene_adresse`].
#[derive(Clone, Copy)]
pub(super) enum Art {
    Tcp,
    Udp,
}

/// Der Server bindet genau die Adresse aus dem Argument: Der Prüfer gibt
/// `127.0.0.2:0`. Unter Linux gehört ganz 127.0.0.0/8 zu Loopback; ein
/// Programm, das nur den Port übernimmt oder eine feste Adresse bindet, meldet
/// dann 127.0.0.1. Auch Aufgaben 02–05 und 09 nutzen diesen Schritt.
pub(super) fn eigene_adresse(ctx: &Ctx, art: Art, env: &[(&str, &str)]) -> Urteil {
    let zweite = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
    if TcpListener::bind((zweite, 0)).is_err() {
        return Err(Fehlschlag::Uebersprungen(
            "127.0.0.2 ist auf diesem Rechner nicht bindbar (etwa unter macOS).".into(),
        ));
    }
    let mut env = env.to_vec();
    env.push(("ADRESSE", "127.0.0.2:0"));
    let mut k = ctx.starte(&["127.0.0.2:0"], &env)?;
    let adresse = k.adresse_aus_erster_zeile()?;
    if adresse.ip() != zweite || adresse.port() == 0 {
        return falsch(format!(
            "Gestartet mit 127.0.0.2:0, gemeldet wurde {adresse}. Binde genau die Adresse aus dem \
             ersten Argument (IP und Port) und melde, was local_addr() liefert."
        ));
    }
    match art {
        Art::Tcp => ctx.verbinde(adresse).map(|_| ()),
        Art::Udp => {
            let s = udp_socket(ctx.frist)?;
            s.send_to(b"ZEIT", adresse)
                .map_err(|e| format!("Senden an {adresse}: {e}"))?;
            udp_empfange(&s, ctx.frist, &format!("ZEIT an {adresse}")).map(|_| ())
        }
    }
}

//! Aufgabe 10 „Zwei Familien“ (socket(family, type)).
//!
//! Erwartungshorizont: Aufruf mit `PORT` (0 = frei wählen). Der Server bindet
//! einen Socket der Familie IPv4 auf 127.0.0.1:PORT und einen der Familie
//! IPv6 auf [::1]:PORT – bei Port 0 erst IPv4, dann IPv6 mit demselben Port.
//! Erste Zeile: `Server lauscht auf 127.0.0.1:P und [::1]:P`. Jeder Client
//! bekommt `IPv4 ADRESSE` bzw. `IPv6 ADRESSE` (seine eigene Adresse), dann
//! wird geschlossen. Beide Listener werden gleichzeitig bedient (zwei
//! Threads oder nicht-blockierend).

use std::net::SocketAddr;

use super::{Aufgabe, Loesung, Schritt, Variante};
use crate::werkzeug::{
    Ctx, Ergaenze, Fehlschlag, Kind, Urteil, falsch, freier_port, ipv6_da, nur_loopback, sprich,
};

pub static AUFGABE: Aufgabe = Aufgabe {
    nummer: "10",
    kurz: "zwei_familien",
    titel: "Zwei Familien",
    kapitel: "socket(family, type)",
    minuten: 35,
    art: "Server",
    starter: "aufgabe_10_zwei_familien",
    python_starter: Some("aufgabe_10_zwei_familien.py"),
    loesungen: &[
        Loesung::Rust("loesung_10_zwei_familien"),
        Loesung::Python("loesung_10_zwei_familien.py"),
    ],
    varianten: &[
        Variante {
            name: "falsch_10_abwechselnd",
            schritt: "Bedient beide Familien gleichzeitig",
            grund: "je Listener einen Thread",
        },
        Variante {
            name: "falsch_10_fester_port",
            schritt: "Nimmt den Port aus dem Argument",
            grund: "ersten Argument",
        },
    ],
    punkte: &[],
    schritte: &[
        Schritt {
            name: "Meldet beide Adressen mit demselben Port",
            lauf: |ctx| starte(ctx).map(|_| ()),
        },
        Schritt {
            name: "Nimmt den Port aus dem Argument",
            lauf: |ctx| {
                // Ein Port, den niemand erraten kann: frei, aber nicht 0.
                let port = freier_port().to_string();
                let (_k, v4, _v6) = starte_mit(ctx, &port)?;
                if v4.port().to_string() != port {
                    return falsch(format!(
                        "Der Prüfer übergab den Port {port}, der Server lauscht auf {v4}. Nimm den \
                         Port aus dem ersten Argument (sonst aus PORT); ein fester Port stößt mit \
                         anderen Programmen zusammen."
                    ));
                }
                frage(ctx, v4, "IPv4")
            },
        },
        Schritt {
            name: "Lauscht nur auf Loopback",
            lauf: |ctx| {
                let (_k, v4, v6) = starte(ctx)?;
                nur_loopback(v4, false)?;
                nur_loopback(v6, false)
            },
        },
        Schritt {
            name: "Antwortet über IPv4",
            lauf: |ctx| {
                let (_k, v4, _v6) = starte(ctx)?;
                frage(ctx, v4, "IPv4")
            },
        },
        Schritt {
            name: "Antwortet über IPv6",
            lauf: |ctx| {
                ipv6_pflicht()?;
                let (_k, _v4, v6) = starte(ctx)?;
                frage(ctx, v6, "IPv6")
            },
        },
        Schritt {
            name: "Bedient beide Familien gleichzeitig",
            lauf: |ctx| {
                ipv6_pflicht()?;
                let (_k, v4, v6) = starte(ctx)?;
                let tipp = "Ein blockierendes accept() auf dem einen Listener hält den anderen auf. \
                            Nimm je Listener einen Thread (oder nicht-blockierende Sockets).";
                frage(ctx, v6, "IPv6").vorn("Zuerst IPv6:").tipp(tipp)?;
                frage(ctx, v6, "IPv6")
                    .vorn("Noch einmal IPv6:")
                    .tipp(tipp)?;
                frage(ctx, v4, "IPv4").vorn("Dann IPv4:").tipp(tipp)
            },
        },
    ],
};

fn ipv6_pflicht() -> Urteil {
    if ipv6_da() {
        Ok(())
    } else {
        Err(Fehlschlag::Uebersprungen(
            "Dieser Rechner hat kein IPv6-Loopback (::1).".into(),
        ))
    }
}

fn starte(ctx: &Ctx) -> Result<(Kind, SocketAddr, SocketAddr), Fehlschlag> {
    starte_mit(ctx, "0")
}

fn starte_mit(ctx: &Ctx, port: &str) -> Result<(Kind, SocketAddr, SocketAddr), Fehlschlag> {
    let mut k = ctx.starte(&[port], &[("PORT", port)])?;
    let zeile = k
        .zeile()
        .vorn("Der Server hat seine Adressen nicht gemeldet.")?;
    let adressen: Vec<SocketAddr> = zeile
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(['.', ',']).parse().ok())
        .collect();
    let v4 = adressen.iter().find(|a| a.is_ipv4());
    let v6 = adressen.iter().find(|a| a.is_ipv6());
    let (Some(&v4), Some(&v6)) = (v4, v6) else {
        return falsch(format!(
            "Die erste Zeile muss beide Adressen nennen, z. B. \"Server lauscht auf \
             127.0.0.1:41234 und [::1]:41234\"; gekommen ist {zeile:?}."
        ));
    };
    if v4.port() != v6.port() || v4.port() == 0 {
        let woher = sprich("local_addr()", "getsockname()");
        return falsch(format!(
            "Beide Familien sollen denselben Port haben (nicht 0): {v4} und {v6}. Binde erst \
             IPv4 mit Port 0, dann IPv6 mit dem Port aus {woher}."
        ));
    }
    Ok((k, v4, v6))
}

fn frage(ctx: &Ctx, a: SocketAddr, familie: &str) -> Urteil {
    let mut v = ctx.verbinde(a)?;
    let ich = v.lokale_adresse();
    v.erwarte_zeile(&format!("{familie} {ich}"))?;
    v.erwarte_ende()
}

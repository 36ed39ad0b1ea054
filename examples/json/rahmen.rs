//! Das Protokoll von `json_server`, ohne I/O: Bytes hinein, Anfragen heraus;
//! Antworten hinein, Bytes heraus. Hier kommt kein Socket vor, also lässt
//! sich alles mit beliebig zerstückelten Bytes testen
//! (`tests/decoder_eigenschaften.rs`).
//!
//! Kein eigenes Beispiel: `json_server` bindet die Datei mit
//! `#[path = "json/rahmen.rs"] mod rahmen;` ein, so wie mini-redis seine
//! Rahmung (`frame.rs`) vom Lesen aus dem Socket (`connection.rs`) trennt.

use serde::{Deserialize, Serialize};

// ANCHOR: grenzen
/// Länge des Kopfs: ein u32 in Netzwerk-Byte-Order (Big Endian).
pub const KOPF: usize = 4;
/// Größter Rahmen, in beide Richtungen. Ohne Grenze könnte ein Client mit
/// vier Bytes (`ff ff ff ff`) den Server 4 GiB Speicher reservieren lassen.
pub const MAX_RAHMEN: usize = 64 * 1024;
/// Längste Notiz in Bytes.
pub const MAX_NOTIZ: usize = 1000;
/// So viele Notizen schickt eine Antwort auf `liste` höchstens. Auch im
/// schlimmsten Fall passt eine Seite in einen Rahmen: Ein Steuerzeichen wird
/// in JSON zu sechs Bytes (`\u0001`), 10 · 1000 · 6 = 60 000 < 65 536.
pub const SEITE: usize = 10;
// ANCHOR_END: grenzen

/// Die Befehle und ihre Felder, für Fehlermeldungen und die Hilfe.
pub const BEFEHLE: [(&str, &str); 4] = [
    ("echo", "text: Zeichenkette"),
    ("addiere", "zahlen: Liste ganzer Zahlen"),
    ("notiere", "text: Zeichenkette"),
    (
        "liste",
        "ab: Nummer der ersten Notiz (freiwillig, Standard 0)",
    ),
];

// ANCHOR: typen
/// Eine Anfrage. serde liest das Feld `befehl` und wählt damit die Variante:
/// `{"befehl":"addiere","zahlen":[1,2]}` wird zu `Addiere { zahlen: [1, 2] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "befehl", rename_all = "lowercase")]
pub enum Anfrage {
    Echo {
        text: String,
    },
    Addiere {
        zahlen: Vec<i64>,
    },
    Notiere {
        text: String,
    },
    /// Eine Seite des Notizbuchs ab Notiz `ab` (die erste hat die 0).
    Liste {
        #[serde(default)]
        ab: usize,
    },
}

/// Eine Antwort, erkennbar am Feld `antwort`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "antwort", rename_all = "lowercase")]
pub enum Antwort {
    Echo {
        text: String,
    },
    Summe {
        summe: i64,
    },
    Notiert {
        nummer: usize,
    },
    /// `weiter` steht nur da, wenn noch Notizen folgen: Dann fragt der Client
    /// mit `{"befehl":"liste","ab":weiter}` nach der nächsten Seite.
    Notizen {
        notizen: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weiter: Option<usize>,
    },
    Fehler {
        art: String,
        meldung: String,
    },
}
// ANCHOR_END: typen

impl Anfrage {
    pub fn name(&self) -> &'static str {
        match self {
            Anfrage::Echo { .. } => "echo",
            Anfrage::Addiere { .. } => "addiere",
            Anfrage::Notiere { .. } => "notiere",
            Anfrage::Liste { .. } => "liste",
        }
    }
}

/// Was an einem Rahmen falsch sein kann.
#[derive(Debug, Clone, PartialEq)]
pub enum RahmenFehler {
    /// Der Kopf kündigt mehr als MAX_RAHMEN Bytes an. Der Rest des Stroms ist
    /// nicht mehr sicher zu deuten: Die Verbindung muss enden.
    ZuGross {
        laenge: usize,
    },
    /// Die folgenden Fehler betreffen nur einen Rahmen. Er ist aus dem
    /// Puffer entfernt, der nächste Rahmen kann folgen.
    KeinUtf8,
    KeinJson {
        zeile: usize,
        spalte: usize,
    },
    KeinBefehl,
    UnbekannterBefehl {
        befehl: String,
    },
    FalscheFelder {
        befehl: String,
    },
}

impl RahmenFehler {
    /// Kurzname für das Feld `art` der Fehlerantwort.
    pub fn art(&self) -> &'static str {
        match self {
            RahmenFehler::ZuGross { .. } => "rahmen_zu_gross",
            RahmenFehler::KeinUtf8 => "kein_utf8",
            RahmenFehler::KeinJson { .. } => "kein_json",
            RahmenFehler::KeinBefehl | RahmenFehler::UnbekannterBefehl { .. } => {
                "unbekannter_befehl"
            }
            RahmenFehler::FalscheFelder { .. } => "falsche_felder",
        }
    }

    /// Die Meldung für Menschen.
    pub fn meldung(&self) -> String {
        let bekannt = BEFEHLE.map(|(name, _)| name).join(", ");
        match self {
            RahmenFehler::ZuGross { laenge } => format!(
                "Rahmen mit {laenge} Bytes ist zu groß (höchstens {MAX_RAHMEN}), Verbindung wird getrennt"
            ),
            RahmenFehler::KeinUtf8 => "Die Nutzdaten sind kein gültiges UTF-8".into(),
            RahmenFehler::KeinJson { zeile, spalte } => {
                format!("Kein gültiges JSON (Zeile {zeile}, Spalte {spalte})")
            }
            RahmenFehler::KeinBefehl => {
                format!("Das Feld „befehl“ fehlt. Bekannte Befehle: {bekannt}")
            }
            RahmenFehler::UnbekannterBefehl { befehl } => {
                format!("Unbekannter Befehl „{befehl}“. Bekannte Befehle: {bekannt}")
            }
            RahmenFehler::FalscheFelder { befehl } => {
                let felder = BEFEHLE.iter().find(|(n, _)| n == befehl);
                let felder = felder.map_or("?", |b| b.1);
                format!("Falsche Felder für „{befehl}“, erwartet: {felder}")
            }
        }
    }
}

// ANCHOR: dekodiere
/// Nimmt einen vollständigen Rahmen vorne aus dem Puffer.
/// `Ok(None)`: Es fehlen noch Bytes – lies weiter und frag dann noch einmal.
pub fn dekodiere(puffer: &mut Vec<u8>) -> Result<Option<Anfrage>, RahmenFehler> {
    let Some(&[a, b, c, d]) = puffer.get(..KOPF) else {
        return Ok(None); // nicht einmal der Kopf ist da
    };
    let laenge = u32::from_be_bytes([a, b, c, d]) as usize;
    if laenge > MAX_RAHMEN {
        return Err(RahmenFehler::ZuGross { laenge });
    }
    if puffer.len() < KOPF + laenge {
        return Ok(None); // der Kopf ist da, die Nutzdaten noch nicht ganz
    }
    // Den ganzen Rahmen aus dem Puffer nehmen – auch wenn er gleich als
    // fehlerhaft erkannt wird. So bleibt der Strom im Takt.
    let nutzdaten: Vec<u8> = puffer.drain(..KOPF + laenge).skip(KOPF).collect();
    deute(&nutzdaten).map(Some)
}
// ANCHOR_END: dekodiere

/// Macht aus den Nutzdaten eines Rahmens eine Anfrage – in Stufen, damit jede
/// Fehlermeldung sagt, was genau nicht stimmt.
fn deute(nutzdaten: &[u8]) -> Result<Anfrage, RahmenFehler> {
    let text = std::str::from_utf8(nutzdaten).map_err(|_| RahmenFehler::KeinUtf8)?;
    let wert: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RahmenFehler::KeinJson {
            zeile: e.line(),
            spalte: e.column(),
        })?;
    let Some(befehl) = wert.get("befehl").and_then(|b| b.as_str()) else {
        return Err(RahmenFehler::KeinBefehl);
    };
    let befehl = befehl.to_string();
    if !BEFEHLE.iter().any(|(name, _)| *name == befehl) {
        return Err(RahmenFehler::UnbekannterBefehl { befehl });
    }
    serde_json::from_value(wert).map_err(|_| RahmenFehler::FalscheFelder { befehl })
}

// ANCHOR: kodiere
/// Warum aus einem Wert kein Rahmen wird.
#[derive(Debug, Clone, PartialEq)]
pub enum KodierFehler {
    /// serde_json konnte den Wert nicht schreiben.
    Json(String),
    /// Das JSON ist länger als MAX_RAHMEN: Die Gegenseite würde es ablehnen.
    ZuGross { laenge: usize },
}

impl KodierFehler {
    pub fn meldung(&self) -> String {
        match self {
            KodierFehler::Json(e) => format!("JSON ließ sich nicht erzeugen ({e})"),
            KodierFehler::ZuGross { laenge } => {
                format!("Die Antwort hätte {laenge} Bytes, ein Rahmen höchstens {MAX_RAHMEN}")
            }
        }
    }
}

/// Baut einen Rahmen: Länge als u32 Big Endian, dann das JSON. Auch der
/// Absender hält sich an MAX_RAHMEN; ein Fehler ist ein Wert, keine Panik.
pub fn kodiere<T: Serialize>(wert: &T) -> Result<Vec<u8>, KodierFehler> {
    let json = serde_json::to_vec(wert).map_err(|e| KodierFehler::Json(e.to_string()))?;
    if json.len() > MAX_RAHMEN {
        return Err(KodierFehler::ZuGross { laenge: json.len() });
    }
    let mut rahmen = Vec::with_capacity(KOPF + json.len());
    rahmen.extend_from_slice(&(json.len() as u32).to_be_bytes());
    rahmen.extend_from_slice(&json);
    Ok(rahmen)
}
// ANCHOR_END: kodiere

// ANCHOR: seite
/// Höchstens SEITE Notizen ab Nummer `ab`. Nur diese werden kopiert: Was eine
/// Anfrage an Speicher braucht, ist begrenzt, egal wie voll das Notizbuch ist.
pub fn seite(notizen: &[String], ab: usize) -> Antwort {
    let ab = ab.min(notizen.len());
    let bis = notizen.len().min(ab + SEITE);
    Antwort::Notizen {
        notizen: notizen[ab..bis].to_vec(),
        weiter: (bis < notizen.len()).then_some(bis),
    }
}
// ANCHOR_END: seite

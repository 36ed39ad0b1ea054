//! Teil des Störsenders (`cargo run --example stoerer -- tcp|udp …`): was
//! der TCP- und der UDP-Modus gemeinsam brauchen – den Zufall, der nur vom
//! Seed abhängt, eine lesbare Vorschau auf Daten und die Meldung, wenn der
//! Port schon belegt ist.

use std::io;
use std::net::SocketAddr;

// ANCHOR: zufall
/// Ein kleiner, selbst geschriebener Zufallsgenerator (SplitMix64). Jedes
/// Datagramm bzw. Stückchen bekommt einen eigenen Strom aus Seed und Nummer:
/// Die Entscheidungen hängen so nie vom Timing ab, nur von Seed und Nummer.
pub struct Zufall(u64);

impl Zufall {
    pub fn fuer(seed: u64, strom: u64, nummer: u64) -> Zufall {
        let mut z = Zufall(seed ^ strom.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        z.0 = z.0.wrapping_add(nummer.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z.naechste(); // einmal mischen, damit benachbarte Nummern weit auseinander liegen
        z
    }

    pub fn naechste(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    /// true mit Wahrscheinlichkeit `p`.
    pub fn trifft(&mut self, p: f64) -> bool {
        // Die oberen 53 Bit ergeben eine gleichverteilte Zahl in [0, 1).
        ((self.naechste() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}
// ANCHOR_END: zufall

/// Die ersten 40 Zeichen eines Datenblocks, lesbar gemacht. Die Debug-Form
/// (`{:?}`) zeigt Zeilenenden und Steuerzeichen als `\n` und `\u{1b}`: Ein
/// Client kann so weder Zeilen im Protokoll fälschen noch das Terminal steuern.
pub fn vorschau(daten: &[u8]) -> String {
    let text = String::from_utf8_lossy(daten);
    let mut kurz: String = text.chars().take(40).collect();
    if kurz.len() < text.len() {
        kurz.push('…');
    }
    format!("{kurz:?}")
}

/// Die deutsche Meldung, wenn `bind()` scheitert, mit einem Rat.
pub fn bind_fehler(e: io::Error, adresse: SocketAddr) -> anyhow::Error {
    let rat = match e.kind() {
        io::ErrorKind::AddrInUse => {
            "Der Port ist schon belegt. Läuft der Störsender noch? Oder wähle mit --von einen anderen Port."
        }
        io::ErrorKind::AddrNotAvailable => {
            "Die Adresse gehört zu keiner Schnittstelle dieses Rechners. Prüfe --von."
        }
        io::ErrorKind::PermissionDenied => {
            "Keine Berechtigung: Ports unter 1024 brauchen unter Linux Sonderrechte. Wähle mit --von einen Port ab 1024."
        }
        _ => "Prüfe die Adresse hinter --von.",
    };
    anyhow::Error::new(e).context(format!("Kann {adresse} nicht binden. {rat}"))
}

//! Exponentieller Backoff mit Jitter, ohne I/O: Wie lange `reconnect_client`
//! vor dem nächsten Verbindungsversuch wartet. Kein Socket, keine Uhr – nur
//! Rechnen; darum lässt es sich mit festem Seed genau prüfen.
//!
//! Kein eigenes Beispiel: `reconnect_client` bindet die Datei mit
//! `#[path = "neu_verbinden/backoff.rs"] mod backoff;` ein.

use std::time::Duration;

// ANCHOR: backoff
/// Jede Pause darf höchstens doppelt so lang werden wie die vorige …
pub const FAKTOR: u32 = 2;
/// … aber nie länger als das: Auch nach langer Störung soll der Client bald
/// merken, dass der Server wieder da ist.
pub const DECKEL: Duration = Duration::from_secs(10);

/// Exponentieller Backoff mit „Full Jitter“: Die Pause vor Versuch n ist
/// zufällig zwischen 0 und min(DECKEL, basis · FAKTOR^(n−1)).
pub struct Backoff {
    pub basis: Duration,
    pub zufall: Zufall,
}

impl Backoff {
    pub fn neu(basis: Duration, seed: u64) -> Backoff {
        let zufall = Zufall(seed);
        Backoff { basis, zufall }
    }

    pub fn pause(&mut self, versuch: u32) -> Duration {
        let exponent = versuch.saturating_sub(1).min(30);
        let obergrenze = self
            .basis
            .saturating_mul(FAKTOR.saturating_pow(exponent))
            .min(DECKEL);
        let ms = obergrenze.as_millis() as u64;
        Duration::from_millis(self.zufall.naechste() % (ms + 1))
    }
}

/// SplitMix64: ein winziger Pseudozufallsgenerator. Für Jitter reicht er,
/// für Schlüssel oder Passwörter niemals.
pub struct Zufall(pub u64);

impl Zufall {
    pub fn naechste(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
// ANCHOR_END: backoff

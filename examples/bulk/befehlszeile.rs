//! Die Befehlszeile von `bulk_send` und `bulk_recv`: Zahlen mit
//! Bereichsprüfung. Beide binden die Datei mit `#[path]` ein.

use std::fmt::Display;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// Eine Zahl aus der Befehlszeile im Bereich `erlaubt`. So erreicht auch
/// `--sekunden -1`, `inf` oder `1e30` nie `Duration::from_secs_f64`.
pub fn pruefe<T>(option: &str, wert: &str, erlaubt: RangeInclusive<T>) -> Result<T, String>
where
    T: FromStr + PartialOrd + Display,
{
    match wert.parse() {
        Ok(x) if erlaubt.contains(&x) => Ok(x),
        _ => Err(format!(
            "{option} erwartet {} bis {}, nicht {wert:?}",
            erlaubt.start(),
            erlaubt.end()
        )),
    }
}

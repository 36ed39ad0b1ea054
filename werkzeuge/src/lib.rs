//! Was alle Messwerkzeuge gleich machen: die Befehlszeile lesen (mit
//! `--help` und deutschen Meldungen bei falschen Argumenten), Zahlen und
//! Dauern mit Bereichsprüfung, und eine Ausgabe, die an einer geschlossenen
//! Pipe (`… | head -n 1`) leise endet, statt in Panik zu geraten.
//!
//! Die Werkzeuge selbst liegen in `src/bin/`; sie sind keine Lektionen,
//! sondern messen die Lektionen (Kapitel „Wie schnell ist das?“).

use std::fmt::Display;
use std::io;
use std::ops::RangeInclusive;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

/// Wie `println!`, aber ist die Standardausgabe geschlossen (der Leser der
/// Pipe ist weg), endet das Programm leise mit Exit-Code 0. `println!`
/// geriete dort in Panik, weil Rust SIGPIPE ignoriert und den Fehler meldet.
#[macro_export]
macro_rules! zeige {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// Startet ein Werkzeug: `--help` oder `-h` irgendwo zeigt `aufruf` (Exit 0);
/// ein falsches Argument zeigt die Meldung von `lies` und `aufruf` (Exit 2);
/// sonst läuft `run`, und ein Fehler erscheint als `Fehler: …` (Exit 1).
pub fn starte<T>(
    aufruf: &str,
    lies: impl FnOnce(Vec<String>) -> Result<T, String>,
    run: impl FnOnce(T) -> anyhow::Result<()>,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        zeige!("{aufruf}");
        return ExitCode::SUCCESS;
    }
    let optionen = match lies(args) {
        Ok(o) => o,
        Err(meldung) => {
            eprintln!("Fehler: {meldung}\n\n{aufruf}");
            return ExitCode::from(2);
        }
    };
    match run(optionen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Der Wert hinter einer Option, etwa `--runden 100`.
pub fn wert_von(option: &str, args: &mut impl Iterator<Item = String>) -> Result<String, String> {
    args.next()
        .ok_or_else(|| format!("{option} braucht einen Wert"))
}

/// Eine ganze Zahl für `option` im Bereich `erlaubt`.
pub fn zahl<T>(option: &str, wert: &str, erlaubt: RangeInclusive<T>) -> Result<T, String>
where
    T: FromStr + PartialOrd + Display,
{
    let bereich = format!("{} bis {}", erlaubt.start(), erlaubt.end());
    match wert.parse::<T>() {
        Ok(n) if erlaubt.contains(&n) => Ok(n),
        _ => Err(format!(
            "{option} erwartet eine ganze Zahl von {bereich}, nicht {wert:?}"
        )),
    }
}

/// Eine Dauer in Sekunden (auch `1.5`) für `option`, größer als 0 und
/// höchstens `hoechstens` Sekunden. `-1`, `inf`, `nan` oder `1e30` werden
/// abgelehnt, bevor sie `Duration` erreichen.
pub fn sekunden(option: &str, wert: &str, hoechstens: u64) -> Result<Duration, String> {
    match wert.parse::<f64>() {
        // Unter einer Millisekunde wäre die Frist praktisch null, und
        // `set_read_timeout(Some(0))` lehnt std ab.
        Ok(s) if s >= 0.001 && s <= hoechstens as f64 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "{option} erwartet Sekunden von 0.001 bis {hoechstens}, nicht {wert:?}"
        )),
    }
}

// GLEICH: ist_timeout – abgelaufene Frist: Unix meldet WouldBlock (EAGAIN), Windows TimedOut
pub fn ist_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
// GLEICH_ENDE: ist_timeout

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zahlen_ausserhalb_des_bereichs_werden_abgelehnt() {
        assert_eq!(zahl("--n", "5", 1..=10u32), Ok(5));
        assert!(zahl("--n", "0", 1..=10u32).is_err());
        assert!(zahl("--n", "abc", 1..=10u32).is_err());
        assert!(zahl("--n", "99999999999999999999", 1..=10u64).is_err());
    }

    #[test]
    fn absurde_dauern_werden_abgelehnt() {
        for falsch in ["0", "-1", "inf", "nan", "1e30", "x"] {
            assert!(sekunden("--s", falsch, 3600).is_err(), "{falsch}");
        }
        assert_eq!(
            sekunden("--s", "1.5", 3600),
            Ok(Duration::from_millis(1500))
        );
    }
}

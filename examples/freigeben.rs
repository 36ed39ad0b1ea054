//! Sockets freigeben: Solange ein Socket lebt, gehört ihm sein Port. `Drop`
//! gibt ihn zurück, so wie Pythons `with`-Block beim Verlassen `close()` aufruft.
//!
//! Benutzt `TcpListener::bind`, einen inneren Block und `drop`.
//!
//! Terminal 1: cargo run --example freigeben

use std::io;
use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::{Context, bail};
include!("bausteine/ausgabe.rs"); // zeile! und ausgabe!: still statt Panik bei `| head`

/// Kurzhilfe für `--help`.
const AUFRUF: &str = "Aufruf: cargo run --example freigeben

Bindet einen Port, zeigt, dass ein zweites bind() scheitert, und dass Drop
den Port wieder freigibt. Das Beispiel nimmt keine Argumente.";

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("--help" | "-h") => {
            zeile!("{AUFRUF}");
            return ExitCode::SUCCESS;
        }
        Some(anderes) => {
            eprintln!("Fehler: unbekanntes Argument {anderes:?}\n\n{AUFRUF}");
            return ExitCode::from(2);
        }
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    // ANCHOR: block
    let adresse = {
        // Der Listener lebt nur in diesem Block, wie ein Socket in `with`.
        let listener = TcpListener::bind("127.0.0.1:0").context("Binden")?;
        let adresse = listener.local_addr()?;
        zeile!("1. Gebunden an {adresse}");

        // Ein zweiter Socket auf derselben Adresse scheitert: Der Port ist belegt.
        match TcpListener::bind(adresse) {
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                zeile!("2. Zweites bind() auf {adresse}: belegt ({e})");
            }
            Err(e) => return Err(e).context("unerwarteter Fehler beim zweiten bind()"),
            Ok(_) => bail!("Der Port war doppelt vergeben – das darf nicht sein"),
        }
        adresse
        // Hier endet der Block: Drop schließt den Listener.
    };
    // ANCHOR_END: block

    // ANCHOR: wieder_frei
    let wieder = TcpListener::bind(adresse).context("Port ist nach Drop nicht frei")?;
    zeile!("3. Nach dem Block: {adresse} ist wieder frei und neu gebunden");
    // Auch ohne Block geht es: drop() schließt sofort.
    drop(wieder);
    zeile!("4. drop(): geschlossen, bevor main endet");
    // ANCHOR_END: wieder_frei
    Ok(())
}

//! Absichtlich falsch (Aufgabe 06): liest blockierend erst A bis zum Ende,
//! dann B. Antwortet B zuerst, bleibt das unbemerkt. Der Prüfer meldet „B
//! antwortet zuerst“ mit ✗.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a = TcpStream::connect(&args[0])?;
    let b = TcpStream::connect(&args[1])?;
    println!("Verbunden mit 2 Servern");
    for (name, strom) in [("A", a), ("B", b)] {
        for zeile in BufReader::new(strom).lines() {
            println!("{name}: {}", zeile?);
        }
    }
    println!("Fertig");
    Ok(())
}

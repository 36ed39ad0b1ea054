//! Absichtlich falsch (Aufgabe 19): schickt eine Anfrage und wartet auf die
//! Antwort, bevor die nächste geht. Bei 25 ms Latenz dauern 400 Anfragen
//! über 10 s. Der Prüfer meldet „400 Anfragen trotz 25 ms Latenz“ mit ✗.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut s = TcpStream::connect(&args[0])?;
    println!("Verbunden mit {}", s.peer_addr()?);
    let anzahl: u64 = args[1].parse().unwrap_or(0);
    let mut leser = BufReader::new(s.try_clone()?);
    let mut summe = 0u64;
    for k in 1..=anzahl {
        s.write_all(format!("QUADRAT {k}\n").as_bytes())?;
        let mut z = String::new();
        leser.read_line(&mut z)?; // der Fehler: warten, bevor die nächste Anfrage geht
        summe += z.trim().parse::<u64>().unwrap_or(0);
    }
    println!("Summe: {summe}");
    Ok(())
}

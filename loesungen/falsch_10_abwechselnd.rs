//! Absichtlich falsch (Aufgabe 10): nimmt abwechselnd blockierend auf IPv4
//! und IPv6 an. Kommt zuerst ein IPv6-Client, wartet er, bis ein IPv4-Client
//! da war. Der Prüfer meldet „Bedient beide Familien gleichzeitig“ mit ✗.

use std::io::Write;
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let v4 = TcpListener::bind("127.0.0.1:0")?;
    let port = v4.local_addr()?.port();
    let v6 = TcpListener::bind(("::1", port))?;
    println!(
        "Server lauscht auf {} und {}",
        v4.local_addr()?,
        v6.local_addr()?
    );
    loop {
        for (familie, l) in [("IPv4", &v4), ("IPv6", &v6)] {
            let (mut s, client) = l.accept()?;
            let _ = s.write_all(format!("{familie} {client}\n").as_bytes());
        }
    }
}

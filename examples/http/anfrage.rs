//! HTTP/1.1-Anfragen zerlegen, ohne I/O (RFC 9112): Bytes hinein, Anfrage
//! heraus. Hier kommt kein Socket vor, also lässt sich der Parser mit
//! beliebig zerstückelten Bytes testen (`tests/decoder_eigenschaften.rs`).
//!
//! Kein eigenes Beispiel: `http_server` bindet die Datei mit
//! `#[path = "http/anfrage.rs"] mod anfrage;` ein.

// ANCHOR: grenzen
/// Längste Zeile (Anfragezeile oder Kopfzeile), inklusive Zeilenende.
pub const MAX_ZEILE: usize = 8 * 1024;
/// Höchstens so viele Kopfzeilen …
pub const MAX_KOPFZEILEN: usize = 64;
/// … und höchstens so viele Bytes für den ganzen Kopf.
pub const MAX_KOPF: usize = 32 * 1024;
/// Größter Körper, den wir annehmen (Content-Length).
pub const MAX_KOERPER: usize = 64 * 1024;
// ANCHOR_END: grenzen

#[derive(Debug, Clone, PartialEq)]
pub struct Anfrage {
    pub methode: String,
    pub pfad: String,
    pub version: String,
    pub kopfzeilen: Vec<(String, String)>,
    pub koerper: Vec<u8>,
}

impl Anfrage {
    /// Der Wert einer Kopfzeile; Namen sind ohne Groß-/Kleinschreibung.
    pub fn kopf(&self, name: &str) -> Option<&str> {
        let mut treffer = self
            .kopfzeilen
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        treffer.next().map(|(_, w)| w.as_str())
    }

    /// HTTP/1.1 hält die Verbindung offen, außer bei `Connection: close`.
    /// HTTP/1.0 schließen wir immer (Abkürzung: kein 1.0-Keep-alive).
    pub fn will_schliessen(&self) -> bool {
        self.version == "HTTP/1.0"
            || self
                .kopf("connection")
                .is_some_and(|w| w.eq_ignore_ascii_case("close"))
    }
}

/// Was an einer Anfrage falsch sein kann, mit dem passenden Statuscode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HttpFehler {
    Kaputt(&'static str),
    AnfragezeileZuLang,
    KopfZuGross,
    KoerperZuGross,
    NichtUnterstuetzt,
    FalscheVersion,
}

impl HttpFehler {
    pub fn status(self) -> (u16, &'static str, &'static str) {
        match self {
            HttpFehler::Kaputt(grund) => (400, "Bad Request", grund),
            HttpFehler::AnfragezeileZuLang => (414, "URI Too Long", "Anfragezeile zu lang"),
            HttpFehler::KopfZuGross => (431, "Request Header Fields Too Large", "Kopf zu groß"),
            HttpFehler::KoerperZuGross => (413, "Content Too Large", "Körper zu groß"),
            HttpFehler::NichtUnterstuetzt => (
                501,
                "Not Implemented",
                "Transfer-Encoding wird nicht unterstützt",
            ),
            HttpFehler::FalscheVersion => (
                505,
                "HTTP Version Not Supported",
                "nur HTTP/1.0 und HTTP/1.1",
            ),
        }
    }
}

// ANCHOR: zerlege
/// `Ok(None)`: Die Anfrage ist noch nicht vollständig – weiterlesen.
/// `Ok(Some((anfrage, n)))`: Die ersten `n` Bytes des Puffers waren eine Anfrage.
pub fn zerlege(puffer: &[u8]) -> Result<Option<(Anfrage, usize)>, HttpFehler> {
    // 1. Den Kopf Zeile für Zeile ablaufen, bis zur Leerzeile.
    let mut zeilen: Vec<&[u8]> = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &puffer[pos..];
        let Some(ende) = rest.iter().position(|&b| b == b'\n') else {
            // Noch kein Zeilenende. Zu lang darf die angefangene Zeile nicht werden.
            return match (rest.len() >= MAX_ZEILE, zeilen.is_empty()) {
                (true, true) => Err(HttpFehler::AnfragezeileZuLang),
                (true, false) => Err(HttpFehler::KopfZuGross),
                (false, _) if pos + rest.len() > MAX_KOPF => Err(HttpFehler::KopfZuGross),
                (false, _) => Ok(None),
            };
        };
        if ende >= MAX_ZEILE {
            return Err(match zeilen.is_empty() {
                true => HttpFehler::AnfragezeileZuLang,
                false => HttpFehler::KopfZuGross,
            });
        }
        pos += ende + 1;
        if pos > MAX_KOPF || zeilen.len() > MAX_KOPFZEILEN {
            return Err(HttpFehler::KopfZuGross);
        }
        // RFC 9112 erlaubt auch ein nacktes `\n` als Zeilenende.
        let zeile = rest[..ende].strip_suffix(b"\r").unwrap_or(&rest[..ende]);
        match (zeile.is_empty(), zeilen.is_empty()) {
            (true, true) => continue, // Leerzeilen vor der Anfrage übergehen
            (true, false) => break,   // Leerzeile: Ende des Kopfs
            (false, _) => zeilen.push(zeile),
        }
    }

    // 2. Anfragezeile: METHODE PFAD VERSION, durch genau ein Leerzeichen getrennt.
    let anfragezeile = std::str::from_utf8(zeilen[0])
        .map_err(|_| HttpFehler::Kaputt("Anfragezeile ist kein UTF-8"))?;
    let teile: Vec<&str> = anfragezeile.split(' ').collect();
    let &[methode, pfad, version] = teile.as_slice() else {
        return Err(HttpFehler::Kaputt(
            "Anfragezeile braucht METHODE PFAD VERSION",
        ));
    };
    if methode.is_empty() || !methode.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(HttpFehler::Kaputt("ungültige Methode"));
    }
    if !pfad.starts_with('/') || pfad.bytes().any(|b| b.is_ascii_control()) {
        return Err(HttpFehler::Kaputt("Pfad muss mit / beginnen"));
    }
    match version {
        "HTTP/1.1" | "HTTP/1.0" => {}
        v if v.starts_with("HTTP/") => return Err(HttpFehler::FalscheVersion),
        _ => return Err(HttpFehler::Kaputt("unbekannte Version")),
    }

    // 3. Kopfzeilen: NAME: WERT. Vor dem Doppelpunkt steht kein Leerraum.
    let mut kopfzeilen = Vec::new();
    for zeile in &zeilen[1..] {
        let zeile = String::from_utf8_lossy(zeile);
        let Some((name, wert)) = zeile.split_once(':') else {
            return Err(HttpFehler::Kaputt("Kopfzeile ohne Doppelpunkt"));
        };
        if name.is_empty() || name.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(HttpFehler::Kaputt("ungültiger Name einer Kopfzeile"));
        }
        kopfzeilen.push((name.to_string(), wert.trim().to_string()));
    }
    let mut anfrage = Anfrage {
        methode: methode.into(),
        pfad: pfad.into(),
        version: version.into(),
        kopfzeilen,
        koerper: Vec::new(),
    };

    // 4. Der Körper: genau Content-Length Bytes. Ohne die Angabe gibt es keinen.
    if anfrage.kopf("transfer-encoding").is_some() {
        return Err(HttpFehler::NichtUnterstuetzt);
    }
    let laengen: Vec<&str> = anfrage
        .kopfzeilen
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, w)| w.as_str())
        .collect();
    let laenge = match laengen.as_slice() {
        [] => 0,
        [wert] if wert.bytes().all(|b| b.is_ascii_digit()) => wert
            .parse::<usize>()
            .map_err(|_| HttpFehler::KoerperZuGross)?,
        _ => return Err(HttpFehler::Kaputt("ungültige Content-Length")),
    };
    if laenge > MAX_KOERPER {
        return Err(HttpFehler::KoerperZuGross);
    }
    if puffer.len() < pos + laenge {
        return Ok(None);
    }
    anfrage.koerper = puffer[pos..pos + laenge].to_vec();
    Ok(Some((anfrage, pos + laenge)))
}
// ANCHOR_END: zerlege

// ANCHOR: antwort
/// Was nach einer Antwort mit der Verbindung geschieht.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Danach {
    /// Keep-alive: Die nächste Anfrage darf auf derselben Verbindung kommen.
    OffenLassen,
    /// `Connection: close`: Der Server legt nach der Antwort auf.
    Schliessen,
}

/// Eine Antwort, bevor sie auf die Leitung geht. Benannte Felder statt
/// sieben Argumenten: `danach: Danach::Schliessen` sagt, was ein nacktes
/// `true` an dieser Stelle verschweigen würde.
#[derive(Debug, Clone, PartialEq)]
pub struct Antwort<'a> {
    pub code: u16,
    pub grund: &'a str,
    pub typ: &'a str,
    pub koerper: &'a [u8],
    pub danach: Danach,
    /// Für HEAD: derselbe Kopf samt Content-Length, aber kein Körper.
    pub nur_kopf: bool,
}

impl Antwort<'_> {
    /// Statuszeile, Kopfzeilen, Leerzeile, Körper. Content-Length sagt dem
    /// Client, wo die Antwort endet – auch auf einer Verbindung, die offen bleibt.
    pub fn bytes(&self) -> Vec<u8> {
        let verbindung = match self.danach {
            Danach::OffenLassen => "keep-alive",
            Danach::Schliessen => "close",
        };
        let mut kopf = format!(
            "HTTP/1.1 {} {}\r\nServer: http_server (Rust-Buch)\r\nContent-Type: {}\r\n\
             Content-Length: {}\r\nConnection: {verbindung}\r\n",
            self.code,
            self.grund,
            self.typ,
            self.koerper.len()
        );
        if self.code == 405 {
            kopf.push_str("Allow: GET, HEAD, POST\r\n");
        }
        kopf.push_str("\r\n");
        let mut bytes = kopf.into_bytes();
        if !self.nur_kopf {
            bytes.extend_from_slice(self.koerper);
        }
        bytes
    }
}
// ANCHOR_END: antwort

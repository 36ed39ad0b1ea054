"""Musterlösung zu Aufgabe 12 „Dateiübertragung mit Längenpräfix“ in Python:
empfängt Dateien in einem binären Protokoll mit Längen in Netzwerk-Byte-Order.

Anfrage: u16 Namenslänge | Name | u64 Datenlänge | Daten  (Big Endian)
Antwort: u8 Status | u64 Bytes. Status: 0 gespeichert, 1 Name ungültig,
2 zu groß, 3 Datei gibt es schon, 4 Ordner voll.

Der Server bedient einen Client nach dem anderen; jeder hat eine Frist (10 s
Stille am Stück, 120 s insgesamt). Eine Datei erscheint erst unter ihrem
Namen, wenn sie vollständig ist: Bis dahin heißt sie „.teil-…“.

Terminal 1: python3 loesungen/loesung_12_datei.py 127.0.0.1:5112
Den passenden Client spielt der Prüfer:
Prüfen:     cargo run --bin pruefen -- 12 --befehl "python3 loesungen/loesung_12_datei.py"
"""

import os
import socket
import struct
import sys
import time
import unicodedata

STANDARD_ADRESSE = "127.0.0.1:5112"
STANDARD_ORDNER = "empfangen"
# Größte Datei, die wir annehmen.
MAX_DATEI = 100 * 1024 * 1024
# Kontingent des Zielordners: so viele Dateien und so viele Bytes insgesamt.
MAX_DATEIEN = 1000
MAX_GESAMT = 1024 * 1024 * 1024
# So lange darf ein Client am Stück schweigen, so lange höchstens dauern.
STILLE_S = 10.0
GESAMTFRIST_S = 120.0
# Nach der Antwort lesen wir höchstens 64 KiB und 1 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 1.0
# Die Statusbytes der Antwort.
GESPEICHERT, NAME_UNGUELTIG, ZU_GROSS, GIBT_ES_SCHON, ORDNER_VOLL = 0, 1, 2, 3, 4
AUFRUF = """Aufruf: python3 loesungen/loesung_12_datei.py [IP:PORT]
IP:PORT     Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5112 (nur dieser Rechner)
ZIELORDNER  Umgebungsvariable: wohin die Dateien kommen, Standard „empfangen“"""


class ZuFrueh(Exception):
    """Der Client hat aufgehört, bevor alles da war."""


def frist(ende):
    """Der Rest der Gesamtfrist, höchstens STILLE_S; abgelaufen ist ein Timeout."""
    rest = min(ende - time.monotonic(), STILLE_S)
    if rest <= 0:
        raise TimeoutError
    return rest


def lies_genau(verbindung, anzahl, ende):
    """Genau `anzahl` Bytes – egal, in wie vielen TCP-Stücken sie ankommen."""
    daten = b""
    while len(daten) < anzahl:
        verbindung.settimeout(frist(ende))
        stueck = verbindung.recv(min(anzahl - len(daten), 65536))
        if not stueck:
            raise ZuFrueh
        daten += stueck
    return daten


def name_ok(name):
    """Erlaubt sind nur einfache Dateinamen: nichts, was aus dem Ordner führt
    („/“, „\\“, „..“, unter Windows auch „C:x“), und keine Steuerzeichen (ESC,
    Zeilenumbrüche, NUL), die im Terminal oder in Protokollen Unfug treiben."""
    return (0 < len(name.encode()) <= 255 and name != "." and ".." not in name
            and not any(z in name for z in "/\\:")
            and not any(unicodedata.category(z) == "Cc" for z in name))


def belegt(ordner):
    """Anzahl und Gesamtgröße der Dateien im Ordner (für das Kontingent)."""
    with os.scandir(ordner) as eintraege:
        groessen = [e.stat().st_size for e in eintraege]
    return len(groessen), sum(groessen)


def empfange(verbindung, ordner):
    ende = time.monotonic() + GESAMTFRIST_S
    # Netzwerk-Byte-Order ist Big Endian: „!“ in struct, H = u16, Q = u64.
    (namenslaenge,) = struct.unpack("!H", lies_genau(verbindung, 2, ende))
    roh = lies_genau(verbindung, namenslaenge, ende)
    (laenge,) = struct.unpack("!Q", lies_genau(verbindung, 8, ende))

    # Prüfen, bevor ein einziges Datenbyte gelesen wird.
    try:
        name = roh.decode("utf-8")
    except UnicodeDecodeError:
        name = ""
    if not name_ok(name):
        verabschiede(verbindung, NAME_UNGUELTIG, 0)
        return "ungültiger Name abgelehnt"
    if laenge > MAX_DATEI:
        verabschiede(verbindung, ZU_GROSS, 0)
        return f"{laenge} Bytes sind zu groß"
    ziel = os.path.join(ordner, name)
    if os.path.lexists(ziel):
        verabschiede(verbindung, GIBT_ES_SCHON, 0)
        return f"{name} gibt es schon"
    anzahl, bytes_gesamt = belegt(ordner)
    if anzahl >= MAX_DATEIEN or bytes_gesamt + laenge > MAX_GESAMT:
        verabschiede(verbindung, ORDNER_VOLL, 0)
        return "Ordner voll"

    # Erst unter einem Zwischennamen schreiben, dann umbenennen: Bricht der
    # Client ab, bleibt keine halbe Datei unter dem richtigen Namen liegen.
    teil, datei = neue_teildatei(ordner)
    try:
        with datei:
            offen = laenge
            while offen > 0:
                verbindung.settimeout(frist(ende))
                stueck = verbindung.recv(min(offen, 65536))
                if not stueck:
                    raise ZuFrueh
                datei.write(stueck)
                offen -= len(stueck)
            datei.flush()
            os.fsync(datei.fileno())
        os.rename(teil, ziel)
    except BaseException:
        os.remove(teil)
        raise
    verabschiede(verbindung, GESPEICHERT, laenge)
    # Der Name ist geprüft: keine Steuerzeichen, die das Terminal verstellen.
    return f"{name}: {laenge} Bytes gespeichert"


def neue_teildatei(ordner):
    """Legt „.teil-PID-N“ neu an (Modus „xb“: nie eine vorhandene Datei überschreiben)."""
    for nummer in range(1000):
        pfad = os.path.join(ordner, f".teil-{os.getpid()}-{nummer}")
        try:
            return pfad, open(pfad, "xb")
        except FileExistsError:
            continue
    raise OSError("kein freier Zwischenname")


def verabschiede(verbindung, status, anzahl):
    """Antwort (9 Bytes) senden, shutdown(SHUT_WR), begrenzt weglesen: So kommt
    auch eine Absage an, während der Client noch Daten schickt, statt eines Resets."""
    verbindung.settimeout(STILLE_S)
    verbindung.sendall(struct.pack("!BQ", status, anzahl))
    verbindung.shutdown(socket.SHUT_WR)
    ende, gelesen = time.monotonic() + NACHLAUF_ZEIT, 0
    try:
        while gelesen < NACHLAUF_BYTES and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def als_text(adresse):
    """(host, port, …) als „127.0.0.1:5000“ bzw. „[::1]:5000“."""
    host, port = adresse[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def lies_adresse():
    """[IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse IP:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return host.strip("[]"), int(port)


def main():
    host, port = lies_adresse()
    ordner = os.environ.get("ZIELORDNER", STANDARD_ORDNER)
    try:
        os.makedirs(ordner, exist_ok=True)
    except OSError as e:
        print(f"Fehler: Kann {ordner} nicht anlegen ({e})", file=sys.stderr)
        return 1
    try:
        familie = socket.AF_INET6 if ":" in host else socket.AF_INET
        server = socket.create_server((host, port), family=familie)
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adresse.
    print(f"Server lauscht auf {als_text(server.getsockname())}", flush=True)
    while True:
        try:
            verbindung, adresse = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        # Der Fehler eines Clients beendet nicht den Server; ausgegeben wird
        # erst danach, außerhalb von try (eine geschlossene stdout-Pipe ist
        # kein Fehler des Clients).
        with verbindung:
            try:
                ergebnis = empfange(verbindung, ordner)
            except TimeoutError:
                ergebnis = "abgebrochen, zu lange still; nichts gespeichert"
            except ZuFrueh:
                ergebnis = "abgebrochen, hat vor dem Ende aufgehört; nichts gespeichert"
            except OSError as e:
                ergebnis = f"abgebrochen ({e}); nichts gespeichert"
        print(f"{als_text(adresse)}: {ergebnis}", flush=True)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()  # den Rest noch hier schreiben, im try
    except BrokenPipeError:
        # Niemand liest stdout mehr (etwa „| head -n 1“): still enden, wie die
        # Python-Doku („Note on SIGPIPE“) rät; stdout zeigt auf devnull, damit
        # auch das Leeren beim Beenden nicht scheitert. Exit-Code 0 wie in Rust.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)

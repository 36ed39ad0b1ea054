"""Aufgabe 12 „Dateiübertragung mit Längenpräfix“ – Starter für Python. Die Aufgabe steht
im Buch unter „Übungsaufgaben“ (book/aufgaben/12-datei.md).

Empfängt Dateien: u16 Namenslänge, Name, u64 Datenlänge, Daten – alle Zahlen
in Netzwerk-Byte-Order (Big Endian). Antwort immer 9 Bytes: u8 Status
(0 gespeichert, 1 Name ungültig, 2 zu groß), dann u64 mit den gespeicherten Bytes.

Terminal 1: python3 python/aufgabe_12_datei.py 127.0.0.1:5112
Prüfen:     cargo run --bin pruefen -- 12 --befehl "python3 python/aufgabe_12_datei.py"
"""

import os
import socket
import struct
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5112"
STANDARD_ORDNER = "empfangen"
# Größte Datei, die wir annehmen.
MAX_DATEI = 100 * 1024 * 1024


def lies_genau(verbindung, anzahl):
    """Schritt 1: genau `anzahl` Bytes lesen – recv() liefert oft weniger, also in
    einer Schleife, bis alles da ist. Liefert recv() b"", hat der Client zu früh
    aufgehört: eine Ausnahme werfen. Tipp: verbindung.settimeout(10) vorher,
    damit ein stiller Client nicht alle aufhält."""
    raise NotImplementedError(f"{anzahl} Bytes von {verbindung} lesen")


def empfange(verbindung, ordner):
    """Schritt 2: Kopf lesen: struct.unpack("!H", lies_genau(verbindung, 2)), den
    Namen, dann struct.unpack("!Q", …) für die Länge („!“ heißt Big Endian).
    Schritt 3: Name und Länge prüfen, bevor Daten gelesen werden: 1 bis 255 Bytes
    UTF-8, kein „/“, „\\“, „:“, „..“, keine Steuerzeichen; höchstens MAX_DATEI.
    Sonst sofort struct.pack("!BQ", 1 oder 2, 0) schicken.
    Schritt 4: genau die angekündigten Bytes in os.path.join(ordner, name)
    schreiben, dann struct.pack("!BQ", 0, laenge) schicken.
    Liefert einen Text für die Ausgabe, etwa „gruss.txt: 14 Bytes gespeichert“."""
    raise NotImplementedError(f"Datei von {verbindung} nach {ordner} (höchstens {MAX_DATEI} Bytes)")


AUFRUF = """Aufruf: python3 python/aufgabe_12_datei.py [IP:PORT]
IP:PORT     Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5112 (nur dieser Rechner)
ZIELORDNER  Umgebungsvariable: wohin die Dateien kommen, Standard „empfangen“"""


def lies_adresse():
    """Schon fertig: [IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
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
    h, p = server.getsockname()[:2]
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adresse.
    print(f"Server lauscht auf {h}:{p}", flush=True)
    while True:
        try:
            verbindung, client = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        with verbindung:
            try:
                ergebnis = empfange(verbindung, ordner)
            except (OSError, ValueError) as e:
                # Der Fehler eines Clients beendet nicht den Server.
                ergebnis = f"abgebrochen ({e}); nichts gespeichert"
        print(f"{client[0]}:{client[1]}: {ergebnis}", flush=True)


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

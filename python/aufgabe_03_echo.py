"""Aufgabe 03 „Echo, das Einzelbytes übersteht“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/03-echo.md).

Ausprobieren: python3 python/aufgabe_03_echo.py 127.0.0.1:5103
Prüfen:       cargo run --bin pruefen -- 03 --befehl "python3 python/aufgabe_03_echo.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5103"

MAX_ZEILE = 1024


def echo(verbindung):
    """Schritt 2: Zeile um Zeile lesen und mit „Echo: …“ beantworten.
    Tipp: eine Datei je Verbindung mit verbindung.makefile("rb")."""
    raise NotImplementedError("Zeilen beantworten")


AUFRUF = """Aufruf: python3 python/aufgabe_03_echo.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5103 (nur dieser Rechner)"""


def lies_adresse():
    """Schon fertig: [IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF)
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
    # Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    # oder aus der Umgebungsvariable ADRESSE; lies_adresse ist schon fertig.
    host, port = lies_adresse()
    # Schritt 1: Socket erzeugen und binden. Wichtig: flush=True bei print,
    # sonst bleibt die erste Zeile im Puffer hängen.
    raise NotImplementedError(f"Socket für {host}:{port} binden")


if __name__ == "__main__":
    sys.exit(main())

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


def main():
    # Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    # oder aus der Umgebungsvariable ADRESSE.
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    # Schritt 1: Socket erzeugen und binden. Wichtig: flush=True bei print,
    # sonst bleibt die erste Zeile im Puffer hängen.
    raise NotImplementedError("Socket für " + host + ":" + port + " binden")


if __name__ == "__main__":
    sys.exit(main())

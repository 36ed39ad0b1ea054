"""Aufgabe 02 „Bestätigungs-Server“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/02-bestaetigung.md).

Ausprobieren: python3 python/aufgabe_02_bestaetigung.py 127.0.0.1:5102
Prüfen:       cargo run --bin pruefen -- 02 --befehl "python3 python/aufgabe_02_bestaetigung.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5102"

MAX_NAME = 100


def bediene(verbindung, nummer):
    """Schritt 2: eine Zeile (höchstens MAX_NAME Bytes) lesen und bestätigen.
    Tipp: verbindung.makefile("rb").readline(MAX_NAME + 1)"""
    raise NotImplementedError("Namen lesen und Nr. %d bestätigen" % nummer)


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

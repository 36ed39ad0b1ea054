"""Aufgabe 04 „UDP-Zeitansage“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/04-zeitansage.md).

Ausprobieren: python3 python/aufgabe_04_zeitansage.py 127.0.0.1:5104
Prüfen:       cargo run --bin pruefen -- 04 --befehl "python3 python/aufgabe_04_zeitansage.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5104"

PUFFER = 1500


def beantworte(s):
    """Schritt 2: recvfrom in einer Schleife, sendto an den Absender."""
    raise NotImplementedError("Datagramme beantworten")


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

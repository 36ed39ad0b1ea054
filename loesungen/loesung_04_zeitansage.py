"""Musterlösung zu Aufgabe 04 „UDP-Zeitansage“ in Python.

Terminal 1: python3 loesungen/loesung_04_zeitansage.py 127.0.0.1:5104
Prüfen:     cargo run --bin pruefen -- 04 --befehl "python3 loesungen/loesung_04_zeitansage.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5104"
PUFFER = 1500


def main():
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((host, int(port)))
    except OSError as e:
        print(f"Fehler: Kann {text} nicht binden: {e}", file=sys.stderr)
        return 1
    print(f"Server lauscht auf {s.getsockname()[0]}:{s.getsockname()[1]}", flush=True)
    while True:
        try:
            # Ein recvfrom ist genau ein Datagramm; was über PUFFER hinausgeht, fällt weg.
            daten, absender = s.recvfrom(PUFFER)
        except OSError as e:
            print(f"Empfangen ist gescheitert: {e}", file=sys.stderr)
            continue
        if daten.removesuffix(b"\n") == b"ZEIT":
            antwort = f"ZEIT {int(time.time())}"
        else:
            antwort = "FEHLER unbekannte Anfrage"
        s.sendto(antwort.encode(), absender)


if __name__ == "__main__":
    sys.exit(main())

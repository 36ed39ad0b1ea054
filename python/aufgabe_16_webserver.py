"""Aufgabe 16 „Mini-Webserver“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/16-webserver.md).

Ausprobieren: python3 python/aufgabe_16_webserver.py 127.0.0.1:5116
Prüfen:       cargo run --bin pruefen -- 16 --befehl "python3 python/aufgabe_16_webserver.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5116"

MAX_KOPF = 8192
AUFRUF = """Aufruf: python3 python/aufgabe_16_webserver.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5116"""


def bediene(verbindung, seite):
    """Schritt 2: Kopf bis zur Leerzeile lesen, Status wählen, mit sendall antworten."""
    raise NotImplementedError("HTTP-Antwort schicken")


def main():
    # --help und unbekannte Schalter (schon fertig, du musst nichts tun).
    for arg in sys.argv[1:]:
        if arg in ("--help", "-h"):
            print(AUFRUF, flush=True)
            return 0
        if arg.startswith("-"):
            print(f"Fehler: Unbekannter Schalter „{arg}“\n\n{AUFRUF}", file=sys.stderr)
            return 2
    # Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    # oder aus der Umgebungsvariable ADRESSE.
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    # Schritt 1: Socket erzeugen und binden. Wichtig: flush=True bei print,
    # sonst bleibt die erste Zeile im Puffer hängen.
    raise NotImplementedError("Socket für " + host + ":" + port + " binden")


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

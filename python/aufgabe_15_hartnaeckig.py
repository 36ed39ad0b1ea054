"""Aufgabe 15 „Hartnäckiger Client“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/15-hartnaeckig.md).

Holt Zahlen vom Server („AB n“ → „ZAHL k“ … „ENDE“) und verbindet sich nach
jedem Abbruch neu, mit wachsender Wartezeit.

Aufruf:     python3 python/aufgabe_15_hartnaeckig.py 127.0.0.1:5115
Prüfen:     cargo run --bin pruefen -- 15 --befehl "python3 python/aufgabe_15_hartnaeckig.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5115"
# Erste Wartezeit in Sekunden; sie verdoppelt sich bis HOECHSTENS_S.
ERSTE_PAUSE_S = 0.1
HOECHSTENS_S = 1.6
# So viele gescheiterte Versuche in Folge, dann geben wir auf.
MAX_VERSUCHE = 6


class Aufgegeben(Exception):
    """Zu viele Versuche in Folge sind gescheitert."""


def hole_alle(host, port):
    """Schritt 1: socket.create_connection((host, port), timeout=10), „AB n\\n“
    schicken (n = letzte empfangene Zahl, anfangs 0), Zeilen lesen
    (makefile("rb").readline(1024)); für „ZAHL k“ „Zahl k“ ausgeben
    (flush=True), bei „ENDE“ zurückkehren.
    Schritt 2: Bei einem Abbruch (OSError, oder eine Zeile ohne \\n) warten –
    ERSTE_PAUSE_S, dann doppelt so lange bis HOECHSTENS_S – und ab der letzten
    Zahl weitermachen; eine halbe Zeile verwerfen.
    Schritt 3: Nach MAX_VERSUCHE Fehlschlägen in Folge raise Aufgegeben(grund)."""
    raise NotImplementedError(
        f"Zahlen von {host}:{port} holen ({ERSTE_PAUSE_S} … {HOECHSTENS_S} s, "
        f"{MAX_VERSUCHE} Versuche, {socket.create_connection}, {time.sleep})")


AUFRUF = """Aufruf: python3 python/aufgabe_15_hartnaeckig.py [HOST:PORT]
HOST:PORT  der Zahlen-Server; Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5115"""


def lies_adresse():
    """Schon fertig: [HOST:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse HOST:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return text, host.strip("[]"), int(port)


def main():
    text, host, port = lies_adresse()
    # flush=True: Ohne bleibt die Zeile im Puffer, bis das Programm endet.
    print(f"Verbinde mit {text}", flush=True)
    try:
        hole_alle(host, port)
    except Aufgegeben as e:
        print(f"Fehler: {e}", file=sys.stderr)
        return 1
    print("Fertig", flush=True)
    return 0


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

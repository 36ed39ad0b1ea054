"""Aufgabe 19 „Pipelining gegen Latenz“ – Starter für Python. Die Aufgabe steht im
Buch unter „Übungsaufgaben“ (book/aufgaben/19-pipeline.md).

Schickt ANZAHL Anfragen „QUADRAT k“, ohne auf Antworten zu warten, und gibt
die Summe der Antworten aus.

Ausprobieren: python3 python/aufgabe_19_pipeline.py 127.0.0.1:5119 1000
Prüfen:       cargo run --bin pruefen -- 19 --befehl "python3 python/aufgabe_19_pipeline.py"
              (den Server spielt der Prüfer)
"""

import os
import socket
import sys

AUFRUF = """Aufruf: python3 python/aufgabe_19_pipeline.py HOST:PORT ANZAHL
HOST:PORT  der Quadrat-Server, etwa 127.0.0.1:5119
ANZAHL     so viele Anfragen QUADRAT 1 … QUADRAT ANZAHL"""


def frage_alle(verbindung, anzahl):
    """Schritt 1: alle Anfragen „QUADRAT k\\n“ für k = 1 bis anzahl schicken, am
    besten in einem eigenen Thread (threading.Thread) und viele auf einmal
    mit sendall().
    Schritt 2: anzahl Antwortzeilen lesen (verbindung.makefile("rb"), dann
    readline()), jede ist eine Zahl; die Summe zurückgeben."""
    raise NotImplementedError(f"{anzahl} Anfragen schicken")


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    # Schon fertig: HOST:PORT und ANZAHL prüfen.
    host, _, port = args[0].rpartition(":") if len(args) == 2 else ("", "", "")
    if not host or not (port.isascii() and port.isdigit()) or not (args[1].isascii() and args[1].isdigit()):
        print(f"Fehler: Erwartet werden HOST:PORT und ANZAHL\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        verbindung = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
    except OSError as e:
        print(f"Fehler: Keine Verbindung zu {args[0]} ({e}). Läuft der Server?", file=sys.stderr)
        return 1
    with verbindung:
        ip, p = verbindung.getpeername()[:2]
        print(f"Verbunden mit {ip}:{p}", flush=True)
        summe = frage_alle(verbindung, int(args[1]))
    print(f"Summe: {summe}", flush=True)
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

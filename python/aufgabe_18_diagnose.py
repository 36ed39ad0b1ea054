"""Aufgabe 18 „Fehlerdiagnose“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/18-diagnose.md).

Der Client verbindet sich, liest eine Zeile und sagt in einem Wort, was passiert ist.

Ausprobieren: python3 python/aufgabe_18_diagnose.py 127.0.0.1:5101
Prüfen:       cargo run --bin pruefen -- 18 --befehl "python3 python/aufgabe_18_diagnose.py"
"""

import os
import socket
import sys

AUFRUF = """Aufruf: python3 python/aufgabe_18_diagnose.py HOST:PORT
HOST:PORT  wen du untersuchst (sonst Umgebungsvariable ADRESSE), etwa 127.0.0.1:5101
Ausgabe: OK: ZEILE, ABGELEHNT, STILL, GETRENNT oder ZURÜCKGESETZT"""


def diagnose(host, port):
    """Schritt 1: socket.create_connection((host, port), timeout=1).
    Schritt 2: die erste Zeile lesen, höchstens 1 s lang (settimeout), bis zum \\n.
    Schritt 3: das Ergebnis in einem Wort: "OK: " + Zeile (decode mit
    errors="replace"), "ABGELEHNT" (ConnectionRefusedError), "STILL"
    (socket.timeout), "GETRENNT" (recv() liefert b"" vor dem \\n),
    "ZURÜCKGESETZT" (ConnectionResetError, ConnectionAbortedError)."""
    raise NotImplementedError(f"{host}:{port} untersuchen")


def lies_ziel(args):
    """Schon fertig: (host, port) aus dem ersten Argument oder aus ADRESSE."""
    if len(args) > 1:
        raise ValueError(f"Unerwartetes Argument „{args[1]}“")
    text = args[0] if args else os.environ.get("ADRESSE")
    if text is None:
        raise ValueError("Es fehlt das Ziel HOST:PORT")
    host, _, port = text.rpartition(":")
    if text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        raise ValueError(f"„{text}“ ist keine Adresse HOST:PORT, etwa 127.0.0.1:5101")
    return host.strip("[]"), int(port)


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    try:
        host, port = lies_ziel(args)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    print(diagnose(host, port), flush=True)
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

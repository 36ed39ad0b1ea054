"""Musterlösung zu Aufgabe 18 „Fehlerdiagnose“ in Python: verbindet sich,
liest eine Zeile und sagt in einem Wort, was passiert ist – wie ein Eintrag
im Fehler-Atlas.

Aufruf: python3 loesungen/loesung_18_diagnose.py 127.0.0.1:5101
(etwa gegen die Portansage aus Aufgabe 01, gegen einen freien Port oder den Störsender)
Prüfen: cargo run --bin pruefen -- 18 --befehl "python3 loesungen/loesung_18_diagnose.py"
"""

import os
import socket
import sys
import time

# Höchstens so lange für den Verbindungsaufbau …
VERBINDEN_S = 1.0
# … und so lange für die ganze erste Zeile.
LESEN_S = 1.0
MAX_ZEILE = 4096
AUFRUF = """Aufruf: python3 loesungen/loesung_18_diagnose.py HOST:PORT
HOST:PORT  wen du untersuchst (sonst Umgebungsvariable ADRESSE), etwa 127.0.0.1:5101
Ausgabe: OK: ZEILE, ABGELEHNT, STILL, GETRENNT, ZURÜCKGESETZT oder FEHLER"""


def erste_zeile(host, port):
    """Verbindet sich und liest die erste Zeile (ohne \\n) mit Gesamtfrist.
    Fehler kommen als Ausnahme zurück; ohne \\n vor dem Ende: EOFError."""
    with socket.create_connection((host, port), timeout=VERBINDEN_S) as verbindung:
        ende = time.monotonic() + LESEN_S
        daten = b""
        while b"\n" not in daten and len(daten) < MAX_ZEILE:
            rest = ende - time.monotonic()
            if rest <= 0:
                raise TimeoutError
            verbindung.settimeout(rest)
            stueck = verbindung.recv(MAX_ZEILE - len(daten))
            if not stueck:
                raise EOFError
            daten += stueck
        if b"\n" not in daten:
            raise EOFError
        return daten.split(b"\n")[0].rstrip(b"\r")


def diagnose(host, port):
    """Ein Wort (oder „OK: ZEILE“) für das, was passiert ist."""
    try:
        zeile = erste_zeile(host, port)
    except ConnectionRefusedError:
        return "ABGELEHNT"
    except (socket.timeout, TimeoutError):  # socket.timeout für Python vor 3.10
        return "STILL"
    except (ConnectionResetError, ConnectionAbortedError):
        return "ZURÜCKGESETZT"
    except EOFError:
        return "GETRENNT"
    except OSError:
        return "FEHLER"
    # Ungültiges UTF-8 wird zu U+FFFD (�), wie String::from_utf8_lossy in Rust.
    return "OK: " + zeile.decode("utf-8", errors="replace")


def lies_ziel(args):
    """(host, port) aus dem ersten Argument oder aus ADRESSE; ValueError bei Falschem."""
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

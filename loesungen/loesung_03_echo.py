"""Musterlösung zu Aufgabe 03 „Echo, das Einzelbytes übersteht“ in Python.

Terminal 1: python3 loesungen/loesung_03_echo.py 127.0.0.1:5103
Prüfen:     cargo run --bin pruefen -- 03 --befehl "python3 loesungen/loesung_03_echo.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5103"
MAX_ZEILE = 1024


def adresse_aus(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def echo(verbindung):
    # Die Datei puffert: readline sammelt Stücke bis zum \n und hebt auf,
    # was nach dem \n kam.
    with verbindung.makefile("rb") as leser:
        while True:
            zeile = leser.readline(MAX_ZEILE + 1)
            if not zeile:
                return
            if not zeile.endswith(b"\n"):
                if len(zeile) > MAX_ZEILE:
                    verbindung.sendall(f"Fehler: Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n".encode())
                return
            text = zeile.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="replace")
            if text == "bye":
                verbindung.sendall("Tschüss!\n".encode())
                return
            verbindung.sendall(f"Echo: {text}\n".encode())


def main():
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    try:
        server = socket.create_server(adresse_aus(text))
    except OSError as e:
        print(f"Fehler: Kann {text} nicht binden: {e}", file=sys.stderr)
        return 1
    host, port = server.getsockname()[:2]
    print(f"Server lauscht auf {host}:{port}", flush=True)
    while True:
        verbindung, client = server.accept()
        with verbindung:
            try:
                echo(verbindung)
            except OSError as e:
                print(f"Client {client[0]}:{client[1]}: {e}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

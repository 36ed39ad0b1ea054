"""Musterlösung zu Aufgabe 02 „Bestätigungs-Server“ in Python.

Terminal 1: python3 loesungen/loesung_02_bestaetigung.py 127.0.0.1:5102
Prüfen:     cargo run --bin pruefen -- 02 --befehl "python3 loesungen/loesung_02_bestaetigung.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5102"
MAX_NAME = 100


def adresse_aus(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def bediene(verbindung, nummer):
    """Liest den Namen und bestätigt. True, wenn bestätigt wurde."""
    verbindung.settimeout(30)
    # makefile + readline(limit) sammelt bis zum \n, höchstens MAX_NAME + 1 Bytes.
    with verbindung.makefile("rb") as datei:
        zeile = datei.readline(MAX_NAME + 1)
    if not zeile:
        print("Ein Client hat ohne Namen aufgelegt.", flush=True)
        return False
    if not zeile.endswith(b"\n"):
        if len(zeile) > MAX_NAME:
            verbindung.sendall(f"Fehler: Name zu lang (höchstens {MAX_NAME} Bytes)\n".encode())
        return False
    name = zeile.decode("utf-8", errors="replace").strip()
    verbindung.sendall(f"Verbindung hergestellt, {name}! Du bist Client Nr. {nummer}.\n".encode())
    print(f"{name} bestätigt (Nr. {nummer})", flush=True)
    return True


def main():
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    try:
        server = socket.create_server(adresse_aus(text))
    except OSError as e:
        print(f"Fehler: Kann {text} nicht binden: {e}", file=sys.stderr)
        return 1
    print(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}", flush=True)
    nummer = 0
    while True:
        verbindung, client = server.accept()
        with verbindung:
            try:
                if bediene(verbindung, nummer + 1):
                    nummer += 1
            except OSError as e:
                print(f"Client {client[0]}:{client[1]}: {e}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

"""Python-Client für json_server: dasselbe Protokoll mit struct und json.

Terminal 1: cargo run --example json_server
Terminal 2: python3 python/json_client.py [HOST] [PORT]
"""
import json
import socket
import struct
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

MAX_RAHMEN = 64 * 1024


def lies_genau(sock, n):
    """recv() liefert höchstens n Bytes, oft weniger: sammeln, bis alle da sind."""
    daten = b""
    while len(daten) < n:
        stueck = sock.recv(n - len(daten))
        if not stueck:
            raise ConnectionError("Der Server hat mitten im Rahmen aufgelegt")
        daten += stueck
    return daten


def frage(sock, anfrage):
    nutzdaten = json.dumps(anfrage).encode("utf-8")
    # "!I": vier Bytes, vorzeichenlos, Netzwerk-Byte-Order (Big Endian)
    sock.sendall(struct.pack("!I", len(nutzdaten)) + nutzdaten)
    (laenge,) = struct.unpack("!I", lies_genau(sock, 4))
    if laenge > MAX_RAHMEN:
        raise ValueError(f"Antwort mit {laenge} Bytes ist zu groß")
    return json.loads(lies_genau(sock, laenge))


AUFRUF = "Aufruf: python3 python/json_client.py [HOST] [PORT]  (Standard: localhost 6002)"
if "-h" in sys.argv or "--help" in sys.argv:
    sys.exit(print(AUFRUF))
host = sys.argv[1] if len(sys.argv) > 1 else "localhost"
try:
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 6002
except ValueError:
    print(f"Fehler: PORT {sys.argv[2]!r} ist keine Zahl\n{AUFRUF}", file=sys.stderr)
    sys.exit(2)
with socket.create_connection((host, port), timeout=10) as sock:
    print(frage(sock, {"befehl": "echo", "text": "Grüße aus Python"}))
    print(frage(sock, {"befehl": "addiere", "zahlen": [40, 2]}))
    print(frage(sock, {"befehl": "rechne"}))

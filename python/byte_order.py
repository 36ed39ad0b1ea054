"""Netzwerk-Byte-Order in Python – zum Vergleich mit examples/byte_order.rs.

Ohne Argumente: Umwandlungen mit struct und socket.htons.
Als Client für den Rahmen-Server:
  Terminal 1: cargo run --example byte_order -- server
  Terminal 2: python3 python/byte_order.py 127.0.0.1 6030 "Hallo aus Python"
"""

import socket
import struct
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)


# ANCHOR: umwandeln
def zeige_umwandlungen():
    # "!" heißt Netzwerk-Byte-Order (Big Endian), "H" u16, "I" u32.
    print("struct.pack('!H', 12345)      =", struct.pack("!H", 12345).hex(" "))
    print("struct.pack('!I', 0x01020304) =", struct.pack("!I", 0x01020304).hex(" "))
    print("socket.htons(12345)           =", socket.htons(12345))
    print("struct.unpack('!I', ...)      =", struct.unpack("!I", bytes([0, 0, 1, 0]))[0])
    print("Rahmen für 'Hallo':", (struct.pack("!I", 5) + b"Hallo").hex(" "))
# ANCHOR_END: umwandeln


# ANCHOR: client
def lies_genau(s, anzahl):
    """Wie read_exact: sammelt, bis genau `anzahl` Bytes da sind."""
    daten = b""
    while len(daten) < anzahl:
        stueck = s.recv(anzahl - len(daten))
        if not stueck:
            raise ConnectionError("Die Gegenseite hat mitten im Rahmen geschlossen")
        daten += stueck
    return daten


def client(name, port, texte):
    with socket.create_connection((name, port), timeout=10) as s:
        for text in texte:
            nutzdaten = text.encode()
            s.sendall(struct.pack("!I", len(nutzdaten)) + nutzdaten)
            (laenge,) = struct.unpack("!I", lies_genau(s, 4))
            print(f"Gesendet {text!r}, Quittung: {laenge} Bytes")
# ANCHOR_END: client


if __name__ == "__main__":
    if len(sys.argv) < 2:
        zeige_umwandlungen()
    else:
        client(sys.argv[1], int(sys.argv[2]), sys.argv[3:] or ["Hallo aus Python"])

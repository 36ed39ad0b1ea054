"""UDP-Server im Stil des Python-Originals: empfängt Datagramme auf Port
50000 und zeigt jedes als „[IP] Text“. Er antwortet nie.

Terminal 1: python3 python/original/udp_server.py
Terminal 2: python3 python/original/udp_client.py
            (oder cargo run --example udp_client)

Anders als das Original lauscht er ohne Argument nur auf Loopback. Das
erste Argument HOST:PORT wählt eine andere Adresse; mit Port 0 sucht das
Betriebssystem einen freien Port aus (so starten ihn die Tests).
"""

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

# ANCHOR: server
adresse = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50000"
host, _, port = adresse.rpartition(":")

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind((host, int(port)))
    print("UDP-Server empfängt auf {}:{}".format(*s.getsockname()), flush=True)
    while True:
        # Genau ein Datagramm; was über 1024 Bytes hinausgeht, ist verloren.
        daten, absender = s.recvfrom(1024)
        # decode() wirft bei ungültigem UTF-8 eine Ausnahme: Server-Ende.
        print("[{}] {}".format(absender[0], daten.decode()), flush=True)
finally:
    s.close()
# ANCHOR_END: server

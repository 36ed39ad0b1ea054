"""UDP-Client im Stil des Python-Originals: fragt nach IP-Adresse und
Nachricht, schickt die Nachricht als ein einziges Datagramm an Port 50000
und endet. Ob sie ankommt, erfährt er nicht.

Terminal 1: python3 python/original/udp_server.py
            (oder cargo run --example udp_server)
Terminal 2: python3 python/original/udp_client.py

Für Tests ersetzt ein erstes Argument HOST:PORT die Frage nach der
IP-Adresse.
"""

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

# ANCHOR: client
if len(sys.argv) > 1:
    host, _, port = sys.argv[1].rpartition(":")
    ziel = (host, int(port))
else:
    ziel = (input("IP-Adresse: "), 50000)
nachricht = input("Nachricht: ")

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# Ein Aufruf, ein Datagramm: die Bytes des Textes, ohne Zeilenende.
s.sendto(nachricht.encode(), ziel)
s.close()
# ANCHOR_END: client

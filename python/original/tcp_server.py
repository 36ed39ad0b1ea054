# TCP-Server im Stil der Vorlage: bedient einen Client nach dem anderen.
# Aufruf: python3 tcp_server.py [HOST:PORT]   (Standard: alle Schnittstellen, Port 50000)
import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

host, port = "", 50000
if len(sys.argv) > 1:
    host, _, port = sys.argv[1].rpartition(":")
    port = int(port)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((host, port))
s.listen(1)
print("Server lauscht auf {}:{}".format(*s.getsockname()), flush=True)
try:
    while True:
        komm, addr = s.accept()
        while True:
            daten = komm.recv(1024)  # höchstens 1024 Bytes, so viele gerade da sind
            if not daten:  # 0 Bytes: Der Client hat geschlossen
                komm.close()
                break
            print("[{}] {}".format(addr[0], daten.decode()), flush=True)
            antwort = input("Antwort: ")
            komm.send(antwort.encode())  # ohne Zeilenende
finally:
    s.close()

# Server im Stil der Vorlage: nimmt einen Client an, bestätigt und schließt.
# Aufruf: python3 hello_server.py [HOST:PORT]   (Standard: localhost:12345)
import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

host, port = "localhost", 12345
if len(sys.argv) > 1:
    host, _, port = sys.argv[1].rpartition(":")
    port = int(port)

# Socket anlegen, an Adresse und Port binden, auf Clients warten
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind((host, port))
server.listen(1)
print("Server lauscht auf {}:{}".format(*server.getsockname()), flush=True)

# accept() liefert einen neuen Socket für genau diesen Client
verbindung, client = server.accept()
print("Verbunden mit {}:{}".format(*client), flush=True)

# Bestätigung schicken (ohne Zeilenende); gelesen wird nichts
verbindung.send("Verbindung hergestellt!".encode())

verbindung.close()
server.close()

# Wie hello_client.py, aber mit Zeilenende: So versteht ihn auch hello_server.
# Aufruf: python3 hello_client_zeilenende.py [HOST:PORT]   (Standard: localhost:12345)
import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

host, port = "localhost", 12345
if len(sys.argv) > 1:
    host, _, port = sys.argv[1].rpartition(":")
    port = int(port)

# Socket anlegen und mit dem Server verbinden
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect((host, port))

# Begrüßung schicken, mit \n als Ende der Nachricht (die einzige Änderung)
client.send("Hallo, Server!\n".encode())

# Ein einziges recv: höchstens 1024 Bytes, so viele gerade da sind
antwort = client.recv(1024)
print("Antwort vom Server:", antwort.decode(), flush=True)

client.close()

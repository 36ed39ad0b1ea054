# Chat-Client im Stil des Python-Originals, mit einer einzigen Änderung:
# Jede Nachricht endet mit "\n". So hält er sich an die Abmachung von
# examples/chat_server.rs (eine Nachricht ist eine Zeile). Sonst wie
# python/original/chat_client.py.
#
# Aufruf: python3 python/original/chat_client_zeilen.py [HOST:PORT]

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)


def chat_client():
    host, port = "localhost", 5000
    if len(sys.argv) > 1:
        host, _, port = sys.argv[1].rpartition(":")
        port = int(port)

    verbindung = socket.socket()
    verbindung.connect((host, port))

    nachricht = input(" -> ")
    while nachricht.lower().strip() != "bye":
        verbindung.send((nachricht + "\n").encode())  # mit Zeilenende
        antwort = verbindung.recv(1024).decode()
        print("Received from server: " + antwort)
        nachricht = input(" -> ")
    verbindung.close()


if __name__ == "__main__":
    chat_client()

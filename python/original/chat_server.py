# Chat-Server im Stil des Python-Originals aus dem Kapitel „TCP-Chat“.
# Ein recv(1024) gilt als eine Nachricht, Antworten gehen ohne Zeilenende
# hinaus. Genau so naiv wie das Original; die robuste Fassung ist
# examples/chat_server.rs.
#
# Aufruf: python3 python/original/chat_server.py [HOST:PORT]

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)


def chat_server():
    # Standard wie im Original: localhost, Port 5000. Ein Argument HOST:PORT
    # ersetzt beides (Port 0: das System sucht einen freien Port aus).
    host, port = "localhost", 5000
    if len(sys.argv) > 1:
        host, _, port = sys.argv[1].rpartition(":")
        port = int(port)

    lauscher = socket.socket()
    lauscher.bind((host, port))
    lauscher.listen(2)  # Warteschlange für fertige Verbindungen: 2
    print("Server lauscht auf %s:%d" % lauscher.getsockname(), flush=True)

    verbindung, client = lauscher.accept()
    print("Connection from: " + str(client))
    while True:
        # Bis zu 1024 Bytes, die gerade da sind, gelten als eine Nachricht.
        nachricht = verbindung.recv(1024).decode()
        if not nachricht:  # 0 Bytes: der Client hat geschlossen
            break
        print("Received from connected client: " + nachricht)
        antwort = input(" -> ")
        verbindung.send(antwort.encode())  # ohne Zeilenende
    verbindung.close()


if __name__ == "__main__":
    chat_server()

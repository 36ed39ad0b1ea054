"""Python-Client für hello_server: schickt eine Zeile und liest die Antwort.

Terminal 1: cargo run --example hello_server
Terminal 2: python3 python/hello_client.py [HOST:PORT]
"""
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "localhost:12345").rpartition(":")

# create_connection löst den Namen auf und probiert jede Adresse durch.
with socket.create_connection((host, int(port)), timeout=30) as verbindung:
    # Das Zeilenende ist die Nachrichtengrenze, auf die der Server wartet.
    verbindung.sendall("Hallo aus Python!\n".encode("utf-8"))
    # makefile liefert ein Dateiobjekt; readline liest bis zum Zeilenende,
    # auch wenn die Antwort in mehreren Stücken ankommt.
    with verbindung.makefile("rb") as datei:
        antwort = datei.readline(1025)
    print("Antwort vom Server:", antwort.decode("utf-8", errors="replace").rstrip())

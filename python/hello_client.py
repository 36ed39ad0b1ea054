"""Python-Client für hello_server: schickt eine Zeile und liest die Antwort.

Terminal 1: cargo run --example hello_server
Terminal 2: python3 python/hello_client.py [HOST:PORT]
"""
import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "localhost:12345").rpartition(":")

# create_connection löst den Namen auf und probiert jede Adresse durch.
with socket.create_connection((host, int(port)), timeout=30) as verbindung:
    # Das Zeilenende ist die Nachrichtengrenze, auf die der Server wartet.
    verbindung.sendall("Hallo aus Python!\n".encode("utf-8"))
    # Sammeln bis zum Zeilenende: Die Antwort kann in Stücken ankommen.
    antwort, fehler = b"", None
    try:
        while not antwort.endswith(b"\n") and len(antwort) <= 1024:
            stueck = verbindung.recv(1024)
            if not stueck:  # 0 Bytes: Der Server hat geschlossen
                break
            antwort += stueck
    except OSError as e:  # Reset oder Timeout: behalten, was schon da ist
        fehler = e
    if antwort:
        print("Antwort vom Server:", antwort.decode("utf-8", errors="replace").rstrip())
    if fehler:
        sys.exit(f"Fehler nach {len(antwort)} Bytes: {fehler}")

# Wie tcp_client.py, aber jede Nachricht endet mit "\n": Das erwartet tcp_server.
# Aufruf: python3 tcp_client.py [HOST:PORT]   (ohne Argument fragt er nach der IP)
import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

if len(sys.argv) > 1:
    ip, _, port = sys.argv[1].rpartition(":")
    port = int(port)
else:
    ip, port = input("IP-Adresse: "), 50000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((ip, port))
try:
    while True:
        nachricht = input("Nachricht: ")
        s.send((nachricht + "\n").encode())  # mit Zeilenende: wie tcp_server es erwartet
        antwort = s.recv(1024)  # ein einziges recv: das gilt als die Antwort
        print("[{}] {}".format(ip, antwort.decode()), flush=True)
finally:
    s.close()

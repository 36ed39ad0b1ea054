"""create_connection von Hand – das Gegenstück zu examples/create_connection.rs.

Terminal 1: cargo run --example hello_server
Terminal 2: python3 python/create_connection.py localhost 12345
"""

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)


# ANCHOR: create_connection
def create_connection(adresse, timeout=5.0, quelle=None):
    name, port = adresse
    letzter_fehler = None
    for familie, typ, proto, _, ziel in socket.getaddrinfo(
        name, port, type=socket.SOCK_STREAM
    ):
        s = socket.socket(familie, typ, proto)
        try:
            s.settimeout(timeout)
            if quelle is not None:
                s.bind(quelle)
            s.connect(ziel)
            print(f"{ziel[0]} Port {ziel[1]}: verbunden")
            return s
        except OSError as fehler:
            print(f"{ziel[0]} Port {ziel[1]}: {fehler}")
            s.close()
            letzter_fehler = fehler
    if letzter_fehler is None:
        raise OSError("getaddrinfo lieferte keine Adresse")
    raise letzter_fehler
# ANCHOR_END: create_connection


# ANCHOR: sprechen
def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "localhost"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 12345
    try:
        with create_connection((name, port), timeout=5.0) as s:
            s.sendall(b"Hallo Welt\n")
            print("Gesendet: Hallo Welt")
            antwort = s.recv(1024)
            print("Antwort:", antwort.decode("utf-8", errors="replace").rstrip())
    except OSError as fehler:
        print(f"Fehler: Keine Verbindung zu {name}:{port}: {fehler}", file=sys.stderr)
        sys.exit(1)
# ANCHOR_END: sprechen


if __name__ == "__main__":
    main()

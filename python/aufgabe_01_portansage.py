"""Aufgabe 01 „Port-Ansager“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/01-portansage.md).

Ausprobieren: python3 python/aufgabe_01_portansage.py 127.0.0.1:5101
Prüfen:       cargo run --bin pruefen -- 01 --befehl "python3 python/aufgabe_01_portansage.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5101"


def sage_an(verbindung, client):
    """Schritt 2: „Du kommst von IP:PORT\\n“ schicken – die Adresse des Clients,
    die accept() mitliefert, nicht die des Servers. Tipp: verbindung.sendall(...)."""
    raise NotImplementedError(f"{client[0]}:{client[1]} ansagen")


AUFRUF = """Aufruf: python3 python/aufgabe_01_portansage.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5101 (nur dieser Rechner)"""


def lies_adresse():
    """Schon fertig: [IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse IP:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return host.strip("[]"), int(port)


def main():
    # Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    # oder aus der Umgebungsvariable ADRESSE; lies_adresse ist schon fertig.
    host, port = lies_adresse()
    # Schritt 1: Socket erzeugen und binden (socket.create_server), dann die
    # echte Adresse melden: print(f"Server lauscht auf {h}:{p}", flush=True)
    # mit h, p aus getsockname(). Ohne flush=True bleibt die Zeile im Puffer.
    raise NotImplementedError(f"Socket für {host}:{port} binden")
    # Danach in einer Schleife: verbindung, client = server.accept(), dann
    # sage_an(verbindung, client) und schließen. Scheitert accept() (OSError,
    # etwa ohne freie Dateideskriptoren), kurz warten: time.sleep(0.1).


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()  # den Rest noch hier schreiben, im try
    except BrokenPipeError:
        # Niemand liest stdout mehr (etwa „| head -n 1“): still enden, wie die
        # Python-Doku („Note on SIGPIPE“) rät; stdout zeigt auf devnull, damit
        # auch das Leeren beim Beenden nicht scheitert. Exit-Code 0 wie in Rust.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)

"""Musterlösung zu Aufgabe 01 „Port-Ansager“ in Python: Der Server sagt jedem
Client, unter welcher Adresse (IP und Port) er ihn sieht, und schließt dann.

Terminal 1: python3 loesungen/loesung_01_portansage.py 127.0.0.1:5101
Terminal 2: nc 127.0.0.1 5101
Prüfen:     cargo run --bin pruefen -- 01 --befehl "python3 loesungen/loesung_01_portansage.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5101"
# So lange darf das Senden der Ansage dauern, wenn der Client nicht liest.
SENDE_TIMEOUT_S = 2.0
# Pause nach einem gescheiterten accept() (etwa EMFILE), statt heiß zu drehen.
PAUSE_NACH_FEHLER_S = 0.1
AUFRUF = """Aufruf: python3 loesungen/loesung_01_portansage.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5101 (nur dieser Rechner)"""


def main():
    host, port = lies_adresse()
    try:
        familie = socket.AF_INET6 if ":" in host else socket.AF_INET
        server = socket.create_server((host, port), family=familie)
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Läuft der Server schon? ({e})",
              file=sys.stderr)
        return 1
    # Die echte Adresse aus getsockname(): Bei Port 0 wählt das System den Port.
    h, p = server.getsockname()[:2]
    print(f"Server lauscht auf {h}:{p}", flush=True)
    while True:
        try:
            verbindung, client = server.accept()
        except OSError as e:
            print(f"accept() ist gescheitert: {e}. Neuer Versuch gleich.", file=sys.stderr, flush=True)
            time.sleep(PAUSE_NACH_FEHLER_S)
            continue
        # accept() nennt die Adresse des Clients gleich mit.
        ansage = f"{client[0]}:{client[1]}" if ":" not in client[0] else f"[{client[0]}]:{client[1]}"
        with verbindung:
            try:
                verbindung.settimeout(SENDE_TIMEOUT_S)
                verbindung.sendall(f"Du kommst von {ansage}\n".encode())
            except OSError as e:
                print(f"Senden an {ansage} ist gescheitert: {e}", file=sys.stderr, flush=True)
                continue
        print(f"Client {ansage} angesagt", flush=True)


def lies_adresse():
    """[IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1:
        fehler = f"Zu viele Argumente: {args[1]!r}"
    elif text.startswith("-"):
        fehler = f"Unbekannter Schalter {text!r}"
    elif not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
        fehler = f"Adresse {text!r}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}"
    else:
        return host.strip("[]"), int(port)
    print(f"Fehler: {fehler}\n\n{AUFRUF}", file=sys.stderr)
    sys.exit(2)


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

"""Musterlösung zu Aufgabe 04 „UDP-Zeitansage“ in Python.

Leere Datagramme und Antworten („ZEIT …“, „FEHLER …“) bleiben unbeantwortet:
So schaukeln sich zwei Server nie gegenseitig auf.

Terminal 1: python3 loesungen/loesung_04_zeitansage.py 127.0.0.1:5104
Prüfen:     cargo run --bin pruefen -- 04 --befehl "python3 loesungen/loesung_04_zeitansage.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5104"
PUFFER = 1500
AUFRUF = """Aufruf: python3 loesungen/loesung_04_zeitansage.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5104 (nur dieser Rechner)"""


def lies_adresse():
    """[IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
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


def antwort_auf(anfrage):
    """Die Antwort oder None: Ein leeres Datagramm und alles, was selbst wie
    eine Antwort aussieht, bleibt ohne Antwort."""
    if not anfrage or anfrage.startswith(b"ZEIT ") or anfrage.startswith(b"FEHLER"):
        return None
    if anfrage == b"ZEIT":
        return f"ZEIT {int(time.time())}"
    return "FEHLER unbekannte Anfrage"


def main():
    host, port = lies_adresse()
    familie = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(familie, socket.SOCK_DGRAM)
    try:
        s.bind((host, port))
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    print(f"Server lauscht auf {s.getsockname()[0]}:{s.getsockname()[1]}", flush=True)
    while True:
        try:
            # Ein recvfrom ist genau ein Datagramm; was über PUFFER hinausgeht, fällt weg.
            daten, absender = s.recvfrom(PUFFER)
        except OSError as e:
            print(f"Empfangen ist gescheitert ({e})", file=sys.stderr, flush=True)
            time.sleep(0.01)
            continue
        antwort = antwort_auf(daten.removesuffix(b"\n"))
        if antwort is None:
            continue
        try:
            s.sendto(antwort.encode(), absender)
        except OSError as e:
            print(f"Antwort an {absender[0]}:{absender[1]} ist gescheitert ({e})",
                  file=sys.stderr, flush=True)


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

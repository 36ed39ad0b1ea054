"""Aufgabe 06 „Zwei Server, ein Client“ – Starter für Python. Die Aufgabe steht im Buch
unter „Übungsaufgaben“ (book/aufgaben/06-zwei_server.md).

Der Client liest von zwei Servern zugleich und gibt jede Zeile sofort aus:
„A: …“ oder „B: …“. Haben beide geschlossen: „Fertig“.

Terminal 1: nc -l 127.0.0.1 5201   (Server A, hier tippst du Zeilen)
Terminal 2: nc -l 127.0.0.1 5202   (Server B)
Terminal 3: python3 python/aufgabe_06_zwei_server.py 127.0.0.1:5201 127.0.0.1:5202
Prüfen:     cargo run --bin pruefen -- 06 --befehl "python3 python/aufgabe_06_zwei_server.py"
"""

import os
import socket
import sys

AUFRUF = """Aufruf: python3 python/aufgabe_06_zwei_server.py ADRESSE_A ADRESSE_B
ADRESSE_A, ADRESSE_B  die beiden Server als IP:PORT, etwa 127.0.0.1:5103 127.0.0.1:5105"""


def lies_beide(a, b):
    """Schritt 1: beide Sockets nicht-blockierend machen (a.setblocking(False)).
    Schritt 2: in einer Schleife von beiden lesen (recv), bis BlockingIOError
               kommt; je Server einen eigenen Puffer für angefangene Zeilen.
               Jede ganze Zeile sofort ausgeben: print(f"A: {text}", flush=True).
    Schritt 3: zurückkehren, wenn beide Server geschlossen haben (recv liefert b"")."""
    raise NotImplementedError("von Server A und B lesen, ohne auf einen zu warten")


def main():
    a, b = lies_adressen()
    try:
        strom_a = socket.create_connection(a, timeout=3)
    except OSError as e:
        print(f"Fehler: Keine Verbindung zu Server A ({a[0]}:{a[1]}): {e}", file=sys.stderr)
        return 1
    try:
        strom_b = socket.create_connection(b, timeout=3)
    except OSError as e:
        print(f"Fehler: Keine Verbindung zu Server B ({b[0]}:{b[1]}): {e}", file=sys.stderr)
        return 1
    print("Verbunden mit 2 Servern", flush=True)
    lies_beide(strom_a, strom_b)
    print("Fertig", flush=True)
    return 0


def lies_adressen():
    """Schon fertig: ADRESSE_A ADRESSE_B; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    schalter = [a for a in args if a.startswith("-")]
    if schalter:
        fehler = f"Unbekannter Schalter {schalter[0]!r}"
    elif len(args) != 2:
        fehler = f"Erwartet genau zwei Adressen, bekommen: {len(args)}"
    else:
        adressen = []
        for text in args:
            host, _, port = text.rpartition(":")
            if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
                fehler = f"Adresse {text!r}: erwartet IP:PORT, etwa 127.0.0.1:5103"
                break
            adressen.append((host.strip("[]"), int(port)))
        else:
            return adressen
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

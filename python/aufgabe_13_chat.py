"""Aufgabe 13 „Zeilensicherer Chat“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/13-chat.md).

Ausprobieren: python3 python/aufgabe_13_chat.py 127.0.0.1:5113
Prüfen:       cargo run --bin pruefen -- 13 --befehl "python3 python/aufgabe_13_chat.py"
"""

import os
import socket
import sys
import threading

STANDARD_ADRESSE = "127.0.0.1:5113"
MAX_ZEILE = 256


def bediene(verbindung, client, clients, sperre):
    """Schritt 2: eintragen (unter der Sperre), dann „Willkommen ADRESSE\\n“ schicken.
    Schritt 3: Zeilen mit verbindung.makefile("rb").readline(MAX_ZEILE + 2) lesen
    und als „ADRESSE: TEXT\\n“ an alle anderen schicken; zu lang → „! Zeile zu lang\\n“.
    Schritt 4: am Ende (auch bei Fehlern) austragen.
    Tipp: ein Thread je Client (threading.Thread) oder selectors."""
    raise NotImplementedError(f"{client} bedienen ({len(clients)} Clients)")


AUFRUF = """Aufruf: python3 python/aufgabe_13_chat.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5113 (nur dieser Rechner)"""


def lies_adresse():
    """Schon fertig: [IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
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
    # Schritt 1: Socket binden, erste Zeile mit flush=True, dann je Client einen
    # Thread mit bediene(verbindung, client, clients, sperre) starten.
    clients, sperre = {}, threading.Lock()
    raise NotImplementedError(f"Socket für {host}:{port} binden ({clients}, {sperre})")


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

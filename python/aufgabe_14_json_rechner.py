"""Aufgabe 14 „JSON-Rechner“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/14-json_rechner.md).

Ausprobieren: python3 python/aufgabe_14_json_rechner.py 127.0.0.1:5114
Prüfen:       cargo run --bin pruefen -- 14 --befehl "python3 python/aufgabe_14_json_rechner.py"
"""

import json
import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5114"
MAX_ZEILE = 4096


def antworte(zeile):
    """Schritt 2: json.loads, Felder prüfen, rechnen; jeder Fehler wird zu
    {"ok": False, "fehler": "…"}. Liefert ein dict."""
    raise NotImplementedError(f"{zeile!r} beantworten")


def bediene(verbindung, client):
    """Schritt 3: Zeilen mit verbindung.makefile("rb").readline(MAX_ZEILE + 2) lesen,
    je Zeile json.dumps(antworte(…)) + "\\n" mit sendall schicken. Kommt mehr als
    MAX_ZEILE Bytes ohne \\n: Fehlerantwort, dann schließen."""
    raise NotImplementedError(f"Anfragen von {client} beantworten")


AUFRUF = """Aufruf: python3 python/aufgabe_14_json_rechner.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5114 (nur dieser Rechner)"""


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
    # Thread mit bediene(verbindung, client) starten.
    raise NotImplementedError(f"Socket für {host}:{port} binden")


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

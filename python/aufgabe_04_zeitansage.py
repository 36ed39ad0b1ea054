"""Aufgabe 04 „UDP-Zeitansage“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/04-zeitansage.md).

Ausprobieren: python3 python/aufgabe_04_zeitansage.py 127.0.0.1:5104
Prüfen:       cargo run --bin pruefen -- 04 --befehl "python3 python/aufgabe_04_zeitansage.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5104"

PUFFER = 1500


def beantworte(s):
    """Schritt 2: recvfrom in einer Schleife, sendto an den Absender.
    Leere Datagramme und Antworten (beginnen mit b"ZEIT " oder b"FEHLER") bleiben
    ohne Antwort, sonst schaukeln sich zwei Server gegenseitig auf."""
    raise NotImplementedError("Datagramme beantworten")


AUFRUF = """Aufruf: python3 python/aufgabe_04_zeitansage.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5104 (nur dieser Rechner)"""


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
    # Schritt 1: Socket erzeugen und binden. Wichtig: flush=True bei print,
    # sonst bleibt die erste Zeile im Puffer hängen.
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

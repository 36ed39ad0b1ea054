"""Aufgabe 05 „Summen-Server“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/05-summe.md).

Ausprobieren: python3 python/aufgabe_05_summe.py 127.0.0.1:5105
Prüfen:       cargo run --bin pruefen -- 05 --befehl "python3 python/aufgabe_05_summe.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5105"

MAX_ZEILE = 100
# Der Bereich von i64: Eine Summe außerhalb ist ein „Fehler: Überlauf“.
I64_MIN, I64_MAX = -(2**63), 2**63 - 1


def summiere(verbindung, timeout):
    """Schritt 2: Zeile um Zeile lesen (höchstens MAX_ZEILE Bytes), die Summe
    dieser Verbindung fortschreiben und antworten. Tipp: datei =
    verbindung.makefile("rb"), dann datei.readline(MAX_ZEILE + 1); ein Client,
    der schweigt, darf nicht alle aufhalten: verbindung.settimeout(timeout)."""
    raise NotImplementedError("Zahlen summieren")


# So lange darf ein Client für eine ganze Zeile brauchen (--timeout).
STANDARD_TIMEOUT_S = 30
AUFRUF = """Aufruf: python3 python/aufgabe_05_summe.py [IP:PORT] [--timeout SEKUNDEN]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5105 (nur dieser Rechner)
SEKUNDEN Frist für eine ganze Zeile des Clients, etwa 0.5 (Standard 30)"""


def lies_argumente():
    """Schon fertig: [IP:PORT] [--timeout SEKUNDEN]; bei --help die Hilfe, bei
    Falschem Exit-Code 2. Liefert ((host, port), timeout in Sekunden)."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    timeout = STANDARD_TIMEOUT_S
    if "--timeout" in args:
        i = args.index("--timeout")
        wert = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
        try:
            timeout = float(wert)
        except ValueError:
            timeout = -1.0
        if not 0.1 <= timeout <= 3600:  # auch nan und inf fallen hier durch
            print(f"Fehler: --timeout {wert!r}: erwartet Sekunden von 0.1 bis 3600 (etwa 0.5)"
                  f"\n\n{AUFRUF}", file=sys.stderr)
            sys.exit(2)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse IP:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return (host.strip("[]"), int(port)), timeout


def main():
    # Die Adresse kommt als erstes Argument (der Prüfer schickt 127.0.0.1:0)
    # oder aus der Umgebungsvariable ADRESSE; lies_argumente ist schon fertig.
    (host, port), timeout = lies_argumente()
    # Schritt 1: Socket erzeugen und binden (socket.create_server), dann
    # print(f"Server lauscht auf {h}:{p}", flush=True) mit getsockname().
    # Danach in einer Schleife accept() und summiere(verbindung).
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

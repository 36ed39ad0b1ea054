"""Aufgabe 09 „Dienstauskunft“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/09-dienste.md).

Beantwortet Anfragen wie „http/tcp“ (→ Port) und „80/tcp“ (→ Name) aus der
Dienstedatei (DIENSTE_DATEI, sonst /etc/services).

Terminal 1: python3 python/aufgabe_09_dienste.py
Terminal 2: nc 127.0.0.1 5109
Prüfen:     cargo run --bin pruefen -- 09 --befehl "python3 python/aufgabe_09_dienste.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5109"
STANDARD_DATEI = "/etc/services"
MAX_ZEILE = 256


class Dienst:
    """Eine Zeile der Dienstedatei: „http 80/tcp www # World Wide Web“."""

    def __init__(self, namen, port, protokoll):
        self.namen, self.port, self.protokoll = namen, port, protokoll


def lies_dienste(text):
    """Schritt 1: Zeilen zerlegen und eine Liste von Dienst zurückgeben; alles
    ab # ist Kommentar. Tipp: zeile.split("#")[0].split()."""
    raise NotImplementedError(f"{len(text.splitlines())} Zeilen in Dienste zerlegen")


def bediene(verbindung, dienste, timeout):
    """Schritt 2: Anfragen Zeile für Zeile beantworten (höchstens MAX_ZEILE Bytes
    je Zeile). Tipp: verbindung.makefile("rb").readline(MAX_ZEILE + 1); ein
    Client, der schweigt, darf nicht alle aufhalten: verbindung.settimeout(timeout)."""
    raise NotImplementedError(f"Anfragen mit {len(dienste)} Diensten beantworten")


# So lange darf ein Client für eine ganze Zeile brauchen (--timeout).
STANDARD_TIMEOUT_S = 30
AUFRUF = """Aufruf: python3 python/aufgabe_09_dienste.py [IP:PORT] [--timeout SEKUNDEN]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5109 (nur dieser Rechner)
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
    (host, port), timeout = lies_argumente()
    datei = os.environ.get("DIENSTE_DATEI", STANDARD_DATEI)
    try:
        with open(datei, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        print(f"Fehler: Kann {datei} nicht lesen ({e})", file=sys.stderr)
        return 1
    dienste = lies_dienste(text)
    try:
        familie = socket.AF_INET6 if ":" in host else socket.AF_INET
        server = socket.create_server((host, port), family=familie)
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    h, p = server.getsockname()[:2]
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adresse.
    print(f"Server lauscht auf {h}:{p}", flush=True)
    while True:
        try:
            verbindung, _ = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt
            # sofort neu zu versuchen und den CPU-Kern heiß zu drehen.
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        with verbindung:
            try:
                bediene(verbindung, dienste, timeout)
            except (OSError, ValueError) as e:
                print(f"Ein Client: {e}", file=sys.stderr, flush=True)


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

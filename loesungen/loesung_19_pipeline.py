"""Musterlösung zu Aufgabe 19 „Pipelining gegen Latenz“ in Python: schickt
alle Anfragen, ohne auf Antworten zu warten; ein zweiter Thread schreibt,
der Hauptthread liest gleichzeitig die Antworten.

Aufruf: python3 loesungen/loesung_19_pipeline.py 127.0.0.1:5119 1000
(Den Server spielt der Prüfer: cargo run --bin pruefen -- 19 --befehl "python3 loesungen/loesung_19_pipeline.py")
"""

import os
import socket
import sys
import threading
import time

LESE_TIMEOUT_S = 10.0
# Mehr Anfragen nehmen wir nicht an (je Anfrage wenige Bytes).
MAX_ANZAHL = 10_000_000
# So viele Anfragen gehen mit einem sendall() hinaus.
JE_SENDUNG = 1000
AUFRUF = """Aufruf: python3 loesungen/loesung_19_pipeline.py HOST:PORT ANZAHL
HOST:PORT  der Quadrat-Server, etwa 127.0.0.1:5119
ANZAHL     so viele Anfragen QUADRAT 1 … QUADRAT ANZAHL, 1 bis 10000000"""


def schreibe_alle(verbindung, anzahl, fehler):
    """Läuft im eigenen Thread: So kann nichts verklemmen, auch wenn die
    Antworten schneller kommen, als wir Anfragen schicken. Viele Anfragen in
    einem sendall() statt je eines: wenige große Systemaufrufe."""
    try:
        for start in range(1, anzahl + 1, JE_SENDUNG):
            ende = min(start + JE_SENDUNG, anzahl + 1)
            verbindung.sendall("".join(f"QUADRAT {k}\n" for k in range(start, ende)).encode())
    except OSError as e:
        fehler.append(e)


def frage_alle(verbindung, anzahl):
    """Schickt alle Anfragen (Thread) und summiert die Antworten (hier)."""
    verbindung.settimeout(LESE_TIMEOUT_S)
    fehler = []
    schreiber = threading.Thread(target=schreibe_alle, args=(verbindung, anzahl, fehler), daemon=True)
    schreiber.start()
    # Python-Ganzzahlen wachsen mit: Die Summe läuft nie über.
    summe = 0
    with verbindung.makefile("rb") as leser:
        for i in range(1, anzahl + 1):
            try:
                zeile = leser.readline(64)
            except OSError as e:
                raise RuntimeError(f"Antwort {i} kam nicht an ({e})") from None
            text = zeile.decode("ascii", errors="replace").strip()
            if not zeile.endswith(b"\n") or not (text.isascii() and text.isdigit()):
                raise RuntimeError(f"Antwort {i} ist keine Zahl: {zeile!r}")
            summe += int(text)
    schreiber.join(LESE_TIMEOUT_S)
    if fehler:
        raise RuntimeError(f"Senden ist gescheitert ({fehler[0]})")
    return summe


def lies_argumente(args):
    """(host, port, anzahl); ValueError mit deutscher Meldung."""
    for arg in args:
        if arg.startswith("-"):
            raise ValueError(f"Unbekannter Schalter „{arg}“")
    if len(args) != 2:
        raise ValueError("Erwartet werden genau zwei Argumente: HOST:PORT und ANZAHL")
    text, anzahl = args
    host, _, port = text.rpartition(":")
    if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
        raise ValueError(f"„{text}“ ist keine Adresse HOST:PORT, etwa 127.0.0.1:5119")
    if not (anzahl.isascii() and anzahl.isdigit() and 1 <= int(anzahl) <= MAX_ANZAHL):
        raise ValueError(f"ANZAHL „{anzahl}“: erlaubt sind 1 bis {MAX_ANZAHL}")
    return host.strip("[]"), int(port), int(anzahl)


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    try:
        host, port, anzahl = lies_argumente(args)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        verbindung = socket.create_connection((host, port), timeout=LESE_TIMEOUT_S)
    except OSError as e:
        print(f"Fehler: Keine Verbindung zu {host}:{port} ({e}). Läuft der Server?", file=sys.stderr)
        return 1
    with verbindung:
        ip, p = verbindung.getpeername()[:2]
        print(f"Verbunden mit {f'[{ip}]' if ':' in ip else ip}:{p}", flush=True)
        start = time.monotonic()
        try:
            summe = frage_alle(verbindung, anzahl)
        except RuntimeError as e:
            print(f"Fehler: {e}", file=sys.stderr)
            return 1
    print(f"{anzahl} Antworten in {time.monotonic() - start:.3f} s", file=sys.stderr)
    print(f"Summe: {summe}", flush=True)
    return 0


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

"""Aufgabe 08 „Ausweichserver“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/08-ausweichserver.md).

Versucht die angegebenen Adressen der Reihe nach, jede höchstens 500 ms,
und spricht mit dem ersten Server, der antwortet.

Terminal 1: nc -l 127.0.0.1 5103   (hier tippst du die Antwort des Servers)
Terminal 2: python3 python/aufgabe_08_ausweichserver.py 127.0.0.1:5999 localhost:5103
Prüfen:     cargo run --bin pruefen -- 08 --befehl "python3 python/aufgabe_08_ausweichserver.py"
"""

import os
import socket
import sys

# So lange darf ein Verbindungsversuch dauern (in Sekunden).
VERBINDEN_S = 0.5

AUFRUF = """Aufruf: python3 python/aufgabe_08_ausweichserver.py HOST:PORT [HOST:PORT …]
HOST:PORT  Kandidaten der Reihe nach, etwa 127.0.0.1:5999 localhost:5103"""


def verbinde(kandidaten):
    """Schritt 1: Für jeden Kandidaten alle Adressen (socket.getaddrinfo(host, port,
    type=socket.SOCK_STREAM)), vor jedem Versuch „Versuche ADRESSE“, bei
    Misserfolg „Fehlgeschlagen: ADRESSE (GRUND)“. Jeder Versuch: socket.socket(familie),
    settimeout(VERBINDEN_S), connect(adresse). Gib (strom, "IP:PORT") zurück.
    Scheitern alle: raise OSError mit dem letzten Fehler. Jedes print mit flush=True."""
    raise NotImplementedError(f"{kandidaten} der Reihe nach mit {VERBINDEN_S} s Timeout versuchen")


def sprich(strom):
    """Schritt 2: die Zeile „HALLO“ senden, eine Zeile lesen (mit Lese-Timeout,
    strom.settimeout(2)), „Antwort: ZEILE“ ausgeben."""
    raise NotImplementedError("mit dem Server sprechen")


def main():
    kandidaten = sys.argv[1:]
    if "--help" in kandidaten or "-h" in kandidaten:
        print(AUFRUF, flush=True)
        return 0
    schalter = [a for a in kandidaten if a.startswith("-")]
    falsch = f"Unbekannter Schalter {schalter[0]!r}" if schalter else (
        "Nenne mindestens eine Adresse." if not kandidaten else None)
    if falsch:
        print(f"Fehler: {falsch}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        strom, adresse = verbinde(kandidaten)
        print(f"Verbunden mit {adresse}", flush=True)
        with strom:
            sprich(strom)
    except OSError as e:
        print(f"Fehler: {e}", file=sys.stderr)
        return 1
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

"""Aufgabe 07 „Port-Scanner mit Timeout“ – Starter für Python. Die Aufgabe steht im Buch
unter „Übungsaufgaben“ (book/aufgaben/07-portscanner.md).

Prüft die Ports ERSTER bis LETZTER auf HOST, jeden höchstens 300 ms lang.

Aufruf:     python3 python/aufgabe_07_portscanner.py 127.0.0.1 5000 5120
Prüfen:     cargo run --bin pruefen -- 07 --befehl "python3 python/aufgabe_07_portscanner.py"
"""

import ipaddress
import os
import socket
import sys

# So lange darf ein einzelner Verbindungsversuch dauern (in Sekunden).
TIMEOUT_S = 0.3

AUFRUF = """Aufruf: python3 python/aufgabe_07_portscanner.py HOST ERSTER LETZTER
HOST           eine IP-Adresse, etwa 127.0.0.1 (scanne nur Rechner, die dir gehören)
ERSTER LETZTER Ports von 0 bis 65535, ERSTER höchstens LETZTER"""


def lies_angaben(host, erster, letzter):
    """Schritt 1: IP und Ports prüfen und (ip, erster, letzter) zurückgeben.
    Falsches meldest du mit raise ValueError("deutsche Meldung").
    Tipp: ipaddress.ip_address(host), für Ports erst isdigit(), dann int()."""
    raise NotImplementedError(f"{host!r}, {erster!r} und {letzter!r} prüfen")


def scanne(ip, erster, letzter):
    """Schritt 2: Jeder Port mit socket.create_connection((ip, port), timeout=TIMEOUT_S);
    „PORT offen“, bei TimeoutError „PORT keine Antwort“, bei Ablehnung
    (ConnectionRefusedError) nichts; am Ende „Fertig: N offen, M ohne Antwort“.
    Jede Zeile mit print(..., flush=True)."""
    raise NotImplementedError(f"{ip} von {erster} bis {letzter} scannen, je Port höchstens {TIMEOUT_S} s")


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    # Falsche Angaben: deutsche Meldung, die Hilfe und Exit-Code 2.
    try:
        if len(args) != 3:
            raise ValueError("Erwartet HOST ERSTER LETZTER, z. B. 127.0.0.1 5000 5100")
        ip, erster, letzter = lies_angaben(*args)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    print(f"Scanne {ip} von {erster} bis {letzter}", flush=True)
    scanne(ip, erster, letzter)
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

"""Musterlösung zu Aufgabe 07 „Port-Scanner mit Timeout“ in Python: Jeder Port
bekommt höchstens 300 ms; ein Port, der Pakete schluckt, bremst den Scan nicht.

Aufruf:  python3 loesungen/loesung_07_portscanner.py 127.0.0.1 5000 5120
Prüfen:  cargo run --bin pruefen -- 07 --befehl "python3 loesungen/loesung_07_portscanner.py"
"""

import os
import socket
import sys

# So lange darf ein einzelner Verbindungsversuch dauern (in Sekunden).
TIMEOUT_S = 0.3

AUFRUF = """Aufruf: python3 loesungen/loesung_07_portscanner.py HOST ERSTER LETZTER
HOST           eine IP-Adresse, etwa 127.0.0.1 (scanne nur Rechner, die dir gehören)
ERSTER LETZTER Ports von 0 bis 65535, ERSTER höchstens LETZTER"""


def lies_angaben(host, erster, letzter):
    """Prüft IP und Ports; Falsches wird ein ValueError mit deutscher Meldung."""
    # inet_pton prüft die Schreibweise, inet_ntop liefert die übliche Form
    # (aus ::0001 wird ::1). Das Modul ipaddress ginge auch, lädt aber länger.
    for familie in (socket.AF_INET, socket.AF_INET6):
        try:
            ip = socket.inet_ntop(familie, socket.inet_pton(familie, host))
            break
        except (OSError, ValueError):
            continue
    else:
        raise ValueError(f"{host!r} ist keine IP-Adresse, z. B. 127.0.0.1")
    ports = []
    for text in (erster, letzter):
        # isascii() und isdigit(): int() nähme auch " 5", "+5" oder "5_000".
        if not (text.isascii() and text.isdigit() and int(text) <= 65535):
            raise ValueError(f"{text!r} ist kein Port (0–65535)")
        ports.append(int(text))
    if ports[0] > ports[1]:
        raise ValueError(f"Der erste Port ({ports[0]}) liegt hinter dem letzten ({ports[1]}).")
    return ip, ports[0], ports[1]


def scanne(ip, erster, letzter):
    offen = still = 0
    for port in range(erster, letzter + 1):
        # Mit timeout bricht der Versuch nach TIMEOUT_S ab. Ohne ihn würde
        # connect() bei einem Port, der Pakete schluckt, minutenlang warten.
        try:
            with socket.create_connection((ip, port), timeout=TIMEOUT_S):
                pass
        except (TimeoutError, socket.timeout):  # vor Python 3.10 zwei Klassen
            still += 1
            print(f"{port} keine Antwort", flush=True)
        except OSError:
            # ConnectionRefusedError: Niemand lauscht dort. Das ist der Normalfall.
            pass
        else:
            offen += 1
            print(f"{port} offen", flush=True)
    print(f"Fertig: {offen} offen, {still} ohne Antwort", flush=True)


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    # Falsche Angaben: deutsche Meldung, die Hilfe und Exit-Code 2.
    try:
        schalter = [a for a in args if a.startswith("-")]
        if schalter:
            raise ValueError(f"Unbekannter Schalter {schalter[0]!r}")
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

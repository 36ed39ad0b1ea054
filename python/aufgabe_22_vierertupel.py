"""Aufgabe 22 „Das Vierertupel“ – Starter für Python. Die Aufgabe steht im Buch
unter „Übungsaufgaben“ (book/aufgaben/22-vierertupel.md).

Ein Client verbindet sich mit einem Server und zeigt beide Enden der
Verbindung: seine eigene Adresse (mit dem Port, den das Betriebssystem gewählt
hat) und die des Servers. Dann schickt er dem Server eine Zeile.

Terminal 1: cargo run --example hello_server
Terminal 2: python3 python/aufgabe_22_vierertupel.py
Prüfen:     cargo run --bin pruefen -- 22 --befehl "python3 python/aufgabe_22_vierertupel.py"
"""

import os
import socket
import sys

# Der Server des Kapitels „Erste Verbindung“ (hello_server) lauscht hier.
STANDARD_ZIEL = "127.0.0.1:12345"

AUFRUF = """Aufruf: python3 python/aufgabe_22_vierertupel.py [ADRESSE]
  ADRESSE  Server als IP:PORT, [IPv6]:PORT oder NAME:PORT (Standard: 127.0.0.1:12345)"""


def pruefe_ziel(ziel):
    """Schritt 1: Trenne am letzten Doppelpunkt in Rechner und Port
    (ziel.rpartition(":")) und gib (rechner, port) zurück; eine IPv6-Adresse
    steht in eckigen Klammern, die du entfernst. Fehlt der Port oder liegt er
    nicht zwischen 0 und 65535: raise ValueError("deutsche Meldung")."""
    raise NotImplementedError(f"{ziel!r} prüfen: Rechner und Port")


def als_text(adresse):
    """Eine Adresse aus getsockname()/getpeername() als Text, wie Rust sie
    schreibt: 127.0.0.1:5000, IPv6 in eckigen Klammern: [::1]:5000."""
    ip, port = adresse[0], adresse[1]
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def run(rechner, port):
    """Schritt 2: Verbinden mit socket.create_connection((rechner, port)),
    „Verbunden: LOKAL -> ENTFERNT“ ausgeben (print(..., flush=True)) und
    „Hallo von LOKAL“ mit \\n an den Server schicken (sendall). Geht das
    Verbinden schief, raise RuntimeError("deutsche Meldung mit Rat")."""
    raise NotImplementedError(f"mit {rechner}:{port} verbinden und beide Enden zeigen")


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    # Falsche Angaben: deutsche Meldung, die Kurzhilfe und Exit-Code 2.
    try:
        if len(args) > 1:
            raise ValueError("Erwartet höchstens eine ADRESSE, etwa 127.0.0.1:12345")
        if args and args[0].startswith("-"):
            raise ValueError(f"Unbekannter Schalter {args[0]!r}")
        rechner, port = pruefe_ziel(args[0] if args else STANDARD_ZIEL)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    # Fehler beim Lauf (etwa: kein Server): „Fehler: …“ und Exit-Code 1.
    try:
        run(rechner, port)
    except BrokenPipeError:
        raise  # niemand liest mehr mit: still enden (siehe unten)
    except (RuntimeError, OSError) as e:
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

"""Musterlösung zu Aufgabe 22 „Das Vierertupel“ in Python: Der Client zeigt
beide Enden seiner Verbindung (eigene Adresse mit dem Port, den das
Betriebssystem gewählt hat, und die Adresse des Servers) und schickt dem
Server seine Adresse als Zeile.

Terminal 1: cargo run --example hello_server
Terminal 2: python3 loesungen/loesung_22_vierertupel.py
Prüfen:     cargo run --bin pruefen -- 22 --befehl "python3 loesungen/loesung_22_vierertupel.py"
"""

import os
import socket
import sys

# Der Server des Kapitels „Erste Verbindung“ (hello_server) lauscht hier.
STANDARD_ZIEL = "127.0.0.1:12345"

AUFRUF = """Aufruf: python3 loesungen/loesung_22_vierertupel.py [ADRESSE]
  ADRESSE  Server als IP:PORT, [IPv6]:PORT oder NAME:PORT (Standard: 127.0.0.1:12345)"""


def pruefe_ziel(ziel):
    """Trennt am letzten Doppelpunkt in Rechner und Port; eine IPv6-Adresse
    steht in eckigen Klammern. Falsches wird ein ValueError mit deutscher Meldung."""
    rechner, doppelpunkt, port = ziel.rpartition(":")
    if not doppelpunkt:
        raise ValueError(f"{ziel!r} hat keinen Port; schreibe IP:PORT, etwa 127.0.0.1:12345")
    rechner = rechner.removeprefix("[").removesuffix("]")
    if not rechner:
        raise ValueError(f"{ziel!r} nennt keinen Rechner vor dem Port")
    if not (port.isascii() and port.isdigit()) or int(port) > 65535:
        raise ValueError(f"{port!r} in {ziel!r} ist kein Port (erlaubt: 0 bis 65535)")
    return rechner, int(port)


def als_text(adresse):
    """Eine Adresse aus getsockname()/getpeername() so, wie Rust sie schreibt:
    IPv6 in eckigen Klammern, etwa [::1]:5000."""
    ip, port = adresse[0], adresse[1]
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def run(rechner, port):
    # create_connection löst einen Namen wie localhost auf und probiert jede
    # Adresse, bis eine antwortet (etwa erst ::1, dann 127.0.0.1).
    try:
        verbindung = socket.create_connection((rechner, port), timeout=10)
    except OSError as e:
        raise RuntimeError(
            f"Keine Verbindung zu {rechner}:{port} ({e.strerror or e}). Läuft der Server? "
            "Starte ihn mit `cargo run --example hello_server`"
        ) from e
    with verbindung:
        # Erst jetzt hat der Socket einen Port: Das Betriebssystem hat ihn
        # beim Verbindungsaufbau gewählt.
        lokal = als_text(verbindung.getsockname())
        entfernt = als_text(verbindung.getpeername())
        print(f"Verbunden: {lokal} -> {entfernt}", flush=True)
        verbindung.sendall(f"Hallo von {lokal}\n".encode())


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

"""Musterlösung zu Aufgabe 05 „Summen-Server“ in Python: außen accept() für
Client um Client, innen Zeile um Zeile. Jeder Client beginnt bei der Summe 0.

Terminal 1: python3 loesungen/loesung_05_summe.py 127.0.0.1:5105
Terminal 2: nc 127.0.0.1 5105   (dann Zahlen tippen, zum Schluss: ende)
Prüfen:     cargo run --bin pruefen -- 05 --befehl "python3 loesungen/loesung_05_summe.py"
"""

import os
import re
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5105"
MAX_ZEILE = 100
STANDARD_TIMEOUT_S = 30
# Der Bereich von i64: Eine Summe außerhalb ist ein „Fehler: Überlauf“.
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
# Eine Zahl ist ein optionales Vorzeichen und ASCII-Ziffern, wie Rusts parse::<i64>().
# int() allein nähme auch "1_000" oder arabische Ziffern an.
ZAHL = re.compile(r"[+-]?[0-9]+")
PAUSE_NACH_FEHLER_S = 0.1
# Nach der letzten Zeile lesen wir höchstens 64 KiB und 2 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 2.0
AUFRUF = """Aufruf: python3 loesungen/loesung_05_summe.py [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5105 (nur dieser Rechner)
SEKUNDEN  Frist je Zeile eines Clients, 0.1 bis 3600 (auch 0.5), Standard 30"""


def main():
    adresse, timeout = lies_argumente()
    server = lausche(adresse)
    # Äußere Schleife: ein Client nach dem anderen.
    while True:
        verbindung, client = nimm_an(server)
        with verbindung:
            try:
                summe = summiere(verbindung, timeout)
            except (OSError, ValueError) as e:
                # Der Fehler eines Clients beendet nicht den Server: Er erfährt
                # den Grund, und der nächste ist dran.
                grund = f"Lesen oder Senden ist gescheitert ({e})" if isinstance(e, OSError) else str(e)
                print(f"{client[0]}:{client[1]}: {grund}", file=sys.stderr, flush=True)
                verabschiede(verbindung, f"Fehler: {grund}\n")
                continue
        # Erst nach dem try: Ein Fehler beim Schreiben auf stdout ist kein
        # Fehler des Clients.
        print(f"{client[0]}:{client[1]}: Summe {summe}", flush=True)


def summiere(verbindung, timeout):
    """Innere Schleife: Zeile um Zeile eines Clients. Die Summe lebt hier."""
    leser = Leser(verbindung)
    summe = 0
    while True:
        try:
            zeile = leser.zeile(MAX_ZEILE, timeout)
        except TimeoutError:
            raise ValueError(f"{timeout:g} s lang keine ganze Zeile, Verbindung wird getrennt")
        if not zeile:
            return summe  # aufgelegt ohne „ende“
        if not zeile.endswith(b"\n"):
            if len(zeile) > MAX_ZEILE:
                raise ValueError("Zeile zu lang")
            raise ValueError("aufgelegt mitten in einer Zeile")
        text = zeile.decode("utf-8", errors="replace").strip()
        if text == "ende":
            verabschiede(verbindung, f"Ergebnis: {summe}\n")
            return summe
        zahl = int(text) if ZAHL.fullmatch(text) else None
        if zahl is None or not I64_MIN <= zahl <= I64_MAX:
            antwort = f'Fehler: "{text}" ist keine Zahl\n'
        elif not I64_MIN <= summe + zahl <= I64_MAX:
            antwort = "Fehler: Überlauf\n"  # die alte Summe gilt weiter
        else:
            summe += zahl
            antwort = f"Summe: {summe}\n"
        verbindung.settimeout(timeout)
        verbindung.sendall(antwort.encode())


class Leser:
    """Liest Zeilen mit Längengrenze und Frist und hebt auf, was nach dem \\n kam.
    Die Frist gilt für die ganze Zeile: Wer alle paar Sekunden ein Byte schickt,
    verlängert sie nicht."""

    def __init__(self, verbindung):
        self.verbindung = verbindung
        self.puffer = b""

    def zeile(self, max_laenge, frist_s):
        """Eine Zeile samt \\n; ohne \\n am Ende: zu lang oder aufgelegt.
        Nach frist_s Sekunden: TimeoutError."""
        ende = time.monotonic() + frist_s
        while b"\n" not in self.puffer[: max_laenge + 1]:
            if len(self.puffer) > max_laenge:
                return self.puffer[: max_laenge + 1]
            rest = ende - time.monotonic()
            if rest <= 0:
                raise TimeoutError
            self.verbindung.settimeout(rest)
            stueck = self.verbindung.recv(4096)
            if not stueck:
                zeile, self.puffer = self.puffer, b""
                return zeile
            self.puffer += stueck
        ende_der_zeile = self.puffer.index(b"\n") + 1
        zeile, self.puffer = self.puffer[:ende_der_zeile], self.puffer[ende_der_zeile:]
        return zeile


def verabschiede(verbindung, zeile):
    """Letzte Zeile senden, dann FIN (shutdown), und begrenzt weglesen, was noch
    kommt. Schlössen wir mit ungelesenen Daten, käme beim Client ein Reset an."""
    try:
        verbindung.settimeout(NACHLAUF_ZEIT)
        verbindung.sendall(zeile.encode())
        verbindung.shutdown(socket.SHUT_WR)
        ende, gelesen = time.monotonic() + NACHLAUF_ZEIT, 0
        while gelesen < NACHLAUF_BYTES and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def lies_argumente():
    """[IP:PORT] [--timeout SEKUNDEN]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    adresse, timeout = None, STANDARD_TIMEOUT_S
    try:
        while args:
            arg = args.pop(0)
            if arg == "--timeout":
                wert = args.pop(0) if args else ""
                try:
                    timeout = float(wert)
                except ValueError:
                    timeout = -1.0
                if not 0.1 <= timeout <= 3600:  # auch nan und inf fallen hier durch
                    raise ValueError(f"--timeout {wert!r}: erwartet Sekunden von 0.1 bis 3600, etwa 30 oder 0.5")
            elif arg.startswith("-"):
                raise ValueError(f"Unbekannter Schalter {arg!r}")
            elif adresse is not None:
                raise ValueError(f"Zu viele Argumente: {arg!r}")
            else:
                adresse = arg
        text = adresse or os.environ.get("ADRESSE", STANDARD_ADRESSE)
        host, _, port = text.rpartition(":")
        if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
            raise ValueError(f"Adresse {text!r}: erwartet IP:PORT, etwa {STANDARD_ADRESSE}")
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        sys.exit(2)
    return (host.strip("[]"), int(port)), timeout


def lausche(adresse):
    try:
        familie = socket.AF_INET6 if ":" in adresse[0] else socket.AF_INET
        server = socket.create_server(adresse, family=familie)
    except OSError as e:
        print(f"Fehler: Kann {adresse[0]}:{adresse[1]} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        sys.exit(1)
    host, port = server.getsockname()[:2]
    print(f"Server lauscht auf {host}:{port}", flush=True)
    return server


def nimm_an(server):
    """accept(); scheitert es (etwa EMFILE: keine Dateideskriptoren frei), kurz
    warten statt den CPU-Kern heiß zu drehen."""
    while True:
        try:
            return server.accept()
        except OSError as e:
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(PAUSE_NACH_FEHLER_S)


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

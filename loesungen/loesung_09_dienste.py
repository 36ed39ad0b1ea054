"""Musterlösung zu Aufgabe 09 „Dienstauskunft“ in Python: ein Server, der wie
getservbyname und getservbyport antwortet, aus der Dienstedatei
(DIENSTE_DATEI, sonst /etc/services). Clients kommen nacheinander dran; wer
30 s lang keine ganze Zeile schickt, wird getrennt.

Terminal 1: python3 loesungen/loesung_09_dienste.py 127.0.0.1:5109
Terminal 2: nc 127.0.0.1 5109   (dann etwa: http/tcp oder 22/tcp)
Prüfen:     cargo run --bin pruefen -- 09 --befehl "python3 loesungen/loesung_09_dienste.py"
"""

import os
import re
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5109"
STANDARD_DATEI = "/etc/services"
MAX_ZEILE = 256
STANDARD_TIMEOUT_S = 30
# Ein Port ist wie bei Rusts parse::<u16>() nur aus ASCII-Ziffern.
PORT = re.compile(r"\+?[0-9]+")
PAUSE_NACH_FEHLER_S = 0.1
# Nach der letzten Zeile lesen wir höchstens 64 KiB und 2 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 2.0
AUFRUF = """Aufruf: python3 loesungen/loesung_09_dienste.py [IP:PORT] [--timeout SEKUNDEN]
IP:PORT   Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5109 (nur dieser Rechner)
SEKUNDEN  Frist je Zeile eines Clients, 0.1 bis 3600 (auch 0.5), Standard 30
Die Dienstedatei: Umgebungsvariable DIENSTE_DATEI, sonst /etc/services"""


class Dienst:
    """Eine Zeile der Dienstedatei: „http 80/tcp www # World Wide Web“."""

    def __init__(self, namen, port, protokoll):
        self.namen, self.port, self.protokoll = namen, port, protokoll


def main():
    adresse, timeout = lies_argumente()
    datei = os.environ.get("DIENSTE_DATEI", STANDARD_DATEI)
    try:
        with open(datei, encoding="utf-8", errors="replace") as f:
            dienste = lies_dienste(f.read())
    except OSError as e:
        print(f"Fehler: Kann {datei} nicht lesen. Setze DIENSTE_DATEI auf eine Dienstedatei. ({e})",
              file=sys.stderr)
        return 1
    server = lausche(adresse)
    print(f"{len(dienste)} Einträge aus {datei}", flush=True)
    while True:
        verbindung, client = nimm_an(server)
        with verbindung:
            try:
                bediene(verbindung, dienste, timeout)
            except (OSError, ValueError) as e:
                # Der Fehler eines Clients beendet nicht den Server: Er erfährt
                # den Grund, und der nächste ist dran.
                grund = f"Lesen oder Senden ist gescheitert ({e})" if isinstance(e, OSError) else str(e)
                print(f"Client {client[0]}:{client[1]}: {grund}", file=sys.stderr, flush=True)
                verabschiede(verbindung, f"Fehler: {grund}\n")


def lies_dienste(text):
    dienste = []
    for zeile in text.splitlines():
        # Alles ab # ist Kommentar.
        woerter = zeile.split("#", 1)[0].split()
        if len(woerter) < 2 or "/" not in woerter[1]:
            continue  # leer oder unvollständig
        port, protokoll = woerter[1].split("/", 1)
        if not (PORT.fullmatch(port) and int(port) <= 65535):
            continue
        # Nach PORT/PROTOKOLL stehen die Aliasnamen.
        dienste.append(Dienst([woerter[0]] + woerter[2:], int(port), protokoll))
    return dienste


def antworte(anfrage, dienste):
    if "/" not in anfrage:
        return "Fehler: erwartet NAME/PROTOKOLL oder PORT/PROTOKOLL"
    links, protokoll = anfrage.split("/", 1)
    passend = [d for d in dienste if d.protokoll == protokoll]
    if PORT.fullmatch(links) and int(links) <= 65535:
        # Wie getservbyport: Port → erster Name.
        treffer = next((d.namen[0] for d in passend if d.port == int(links)), None)
    else:
        # Wie getservbyname: Name oder Alias → Port.
        treffer = next((str(d.port) for d in passend if links in d.namen), None)
    return "unbekannt" if treffer is None else f"{anfrage} {treffer}"


def bediene(verbindung, dienste, timeout):
    leser = Leser(verbindung)
    while True:
        try:
            zeile = leser.zeile(MAX_ZEILE, timeout)
        except TimeoutError:
            raise ValueError(f"{timeout:g} s lang keine ganze Zeile, Verbindung wird getrennt")
        if not zeile:
            return  # Der Client hat aufgelegt.
        if not zeile.endswith(b"\n"):
            if len(zeile) > MAX_ZEILE:
                raise ValueError("Zeile zu lang")
            raise ValueError("aufgelegt mitten in einer Zeile")
        antwort = antworte(zeile.decode("utf-8", errors="replace").strip(), dienste)
        verbindung.settimeout(timeout)
        verbindung.sendall(f"{antwort}\n".encode())


class Leser:
    """Liest Zeilen mit Längengrenze und Frist und hebt auf, was nach dem \\n kam
    (mehrere Anfragen in einem Paket). Die Frist gilt für die ganze Zeile."""

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

"""Musterlösung zu Aufgabe 17 „Türsteher“ in Python: ein Thread je Client,
aber höchstens N zugleich; jede Zeile muss in T ms vollständig ankommen;
Zeilen über 256 Bytes lehnt der Server ab.

Terminal 1: python3 loesungen/loesung_17_tuersteher.py 127.0.0.1:5117 --max-clients 2 --timeout-ms 5000
Terminal 2: nc 127.0.0.1 5117   (in bis zu drei Terminals)
Prüfen:     cargo run --bin pruefen -- 17 --befehl "python3 loesungen/loesung_17_tuersteher.py"
"""

import ipaddress
import os
import socket
import sys
import threading
import time

STANDARD_ADRESSE = "127.0.0.1:5117"
MAX_ZEILE = 256
# Wer nicht liest, hält mit sendall() höchstens so lange einen Platz.
SCHREIB_TIMEOUT_S = 5.0
# Nach der letzten Zeile lesen wir höchstens 64 KiB und 0,2 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT_S = 0.2
AUFRUF = """Aufruf: python3 loesungen/loesung_17_tuersteher.py [IP:PORT] [--max-clients N] [--timeout-ms T]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5117
N        höchstens so viele Clients zugleich, 1 bis 1000, Standard 10
T        Frist je Zeile in Millisekunden, 1 bis 3600000, Standard 30000"""


class ZeileZuLang(Exception):
    """Mehr als MAX_ZEILE Bytes ohne \\n."""


class Leser:
    """Liest Zeilen mit Längengrenze und Frist und hebt auf, was nach dem \\n kam.
    Die Frist gilt für die ganze Zeile: Wer alle 150 ms ein Byte schickt,
    verlängert sie nicht (vor jedem recv() gilt nur der Rest)."""

    def __init__(self, verbindung):
        self.verbindung = verbindung
        self.puffer = b""

    def zeile(self, frist_s):
        """Eine Zeile samt \\n, None wenn der Client aufgelegt hat.
        TimeoutError nach frist_s Sekunden, ZeileZuLang über MAX_ZEILE Bytes."""
        ende = time.monotonic() + frist_s
        while True:
            # Das \n darf höchstens an Stelle MAX_ZEILE stehen (256 Bytes + \n).
            pos = self.puffer.find(b"\n", 0, MAX_ZEILE + 1)
            if pos >= 0:
                zeile, self.puffer = self.puffer[: pos + 1], self.puffer[pos + 1 :]
                return zeile
            if len(self.puffer) > MAX_ZEILE:
                raise ZeileZuLang
            rest = ende - time.monotonic()
            if rest <= 0:
                raise TimeoutError
            self.verbindung.settimeout(rest)
            try:
                stueck = self.verbindung.recv(4096)
            except socket.timeout:  # ab Python 3.10 dasselbe wie TimeoutError
                raise TimeoutError from None
            if not stueck:
                return None
            self.puffer += stueck


def verabschiede(verbindung, zeile):
    """Letzte Zeile senden, dann FIN (shutdown), und begrenzt weglesen, was noch
    kommt. Schlössen wir mit ungelesenen Daten, käme beim Client ein Reset an
    statt der Zeile mit dem Grund."""
    try:
        verbindung.settimeout(NACHLAUF_ZEIT_S)
        verbindung.sendall(zeile)
        verbindung.shutdown(socket.SHUT_WR)
        ende, gelesen = time.monotonic() + NACHLAUF_ZEIT_S, 0
        while gelesen < NACHLAUF_BYTES and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def bediene(verbindung, frist_s):
    """Begrüßen, dann jede Zeile groß zurück; liefert den Grund für das Ende."""
    verbindung.settimeout(SCHREIB_TIMEOUT_S)
    verbindung.sendall(b"Willkommen\n")
    leser = Leser(verbindung)
    while True:
        try:
            zeile = leser.zeile(frist_s)
        except TimeoutError:
            verabschiede(verbindung, b"! Zu lange still\n")
            return "zu lange still"
        except ZeileZuLang:
            verabschiede(verbindung, b"! Zeile zu lang\n")
            return "Zeile zu lang"
        if zeile is None:
            return "hat geschlossen"
        text = zeile.decode("utf-8", errors="replace").rstrip()
        verbindung.settimeout(SCHREIB_TIMEOUT_S)
        verbindung.sendall((text.upper() + "\n").encode())


def bediene_und_gib_frei(verbindung, wer, plaetze, frist_s):
    """Läuft im eigenen Thread. finally gibt den Platz frei, wie auch immer der
    Client endet: Zeile, Timeout, Reset oder ein Fehler in bediene()."""
    try:
        with verbindung:
            grund = bediene(verbindung, frist_s)
        melde(f"{wer}: {grund}")
    except OSError as e:
        melde(f"{wer}: abgebrochen ({e})")
    finally:
        plaetze.release()


def melde(text):
    """Eine Zeile auf stdout, sofort geleert. Liest niemand mehr mit (stdout ist
    eine geschlossene Pipe), endet der Server still wie unten in __main__;
    os._exit, weil sys.exit in einem Thread nur diesen Thread beendet."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(0)


def zahl(schalter, args, kleinste, groesste):
    wert = args.pop(0) if args else ""
    if not (wert.isascii() and wert.isdigit() and kleinste <= int(wert) <= groesste):
        raise ValueError(f"{schalter} „{wert}“: erlaubt sind ganze Zahlen von {kleinste} bis {groesste}")
    return int(wert)


def lies_argumente(args):
    """(host, port, max_clients, frist_s); ValueError mit deutscher Meldung."""
    text, max_clients, timeout_ms = None, 10, 30_000
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--max-clients":
            max_clients = zahl(arg, args, 1, 1000)
        elif arg == "--timeout-ms":
            timeout_ms = zahl(arg, args, 1, 3_600_000)
        elif arg.startswith("-"):
            raise ValueError(f"Unbekannter Schalter „{arg}“")
        elif text is not None:
            raise ValueError(f"Unerwartetes Argument „{arg}“")
        else:
            text = arg
    if text is None:
        text = os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    try:
        ipaddress.ip_address(host.strip("[]"))
        port = int(port)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise ValueError(f"„{text}“ ist keine Adresse der Form IP:PORT, etwa {STANDARD_ADRESSE}") from None
    return host.strip("[]"), port, max_clients, timeout_ms / 1000


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    try:
        host, port, max_clients, frist_s = lies_argumente(args)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        server = socket.create_server((host, port))
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    melde(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}")
    # Ein Platz je Client; acquire(blocking=False) sagt sofort, ob einer frei ist.
    plaetze = threading.BoundedSemaphore(max_clients)
    while True:
        try:
            verbindung, client = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert ({e}), neuer Versuch gleich", file=sys.stderr)
            time.sleep(0.1)
            continue
        wer = f"{client[0]}:{client[1]}"
        if not plaetze.acquire(blocking=False):
            melde(f"{wer} abgewiesen: Server voll")
            with verbindung:
                verabschiede(verbindung, b"! Server voll\n")
            continue
        try:
            threading.Thread(target=bediene_und_gib_frei, args=(verbindung, wer, plaetze, frist_s),
                             daemon=True).start()
        except RuntimeError as e:
            # Kein Thread mehr zu haben: Platz zurück, Client schließen.
            plaetze.release()
            verbindung.close()
            print(f"{wer} abgewiesen: kein Thread frei ({e})", file=sys.stderr)


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

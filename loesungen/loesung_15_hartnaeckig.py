"""Musterlösung zu Aufgabe 15 „Hartnäckiger Client“ in Python: verbindet sich
nach einem Abbruch neu, mit wachsender Wartezeit, und macht dort weiter, wo
er aufgehört hat.

Protokoll: Client → „AB n“, Server → „ZAHL k“ … „ENDE“.
Aufruf:     python3 loesungen/loesung_15_hartnaeckig.py 127.0.0.1:5115
Den Server spielt der Prüfer:
Prüfen:     cargo run --bin pruefen -- 15 --befehl "python3 loesungen/loesung_15_hartnaeckig.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5115"
# Erste Wartezeit in Sekunden; sie verdoppelt sich bis HOECHSTENS_S.
ERSTE_PAUSE_S = 0.1
HOECHSTENS_S = 1.6
# So viele gescheiterte Versuche in Folge, dann geben wir auf.
MAX_VERSUCHE = 6
# Schweigt der Server so lange, gilt die Verbindung als tot.
LESE_TIMEOUT_S = 10.0
# Längste Zeile vom Server; eine längere ist kaputt.
MAX_ZEILE = 1024
AUFRUF = """Aufruf: python3 loesungen/loesung_15_hartnaeckig.py [HOST:PORT]
HOST:PORT  der Zahlen-Server; Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5115"""


class Abbruch(Exception):
    """Ein Durchgang endete vor ENDE."""


class Aufgegeben(Exception):
    """Zu viele Versuche in Folge sind gescheitert."""


def durchgang(host, port, stand):
    """Ein Verbindungsdurchgang: verbinden, „AB n“ schicken, Zahlen lesen, bis
    ENDE. stand["letzte"] ist die letzte vollständig empfangene Zahl. Nur die
    Netzwerkteile stehen in try: Eine geschlossene stdout-Pipe ist kein Abbruch."""
    try:
        verbindung = socket.create_connection((host, port), timeout=LESE_TIMEOUT_S)
    except OSError as e:
        raise Abbruch(grund(e)) from e
    with verbindung, verbindung.makefile("rb") as leser:
        try:
            verbindung.sendall(f"AB {stand['letzte']}\n".encode())
        except OSError as e:
            raise Abbruch(grund(e)) from e
        while True:
            try:
                zeile = leser.readline(MAX_ZEILE)
            except OSError as e:
                raise Abbruch(grund(e)) from e
            # Ohne \n am Ende ist die Zeile halb (oder zu lang): verwerfen, neu verbinden.
            if not zeile.endswith(b"\n"):
                raise Abbruch("Server hat die Verbindung geschlossen")
            text = zeile.decode("utf-8", errors="replace").strip()
            if text == "ENDE":
                return
            wort, _, zahl = text.partition(" ")
            if wort == "ZAHL" and zahl.isascii() and zahl.isdigit():
                if int(zahl) > stand["letzte"]:
                    stand["letzte"] = int(zahl)
                    print(f"Zahl {zahl}", flush=True)
                # sonst: schon gesehen
            else:
                # repr() zeigt Steuerzeichen als \x1b usw.: keine falschen Zeilen im Terminal.
                print(f"Unverständliche Zeile vom Server: {text!r}", file=sys.stderr, flush=True)


def grund(e):
    """Der Grund eines Abbruchs auf Deutsch; sonst der Text des Betriebssystems."""
    if isinstance(e, ConnectionRefusedError):
        return "abgelehnt, dort lauscht niemand"
    if isinstance(e, TimeoutError):
        return f"{LESE_TIMEOUT_S:g} s lang nichts vom Server"
    if isinstance(e, ConnectionResetError):
        return "vom Server zurückgesetzt"
    return f"Fehler: {e}"


def hole_alle(host, port):
    stand = {"letzte": 0}
    fehlversuche = 0
    pause = ERSTE_PAUSE_S
    while True:
        vorher = stand["letzte"]
        try:
            durchgang(host, port, stand)
            return
        except Abbruch as e:
            if stand["letzte"] > vorher:
                # Es ging voran: Zähler und Pause von vorn.
                fehlversuche = 0
                pause = ERSTE_PAUSE_S
            fehlversuche += 1
            if fehlversuche >= MAX_VERSUCHE:
                raise Aufgegeben(f"{MAX_VERSUCHE} Versuche in Folge gescheitert, zuletzt: {e}. "
                                 f"Läuft der Server unter {host}:{port}?") from e
            print(f"Verbindung verloren ({e}), neuer Versuch in {round(pause * 1000)} ms",
                  flush=True)
            time.sleep(pause)
            # Exponentielles Zurückweichen: Ein überlasteter Server bekommt Luft.
            pause = min(pause * 2, HOECHSTENS_S)


def lies_adresse():
    """[HOST:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse HOST:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return text, host.strip("[]"), int(port)


def main():
    text, host, port = lies_adresse()
    print(f"Verbinde mit {text}", flush=True)
    try:
        hole_alle(host, port)
    except Aufgegeben as e:
        print(f"Fehler: {e}", file=sys.stderr)
        return 1
    print("Fertig", flush=True)
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

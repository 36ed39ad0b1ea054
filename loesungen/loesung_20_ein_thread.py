"""Musterlösung zu Aufgabe 20 „Viele Clients, ein Thread“ in Python: ein
einziger Thread bedient alle Clients mit selectors (unter Linux epoll, unter
macOS kqueue, unter Windows select). Jede Zeile kommt mit A–Z statt a–z zurück.

Terminal 1: python3 loesungen/loesung_20_ein_thread.py 127.0.0.1:5120
Terminal 2: nc 127.0.0.1 5120   (gern in mehreren Terminals)
Prüfen:     cargo run --bin pruefen -- 20 --befehl "python3 loesungen/loesung_20_ein_thread.py"
"""

import ipaddress
import os
import selectors
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5120"
MAX_ZEILE = 1024
# Liegt so viel Antwort im Ausgang, liest der Server von diesem Client nichts
# mehr, bis er abgeholt hat: Ein Client, der nie liest, bläht nichts auf.
MAX_AUSGANG = 64 * 1024
# Unter Windows nimmt select() höchstens 512 Sockets (FD_SETSIZE in CPython),
# der lauschende zählt mit; Linux (epoll) und macOS (kqueue) kennen diese Grenze nicht.
MAX_CLIENTS = 500 if sys.platform == "win32" else 900
# Nach „! Zeile zu lang“: höchstens so viel und so lange weglesen, dann schließen.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT_S = 2.0
AUFRUF = """Aufruf: python3 loesungen/loesung_20_ein_thread.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5120"""


class Client:
    """Alles, was der Server über eine Verbindung weiß."""

    def __init__(self, verbindung):
        self.verbindung = verbindung
        self.eingang = bytearray()
        self.ausgang = bytearray()
        # Nach dem Ausgang schließen (Zeile zu lang oder der Client hat aufgelegt).
        self.schliessen = False
        self.aufgelegt = False
        # Wann das Weglesen nach shutdown() spätestens endet; None: noch nicht begonnen.
        self.abfluss_bis = None
        self.weggelesen = 0


def beantworte_zeilen(client):
    """Jede vollständige Zeile aus dem Eingang kommt groß in den Ausgang."""
    while True:
        pos = client.eingang.find(b"\n")
        if pos < 0:
            break
        if pos > MAX_ZEILE:
            zu_lang(client)
            return
        zeile = bytes(client.eingang[: pos + 1])
        del client.eingang[: pos + 1]
        # bytes.upper() ändert nur a–z; alle anderen Bytes bleiben, wie sie sind.
        antwort = zeile.upper()
        if antwort.endswith(b"\r\n"):
            antwort = antwort[:-2] + b"\n"
        client.ausgang += antwort
    if len(client.eingang) > MAX_ZEILE:
        zu_lang(client)


def zu_lang(client):
    client.ausgang += b"! Zeile zu lang\n"
    client.eingang.clear()
    client.schliessen = True


def bediene(client, maske):
    """Ein Ereignis: lesen, beantworten, schreiben, ohne je zu warten.
    False: Verbindung schließen."""
    if maske & selectors.EVENT_READ:
        try:
            daten = client.verbindung.recv(4096)
        except (BlockingIOError, InterruptedError):
            daten = None
        except OSError:
            return False
        if daten == b"":
            if client.abfluss_bis is not None:
                return False  # Abschied fertig: Der Client hat auch geschlossen.
            client.aufgelegt = client.schliessen = True
        elif daten and client.abfluss_bis is not None:
            client.weggelesen += len(daten)
            if client.weggelesen > NACHLAUF_BYTES:
                return False
        elif daten:
            client.eingang += daten
            beantworte_zeilen(client)
    if client.ausgang:
        try:
            gesendet = client.verbindung.send(client.ausgang)
            del client.ausgang[:gesendet]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return False
    if client.schliessen and not client.ausgang and client.abfluss_bis is None:
        if client.aufgelegt:
            return False
        # Erst unsere Richtung schließen, dann begrenzt weglesen: So kommt
        # „! Zeile zu lang“ an, statt in einem Reset unterzugehen.
        try:
            client.verbindung.shutdown(socket.SHUT_WR)
        except OSError:
            return False
        client.abfluss_bis = time.monotonic() + NACHLAUF_ZEIT_S
    return True


def interesse(client):
    """Worauf select() für diesen Client warten soll. selectors meldet, solange
    der Zustand gilt: Wer nicht lesen will, darf nicht auf EVENT_READ warten,
    sonst dreht die Schleife leer."""
    maske = selectors.EVENT_WRITE if client.ausgang else 0
    if not client.aufgelegt and (client.abfluss_bis is not None
                                 or (not client.schliessen and len(client.ausgang) < MAX_AUSGANG)):
        maske |= selectors.EVENT_READ
    return maske


def nimm_an(server, auswahl, clients):
    """Nimmt eine wartende Verbindung an (select() meldet die nächste gleich wieder)."""
    try:
        verbindung, _ = server.accept()
    except (BlockingIOError, InterruptedError):
        return
    except OSError as e:
        # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
        print(f"accept() ist gescheitert ({e}), neuer Versuch gleich", file=sys.stderr)
        time.sleep(0.1)
        return
    verbindung.setblocking(False)
    if len(clients) >= MAX_CLIENTS:
        try:
            verbindung.send(b"! Zu viele Clients\n")
        except OSError:
            pass
        verbindung.close()
        return
    client = Client(verbindung)
    clients[verbindung] = client
    auswahl.register(verbindung, selectors.EVENT_READ, client)


def schliesse(client, auswahl, clients):
    auswahl.unregister(client.verbindung)
    del clients[client.verbindung]
    client.verbindung.close()


def lies_adresse(args):
    if args and args[0].startswith("-"):
        raise ValueError(f"Unbekannter Schalter „{args[0]}“")
    if len(args) > 1:
        raise ValueError(f"Unerwartetes Argument „{args[1]}“")
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    try:
        ipaddress.ip_address(host.strip("[]"))
        port = int(port)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise ValueError(f"„{text}“ ist keine Adresse wie {STANDARD_ADRESSE}") from None
    return host.strip("[]"), port


def main():
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        return 0
    try:
        host, port = lies_adresse(args)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        server = socket.create_server((host, port))
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    print(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}", flush=True)
    server.setblocking(False)
    auswahl = selectors.DefaultSelector()
    auswahl.register(server, selectors.EVENT_READ, None)
    clients = {}
    while True:
        # Höchstens 0,5 s warten, damit abgelaufene Abschiede geschlossen werden.
        for schluessel, maske in auswahl.select(timeout=0.5):
            if schluessel.data is None:
                nimm_an(server, auswahl, clients)
                continue
            client = schluessel.data
            if bediene(client, maske) and interesse(client):
                auswahl.modify(client.verbindung, interesse(client), client)
            else:
                schliesse(client, auswahl, clients)
        jetzt = time.monotonic()
        for client in [c for c in clients.values() if c.abfluss_bis and c.abfluss_bis < jetzt]:
            schliesse(client, auswahl, clients)


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

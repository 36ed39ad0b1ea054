"""Aufgabe 20 „Viele Clients, ein Thread“ – Starter für Python. Die Aufgabe steht
im Buch unter „Übungsaufgaben“ (book/aufgaben/20-ein_thread.md).

Ein einziger Thread bedient alle Clients mit selectors (unter Linux epoll,
unter macOS kqueue, unter Windows select). Die Schleife in main() ist schon
fertig: Sie gibt jedes Ereignis an bediene() und setzt danach mit interesse()
neu, worauf select() warten soll. Gibt bediene() False zurück, schließt sie
die Verbindung.

Ausprobieren: python3 python/aufgabe_20_ein_thread.py 127.0.0.1:5120
              nc 127.0.0.1 5120   (gern in mehreren Terminals)
Prüfen:       cargo run --bin pruefen -- 20 --befehl "python3 python/aufgabe_20_ein_thread.py"
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
AUFRUF = """Aufruf: python3 python/aufgabe_20_ein_thread.py [IP:PORT]
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


def bediene(client, maske):
    """Ein Ereignis: lesen, beantworten, schreiben, ohne je zu warten.
    False: Verbindung schließen.

    Schritt 1: Ist EVENT_READ in maske, einmal recv(4096). BlockingIOError heißt
    „gerade nichts da“; b"" heißt: Der Client hat aufgelegt (aufgelegt und
    schliessen setzen, den Ausgang noch abschicken).
    Schritt 2: Das Gelesene an client.eingang hängen; jede vollständige Zeile
    kommt groß in client.ausgang (bytes.upper() ändert nur a–z, ein \r vor
    dem \n fällt weg). Mehr als MAX_ZEILE Bytes ohne \n: „! Zeile zu lang\n“
    in den Ausgang und schliessen = True.
    Schritt 3: Liegt etwas im Ausgang, einmal send(); gesendete Bytes vorn
    löschen (del client.ausgang[:n]).
    Schritt 4: Ist schliessen gesetzt und der Ausgang leer: shutdown(SHUT_WR),
    abfluss_bis = time.monotonic() + NACHLAUF_ZEIT_S, und ab jetzt Gelesenes
    nur noch zählen (weggelesen, höchstens NACHLAUF_BYTES) und wegwerfen."""
    raise NotImplementedError(
        f"{len(client.eingang)} Bytes im Eingang, {len(client.ausgang)} im Ausgang, Maske {maske}")


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

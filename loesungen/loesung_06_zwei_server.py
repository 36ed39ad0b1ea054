"""Musterlösung zu Aufgabe 06 „Zwei Server, ein Client“ in Python: Der Client
liest von zwei Servern zugleich über nicht-blockierende Sockets und gibt jede
ganze Zeile sofort aus, „A: …“ oder „B: …“. Haben beide geschlossen: „Fertig“.

Terminal 1: nc -l 127.0.0.1 5201   (Server A, hier tippst du Zeilen)
Terminal 2: nc -l 127.0.0.1 5202   (Server B)
Terminal 3: python3 loesungen/loesung_06_zwei_server.py 127.0.0.1:5201 127.0.0.1:5202
Prüfen:     cargo run --bin pruefen -- 06 --befehl "python3 loesungen/loesung_06_zwei_server.py"
"""

import os
import socket
import sys
import time

# Längere Zeilen ohne \n nimmt der Client nicht an: Ein Server soll ihm nicht
# den Speicher füllen.
MAX_ZEILE = 64 * 1024
VERBINDEN_S = 3
# Ist gerade nichts da, schläft der Client kurz statt heiß zu drehen. Wie man
# auf mehrere Sockets zugleich wartet, zeigt das Kapitel über Polling.
PAUSE_S = 0.005
AUFRUF = """Aufruf: python3 loesungen/loesung_06_zwei_server.py ADRESSE_A ADRESSE_B
ADRESSE_A, ADRESSE_B  die beiden Server als IP:PORT, etwa 127.0.0.1:5103 127.0.0.1:5105"""


class Quelle:
    """Ein Server: sein Name, sein Socket und die angefangene Zeile."""

    def __init__(self, name, strom):
        self.name, self.strom, self.puffer, self.offen = name, strom, b"", True


def main():
    quellen = []
    for name, adresse in zip("AB", lies_adressen()):
        try:
            strom = socket.create_connection(adresse, timeout=VERBINDEN_S)
        except OSError as e:
            print(f"Fehler: Keine Verbindung zu Server {name} ({adresse[0]}:{adresse[1]}). "
                  f"Läuft er? ({e})", file=sys.stderr)
            return 1
        # Ab jetzt kehrt recv() sofort zurück: mit Daten oder mit BlockingIOError.
        strom.setblocking(False)
        quellen.append(Quelle(name, strom))
    print("Verbunden mit 2 Servern", flush=True)
    try:
        while any(q.offen for q in quellen):
            etwas_passiert = False
            for q in quellen:
                if q.offen:
                    etwas_passiert |= lies_was_da_ist(q)
            if not etwas_passiert:
                time.sleep(PAUSE_S)
    except BrokenPipeError:
        raise  # stdout ist zu, nicht der Server: ganz unten still enden
    except (OSError, ValueError) as e:
        # Was schon da war, steht bereits auf dem Bildschirm.
        print(f"Fehler: {e}", file=sys.stderr)
        return 1
    print("Fertig", flush=True)
    return 0


def lies_was_da_ist(q):
    """Liest, bis BlockingIOError kommt, und gibt jede ganze Zeile aus.
    Liefert True, wenn etwas gelesen wurde."""
    gelesen = False
    while True:
        try:
            stueck = q.strom.recv(4096)
        except BlockingIOError:
            return gelesen
        except InterruptedError:
            continue
        except OSError as e:
            raise OSError(f"Lesen von Server {q.name} ist gescheitert ({e})") from e
        if not stueck:
            # b"": Der Server hat geschlossen; eine halbe letzte Zeile zeigen wir auch.
            q.offen = False
            if q.puffer:
                print(f"{q.name}: {sichtbar(q.puffer)}", flush=True)
            return True
        gelesen = True
        q.puffer += stueck
        # Erst ganze Zeilen in Text wandeln: Ein „ü“ kann auf zwei recv()
        # verteilt ankommen.
        while b"\n" in q.puffer:
            zeile, q.puffer = q.puffer.split(b"\n", 1)
            if zeile.endswith(b"\r"):
                zeile = zeile[:-1]
            print(f"{q.name}: {sichtbar(zeile)}", flush=True)
        if len(q.puffer) > MAX_ZEILE:
            raise ValueError(f"Server {q.name} schickt eine Zeile über {MAX_ZEILE} Bytes")


def sichtbar(daten):
    """Text eines Servers fürs Terminal: ungültiges UTF-8 als �, Steuerzeichen
    (ESC, das dein Terminal löschen könnte, \\r …) als \\x1b, \\r."""
    text = daten.decode("utf-8", errors="replace")
    return "".join(z if z.isprintable() else z.encode("unicode_escape").decode() for z in text)


def lies_adressen():
    """ADRESSE_A ADRESSE_B; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    schalter = [a for a in args if a.startswith("-")]
    if schalter:
        fehler = f"Unbekannter Schalter {schalter[0]!r}"
    elif len(args) != 2:
        fehler = f"Erwartet genau zwei Adressen, bekommen: {len(args)}"
    else:
        adressen = []
        for text in args:
            host, _, port = text.rpartition(":")
            if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
                fehler = f"Adresse {text!r}: erwartet IP:PORT, etwa 127.0.0.1:5103"
                break
            adressen.append((host.strip("[]"), int(port)))
        else:
            return adressen
    print(f"Fehler: {fehler}\n\n{AUFRUF}", file=sys.stderr)
    sys.exit(2)


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

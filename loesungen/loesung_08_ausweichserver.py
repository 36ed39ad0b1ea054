"""Musterlösung zu Aufgabe 08 „Ausweichserver“ in Python: wie
socket.create_connection, nur über mehrere Kandidaten. Jede Adresse bekommt
höchstens 500 ms; der erste Server, der annimmt, bekommt „HALLO“.

Terminal 1: python3 loesungen/loesung_03_echo.py 127.0.0.1:5103
Terminal 2: python3 loesungen/loesung_08_ausweichserver.py 127.0.0.1:5999 localhost:5103
Prüfen:     cargo run --bin pruefen -- 08 --befehl "python3 loesungen/loesung_08_ausweichserver.py"
"""

import os
import socket
import sys

# So lange darf ein Verbindungsversuch dauern (in Sekunden).
VERBINDEN_S = 0.5
# So lange warten wir auf die Antwortzeile, und so lang darf sie höchstens sein.
LESEN_S = 2
MAX_ANTWORT = 4096

AUFRUF = """Aufruf: python3 loesungen/loesung_08_ausweichserver.py HOST:PORT [HOST:PORT …]
HOST:PORT  Kandidaten der Reihe nach, etwa 127.0.0.1:5999 localhost:5103"""


def als_text(adresse):
    """("::1", 5103, …) → "[::1]:5103", ("127.0.0.1", 5103) → "127.0.0.1:5103"."""
    ip, port = adresse[:2]
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def verbinde(kandidaten):
    letzter_fehler = "keine Adresse angegeben"
    for kandidat in kandidaten:
        host, _, port = kandidat.rpartition(":")
        try:
            if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
                raise OSError("erwartet HOST:PORT")
            # Ein Name wie „localhost“ kann mehrere Adressen ergeben (::1 und 127.0.0.1).
            adressen = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)
        except OSError as e:
            print(f"Fehlgeschlagen: {kandidat} ({e})", flush=True)
            letzter_fehler = f"{kandidat} lässt sich nicht auflösen ({e}), erwartet HOST:PORT"
            continue
        for familie, art, proto, _, adresse in adressen:
            print(f"Versuche {als_text(adresse)}", flush=True)
            strom = socket.socket(familie, art, proto)
            try:
                # Ohne Timeout würde connect() bei einer Adresse, die Pakete
                # schluckt, minutenlang warten.
                strom.settimeout(VERBINDEN_S)
                strom.connect(adresse)
                return strom, als_text(adresse)
            except OSError as e:
                strom.close()
                grund = e.strerror or str(e) or type(e).__name__
                print(f"Fehlgeschlagen: {als_text(adresse)} ({grund})", flush=True)
                letzter_fehler = f"keine Verbindung zu {als_text(adresse)}: {grund}"
    raise OSError(f"Keine Adresse erreichbar. Läuft einer der Server? ({letzter_fehler})")


def sprich(strom):
    strom.settimeout(LESEN_S)
    strom.sendall(b"HALLO\n")
    antwort = b""
    while b"\n" not in antwort and len(antwort) < MAX_ANTWORT:
        try:
            stueck = strom.recv(MAX_ANTWORT - len(antwort))
        except OSError as e:
            # Was schon kam, zeigen wir trotzdem.
            if antwort:
                print(f"Antwort: {sichtbar(antwort)}", flush=True)
            raise OSError(f"Keine Antwort vom Server ({e})") from e
        if not stueck:
            break
        antwort += stueck
    zeile = antwort.split(b"\n", 1)[0].rstrip()
    print(f"Antwort: {sichtbar(zeile)}", flush=True)


def sichtbar(daten):
    """Steuerzeichen des Servers (ESC …) erscheinen sichtbar, nicht roh im Terminal."""
    text = daten.decode("utf-8", errors="replace")
    return "".join(z if z.isprintable() else z.encode("unicode_escape").decode() for z in text)


def main():
    kandidaten = sys.argv[1:]
    if "--help" in kandidaten or "-h" in kandidaten:
        print(AUFRUF, flush=True)
        return 0
    schalter = [a for a in kandidaten if a.startswith("-")]
    falsch = f"Unbekannter Schalter {schalter[0]!r}" if schalter else (
        "Nenne mindestens eine Adresse." if not kandidaten else None)
    if falsch:
        print(f"Fehler: {falsch}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    try:
        strom, adresse = verbinde(kandidaten)
        print(f"Verbunden mit {adresse}", flush=True)
        with strom:
            sprich(strom)
    except BrokenPipeError:
        raise  # stdout ist zu, nicht der Server: ganz unten still enden
    except OSError as e:
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

"""Musterlösung zu Aufgabe 16 „Mini-Webserver“ in Python.

Der Server bedient einen Client nach dem anderen. Der ganze Kopf einer
Anfrage muss in 10 s ankommen; wer tröpfelt, bekommt 408 und wird getrennt.

Terminal 1: python3 loesungen/loesung_16_webserver.py 127.0.0.1:5116
Prüfen:     cargo run --bin pruefen -- 16 --befehl "python3 loesungen/loesung_16_webserver.py"
"""

import ipaddress
import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5116"
MAX_KOPF = 8192
# Der ganze Kopf muss in dieser Frist ankommen (gegen Slowloris).
KOPF_FRIST = 10.0
AUFRUF = """Aufruf: python3 loesungen/loesung_16_webserver.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5116
SEITE    Umgebungsvariable: Datei, die unter / ausgeliefert wird"""
EINGEBAUT = b'<!DOCTYPE html>\n<html lang="de"><meta charset="utf-8"><title>Hallo</title><h1>Hallo aus Python!</h1></html>\n'


def lies_kopf(verbindung):
    """Liest bis zur Leerzeile; None, wenn der Kopf zu groß ist.

    Vor jedem recv() gilt nur der Rest der Frist: Einzelne Bytes verlängern
    sie nicht. Ist sie um, wirft recv() socket.timeout (TimeoutError).
    """
    ende = time.monotonic() + KOPF_FRIST
    daten = b""
    while b"\r\n\r\n" not in daten and b"\n\n" not in daten:
        if len(daten) >= MAX_KOPF:
            return None
        rest = ende - time.monotonic()
        if rest <= 0:
            raise TimeoutError("Kopf kam nicht rechtzeitig")
        verbindung.settimeout(rest)
        stueck = verbindung.recv(MAX_KOPF - len(daten))
        if not stueck:
            break
        daten += stueck
    kopf = daten.split(b"\r\n\r\n")[0].split(b"\n\n")[0]
    return [z.decode("utf-8", errors="replace").rstrip("\r") for z in kopf.split(b"\n")]


def antwort(kopf, seite):
    if kopf is None:
        return "431 Request Header Fields Too Large", "", b"Kopf zu gross\n"
    teile = kopf[0].split(" ") if kopf else []
    if len(teile) != 3 or not teile[2].startswith("HTTP/"):
        return "400 Bad Request", "", b"Kaputte Anfrage\n"
    methode, pfad, _ = teile
    if methode != "GET":
        return "405 Method Not Allowed", "Allow: GET\r\n", b"Nur GET\n"
    if pfad not in ("/", "/index.html"):
        return "404 Not Found", "", b"Nicht gefunden\n"
    return "200 OK", "", seite


def bediene(verbindung, seite):
    try:
        kopf = lies_kopf(verbindung)
        status, extra, inhalt = antwort(kopf, seite)
    except TimeoutError:
        status, extra, inhalt = "408 Request Timeout", "", b"Zu langsam\n"
    typ = "text/html; charset=utf-8" if status.startswith("200") else "text/plain; charset=utf-8"
    kopf = (f"HTTP/1.1 {status}\r\nContent-Type: {typ}\r\nContent-Length: {len(inhalt)}\r\n"
            f"{extra}Connection: close\r\n\r\n")
    # sendall wiederholt send(), bis alles gesendet ist.
    verbindung.settimeout(10)
    verbindung.sendall(kopf.encode() + inhalt)
    # Erst unsere Richtung schließen, Rest der Anfrage kurz (höchstens 1 MiB,
    # 0,2 s) weglesen, dann zu: so geht die Antwort nicht durch ein RST verloren.
    verbindung.shutdown(socket.SHUT_WR)
    verbindung.settimeout(0.2)
    weg = 0
    try:
        while weg < 1 << 20:
            stueck = verbindung.recv(65536)
            if not stueck:
                break
            weg += len(stueck)
    except OSError:
        pass
    return status


def lies_adresse(argumente):
    """(host, port) aus dem ersten Argument, sonst ADRESSE, sonst Standard."""
    if len(argumente) > 1:
        raise ValueError(f"Unerwartetes Argument „{argumente[1]}“")
    text = argumente[0] if argumente else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    if text.startswith("-"):
        raise ValueError(f"Unbekannter Schalter „{text}“")
    host, _, port = text.rpartition(":")
    try:
        ipaddress.ip_address(host.strip("[]"))
        port = int(port)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise ValueError(f"„{text}“ ist keine Adresse der Form IP:PORT, etwa 127.0.0.1:5116") from None
    return host.strip("[]"), port


def main():
    argumente = sys.argv[1:]
    if "--help" in argumente or "-h" in argumente:
        print(AUFRUF, flush=True)
        return 0
    try:
        host, port = lies_adresse(argumente)
    except ValueError as e:
        print(f"Fehler: {e}\n\n{AUFRUF}", file=sys.stderr)
        return 2
    pfad = os.environ.get("SEITE")
    seite = EINGEBAUT
    try:
        if pfad:
            with open(pfad, "rb") as datei:
                seite = datei.read()
    except OSError as e:
        print(f"Fehler: Kann die Seite {pfad} nicht lesen ({e}). Stimmt SEITE?", file=sys.stderr)
        return 1
    try:
        server = socket.create_server((host, port))
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    print(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}", flush=True)
    while True:
        try:
            verbindung, client = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert ({e}), neuer Versuch gleich", file=sys.stderr)
            time.sleep(0.1)
            continue
        wer = f"{client[0]}:{client[1]}"
        with verbindung:
            try:
                ergebnis = bediene(verbindung, seite)
            except OSError as e:
                ergebnis = f"abgebrochen ({e})"
        # Erst nach dem try ausgeben: Eine geschlossene stdout-Pipe ist kein Fehler des Clients.
        print(f"{wer}: {ergebnis}", flush=True)


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

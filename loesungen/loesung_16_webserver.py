"""Musterlösung zu Aufgabe 16 „Mini-Webserver“ in Python.

Terminal 1: python3 loesungen/loesung_16_webserver.py 127.0.0.1:5116
Prüfen:     cargo run --bin pruefen -- 16 --befehl "python3 loesungen/loesung_16_webserver.py"
"""

import os
import socket
import sys

STANDARD_ADRESSE = "127.0.0.1:5116"
MAX_KOPF = 8192
EINGEBAUT = b'<!DOCTYPE html>\n<html lang="de"><meta charset="utf-8"><title>Hallo</title><h1>Hallo aus Python!</h1></html>\n'


def lies_kopf(verbindung):
    """Liest bis zur Leerzeile; None, wenn der Kopf zu groß ist."""
    daten = b""
    while b"\r\n\r\n" not in daten and b"\n\n" not in daten:
        if len(daten) >= MAX_KOPF:
            return None
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
    verbindung.settimeout(10)
    status, extra, inhalt = antwort(lies_kopf(verbindung), seite)
    typ = "text/html; charset=utf-8" if status.startswith("200") else "text/plain; charset=utf-8"
    kopf = (f"HTTP/1.1 {status}\r\nContent-Type: {typ}\r\nContent-Length: {len(inhalt)}\r\n"
            f"{extra}Connection: close\r\n\r\n")
    # sendall wiederholt send(), bis alles gesendet ist.
    verbindung.sendall(kopf.encode() + inhalt)
    # Erst unsere Richtung schließen, Rest der Anfrage kurz weglesen, dann zu:
    # so geht die Antwort nicht durch ein RST verloren.
    verbindung.shutdown(socket.SHUT_WR)
    verbindung.settimeout(0.2)
    try:
        while verbindung.recv(65536):
            pass
    except OSError:
        pass


def main():
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    pfad = os.environ.get("SEITE")
    seite = open(pfad, "rb").read() if pfad else EINGEBAUT
    host, _, port = text.rpartition(":")
    try:
        server = socket.create_server((host, int(port)))
    except OSError as e:
        print(f"Fehler: Kann {text} nicht binden: {e}", file=sys.stderr)
        return 1
    print(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}", flush=True)
    while True:
        verbindung, client = server.accept()
        with verbindung:
            try:
                bediene(verbindung, seite)
            except OSError as e:
                print(f"Client {client[0]}:{client[1]}: {e}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

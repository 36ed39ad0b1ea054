"""Musterlösung zu Aufgabe 10 „Zwei Familien“ in Python: ein Server, zwei
Sockets – einer der Familie AF_INET (IPv4), einer der Familie AF_INET6
(IPv6) –, beide auf demselben Port. Jeder Client bekommt „IPv4 ADRESSE“ bzw.
„IPv6 ADRESSE“ (seine eigene Adresse), dann schließt der Server.

Terminal 1: python3 loesungen/loesung_10_zwei_familien.py 5110
Terminal 2: nc 127.0.0.1 5110   und   nc ::1 5110
Prüfen:     cargo run --bin pruefen -- 10 --befehl "python3 loesungen/loesung_10_zwei_familien.py"
"""

import errno
import os
import socket
import sys
import threading
import time

STANDARD_PORT = 5110
# Eine Zeile an einen frischen Client passt immer in den Sendepuffer; die
# Frist schützt trotzdem davor, dass ein accept-Thread hängen bleibt.
SCHREIB_TIMEOUT_S = 2.0
# „Adresse schon belegt“ heißt unter Linux und macOS EADDRINUSE, unter Windows WSAEADDRINUSE.
BELEGT = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
AUFRUF = """Aufruf: python3 loesungen/loesung_10_zwei_familien.py [PORT]
PORT  0 bis 65535 (0: das System wählt); Standard: Umgebungsvariable PORT, sonst 5110"""


def lausche(familie, host, port):
    """socket(familie, SOCK_STREAM) → bind → listen, für genau eine Familie."""
    listener = socket.socket(familie, socket.SOCK_STREAM)
    try:
        if familie == socket.AF_INET6:
            # IPV6_V6ONLY: Dieser Socket nimmt nur IPv6 an, IPv4 bleibt dem anderen.
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        if os.name != "nt":
            # Unter Windows hieße SO_REUSEADDR: einen belegten Port mitbenutzen.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener


def binde_beide(port):
    """Bindet beide Familien auf denselben Port. Bei Port 0 wählt das System den
    IPv4-Port; ist er unter IPv6 zufällig belegt, versuchen wir es neu."""
    for _ in range(10):
        v4 = lausche(socket.AF_INET, "127.0.0.1", port)
        echter_port = v4.getsockname()[1]
        try:
            return v4, lausche(socket.AF_INET6, "::1", echter_port)
        except OSError as e:
            v4.close()
            if port == 0 and e.errno in BELEGT:
                continue
            raise OSError(f"Kann [::1]:{echter_port} nicht binden. Hat dieser Rechner IPv6? ({e})")
    raise OSError("Kein Port ist unter IPv4 und IPv6 zugleich frei")


def bediene(listener, familie):
    while True:
        try:
            # accept() liefert die Adresse des Clients gleich mit; ein Client, der
            # sofort wieder auflegt, kann uns so nicht mehr stolpern lassen.
            verbindung, adresse = listener.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"{familie}: accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        client = als_text(adresse)
        melde(f"{familie}-Client {client}")
        with verbindung:
            try:
                verbindung.settimeout(SCHREIB_TIMEOUT_S)
                verbindung.sendall(f"{familie} {client}\n".encode())
                verbindung.shutdown(socket.SHUT_WR)
            except OSError as e:
                melde(f"{client}: Antwort kam nicht an ({e})")


def melde(text):
    """Eine Zeile auf stdout, sofort geleert. Liest niemand mehr mit (stdout ist
    eine geschlossene Pipe), endet der Server still wie unten in __main__;
    os._exit, weil sys.exit in einem Thread nur diesen Thread beendet."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(0)


def als_text(adresse):
    """(host, port, …) als „127.0.0.1:5000“ bzw. „[::1]:5000“."""
    host, port = adresse[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def lies_port():
    """[PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("PORT", str(STANDARD_PORT))
    if len(args) > 1 or not (text.isascii() and text.isdigit()) or int(text) > 65535:
        falsch = args[1] if len(args) > 1 else text
        print(f"Fehler: {falsch!r} ist kein Port: erlaubt sind 0 bis 65535\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return int(text)


def main():
    port = lies_port()
    try:
        v4, v6 = binde_beide(port)
    except OSError as e:
        print(f"Fehler: Kann nicht auf Port {port} lauschen. Ist er schon belegt? ({e})",
              file=sys.stderr)
        return 1
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adressen.
    print(f"Server lauscht auf {als_text(v4.getsockname())} und {als_text(v6.getsockname())}",
          flush=True)
    # Ein accept() blockiert. Damit keiner der beiden Listener auf den anderen
    # wartet, bekommt IPv6 einen eigenen Thread; IPv4 bedient der Hauptthread.
    threading.Thread(target=bediene, args=(v6, "IPv6"), daemon=True).start()
    bediene(v4, "IPv4")


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

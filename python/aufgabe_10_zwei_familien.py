"""Aufgabe 10 „Zwei Familien“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/10-zwei_familien.md).

Ein Server mit einem IPv4- und einem IPv6-Socket auf demselben Port.

Terminal 1: python3 python/aufgabe_10_zwei_familien.py 5110
Terminal 2: nc 127.0.0.1 5110   und   nc ::1 5110
Prüfen:     cargo run --bin pruefen -- 10 --befehl "python3 python/aufgabe_10_zwei_familien.py"
"""

import os
import socket
import sys
import threading

STANDARD_PORT = 5110


def binde_beide(port):
    """Schritt 1: socket.socket(socket.AF_INET, socket.SOCK_STREAM) auf
    ("127.0.0.1", port) binden und listen(); dann einen AF_INET6-Socket auf
    ("::1", echter_port) – echter_port aus getsockname(), falls port 0 war.
    Tipp: setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1) vor bind().
    Liefert (v4, v6)."""
    raise NotImplementedError(f"IPv4 und IPv6 auf Port {port} binden")


def bediene(listener, familie):
    """Schritt 2: in einer Schleife accept(); jedem Client „IPv4 ADRESSE\\n“ bzw.
    „IPv6 ADRESSE\\n“ schicken (seine eigene Adresse, IPv6 als [::1]:PORT), dann
    schließen. Ein Fehler bei einem Client beendet nicht den Server."""
    raise NotImplementedError(f"{familie}-Clients von {listener} bedienen")


AUFRUF = """Aufruf: python3 python/aufgabe_10_zwei_familien.py [PORT]
PORT  0 bis 65535 (0: das System wählt); Standard: Umgebungsvariable PORT, sonst 5110"""


def lies_port():
    """Schon fertig: [PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
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
    h4, p4 = v4.getsockname()[:2]
    h6, p6 = v6.getsockname()[:2]
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adressen.
    print(f"Server lauscht auf {h4}:{p4} und [{h6}]:{p6}", flush=True)
    # Schritt 3: Beide Listener gleichzeitig bedienen – ein accept() blockiert.
    # Tipp: threading.Thread(target=bediene, args=(v6, "IPv6"), daemon=True).start()
    # und im Hauptthread bediene(v4, "IPv4").
    raise NotImplementedError(f"beide Listener bedienen ({socket.AF_INET6}, {threading})")


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

"""Aufgabe 17 „Türsteher“ – Starter für Python. Die Aufgabe steht im Buch unter
„Übungsaufgaben“ (book/aufgaben/17-tuersteher.md).

Ein Server mit Grenzen: Zahl der Clients, Zeilenlänge und eine Frist je Zeile.
Jede Zeile kommt in Großbuchstaben zurück.

Ausprobieren: python3 python/aufgabe_17_tuersteher.py 127.0.0.1:5117 --max-clients 2 --timeout-ms 5000
              nc 127.0.0.1 5117   (in einem zweiten Terminal)
Prüfen:       cargo run --bin pruefen -- 17 --befehl "python3 python/aufgabe_17_tuersteher.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5117"
MAX_ZEILE = 256
AUFRUF = """Aufruf: python3 python/aufgabe_17_tuersteher.py [IP:PORT] [--max-clients N] [--timeout-ms T]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5117
N        höchstens so viele Clients zugleich, 1 bis 1000, Standard 10
T        Frist je Zeile in Millisekunden, 1 bis 3600000, Standard 30000"""


def bediene_alle(server, max_clients, frist_s):
    """Schritt 1: Plätze zählen (threading.BoundedSemaphore, acquire(blocking=False));
    wer keinen bekommt, erhält „! Server voll“ über verabschiede().
    Schritt 2: je Client ein Thread: „Willkommen“, dann jede Zeile groß zurück.
    Gib den Platz in einem finally frei, wie auch immer der Client endet.
    Schritt 3: Frist je Zeile (time.monotonic() + frist_s, vor jedem recv() nur
    der Rest als settimeout), Zeilen bis MAX_ZEILE Bytes, sonst „! Zeile zu lang“.
    Setze auch vor sendall() ein settimeout: Ein Client, der nie liest, darf
    seinen Platz nicht für immer behalten."""
    raise NotImplementedError(f"höchstens {max_clients} Clients, Frist {frist_s} s")


def verabschiede(verbindung, zeile):
    """Schon fertig: letzte Zeile (Bytes) senden, dann FIN (shutdown) und
    höchstens 64 KiB und 0,2 s lang weglesen, was noch kommt. Schlössen wir mit
    ungelesenen Daten, käme beim Client ein Reset an statt des Grundes."""
    try:
        verbindung.settimeout(0.2)
        verbindung.sendall(zeile)
        verbindung.shutdown(socket.SHUT_WR)
        ende, gelesen = time.monotonic() + 0.2, 0
        while gelesen < 64 * 1024 and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def lies_argumente(args):
    """Schon fertig: (host, port, max_clients, frist_s); ValueError bei Falschem."""
    text, werte = None, {"--max-clients": (10, 1, 1000), "--timeout-ms": (30_000, 1, 3_600_000)}
    gewaehlt = {schalter: standard for schalter, (standard, _, _) in werte.items()}
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg in werte:
            wert, (_, kleinste, groesste) = (args.pop(0) if args else ""), werte[arg]
            if not (wert.isascii() and wert.isdigit() and kleinste <= int(wert) <= groesste):
                raise ValueError(f"{arg} „{wert}“: erlaubt sind ganze Zahlen von {kleinste} bis {groesste}")
            gewaehlt[arg] = int(wert)
        elif arg.startswith("-") or text is not None:
            raise ValueError(f"Unerwartetes Argument „{arg}“")
        else:
            text = arg
    text = text or os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if not host or not (port.isascii() and port.isdigit()) or int(port) > 65535:
        raise ValueError(f"„{text}“ ist keine Adresse IP:PORT, etwa {STANDARD_ADRESSE}")
    return host.strip("[]"), int(port), gewaehlt["--max-clients"], gewaehlt["--timeout-ms"] / 1000


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
    # flush=True: Sonst bleibt die erste Zeile im Puffer, und niemand erfährt die Adresse.
    print(f"Server lauscht auf {server.getsockname()[0]}:{server.getsockname()[1]}", flush=True)
    bediene_alle(server, max_clients, frist_s)


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

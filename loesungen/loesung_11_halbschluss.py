"""Musterlösung zu Aufgabe 11 „Zählen bis zum Halbschluss“ in Python: liest,
bis der Client seine Senderichtung schließt (shutdown(SHUT_WR) → recv()
liefert b""), und antwortet erst dann.

Der Server bedient einen Client nach dem anderen. Damit ein stiller oder
tröpfelnder Client die anderen nicht für immer aufhält, hat jeder eine Frist:
10 s Stille am Stück oder 60 s insgesamt, dann bekommt er „! Zu lange still“.

Terminal 1: python3 loesungen/loesung_11_halbschluss.py 127.0.0.1:5111
Terminal 2: printf 'a\\nbb\\n' | nc -N 127.0.0.1 5111   (-N: nach der Eingabe shutdown)
Prüfen:     cargo run --bin pruefen -- 11 --befehl "python3 loesungen/loesung_11_halbschluss.py"
"""

import os
import socket
import sys
import time

STANDARD_ADRESSE = "127.0.0.1:5111"
# So lange darf ein Client am Stück schweigen, so lange höchstens dauern.
STILLE_S = 10.0
GESAMTFRIST_S = 60.0
# Nach einer Fehlermeldung lesen wir höchstens 64 KiB und 1 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 1.0
AUFRUF = """Aufruf: python3 loesungen/loesung_11_halbschluss.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5111 (nur dieser Rechner)"""


def zaehle(verbindung):
    """Liest bis zum Halbschluss des Clients und schickt dann „ZEILEN n BYTES m“."""
    ende = time.monotonic() + GESAMTFRIST_S
    zeilen = bytes_gesamt = 0
    while True:
        # Vor jedem recv(): höchstens STILLE_S, aber nie über die Gesamtfrist hinaus.
        rest = min(ende - time.monotonic(), STILLE_S)
        if rest <= 0:
            raise TimeoutError
        verbindung.settimeout(rest)
        # recv() liefert b"" erst, wenn der Client shutdown(SHUT_WR) aufgerufen
        # (oder geschlossen) hat – vorher kommt immer noch etwas.
        stueck = verbindung.recv(8192)
        if not stueck:
            break
        bytes_gesamt += len(stueck)
        zeilen += stueck.count(b"\n")
    # Die Gegenrichtung ist noch offen: Die Antwort kommt an.
    verbindung.settimeout(STILLE_S)
    verbindung.sendall(f"ZEILEN {zeilen} BYTES {bytes_gesamt}\n".encode())
    # Auch unsere Senderichtung schließen: Der Client liest b"".
    verbindung.shutdown(socket.SHUT_WR)


def verabschiede(verbindung, meldung):
    """Meldung senden, shutdown(SHUT_WR), begrenzt weglesen, was noch kommt:
    Schlössen wir mit ungelesenen Daten, käme beim Client ein Reset an statt
    der Meldung."""
    try:
        verbindung.settimeout(NACHLAUF_ZEIT)
        verbindung.sendall(meldung)
        verbindung.shutdown(socket.SHUT_WR)
        ende, gelesen = time.monotonic() + NACHLAUF_ZEIT, 0
        while gelesen < NACHLAUF_BYTES and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def als_text(adresse):
    """(host, port, …) als „127.0.0.1:5000“ bzw. „[::1]:5000“."""
    host, port = adresse[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def lies_adresse():
    """[IP:PORT]; bei --help die Hilfe, bei Falschem Exit-Code 2."""
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        print(AUFRUF, flush=True)
        sys.exit(0)
    text = args[0] if args else os.environ.get("ADRESSE", STANDARD_ADRESSE)
    host, _, port = text.rpartition(":")
    if len(args) > 1 or text.startswith("-") or not host or not (port.isascii() and port.isdigit()) \
            or int(port) > 65535:
        print(f"Fehler: {text!r} ist keine Adresse IP:PORT, etwa {STANDARD_ADRESSE}\n\n{AUFRUF}",
              file=sys.stderr)
        sys.exit(2)
    return host.strip("[]"), int(port)


def main():
    host, port = lies_adresse()
    try:
        familie = socket.AF_INET6 if ":" in host else socket.AF_INET
        server = socket.create_server((host, port), family=familie)
    except OSError as e:
        print(f"Fehler: Kann {host}:{port} nicht binden. Ist der Port schon belegt? ({e})",
              file=sys.stderr)
        return 1
    # flush=True: Ohne bleibt die Zeile im Puffer, und niemand erfährt die Adresse.
    print(f"Server lauscht auf {als_text(server.getsockname())}", flush=True)
    while True:
        try:
            verbindung, client = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        # accept() hat uns die Adresse des Clients schon gegeben (getpeername).
        wer = als_text(client)
        print(f"Verbindung von {wer}", flush=True)
        with verbindung:
            try:
                zaehle(verbindung)
            except TimeoutError:
                print(f"{wer}: zu lange still, getrennt", flush=True)
                verabschiede(verbindung, b"! Zu lange still\n")
            except OSError as e:
                # Der Fehler eines Clients beendet nicht den Server.
                print(f"{wer}: Verbindung abgebrochen ({e})", flush=True)


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

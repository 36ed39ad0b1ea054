"""Musterlösung zu Aufgabe 14 „JSON-Rechner“ in Python: ein eigenes Protokoll
aus JSON-Zeilen. Fehler bekommen eine Antwort {"ok": false, …}, die
Verbindung bleibt.

Ein Thread je Client, höchstens 64 zugleich; wer darüber kommt, bekommt eine
Fehlerantwort. Wer 5 Minuten nichts schickt, wird getrennt.

Terminal 1: python3 loesungen/loesung_14_json_rechner.py 127.0.0.1:5114
Terminal 2: nc 127.0.0.1 5114     dann: {"op": "add", "a": 1, "b": 2}
Prüfen:     cargo run --bin pruefen -- 14 --befehl "python3 loesungen/loesung_14_json_rechner.py"
"""

import json
import math
import os
import socket
import sys
import threading
import time

STANDARD_ADRESSE = "127.0.0.1:5114"
MAX_ZEILE = 4096
# Höchstens so viele Clients (und Threads) zugleich.
MAX_CLIENTS = 64
# Wer so lange nichts schickt, wird getrennt; wer so lange nichts annimmt, auch.
LEERLAUF_S = 300.0
SCHREIB_TIMEOUT_S = 5.0
# Nach einer Fehlerantwort lesen wir höchstens 64 KiB und 0,2 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 0.2
AUFRUF = """Aufruf: python3 loesungen/loesung_14_json_rechner.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5114 (nur dieser Rechner)"""

RECHNUNGEN = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


def kein_json(wort):
    """json.loads kennt NaN und Infinity; JSON selbst nicht."""
    raise ValueError(f"{wort} ist kein JSON")


def zahl(anfrage, feld):
    """Das Feld als float; True/False zählen nicht als Zahl (in Python ist bool ein int)."""
    wert = anfrage.get(feld)
    if isinstance(wert, bool) or not isinstance(wert, (int, float)):
        raise ValueError(f"das Feld {feld!r} fehlt oder ist keine Zahl")
    return float(wert)


def antworte(zeile):
    """Beantwortet eine Zeile. Jeder Fehler wird zu {"ok": False, …}."""
    try:
        anfrage = json.loads(zeile, parse_constant=kein_json)
    except (ValueError, RecursionError) as e:
        return {"ok": False, "fehler": f"ungültige Anfrage: kein gültiges JSON ({e})"}
    try:
        if not isinstance(anfrage, dict):
            raise ValueError("erwartet ist ein Objekt {…}")
        op = anfrage.get("op")
        if not isinstance(op, str):
            raise ValueError("das Feld 'op' fehlt oder ist kein Text")
        a, b = zahl(anfrage, "a"), zahl(anfrage, "b")
    except (ValueError, OverflowError) as e:
        return {"ok": False, "fehler": f"ungültige Anfrage: {e}"}
    if op not in RECHNUNGEN:
        return {"ok": False, "fehler": f"unbekannte Operation {op!r}"}
    if op == "div" and b == 0:
        return {"ok": False, "fehler": "Division durch null"}
    ergebnis = RECHNUNGEN[op](a, b)
    if not math.isfinite(ergebnis):
        # JSON kennt weder Unendlich noch NaN.
        return {"ok": False, "fehler": "Ergebnis zu groß"}
    return {"ok": True, "ergebnis": ergebnis}


class Leser:
    """Liest Zeilen mit Längengrenze und hebt auf, was nach dem \\n kam
    (mehrere Anfragen in einem Paket)."""

    def __init__(self, verbindung):
        self.verbindung = verbindung
        self.puffer = b""

    def zeile(self, max_laenge, frist_s):
        """Eine Zeile samt \\n. Ohne \\n am Ende: zu lang (mehr als max_laenge + 1
        Bytes, Platz für \\r) oder aufgelegt. Nach frist_s Sekunden Stille:
        TimeoutError. Nie mehr als max_laenge + 2 Bytes im Speicher je Zeile."""
        while b"\n" not in self.puffer:
            if len(self.puffer) >= max_laenge + 2:
                return self.puffer
            self.verbindung.settimeout(frist_s)
            stueck = self.verbindung.recv(max_laenge + 2 - len(self.puffer))
            if not stueck:
                zeile, self.puffer = self.puffer, b""
                return zeile
            self.puffer += stueck
        ende = self.puffer.index(b"\n") + 1
        zeile, self.puffer = self.puffer[:ende], self.puffer[ende:]
        return zeile


def bediene(verbindung):
    leser = Leser(verbindung)
    while True:
        try:
            zeile = leser.zeile(MAX_ZEILE, LEERLAUF_S)
        except TimeoutError:
            verabschiede(verbindung, {"ok": False, "fehler": "zu lange still"})
            return "zu lange still"
        if not zeile.endswith(b"\n"):
            if len(zeile) > MAX_ZEILE:
                verabschiede(verbindung, {"ok": False, "fehler": "Zeile zu lang"})
                return "Zeile zu lang"
            return "hat geschlossen"  # auch mitten in einer Zeile
        text = zeile[:-1].removesuffix(b"\r")
        if len(text) > MAX_ZEILE:
            verabschiede(verbindung, {"ok": False, "fehler": "Zeile zu lang"})
            return "Zeile zu lang"
        antwort = antworte(text.decode("utf-8", errors="replace"))
        # Eine Antwort = ein JSON-Objekt in einer Zeile (json.dumps macht kein \n).
        verbindung.settimeout(SCHREIB_TIMEOUT_S)
        verbindung.sendall((json.dumps(antwort, ensure_ascii=False) + "\n").encode())


def verabschiede(verbindung, antwort):
    """Letzte Antwort senden, shutdown(SHUT_WR), begrenzt weglesen, was noch
    kommt: Schlössen wir mit ungelesenen Daten, käme beim Client ein Reset an
    statt der Antwort."""
    try:
        verbindung.settimeout(NACHLAUF_ZEIT)
        verbindung.sendall((json.dumps(antwort, ensure_ascii=False) + "\n").encode())
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


def melde(text):
    """Eine Zeile auf stdout, sofort geleert. Liest niemand mehr mit (stdout ist
    eine geschlossene Pipe), endet der Server still wie unten in __main__;
    os._exit, weil sys.exit in einem Thread nur diesen Thread beendet."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(0)


def client_thread(verbindung, client, plaetze):
    """Bedient einen Client; der Platz wird frei, wie auch immer er endet."""
    try:
        with verbindung:
            grund = bediene(verbindung)
        melde(f"{client}: {grund}")
    except OSError as e:
        melde(f"{client}: Verbindung abgebrochen ({e})")
    finally:
        plaetze.release()


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
    plaetze = threading.BoundedSemaphore(MAX_CLIENTS)
    while True:
        try:
            verbindung, adresse = server.accept()
        except OSError as e:
            # Etwa EMFILE (keine Dateideskriptoren frei): kurz warten statt heiß drehen.
            print(f"accept() ist gescheitert: {e}", file=sys.stderr, flush=True)
            time.sleep(0.1)
            continue
        client = als_text(adresse)
        # Prüfen und belegen in einem Schritt: acquire ohne zu warten.
        if not plaetze.acquire(blocking=False):
            melde(f"{client} abgewiesen: Server voll")
            with verbindung:
                verabschiede(verbindung, {"ok": False, "fehler": "Server voll"})
            continue
        try:
            # daemon=True: Die Threads halten das Programm beim Beenden nicht auf.
            threading.Thread(target=client_thread, args=(verbindung, client, plaetze),
                             daemon=True).start()
        except RuntimeError as e:
            # Das System gibt keinen Thread mehr her.
            plaetze.release()
            melde(f"{client} abgewiesen: kein Thread frei ({e})")
            with verbindung:
                verabschiede(verbindung, {"ok": False, "fehler": "Server überlastet"})


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

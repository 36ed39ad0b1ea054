"""Musterlösung zu Aufgabe 13 „Zeilensicherer Chat“ in Python: ein Lese-Thread
und ein Schreib-Thread je Client, eine geteilte Liste aller Clients, Zeilen
mit Längengrenze.

Niemand schreibt unter der Sperre: Jede Nachricht kommt in die begrenzte
Warteschlange des Empfängers, sein Schreib-Thread schickt sie. Bleibt eine
Schlange 2 s lang voll, liest der Empfänger nicht mit und fliegt hinaus.
Höchstens 100 Clients; wer 5 Minuten nichts schickt, wird getrennt.

Terminal 1: python3 loesungen/loesung_13_chat.py 127.0.0.1:5113
Terminal 2 und 3: nc 127.0.0.1 5113
Prüfen:     cargo run --bin pruefen -- 13 --befehl "python3 loesungen/loesung_13_chat.py"
"""

import os
import queue
import socket
import sys
import threading
import time

STANDARD_ADRESSE = "127.0.0.1:5113"
# Längste Zeile in Bytes (ohne \r\n).
MAX_ZEILE = 256
MAX_CLIENTS = 100
# So viele Nachrichten warten höchstens auf einen Empfänger.
WARTESCHLANGE = 64
# Ein Empfänger, der so lange nichts annimmt, wird getrennt.
SCHREIB_TIMEOUT_S = 2.0
# Wer so lange nichts schickt, wird getrennt.
LEERLAUF_S = 300.0
# Nach der letzten Meldung lesen wir höchstens 64 KiB und 0,5 s lang weg, was noch kommt.
NACHLAUF_BYTES = 64 * 1024
NACHLAUF_ZEIT = 0.5
# Steht in der Schlange: Der Schreib-Thread schließt unsere Senderichtung und endet.
ENDE = None
AUFRUF = """Aufruf: python3 loesungen/loesung_13_chat.py [IP:PORT]
IP:PORT  Standard: Umgebungsvariable ADRESSE, sonst 127.0.0.1:5113 (nur dieser Rechner)"""

# Alle verbundenen Clients: Adresse → (Warteschlange, Verbindung), hinter der Sperre.
clients = {}
sperre = threading.Lock()


class Leser:
    """Liest Zeilen mit Längengrenze und hebt auf, was nach dem \\n kam
    (mehrere Zeilen in einem Paket)."""

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


def bediene(verbindung, ich):
    """Liest die Zeilen eines Clients und verteilt sie; liefert den Grund des Endes."""
    leser = Leser(verbindung)
    while True:
        try:
            zeile = leser.zeile(MAX_ZEILE, LEERLAUF_S)
        except TimeoutError:
            return "! Zu lange still\n", "zu lange still"
        except OSError as e:
            return None, f"Fehler: {e}"
        if not zeile.endswith(b"\n"):
            if len(zeile) > MAX_ZEILE:
                return "! Zeile zu lang\n", "Zeile zu lang"
            return None, "hat geschlossen"  # auch mitten in einer Zeile
        text = zeile[:-1].removesuffix(b"\r")
        if len(text) > MAX_ZEILE:
            return "! Zeile zu lang\n", "Zeile zu lang"
        if text and not verteile(ich, f"{ich}: {text.decode('utf-8', errors='replace')}\n"):
            return None, "nahm keine Nachrichten an"


def verteile(absender, zeile):
    """Legt die Zeile in die Schlange jedes anderen, ohne die Sperre zu halten,
    während gewartet wird. Wessen Schlange nach SCHREIB_TIMEOUT_S (für alle
    zusammen) noch voll ist, der liest nicht mit und wird getrennt. False: Der
    Absender selbst steht nicht mehr in der Liste."""
    with sperre:
        if absender not in clients:
            return False
        empfaenger = [(wer, s) for wer, (s, _) in clients.items() if wer != absender]
    frist = time.monotonic() + SCHREIB_TIMEOUT_S
    for wer, schlange in empfaenger:
        try:
            schlange.put(zeile, timeout=max(frist - time.monotonic(), 0.001))
        except queue.Full:
            trenne(wer)
    return True


def trenne(wer):
    """Nimmt einen Client aus der Liste und trennt ihn; sein Lese-Thread sieht
    das Ende und räumt auf."""
    with sperre:
        eintrag = clients.pop(wer, None)
    if eintrag:
        try:
            eintrag[1].shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def schreibe(verbindung, schlange):
    """Der Schreib-Thread: schickt, was in der Schlange steht. Eine eigene Kopie
    der Verbindung (dup) hat ihren eigenen Timeout, unabhängig vom Lesen."""
    with verbindung:
        verbindung.settimeout(SCHREIB_TIMEOUT_S)
        try:
            while (zeile := schlange.get()) is not ENDE:
                verbindung.sendall(zeile.encode())
            verbindung.shutdown(socket.SHUT_WR)
        except OSError:
            # Nimmt nichts an: trennen, sein Lese-Thread räumt auf.
            try:
                verbindung.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def lass_abfliessen(verbindung):
    """Liest begrenzt weg, was der Client noch schickt: Schließen mit ungelesenen
    Daten würde einen Reset auslösen, und die letzte Meldung ginge verloren."""
    ende, gelesen = time.monotonic() + NACHLAUF_ZEIT, 0
    try:
        while gelesen < NACHLAUF_BYTES and time.monotonic() < ende:
            verbindung.settimeout(max(ende - time.monotonic(), 0.001))
            stueck = verbindung.recv(4096)
            if not stueck:
                break
            gelesen += len(stueck)
    except OSError:
        pass


def client_thread(verbindung, ich, schlange, schreiber, plaetze):
    """Der Lese-Thread eines Clients, samt Aufräumen, wie auch immer er endet."""
    try:
        with verbindung:
            meldung, grund = bediene(verbindung, ich)
            # Raus aus der Liste; der Schreib-Thread schickt den Rest und die
            # Meldung, dann schließt er unsere Senderichtung.
            with sperre:
                clients.pop(ich, None)
            for letztes in [meldung, ENDE] if meldung else [ENDE]:
                try:
                    schlange.put(letztes, timeout=SCHREIB_TIMEOUT_S)
                except queue.Full:
                    break  # Sein Schreib-Thread hängt und scheitert gleich selbst.
            schreiber.join(SCHREIB_TIMEOUT_S + 1)
            lass_abfliessen(verbindung)
        melde(f"{ich} ist gegangen ({grund})")
    finally:
        plaetze.release()


def nimm_auf(verbindung, ich, plaetze):
    """Trägt den Client ein und startet seinen Schreib- und Lese-Thread."""
    schlange = queue.Queue(WARTESCHLANGE)
    # Die Begrüßung steht als Erstes in der Schlange; danach kommt alles, was
    # verteilt wird, sobald er in der Liste steht.
    schlange.put(f"Willkommen {ich}\n")
    schreiber = threading.Thread(target=schreibe, args=(verbindung.dup(), schlange), daemon=True)
    with sperre:
        clients[ich] = (schlange, verbindung)
    schreiber.start()
    try:
        threading.Thread(target=client_thread, args=(verbindung, ich, schlange, schreiber, plaetze),
                         daemon=True).start()
    except RuntimeError:
        schlange.put(ENDE)  # Der Schreib-Thread soll nicht ewig warten.
        raise
    melde(f"{ich} ist dabei")


def verabschiede(verbindung, meldung):
    """Meldung senden, shutdown(SHUT_WR), begrenzt weglesen, schließen."""
    with verbindung:
        try:
            verbindung.settimeout(NACHLAUF_ZEIT)
            verbindung.sendall(meldung.encode())
            verbindung.shutdown(socket.SHUT_WR)
        except OSError:
            return
        lass_abfliessen(verbindung)


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
        ich = als_text(adresse)
        # Prüfen und belegen in einem Schritt: acquire ohne zu warten.
        if not plaetze.acquire(blocking=False):
            melde(f"{ich} abgewiesen: Server voll")
            verabschiede(verbindung, "! Server voll\n")
            continue
        try:
            nimm_auf(verbindung, ich, plaetze)
        except (OSError, RuntimeError) as e:
            # Kein Deskriptor für dup() oder kein Thread mehr frei.
            with sperre:
                clients.pop(ich, None)
            plaetze.release()
            melde(f"{ich} abgewiesen: {e}")
            verabschiede(verbindung, "! Server überlastet\n")


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

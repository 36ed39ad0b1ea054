"""Gruppenchat-Server mit asyncio: eine Coroutine je Client, ein Thread, wie
tokio_server. Dasselbe Protokoll (Kapitel „Gruppenchat“), dieselben Schalter
und Grenzen; Strg+C verabschiedet jeden Client mit `* Server wird beendet`.

Terminal 1: python3 python/async_server.py
Terminal 2: cargo run --example gruppen_client -- 127.0.0.1:6005
"""
import asyncio
import signal
import sys
import time
import unicodedata
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

STANDARD_ADRESSE = "127.0.0.1:6005"
MAX_ZEILE = 1024  # Bytes mit \n
NACHLAUF = 2.0  # Sekunden: so lange lesen wir nach der letzten Zeile noch weg …
NACHLAUF_BYTES = 1 << 20  # … und höchstens so viel
AUFRUF = (
    "Aufruf: python3 python/async_server.py [ADRESSE] [--max-clients N] [--timeout SEKUNDEN] "
    "[--max-puffer BYTES] [--leise]\n  ADRESSE " + STANDARD_ADRESSE + ", N 1..100000 (100), "
    "SEKUNDEN 1..86400 (300), BYTES 4096..67108864 (65536)"
)


def befehlszeile(args):
    """Wie chatregeln::start::befehlszeile: Hilfe -> Exit 0, Fehler -> Exit 2."""
    e = {"adresse": STANDARD_ADRESSE, "max_clients": 100, "timeout": 300, "max_puffer": 65536, "leise": False}
    bereiche = {"--max-clients": ("max_clients", 1, 100_000), "--timeout": ("timeout", 1, 86_400),
                "--max-puffer": ("max_puffer", 4096, 64 << 20)}
    adresse = None

    def falsch(text):
        print(f"Fehler: {text}\n{AUFRUF}", file=sys.stderr)
        sys.exit(2)

    args = list(args)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            print(AUFRUF)
            sys.exit(0)
        elif arg in bereiche:
            name, von, bis = bereiche[arg]
            wert = args.pop(0) if args else ""
            if not (wert.isascii() and wert.isdigit() and von <= int(wert) <= bis):
                falsch(f"{arg} {wert!r}: erlaubt sind ganze Zahlen {von}..={bis}")
            e[name] = int(wert)
        elif arg == "--leise":
            e["leise"] = True
        elif arg.startswith("-"):
            falsch(f"Unbekannte Option {arg}")
        elif adresse is None:
            adresse = arg
        else:
            falsch(f"Zu viele Argumente: {arg!r}")
    host, _, port = (adresse or STANDARD_ADRESSE).rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        falsch(f"ADRESSE {adresse!r}: erwartet etwa {STANDARD_ADRESSE}")
    e["host"], e["port"] = host.strip("[]"), int(port)
    return e


E = befehlszeile(sys.argv[1:])
clients = {}  # Task -> Client; ihre Zahl ist die Grenze
namen = {}  # Name -> Client: nur wer einen Namen hat, bekommt den Rundruf


def protokoll(text):
    if not E["leise"]:
        print(text, flush=True)


def lesbar(text):
    """Steuerzeichen eines Clients entschärfen (`\\n`, `\\x1b`), wie escape_debug in Rust."""
    return "".join(z if z.isprintable() else repr(z)[1:-1] for z in text)


class Client:
    def __init__(self, leser, schreiber):
        self.leser, self.schreiber = leser, schreiber
        self.wer = "{}:{}".format(*schreiber.get_extra_info("peername")[:2])
        self.name = None
        self.grund = None  # von außen gesetzt, bevor die Task abgebrochen wird
        self.task = asyncio.current_task()

    def sende(self, zeile):
        """write() wartet nie: asyncio puffert selbst. Wächst der Puffer über
        --max-puffer, liest der Client nicht mit: Task abbrechen."""
        if self.grund is None:
            self.schreiber.write(zeile.encode())
            if self.schreiber.transport.get_write_buffer_size() > E["max_puffer"]:
                self.abbrechen("zu_langsam")

    def abbrechen(self, grund):
        self.grund = grund
        self.task.cancel()  # CancelledError erscheint an ihrem nächsten await


def rundruf(absender, zeile):
    for c in list(namen.values()):
        if c is not absender:
            c.sende(zeile)


def name_gueltig(name):
    return 1 <= len(name) <= 32 and not any(z.isspace() or unicodedata.category(z) == "Cc" for z in name)


def gruss(neu):
    laenge, gezeigt = len(neu.encode()) + 40, []
    for name in sorted(namen):
        laenge += len(name.encode()) + 2
        if laenge > MAX_ZEILE - 30:
            break
        gezeigt.append(name)
    rest = len(namen) - len(gezeigt)
    raum = ", ".join(gezeigt) + (f" und {rest} weitere" if rest and gezeigt else "")
    return f"* Hallo {neu}! Im Raum: {raum if namen else 'niemand sonst'}\n"


def zeile(c, text):
    """Die Regeln für eine ganze Zeile. True: Der Client geht (/quit)."""
    if text == "/quit":
        return True
    if c.name is not None:
        if text:
            rundruf(c, f"{c.name}: {text}\n")
    elif not name_gueltig(text):
        c.sende("! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n")
    elif text in namen:
        c.sende(f"! Der Name {text} ist vergeben\n")
    else:
        protokoll(f"{c.wer}: heißt {lesbar(text)}")
        c.sende(gruss(text))
        c.name, namen[text] = text, c
        rundruf(c, f"* {text} ist dabei\n")
    return False


async def lies_zeilen(c):
    """Liest, bis der Client geht; liefert den Grund. Die Frist beginnt mit jeder ganzen Zeile neu."""
    puffer, frist = bytearray(), time.monotonic() + E["timeout"]
    while True:
        try:
            stueck = await asyncio.wait_for(c.leser.read(4096), frist - time.monotonic())
        except asyncio.TimeoutError:
            return "still"
        except ConnectionResetError:
            return "reset"
        except OSError:
            return "fehler"
        if not stueck:
            return "geschlossen"
        puffer += stueck
        while (pos := puffer.find(b"\n")) != -1 and pos < MAX_ZEILE:
            roh, puffer = bytes(puffer[:pos]), puffer[pos + 1:]
            frist = time.monotonic() + E["timeout"]
            if zeile(c, roh.decode("utf-8", "replace").removesuffix("\r")):
                return "quit"
        if len(puffer) >= MAX_ZEILE:
            return "zu_lang"


ABSCHIED = {
    "quit": "* Tschüss!\n",
    "zu_lang": f"! Zeile zu lang (höchstens {MAX_ZEILE} Bytes)\n",
    "still": "! Zu lange still ({} s), Verbindung wird getrennt\n",
    "beendet": "* Server wird beendet\n",
}
BESCHREIBUNG = {
    "quit": "/quit", "geschlossen": "Verbindung vom Client geschlossen",
    "zu_lang": f"Zeile länger als {MAX_ZEILE} Bytes", "still": "{} s lang keine Zeile",
    "zu_langsam": "liest nicht mit, Ausgabe läuft über", "fehler": "Fehler",
    "reset": "Verbindung zurückgesetzt (RST)",
}


# ANCHOR: bediene
async def bediene(leser, schreiber):
    c = Client(leser, schreiber)
    if len(clients) >= E["max_clients"]:
        protokoll(f"{c.wer}: abgewiesen, Server voll")
        schreiber.write(f"! Server voll (höchstens {E['max_clients']} Clients), "
                        "versuch es später noch einmal\n".encode())
        return await verabschiede(c)
    clients[asyncio.current_task()] = c
    protokoll(f"{c.wer}: verbunden")
    c.sende("* Willkommen! Wie heißt du?\n")
    try:
        grund = await lies_zeilen(c)
    except asyncio.CancelledError:  # abgebrochen: zu langsam oder Strg+C
        grund = c.grund
    del clients[asyncio.current_task()]
    if grund != "beendet":  # beim Herunterfahren gehen alle, keiner muss es erfahren
        if c.name is not None:
            del namen[c.name]
        name = lesbar(c.name) if c.name is not None else "(ohne Namen)"
        protokoll(f"{c.wer}: {name} getrennt ({BESCHREIBUNG[grund].format(E['timeout'])})")
        if c.name is not None:
            rundruf(c, f"* {c.name} ist gegangen\n")
    if grund in ABSCHIED:
        schreiber.write(ABSCHIED[grund].format(E["timeout"]).encode())
        await verabschiede(c)
    else:
        schreiber.transport.abort()  # geschlossen, abgerissen oder zu langsam: sofort zu
# ANCHOR_END: bediene


async def verabschiede(c):
    """Letzte Zeile ist eingereiht: FIN, dann begrenzt weglesen (sonst RST), schließen."""
    try:
        await asyncio.wait_for(c.schreiber.drain(), NACHLAUF)
        c.schreiber.write_eof()
        async with asyncio.timeout(NACHLAUF):
            gelesen = 0
            while gelesen < NACHLAUF_BYTES and (stueck := await c.leser.read(65536)):
                gelesen += len(stueck)
    except (OSError, asyncio.TimeoutError):
        pass
    c.schreiber.transport.abort() if c.schreiber.transport.get_write_buffer_size() else c.schreiber.close()


async def main():
    server = await asyncio.start_server(bediene, E["host"], E["port"], backlog=1024, reuse_address=True)
    print("Server lauscht auf {}:{}".format(*server.sockets[0].getsockname()[:2]), flush=True)
    print(f"Höchstens {E['max_clients']} Clients, Timeout {E['timeout']} s, "
          f"Puffer {E['max_puffer']} Bytes je Client", flush=True)
    ende = asyncio.Event()
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, ende.set)  # Unix
    except NotImplementedError:
        pass  # Windows: Strg+C kommt als KeyboardInterrupt, ohne Abschied
    await ende.wait()
    # Strg+C: nicht mehr annehmen, jeden verabschieden, höchstens NACHLAUF + 1 s warten.
    server.close()
    print(f"Strg+C: Server wird beendet, {len(clients)} Clients", flush=True)
    tasks = list(clients)
    for c in list(clients.values()):
        c.abbrechen("beendet")
    if tasks:
        await asyncio.wait(tasks, timeout=NACHLAUF + 1)
    print("Server beendet", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        print(f"Fehler: Kann {E['host']}:{E['port']} nicht binden. {e.strerror}. "
              "Läuft der Server schon in einem anderen Terminal?", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        pass

"""Gruppenchat-Server mit Pythons selectors-Modul: ein Thread, viele
Verbindungen, so wie poll_server. Für den Vergleich in „Wie schnell ist das?“
gebaut und daher schlank: Namen, Rundruf, Server voll, Zeilenlänge und
Obergrenze für wartende Ausgaben wie im Protokoll; ohne Leerlauf-Timeout
(--timeout wird angenommen, aber nicht geprüft).

Terminal 1: python3 python/bench_chat_server.py 127.0.0.1:6003 --max-clients 20000 --leise
Terminal 2: cargo run --release -p werkzeuge --bin chat_load -- 127.0.0.1:6003 --clients 1000
"""
import selectors
import socket
import sys

MAX_ZEILE = 1024

args = sys.argv[1:]
ip, port = (args[0] if args and not args[0].startswith("--") else "127.0.0.1:6003").rsplit(":", 1)
max_clients = int(args[args.index("--max-clients") + 1]) if "--max-clients" in args else 100
max_puffer = int(args[args.index("--max-puffer") + 1]) if "--max-puffer" in args else 65536
leise = "--leise" in args

auswahl = selectors.DefaultSelector()
clients = {}  # socket -> {"name", "eingang", "ausgang"}
benannt = {}  # name -> socket: nur wer einen Namen hat, bekommt den Rundruf
kaputt = set()  # erst nach dem Durchlauf trennen, sonst ruft trenne() sich über rundruf() selbst auf


def log(text):
    if not leise:
        print(text, flush=True)


def sende(s, text):
    c = clients.get(s)
    if c is None or s in kaputt:
        return
    c["ausgang"] += text.encode() if isinstance(text, str) else text
    if len(c["ausgang"]) > max_puffer:  # langsamer Leser: trennen
        log("{}: zu langsam, getrennt".format(c["name"]))
        kaputt.add(s)
        return
    schreibe(s)


def schreibe(s):
    c = clients[s]
    try:
        n = s.send(c["ausgang"])
        del c["ausgang"][:n]
    except BlockingIOError:
        pass
    except OSError:
        kaputt.add(s)
        return
    maske = selectors.EVENT_READ | (selectors.EVENT_WRITE if c["ausgang"] else 0)
    auswahl.modify(s, maske)


def rundruf(absender, text):
    daten = text.encode()
    for s in list(benannt.values()):
        if s is not absender:
            sende(s, daten)


def trenne(s):
    c = clients.pop(s, None)
    if c is None:
        return
    auswahl.unregister(s)
    s.close()
    if c["name"]:
        del benannt[c["name"]]
        rundruf(None, "* {} ist gegangen\n".format(c["name"]))


def zeile(s, text):
    c = clients[s]
    if c["name"] is None:
        if not 1 <= len(text) <= 32 or any(z.isspace() or not z.isprintable() for z in text):
            sende(s, "! Ungültiger Name: 1 bis 32 Zeichen ohne Leerzeichen\n")
        elif text in benannt:
            sende(s, "! Der Name {} ist vergeben\n".format(text))
        else:
            andere = list(benannt)
            raum = ", ".join(andere[:50]) + (" und {} weitere".format(len(andere) - 50) if len(andere) > 50 else "")
            c["name"] = text
            benannt[text] = s
            sende(s, "* Hallo {}! Im Raum: {}\n".format(text, raum or "niemand sonst"))
            rundruf(s, "* {} ist dabei\n".format(text))
    elif text == "/quit":
        sende(s, "* Tschüss!\n")
        trenne(s)
    elif text:
        rundruf(s, "{}: {}\n".format(c["name"], text))


def lies(s):
    try:
        daten = s.recv(65536)
    except OSError:
        daten = b""
    if not daten:
        trenne(s)
        return
    c = clients[s]
    c["eingang"] += daten
    while s in clients and b"\n" in c["eingang"]:
        roh, _, rest = c["eingang"].partition(b"\n")
        c["eingang"] = rest
        zeile(s, roh.decode("utf-8", "replace").rstrip("\r"))
    if s in clients and len(c["eingang"]) >= MAX_ZEILE:
        sende(s, "! Zeile zu lang (höchstens 1024 Bytes)\n")
        trenne(s)


def annehmen(server):
    while True:
        try:
            s, addr = server.accept()
        except BlockingIOError:
            return
        if len(clients) >= max_clients:
            s.sendall("! Server voll (höchstens {} Clients), versuch es später noch einmal\n".format(max_clients).encode())
            s.close()
            continue
        s.setblocking(False)
        clients[s] = {"name": None, "eingang": b"", "ausgang": bytearray()}
        auswahl.register(s, selectors.EVENT_READ)
        sende(s, "* Willkommen! Wie heißt du?\n")
        log("{}:{}: verbunden".format(*addr))


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((ip, int(port)))
server.listen(1024)
server.setblocking(False)
auswahl.register(server, selectors.EVENT_READ)
print("Server lauscht auf {}:{}".format(*server.getsockname()), flush=True)
try:
    while True:
        for schluessel, ereignis in auswahl.select():
            s = schluessel.fileobj
            if s is server:
                annehmen(server)
                continue
            if ereignis & selectors.EVENT_WRITE and s in clients:
                schreibe(s)
            if ereignis & selectors.EVENT_READ and s in clients:
                lies(s)
        while kaputt:
            trenne(kaputt.pop())
except KeyboardInterrupt:
    pass

"""Was kostet ein ruhender Client? Startet einen Gruppenchat-Server auf 127.0.0.1 (Port 0),
verbindet N Clients, die nichts sagen, und misst unter Linux:

- im Prozess: RSS, Threads und Mappings (/proc/PID/status, /proc/PID/maps),
- den Stack der Threads: die größte Zahl berührter KiB in einem 64-KiB-Stack
  (Spalte Rss in /proc/PID/smaps; nur bei threaded_server und threaded_server_viele),
- Aufwachvorgänge: freiwillige Kontextwechsel aller Threads in 5 Sekunden,
- im Kernel: KernelStack aus /proc/meminfo und die Objekte je Verbindung aus
  /proc/slabinfo (nur als root lesbar; sonst fehlt die Zeile). Beide Werte zählen
  den ganzen Rechner: Was andere Prozesse gleichzeitig tun, rechnet mit.

Aufruf (erst bauen, dann messen; Debug-Build wie im Buch):

    cargo build --example poll_server
    python3 python/bench_ruhend.py target/debug/examples/poll_server 10000
    python3 python/bench_ruhend.py target/debug/examples/threaded_server 25 --mit-verkehr

Mit --mit-verkehr melden sich bis zu 25 der Clients vor dem Messen an, schreiben an alle,
schicken eine zu lange Zeile und ungültiges UTF-8, einer liest nie: So zeigt die
Stack-Zeile, wie tief die Threads dabei kamen.

Jeder Chat-Server des Buchs geht (er braucht --leise, --max-clients und --timeout).
Mehr als etwa 1000 Clients brauchen `ulimit -n` über N (Server und Skript halten je N
Sockets). Nur Loopback; N ist auf 20 000 begrenzt, jeder Schritt hat eine Frist.
"""
import glob
import re
import socket
import subprocess
import sys
import time

MAX_CLIENTS = 20000
FRIST_S = 120  # für das Verbinden aller Clients
CACHES = ["TCP", "TCPv6", "sock_inode_cache", "filp", "dentry", "eventpoll_epi", "task_struct"]


def lies(pfad):
    try:
        with open(pfad) as datei:
            return datei.read()
    except OSError:
        return ""


def feld(text, name):
    treffer = re.search(r"^{}:\s+(\d+)".format(name), text, re.M)
    return int(treffer.group(1)) if treffer else 0


def slabs():
    ergebnis = {}
    for zeile in lies("/proc/slabinfo").splitlines()[2:]:
        teile = zeile.split()
        ergebnis[teile[0]] = (int(teile[1]), int(teile[3]))  # aktive Objekte, Bytes je Objekt
    return ergebnis


def prozess(pid):
    status = lies("/proc/{}/status".format(pid))
    mappings = lies("/proc/{}/maps".format(pid)).count("\n")
    return feld(status, "VmRSS"), feld(status, "Threads"), mappings


def groesster_stack(pid):
    """Größte Rss (KiB) unter den 64-KiB-Bereichen ohne Datei: den Stacks der Client-Threads."""
    groesste, anzahl = 0, 0
    for block in re.split(r"\n(?=[0-9a-f]+-[0-9a-f]+ )", lies("/proc/{}/smaps".format(pid))):
        kopf = block.split("\n", 1)[0].split()
        if len(kopf) == 5 and feld(block, "Size") == 64:
            anzahl += 1
            groesste = max(groesste, feld(block, "Rss"))
    return groesste, anzahl


def aufwachen(pid):
    summe = 0
    for pfad in glob.glob("/proc/{}/task/*/status".format(pid)):
        summe += feld(lies(pfad), "voluntary_ctxt_switches")
    return summe


def verkehr(clients):
    """Etwas los im Chat, bevor gemessen wird: Namen, Rundrufe, Fehlerfälle, ein Nichtleser."""
    aktiv = clients[:25]
    for i, c in enumerate(aktiv):
        c.sendall("name{}\n".format(i).encode())
    time.sleep(0.5)
    for c in aktiv[:20]:
        c.sendall(("x" * 900 + "\n").encode() * 3)
    if len(aktiv) > 22:
        aktiv[20].sendall(b"\xff\xfe kaputt \x01\x1b[31m\n")  # ungültiges UTF-8, Steuerzeichen
        aktiv[21].sendall(b"y" * 5000)  # zu lange Zeile
        aktiv[22].sendall(b"/quit\n")
    for _ in range(30):  # aktiv[-1] liest nie: sein Postfach läuft über
        aktiv[0].sendall(("z" * 1000 + "\n").encode())
    time.sleep(1)


def main():
    argumente = [a for a in sys.argv[1:] if a != "--mit-verkehr"]
    if len(argumente) != 2 or argumente[0] in ("-h", "--help"):
        print("Aufruf: python3 python/bench_ruhend.py PROGRAMM ANZAHL_CLIENTS [--mit-verkehr]")
        sys.exit(0 if argumente[:1] in (["-h"], ["--help"]) else 2)
    programm, n = argumente[0], int(argumente[1])
    if not 1 <= n <= MAX_CLIENTS:
        sys.exit("ANZAHL_CLIENTS: 1 bis {}".format(MAX_CLIENTS))
    server = subprocess.Popen([programm, "127.0.0.1:0", "--leise", "--max-clients", str(n + 10),
                               "--timeout", "600"], stdout=subprocess.PIPE, text=True)
    clients = []
    try:
        host, port = server.stdout.readline().split()[-1].rsplit(":", 1)
        time.sleep(0.5)
        vorher, mem0, slab0 = prozess(server.pid), lies("/proc/meminfo"), slabs()
        ende = time.monotonic() + FRIST_S
        for _ in range(n):
            clients.append(socket.create_connection((host, int(port)), timeout=10))
            if time.monotonic() > ende:
                sys.exit("Frist abgelaufen: nicht alle Clients verbunden")
        for c in clients:
            c.recv(100)  # die Begrüßung, damit nichts in einem Puffer wartet
        if "--mit-verkehr" in sys.argv:
            verkehr(clients)
        time.sleep(1)
        nachher, mem1, slab1 = prozess(server.pid), lies("/proc/meminfo"), slabs()
        wach0 = aufwachen(server.pid)
        time.sleep(5)
        wach = (aufwachen(server.pid) - wach0) / 5
        name = programm.rsplit("/", 1)[-1]
        art = "Clients, erst Verkehr, dann Ruhe" if "--mit-verkehr" in sys.argv else "ruhende Clients"
        print("{}, {} {} (Linux, Werte aus /proc)".format(name, n, art))
        print("  ohne Clients: RSS {:.1f} MiB, {} Threads, {} Mappings".format(
            vorher[0] / 1024, vorher[1], vorher[2]))
        print("  mit Clients:  RSS {:.1f} MiB, {} Threads, {} Mappings; {:.0f} Bytes RSS je Client".format(
            nachher[0] / 1024, nachher[1], nachher[2], (nachher[0] - vorher[0]) * 1024 / n))
        stack, stacks = groesster_stack(server.pid)
        if stacks:
            print("  Stacks: {} Bereiche zu 64 KiB, davon höchstens {} KiB berührt".format(stacks, stack))
        print("  Aufwachvorgänge aller Threads: {:.0f} je Sekunde".format(wach))
        kernelstack = feld(mem1, "KernelStack") - feld(mem0, "KernelStack")
        print("  Kernel (ganzer Rechner): KernelStack {:+d} KiB, {:+.1f} KiB je Client".format(
            kernelstack, kernelstack / n))
        if slab1:
            for cache in CACHES:
                if cache in slab0 and cache in slab1:
                    mehr = slab1[cache][0] - slab0[cache][0]
                    print("  Kernel-Objekte {:<17} {:+7d} zu {:5d} Bytes".format(cache, mehr, slab1[cache][1]))
            print("  (Server und Clients laufen auf diesem Rechner: Jede Verbindung zählt zweimal.)")
        else:
            print("  /proc/slabinfo ist nur als root lesbar: keine Objekte je Verbindung.")
    finally:
        for c in clients:
            c.close()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()

"""Round-Trip-Zeiten mit Pythons socket-Modul, dasselbe Protokoll wie
echo_bench: 4 Bytes Länge (Big Endian), dann der Rumpf. Der Server schickt
jede Nachricht mit einem sendall() zurück, ein Thread pro Verbindung.

Terminal 1: python3 python/bench_echo.py server 127.0.0.1 7001
Terminal 2: python3 python/bench_echo.py client 127.0.0.1 7001 2 64
            (Sekunden, Nachrichtengröße in Bytes)
"""
import json
import socket
import sys
import threading
import time


def lies_genau(s, n):
    daten = b""
    while len(daten) < n:
        stueck = s.recv(n - len(daten))
        if not stueck:
            return None  # Gegenseite hat geschlossen
        daten += stueck
    return daten


def bediene(verbindung):
    verbindung.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with verbindung:
        while True:
            kopf = lies_genau(verbindung, 4)
            if kopf is None:
                return
            rumpf = lies_genau(verbindung, int.from_bytes(kopf, "big"))
            if rumpf is None:
                return
            verbindung.sendall(kopf + rumpf)


def server(ip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(16)
    print("Echo-Server lauscht auf {}:{}".format(*s.getsockname()), flush=True)
    while True:
        verbindung, addr = s.accept()
        threading.Thread(target=bediene, args=(verbindung,), daemon=True).start()


def client(ip, port, sekunden, groesse):
    s = socket.create_connection((ip, port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    nachricht = (groesse - 4).to_bytes(4, "big") + b"x" * (groesse - 4)
    # ANCHOR: runde
    zeiten = []
    start = time.perf_counter_ns()
    ende = start + int(sekunden * 1e9)
    while True:
        t0 = time.perf_counter_ns()
        if t0 >= ende:
            break
        s.sendall(nachricht)
        if lies_genau(s, groesse) is None:
            raise SystemExit("Fehler: Der Server hat die Verbindung geschlossen")
        zeiten.append(time.perf_counter_ns() - t0)
    # ANCHOR_END: runde
    gesamt = (time.perf_counter_ns() - start) / 1e9
    s.close()
    zeiten.sort()
    us = lambda q: zeiten[round((len(zeiten) - 1) * q)] / 1000
    print("{} Runden, p50 {:.0} µs, p99 {:.0} µs, {:.0} Runden/s".format(
        len(zeiten), us(0.5), us(0.99), len(zeiten) / gesamt))
    print(json.dumps({"runden": len(zeiten), "sekunden": gesamt,
                      "runden_pro_s": len(zeiten) / gesamt,
                      "p50_us": us(0.5), "p99_us": us(0.99), "max_us": us(1.0)}))


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        client(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))

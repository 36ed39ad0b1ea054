"""UDP-Senderate mit Pythons socket-Modul, dasselbe Protokoll wie udp_rate:
8 Bytes Folgenummer (Big Endian) vorne in jedem Datagramm, am Ende eine
Endmarke (2**64 - 1) mit der Anzahl, der Empfänger antwortet mit einem Bericht
(gesendet, empfangen, außer der Reihe, SO_RCVBUF).

Terminal 1: python3 python/bench_udp.py empfang 127.0.0.1 7002 4194304
Terminal 2: python3 python/bench_udp.py senden 127.0.0.1 7002 2 64
            (Sekunden, Datagrammgröße; gesendet wird so schnell es geht)
"""
import json
import socket
import sys
import time

ENDE = 2**64 - 1


def empfang(ip, port, rcvbuf):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if rcvbuf > 0:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    tatsaechlich = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    s.bind((ip, port))
    print("UDP-Empfänger lauscht auf {}:{}".format(*s.getsockname()), flush=True)
    laeufe = {}
    while True:
        daten, addr = s.recvfrom(65536)
        if len(daten) < 8:
            continue
        nummer = int.from_bytes(daten[:8], "big")
        lauf = laeufe.setdefault(addr, [0, 0, 0, False])  # empfangen, höchste, außer Reihe, fertig
        if nummer != ENDE:
            if lauf[3]:
                lauf[:] = [0, 0, 0, False]
            lauf[0] += 1
            if nummer < lauf[1]:
                lauf[2] += 1
            lauf[1] = max(lauf[1], nummer)
            continue
        gesendet = int.from_bytes(daten[8:16], "big")
        if not lauf[3]:
            lauf[3] = True
            print("[{}] {} von {} empfangen".format(addr[0], lauf[0], gesendet), flush=True)
        bericht = b"".join(x.to_bytes(8, "big") for x in (gesendet, lauf[0], lauf[2], tatsaechlich))
        s.sendto(bericht, addr)


def senden(ip, port, sekunden, groesse):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((ip, port))
    datagramm = bytearray(groesse)
    gesendet = 0
    start = time.perf_counter()
    while time.perf_counter() - start < sekunden:
        for _ in range(64):
            datagramm[:8] = gesendet.to_bytes(8, "big")
            s.send(datagramm)
            gesendet += 1
    dauer = time.perf_counter() - start
    s.settimeout(0.3)
    for _ in range(10):
        s.send(ENDE.to_bytes(8, "big") + gesendet.to_bytes(8, "big"))
        try:
            bericht = s.recv(32)
            break
        except socket.timeout:
            continue
    else:
        raise SystemExit("Fehler: Der Empfänger antwortet nicht")
    empfangen = int.from_bytes(bericht[8:16], "big")
    verlust = (gesendet - empfangen) * 100 / max(gesendet, 1)
    print("Gesendet: {} in {:.2} s = {:.0}/s, verloren {:.2} %".format(
        gesendet, dauer, gesendet / dauer, verlust))
    print(json.dumps({"gesendet": gesendet, "empfangen": empfangen, "sekunden": dauer,
                      "rate_ist": gesendet / dauer, "verlust_prozent": verlust}))


if __name__ == "__main__":
    if sys.argv[1] == "empfang":
        empfang(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        senden(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))

"""Durchsatz mit Pythons socket-Modul, derselbe Ablauf wie bulk_send/bulk_recv:
senden bis zum Ende, dann shutdown(SHUT_WR), der Empfänger quittiert Anzahl
und Prüfsumme. Als Prüfsumme dient zlib.crc32 (in C geschrieben); eine
Prüfsumme in reinem Python wäre langsamer als das Netz.

Terminal 1: python3 python/bench_bulk.py empfang 127.0.0.1 7000
Terminal 2: python3 python/bench_bulk.py senden 127.0.0.1 7000 2 131072
            (Sekunden, Puffergröße in Bytes)

Mit --ohne-pruefsumme (auf beiden Seiten) misst es nur die Sockets.
"""
import json
import os
import socket
import sys
import time
import zlib


def empfang(ip, port, puffer, pruefen):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(1)
    print("Empfänger lauscht auf {}:{}".format(*s.getsockname()), flush=True)
    try:
        while True:
            verbindung, addr = s.accept()
            daten = bytearray(puffer)
            ansicht = memoryview(daten)
            gesamt, summe = 0, 0
            start = time.perf_counter()
            while True:
                n = verbindung.recv_into(daten)
                if n == 0:  # der Sender hat seine Richtung geschlossen
                    break
                gesamt += n
                if pruefen:
                    summe = zlib.crc32(ansicht[:n], summe)
            dauer = time.perf_counter() - start
            verbindung.sendall(gesamt.to_bytes(8, "big") + summe.to_bytes(8, "big"))
            verbindung.close()
            print("[{}] {} Bytes in {:.2} s = {:.2} Gbit/s".format(
                addr[0], gesamt, dauer, gesamt * 8 / dauer / 1e9), flush=True)
    finally:
        s.close()


def senden(ip, port, sekunden, puffer, pruefen):
    daten = os.urandom(puffer)
    s = socket.create_connection((ip, port))
    try:
        gesamt, summe = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < sekunden:
            s.sendall(daten)
            gesamt += len(daten)
            if pruefen:
                summe = zlib.crc32(daten, summe)
        s.shutdown(socket.SHUT_WR)
        quittung = b""
        while len(quittung) < 16:
            stueck = s.recv(16 - len(quittung))
            if not stueck:
                raise SystemExit("Fehler: Der Empfänger hat keine Quittung geschickt")
            quittung += stueck
        dauer = time.perf_counter() - start
    finally:
        s.close()
    ok = quittung == gesamt.to_bytes(8, "big") + summe.to_bytes(8, "big")
    gbit = gesamt * 8 / dauer / 1e9
    print("Gesendet: {} Bytes in {:.2} s = {:.2} Gbit/s, Prüfsumme {}".format(
        gesamt, dauer, gbit, "stimmt" if ok else "FALSCH"))
    print(json.dumps({"bytes": gesamt, "sekunden": dauer, "gbit_s": gbit, "puffer": puffer}))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    pruefen = "--ohne-pruefsumme" not in sys.argv
    if sys.argv[1] == "empfang":
        empfang(sys.argv[2], int(sys.argv[3]), 131072, pruefen)
    else:
        senden(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), pruefen)

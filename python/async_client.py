"""Gruppenchat-Client mit asyncio: zeigt jede Zeile des Servers, sobald sie
kommt, und schickt, was du tippst. Die Tastatur liest ein eigener Thread
(stdin lässt sich nicht portabel ohne Blockieren lesen) und reicht jede Zeile
über eine asyncio.Queue weiter. `/quit` oder Strg+D beendet.

Terminal 1: cargo run --example tokio_server
Terminal 2: python3 python/async_client.py 127.0.0.1:6004
"""
import asyncio
import sys
import threading
import unicodedata
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

STANDARD_ADRESSE = "localhost:6004"
AUFRUF = f"Aufruf: python3 python/async_client.py [ADRESSE]  (Standard: {STANDARD_ADRESSE})"
MAX_ZEILE = 1024  # Bytes mit \n, wie im Protokoll


def tastatur(loop, warteschlange):
    """Läuft im Thread: jede getippte Zeile in die Queue, am Ende (Strg+D) /quit."""
    for zeile in sys.stdin:
        loop.call_soon_threadsafe(warteschlange.put_nowait, zeile.rstrip("\r\n"))
    loop.call_soon_threadsafe(warteschlange.put_nowait, "/quit")


async def senden(schreiber, warteschlange):
    while True:
        text = await warteschlange.get()
        if len(text.encode()) + 1 > MAX_ZEILE:
            print(f"Zu lang: höchstens {MAX_ZEILE - 1} Bytes pro Zeile. Nicht gesendet.", flush=True)
            continue
        schreiber.write(f"{text}\n".encode())
        await schreiber.drain()
        if text == "/quit":
            schreiber.write_eof()  # FIN: von mir kommt nichts mehr
            return


async def zeige_serverzeilen(leser):
    """True: Der Server hat sich verabschiedet (`* Tschüss` oder `! …`) und dann geschlossen."""
    verabschiedet = False
    while zeile := await leser.readline():
        verabschiedet = zeile.startswith("* Tschüss".encode()) or zeile.startswith(b"! ")
        text = zeile.decode("utf-8", "replace").rstrip("\r\n")
        # Steuerzeichen (etwa ESC für Terminalfarben) erscheinen als �. Zeile und
        # Zeilenende in einem write(), damit keine Eingabe dazwischen rutscht.
        sichtbar = "".join("\ufffd" if unicodedata.category(z) == "Cc" else z for z in text)
        sys.stdout.write(sichtbar + "\n")
        sys.stdout.flush()
    return verabschiedet


async def main(adresse):
    host, _, port = adresse.rpartition(":")
    try:
        leser, schreiber = await asyncio.open_connection(host.strip("[]"), int(port))
    except OSError as e:
        print(f"Fehler: Keine Verbindung zu {adresse}: {e.strerror or e}. Läuft der Server? "
              "Starte ihn zuerst in Terminal 1 mit `cargo run --example tokio_server`", file=sys.stderr)
        return 1
    print("Verbunden mit {}:{}. Nachrichten erscheinen, sobald sie kommen; /quit beendet.".format(
        *schreiber.get_extra_info("peername")[:2]), flush=True)
    warteschlange = asyncio.Queue()
    threading.Thread(target=tastatur, args=(asyncio.get_running_loop(), warteschlange), daemon=True).start()
    sender = asyncio.create_task(senden(schreiber, warteschlange))
    try:
        verabschiedet = await zeige_serverzeilen(leser)
    except ConnectionResetError:
        verabschiedet = False
    sender.cancel()  # wartet womöglich noch auf die Tastatur: abbrechen
    schreiber.close()
    if not verabschiedet:
        print("Fehler: Der Server hat die Verbindung ohne Abschied geschlossen.", file=sys.stderr)
        return 1
    print("Der Server hat die Verbindung geschlossen.", flush=True)
    return 0


if __name__ == "__main__":
    if "-h" in sys.argv or "--help" in sys.argv:
        sys.exit(print(AUFRUF))
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].rpartition(":")[2].isdigit()):
        print(f"Fehler: ADRESSE {sys.argv[1:]!r}: erwartet etwa {STANDARD_ADRESSE}\n{AUFRUF}", file=sys.stderr)
        sys.exit(2)
    sys.exit(asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else STANDARD_ADRESSE)))

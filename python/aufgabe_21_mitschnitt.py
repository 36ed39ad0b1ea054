"""Aufgabe 21 „Mitschnitt lesen“ – Starter für Python. Die Aufgabe steht im Buch
unter „Übungsaufgaben“ (book/aufgaben/21-mitschnitt.md).

Kein Netzwerkcode diesmal: Du liest echte Mitschnitte von tcpdump und ss aus
dem Kapitel Werkzeuge und trägst unten deine Antworten ein. Das Programm gibt
sie aus, der Prüfer vergleicht. Die Aufgabe ist dieselbe wie in Rust.

Ausprobieren: python3 python/aufgabe_21_mitschnitt.py
Prüfen:       cargo run --bin pruefen -- 21 --befehl "python3 python/aufgabe_21_mitschnitt.py"
"""

import os
import sys

AUFRUF = """Aufruf: python3 python/aufgabe_21_mitschnitt.py
Gibt die Antworten zu den Mitschnitten als Zeilen „schluessel = wert“ aus."""

# Deine Antworten. Ersetze jedes „?“ durch das, was im Mitschnitt steht.
ANTWORTEN = {
    # Mitschnitt 1: tcpdump, hello_client spricht mit hello_server.
    # Welchen Port hat der Client?
    "client_port": "?",
    # Wie viele Bytes schickt der Client in seinem ersten Datensegment?
    "client_bytes": "?",
    # Welche größte Segmentgröße (MSS) kündigt der Client an?
    "mss": "?",
    # Wer schickt das erste FIN: client oder server?
    "erstes_fin": "?",
    # Wie viele Bytes Empfangsfenster bietet der Client im dritten Segment
    # (dem ACK des Handshakes) an?
    "fenster_bytes": "?",
    # Mitschnitt 2: tcpdump mit Reset. Wer schickt das RST: client oder server?
    "rst_von": "?",
    # Mitschnitt 3: ss nach dem Ende der Verbindung. Auf welcher Seite steht
    # der Socket in TIME-WAIT: client oder server?
    "time_wait_bei": "?",
}


def main():
    args = sys.argv[1:]
    if args and args[0] in ("--help", "-h"):
        print(AUFRUF, flush=True)
        return 0
    if args:
        print(f"Fehler: Unerwartetes Argument „{args[0]}“\n\n{AUFRUF}", file=sys.stderr)
        return 2
    for schluessel, wert in ANTWORTEN.items():
        print(f"{schluessel} = {wert}")
    sys.stdout.flush()
    return 0


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

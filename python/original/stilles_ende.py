"""Still enden, wenn niemand mehr liest (`python3 programm.py | head -n 1`).

Die Programme des Buchs binden dieses Modul mit `import stilles_ende` ein.

Schließt `head` die Pipe nach der ersten Zeile, schickt der Kernel unter Linux
und macOS dem Schreiber das Signal SIGPIPE. Python ignoriert es (wie Rust),
also scheitert das nächste Schreiben auf stdout mit BrokenPipeError. Ohne
Vorsorge endet das Programm mit einem Traceback – oder, wenn der Fehler erst
beim letzten Leeren des Ausgabepuffers auftritt, mit „Exception ignored …
BrokenPipeError“ und Exit-Code 120.

Die Python-Dokumentation („Note on SIGPIPE“ im Modul `signal`) empfiehlt:
BrokenPipeError abfangen, stdout auf os.devnull umlenken (sonst scheitert das
letzte Leeren beim Beenden noch einmal) und enden. Dieses Modul fängt den
Fehler genau dort ab, wo er entsteht: beim Schreiben auf stdout. So bleibt ein
BrokenPipeError eines Sockets, was er ist, und kein Programm muss seinen Code
dafür einrücken. Es endet mit Exit-Code 0 wie die Rust-Beispiele. SIGPIPE auf
SIG_DFL zu stellen wäre kürzer, beendete das Programm aber auch, wenn eine
Socket-Verbindung beim Schreiben abreißt.
"""

import os
import sys


def jetzt():
    """Still enden, sofort. stdout zeigt ins Leere; os._exit leert keinen Puffer mehr."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    os._exit(0)


class _Stdout:
    """Hülle um sys.stdout: print(), input() und das letzte Leeren beim Beenden
    schreiben über write() und flush(); alles andere reicht sie durch."""

    def __init__(self, strom):
        self._strom = strom

    def write(self, text):
        try:
            return self._strom.write(text)
        except BrokenPipeError:
            jetzt()

    def flush(self):
        try:
            self._strom.flush()
        except BrokenPipeError:
            jetzt()

    def __getattr__(self, name):
        return getattr(self._strom, name)


sys.stdout = _Stdout(sys.stdout)

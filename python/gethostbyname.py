"""gethostbyname_ex in Python – zum Vergleich mit examples/gethostbyname.rs.

Terminal: python3 python/gethostbyname.py localhost
"""

import socket
import sys
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

# ANCHOR: vergleich
name = sys.argv[1] if len(sys.argv) > 1 else "localhost"
try:
    kanonisch, aliasse, ipv4 = socket.gethostbyname_ex(name)
except socket.gaierror as fehler:
    print(f"Fehler: Kann den Namen {name!r} nicht auflösen: {fehler}", file=sys.stderr)
    sys.exit(1)
print("kanonischer Name:", kanonisch)
print("Aliasse:         ", aliasse)
print("IPv4-Adressen:   ", ipv4)
# gethostbyname_ex kennt nur IPv4; IPv6 liefert erst getaddrinfo.
alle = {eintrag[4][0] for eintrag in socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)}
print("getaddrinfo:     ", sorted(alle))
# ANCHOR_END: vergleich

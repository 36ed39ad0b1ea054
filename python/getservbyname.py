"""getservbyname und getservbyport in Python – zum Vergleich mit
examples/getservbyname.rs.

Terminal: python3 python/getservbyname.py
"""

import socket
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

# ANCHOR: vergleich
print('getservbyname("http", "tcp") =', socket.getservbyname("http", "tcp"))
print('getservbyname("www", "tcp")  =', socket.getservbyname("www", "tcp"))
print('getservbyport(443, "tcp")    =', socket.getservbyport(443, "tcp"))
try:
    socket.getservbyname("gibt-es-nicht", "tcp")
except OSError as fehler:
    print('getservbyname("gibt-es-nicht", "tcp") ->', fehler)
# ANCHOR_END: vergleich

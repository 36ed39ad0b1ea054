"""Python-Client für http_server: urllib spricht HTTP, wir nur noch Python.

Terminal 1: cargo run --example http_server
Terminal 2: python3 python/http_client.py [URL]
"""
import sys
import urllib.error
import urllib.request
import stilles_ende  # endet still, wenn niemand mehr liest (`| head -n 1`)

if "-h" in sys.argv or "--help" in sys.argv:
    sys.exit(print("Aufruf: python3 python/http_client.py [URL]  (Standard: http://localhost:8080)"))
basis = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"

with urllib.request.urlopen(basis + "/", timeout=10) as antwort:
    seite = antwort.read().decode("utf-8")
    print(antwort.status, antwort.reason, antwort.headers["Content-Type"])
    print(seite.splitlines()[4])

anfrage = urllib.request.Request(basis + "/echo", data="Grüße aus Python".encode("utf-8"))
with urllib.request.urlopen(anfrage, timeout=10) as antwort:
    print(antwort.status, antwort.read().decode("utf-8"))

try:
    urllib.request.urlopen(basis + "/gibt-es-nicht", timeout=10)
except urllib.error.HTTPError as fehler:
    print(fehler.code, fehler.reason)

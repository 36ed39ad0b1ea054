"""Führt die Messungen für „Wie schnell ist das?“ aus: jedes Messprogramm und
sein Vergleichswerkzeug (iperf3, sockperf, Python) direkt hintereinander im
selben Lauf. Schreibt book/leistung/ergebnisse.json. Aufruf über scripts/bench,
das vorher die Werkzeuge installiert und alles mit --release baut.

    python3 python/bench_lauf.py [--schnell | --probe] [--ziel VERZEICHNIS] [--nur chat]

--probe ist ein Rauchtest mit winzigen Mengen (wenige Sekunden) und schreibt
nach target/bench-probe/ statt ins Buch. Fehlt iperf3 oder sockperf, bleiben
deren Werte leer (None); der Bericht sagt es auf der Seite. --nur chat misst
nur die Gruppenchat-Server und ersetzt in einer vorhandenen ergebnisse.json nur
deren Teil (mit eigenem Datum und eigener Systemlast unter "chat_lauf").
"""
import datetime
import json
import os
import platform
import queue
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
BEISPIELE = WURZEL / "target" / "release" / "examples"
# Die Messwerkzeuge aus dem Paket werkzeuge/ (cargo build -p werkzeuge --release).
WERKZEUGE = WURZEL / "target" / "release"
PROBE = "--probe" in sys.argv
SCHNELL = "--schnell" in sys.argv or PROBE
TEILE = ["chat"]  # was --nur einzeln messen kann
NUR = sys.argv[sys.argv.index("--nur") + 1] if "--nur" in sys.argv[:-1] else None
if "--nur" in sys.argv and NUR not in TEILE:
    sys.exit("Fehler: --nur erwartet einen Teil aus {}, nicht {!r}".format(", ".join(TEILE), NUR))


def ziel_ordner():
    """book/leistung/, bei --probe target/bench-probe/, oder was --ziel sagt."""
    if "--ziel" in sys.argv:
        return Path(sys.argv[sys.argv.index("--ziel") + 1]).resolve()
    return WURZEL / ("target/bench-probe" if PROBE else "book/leistung")


ERGEBNISSE = ziel_ordner() / "ergebnisse.json"

# Dauer je Einzelmessung und Wiederholungen. Jede Messung läuft so oft, wie hier
# steht, abwechselnd mit ihrem Vergleich; gezeigt wird der Median.
DAUER = 0.3 if PROBE else 1 if SCHNELL else 1.5
WIEDERHOLUNGEN = 1 if SCHNELL else 3
PUFFER = [131072] if PROBE else [16384, 131072] if SCHNELL else [1024, 16384, 131072]
# Getaktet mit 200 Nachrichten/s an je 999 Empfänger: rund 200.000 Zustellungen
# pro Sekunde, knapp über dem Ziel von 180.000; der Stoß zeigt danach das Maximum.
CHAT = dict(clients=50, angemeldet=10, nachrichten=20, rate=100) if PROBE else \
    dict(clients=2000, angemeldet=200, nachrichten=100, rate=200) if SCHNELL else \
    dict(clients=10000, angemeldet=1000, nachrichten=400, rate=200)
# iperf3 und sockperf lesen -t als ganze Sekunden (atoi): 1.5 wird 1, und 0.3
# würde 0, bei iperf3 „ohne Ende“. Darum ausdrücklich ganze Sekunden, mindestens 1.
SEKUNDEN_GANZ = str(max(1, int(DAUER)))
# Platzierung: frei (der Scheduler entscheidet) oder gepinnt (Server auf Kern 0,
# Client auf Kern 1, mit taskset).
PLATZ = {"frei": (None, None), "gepinnt": (0, 1)}


def pin(befehl, kern):
    return befehl if kern is None else ["taskset", "-c", str(kern)] + befehl


def freier_port(art=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, art) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dienst:
    """Ein Server im Hintergrund; seine Ausgabe liest ein Thread mit."""

    def __init__(self, befehl, warte_auf=None, frist=15):
        self.befehl = befehl
        self.p = subprocess.Popen(befehl, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, text=True, cwd=WURZEL,
                                  env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.zeilen = queue.Queue()
        self.alle = []
        threading.Thread(target=self._lies, daemon=True).start()
        if warte_auf:
            self.warte(warte_auf, frist)

    def _lies(self):
        for zeile in self.p.stdout:
            self.alle.append(zeile.rstrip("\n"))
            self.zeilen.put(zeile)
        self.zeilen.put(None)

    def warte(self, muster, frist):
        ende = time.time() + frist
        while time.time() < ende:
            try:
                zeile = self.zeilen.get(timeout=max(0.01, ende - time.time()))
            except queue.Empty:
                break
            if zeile is None:
                break
            if re.search(muster, zeile):
                return zeile
        raise RuntimeError("{}: {!r} kam nicht. Ausgabe: {}".format(self.befehl, muster, self.alle))

    def laeuft(self):
        return self.p.poll() is None

    def stopp(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()


def lauf(befehl, frist=120):
    """Startet einen Client, wartet auf sein Ende, liefert (Text, JSON der letzten Zeile)."""
    r = subprocess.run(befehl, capture_output=True, text=True, timeout=frist, cwd=WURZEL)
    if r.returncode != 0:
        raise RuntimeError("{} endete mit {}: {}{}".format(befehl, r.returncode, r.stdout, r.stderr))
    zeilen = r.stdout.strip().splitlines()
    return "\n".join(zeilen[:-1]), json.loads(zeilen[-1])


def median(werte):
    werte = sorted(w for w in werte if w is not None)
    if not werte:
        return None
    mitte = len(werte) // 2
    return werte[mitte] if len(werte) % 2 else (werte[mitte - 1] + werte[mitte]) / 2


def bsp(name):
    return str(BEISPIELE / name)


def wz(name):
    return str(WERKZEUGE / name)


def py(name):
    return [sys.executable, str(WURZEL / "python" / name)]


mitschnitte = {}


def notiere(name, befehl, text, port, echt=None):
    """Hebt die erste Ausgabe eines Laufs fürs Buch auf. Die Adresse des Servers
    (`echt`, sonst jede) erscheint mit dem Standardport des Beispiels, vom System
    vergebene Ports der Reihe nach als 54321, 54322 … wie in den Testmitschnitten."""
    if name in mitschnitte:
        return
    if echt:
        text = text.replace(echt, "SERVER")
        andere = {}
        text = re.sub(r"127\.0\.0\.1:\d+",
                      lambda m: andere.setdefault(m.group(0), "127.0.0.1:{}".format(54321 + len(andere))), text)
        text = text.replace("SERVER", "127.0.0.1:{}".format(port))
    else:
        text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:{}".format(port), text)
    mitschnitte[name] = "$ {}\n{}".format(befehl, text)


# ---------------------------------------------------------------- Durchsatz

def bulk_rust(puffer, platz, ohne=()):
    s, c = PLATZ[platz]
    d = Dienst(pin([bsp("bulk_recv"), "127.0.0.1:0", "--puffer", str(puffer)] + list(ohne), s), r"lauscht auf")
    try:
        adresse = d.alle[0].split()[-1]
        text, m = lauf(pin([bsp("bulk_send"), adresse, "--sekunden", str(DAUER),
                            "--puffer", str(puffer), "--json"] + list(ohne), c))
        if ohne:
            return m["gbit_s"]
        if puffer == 131072 and "bulk_recv" not in mitschnitte:
            d.warte(r"^Von ", 10)
            notiere("bulk_recv", "cargo run --release --example bulk_recv", "\n".join(d.alle), 7000, adresse)
        notiere("bulk_send_{}".format(puffer),
                "cargo run --release --example bulk_send -- --sekunden {} --puffer {}".format(DAUER, puffer),
                text, 7000)
        return m["gbit_s"]
    finally:
        d.stopp()


IPERF3 = shutil.which("iperf3")


def bulk_iperf3(puffer, platz):
    if not IPERF3:
        return None
    s, c = PLATZ[platz]
    port = freier_port()
    d = Dienst(pin(["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", str(port), "--forceflush"], s),
               r"Server listening")
    try:
        r = subprocess.run(pin(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", SEKUNDEN_GANZ,
                                "-l", str(puffer), "-J"], c),
                           capture_output=True, text=True, timeout=60)
        return json.loads(r.stdout)["end"]["sum_received"]["bits_per_second"] / 1e9
    finally:
        d.stopp()


def bulk_python(puffer, platz, ohne=()):
    s, c = PLATZ[platz]
    port = freier_port()
    d = Dienst(pin(py("bench_bulk.py") + ["empfang", "127.0.0.1", str(port)] + list(ohne), s), r"lauscht auf")
    try:
        _, m = lauf(pin(py("bench_bulk.py") + ["senden", "127.0.0.1", str(port), str(DAUER), str(puffer)]
                        + list(ohne), c))
        return m["gbit_s"]
    finally:
        d.stopp()


def durchsatz():
    ergebnisse = []
    for puffer in PUFFER:
        for platz in ["frei", "gepinnt"] if puffer >= 16384 else ["frei"]:
            werte = {"rust": [], "rust_ohne": [], "iperf3": [], "python": [], "python_ohne": []}
            for _ in range(WIEDERHOLUNGEN):
                werte["rust"].append(bulk_rust(puffer, platz))
                werte["rust_ohne"].append(bulk_rust(puffer, platz, ["--ohne-pruefsumme"]))
                werte["iperf3"].append(bulk_iperf3(puffer, platz))
                werte["python"].append(bulk_python(puffer, platz))
                if platz == "frei":
                    werte["python_ohne"].append(bulk_python(puffer, platz, ["--ohne-pruefsumme"]))
            zeile = {"puffer": puffer, "platz": platz, "einzeln": werte}
            zeile.update({k: median(v) for k, v in werte.items()})
            r = lambda x: "fehlt" if x is None else round(x, 1)
            print("  Durchsatz {:>6} B {:8}: Rust {} (ohne Prüfsumme {})  iperf3 {}  Python {} "
                  "(ohne Prüfsumme {}) Gbit/s".format(puffer, platz, r(zeile["rust"]), r(zeile["rust_ohne"]),
                                                     r(zeile["iperf3"]), r(zeile["python"]), r(zeile["python_ohne"])),
                  flush=True)
            ergebnisse.append(zeile)
    return ergebnisse


# ---------------------------------------------------------------- Round Trips

def echo_rust(platz, weitere=(), sekunden=DAUER):
    s, c = PLATZ[platz]
    d = Dienst(pin([wz("echo_bench"), "server", "127.0.0.1:0"], s), r"lauscht auf")
    try:
        adresse = d.alle[0].split()[-1]
        text, m = lauf(pin([wz("echo_bench"), adresse, "--sekunden", str(sekunden), "--json"]
                           + list(weitere), c))
        return text, m
    finally:
        d.stopp()


SOCKPERF = shutil.which("sockperf")


def echo_sockperf(platz):
    if not SOCKPERF:
        return {"runden_pro_s": None, "p50_us": None, "p99_us": None}
    s, c = PLATZ[platz]
    port = freier_port()
    d = Dienst(pin(["sockperf", "sr", "--tcp", "-i", "127.0.0.1", "-p", str(port)], s), r"block on socket")
    try:
        r = subprocess.run(pin(["sockperf", "pp", "--tcp", "-i", "127.0.0.1", "-p", str(port),
                                "-t", SEKUNDEN_GANZ, "-m", "64"], c),
                           capture_output=True, text=True, timeout=60)
        aus = r.stdout + r.stderr
        laufzeit, empfangen = re.search(
            r"\[Valid Duration\] RunTime=([\d.]+) sec; SentMessages=\d+; ReceivedMessages=(\d+)", aus).groups()
        # sockperf meldet im Ping-Pong die halbe Round-Trip-Zeit („Latenz“) in µs.
        p = lambda q: 2 * float(re.search(r"percentile {} =\s*([\d.]+)".format(q), aus).group(1))
        return {"runden_pro_s": int(empfangen) / float(laufzeit), "p50_us": p("50.000"), "p99_us": p("99.000")}
    finally:
        d.stopp()


def echo_python(platz):
    s, c = PLATZ[platz]
    port = freier_port()
    d = Dienst(pin(py("bench_echo.py") + ["server", "127.0.0.1", str(port)], s), r"lauscht auf")
    try:
        _, m = lauf(pin(py("bench_echo.py") + ["client", "127.0.0.1", str(port), str(DAUER), "64"], c))
        return m
    finally:
        d.stopp()


def round_trips():
    varianten = []
    for nodelay, writes in [("an", 1), ("an", 2), ("aus", 1), ("aus", 2)]:
        weitere = ["--nodelay", nodelay] + (["--zwei-writes"] if writes == 2 else [])
        if nodelay == "aus" and writes == 2:
            weitere += ["--runden", "5" if PROBE else "40"]  # jede Runde wartet ~40 ms
        text, m = echo_rust("frei", weitere, sekunden=DAUER)
        befehl = "cargo run --release -p werkzeuge --bin echo_bench -- --sekunden {} {}".format(DAUER, " ".join(weitere))
        notiere("echo_{}_{}".format(nodelay, writes), befehl.strip(), text, 7001)
        varianten.append(dict(m, nodelay=nodelay, writes=writes))
        print("  Echo NODELAY {} {} write(): p50 {:.0f} µs p99 {:.0f} µs".format(
            nodelay, writes, m["p50_us"], m["p99_us"]), flush=True)
    vergleich = []
    for platz in ["frei", "gepinnt"]:
        werte = {"rust": [], "sockperf": [], "python": []}
        for _ in range(WIEDERHOLUNGEN):
            werte["rust"].append(echo_rust(platz)[1])
            werte["sockperf"].append(echo_sockperf(platz))
            werte["python"].append(echo_python(platz))
        zeile = {"platz": platz}
        for werkzeug, liste in werte.items():
            zeile[werkzeug] = {k: median([m[k] for m in liste]) for k in ("runden_pro_s", "p50_us", "p99_us")}
            zeile[werkzeug]["einzeln"] = [m["runden_pro_s"] for m in liste]
        print("  Echo {:8}: Rust {:.0f}/s  sockperf {}/s  Python {:.0f}/s".format(
            platz, zeile["rust"]["runden_pro_s"], zeile["sockperf"]["runden_pro_s"],
            zeile["python"]["runden_pro_s"]), flush=True)
        vergleich.append(zeile)
    return {"varianten": varianten, "vergleich": vergleich}


# ---------------------------------------------------------------- UDP

def udp_rust(platz, rate, rcvbuf, sekunden=DAUER):
    s, c = PLATZ[platz]
    d = Dienst(pin([wz("udp_rate"), "empfang", "127.0.0.1:0", "--rcvbuf", str(rcvbuf)], s), r"lauscht auf")
    try:
        adresse = d.alle[0].split()[-1]
        return lauf(pin([wz("udp_rate"), adresse, "--rate", str(rate), "--sekunden", str(sekunden),
                         "--json"], c))
    finally:
        d.stopp()


def udp_sockperf(platz):
    if not SOCKPERF:
        return None
    s, c = PLATZ[platz]
    port = freier_port(socket.SOCK_DGRAM)
    d = Dienst(pin(["sockperf", "sr", "-i", "127.0.0.1", "-p", str(port)], s), r"block on socket")
    try:
        r = subprocess.run(pin(["sockperf", "tp", "-i", "127.0.0.1", "-p", str(port), "-t", SEKUNDEN_GANZ,
                                "-m", "64"], c), capture_output=True, text=True, timeout=60)
        return float(re.search(r"Message Rate is (\d+)", r.stdout + r.stderr).group(1))
    finally:
        d.stopp()


def udp_python(platz):
    s, c = PLATZ[platz]
    port = freier_port(socket.SOCK_DGRAM)
    d = Dienst(pin(py("bench_udp.py") + ["empfang", "127.0.0.1", str(port), "4194304"], s), r"lauscht auf")
    try:
        return lauf(pin(py("bench_udp.py") + ["senden", "127.0.0.1", str(port), str(DAUER), "64"], c))[1]
    finally:
        d.stopp()


def udp():
    senderate = []
    for platz in ["frei", "gepinnt"]:
        werte = {"rust": [], "sockperf": [], "python": [], "rust_verlust": [], "python_verlust": []}
        for _ in range(WIEDERHOLUNGEN):
            _, m = udp_rust(platz, 0, 4 << 20)
            werte["rust"].append(m["rate_ist"])
            werte["rust_verlust"].append(m["verlust_prozent"])
            werte["sockperf"].append(udp_sockperf(platz))
            m = udp_python(platz)
            werte["python"].append(m["rate_ist"])
            werte["python_verlust"].append(m["verlust_prozent"])
        zeile = {"platz": platz, "einzeln": werte}
        zeile.update({k: median(v) for k, v in werte.items()})
        print("  UDP {:8}: Rust {:.0f}/s  sockperf {}/s  Python {:.0f}/s".format(
            platz, zeile["rust"], zeile["sockperf"], zeile["python"]), flush=True)
        senderate.append(zeile)
    verlust = []
    raten = [0] if PROBE else [100000, 250000, 0] if SCHNELL else [50000, 100000, 150000, 200000, 250000, 0]
    sekunden = DAUER if PROBE else 1
    for platz in ["frei", "gepinnt"]:
        for rcvbuf in [0, 4 << 20]:
            for rate in raten:
                text, m = udp_rust(platz, rate, rcvbuf, sekunden=sekunden)
                if rate == 250000 and platz == "frei":
                    notiere("udp_rate_{}".format(rcvbuf),
                            "cargo run --release -p werkzeuge --bin udp_rate -- --rate 250000 --sekunden 1", text, 7002)
                verlust.append({"platz": platz, "rcvbuf_gesetzt": rcvbuf, "rcvbuf": m["rcvbuf"],
                                "rate_soll": rate, "rate_ist": m["rate_ist"],
                                "verlust_prozent": m["verlust_prozent"]})
                print("  UDP Verlust {:8} rcvbuf {:>8} Rate {:>6}: {:.0f}/s, {:.2f} %".format(
                    platz, m["rcvbuf"], rate or "max", m["rate_ist"], m["verlust_prozent"]), flush=True)
    return {"senderate": senderate, "verlust": verlust}


# ---------------------------------------------------------------- Gruppenchat

# Die Gruppenchat-Server im selben Lauf, mit dem Standardport ihres Beispiels
# (für die Mitschnitte). threaded_server nimmt höchstens 4000 Clients; für
# 10 000 misst der Lauf threaded_server_viele (ein Thread je Client).
CHAT_SERVER = [("tokio_server", 6004), ("poll_server", 6001), ("threaded_server_viele", 6000)]


def andere_prozesse(sekunden=2):
    """Was sonst gerade rechnet: die fünf größten CPU-Verbraucher der letzten Sekunden,
    aus utime + stime in /proc/PID/stat (Linux), vorher und nachher gelesen."""
    def stand():
        werte = {}
        for pfad in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = pfad.read_text()
            except OSError:
                continue  # inzwischen beendet
            name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
            werte[pfad.parent.name] = (name, int(rest[11]) + int(rest[12]))
        return werte
    vorher = stand()
    time.sleep(sekunden)
    takt = os.sysconf("SC_CLK_TCK")
    verbrauch = [(name, (jetzt - vorher[pid][1]) / takt / sekunden * 100)
                 for pid, (name, jetzt) in stand().items() if pid in vorher]
    verbrauch.sort(key=lambda x: -x[1])
    return [{"cpu_prozent": round(cpu), "name": name} for name, cpu in verbrauch[:5]]


def chat():
    ergebnisse = []
    server = [(name, [bsp(name)]) for name, _ in CHAT_SERVER] + [("python", py("bench_chat_server.py"))]
    ports = dict(CHAT_SERVER)
    for name, befehl in server:
        if name != "python" and (not Path(befehl[0]).exists() or name == os.environ.get("BENCH_OHNE")):
            ergebnisse.append({"server": name, "fehlt": True})
            print("  Chat {}: fehlt (nicht gebaut: examples/{}.rs fehlt oder baut nicht)".format(name, name),
                  flush=True)
            continue
        d = Dienst(befehl + ["127.0.0.1:0", "--max-clients", "20000", "--timeout", "600", "--leise"],
                   r"lauscht auf")
        adresse = d.alle[0].split()[-1]
        args = [wz("chat_load"), adresse, "--pid", str(d.p.pid), "--json", "--frist", "90"]
        for k, v in CHAT.items():
            args += ["--" + k, str(v)]
        zeile = {"server": name}
        try:
            r = subprocess.run(args, capture_output=True, text=True, timeout=400, cwd=WURZEL)
            zeilen = r.stdout.strip().splitlines()
            text = "\n".join(z for z in zeilen if not z.startswith("{"))
            if r.stderr.strip():
                text += "\n" + r.stderr.strip()
            zeile["text"] = text
            if zeilen and zeilen[-1].startswith("{"):
                zeile.update(json.loads(zeilen[-1]))
            else:
                zeile["fehler"] = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "kein Ergebnis"
            zeile["server_laeuft_noch"] = d.laeuft()
            if not d.laeuft():
                zeile["server_ausgabe"] = d.alle[-6:]
            port = ports.get(name, 6003)
            befehl_text = "cargo run --release -p werkzeuge --bin chat_load -- 127.0.0.1:{} --clients {} --pid PID".format(
                port, CHAT["clients"])
            notiere("chat_load_" + name, befehl_text, re.sub(r"PID \d+", "PID", text), port)
        finally:
            d.stopp()
        print("  Chat {}: {}".format(name, zeile.get("text", zeile.get("fehler", "")).replace("\n", " | ")),
              flush=True)
        ergebnisse.append(zeile)
    return ergebnisse


def maschine():
    cpu = "unbekannt"
    for zeile in Path("/proc/cpuinfo").read_text().splitlines():
        if zeile.startswith("model name"):
            cpu = zeile.split(":", 1)[1].strip()
            break
    lies = lambda pfad: Path(pfad).read_text().strip() if Path(pfad).exists() else None
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "datum": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "last_vorher": [round(x, 2) for x in os.getloadavg()],
            "rmem_max": lies("/proc/sys/net/core/rmem_max"),
            "max_map_count": lies("/proc/sys/vm/max_map_count"),
            "somaxconn": lies("/proc/sys/net/core/somaxconn"),
            "ulimit_n": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
            "python": platform.python_version(),
            "iperf3": IPERF3 and subprocess.run(["iperf3", "--version"], capture_output=True,
                                                text=True).stdout.split("\n")[0],
            "sockperf": shutil.which("sockperf") and re.sub(r"\x1b\[[0-9;]*m", "", subprocess.run(
                ["sockperf", "--version"], capture_output=True, text=True).stdout).strip().split("\n")[0]}


def nur_chat():
    """--nur chat: misst nur die Chat-Server und ersetzt deren Teil in ergebnisse.json."""
    start, vorher = time.time(), [round(x, 2) for x in os.getloadavg()]
    andere = andere_prozesse()
    if ERGEBNISSE.exists():
        ergebnis = json.loads(ERGEBNISSE.read_text())
    else:  # noch kein voller Lauf: nur der Chat-Teil, der Bericht lässt den Rest weg
        ergebnis = {"modus": "probe" if PROBE else "schnell" if SCHNELL else "voll", "maschine": maschine(),
                    "dauer_s": DAUER, "wiederholungen": WIEDERHOLUNGEN, "mitschnitte": {}}
        ergebnis["maschine"]["last_nachher"] = vorher
    print("Gruppenchat …", flush=True)
    ergebnis["chat"] = chat()
    ergebnis["chat_parameter"] = CHAT
    ergebnis["chat_lauf"] = {
        "modus": "probe" if PROBE else "schnell" if SCHNELL else "voll",
        "datum": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "last_vorher": vorher, "last_nachher": [round(x, 2) for x in os.getloadavg()],
        "andere_prozesse": andere, "laufzeit_s": round(time.time() - start)}
    alte = {k: v for k, v in ergebnis.get("mitschnitte", {}).items() if not k.startswith("chat_load_")}
    ergebnis["mitschnitte"] = dict(alte, **mitschnitte)
    ERGEBNISSE.parent.mkdir(parents=True, exist_ok=True)
    ERGEBNISSE.write_text(json.dumps(ergebnis, indent=1, ensure_ascii=False) + "\n")
    print("Geschrieben: {} (nur Chat, {} s)".format(ERGEBNISSE, ergebnis["chat_lauf"]["laufzeit_s"]))


def main():
    if NUR == "chat":
        return nur_chat()
    start = time.time()
    ergebnis = {"modus": "probe" if PROBE else "schnell" if SCHNELL else "voll", "maschine": maschine(),
                "dauer_s": DAUER, "wiederholungen": WIEDERHOLUNGEN, "chat_parameter": CHAT}
    print("Durchsatz (TCP, ein Strom) …", flush=True)
    ergebnis["durchsatz"] = durchsatz()
    print("Round Trips (TCP, 64 Bytes) …", flush=True)
    ergebnis["echo"] = round_trips()
    print("UDP (64 Bytes) …", flush=True)
    ergebnis["udp"] = udp()
    print("Gruppenchat …", flush=True)
    ergebnis["chat"] = chat()
    ergebnis["maschine"]["last_nachher"] = [round(x, 2) for x in os.getloadavg()]
    ergebnis["laufzeit_s"] = round(time.time() - start)
    ergebnis["mitschnitte"] = mitschnitte
    ERGEBNISSE.parent.mkdir(parents=True, exist_ok=True)
    ERGEBNISSE.write_text(json.dumps(ergebnis, indent=1, ensure_ascii=False) + "\n")
    print("Geschrieben: {} ({} s)".format(ERGEBNISSE, ergebnis["laufzeit_s"]))


if __name__ == "__main__":
    main()

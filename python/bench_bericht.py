"""Erzeugt aus book/leistung/ergebnisse.json die Bausteine, die
book/leistung.md einbindet: Tabellen, Balkendiagramme als SVG und
Mitschnitte. Wird von scripts/bench nach jedem Lauf aufgerufen; von Hand
(braucht nur Python, keinen neuen Lauf):

    python3 python/bench_bericht.py [--probe] [--ziel VERZEICHNIS]

Mit --probe oder --ziel liest und schreibt es dort (wie bench_lauf.py) statt in
book/leistung/. Fehlt in den Ergebnissen ein Vergleichswerkzeug (iperf3,
sockperf: None), zeigen Tabellen und Diagramme „–“ bzw. 0, und die Seite sagt,
welches Werkzeug fehlte.
"""
import json
import math
import sys
from html import escape
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
if "--ziel" in sys.argv:
    ORDNER = Path(sys.argv[sys.argv.index("--ziel") + 1]).resolve()
else:
    ORDNER = WURZEL / ("target/bench-probe" if "--probe" in sys.argv else "book/leistung")
E = json.loads((ORDNER / "ergebnisse.json").read_text())


def fehlt(werkzeug):
    """Ein Satz für die Seite, wenn ein Vergleichswerkzeug im Lauf fehlte."""
    return ("\n**{0} fehlte bei diesem Lauf** (nicht installiert); seine Spalten zeigen „–“. "
            "`scripts/bench` installiert es aus den Debian-Paketen, wenn es kann.\n").format(werkzeug)


def zahl(x, stellen=0, trenner=" "):
    """Schreibweise des Buchs: 12 345,6 (Tausender mit Leerzeichen, Komma vor den Dezimalen);
    vierstellige Zahlen bleiben ungruppiert (2887,4). Im Markdown steht ein normales
    Leerzeichen; theme/ausgabe.py macht beim Bauen ein schmales geschütztes daraus."""
    if x is None:
        return "–"
    text = "{:,.{}f}".format(x, stellen) if abs(x) >= 10000 else "{:.{}f}".format(x, stellen)
    return text.replace(",", "_").replace(".", ",").replace("_", trenner)


def teile(a, b):
    return None if not a or not b else a / b


def verhaeltnis(a, b):
    return "–" if not a or not b else zahl(a / b, 2) + "×"


def kib(puffer):
    return "{} KiB".format(puffer // 1024) if puffer >= 1024 else "{} B".format(puffer)


# ---------------------------------------------------------------------------
# Balkendiagramme als SVG, von Hand geschrieben statt mit matplotlib: Die Diagramme
# stehen inline im Buch und holen ihre Farben aus dem Farbschema (CSS-Variablen aus
# theme/buch.css, hell und dunkel mit je mindestens 4,5:1 Kontrast), die Schrift ist
# echter Text in der Schrift des Buchs, und die Ausgabe ist Byte für Byte gleich, solange
# die Zahlen gleich sind. Dafür braucht der Bericht keine Bibliothek außer Python selbst.

# Tausendertrenner in den Diagrammen: schmales geschütztes Leerzeichen (U+202F), wie es
# theme/ausgabe.py auch im Text des Buchs setzt. Das SVG steht zusätzlich als eigene Datei
# (groß öffnen), die kein Vorverarbeiter sieht; darum steht das Zeichen hier schon.
DUENN = "\u202f"

# Farbe je Reihe: CSS-Variable aus theme/buch.css, dahinter die helle Farbe für die
# SVG-Datei allein (ohne Buch drumherum).
FARBEN = {
    "Rust": ("--diagramm-1", "#1f5a96"),
    "iperf3": ("--diagramm-2", "#8a4b00"),
    "sockperf": ("--diagramm-2", "#8a4b00"),
    "Python": ("--diagramm-3", "#2d6a31"),
}
STIL = (".leistungsdiagramm{font-family:\"Open Sans\",sans-serif}"
        ".leistungsdiagramm .grund{fill:var(--bg,#ffffff)}"
        ".leistungsdiagramm text{fill:var(--fg,#1d1d1d);font-size:13px}"
        ".leistungsdiagramm .titel{font-size:15px;font-weight:bold}"
        ".leistungsdiagramm .gruppe{font-weight:bold}"
        ".leistungsdiagramm .klein{font-size:12px}"
        ".leistungsdiagramm .gitter{stroke:var(--diagramm-gitter,#767676);stroke-width:1;stroke-dasharray:2 3}"
        ".leistungsdiagramm .achse{stroke:var(--fg,#1d1d1d);stroke-width:1}"
        + "".join(".leistungsdiagramm .reihe-{0}{{fill:var({1},{2})}}".format(i + 1, v, f)
                  for i, (v, f) in enumerate([("--diagramm-1", "#1f5a96"), ("--diagramm-2", "#8a4b00"),
                                              ("--diagramm-3", "#2d6a31")])))


def zahl_diagramm(x, stellen=0):
    """Deutsche Schreibweise für Diagramme: 12 345,6 (schmales geschütztes Leerzeichen, Komma)."""
    if x is None:
        return "fehlt"
    return zahl(x, stellen, DUENN)


def runde_skala(hoechst):
    """Obergrenze und Schrittweite der Achse: 1, 2 oder 5 mal eine Zehnerpotenz."""
    if hoechst <= 0:
        return 1, 0.2
    roh = hoechst / 5
    potenz = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 2.5, 5, 10):
        schritt = faktor * potenz
        if schritt * 5 >= hoechst:
            break
    oben = math.ceil(hoechst / schritt) * schritt
    return oben, schritt


def svg_diagramm(name, titel, beschreibung, einheit, gruppen, stellen=0):
    """Waagrechtes Balkendiagramm. gruppen: [(Gruppenname, [(Reihe, Wert), …]), …].

    Schreibt ORDNER/NAME.svg und gibt Markdown zurück, das das Diagramm inline zeigt
    (<figure> mit role="img", <title> und <desc>) und auf die SVG-Datei verweist."""
    breite, links, rechts, oben = 640, 140, 80, 44
    zeile, luecke = 24, 12
    werte = [w for _, reihen in gruppen for _, w in reihen if w is not None]
    achse_oben, schritt = runde_skala(max(werte + [0]))
    flaeche = breite - links - rechts
    hoehe = oben + sum(len(r) * zeile + zeile + luecke for _, r in gruppen) + 40
    x = lambda w: links + flaeche * (w / achse_oben)  # noqa: E731
    teile = []
    y = oben
    for gruppe, reihen in gruppen:
        if gruppe:
            teile.append('<text class="gruppe" x="8" y="{}">{}</text>'.format(y + 16, escape(gruppe)))
            y += zeile
        for reihe, wert in reihen:
            farbe = FARBEN.get(reihe.split(" ")[0], ("--diagramm-1", ""))[0]
            klasse = {"--diagramm-1": 1, "--diagramm-2": 2, "--diagramm-3": 3}[farbe]
            teile.append('<text x="{}" y="{}" text-anchor="end">{}</text>'.format(links - 8, y + 16, escape(reihe)))
            if wert is None:
                teile.append('<text x="{}" y="{}" class="klein">fehlt (nicht gemessen)</text>'.format(
                    links + 4, y + 16))
            else:
                ende = x(wert)
                teile.append('<rect class="reihe-{}" x="{}" y="{}" width="{:.1f}" height="{}"/>'.format(
                    klasse, links, y + 3, max(ende - links, 1), zeile - 6))
                teile.append('<text x="{:.1f}" y="{}">{}</text>'.format(
                    ende + 5, y + 16, escape(zahl_diagramm(wert, stellen))))
            y += zeile
        y += luecke
    unten = y
    achse = ['<line class="achse" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'.format(links, oben - 4, unten)]
    n = int(round(achse_oben / schritt))
    for i in range(n + 1):
        w = i * schritt
        xs = x(w)
        if i > 0:
            achse.append('<line class="gitter" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>'.format(
                xs, oben - 4, unten))
        achse.append('<text class="klein" x="{:.1f}" y="{}" text-anchor="middle">{}</text>'.format(
            xs, unten + 16, zahl_diagramm(w, 0 if schritt >= 1 else (1 if schritt >= 0.1 else 2))))
    achse.append('<text class="klein" x="{}" y="{}" text-anchor="middle">{}</text>'.format(
        links + flaeche // 2, unten + 34, escape(einheit)))
    kennung = "diagramm-" + name.replace("_", "-")
    svg = "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" class="leistungsdiagramm" viewBox="0 0 {0} {1}" '
        'width="{0}" height="{1}" role="img" aria-labelledby="{2}-titel {2}-beschreibung">'.format(
            breite, hoehe, kennung),
        '<title id="{}-titel">{}</title>'.format(kennung, escape(titel)),
        '<desc id="{}-beschreibung">{}</desc>'.format(kennung, escape(beschreibung)),
        "<style>{}</style>".format(STIL),
        '<rect class="grund" width="{}" height="{}"/>'.format(breite, hoehe),
        '<text class="titel" x="8" y="22">{}</text>'.format(escape(titel)),
    ] + achse + teile + ["</svg>", ""])
    schreibe(name + ".svg", svg)
    return ('<figure class="diagramm">\n{}<figcaption><a href="leistung/{}.svg">Diagramm als SVG-Datei '
            'öffnen</a></figcaption>\n</figure>\n'.format(svg, name))


def beschreibe(gruppen, einheit, stellen=0):
    """Alle Werte als Satz für Screenreader: „1 KiB: Rust 4,7, iperf3 2,2; …“."""
    return "; ".join("{}{}".format(gruppe + ": " if gruppe else "", ", ".join(
        "{} {}".format(reihe, zahl_diagramm(w, stellen)) for reihe, w in reihen))
        for gruppe, reihen in gruppen) + " ({}).".format(einheit)


def tabelle(kopf, zeilen):
    aus = ["| " + " | ".join(kopf) + " |", "|" + "|".join("---" for _ in kopf) + "|"]
    aus += ["| " + " | ".join(str(z) for z in zeile) + " |" for zeile in zeilen]
    return "\n".join(aus) + "\n"


def schreibe(name, text):
    (ORDNER / name).write_text(text)


def maschine():
    m = E["maschine"]
    schreibe("maschine.md", "\n".join([
        "- Gemessen am {} mit `scripts/bench{}`.".format(
            m["datum"], {"schnell": " --schnell", "probe": " --probe"}.get(E["modus"], "")),
        "- Rechner: {} CPU-Kerne, {}, Linux {}.".format(m["nproc"], m["cpu"], m["kernel"]),
        "- Werkzeuge: {}, {}, Python {}.".format(m["iperf3"] or "**iperf3 fehlt**",
                                                 m["sockperf"] or "**sockperf fehlt**", m["python"]),
        ("- Jede Messung {} s, {}× abwechselnd mit ihrem Vergleich wiederholt; die Tabellen zeigen den Median."
         if E["wiederholungen"] > 1 else "- Jede Messung {} s, nur einmal ({}×): ein schneller, verrauschter Lauf.")
        .format(zahl(E["dauer_s"], 1), E["wiederholungen"]),
        ("- Systemlast (loadavg über 1, 5 und 15 Minuten) vor dem Lauf {}, danach {}. Der Rechner wird mit "
         "anderen geteilt: Was während des Laufs sonst rechnete, weiß das Skript nicht.").format(
            " / ".join(zahl(x, 2) for x in m["last_vorher"]), " / ".join(zahl(x, 2) for x in m["last_nachher"])),
        "- Grenzen: `net.core.rmem_max` = {}, `vm.max_map_count` = {}, `net.core.somaxconn` = {}, `ulimit -n` = {}.".format(
            m["rmem_max"], m["max_map_count"], m["somaxconn"], m["ulimit_n"])]
        + (["- Den Gruppenchat-Teil hat ein eigener Lauf am {} gemessen (`scripts/bench --nur chat`); "
            "Datum und Systemlast stehen dort unter der Tabelle.".format(E["chat_lauf"]["datum"])]
           if "chat_lauf" in E else [])
        + [""]))


def durchsatz():
    zeilen = E["durchsatz"]
    frei = [z for z in zeilen if z["platz"] == "frei"]
    gruppen = [("write() mit " + kib(z["puffer"]),
                [(schild, z[werkzeug]) for werkzeug, schild in
                 [("rust", "Rust"), ("iperf3", "iperf3"), ("python", "Python")]]) for z in frei]
    text = svg_diagramm("durchsatz", "TCP-Durchsatz in Gbit/s, frei platziert (mehr ist besser)",
                        "Balkendiagramm, Durchsatz in Gbit/s je write()-Größe: "
                        + beschreibe(gruppen, "Gbit/s", 1), "Gbit/s", gruppen, 1)
    text += "\n" + tabelle(
        ["write()-Größe", "Platzierung", "Rust (bulk_send)", "Rust ohne Prüfsumme", "iperf3", "Python",
         "Python ohne Prüfsumme", "Rust/iperf3", "Rust ohne/iperf3", "Rust/Python", "Rust ohne/Python ohne"],
        [[kib(z["puffer"]), z["platz"], zahl(z["rust"], 1), zahl(z.get("rust_ohne"), 1), zahl(z["iperf3"], 1),
          zahl(z["python"], 1), zahl(z.get("python_ohne"), 1), verhaeltnis(z["rust"], z["iperf3"]),
          verhaeltnis(z.get("rust_ohne"), z["iperf3"]), verhaeltnis(z["rust"], z["python"]),
          verhaeltnis(z.get("rust_ohne"), z.get("python_ohne"))] for z in zeilen])
    text += ("\nAlle Werte in Gbit/s (Milliarden Bit pro Sekunde). `bulk_send` und das Python-Gegenstück "
             "rechnen normalerweise auf beiden Seiten eine Prüfsumme über jedes Byte; iperf3 prüft nichts. "
             "Die Spalten „ohne Prüfsumme“ zeigen dieselben Programme mit `--ohne-pruefsumme`, also nur "
             "die Sockets. Python ohne Prüfsumme misst nur die Platzierung „frei“.\n")
    if any(z["iperf3"] is None for z in zeilen):
        text += fehlt("iperf3")
    schreibe("durchsatz.md", text)


def echo():
    v = E["echo"]["varianten"]
    text = tabelle(["TCP_NODELAY", "write() je Nachricht", "Runden", "p50", "p99", "Runden/s"],
                   [[z["nodelay"], z["writes"], zahl(z["runden"]), "{} µs".format(zahl(z["p50_us"])),
                     "{} µs".format(zahl(z["p99_us"])), zahl(z["runden_pro_s"])] for z in v])
    schreibe("echo_varianten.md", text)
    vergleich = E["echo"]["vergleich"]
    gruppen = [("Platzierung " + z["platz"],
                [(schild, z[werkzeug]["runden_pro_s"]) for werkzeug, schild in
                 [("rust", "Rust"), ("sockperf", "sockperf"), ("python", "Python")]]) for z in vergleich]
    text = svg_diagramm("echo", "Round Trips pro Sekunde, 64 Bytes (mehr ist besser)",
                        "Balkendiagramm, Round Trips pro Sekunde: " + beschreibe(gruppen, "Round Trips pro Sekunde"),
                        "Round Trips pro Sekunde", gruppen)
    zeilen = []
    for z in vergleich:
        for werkzeug, schild in [("rust", "Rust (echo_bench)"), ("sockperf", "sockperf"), ("python", "Python")]:
            w = z[werkzeug]
            zeilen.append([z["platz"], schild, zahl(w["runden_pro_s"]), zahl(w["p50_us"], 1), zahl(w["p99_us"], 1),
                           verhaeltnis(z["rust"]["runden_pro_s"], w["runden_pro_s"]) if werkzeug != "rust" else ""])
    text += "\n" + tabelle(["Platzierung", "Programm", "Runden/s", "p50 (µs)", "p99 (µs)", "Rust im Verhältnis"],
                           zeilen)
    text += "\nsockperf meldet die halbe Round-Trip-Zeit; die Tabelle zeigt sie verdoppelt, also wie echo_bench.\n"
    if any(z["sockperf"]["runden_pro_s"] is None for z in vergleich):
        text += fehlt("sockperf")
    schreibe("echo.md", text)


def udp():
    rate = E["udp"]["senderate"]
    gruppen = [("Platzierung " + z["platz"],
                [(schild, z[werkzeug]) for werkzeug, schild in
                 [("rust", "Rust"), ("sockperf", "sockperf"), ("python", "Python")]]) for z in rate]
    text = svg_diagramm("udp_rate", "UDP-Senderate in Datagrammen pro Sekunde, 64 Bytes (mehr ist besser)",
                        "Balkendiagramm, gesendete Datagramme pro Sekunde: "
                        + beschreibe(gruppen, "Datagramme pro Sekunde"), "Datagramme pro Sekunde", gruppen)
    text += "\n" + tabelle(
        ["Platzierung", "Rust (udp_rate)", "sockperf", "Python", "Rust/sockperf", "Rust/Python"],
        [[z["platz"], zahl(z["rust"]), zahl(z["sockperf"]), zahl(z["python"]),
          verhaeltnis(z["rust"], z["sockperf"]), verhaeltnis(z["rust"], z["python"])] for z in rate])
    text += "\nDatagramme pro Sekunde, so schnell der Sender kann.\n"
    if any(z["sockperf"] is None for z in rate):
        text += fehlt("sockperf")
    schreibe("udp_rate.md", text)
    verlust = E["udp"]["verlust"]
    standard = [z for z in verlust if z["rcvbuf_gesetzt"] == 0 and z.get("platz", "frei") == "frei"]
    gruppen = [("", [("Rust " + (zahl_diagramm(z["rate_soll"]) + "/s" if z["rate_soll"] else "unbegrenzt"),
                      z["verlust_prozent"]) for z in standard])]
    titel = "UDP-Verlust in % je Soll-Rate, Standard-Empfangspuffer ({} Bytes), frei platziert".format(
        zahl_diagramm(standard[0]["rcvbuf"]))
    text = svg_diagramm("udp_verlust", titel, "Balkendiagramm, Verlust in Prozent je Soll-Rate des Senders "
                        "(weniger ist besser): " + beschreibe(gruppen, "Prozent", 2), "Verlust in %", gruppen, 2)
    zeilen = []
    for platz in ["frei", "gepinnt"]:
        klein = [z for z in verlust if z["rcvbuf_gesetzt"] == 0 and z.get("platz", "frei") == platz]
        gross = [z for z in verlust if z["rcvbuf_gesetzt"] != 0 and z.get("platz", "frei") == platz]
        for a, b in zip(klein, gross):
            zeilen.append([platz, zahl(a["rate_soll"]) if a["rate_soll"] else "unbegrenzt",
                           zahl(a["rate_ist"]), zahl(a["verlust_prozent"], 2) + " %",
                           zahl(b["rate_ist"]), zahl(b["verlust_prozent"], 2) + " %"])
    gross = [z for z in verlust if z["rcvbuf_gesetzt"] != 0]
    text += "\n" + tabelle(
        ["Platzierung", "Rate (Soll, 1/s)", "erreicht", "Verlust, SO_RCVBUF {}".format(zahl(standard[0]["rcvbuf"])),
         "erreicht", "Verlust, SO_RCVBUF {}".format(zahl(gross[0]["rcvbuf"]))], zeilen)
    text += ("\nDie Spalten „erreicht“ zeigen, wie viele Datagramme pro Sekunde der Sender wirklich "
             "schaffte; erreicht er die Soll-Rate nicht, ist sie auf diesem Rechner nicht messbar.\n")
    schreibe("udp_verlust.md", text)


def speicher(s):
    return "–" if not s else "{} MiB".format(zahl(s["rss_kib"] / 1024, 1))


def chat_lauf():
    """Ein Satz zu Datum und Umständen, wenn der Chat-Teil gesondert lief (--nur chat)."""
    lauf = E.get("chat_lauf")
    if not lauf:
        return ""
    andere = ", ".join("`{}` ({} % CPU)".format(p["name"], zahl(p["cpu_prozent"]))
                       for p in lauf["andere_prozesse"] if p["cpu_prozent"] >= 5)
    return ("\nDiese Tabelle stammt aus einem eigenen Lauf am {} (`scripts/bench --nur chat{}`, {} s). "
            "Systemlast (loadavg über 1, 5 und 15 Minuten) vorher {}, nachher {}. {}\n").format(
        lauf["datum"], {"schnell": " --schnell", "probe": " --probe"}.get(lauf["modus"], ""),
        lauf["laufzeit_s"], " / ".join(zahl(x, 2) for x in lauf["last_vorher"]),
        " / ".join(zahl(x, 2) for x in lauf["last_nachher"]),
        "In den zwei Sekunden vor dem Lauf rechneten außerdem (100 % = ein CPU-Kern): {}.".format(andere)
        if andere else "In den zwei Sekunden vor dem Lauf rechnete sonst kein Prozess nennenswert (unter 5 % CPU).")


def chat():
    zeilen, namen, werte = [], [], []
    for z in E["chat"]:
        if z.get("fehlt"):
            zeilen.append([z["server"], "fehlt noch"] + [""] * 8)
            continue
        g, s = z.get("getaktet") or {}, z.get("stoss") or {}
        sv = z.get("speicher_verbunden") or {}
        zeilen.append([
            z["server"], "{} von {}".format(zahl(z.get("verbunden")), zahl(z.get("clients"))),
            zahl(z.get("verbindungszeit_s"), 2) + " s", speicher(sv), zahl(sv.get("threads")),
            zahl(z.get("anmeldung_s"), 1) + " s",
            "{} / {} ms".format(zahl(g.get("p50_ms"), 1), zahl(g.get("p99_ms"), 1)),
            zahl(g.get("pro_s")), zahl(s.get("pro_s")),
            "ja" if z.get("server_laeuft_noch") else "**nein, abgestürzt**"])
        namen.append(z["server"])
        werte.append(s.get("pro_s"))
    p = E["chat_parameter"]
    text = tabelle(["Server", "verbunden", "Verbindungsaufbau", "RSS danach", "Threads", "Anmeldung",
                    "Rundruf p50 / p99", "Zustellungen/s (getaktet)", "Zustellungen/s (Stoß)",
                    "Server lebt"], zeilen)
    text += ("\n{} Clients, davon {} angemeldet; {} Nachrichten getaktet mit {} pro Sekunde, "
             "dann {} auf einmal (Stoß). Jede Nachricht geht an alle anderen Angemeldeten.\n").format(
        zahl(p["clients"]), zahl(p["angemeldet"]), p["nachrichten"], p["rate"], p["nachrichten"])
    text += chat_lauf()
    if namen:
        gruppen = [("", [("Rust " + n if n != "python" else "Python", w) for n, w in zip(namen, werte)])]
        text += "\n" + svg_diagramm("chat", "Chat: Zustellungen pro Sekunde im Stoß (mehr ist besser)",
                                     "Balkendiagramm, Zustellungen pro Sekunde im Stoß je Server: "
                                     + beschreibe(gruppen, "Zustellungen pro Sekunde"),
                                     "Zustellungen pro Sekunde", gruppen)
    schreibe("chat.md", text)


def ziele():
    zeilen = []
    for z in E.get("durchsatz", []):
        r = teile(z["rust"], z["iperf3"])
        if r is None:
            zeilen.append(["Durchsatz ≥ 0,95× iperf3 ({}, {})".format(kib(z["puffer"]), z["platz"]),
                           "iperf3 fehlt", "–"])
            continue
        zeilen.append(["Durchsatz ≥ 0,95× iperf3 ({}, {})".format(kib(z["puffer"]), z["platz"]),
                       zahl(r, 2) + "×", "ja" if r >= 0.95 else "nein"])
        if z.get("rust_ohne"):
            r = z["rust_ohne"] / z["iperf3"]
            zeilen.append(["… dasselbe mit `--ohne-pruefsumme`, wie iperf3 ohne Prüfung",
                           zahl(r, 2) + "×", "ja" if r >= 0.95 else "nein"])
    for z in E.get("echo", {}).get("vergleich", []):
        if not z["sockperf"]["runden_pro_s"]:
            zeilen.append(["Round Trips ≥ 0,9× sockperf ({})".format(z["platz"]), "sockperf fehlt", "–"])
            continue
        r = z["rust"]["runden_pro_s"] / z["sockperf"]["runden_pro_s"]
        zeilen.append(["Round Trips ≥ 0,9× sockperf ({})".format(z["platz"]), zahl(r, 2) + "×",
                       "ja" if r >= 0.9 else "nein"])
        if z["platz"] == "frei":
            p99 = z["rust"]["p99_us"]
            zeilen.append(["Round Trip p99 ≤ 150 µs (frei)", zahl(p99) + " µs", "ja" if p99 <= 150 else "nein"])
    for z in E.get("udp", {}).get("senderate", []):
        if not z["sockperf"]:
            zeilen.append(["UDP-Senderate ≥ 0,9× sockperf ({})".format(z["platz"]), "sockperf fehlt", "–"])
            continue
        r = z["rust"] / z["sockperf"]
        zeilen.append(["UDP-Senderate ≥ 0,9× sockperf ({})".format(z["platz"]), zahl(r, 2) + "×",
                       "ja" if r >= 0.9 else "nein"])
    for platz in ["frei", "gepinnt"]:
        gross = [z for z in E.get("udp", {}).get("verlust", []) if z["rcvbuf_gesetzt"] and 0 < z["rate_soll"] <= 250000
                 and z.get("platz", "frei") == platz]
        if not gross:
            continue
        schlimmst = max(gross, key=lambda z: z["verlust_prozent"])
        hoechst = max(z["rate_ist"] for z in gross)
        zeilen.append(["0 % Verlust bis 250 000/s mit 4 MiB Empfangspuffer ({})".format(platz),
                       "höchstens {} % (Sender erreichte bis {}/s)".format(
                           zahl(schlimmst["verlust_prozent"], 2), zahl(hoechst)),
                       "ja" if schlimmst["verlust_prozent"] == 0 and hoechst >= 240000 else
                       ("nein" if schlimmst["verlust_prozent"] > 0 else "nicht messbar: Sender zu langsam")])
    for z in E.get("chat", []):
        if z.get("fehlt"):
            continue
        n = z.get("clients")
        if z["server"] == "poll_server":
            t = z.get("verbindungszeit_s") or 99
            rss = ((z.get("speicher_verbunden") or {}).get("rss_kib") or 1e9) / 1024
            g = z.get("getaktet") or {}
            p99, rate = g.get("p99_ms") or 1e9, g.get("pro_s") or 0
            takt = "getaktet, {} Nachrichten/s an {} Angemeldete".format(z.get("rate"), zahl(z.get("angemeldet")))
            zeilen += [["poll_server: {} Clients in < 1 s".format(zahl(n)), zahl(t, 2) + " s", "ja" if t < 1 else "nein"],
                       ["poll_server: RSS < 8 MiB", zahl(rss, 1) + " MiB", "ja" if rss < 8 else "nein"],
                       ["poll_server: Rundruf p99 ≤ 100 ms ({})".format(takt), zahl(p99, 1) + " ms",
                        "ja" if p99 <= 100 else "nein"],
                       ["poll_server: ≥ 180 000 Zustellungen/s ({})".format(takt), zahl(rate),
                        "ja" if rate >= 180000 else "nein"]]
        if z["server"] in ("threaded_server", "threaded_server_viele"):
            ok = z.get("verbunden") == n and z.get("server_laeuft_noch")
            zeilen.append(["{} hält {} Clients".format(z["server"], zahl(n)),
                           "{} verbunden, {} abgewiesen, {} getrennt; Server {}".format(
                               zahl(z.get("verbunden")), zahl(z.get("abgewiesen")), zahl(z.get("getrennt")),
                               "läuft" if z.get("server_laeuft_noch") else "abgestürzt"),
                           "ja" if ok else "nein"])
    schreibe("ziele.md", tabelle(["Ziel", "gemessen", "erreicht"], zeilen))


def mitschnitte():
    for name, text in E["mitschnitte"].items():
        schreibe("mitschnitt_{}.txt".format(name), text.rstrip() + "\n")


if __name__ == "__main__":
    maschine()
    # Ein Lauf mit --nur chat ohne vorherigen vollen Lauf hat nur den Chat-Teil.
    for teil, erzeuge in [("durchsatz", durchsatz), ("echo", echo), ("udp", udp), ("chat", chat)]:
        if teil in E:
            erzeuge()
    ziele()
    mitschnitte()
    print("Bausteine in {} geschrieben\n".format(ORDNER))
    print((ORDNER / "ziele.md").read_text())

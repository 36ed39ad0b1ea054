#!/usr/bin/env python3
"""mdBook-Vorverarbeiter „ausgabe“: Ausgabe-Hinweis und zugeklappte Musterlösungen.

Eingetragen in book.toml als [preprocessor.ausgabe]. Er tut zweierlei:

1. Jede Seite bekommt ganz oben ein leeres Element
   <div class="ausgabe ausgabe-lehrkraefte" role="note"></div> (bzw. ausgabe-schueler).
   Den Text („Ausgabe für Lehrkräfte“ …) setzt theme/buch.css per ::before; so landet er
   nicht im Suchindex jeder Seite.
2. In der Ausgabe für Lehrkräfte (dem normalen Build) steht jede Musterlösung zwischen
   <!-- LOESUNG --> und <!-- /LOESUNG --> in einem zugeklappten <details> mit dem Knopf
   „Musterlösung zeigen“ (bzw. „Erwartungshorizont zeigen“, wenn der Block so beginnt).
   Die Markierungen bleiben außen stehen: Der Vorverarbeiter für die Schülerausgabe
   (cargo run --bin pruefen -- --mdbook-ohne-loesungen) entfernt den ganzen Block samt
   <details>, gleich in welcher Reihenfolge beide laufen.

3. Zahlen im Text gruppiert das Buch mit einem Leerzeichen (65 530, nach DIN 5008 und Duden;
   vierstellige bleiben ungruppiert). Im Markdown steht ein normales Leerzeichen, das man
   tippen kann; hier wird daraus das schmale geschützte Leerzeichen U+202F, das die Zahl
   nie am Zeilenende trennt. Codeblöcke, Inline-Code und HTML-Tags bleiben, wie sie sind:
   Ausgaben von Programmen sind echt. Die Buchprüfung (buchpruefung) verbietet andere
   Trenner (U+2009, U+00A0) und gruppierte vierstellige Zahlen.

4. Jeder ```mermaid-Block wird zu <script type="text/plain" class="mermaid-quelle">. mdBook
   nimmt Skripte nicht in den Suchindex auf: Die Suche zeigt keinen Diagramm-Quelltext
   mehr. theme/mermaid-init.js macht daraus beim Laden <pre class="mermaid"> und zeichnet.

Welche Ausgabe gebaut wird, steht in der Konfiguration, die mdBook mitschickt: Ist
preprocessor.ohne_loesungen gesetzt (per Umgebungsvariable, siehe scripts/serve
--ohne-loesungen und scripts/aufgabenpaket), ist es die Ausgabe für Schülerinnen und
Schüler.

Protokoll: mdBook ruft zuerst `ausgabe.py supports RENDERER` auf (Exit-Code 0 = ja), dann
ohne Argumente mit [Kontext, Buch] als JSON auf stdin; das Buch geht auf stdout zurück.
"""
import json
import re
import sys

ANFANG = "<!-- LOESUNG -->"
ENDE = "<!-- /LOESUNG -->"


def markierung(text, zeichen, ab=0):
    """Erste Fundstelle ab `ab`, die nicht direkt hinter einem Backtick steht: Eine
    Markierung in Inline-Code (`<!-- LOESUNG -->`) ist Text über die Markierung."""
    i = text.find(zeichen, ab)
    while i > 0 and text[i - 1] == "`":
        i = text.find(zeichen, i + 1)
    return i


def zuklappen(text):
    """Legt jeden Lösungsblock in ein zugeklapptes <details>."""
    aus, rest = [], text
    while True:
        i = markierung(rest, ANFANG)
        if i < 0:
            break
        j = markierung(rest, ENDE, i)
        if j < 0:
            break
        innen = rest[i + len(ANFANG):j]
        titel = re.search(r"^#+\s+(.+?)\s*$", innen, re.M)
        was = titel.group(1) if titel and titel.group(1) in ("Musterlösung", "Erwartungshorizont") \
            else "Musterlösung"
        aus.append(rest[:i])
        aus.append(ANFANG + "\n\n<details class=\"musterloesung\">\n"
                   "<summary>{} zeigen</summary>\n\n".format(was))
        aus.append(innen.strip("\n"))
        aus.append("\n\n</details>\n\n" + ENDE)
        rest = rest[j + len(ENDE):]
    aus.append(rest)
    return "".join(aus)


SCHMAL = "\u202f"
ZAHL = re.compile(r"(?<![\w.,])\d{1,3}(?: \d{3})+(?![\w])")
ZAUN = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+).*?\1")
TAG = re.compile(r"<[^>]*>")


def zahlen_im_text(text):
    """12 345 → 12\u202f345 in einem Stück Text ohne Code und ohne Tags."""
    return ZAHL.sub(lambda m: m.group(0).replace(" ", SCHMAL), text)


def ohne_code_und_tags(zeile, umwandeln):
    """Wendet `umwandeln` nur auf Text außerhalb von Inline-Code und HTML-Tags an."""
    aus, pos = [], 0
    for m in INLINE_CODE.finditer(zeile):
        aus.append(ohne_tags(zeile[pos:m.start()], umwandeln))
        aus.append(m.group(0))
        pos = m.end()
    aus.append(ohne_tags(zeile[pos:], umwandeln))
    return "".join(aus)


def ohne_tags(text, umwandeln):
    aus, pos = [], 0
    for m in TAG.finditer(text):
        aus.append(umwandeln(text[pos:m.start()]))
        aus.append(m.group(0))
        pos = m.end()
    aus.append(umwandeln(text[pos:]))
    return "".join(aus)


def tausender(text):
    """Schmale geschützte Leerzeichen in gruppierten Zahlen, außer in Codeblöcken."""
    aus, zaun = [], None
    for zeile in text.splitlines(keepends=True):
        m = ZAUN.match(zeile)
        if zaun:
            if m and m.group(1)[0] == zaun[0] and len(m.group(1)) >= len(zaun) \
                    and not zeile.strip()[len(m.group(1)):]:
                zaun = None
            aus.append(zeile)
        elif m:
            zaun = m.group(1)
            aus.append(zeile)
        else:
            aus.append(ohne_code_und_tags(zeile, zahlen_im_text))
    return "".join(aus)


MERMAID = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


def mermaid_als_skript(text):
    return MERMAID.sub(lambda m: '<script type="text/plain" class="mermaid-quelle">\n{}</script>'.format(
        m.group(1).replace("</", "<\\/")), text)


def bearbeite(wert, schueler):
    if isinstance(wert, dict):
        for name, feld in wert.items():
            if name == "content" and isinstance(feld, str):
                art = "schueler" if schueler else "lehrkraefte"
                kopf = '<div class="ausgabe ausgabe-{}" role="note"></div>\n\n'.format(art)
                wert[name] = kopf + mermaid_als_skript(tausender(feld if schueler else zuklappen(feld)))
            elif name == "name" and isinstance(feld, str):
                wert[name] = zahlen_im_text(feld)  # Kapiteltitel in Seitenleiste und <title>
            else:
                bearbeite(feld, schueler)
    elif isinstance(wert, list):
        for feld in wert:
            bearbeite(feld, schueler)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "supports":
        sys.exit(0)
    kontext, buch = json.load(sys.stdin)
    vorverarbeiter = kontext.get("config", {}).get("preprocessor", {})
    schueler = "ohne_loesungen" in vorverarbeiter or "ohne-loesungen" in vorverarbeiter
    bearbeite(buch, schueler)
    json.dump(buch, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

// Prüfungen je Seite, die buchtest.mjs für das Buch und im Selbsttest für die Seiten in
// fixtures/ ausführt. Jede liefert { id, ok, text, details }.
//
//   h1          höchstens ein <h1> im Inhalt (print.html ausgenommen: alle Kapitel)
//   einbindung  kein Text aus python/ oder examples/ außerhalb eines Codeblocks
//   druck       keine Tabelle ist im Druck breiter als eine A4-Seite, alle <details> offen
//   kopieren    Kopierknöpfe liefern nur Befehle (kein „$ “, keine Randbemerkung)
//   namen       jedes Diagramm und Bild hat einen zugänglichen Namen

import fs from 'node:fs';
import path from 'node:path';

// Druckbare Breite einer A4-Seite bei Chromiums Standardrändern (210 mm − 2 × 10 mm) in
// CSS-Pixeln (96 je Zoll).
export const DRUCKBREITE_PX = Math.floor((190 / 25.4) * 96);

// Zeilen der Dateien, die das Buch einbindet: Kommentare (ohne # oder //) und Codezeilen.
export function ladeQuellen(repo) {
    const kommentare = new Set();
    const code = new Set();
    function gehe(dir, endungen) {
        if (!fs.existsSync(dir)) {
            return;
        }
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const voll = path.join(dir, e.name);
            if (e.isDirectory()) {
                gehe(voll, endungen);
            } else if (endungen.some((x) => e.name.endsWith(x))) {
                for (const roh of fs.readFileSync(voll, 'utf8').split('\n')) {
                    const z = roh.trim();
                    const k = z.match(/^(?:#|\/\/[!/]?)\s*(.*)$/);
                    if (k) {
                        const text = k[1].trim();
                        // Nur ganze Sätze: kurze Kommentare wie „# Terminal 1“ stehen auch im Text.
                        if (text.length >= 25 && text.split(/\s+/).length >= 4 && !text.startsWith('ANCHOR')) {
                            kommentare.add(text);
                        }
                    } else if (z.length >= 30 && /[(=:;{]/.test(z) && /[a-z_]\w*\(/i.test(z)) {
                        code.add(z);
                    }
                }
            }
        }
    }
    gehe(path.join(repo, 'python'), ['.py']);
    gehe(path.join(repo, 'examples'), ['.rs']);
    gehe(path.join(repo, 'loesungen'), ['.rs', '.py']);
    return { kommentare, code };
}

function sammle() {
    const main = document.querySelector('main') || document.body;
    const ausserhalbCode = (el) => !el.closest('pre, code, svg, .mermaid');
    const textOhneCode = (el) => {
        const kopie = el.cloneNode(true);
        kopie.querySelectorAll('code, pre, kbd').forEach((c) => c.replaceWith(' '));
        return kopie.textContent.replace(/\s+/g, ' ').trim();
    };
    const ueberschriften = Array.from(main.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        .filter(ausserhalbCode).map((h) => h.textContent.trim());
    const absaetze = Array.from(main.querySelectorAll('p, li, td'))
        .filter(ausserhalbCode).map(textOhneCode).filter((t) => t.length >= 30);

    // Zugängliche Namen: Mermaid-SVGs, Leistungsdiagramme, Bilder.
    const ohneNamen = [];
    const nameVon = (el) => {
        const label = el.getAttribute('aria-label');
        if (label && label.trim()) {
            return label.trim();
        }
        const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
        const text = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
        if (text) {
            return text;
        }
        const titel = el.querySelector(':scope > title');
        return titel ? titel.textContent.trim() : '';
    };
    main.querySelectorAll('pre.mermaid, figure.diagramm').forEach((rahmen, i) => {
        const svg = rahmen.querySelector('svg');
        if (!svg) {
            return; // ob Mermaid gezeichnet hat, prüft buchtest.mjs selbst
        }
        if (!nameVon(svg)) {
            ohneNamen.push(`Diagramm ${i + 1} (${rahmen.className}): SVG ohne Namen (accTitle/<title>)`);
        }
    });
    main.querySelectorAll('img').forEach((img) => {
        if (!(img.getAttribute('alt') || '').trim()) {
            ohneNamen.push(`Bild ${img.getAttribute('src')}: ohne alt-Text`);
        }
    });

    return {
        h1: Array.from(main.querySelectorAll('h1')).map((h) => h.textContent.trim()),
        ueberschriften,
        absaetze,
        ohneNamen,
    };
}

// Klickt jeden Kopierknopf in Befehls- und Textblöcken und liest, was bei
// navigator.clipboard.writeText ankam (abgefangen in buchtest.mjs).
function kopiereAlle() {
    const ergebnis = [];
    const bloecke = Array.from(document.querySelectorAll('main pre'))
        .filter((pre) => pre.querySelector('code.language-console, code.language-text'));
    for (const pre of bloecke) {
        const konsole = !!pre.querySelector('code.language-console');
        const knopf = pre.querySelector('.clip-button');
        if (!knopf) {
            ergebnis.push({ konsole, knopf: false, text: null });
            continue;
        }
        window.__kopiert = [];
        knopf.click();
        ergebnis.push({ konsole, knopf: true, text: window.__kopiert.length ? window.__kopiert.join('\n') : null,
            anfang: pre.querySelector('code').textContent.split('\n')[0].slice(0, 60) });
    }
    return ergebnis;
}

export async function neuePruefungen(page, seite, quellen) {
    const aus = [];
    const daten = await page.evaluate(sammle);

    if (seite !== 'print.html') {
        aus.push({
            id: 'h1', ok: daten.h1.length <= 1,
            text: `${seite}: höchstens ein <h1> (${daten.h1.length})`,
            details: daten.h1.map((h) => `<h1> „${h}“`),
        });
    }

    const eingebunden = [];
    for (const u of daten.ueberschriften) {
        if (quellen.kommentare.has(u)) {
            eingebunden.push(`Überschrift „${u}“ ist ein Kommentar aus dem Code`);
        }
    }
    for (const a of daten.absaetze) {
        for (const z of quellen.code) {
            if (a.includes(z)) {
                eingebunden.push(`Codezeile als Fließtext: „${z}“`);
                break;
            }
        }
    }
    aus.push({
        id: 'einbindung', ok: eingebunden.length === 0,
        text: `${seite}: kein eingebundener Code außerhalb eines Codeblocks`, details: eingebunden,
    });

    aus.push({
        id: 'namen', ok: daten.ohneNamen.length === 0,
        text: `${seite}: Diagramme und Bilder haben einen zugänglichen Namen`, details: daten.ohneNamen,
    });

    const kopien = await page.evaluate(kopiereAlle);
    const kopierFehler = [];
    for (const k of kopien) {
        if (!k.knopf) {
            if (k.konsole) {
                kopierFehler.push('Befehlsblock ohne Kopierknopf');
            }
            continue;
        }
        if (k.text === null) {
            kopierFehler.push(`Kopierknopf schreibt nichts über navigator.clipboard („${k.anfang}“)`);
            continue;
        }
        for (const zeile of k.text.split('\n')) {
            if (/^\$ /.test(zeile)) {
                kopierFehler.push(`Zeile mit Eingabeaufforderung: „${zeile}“`);
            } else if (/\(in Terminal|\s{2,}\(.*\)\s*$|\s{2,}#\s/.test(zeile)) {
                kopierFehler.push(`Randbemerkung mitkopiert: „${zeile}“`);
            } else if (k.konsole && /^#/.test(zeile)) {
                kopierFehler.push(`Kommentarzeile mitkopiert: „${zeile}“`);
            }
        }
    }
    aus.push({
        id: 'kopieren', ok: kopierFehler.length === 0,
        text: `${seite}: ${kopien.filter((k) => k.knopf).length} Kopierknöpfe liefern nur Befehle`,
        details: kopierFehler,
    });

    if (seite !== 'print.html') {
        aus.push(await druckPruefung(page, seite));
    }
    return aus;
}

// Druckansicht: Medientyp print, Breite einer A4-Seite, alle <details> offen (wie
// theme/buch.js es vor dem Drucken tut). Eine Tabelle darf nicht breiter sein als der Inhalt.
async function druckPruefung(page, seite) {
    const vorher = page.viewportSize();
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: DRUCKBREITE_PX, height: 1000 });
    let zuBreit = [];
    try {
        zuBreit = await page.evaluate(() => {
            window.dispatchEvent(new Event('beforeprint'));
            const main = document.querySelector('main') || document.body;
            const grenze = main.getBoundingClientRect().right + 1;
            const aus = [];
            main.querySelectorAll('table').forEach((tabelle, i) => {
                const r = tabelle.getBoundingClientRect();
                if (r.width > 0 && (r.right > grenze || tabelle.scrollWidth > tabelle.clientWidth + 1)) {
                    const kopf = Array.from(tabelle.querySelectorAll('th')).map((th) => th.textContent.trim());
                    aus.push(`Tabelle ${i + 1} (${kopf.slice(0, 3).join(' | ')} …): ${Math.round(r.width)} px `
                        + `breit, Platz ${Math.round(main.getBoundingClientRect().width)} px`);
                }
            });
            const zu = main.querySelectorAll('details:not([open])').length;
            if (zu > 0) {
                aus.push(`${zu} <details> (Tipps, Lösungen) bleiben im Druck zugeklappt`);
            }
            window.dispatchEvent(new Event('afterprint'));
            return aus;
        });
    } finally {
        await page.emulateMedia({ media: 'screen' });
        if (vorher) {
            await page.setViewportSize(vorher);
        }
    }
    return {
        id: 'druck', ok: zuBreit.length === 0,
        text: `${seite}: im Druck keine Tabelle abgeschnitten (A4, ${DRUCKBREITE_PX} px), Hinweise offen`,
        details: zuBreit,
    };
}

// Titel aller Abschnitte im Suchindex (lädt die Datei, die die Seite nennt).
export async function suchindexTitel(page) {
    return page.evaluate(async () => {
        const url = window.path_to_searchindex_js;
        if (!url) {
            return [];
        }
        if (!window.search || !window.search.index) {
            await new Promise((ok) => {
                const s = document.createElement('script');
                s.src = url;
                s.onload = ok;
                s.onerror = ok;
                document.head.appendChild(s);
            });
        }
        const docs = window.search?.index?.documentStore?.docs ?? {};
        return Object.values(docs).map((d) => d.title ?? '').filter(Boolean);
    });
}

// Browser-Test für das gebaute Buch.
//
//   node tests/browser/buchtest.mjs target/book
//
// Was geprüft wird (jede Prüfung kann fehlschlagen und meldet sich mit einer Zeile):
//   1. Jede Seite lädt ohne Konsolenfehler, ohne Skriptfehler, ohne fehlgeschlagene
//      Anfrage und ohne Anfrage nach draußen (das Buch muss offline funktionieren).
//   2. <html lang="de"> auf jeder Seite.
//   3. Jedes Mermaid-Diagramm wird zu einem SVG gezeichnet (und nicht zur Fehlergrafik).
//   4. Jeder interne Link führt auf eine vorhandene Datei; ein #Anker muss als id
//      auf der Zielseite existieren (nach dem Ausführen von mdBooks JavaScript).
//   5. Kein „Ausführen“-Knopf (Playground) an Codeblöcken.
//   6. Die Oberfläche ist deutsch: Menüleiste, Seitenleiste, Suchfeld, Farbschemata,
//      Blätter-Knöpfe, Knöpfe an Codeblöcken und Titel der Hinweiskästen enthalten keine
//      englischen Wörter aus einer Sperrliste.
//   7. Die Suche findet deutsche Wörter (Standard: „Verbindung“, „Socket“; ändern mit
//      BUCHTEST_SUCHWOERTER="Wort1,Wort2") und meldet sich auf Deutsch.
//   8. Höchstens ein <h1> im Inhalt einer Seite.
//   9. Kein Text einer eingebundenen Datei (python/, examples/) außerhalb eines Codeblocks:
//      keine Überschrift, die ein Kommentar aus dem Code ist, kein Absatz mit einer Codezeile.
//  10. Keine Tabelle wird im Druck abgeschnitten (Druckmedien, Breite einer A4-Seite), und
//      vor dem Drucken klappen alle <details> auf.
//  11. Kopieren liefert Ausführbares: Der Kopierknopf jedes Befehls- und Textblocks schreibt
//      (abgefangen an navigator.clipboard.writeText und execCommand('copy')) keine Zeile mit
//      „$ “ und keine Randbemerkung wie „(in Terminal 2)“ in die Zwischenablage.
//  12. Jedes Diagramm (Mermaid, Leistungsdiagramme, Bilder) hat einen zugänglichen Namen;
//      ein Klick öffnet ein Diagramm groß in einem neuen Tab (einmal im Buch geprüft).
//  13. Die Titel im Suchindex enthalten keine englischen Wörter der Oberfläche.
//
// Selbsttest: Am Ende jedes Laufs (allein mit `node tests/browser/buchtest.mjs --selbsttest`)
// lädt der Test die Seiten in tests/browser/fixtures/ – je eine mit einem alten Fehler – und
// verlangt, dass genau die Prüfung anschlägt, die im <meta name="erwartet"> der Seite steht.
//
// Technik (gemeinsam mit quiztest.mjs in aufbau.mjs): eigener statischer HTTP-Server auf
// 127.0.0.1, Port 0 (das System wählt einen freien Port); Chromium aus Debian
// (/usr/bin/chromium, änderbar mit CHROMIUM=…) über playwright-core, mit frischem Profil
// in einem temporären Verzeichnis. Jede Anfrage, die nicht an 127.0.0.1 geht, wird
// abgebrochen und als Fehler gezählt.
//
// Die letzte Zeile lautet `N passed, M failed` (so liest sie die CI); der Exit-Code ist
// ungleich 0, sobald eine Prüfung fehlschlägt.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    beobachteSeite, buchVerzeichnis, nurLokal, pruefung, stand, starteChromium, starteServer, zusammenfassung,
} from './aufbau.mjs';
import { neuePruefungen, ladeQuellen, suchindexTitel } from './pruefungen.mjs';

const HIER = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HIER, '..', '..');

// Zeit, die eine Seite zum Laden bekommt; großzügig, weil CI-Maschinen langsam sein können.
const LADEZEIT_MS = 30_000;
// Zeit für das Zeichnen der Mermaid-Diagramme einer Seite.
const MERMAID_ZEIT_MS = 20_000;
// Zeit, bis die Suche Treffer anzeigt (der Suchindex wird erst beim ersten Suchen geladen).
const SUCHZEIT_MS = 15_000;

// Englische Wörter, die in der Oberfläche nicht (mehr) vorkommen dürfen.
// Geprüft wird wortweise ohne Rücksicht auf Groß-/Kleinschreibung, aber nur in den
// Bedienelementen, nicht im Fließtext des Buchs.
const SPERRLISTE = [
    'Search', 'results', 'result', 'Note', 'Tip', 'Warning', 'Important', 'Caution',
    'Previous', 'Next', 'Print', 'Toggle', 'Theme', 'Themes', 'Light', 'Coal', 'Navy',
    'Copy', 'clipboard', 'Keyboard', 'shortcuts', 'Press', 'chapter', 'Table of contents',
    'Hide', 'Show', 'Run', 'Undo', 'Page navigation', 'Change',
];
const SPERR_REGEX = new RegExp(`\\b(${SPERRLISTE.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`, 'i');

// Deutsche Titel der Hinweiskästen (siehe theme/index.hbs).
const HINWEIS_TITEL = new Set(['Hinweis', 'Tipp', 'Wichtig', 'Warnung', 'Vorsicht']);

// Alle .html-Dateien des Buchs, relativ zur Wurzel, mit „/“ als Trenner.
async function htmlDateien(wurzel) {
    const ergebnis = [];
    async function gehe(dir) {
        for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
            const voll = path.join(dir, e.name);
            if (e.isDirectory()) {
                await gehe(voll);
            } else if (e.name.endsWith('.html')) {
                ergebnis.push(path.relative(wurzel, voll).split(path.sep).join('/'));
            }
        }
    }
    await gehe(wurzel);
    return ergebnis.sort();
}

// ---------------------------------------------------------------------------
// Im Browser: Daten einer Seite einsammeln (läuft in page.evaluate).

function sammleSeitendaten() {
    const texte = [];
    const merke = (wo, text) => {
        if (text && text.trim()) {
            texte.push({ wo, text: text.trim().replace(/\s+/g, ' ') });
        }
    };
    const attribute = (wo, el) => {
        for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
            merke(`${wo} [${name}]`, el.getAttribute(name));
        }
    };

    // Menüleiste: sichtbarer Text ohne den Buchtitel, dazu alle Attribute.
    const menu = document.getElementById('mdbook-menu-bar');
    if (menu) {
        menu.querySelectorAll('*').forEach((el) => attribute('Menüleiste', el));
        menu.querySelectorAll('button, label, a, li').forEach((el) => merke('Menüleiste', el.textContent));
    }
    // Liste der Farbschemata (auch wenn sie gerade zugeklappt ist).
    document.querySelectorAll('#mdbook-theme-list button').forEach((el) => merke('Farbschemata', el.textContent));
    // Suchfeld und Suchbereich.
    document.querySelectorAll('#mdbook-search-wrapper, #mdbook-search-wrapper *').forEach((el) => attribute('Suche', el));
    // Seitenleiste: nur Attribute; die Kapiteltitel sind Inhalt, nicht Oberfläche.
    document.querySelectorAll('#mdbook-sidebar, #mdbook-sidebar *').forEach((el) => attribute('Seitenleiste', el));
    // Blätter-Knöpfe und Navigationsbereiche.
    document.querySelectorAll('nav, .nav-chapters, .mobile-nav-chapters').forEach((el) => attribute('Navigation', el));
    // Tastenkürzel-Hilfe.
    const hilfe = document.getElementById('mdbook-help-container');
    if (hilfe) {
        merke('Tastenkürzel-Hilfe', hilfe.textContent);
    }
    // Knöpfe an Codeblöcken (Kopieren, verborgene Zeilen).
    document.querySelectorAll('pre .buttons button').forEach((el) => {
        attribute('Code-Knopf', el);
        merke('Code-Knopf', el.textContent);
    });

    const hinweisTitel = Array.from(document.querySelectorAll('.blockquote-tag-title'))
        .map((el) => el.textContent.trim());

    const ids = Array.from(document.querySelectorAll('[id], a[name]'))
        .map((el) => el.id || el.getAttribute('name'));

    const links = Array.from(document.querySelectorAll('a[href]'))
        .map((a) => ({ href: a.getAttribute('href'), absolut: a.href }));

    return {
        lang: document.documentElement.getAttribute('lang'),
        texte,
        hinweisTitel,
        ids,
        links,
        rustBloecke: document.querySelectorAll('code.language-rust').length,
        playKnoepfe: document.querySelectorAll('.play-button, pre.playground').length,
    };
}

// ---------------------------------------------------------------------------

async function main() {
    let arg = process.argv[2];
    const selbsttest = arg === '--selbsttest';
    if (selbsttest) {
        arg = path.join(HIER, 'fixtures');
    }
    const wurzel = buchVerzeichnis(arg, 'buchtest.mjs');

    const server = await starteServer(wurzel);
    const basis = `http://127.0.0.1:${server.address().port}/`;
    console.log(`Buch: ${wurzel}`);
    console.log(`Server: ${basis}`);

    let browser;
    try {
        browser = await starteChromium('buchtest-profil-');
    } catch (e) {
        console.error(e.message);
        server.close();
        process.exit(2);
    }
    const { context } = browser;

    try {
        if (selbsttest) {
            await selbstTest(context, wurzel, basis);
        } else {
            await pruefeBuch(context, wurzel, basis);
            // Jeder Lauf zeigt auch, dass die neuen Prüfungen die alten Fehler noch finden.
            console.log('\nSelbsttest mit tests/browser/fixtures/');
            const fixtures = path.join(HIER, 'fixtures');
            const fixServer = await starteServer(fixtures);
            try {
                await selbstTest(context, fixtures, `http://127.0.0.1:${fixServer.address().port}/`);
            } finally {
                fixServer.close();
            }
        }
    } finally {
        await browser.schliesse();
        server.close();
    }
    zusammenfassung();
}

async function pruefeBuch(context, wurzel, basis) {
    const basisUrl = new URL(basis);

    // Nichts verlässt die Maschine: jede Anfrage an einen anderen Host wird abgebrochen.
    const nachDraussen = [];
    await nurLokal(context, (url) => nachDraussen.push(url));
    // print.html ruft beim Laden window.print() auf; im Test wäre das ein Dialog.
    await context.addInitScript(() => {
        window.print = () => {};
    });
    await kopierenAbfangen(context);

    const seiten = await htmlDateien(wurzel);
    // toc.html ist nur der Ersatz für die Seitenleiste ohne JavaScript (iframe).
    // BUCHTEST_SEITEN="a.html,b.html" prüft nur diese Seiten (zum schnellen Nachsehen;
    // die Link- und Erreichbarkeitsprüfungen sind dann nicht aussagekräftig).
    const nur = (process.env.BUCHTEST_SEITEN || '').split(',').map((s) => s.trim()).filter(Boolean);
    const zuPruefen = seiten.filter((s) => s !== 'toc.html' && (nur.length === 0 || nur.includes(s)));
    console.log(`${zuPruefen.length} Seiten gefunden.`);

    const page = await context.newPage();
    let probleme = [];
    beobachteSeite(page, (text) => probleme.push(text));

    const quellen = ladeQuellen(REPO);
    const idsJeSeite = new Map();
    const alleLinks = [];
    let rustBloecke = 0;
    let augeGeprueft = false;
    let grossGeprueft = false;
    let mermaidGesamt = 0;

    for (const seite of zuPruefen) {
        console.log(`\nSeite ${seite}`);
        probleme = [];
        const drausssenVorher = nachDraussen.length;
        let geladen = true;
        try {
            await page.goto(basis + seite, { waitUntil: 'load', timeout: LADEZEIT_MS });
        } catch (e) {
            geladen = false;
            probleme.push(`Laden: ${e.message.split('\n')[0]}`);
        }

        // Mermaid: jedes <pre class="mermaid"> muss ein SVG enthalten, und zwar kein
        // Fehlerbild („Syntax error in text“).
        let mermaid = { anzahl: 0, svg: 0, fehler: [] };
        if (geladen) {
            mermaid.anzahl = await page.locator('pre.mermaid').count();
            if (mermaid.anzahl > 0) {
                try {
                    await page.waitForFunction(
                        () => Array.from(document.querySelectorAll('pre.mermaid'))
                            .every((pre) => pre.querySelector('svg')),
                        null,
                        { timeout: MERMAID_ZEIT_MS },
                    );
                } catch {
                    // Das Ergebnis unten meldet, welche fehlen.
                }
                mermaid = await page.evaluate(() => {
                    const pres = Array.from(document.querySelectorAll('pre.mermaid'));
                    const fehler = [];
                    pres.forEach((pre, i) => {
                        const svg = pre.querySelector('svg');
                        if (!svg) {
                            fehler.push(`Diagramm ${i + 1}: kein SVG`);
                        } else if (svg.getAttribute('aria-roledescription') === 'error'
                            || /Syntax error/i.test(svg.textContent)) {
                            fehler.push(`Diagramm ${i + 1}: Mermaid meldet einen Syntaxfehler`);
                        }
                    });
                    return { anzahl: pres.length, svg: pres.filter((p) => p.querySelector('svg')).length, fehler };
                });
            }
        }
        // Kurz warten, damit späte Fehler (Skripte nach dem load-Ereignis) mitgezählt werden.
        await page.waitForTimeout(150);

        for (const url of nachDraussen.slice(drausssenVorher)) {
            probleme.push(`Anfrage nach draußen blockiert: ${url}`);
        }
        pruefung(probleme.length === 0, `${seite}: lädt ohne Fehler und ohne Anfragen nach draußen`, probleme);
        if (!geladen) {
            continue;
        }

        const daten = await page.evaluate(sammleSeitendaten);
        idsJeSeite.set(seite, new Set(daten.ids));
        for (const l of daten.links) {
            alleLinks.push({ seite, ...l });
        }
        rustBloecke += daten.rustBloecke;

        pruefung(daten.lang === 'de', `${seite}: <html lang="de">`, [`gefunden: lang="${daten.lang}"`]);

        if (mermaid.anzahl > 0) {
            mermaidGesamt += mermaid.anzahl;
            pruefung(mermaid.fehler.length === 0,
                `${seite}: ${mermaid.anzahl} Mermaid-Diagramm(e) als SVG gezeichnet`, mermaid.fehler);
        }

        pruefung(daten.playKnoepfe === 0, `${seite}: kein „Ausführen“-Knopf an Codeblöcken`,
            [`${daten.playKnoepfe} Playground-Element(e) gefunden`]);

        // 404.html und print.html haben dieselbe Oberfläche; es genügt, sie auf normalen
        // Seiten zu prüfen, aber sie schaden auch nicht.
        const englisch = [...new Set(daten.texte
            .map((t) => ({ ...t, treffer: t.text.match(SPERR_REGEX) }))
            .filter((t) => t.treffer)
            .map((t) => `${t.wo}: „${t.text}“ (enthält „${t.treffer[0]}“)`))];
        pruefung(englisch.length === 0 && daten.texte.length > 0,
            `${seite}: Oberfläche ohne englische Texte (${daten.texte.length} Texte geprüft)`,
            daten.texte.length === 0 ? ['keine Bedienelemente gefunden – Seitenvorlage kaputt?'] : englisch);

        // Ohne book/404.md erzeugt mdBook eine englische Fehlerseite.
        if (seite === '404.html') {
            const text = await page.locator('main').innerText();
            const m = text.match(/Document not found|This URL is invalid|Please use the navigation/i);
            pruefung(!m, '404.html: Fehlerseite ist deutsch (book/404.md vorhanden)',
                m ? [`englischer Text „${m[0]}“ – book/404.md anlegen`] : []);
        }

        // Der Knopf „Verborgene Zeilen zeigen“ wird von theme/deutsch.js ersetzt; einmal im
        // Buch prüfen, dass er noch umschaltet.
        if (!augeGeprueft && await page.locator('pre > .buttons > button:has(svg)').count() > 0) {
            const treffer = page.locator('pre:has(code.hide-boring) > .buttons > button:not(.clip-button)').first();
            if (await treffer.count() > 0) {
                // Festes Handle: der Selektor oben passt nach dem Aufklappen nicht mehr.
                const knopf = await treffer.elementHandle();
                augeGeprueft = true;
                let vorher = '', nachher = '', offen = false, wieder = false, fehler = '';
                try {
                    // Die Knöpfe erscheinen erst, wenn die Maus über dem Codeblock ist.
                    await (await knopf.evaluateHandle((k) => k.closest('pre'))).asElement().hover();
                    vorher = await knopf.getAttribute('title');
                    await knopf.click({ timeout: 5000 });
                    nachher = await knopf.getAttribute('title');
                    offen = await knopf.evaluate((k) => !k.closest('pre').querySelector('code').classList.contains('hide-boring'));
                    await knopf.click({ timeout: 5000 });
                    wieder = await knopf.evaluate((k) => k.closest('pre').querySelector('code').classList.contains('hide-boring'));
                } catch (e) {
                    fehler = e.message.split('\n')[0];
                }
                pruefung(!fehler && offen && wieder && vorher === 'Verborgene Zeilen zeigen' && nachher === 'Zeilen verbergen',
                    `${seite}: Knopf für verborgene Codezeilen schaltet um („${vorher}“ → „${nachher}“)`,
                    [`aufgeklappt: ${offen}, wieder zugeklappt: ${wieder}`, ...(fehler ? [fehler] : [])]);
            }
        }

        for (const p of await neuePruefungen(page, seite, quellen)) {
            pruefung(p.ok, p.text, p.details);
        }

        // Einmal im Buch: Ein Klick auf ein Diagramm öffnet es groß in einem neuen Tab.
        if (!grossGeprueft && await page.locator('main .diagramm-oeffenbar').count() > 0) {
            grossGeprueft = true;
            let titel = '', fehler = '';
            try {
                const [neu] = await Promise.all([
                    context.waitForEvent('page', { timeout: 10_000 }),
                    page.locator('main .diagramm-oeffenbar').first().click({ timeout: 5000 }),
                ]);
                await neu.waitForLoadState('load', { timeout: 10_000 });
                titel = await neu.title();
                const svg = await neu.locator('svg').count();
                if (svg === 0) {
                    fehler = 'neuer Tab ohne SVG';
                }
                await neu.close();
            } catch (e) {
                fehler = e.message.split('\n')[0];
            }
            pruefung(!fehler, `${seite}: Klick öffnet das Diagramm groß in einem neuen Tab („${titel}“)`,
                fehler ? [fehler] : []);
        }

        if (daten.hinweisTitel.length > 0) {
            const falsch = daten.hinweisTitel.filter((t) => !HINWEIS_TITEL.has(t));
            pruefung(falsch.length === 0,
                `${seite}: ${daten.hinweisTitel.length} Hinweiskasten-Titel auf Deutsch`,
                falsch.map((t) => `Titel „${t}“`));
        }
    }

    // -----------------------------------------------------------------------
    // Interne Links: Datei vorhanden, Anker vorhanden.
    console.log('\nInterne Links');
    const linkFehler = [];
    let interneLinks = 0;
    for (const { seite, href, absolut } of alleLinks) {
        let url;
        try {
            // Ein reiner Anker („#abschnitt“) meint die eigene Seite. Auf 404.html setzt
            // mdBook <base href="/">, wodurch der Browser ihn auf index.html bezieht;
            // gemeint ist trotzdem die Überschrift auf derselben Seite.
            url = href.startsWith('#') ? new URL(href, basis + seite) : new URL(absolut);
        } catch {
            linkFehler.push(`${seite}: ungültiger Link „${href}“`);
            continue;
        }
        if (url.origin !== basisUrl.origin) {
            continue; // externe Links (https://…, mailto:) prüft dieser Test nicht
        }
        interneLinks++;
        let ziel = decodeURIComponent(url.pathname).replace(/^\//, '');
        if (ziel === '' || ziel.endsWith('/')) {
            ziel += 'index.html';
        }
        const datei = path.join(wurzel, ...ziel.split('/'));
        if (!fs.existsSync(datei) || fs.statSync(datei).isDirectory()) {
            linkFehler.push(`${seite}: „${href}“ → Datei ${ziel} fehlt`);
            continue;
        }
        if (url.hash && url.hash !== '#') {
            const anker = decodeURIComponent(url.hash.slice(1));
            const ids = idsJeSeite.get(ziel);
            if (ids === undefined) {
                // Zielseite wurde nicht im Browser geladen (z. B. toc.html): im HTML suchen.
                const html = fs.readFileSync(datei, 'utf8');
                if (!html.includes(`id="${anker}"`) && !html.includes(`name="${anker}"`)) {
                    linkFehler.push(`${seite}: „${href}“ → Anker #${anker} fehlt in ${ziel}`);
                }
            } else if (!ids.has(anker)) {
                linkFehler.push(`${seite}: „${href}“ → Anker #${anker} fehlt in ${ziel}`);
            }
        }
    }
    pruefung(linkFehler.length === 0 && interneLinks > 0,
        `${interneLinks} interne Links führen zu vorhandenen Seiten und Ankern`,
        interneLinks === 0 ? ['keine internen Links gefunden – fehlt die Seitenleiste?'] : linkFehler);

    // Jede Seite ist über die Seitenleiste erreichbar (außer den Sonderseiten).
    const verlinkt = new Set(alleLinks
        .map((l) => {
            try {
                const u = new URL(l.absolut);
                return u.origin === basisUrl.origin ? decodeURIComponent(u.pathname).replace(/^\//, '') : null;
            } catch {
                return null;
            }
        })
        .filter(Boolean)
        .map((p) => (p === '' || p.endsWith('/') ? p + 'index.html' : p)));
    const sonderseiten = new Set(['404.html', 'print.html', 'toc.html']);
    const unverlinkt = zuPruefen.filter((s) => !sonderseiten.has(s) && !verlinkt.has(s));
    pruefung(unverlinkt.length === 0, 'jede Seite ist von einer anderen Seite aus verlinkt', unverlinkt);

    console.log(`\n(${rustBloecke} Rust-Codeblöcke und ${mermaidGesamt} Mermaid-Diagramme gesehen)`);

    // -----------------------------------------------------------------------
    // Suche: deutsche Wörter finden, deutsche Meldungen.
    console.log('\nSuche');
    const woerter = (process.env.BUCHTEST_SUCHWOERTER || 'Verbindung,Socket')
        .split(',').map((w) => w.trim()).filter(Boolean);
    probleme = [];
    await page.goto(basis + 'index.html', { waitUntil: 'load', timeout: LADEZEIT_MS });
    const hatSuche = await page.locator('#mdbook-search-toggle').count() > 0;
    pruefung(hatSuche, 'Suchknopf vorhanden');
    if (hatSuche) {
        for (const wort of woerter) {
            const r = await suche(page, wort);
            pruefung(r.treffer > 0 && !SPERR_REGEX.test(r.kopf),
                `Suche nach „${wort}“: ${r.treffer} Treffer, Überschrift „${r.kopf}“`,
                r.treffer === 0 ? [`keine Treffer${r.fehler ? ': ' + r.fehler : ''}`] : [`englische Überschrift „${r.kopf}“`]);
            // Die Auszüge unter den Treffern dürfen keine englischen Hinweiskasten-Titel zeigen.
            const englischeAuszuege = r.auszuege
                .map((t) => t.match(/\b(Note|Tip|Important|Warning|Caution)\b/))
                .filter(Boolean)
                .map((m) => `Auszug enthält „${m[0]}“`);
            if (r.treffer > 0) {
                pruefung(englischeAuszuege.length === 0,
                    `Suche nach „${wort}“: Auszüge ohne englische Hinweiskasten-Titel`, englischeAuszuege);
            }
        }
        // Diagramm-Quelltext gehört nicht in den Suchindex (theme/ausgabe.py).
        const quelltext = await suche(page, 'sequenceDiagram', false);
        pruefung(quelltext.treffer === 0, `Suche nach „sequenceDiagram“ findet keinen Diagramm-Quelltext`,
            [`${quelltext.treffer} Treffer`]);

        const unsinn = 'Qxzqvbrmpfl';
        const r = await suche(page, unsinn, false);
        pruefung(r.treffer === 0 && r.kopf !== '' && !SPERR_REGEX.test(r.kopf),
            `Suche ohne Treffer meldet sich auf Deutsch: „${r.kopf}“`,
            [`${r.treffer} Treffer, Überschrift „${r.kopf}“`]);

        // Mit der Maus eingefügt (kein keyup): sucht trotzdem (theme/deutsch.js). Läuft nach
        // der Suche ohne Treffer, damit keine alten Treffer mehr in der Liste stehen.
        const eingefuegt = await page.evaluate(async (wort) => {
            const feld = document.getElementById('mdbook-searchbar');
            feld.value = wort;
            feld.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: wort }));
            for (let i = 0; i < 100; i++) {
                const n = document.querySelectorAll('#mdbook-searchresults li').length;
                if (n > 0) {
                    return n;
                }
                await new Promise((r) => setTimeout(r, 100));
            }
            return 0;
        }, woerter[0]);
        pruefung(eingefuegt > 0, `Mit der Maus eingefügtes „${woerter[0]}“ sucht: ${eingefuegt} Treffer`);
    }
    pruefung(probleme.length === 0, 'Suche ohne Konsolen- und Skriptfehler', probleme);

    const titel = await suchindexTitel(page);
    const englischeTitel = titel.filter((t) => SPERR_REGEX.test(t)).map((t) => `Titel „${t}“`);
    pruefung(titel.length > 0 && englischeTitel.length === 0,
        `Suchindex: ${titel.length} Titel ohne englische Wörter der Oberfläche`,
        titel.length === 0 ? ['Suchindex nicht gefunden'] : englischeTitel);
    await page.close();
}

// navigator.clipboard.writeText abfangen: Was ein Kopierknopf schreiben würde, landet in
// window.__kopiert (und nicht in der echten Zwischenablage).
async function kopierenAbfangen(context) {
    await context.addInitScript(() => {
        window.__kopiert = [];
        const abfangen = (text) => {
            window.__kopiert.push(String(text));
            return Promise.resolve();
        };
        try {
            Object.defineProperty(navigator, 'clipboard', {
                configurable: true,
                value: { writeText: abfangen, readText: () => Promise.resolve('') },
            });
        } catch {
            // Ohne Zwischenablage-API meldet die Prüfung den fehlenden Text.
        }
        // mdBooks eigener Weg (clipboard.js): ein verstecktes Textfeld, markiert, dann
        // execCommand('copy'). Auch das abfangen, damit der Test sieht, was dort kopiert würde.
        const execAlt = document.execCommand.bind(document);
        document.execCommand = (befehl, ...rest) => {
            if (befehl === 'copy') {
                const feld = document.activeElement;
                const text = feld && typeof feld.value === 'string'
                    ? feld.value.slice(feld.selectionStart ?? 0, feld.selectionEnd ?? feld.value.length)
                    : String(document.getSelection());
                window.__kopiert.push(text);
                return true;
            }
            return execAlt(befehl, ...rest);
        };
    });
}

// Selbsttest: jede Seite in fixtures/ enthält einen alten Fehler; die im <meta
// name="erwartet"> genannte Prüfung muss anschlagen, die übrigen neuen Prüfungen nicht.
async function selbstTest(context, wurzel, basis) {
    await kopierenAbfangen(context);
    const quellen = ladeQuellen(REPO);
    const page = await context.newPage();
    const seiten = (await htmlDateien(wurzel)).filter((s) => s !== 'index.html');
    for (const seite of seiten) {
        await page.goto(basis + seite, { waitUntil: 'load', timeout: LADEZEIT_MS });
        const erwartet = await page.evaluate(
            () => document.querySelector('meta[name="erwartet"]')?.content ?? '');
        const ergebnisse = await neuePruefungen(page, seite, quellen);
        const angeschlagen = ergebnisse.filter((p) => !p.ok).map((p) => p.id);
        const daten = await page.evaluate(sammleSeitendaten);
        if (daten.texte.some((x) => SPERR_REGEX.test(x.text))) {
            angeschlagen.push('oberflaeche');
        }
        if (erwartet === 'suchindex') {
            const titel = await suchindexTitel(page);
            if (titel.some((t) => SPERR_REGEX.test(t))) {
                angeschlagen.push('suchindex');
            }
        }
        pruefung(angeschlagen.includes(erwartet) && angeschlagen.every((a) => a === erwartet),
            `Selbsttest ${seite}: Prüfung „${erwartet}“ schlägt an`,
            [`angeschlagen: ${angeschlagen.join(', ') || 'keine'}`,
                ...ergebnisse.filter((p) => !p.ok).flatMap((p) => p.details.slice(0, 3))]);
    }
    await page.close();
}

// Öffnet die Suchleiste, tippt das Wort und wartet auf Treffer (oder die Meldung „keine“).
async function suche(page, wort, erwarteTreffer = true) {
    const feld = page.locator('#mdbook-searchbar');
    if (!(await feld.isVisible())) {
        await page.locator('#mdbook-search-toggle').click();
        await feld.waitFor({ state: 'visible', timeout: SUCHZEIT_MS });
    }
    await feld.fill('');
    await feld.pressSequentially(wort, { delay: 20 });
    let fehler = '';
    try {
        if (erwarteTreffer) {
            await page.waitForSelector('#mdbook-searchresults li', { timeout: SUCHZEIT_MS });
        } else {
            await page.waitForFunction(
                (w) => (document.getElementById('mdbook-searchresults-header')?.textContent ?? '').includes(w),
                wort,
                { timeout: SUCHZEIT_MS },
            );
        }
    } catch (e) {
        fehler = e.message.split('\n')[0];
    }
    // Einen Moment Zeit lassen, damit die Überschrift übersetzt ist.
    await page.waitForTimeout(100);
    return page.evaluate(() => ({
        treffer: document.querySelectorAll('#mdbook-searchresults li').length,
        kopf: (document.getElementById('mdbook-searchresults-header')?.textContent ?? '').trim(),
        auszuege: Array.from(document.querySelectorAll('#mdbook-searchresults .teaser')).map((t) => t.textContent),
    })).then((r) => ({ ...r, fehler }));
}

main().catch((e) => {
    console.error(e);
    const { bestanden, fehlgeschlagen } = stand();
    console.log(`${bestanden} passed, ${fehlgeschlagen + 1} failed`);
    process.exit(1);
});

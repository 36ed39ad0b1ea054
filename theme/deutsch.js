// Deutsche Texte für die Teile der Oberfläche, die mdBook 0.5.4 per JavaScript erzeugt
// (book.js: Knöpfe an Codeblöcken; searcher.js: Überschrift der Suchergebnisse).
// Diese beiden Dateien lassen sich nicht sinnvoll klein überschreiben, darum
// übersetzt dieses Skript ihre Texte nachträglich. Es wird als additional-js
// nach book.js und searcher.js geladen (siehe book.toml).
// Die übrigen Texte stehen übersetzt in theme/index.hbs.
(function () {
    'use strict';

    // Englischer Text aus mdBook 0.5.4 -> deutscher Text.
    const UEBERSETZUNG = {
        'Copy to clipboard': 'In die Zwischenablage kopieren',
        'Copied!': 'Kopiert!',
        'Clipboard error!': 'Fehler beim Kopieren!',
        'Show hidden lines': 'Verborgene Zeilen zeigen',
        'Hide lines': 'Zeilen verbergen',
        'Run this code': 'Diesen Code ausführen',
        'Undo changes': 'Änderungen verwerfen',
        'Running...': 'Läuft …',
        'No output': 'Keine Ausgabe',
        'Search Result Teaser': 'Auszug aus dem Suchergebnis',
    };

    function uebersetzeAttribute(el) {
        for (const name of ['title', 'aria-label']) {
            const wert = el.getAttribute(name);
            if (wert !== null && UEBERSETZUNG[wert]) {
                el.setAttribute(name, UEBERSETZUNG[wert]);
            }
        }
    }

    function uebersetzeText(el) {
        const text = el.textContent;
        if (UEBERSETZUNG[text]) {
            el.textContent = UEBERSETZUNG[text];
        }
    }

    // „Verborgene Zeilen zeigen“: book.js vergleicht beim Klick den englischen Titel.
    // Darum ersetzen wir den Knopf durch eine Kopie (ohne den alten Klick-Handler)
    // mit eigenem, deutschem Umschalter, der dasselbe tut.
    document.querySelectorAll('pre > .buttons > button[title="Show hidden lines"]').forEach(function (alt) {
        const knopf = alt.cloneNode(true);
        const code = alt.closest('pre').querySelector('code');
        function zeige(verborgen) {
            const icon = document.getElementById(verborgen ? 'fa-eye' : 'fa-eye-slash');
            knopf.innerHTML = icon ? icon.innerHTML : '';
            const titel = verborgen ? 'Verborgene Zeilen zeigen' : 'Zeilen verbergen';
            knopf.title = titel;
            knopf.setAttribute('aria-label', titel);
        }
        zeige(true);
        knopf.addEventListener('click', function () {
            const verborgen = !code.classList.contains('hide-boring');
            code.classList.toggle('hide-boring', verborgen);
            zeige(verborgen);
        });
        alt.replaceWith(knopf);
    });

    // Übrige Knöpfe, die book.js schon angelegt hat (Kopieren, Ausführen, Zurücksetzen).
    // Erst nach dem Ersetzen oben, das den englischen Titel zum Finden braucht.
    document.querySelectorAll('pre .buttons button').forEach(uebersetzeAttribute);

    // Texte, die später entstehen: Tooltip „Copied!“, Ausgabe des Playgrounds,
    // Suchergebnisse. Ein MutationObserver läuft vor dem nächsten Zeichnen,
    // der englische Text ist also nie zu sehen.
    function suchUeberschrift(el) {
        // searcher.js: "3 search results for 'x':", "1 search result for 'x':",
        // "No search results for 'x'."
        const t = el.textContent;
        let m = t.match(/^(\d+) search results? for '(.*)':$/s);
        if (m) {
            const n = Number(m[1]);
            el.textContent = n === 1
                ? `1 Treffer für „${m[2]}“:`
                : `${n} Treffer für „${m[2]}“:`;
            return;
        }
        m = t.match(/^No search results for '(.*)'\.$/s);
        if (m) {
            el.textContent = `Keine Treffer für „${m[1]}“.`;
        }
    }

    // Der Suchindex enthält die Titel der Hinweiskästen so, wie mdBook sie schreibt
    // (englisch). In den Auszügen unter den Treffern werden sie ersetzt; gesucht wird
    // nur nach genau diesen großgeschriebenen Wörtern.
    const HINWEIS_TITEL = { Note: 'Hinweis', Tip: 'Tipp', Important: 'Wichtig', Warning: 'Warnung', Caution: 'Vorsicht' };
    const HINWEIS_REGEX = /\b(Note|Tip|Important|Warning|Caution)\b/g;
    function uebersetzeAuszug(teaser) {
        const gang = document.createTreeWalker(teaser, NodeFilter.SHOW_TEXT);
        for (let n = gang.nextNode(); n; n = gang.nextNode()) {
            if (HINWEIS_REGEX.test(n.textContent)) {
                n.textContent = n.textContent.replace(HINWEIS_REGEX, (w) => HINWEIS_TITEL[w]);
            }
            HINWEIS_REGEX.lastIndex = 0;
        }
    }

    // searcher.js sucht nur bei „keyup“. Ein mit der Maus eingefügtes Wort (Kontextmenü,
    // mittlere Maustaste) löst kein keyup aus: das „input“-Ereignis reicht es nach.
    const suchfeld = document.getElementById('mdbook-searchbar');
    if (suchfeld) {
        suchfeld.addEventListener('input', function (e) {
            if (e.inputType && e.inputType.startsWith('insertFromPaste') || e.inputType === 'insertFromDrop'
                || e.inputType === 'deleteByCut') {
                suchfeld.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
            }
        });
    }

    const beobachter = new MutationObserver(function (aenderungen) {
        for (const a of aenderungen) {
            const ziel = a.target.nodeType === Node.ELEMENT_NODE ? a.target : a.target.parentElement;
            if (!ziel) {
                continue;
            }
            if (ziel.id === 'mdbook-searchresults-header') {
                suchUeberschrift(ziel);
            } else if (ziel.matches('.tooltiptext, .result, code.result')) {
                uebersetzeText(ziel);
            }
            if (a.type === 'childList') {
                a.addedNodes.forEach(function (n) {
                    if (n.nodeType !== Node.ELEMENT_NODE) {
                        return;
                    }
                    uebersetzeAttribute(n);
                    n.querySelectorAll('[title], [aria-label]').forEach(uebersetzeAttribute);
                    n.querySelectorAll('.teaser').forEach(uebersetzeAuszug);
                });
            } else if (a.type === 'attributes') {
                uebersetzeAttribute(ziel);
            }
        }
    });
    beobachter.observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['title', 'aria-label'],
    });
})();

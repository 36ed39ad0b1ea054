// Drucken und Telefon: kleine Hilfen für Tabellen, Diagramme und Hinweise.
//
// - Breite Tabellen: mdBook legt jede Tabelle in <div class="table-wrapper">, das waagrecht
//   scrollt. Passt die Tabelle (oder ein Leistungsdiagramm) nicht hinein, bekommt der
//   Rahmen die Klasse „scrollbar“ (theme/buch.css zeichnet einen Schatten am Rand und den
//   Hinweis „← wischen →“).
// - Diagramme (Mermaid und die Leistungsdiagramme) lassen sich mit Klick oder Enter groß in
//   einem neuen Tab öffnen.
// - Vor dem Drucken klappen alle <details> auf (Tipps, Musterlösungen), danach wieder zu.
(function () {
    'use strict';

    // ---------------------------------------------------------------- Tabellen
    function markiereTabellen() {
        document.querySelectorAll('main .table-wrapper, main figure.diagramm, main pre.diagramm-rahmen').forEach(function (rahmen) {
            const zuBreit = rahmen.scrollWidth > rahmen.clientWidth + 1;
            rahmen.classList.toggle('scrollbar', zuBreit);
            if (rahmen.tagName !== 'DIV') {
                return; // Diagramme sind schon per Tastatur erreichbar (Enter öffnet sie groß).
            }
            if (zuBreit) {
                rahmen.setAttribute('tabindex', '0');
                rahmen.setAttribute('role', 'region');
                rahmen.setAttribute('aria-label', 'Breite Tabelle, waagrecht scrollbar');
            } else {
                rahmen.removeAttribute('tabindex');
                rahmen.removeAttribute('role');
                rahmen.removeAttribute('aria-label');
            }
        });
    }
    markiereTabellen();
    window.addEventListener('resize', markiereTabellen);
    // Scroll-Ereignisse steigen nicht auf: in der Capture-Phase am document mithören.
    document.addEventListener('scroll', function (e) {
        const rahmen = e.target;
        if (rahmen.classList && rahmen.classList.contains('scrollbar')) {
            const ende = rahmen.scrollLeft + rahmen.clientWidth >= rahmen.scrollWidth - 2;
            rahmen.classList.toggle('am-ende', ende);
        }
    }, { capture: true, passive: true });

    // ---------------------------------------------------------------- Diagramme
    function oeffneGross(svg) {
        const kopie = svg.cloneNode(true);
        kopie.removeAttribute('style');
        kopie.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
        const breite = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width;
        if (breite) {
            kopie.setAttribute('width', String(Math.max(breite, 800)));
        }
        // Farben, die per CSS-Variable aus dem Farbschema kommen, fest eintragen.
        const stil = getComputedStyle(document.documentElement);
        const hintergrund = stil.getPropertyValue('--bg').trim() || '#ffffff';
        let text = new XMLSerializer().serializeToString(kopie);
        text = text.replace(/var\((--[a-z0-9-]+)(?:,\s*([^)]*))?\)/gi, function (ganz, name, ersatz) {
            return stil.getPropertyValue(name).trim() || ersatz || ganz;
        });
        const seite = '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>'
            + (svg.querySelector('title')?.textContent || 'Diagramm') + '</title>'
            + '<style>body{margin:0;padding:1em;background:' + hintergrund
            + '}svg{max-width:none;height:auto}</style></head><body>' + text + '</body></html>';
        const url = URL.createObjectURL(new Blob([seite], { type: 'text/html' }));
        window.open(url, '_blank', 'noopener');
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }

    function machOeffenbar(rahmen) {
        if (rahmen.dataset.gross) {
            return;
        }
        const svg = rahmen.querySelector('svg');
        if (!svg) {
            return;
        }
        rahmen.dataset.gross = 'ja';
        rahmen.classList.add('diagramm-oeffenbar');
        rahmen.setAttribute('tabindex', '0');
        rahmen.setAttribute('title', 'Diagramm groß in neuem Tab öffnen');
        rahmen.addEventListener('click', function (e) {
            if (!e.target.closest('a')) {
                oeffneGross(svg);
            }
        });
        rahmen.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                oeffneGross(svg);
            }
        });
    }
    document.querySelectorAll('main figure.diagramm').forEach(machOeffenbar);
    document.addEventListener('buch-diagramme-fertig', function () {
        document.querySelectorAll('main pre.mermaid').forEach(function (pre) {
            machOeffenbar(pre);
            // Auf dem Telefon nicht auf winzige Schrift schrumpfen: höchstens bis 560 px
            // (oder die eigene Breite); darunter scrollt der Rahmen waagrecht.
            const svg = pre.querySelector('svg');
            const breite = svg && svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
            if (breite > 0) {
                svg.style.minWidth = Math.min(breite, 560) + 'px';
                pre.classList.add('diagramm-rahmen');
            }
        });
        markiereTabellen();
    });

    // ---------------------------------------------------------------- Drucken
    let zugeklappt = [];
    window.addEventListener('beforeprint', function () {
        zugeklappt = Array.from(document.querySelectorAll('details:not([open])'));
        zugeklappt.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () {
        zugeklappt.forEach(function (d) { d.open = false; });
        zugeklappt = [];
    });
})();

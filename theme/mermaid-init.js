// Mermaid nur laden, wo ein Diagramm steht.
//
// mermaid.min.js ist 2,7 MB groß. theme/index.hbs bindet es nicht mehr auf jeder Seite ein,
// sondern merkt sich nur seine Adresse (window.buch_mermaid_js); dieses Skript lädt es erst,
// wenn die Seite ein <pre class="mermaid"> enthält. Danach zeichnet Mermaid die Diagramme im
// hellen oder dunklen Stil, passend zum gewählten Farbschema, und ein Klick auf ein Diagramm
// öffnet es groß in einem neuen Tab (siehe theme/buch.js).
(() => {
    const darkThemes = ['ayu', 'navy', 'coal'];
    const lightThemes = ['light', 'rust'];
    // theme/ausgabe.py legt den Quelltext in <script type="text/plain">, damit er nicht im
    // Suchindex landet; hier wird daraus das <pre class="mermaid">, das Mermaid erwartet.
    document.querySelectorAll('script.mermaid-quelle').forEach((quelle) => {
        const pre = document.createElement('pre');
        pre.className = 'mermaid';
        pre.textContent = quelle.textContent.replace(/<\\\//g, '</');
        quelle.replaceWith(pre);
    });
    const diagramme = document.querySelectorAll('pre.mermaid');
    if (diagramme.length === 0 || !window.buch_mermaid_js) {
        return;
    }

    const classList = document.documentElement.classList;
    const lastThemeWasLight = !darkThemes.some((t) => classList.contains(t));

    const skript = document.createElement('script');
    skript.src = window.buch_mermaid_js;
    skript.onload = () => {
        // Balken von xychart-beta: Mermaids Standard (#ECECFF auf Weiß) ist kaum zu sehen.
        const balken = lastThemeWasLight ? '#1f5a96' : '#79b8ff';
        mermaid.initialize({
            startOnLoad: false,
            theme: lastThemeWasLight ? 'default' : 'dark',
            themeVariables: { xyChart: { plotColorPalette: balken } },
        });
        mermaid.run({ nodes: Array.from(diagramme) }).then(() => {
            document.dispatchEvent(new CustomEvent('buch-diagramme-fertig'));
        });
    };
    document.head.appendChild(skript);

    // Mermaid zeichnet nur beim Laden: Beim Wechsel zwischen hell und dunkel neu laden.
    for (const darkTheme of darkThemes) {
        document.getElementById('mdbook-theme-' + darkTheme)?.addEventListener('click', () => {
            if (lastThemeWasLight) {
                window.location.reload();
            }
        });
    }
    for (const lightTheme of lightThemes) {
        document.getElementById('mdbook-theme-' + lightTheme)?.addEventListener('click', () => {
            if (!lastThemeWasLight) {
                window.location.reload();
            }
        });
    }
})();

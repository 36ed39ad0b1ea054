// Kopieren, was man ausführen kann.
//
// mdBooks Kopierknopf kopiert einen Codeblock wörtlich, also auch die Eingabeaufforderung
// „$ “, die Ausgabe eines Programms und Randbemerkungen wie „(in Terminal 2)“. In ein
// Terminal eingefügt, ergibt das nur Fehlermeldungen. Dieses Skript ersetzt das Kopieren
// für Befehls- und Textblöcke:
//
//   ```console   Es werden nur die Befehle kopiert: Zeilen mit „$ “ (ohne das „$ “) und
//                ihre Fortsetzungszeilen nach einem „\“. Ausgabe und Kommentarzeilen
//                („# Terminal 1“) fallen weg.
//   ```text      Beginnt eine Zeile mit „$ “, ist der Block ein Mitschnitt: Er wird als
//                „Mitschnitt“ gekennzeichnet, kopiert werden nur seine Befehle (wie oben).
//                Beginnt er mit einem Befehl (cargo, nc, printf …) oder mit „#!“, werden die
//                Befehlszeilen kopiert. Sonst ist er reine Ausgabe: gekennzeichnet als
//                „Ausgabe“, ohne Kopierknopf.
//
// Randbemerkungen am Zeilenende („     (in Terminal 2)“, „   # voller Lauf“) werden
// entfernt. Kopiert wird mit navigator.clipboard.writeText; geht das nicht (etwa bei
// file://), mit einem unsichtbaren Textfeld wie clipboard.js.
(function () {
    'use strict';

    // Erste Wörter, an denen ein Befehl zu erkennen ist.
    const BEFEHLE = new Set([
        'cargo', 'rustc', 'rustup', 'nc', 'ncat', 'socat', 'telnet', 'curl', 'wget', 'python3',
        'python', 'py', 'printf', 'echo', 'cat', 'chmod', 'cp', 'mv', 'mkdir', 'ls', 'cd', 'export',
        'for', 'while', 'if', 'ss', 'netstat', 'lsof', 'strace', 'ltrace', 'tcpdump', 'tshark',
        'sudo', 'ip', 'ping', 'dig', 'getent', 'host', 'nslookup', 'iperf3', 'sockperf', 'mdbook',
        'git', 'apt', 'apt-get', 'brew', 'yes', 'ulimit', 'sysctl', 'taskset', 'openssl', 'kill',
        'time', 'env', 'node', 'npm', 'hunspell', 'zip', 'unzip', 'tmux', 'watch', 'perf',
    ]);
    const ENDWOERTER = new Set(['done', 'fi', 'esac', '}']);

    function istBefehl(zeile) {
        const wort = zeile.trim().split(/\s+/)[0] || '';
        return BEFEHLE.has(wort)
            || /^(scripts\/|\.\/|\/|~\/)/.test(wort)
            || /^[A-Z_][A-Z0-9_]*=/.test(wort);
    }

    // Entfernt eine Randbemerkung am Zeilenende: zwei oder mehr Leerzeichen, dann „(…)“,
    // oder ein Shell-Kommentar „ # …“ außerhalb von Anführungszeichen.
    function ohneBemerkung(zeile) {
        let z = zeile.replace(/\s{2,}\([^()]*(\([^()]*\)[^()]*)*\)\s*$/, '');
        const m = z.match(/\s#\s/);
        if (m) {
            const davor = z.slice(0, m.index);
            const einfach = (davor.match(/'/g) || []).length;
            const doppelt = (davor.match(/"/g) || []).length;
            if (einfach % 2 === 0 && doppelt % 2 === 0) {
                z = davor;
            }
        }
        return z.replace(/\s+$/, '');
    }

    // Befehle aus einem Block mit Eingabeaufforderung „$ “.
    function befehleMitPrompt(zeilen) {
        const aus = [];
        let fortsetzung = false;
        for (const zeile of zeilen) {
            if (zeile.startsWith('$ ')) {
                const z = ohneBemerkung(zeile.slice(2));
                aus.push(z);
                fortsetzung = z.endsWith('\\');
            } else if (fortsetzung) {
                const z = ohneBemerkung(zeile);
                aus.push(z);
                fortsetzung = z.endsWith('\\');
            }
        }
        return aus;
    }

    // Befehle aus einem Block ohne „$ “, der mit einem Befehl beginnt.
    function befehleOhnePrompt(zeilen) {
        const aus = [];
        let fortsetzung = false;
        let schleife = 0;
        for (const zeile of zeilen) {
            const wort = zeile.trim().split(/\s+/)[0] || '';
            if (fortsetzung || istBefehl(zeile) || (schleife > 0 && /^\s/.test(zeile))
                || (schleife > 0 && ENDWOERTER.has(wort))) {
                const z = ohneBemerkung(zeile);
                aus.push(z);
                fortsetzung = z.endsWith('\\');
                if (/^(for|while|if)$/.test(wort)) {
                    schleife++;
                } else if (ENDWOERTER.has(wort) && schleife > 0) {
                    schleife--;
                }
            }
        }
        return aus;
    }

    // Ordnet einen Block ein: { art: 'befehle' | 'mitschnitt' | 'ausgabe' | 'datei' | null, text }.
    // null heißt: mdBooks eigenes Kopieren (Rust, Python …) bleibt unverändert.
    function einordnen(pre) {
        const code = pre.querySelector('code');
        if (!code) {
            return { art: null };
        }
        const konsole = code.classList.contains('language-console');
        const text = code.classList.contains('language-text')
            || !Array.from(code.classList).some((k) => k.startsWith('language-'));
        if (!konsole && !text) {
            return { art: null };
        }
        const roh = code.innerText.replace(/\n$/, '');
        const zeilen = roh.split('\n');
        if (konsole) {
            return { art: 'befehle', text: befehleMitPrompt(zeilen).join('\n') };
        }
        if (zeilen.some((z) => z.startsWith('$ '))) {
            return { art: 'mitschnitt', text: befehleMitPrompt(zeilen).join('\n') };
        }
        const erste = zeilen.find((z) => z.trim() !== '') || '';
        if (erste.startsWith('#!')) {
            return { art: 'datei', text: roh };
        }
        if (istBefehl(erste)) {
            return { art: 'befehle', text: befehleOhnePrompt(zeilen).join('\n') };
        }
        return { art: 'ausgabe', text: '' };
    }

    const SCHILD = { mitschnitt: 'Mitschnitt', ausgabe: 'Ausgabe' };
    const KNOPF = {
        befehle: 'Befehle kopieren (ohne „$“ und Ausgabe)',
        mitschnitt: 'Nur die Befehle kopieren (ohne „$“ und Ausgabe)',
        datei: 'In die Zwischenablage kopieren',
    };

    function kopiere(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        return new Promise(function (ok, fehler) {
            const feld = document.createElement('textarea');
            feld.value = text;
            feld.setAttribute('readonly', '');
            feld.style.position = 'fixed';
            feld.style.opacity = '0';
            document.body.appendChild(feld);
            feld.select();
            const geklappt = document.execCommand('copy');
            feld.remove();
            (geklappt ? ok : fehler)();
        });
    }

    function zeigeTooltip(knopf, text) {
        const tip = knopf.querySelector('.tooltiptext');
        if (tip) {
            tip.innerText = text;
        }
        knopf.className = 'clip-button tooltipped';
    }

    const einordnung = new Map();
    document.querySelectorAll('main pre').forEach(function (pre) {
        if (pre.classList.contains('mermaid')) {
            return;
        }
        const e = einordnen(pre);
        if (!e.art) {
            return;
        }
        einordnung.set(pre, e);
        if (SCHILD[e.art]) {
            pre.dataset.art = SCHILD[e.art];
        }
        const knopf = pre.querySelector('.buttons .clip-button');
        if (!knopf) {
            return;
        }
        if (e.art === 'ausgabe' || e.text.trim() === '') {
            // Nichts Ausführbares: kein Kopierknopf.
            knopf.remove();
            return;
        }
        knopf.title = KNOPF[e.art];
        knopf.setAttribute('aria-label', KNOPF[e.art]);
        knopf.dataset.kopieren = 'befehle';
    });

    // Vor clipboard.js (das auf document.body lauscht) eingreifen: Capture-Phase am window.
    window.addEventListener('click', function (ereignis) {
        const knopf = ereignis.target.closest && ereignis.target.closest('.clip-button[data-kopieren]');
        if (!knopf) {
            return;
        }
        const e = einordnung.get(knopf.closest('pre'));
        if (!e) {
            return;
        }
        ereignis.stopImmediatePropagation();
        ereignis.preventDefault();
        kopiere(e.text).then(
            function () { zeigeTooltip(knopf, 'Kopiert!'); },
            function () { zeigeTooltip(knopf, 'Fehler beim Kopieren!'); },
        );
    }, true);

    // Für den Browsertest und zum Nachsehen in der Konsole.
    window.buchKopiertext = function (pre) {
        const e = einordnung.get(pre);
        return e ? e.text : null;
    };
})();

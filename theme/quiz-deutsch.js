// Deutsche Texte für die Quiz-Oberfläche von mdbook-quiz 0.5.0 („Teste dich“ am Seitenende).
// Das Quiz ist eine React-Anwendung (quiz/quiz-embed.iife.js), die ihre Texte fest auf
// Englisch schreibt. Dieses Skript übersetzt sie, sobald sie im DOM erscheinen: Ein
// MutationObserver läuft vor dem nächsten Zeichnen, der englische Text ist also nie zu sehen.
//
// Wichtig für React: Es ändert nur den Wert vorhandener Textknoten (nodeValue) und einzelne
// Attribute, es ersetzt oder entfernt keine Knoten. So bleibt Reacts Abbild des DOM gültig.
// Die Fragen selbst (book/quizzes/*.toml) sind schon deutsch und werden nicht angefasst.
(function () {
    'use strict';

    // Englischer Text (ohne umgebende Leerzeichen) -> deutscher Text, überall in der
    // Quiz-Oberfläche außer in Code.
    const TEXTE = {
        'Start': 'Los geht’s',
        'Question': 'Frage',
        'Response': 'Deine Antwort',
        'Answer Review': 'Auswertung',
        'You answered:': 'Deine Antwort:',
        'You answered': 'Du hast',
        'The correct answer is:': 'Richtig wäre:',
        'questions correctly.': 'Fragen richtig beantwortet.',
        'You can either': 'Du kannst entweder',
        'retry the quiz': 'die falschen Fragen noch einmal versuchen',
        'see the correct answers': 'dir die richtigen Antworten mit Erklärung ansehen',
        'Determine whether the program will pass the compiler. If it passes, write the expected output of the program if it were executed.':
            'Lässt sich dieses Programm kompilieren? Wenn ja: Was gibt es aus, wenn du es ausführst?',
        'This program:': 'Dieses Programm',
        'DOES compile': 'lässt sich kompilieren',
        'does NOT compile': 'lässt sich NICHT kompilieren',
        'The output of this program will be:': 'Es gibt aus:',
        'This program': 'Dieses Programm',
        'compile.': 'kompilieren.',
        'Return to question context': 'Zurück zum Anfang der Frage',
        'The quiz component encountered a runtime error!': 'Das Quiz ist mit einem Fehler abgebrochen.',
        'Report a bug': 'Fehler melden',
        'In 1-2 sentences, please explain why you picked this answer.':
            'Begründe deine Antwort in ein bis zwei Sätzen.',
    };

    // Kurze Wörter, die nur an einer bestimmten Stelle Oberfläche sind.
    // [englisch, deutsch, Prüfung des Elternelements]
    const AN_STELLE = [
        ['or', 'oder', (el) => el.tagName === 'P' && /^(You can either|Du kannst)/.test(el.textContent.trim())],
        ['OR', 'oder', (el) => el.classList.contains('option-separator')],
        ['does', 'lässt sich', (el) => el.tagName === 'STRONG' && /compile|kompilieren/.test(el.parentElement.textContent)],
        ['does not', 'lässt sich nicht', (el) => el.tagName === 'STRONG' && /compile|kompilieren/.test(el.parentElement.textContent)],
        ['Context', 'Erklärung', (el) => el.tagName === 'STRONG' && el.closest('.context') !== null],
    ];

    // Attribute (Platzhalter, Tooltips).
    const ATTRIBUTE = {
        'Write your answer here...': 'Deine Antwort …',
        'Write the program\'s stdout here...': 'Ausgabe des Programms (stdout) …',
        'Report a bug in this question': 'Einen Fehler in dieser Frage melden',
        'Explanation': 'Begründung',
        'Bug feedback': 'Fehlerbeschreibung',
        'Submit bug feedback': 'Fehlerbeschreibung absenden',
    };

    // Beschriftung der Absende-Knöpfe (<input type="submit"> ohne value zeigt „Submit“).
    const ABSENDEN = 'Antworten';

    function uebersetzeTextknoten(knoten) {
        const el = knoten.parentElement;
        if (!el || el.closest('code, pre')) {
            return;
        }
        const roh = knoten.nodeValue;
        const text = roh.trim();
        if (!text) {
            return;
        }
        let neu = TEXTE[text];
        if (neu === undefined) {
            for (const [englisch, deutsch, passt] of AN_STELLE) {
                if (text === englisch && passt(el)) {
                    neu = deutsch;
                    break;
                }
            }
        }
        if (neu === undefined) {
            neu = zaehler(knoten, text);
        }
        if (neu !== undefined) {
            // Leerzeichen davor und danach erhalten („Question “ + „1“).
            const davor = roh.match(/^\s*/)[0];
            const danach = roh.match(/\s*$/)[0];
            const wert = davor + neu + danach;
            if (wert !== roh) {
                knoten.nodeValue = wert;
            }
        }
    }

    // Kopf vor dem Start: „3“ „ question“ „s“ -> „3 Fragen“ (React schreibt drei Textknoten).
    function zaehler(knoten, text) {
        const el = knoten.parentElement;
        if (!el.classList.contains('counter')) {
            return undefined;
        }
        if (text === 'question') {
            const zahl = Number((el.textContent.match(/^\s*(\d+)/) || [])[1]);
            return zahl === 1 ? 'Frage' : 'Fragen';
        }
        if (text === 's' && /Frage/.test(el.textContent)) {
            return '';
        }
        return undefined;
    }

    function uebersetzeElement(el) {
        for (const name of ['placeholder', 'title', 'aria-label']) {
            const wert = el.getAttribute(name);
            if (wert !== null && ATTRIBUTE[wert]) {
                el.setAttribute(name, ATTRIBUTE[wert]);
            }
        }
        if (el.tagName === 'INPUT' && el.type === 'submit' && !el.value && el.closest('.mdbook-quiz')) {
            el.value = ABSENDEN;
        }
    }

    function uebersetze(wurzel) {
        if (wurzel.nodeType === Node.TEXT_NODE) {
            uebersetzeTextknoten(wurzel);
            return;
        }
        if (wurzel.nodeType !== Node.ELEMENT_NODE) {
            return;
        }
        uebersetzeElement(wurzel);
        wurzel.querySelectorAll('[placeholder], [title], [aria-label], input[type="submit"]').forEach(uebersetzeElement);
        const gang = document.createTreeWalker(wurzel, NodeFilter.SHOW_TEXT);
        let knoten;
        while ((knoten = gang.nextNode())) {
            uebersetzeTextknoten(knoten);
        }
    }

    // Nur innerhalb der Quiz-Bereiche beobachten (mdbook-quiz legt sie in .quiz-placeholder an).
    function beobachte(bereich) {
        uebersetze(bereich);
        new MutationObserver(function (aenderungen) {
            for (const a of aenderungen) {
                if (a.type === 'characterData') {
                    uebersetzeTextknoten(a.target);
                } else {
                    a.addedNodes.forEach(uebersetze);
                    if (a.target.nodeType === Node.ELEMENT_NODE) {
                        uebersetze(a.target);
                    }
                }
            }
        }).observe(bereich, { childList: true, subtree: true, characterData: true });
    }

    // Zwei Texte stehen nicht im DOM, sondern im Stil von mdbook-quiz (quiz/style.css):
    // `.correct::before { content: "✓ Correct" }` und `.incorrect::before { content: "✗ Incorrect" }`.
    // Das Stylesheet steht im <body>, also nach allem im <head>; darum setzt unsere Regel mit
    // dem vorangestellten `html` eine höhere Spezifität, statt sich auf die Reihenfolge zu verlassen.
    function stil() {
        const el = document.createElement('style');
        el.textContent =
            'html .mdbook-quiz .answer .answer-row>div .correct:before{content:"✓ Richtig"}\n' +
            'html .mdbook-quiz .answer .answer-row>div .incorrect:before{content:"✗ Falsch"}\n';
        document.head.appendChild(el);
    }

    function start() {
        stil();
        document.querySelectorAll('.quiz-placeholder').forEach(beobachte);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();

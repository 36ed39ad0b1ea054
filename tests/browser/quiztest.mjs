// Browser-Test für die Quizze („Teste dich“ am Ende jeder Kapitelseite, mdbook-quiz 0.5.0).
//
//   node tests/browser/quiztest.mjs target/book
//
// Was geprüft wird (jede Prüfung meldet sich mit einer Zeile):
//   1. Mindestens MIN_SEITEN Seiten haben ein Quiz. Auf jeder davon steht es unter der
//      Überschrift „Teste dich“, wird gezeichnet, hat 3 bis 6 Fragen, die Seite lädt ohne
//      Konsolen- oder Skriptfehler und ohne Anfrage nach draußen (offline), und die
//      Oberfläche des Quiz ist deutsch (keine Wörter aus der Sperrliste).
//   2. Auf den Seiten in QUIZTEST_SEITEN (Standard: einfuehrung.html und byte-order.html,
//      zusammen Auswahl-, Kurzantwort- und „Was gibt dieses Programm aus?“-Fragen) wird
//      das Quiz beantwortet: Frage 2 falsch, alle anderen richtig. Geprüft werden die
//      deutsche Auswertung („Du hast N/M Fragen richtig beantwortet.“), die richtige
//      Antwort zur falschen Frage („Richtig wäre:“), eine Erklärung zu jeder Frage und
//      nach jedem Schritt wieder die Sperrliste, auch in Platzhaltern und Knöpfen.
//
// Die richtigen Antworten liest der Test aus den Fragen, die mdbook-quiz in die Seite
// schreibt (Attribut data-quiz-questions), nicht aus einer eigenen Liste.
//
// Technik wie tests/browser/buchtest.mjs, gemeinsam in aufbau.mjs: eigener statischer
// HTTP-Server auf 127.0.0.1, Port 0; Chromium aus Debian (/usr/bin/chromium, änderbar mit
// CHROMIUM=…) über playwright-core, frisches Profil in einem temporären Verzeichnis; jede
// Anfrage, die nicht an 127.0.0.1 geht, wird abgebrochen und als Fehler gezählt.
//
// Die letzte Zeile lautet `N passed, M failed`; der Exit-Code ist ungleich 0, sobald eine
// Prüfung fehlschlägt.

import fsp from 'node:fs/promises';
import path from 'node:path';
import {
    beobachteSeite, buchVerzeichnis, nurLokal, pruefung, starteChromium, starteServer, zusammenfassung,
} from './aufbau.mjs';

const LADEZEIT_MS = 30_000;
// Zeit, bis das Quiz (React) gezeichnet ist oder auf einen Klick reagiert hat.
const QUIZ_ZEIT_MS = 15_000;
// So viele Kapitelseiten müssen mindestens ein Quiz haben (Issue 16: mindestens 20).
const MIN_SEITEN = 20;
const MIN_FRAGEN = 3;
const MAX_FRAGEN = 6;
const INTERAKTIV = (process.env.QUIZTEST_SEITEN || 'einfuehrung.html,byte-order.html')
    .split(',').map((s) => s.trim()).filter(Boolean);

// Englische Wörter aus der Oberfläche von mdbook-quiz, die nach theme/quiz-deutsch.js nicht
// mehr vorkommen dürfen. Geprüft wird wortweise ohne Rücksicht auf Groß-/Kleinschreibung,
// nur in der Oberfläche des Quiz, nicht in den (deutschen) Fragen und nicht in Code.
const SPERRLISTE = [
    'Submit', 'Start', 'Question', 'Questions', 'Response', 'Answer', 'Answers', 'Review',
    'You', 'answered', 'correct', 'correctly', 'incorrect', 'Context', 'retry', 'either',
    'see', 'compile', 'program', 'output', 'Write', 'here', 'Determine', 'whether',
    'Exit', 'Next', 'Select', 'OR', 'does', 'not', 'This', 'will', 'be', 'Report', 'bug',
    'Explanation', 'error', 'Return',
];
const SPERR_REGEX = new RegExp(`\\b(${SPERRLISTE.join('|')})\\b`, 'i');

// Seiten mit Quiz: im gebauten HTML steht dann ein Element mit class="quiz-placeholder".
async function quizSeiten(wurzel) {
    const ergebnis = [];
    for (const e of await fsp.readdir(wurzel, { withFileTypes: true })) {
        if (!e.isFile() || !e.name.endsWith('.html') || e.name === 'print.html') {
            continue;
        }
        const text = await fsp.readFile(path.join(wurzel, e.name), 'utf8');
        if (text.includes('quiz-placeholder')) {
            ergebnis.push(e.name);
        }
    }
    return ergebnis.sort();
}

// ---------------------------------------------------------------------------
// Im Browser (page.evaluate): die Texte der Quiz-Oberfläche einsammeln.
// Fragen, Antworten und Erklärungen sind Inhalt, nicht Oberfläche; ein Textknoten, der
// wörtlich in den Fragen des Quiz steht, zählt deshalb nicht mit (kurze Stücke schon,
// damit ein englisches „or“ nicht als Teil von „Port“ durchrutscht). Code zählt nie mit.
function oberflaechenTexte() {
    const normal = (s) => s.replace(/\s+/g, ' ').trim();
    const texte = [];
    for (const platz of document.querySelectorAll('.quiz-placeholder')) {
        let inhalt = '';
        try {
            const fragen = JSON.parse(platz.dataset.quizQuestions || '{}').questions || [];
            const sammle = (wert) => {
                if (typeof wert === 'string') {
                    inhalt += ' ' + wert;
                } else if (Array.isArray(wert)) {
                    wert.forEach(sammle);
                } else if (wert && typeof wert === 'object') {
                    Object.values(wert).forEach(sammle);
                }
            };
            sammle(fragen);
        } catch {
            // Ohne Fragen zählt alles als Oberfläche: strenger, nicht lockerer.
        }
        inhalt = normal(inhalt.replace(/[`*]/g, ''));
        const gang = document.createTreeWalker(platz, NodeFilter.SHOW_TEXT);
        let knoten;
        while ((knoten = gang.nextNode())) {
            const text = normal(knoten.nodeValue);
            if (!text || knoten.parentElement.closest('code, pre')) {
                continue;
            }
            if (text.length >= 8 && inhalt.includes(text)) {
                continue;
            }
            texte.push({ wo: knoten.parentElement.tagName.toLowerCase(), text });
        }
        // Texte aus dem Stil: quiz/style.css schreibt „✓ Correct“ per ::before an jede Antwort.
        for (const el of platz.querySelectorAll('*')) {
            for (const pseudo of ['::before', '::after']) {
                const inhalt = getComputedStyle(el, pseudo).content;
                if (inhalt && inhalt !== 'none' && inhalt !== 'normal' && /[A-Za-z]/.test(inhalt)) {
                    texte.push({ wo: `${el.tagName.toLowerCase()}.${el.className}${pseudo}`, text: inhalt });
                }
            }
        }
        for (const el of platz.querySelectorAll('[placeholder], [title], [aria-label], input[type="submit"], button')) {
            for (const name of ['placeholder', 'title', 'aria-label']) {
                const wert = el.getAttribute(name);
                if (wert) {
                    texte.push({ wo: `[${name}]`, text: wert });
                }
            }
            if (el.tagName === 'INPUT' && el.type === 'submit') {
                // Ein <input type="submit"> ohne value zeigt das englische „Submit“ des Browsers.
                texte.push({ wo: 'input[type=submit]', text: el.value || 'Submit' });
            }
        }
    }
    return texte;
}

function englisch(texte) {
    return texte.filter((t) => SPERR_REGEX.test(t.text)).map((t) => `${t.wo}: „${t.text}“`);
}

// ---------------------------------------------------------------------------
// Antworten geben

// Markdown einer Antwort grob in den sichtbaren Text verwandeln (für den Vergleich mit
// dem, was der Browser in der Auswahl zeigt).
function sichtbar(markdown) {
    return markdown
        .replace(/```[a-z]*\n?/g, '')
        .replace(/[`*]/g, '')
        .replace(/\\(.)/g, '$1')
        .replace(/\s+/g, ' ')
        .trim();
}

async function beantworte(page, frage, richtig) {
    const quiz = page.locator('.mdbook-quiz');
    if (frage.type === 'MultipleChoice') {
        const soll = sichtbar(frage.answer.answer);
        const auswahl = quiz.locator('.choice');
        const n = await auswahl.count();
        let gewaehlt = false;
        for (let i = 0; i < n; i++) {
            const text = (await auswahl.nth(i).innerText()).replace(/\s+/g, ' ').trim();
            if ((text === soll) === richtig) {
                await auswahl.nth(i).locator('input').check();
                gewaehlt = true;
                break;
            }
        }
        if (!gewaehlt) {
            throw new Error(`keine ${richtig ? 'richtige' : 'falsche'} Auswahl gefunden (gesucht: „${soll}“)`);
        }
    } else if (frage.type === 'ShortAnswer') {
        await quiz.locator('input[type="text"], textarea').first().fill(richtig ? frage.answer.answer : 'ganz falsch');
    } else if (frage.type === 'Tracing') {
        const kompiliert = richtig ? frage.answer.doesCompile : !frage.answer.doesCompile;
        await quiz.locator(`input[name="doesCompile"][value="${kompiliert}"]`).check();
        if (kompiliert) {
            const ausgabe = richtig ? frage.answer.stdout : 'ganz falsch';
            await quiz.locator('textarea').fill(ausgabe);
        }
    } else {
        throw new Error(`unbekannte Art von Frage: ${frage.type}`);
    }
    await quiz.locator('input[type="submit"]').click();
}

// ---------------------------------------------------------------------------

async function pruefeSeite(page, basis, seite, probleme) {
    probleme.length = 0;
    await page.goto(basis + seite, { waitUntil: 'load', timeout: LADEZEIT_MS });
    await page.locator('.mdbook-quiz').first().waitFor({ timeout: QUIZ_ZEIT_MS });
    const daten = await page.evaluate(() => {
        const platz = document.querySelector('.quiz-placeholder');
        const ueberschrift = document.getElementById('teste-dich');
        let fragen = [];
        try {
            fragen = JSON.parse(platz.dataset.quizQuestions).questions;
        } catch {
            // bleibt leer und fällt unten auf
        }
        // Steht das Quiz unter „Teste dich“? Die Überschrift muss vor dem Quiz kommen.
        const davor = ueberschrift
            && (ueberschrift.compareDocumentPosition(platz) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        return {
            anzahlQuizze: document.querySelectorAll('.quiz-placeholder').length,
            ueberschrift: ueberschrift ? ueberschrift.textContent.trim() : null,
            davor,
            fragen,
            kopf: document.querySelector('.mdbook-quiz header')?.textContent.replace(/\s+/g, ' ').trim(),
            start: document.querySelector('.mdbook-quiz button.start')?.textContent.trim(),
        };
    });
    const n = daten.fragen.length;
    const kopfSoll = `Quiz${n} Fragen`;
    pruefung(
        daten.ueberschrift === 'Teste dich' && daten.davor && n >= MIN_FRAGEN && n <= MAX_FRAGEN
            && daten.kopf === kopfSoll && daten.start === 'Los geht’s',
        `${seite}: Quiz unter „Teste dich“, ${n} Fragen, deutscher Kopf und Startknopf`,
        [
            `Überschrift: ${daten.ueberschrift} (vor dem Quiz: ${daten.davor})`,
            `Fragen: ${n} (erlaubt ${MIN_FRAGEN} bis ${MAX_FRAGEN})`,
            `Kopf: „${daten.kopf}“ (erwartet „${kopfSoll}“)`,
            `Startknopf: „${daten.start}“`,
        ],
    );
    const ids = daten.fragen.map((f) => f.id);
    pruefung(
        ids.every((id) => typeof id === 'string' && id.length > 0) && daten.fragen.every((f) => f.context),
        `${seite}: jede Frage hat eine feste id und eine Erklärung (context)`,
        daten.fragen.filter((f) => !f.id || !f.context).map((f) => `${f.id ?? '(ohne id)'}: ${f.context ? '' : 'ohne Erklärung'}`),
    );
    const eng = englisch(await page.evaluate(oberflaechenTexte));
    pruefung(eng.length === 0, `${seite}: Quiz-Oberfläche vor dem Start ohne englische Wörter`, eng);
    return daten.fragen;
}

async function spieleQuiz(page, basis, seite, probleme) {
    const fragen = await pruefeSeite(page, basis, seite, probleme);
    const quiz = page.locator('.mdbook-quiz');
    const eng = [];
    const merkeEnglisch = async (schritt) => {
        for (const e of englisch(await page.evaluate(oberflaechenTexte))) {
            eng.push(`${schritt}: ${e}`);
        }
    };
    try {
        await quiz.locator('button.start').click();
        for (let i = 0; i < fragen.length; i++) {
            // Der Kopf zählt mit: „Frage 1 / 5“.
            await quiz.locator('header .counter', { hasText: `Frage ${i + 1} / ${fragen.length}` })
                .waitFor({ timeout: QUIZ_ZEIT_MS });
            await merkeEnglisch(`Frage ${i + 1}`);
            const richtig = i !== 1;
            // Eine Tracing-Frage zeigt ihr Textfeld erst nach der Wahl „lässt sich kompilieren“.
            await beantworte(page, fragen[i], richtig);
            if (fragen[i].type === 'Tracing') {
                await merkeEnglisch(`Frage ${i + 1} (ausgefüllt)`);
            }
        }
        const auswertung = quiz.locator('h3', { hasText: 'Auswertung' });
        await auswertung.waitFor({ timeout: QUIZ_ZEIT_MS });
        await merkeEnglisch('Auswertung');
        const satz = (await quiz.locator('section > p').first().innerText()).replace(/\s+/g, ' ').trim();
        const sollSatz = `Du hast ${fragen.length - 1}/${fragen.length} Fragen richtig beantwortet.`;
        pruefung(satz === sollSatz, `${seite}: Auswertung nach einer falschen Antwort: „${satz}“`,
            [`erwartet: „${sollSatz}“`]);

        await quiz.locator('button', { hasText: 'dir die richtigen Antworten mit Erklärung ansehen' }).first().click();
        await quiz.locator('.context').first().waitFor({ timeout: QUIZ_ZEIT_MS });
        await merkeEnglisch('richtige Antworten');
        const ergebnis = await page.evaluate(() => {
            const q = document.querySelector('.mdbook-quiz');
            const koepfe = Array.from(q.querySelectorAll('.answer-header')).map((e) => e.textContent.trim());
            return {
                deine: koepfe.filter((t) => t === 'Deine Antwort:').length,
                richtig: koepfe.filter((t) => t === 'Richtig wäre:').length,
                erklaerungen: Array.from(q.querySelectorAll('.context strong'))
                    .filter((e) => e.textContent.trim() === 'Erklärung').length,
                falschMarkiert: q.querySelectorAll('.answer .incorrect').length,
            };
        });
        pruefung(
            ergebnis.deine === fragen.length && ergebnis.richtig === 1 && ergebnis.falschMarkiert >= 1,
            `${seite}: „Deine Antwort:“ zu jeder Frage, „Richtig wäre:“ genau bei der falschen`,
            [`Deine Antwort: ${ergebnis.deine}, Richtig wäre: ${ergebnis.richtig}, als falsch markiert: ${ergebnis.falschMarkiert}`],
        );
        pruefung(ergebnis.erklaerungen === fragen.length,
            `${seite}: zu jeder der ${fragen.length} Fragen eine „Erklärung“`,
            [`gefunden: ${ergebnis.erklaerungen}`]);
    } catch (e) {
        pruefung(false, `${seite}: Quiz ließ sich nicht durchspielen`, [e.message.split('\n')[0]]);
    }
    pruefung(eng.length === 0, `${seite}: Quiz-Oberfläche beim Beantworten ohne englische Wörter`, eng);
    pruefung(probleme.length === 0, `${seite}: beim Beantworten keine Konsolenfehler und keine Anfrage nach draußen`, probleme);
}

async function main() {
    const wurzel = buchVerzeichnis(process.argv[2], 'quiztest.mjs');

    const server = await starteServer(wurzel);
    const basis = `http://127.0.0.1:${server.address().port}/`;
    console.log(`Buch: ${wurzel}`);
    console.log(`Server: ${basis}`);

    let browser;
    try {
        browser = await starteChromium('quiztest-profil-');
    } catch (e) {
        console.error(e.message);
        server.close();
        process.exit(2);
    }
    const { context } = browser;

    try {
        // Offline: Jede Anfrage an einen anderen Host wird abgebrochen und gemeldet.
        const probleme = [];
        await nurLokal(context, (url) => probleme.push(`Anfrage nach draußen: ${url}`));
        const page = await context.newPage();
        beobachteSeite(page, (text) => probleme.push(text), { nurEigene: true });

        const seiten = await quizSeiten(wurzel);
        pruefung(seiten.length >= MIN_SEITEN, `${seiten.length} Seiten mit Quiz (mindestens ${MIN_SEITEN})`);
        let fragenGesamt = 0;
        for (const seite of seiten) {
            try {
                fragenGesamt += (await pruefeSeite(page, basis, seite, probleme)).length;
            } catch (e) {
                pruefung(false, `${seite}: Quiz wird nicht gezeichnet`, [e.message.split('\n')[0]]);
            }
            pruefung(probleme.length === 0, `${seite}: ohne Konsolenfehler, offline`, probleme);
        }
        console.log(`${fragenGesamt} Fragen auf ${seiten.length} Seiten.`);

        for (const seite of INTERAKTIV) {
            if (!seiten.includes(seite)) {
                pruefung(false, `${seite}: hat kein Quiz (QUIZTEST_SEITEN)`);
                continue;
            }
            // Frische Seite ohne gespeicherte Antworten (cache-answers in book.toml).
            await page.evaluate(() => localStorage.clear());
            await spieleQuiz(page, basis, seite, probleme);
        }
        if (process.env.QUIZTEST_BILD) {
            await page.locator('.mdbook-quiz').first().screenshot({ path: process.env.QUIZTEST_BILD });
            console.log(`Bildschirmfoto des letzten Quiz: ${process.env.QUIZTEST_BILD}`);
        }
    } finally {
        await browser.schliesse();
        server.close();
    }
    zusammenfassung();
}

main().catch((e) => {
    console.error(`Quiztest abgebrochen: ${e.stack || e}`);
    process.exit(2);
});

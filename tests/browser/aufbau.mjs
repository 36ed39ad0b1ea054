// Gemeinsamer Aufbau der Browser-Tests (buchtest.mjs, quiztest.mjs): Ergebnisse zählen,
// das gebaute Buch über einen eigenen HTTP-Server ausliefern, Chromium starten, nichts nach
// draußen lassen und Fehler einer Seite (Konsole, Skript, Anfragen) einsammeln.
//
// Technik: statischer HTTP-Server auf 127.0.0.1, Port 0 (das System wählt einen freien
// Port); Chromium aus Debian (/usr/bin/chromium, änderbar mit CHROMIUM=…) über
// playwright-core, mit frischem Profil in einem temporären Verzeichnis. Jede Anfrage, die
// nicht an 127.0.0.1 geht, wird abgebrochen und gemeldet.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MIME = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.ico': 'image/x-icon',
    '.woff': 'font/woff',
    '.woff2': 'font/woff2',
    '.ttf': 'font/ttf',
    '.txt': 'text/plain; charset=utf-8',
    '.rs': 'text/plain; charset=utf-8',
    '.toml': 'text/plain; charset=utf-8',
};

// ---------------------------------------------------------------------------
// Ergebnisse zählen und ausgeben

let bestanden = 0;
let fehlgeschlagen = 0;
const fehlerListe = [];

// Eine Prüfung: eine Zeile „ok“ oder „FEHLER“, bei einem Fehler bis zu 15 Einzelheiten.
export function pruefung(ok, text, details = []) {
    if (ok) {
        bestanden++;
        console.log(`  ok      ${text}`);
    } else {
        fehlgeschlagen++;
        fehlerListe.push(text);
        console.log(`  FEHLER  ${text}`);
        for (const d of details.slice(0, 15)) {
            console.log(`          - ${d}`);
        }
        if (details.length > 15) {
            console.log(`          … und ${details.length - 15} weitere`);
        }
    }
}

export function stand() {
    return { bestanden, fehlgeschlagen };
}

// Liste der Fehlschläge und die letzte Zeile `N passed, M failed` (so liest sie die CI);
// der Exit-Code ist ungleich 0, sobald eine Prüfung fehlgeschlagen ist.
export function zusammenfassung() {
    console.log('');
    if (fehlgeschlagen > 0) {
        console.log('Fehlgeschlagene Prüfungen:');
        for (const f of fehlerListe) {
            console.log(`  - ${f}`);
        }
    }
    console.log(`Zusammenfassung: ${bestanden} Prüfungen bestanden, ${fehlgeschlagen} fehlgeschlagen`);
    console.log(`${bestanden} passed, ${fehlgeschlagen} failed`);
    process.exitCode = fehlgeschlagen > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Das gebaute Buch

// Prüft das Argument: ein Verzeichnis mit index.html, sonst Meldung und Exit-Code 2.
export function buchVerzeichnis(arg, skript) {
    if (!arg) {
        console.error(`Aufruf: node tests/browser/${skript} <Verzeichnis des gebauten Buchs>`);
        process.exit(2);
    }
    const wurzel = path.resolve(arg);
    if (!fs.existsSync(path.join(wurzel, 'index.html'))) {
        console.error(`Kein gebautes Buch in ${wurzel} (index.html fehlt). Erst „mdbook build“ ausführen.`);
        process.exit(2);
    }
    return wurzel;
}

// Statischer Server: liefert nur Dateien unterhalb des Buchverzeichnisses.
export function starteServer(wurzel) {
    const server = http.createServer(async (req, res) => {
        try {
            const url = new URL(req.url, 'http://127.0.0.1');
            let rel = decodeURIComponent(url.pathname);
            if (rel.endsWith('/')) {
                rel += 'index.html';
            }
            const datei = path.resolve(wurzel, '.' + rel);
            // Kein Ausbruch aus dem Buchverzeichnis (../).
            if (datei !== wurzel && !datei.startsWith(wurzel + path.sep)) {
                res.writeHead(403).end();
                return;
            }
            const inhalt = await fsp.readFile(datei);
            res.writeHead(200, {
                'Content-Type': MIME[path.extname(datei).toLowerCase()] ?? 'application/octet-stream',
                'Cache-Control': 'no-store',
            });
            res.end(inhalt);
        } catch {
            res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('nicht gefunden');
        }
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        // Port 0: das Betriebssystem vergibt einen freien Port, nie ein fester.
        server.listen(0, '127.0.0.1', () => resolve(server));
    });
}

// ---------------------------------------------------------------------------
// Chromium

// Startet Chromium headless mit frischem Profil (praefix: Name des temporären
// Verzeichnisses). Ergebnis: { context, schliesse }. Lässt sich Chromium nicht starten,
// kommt eine Ausnahme mit deutscher Meldung.
export async function starteChromium(praefix) {
    const profil = await fsp.mkdtemp(path.join(os.tmpdir(), praefix));
    const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
    const aufraeumen = () => fsp.rm(profil, { recursive: true, force: true }).catch(() => {});
    let context;
    try {
        // launchPersistentContext: frisches Profil im temporären Verzeichnis
        // (entspricht --user-data-dir).
        context = await chromium.launchPersistentContext(profil, {
            executablePath,
            headless: true,
            args: [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                // /dev/shm ist in Containern oft winzig; Chromium nimmt dann /tmp.
                '--disable-dev-shm-usage',
            ],
            viewport: { width: 1280, height: 900 },
            locale: 'de-DE',
        });
    } catch (e) {
        await aufraeumen();
        throw new Error(`Chromium (${executablePath}) ließ sich nicht starten: ${e.message}`);
    }
    return {
        context,
        async schliesse() {
            await context.close().catch(() => {});
            await aufraeumen();
        },
    };
}

// Nichts verlässt die Maschine: Jede Anfrage an einen anderen Host als 127.0.0.1 wird
// abgebrochen; `melde(url)` erfährt davon.
export async function nurLokal(context, melde) {
    await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1') {
            return route.continue();
        }
        melde(url.href);
        return route.abort('blockedbyclient');
    });
}

// Meldet über `melde(text)` jeden Konsolenfehler, jeden Skriptfehler, jede gescheiterte
// Anfrage und jede Antwort mit Status ab 400. ERR_ABORTED zählt nicht: Der Browser hat die
// Anfrage selbst abgebrochen (etwa das Favicon beim Weiterblättern), kein Fehler des Buchs;
// 404 & Co. meldet der Status. Mit `nurEigene` zählen nur gescheiterte Anfragen an
// 127.0.0.1 ohne das Favicon (die nach draußen meldet schon nurLokal).
export function beobachteSeite(page, melde, { nurEigene = false } = {}) {
    page.on('console', (msg) => {
        if (msg.type() === 'error') {
            melde(`Konsole: ${msg.text()}`);
        }
    });
    page.on('pageerror', (err) => melde(`Skriptfehler: ${err.message}`));
    page.on('requestfailed', (req) => {
        const grund = req.failure()?.errorText ?? '';
        if (grund.includes('ERR_ABORTED')) {
            return;
        }
        const url = new URL(req.url());
        if (nurEigene && (url.hostname !== '127.0.0.1' || url.pathname.includes('favicon'))) {
            return;
        }
        melde(`Anfrage fehlgeschlagen: ${req.url()} (${grund || '?'})`);
    });
    page.on('response', (res) => {
        if (res.status() >= 400) {
            melde(`HTTP ${res.status()}: ${res.url()}`);
        }
    });
}

// `make bench-web`: the portal's first-load JavaScript (gzipped) and Lighthouse mobile
// scores (performance, accessibility) on the built portal served by `python -m devstack`:
// the sign-in page (the first load) and a signed-in client's case timeline (the screen
// clients use most). Writes the figures into the "Web" section of docs/BENCHMARKS.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/browser.mjs';
import { startStack } from '../e2e/stack.mjs';

const WEB = resolve(import.meta.dirname, '..');
const BENCHMARKS = resolve(WEB, '../docs/BENCHMARKS.md');
const BUDGET_KB = 100;
const TARGET_SCORE = 95;
const RUNS = 3;
const CLIENT = { email: 'maria.souza@example.com', password: 'demo client password' };

/** Every script the portal's index.html loads at once (entry and module preloads), gzipped. */
function firstLoadJavaScript() {
  const dist = join(WEB, 'portal/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  const sizes = files.map((file) => {
    const source = readFileSync(join(dist, file));
    return { file, raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
  });
  return { files: sizes, gzipKb: sizes.reduce((sum, s) => sum + s.gzip, 0) / 1024, rawKb: sizes.reduce((sum, s) => sum + s.raw, 0) / 1024 };
}

/** The chunk of the case screens, fetched when a client first opens "My cases", gzipped. */
function casesJavaScript() {
  const assets = join(WEB, 'portal/dist/assets');
  const file = readdirSync(assets).find((name) => /^Matters-.*\.js$/.test(name));
  return { file: `assets/${file}`, gzipKb: gzipSync(readFileSync(join(assets, file)), { level: 9 }).length / 1024 };
}

/**
 * Maria's first case, on its Timeline tab, signed in as the portal does it: her refresh token in
 * localStorage, which Lighthouse keeps between runs (it clears the service worker and caches only,
 * so every run loads the app cold). Each run rotates the token and the page keeps the new one.
 */
async function signedInTimeline(stack) {
  const call = async (path, init = {}) => {
    const response = await fetch(stack.apiUrl + path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const pair = await call('/auth/client/sign-in', { method: 'POST', body: JSON.stringify({ portal: 'silva', ...CLIENT }) });
  const matters = await call('/portal/matters', { headers: { authorization: `Bearer ${pair.access_token}` } });
  const url = `${stack.portalUrl}#/matters/${matters.items[0].id}/timeline`;
  const signIn = async (port) => {
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const page = await browser.contexts()[0].newPage();
    await page.goto(stack.portalUrl);
    await page.evaluate((token) => localStorage.setItem('portal:silva', JSON.stringify({ mode: 'account', refresh_token: token })), pair.refresh_token);
    await page.close();
    await browser.close(); // connected, not launched: this only disconnects
  };
  return { url, signIn };
}

async function lighthouseScores(url, { prepare = async () => undefined, mustRequest = null } = {}) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROMIUM_ARGS });
  try {
    await prepare(chrome.port);
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      // Lighthouse's defaults: a mobile device, simulated slow 4G and a 4x slower CPU.
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
      const { categories, audits } = result.lhr;
      const requested = audits['network-requests'].details.items.map((item) => item.url);
      if (mustRequest && !requested.some((address) => address.includes(mustRequest))) {
        throw new Error(`${url} never requested ${mustRequest}: Lighthouse measured another page (signed out?)`);
      }
      runs.push({
        performance: Math.round(categories.performance.score * 100),
        accessibility: Math.round(categories.accessibility.score * 100),
        fcp: audits['first-contentful-paint'].numericValue,
        lcp: audits['largest-contentful-paint'].numericValue,
        tbt: audits['total-blocking-time'].numericValue,
        cls: audits['cumulative-layout-shift'].numericValue,
      });
    }
    const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return {
      runs,
      performance: median('performance'),
      accessibility: median('accessibility'),
      fcp: median('fcp'),
      lcp: median('lcp'),
      tbt: median('tbt'),
      cls: median('cls'),
    };
  } finally {
    chrome.kill();
  }
}

// Same convention as bench/report.py (make bench-api): each target owns the part of
// docs/BENCHMARKS.md between its markers; the rest of the file is kept.
const BEGIN = '<!-- bench-web:begin (generated by `make bench-web`; edits here are overwritten: run it again) -->';
const END = '<!-- bench-web:end -->';
const HEADER = `# Benchmarks

The numbers to hold, measured by \`make bench\`. Each section below is generated by its own
target; run the target again to refresh it rather than editing it by hand.
`;

function writeSection(markdown) {
  const block = `${BEGIN}\n${markdown}${END}\n`;
  const current = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : HEADER;
  const start = current.indexOf(BEGIN.split(' (')[0]);
  const end = current.indexOf(END);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length).replace(/^\n/, '')
      : current.replace(/\n*$/, '\n\n') + block;
  writeFileSync(BENCHMARKS, next);
}

const bundle = firstLoadJavaScript();
const cases = casesJavaScript();
const stack = await startStack();
let scores;
let timeline;
try {
  scores = await lighthouseScores(stack.portalUrl);
  const page = await signedInTimeline(stack);
  timeline = await lighthouseScores(page.url, { prepare: page.signIn, mustRequest: '/timeline?' });
} finally {
  await stack.stop();
}

const ok = (pass) => (pass ? 'met' : '**missed**');
const date = new Date().toISOString().slice(0, 10);
const section = `## Web

Measured by \`make bench-web\` (web/scripts/bench.mjs) on ${date}, on this project's build machine (2 cores), with
Chromium ${await chromiumVersion()} and Lighthouse ${lighthouseVersion()}: the production build of the portal served by
\`python -m devstack --fresh\`: page \`/p/silva/\` (the sign-in page, the portal's first load), and the demo client's case
on its Timeline tab, \`/p/silva/#/matters/<id>/timeline\`, signed in (its code is fetched when first needed).

| what | figure | target | |
| --- | --- | --- | --- |
| portal first-load JavaScript, gzipped | ${bundle.gzipKb.toFixed(1)} KB (${bundle.rawKb.toFixed(1)} KB raw; ${bundle.files.map((f) => f.file).join(', ')}) | ≤ ${BUDGET_KB} KB | ${ok(bundle.gzipKb <= BUDGET_KB)} |
| the case screens' JavaScript, fetched on first use, gzipped | ${cases.gzipKb.toFixed(1)} KB (${cases.file}): ${(bundle.gzipKb + cases.gzipKb).toFixed(1)} KB in all to open a case | | |
${rows('sign-in page', scores)}
${rows('case timeline, signed in', timeline)}

Lighthouse runs with its mobile defaults (emulated phone, simulated throttling) against Debian's
Chromium (\`CHROME_PATH\`, default /usr/bin/chromium), launched headless with \`--no-sandbox\`.
`;
writeSection(section);
console.log(section);
const failed = bundle.gzipKb > BUDGET_KB || [scores, timeline].some((s) => s.performance < TARGET_SCORE || s.accessibility < TARGET_SCORE);
process.exitCode = failed ? 1 : 0;

function rows(page, s) {
  const runs = (key) => s.runs.map((r) => r[key]).join(', ');
  return [
    `| ${page}: Lighthouse mobile performance | ${s.performance} (median of ${RUNS}: ${runs('performance')}) | ≥ ${TARGET_SCORE} | ${ok(s.performance >= TARGET_SCORE)} |`,
    `| ${page}: Lighthouse mobile accessibility | ${s.accessibility} (median of ${RUNS}: ${runs('accessibility')}) | ≥ ${TARGET_SCORE} | ${ok(s.accessibility >= TARGET_SCORE)} |`,
    `| ${page}: first / largest contentful paint (simulated slow 4G) | ${(s.fcp / 1000).toFixed(2)} s / ${(s.lcp / 1000).toFixed(2)} s | | |`,
    `| ${page}: total blocking time, layout shift | ${Math.round(s.tbt)} ms, ${s.cls.toFixed(3)} | | |`,
  ].join('\n');
}

async function chromiumVersion() {
  const { execFileSync } = await import('node:child_process');
  return execFileSync(process.env.CHROME_PATH ?? '/usr/bin/chromium', ['--version'])
    .toString()
    .trim()
    .replace(/^Chromium\s+/, '')
    .split(' ')[0];
}

function lighthouseVersion() {
  return JSON.parse(readFileSync(join(dirname(import.meta.dirname), 'node_modules/lighthouse/package.json'), 'utf8')).version;
}

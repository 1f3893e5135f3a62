// Headless Debian Chromium through playwright-core, an axe-core check and screenshots at
// phone and desktop widths for every page the journeys visit.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const PHONE = { width: 360, height: 800 };
export const DESKTOP = { width: 1280, height: 800 };
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Screenshots go to a temporary folder while the stack runs (`chalice local` restarts the
 * API whenever a file in the repository changes) and are copied to test-artifacts/ at the end.
 */
export class Pages {
  constructor() {
    this.folder = mkdtempSync(join(tmpdir(), 'screens-'));
    this.checked = [];
  }

  /**
   * axe-core on the page as it is (no serious or critical violation), then a screenshot at
   * phone and desktop widths. Evaluated through the DevTools protocol, so the page's strict
   * CSP stays on.
   */
  async check(page, name) {
    await page.waitForLoadState('networkidle');
    const original = page.viewportSize();
    const problems = [];
    for (const [label, size] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ]) {
      await page.setViewportSize(size);
      await page.evaluate(AXE);
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const violation of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        problems.push(
          `${name} (${label}): ${violation.id} ${violation.impact}: ${violation.help} — ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      }
      await page.screenshot({ path: join(this.folder, `${name}--${label}.png`), fullPage: true });
    }
    await page.setViewportSize(original);
    this.checked.push(name);
    if (problems.length) throw new Error('Accessibility violations:\n' + problems.join('\n'));
  }

  async final(page, name) {
    await page.screenshot({ path: join(this.folder, `final--${name}.png`), fullPage: true });
  }

  save(stackOutput = '') {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    cpSync(this.folder, ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, '..', 'devstack.log'), stackOutput);
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** The e-mails the local mailbox received, newest first. */
export async function mailbox(stack) {
  const response = await fetch(stack.mailboxUrl + 'api/messages');
  return response.json();
}

/** Waits for `count` e-mails to `to` (with `subject` in their subject, if given); returns the newest. */
export async function waitForMail(stack, to, { timeoutMs = 20_000, count = 1, subject = '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await mailbox(stack)).filter((m) => m.to.includes(to) && m.subject.includes(subject));
    if (found.length >= count) return found[0];
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`No e-mail to ${to} within ${timeoutMs} ms`);
}

/** The text messages (SMS) the local mailbox received, newest first. */
export async function texts(stack) {
  const response = await fetch(stack.mailboxUrl + 'api/texts');
  return response.json();
}

/** Waits for a text message to `to` matching `pattern`; returns the newest that does. */
export async function waitForText(stack, to, pattern, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await texts(stack)).filter((t) => t.to === to && pattern.test(t.text));
    if (found.length) return found[0].text;
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`No text to ${to} matching ${pattern} within ${timeoutMs} ms`);
}

/** The push notifications to phones the local mailbox received, newest first (device, title, body, deep_link, data). */
export async function pushes(stack) {
  const response = await fetch(stack.mailboxUrl + 'api/pushes');
  return response.json();
}

/** Waits for a push to the phone with push token `token` whose title or body matches `pattern`; returns the newest. */
export async function waitForPush(stack, token, pattern, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await pushes(stack)).filter((p) => p.token === token && pattern.test(`${p.title}\n${p.body}`));
    if (found.length) return found[0];
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`No push to the phone ${token.slice(-8)} matching ${pattern} within ${timeoutMs} ms`);
}

export function linkIn(message, fragment) {
  const match = new RegExp(`href="([^"]*#/${fragment}/[^"]+)"`).exec(message.html);
  if (!match) throw new Error(`No #/${fragment}/ link in "${message.subject}"`);
  return match[1].replaceAll('&amp;', '&');
}

// The WebKit run's shared set-up: the release build served under /pulsedeck/ (a server this run
// can take offline or switch to another build), WebKitWebDriver under Xvfb, and per test a fresh
// MiniBrowser session, closed (with a screenshot on failure) when the test ends.
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { serve } from '../serve.js';
import { startDriver, Session } from './driver.js';

export const DIST = process.env.PULSEDECK_DIST ?? '';
export const TAKEOUT = process.env.PULSEDECK_TAKEOUT ?? '';
export const SHOTS = path.resolve('test-results/screenshots/webkit');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export const site = { root: DIST, offline: false, base: '' };
let server;
let driver;

before(async () => {
  if (!DIST || !TAKEOUT) throw new Error('set PULSEDECK_DIST and PULSEDECK_TAKEOUT (cargo xtask test does)');
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve({ root: () => site.root, port: 0 });
  // Offline: connections are cut before an answer, as a lost network does to a page.
  server.prependListener('request', (req) => site.offline && req.socket.destroy());
  site.base = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
  driver = await startDriver();
});

after(() => {
  driver?.stop();
  server?.close();
  server?.closeAllConnections();
});

export function setOffline(offline) {
  site.offline = offline;
  if (offline) server.closeAllConnections();
}

/** Runs `body(session)` in a fresh browser at `size`; a failure keeps a screenshot of the page. */
export async function withBrowser(name, body, size = DESKTOP) {
  const s = await Session.open(driver.url, size);
  try {
    await body(s);
  } catch (e) {
    try {
      fs.writeFileSync(path.join(SHOTS, `FAILED-${name}.png`), await s.screenshot());
      // What the page said, for a failure read from a log alone.
      const said = await s.peek(() => [...document.querySelectorAll('[role=alert], [role=status], h1')].map((e) => e.innerText.trim()).filter(Boolean).join(' | '));
      e.message += `\n  at ${await s.url()}; the page says: ${said || '(nothing)'}`;
    } catch {}
    throw e;
  } finally {
    site.offline = false;
    site.root = DIST;
    await s.close().catch(() => {});
  }
}

export async function shot(s, name) {
  fs.writeFileSync(path.join(SHOTS, `${name}.png`), await s.screenshot());
}

/** A generated export: its part files and what the generator says they encode. */
export function exportOf(name) {
  const dir = path.join(TAKEOUT, name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { files: expected.files.map((f) => path.join(dir, f.name)), expected };
}

/** Picks `files` in the import chooser and waits for the import's summary; returns its text. */
export async function importFiles(s, files) {
  await s.upload('#import-files', files);
  return s.text('[role=status][aria-label="Import finished"]', 'Imported', { timeout: 90_000 });
}

export const grouped = (n) => Math.round(n).toLocaleString('en-US');
/** The text of a dashboard widget (a region named by its title), or null if there is none. */
export function widget(s, title, css = '') {
  return s.peek(
    (t, css) => {
      const w = [...document.querySelectorAll('section.widget')].find((w) => document.getElementById((w.getAttribute('aria-labelledby') ?? '').split(' ')[0])?.textContent.trim() === t);
      const el = w && (css ? w.querySelector(css) : w);
      return el ? el.innerText : null;
    },
    title,
    css,
  );
}

/** Waits for a widget's headline figure to read `text`. */
export function headline(s, title, text) {
  return waitWidget(s, title, '.headline .big', text);
}

export async function waitWidget(s, title, css, text, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await widget(s, title, css);
    if (last !== null && (text instanceof RegExp ? text.test(last) : last.includes(text))) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`widget ${title} ${css}: wanted ${text}, last ${JSON.stringify(last)}`);
}

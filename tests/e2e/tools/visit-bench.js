// `cargo xtask bench`: what a first visit costs, counted at the server (every answer's bytes
// on the wire, gzip where asked, as GitHub Pages sends), with the service worker at work: the
// page, the welcome page and what the worker keeps for a first look offline. Then the same
// visitor's next load (the worker answers; the server counts what it still sends). Prints one
// JSON line.
import { chromium } from '@playwright/test';
import { serve } from '../serve.js';

const log = [];
const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0, sent: (path, bytes, status) => log.push({ path, bytes, status }) });
const url = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
// No request interception: it would turn off the HTTP cache the worker reads.
const context = await browser.newContext({ serviceWorkers: 'allow' });
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
await page.waitForFunction(async () => {
  const names = await caches.keys();
  return names.length === 1 && (await (await caches.open(names[0])).keys()).length >= 5;
}, null, { timeout: 60_000 });
await page.waitForTimeout(1000);
const first = [...log];
log.length = 0;
await page.reload();
await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
await page.waitForTimeout(1000);
const sum = (l) => l.reduce((n, e) => n + e.bytes, 0);
const full = first.filter((e) => e.status === 200).map((e) => e.path);
console.log(JSON.stringify({
  first_bytes: sum(first),
  first_answers: first.length,
  first_files: first.map((e) => `${e.path.replace('/pulsedeck/', '') || 'index.html'} ${e.bytes}`),
  fetched_twice: full.filter((p, i) => full.indexOf(p) !== i),
  again_bytes: sum(log),
  again_answers: log.length,
}));
await browser.close();
server.close();

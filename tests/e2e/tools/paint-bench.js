// `cargo xtask bench`: how fast the dashboard paints from a store holding years of data.
// Seeds IndexedDB and localStorage with what xtask generated (STORE: a JSON file of
// { parts: [[key, value]], local: [[key, value]] }), cuts the network to Fitbit (so only the
// store can paint), then times navigation start → the Activity widget showing steps, and the
// History section's year heatmap. Prints one JSON line.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serve } from '../serve.js';
import { seedStore } from './seed-store.js';

const seed = JSON.parse(readFileSync(process.env.STORE, 'utf8'));
const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const url = `http://127.0.0.1:${server.address().port}/pulsedeck/?metric=steps&range=year`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ serviceWorkers: 'block' });
await context.route(/api\.fitbit\.com/, (r) => r.abort());
await context.addInitScript(() => {
  const seen = (sel, key, test) => {
    const check = () => {
      const el = document.querySelector(sel);
      if (!window[key] && el && test(el.textContent)) window[key] = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  };
  seen('#w-activity .headline', '__dashboard', (t) => /\d steps/.test(t));
  seen('#history .heatmap', '__heatmap', () => true);
});
const page = await context.newPage();
await page.goto(url.replace(/\?.*/, '') + 'manifest.webmanifest');
await seedStore(page, seed);
const runs = [];
for (let i = 0; i < 4; i++) {
  await page.goto(url);
  await page.waitForFunction(() => window.__dashboard && window.__heatmap, null, { timeout: 60_000 });
  runs.push(await page.evaluate(() => ({ dashboard: window.__dashboard, heatmap: window.__heatmap })));
}
const warm = runs.slice(1).map((r) => r.dashboard).sort((a, b) => a - b);
const heat = runs.slice(1).map((r) => r.heatmap).sort((a, b) => a - b);
const usage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
console.log(JSON.stringify({ first: Math.round(runs[0].dashboard), warm_median: Math.round(warm[1]), heatmap_median: Math.round(heat[1]), idb_usage: usage }));
await browser.close();
server.close();

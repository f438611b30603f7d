// `cargo xtask bench`: how fast the dashboard paints from a store holding years of data.
// Seeds IndexedDB and localStorage with what xtask generated (STORE: a JSON file of
// { parts: [[key, value]], local: [[key, value]] }), cuts the network to Fitbit (so only the
// store can paint), then times navigation start → the Activity widget showing steps (the
// figures: the frame's last headlines or the app's, whichever comes first; and the app's own),
// and the History section's year heatmap, with the CPU slowed CPU times (4: Lighthouse's
// phone). The first load writes the headlines the next loads' frame shows. Prints one JSON line.
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
  seen('#main #w-activity .headline', '__app', (t) => /\d steps/.test(t));
  seen('#history .heatmap', '__heatmap', () => true);
  window.__cls = 0;
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) window.__cls += e.value; })).observe({ type: 'layout-shift', buffered: true });
});
const page = await context.newPage();
const rate = Number(process.env.CPU ?? 1);
if (rate > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
await page.goto(url.replace(/\?.*/, '') + 'manifest.webmanifest');
await seedStore(page, seed);
const runs = [];
for (let i = 0; i < 4; i++) {
  await page.goto(url);
  await page.waitForFunction(() => window.__app && window.__heatmap, null, { timeout: 120_000 });
  // The headlines for the next load are kept once the dashboard is drawn, and again after
  // each write of the store (a failed refresh writes its record): a person who looked at the
  // dashboard leaves a record as new as the store.
  const settled = () => page.waitForFunction(() => {
    const g = JSON.parse(localStorage.getItem('pulsedeck.glance') ?? 'null');
    return g && g.stored === localStorage.getItem('pulsedeck.stored.me');
  }, null, { timeout: 30_000 });
  // Twice, a second apart: a refresh may write more than once.
  await settled();
  await page.waitForTimeout(1500);
  await settled();
  runs.push(await page.evaluate(() => ({ dashboard: window.__dashboard, app: window.__app, heatmap: window.__heatmap, cls: window.__cls })));
}
const median = (k) => Math.round(runs.slice(1).map((r) => r[k]).sort((a, b) => a - b)[1]);
const usage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
console.log(JSON.stringify({
  cpu: rate, first: Math.round(runs[0].app), warm_median: median('dashboard'), app_median: median('app'),
  heatmap_median: median('heatmap'), cls_max: Math.max(...runs.map((r) => r.cls)), idb_usage: usage,
}));
await browser.close();
server.close();

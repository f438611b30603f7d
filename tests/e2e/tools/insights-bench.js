// `cargo xtask bench --insights`: Insights and the report over the store xtask seeds
// (STORE, five years), with the network to Fitbit cut. For each, three times: the worker's
// compute time (the doc's data-computed-ms), the time from following the link to the doc
// drawn, and the longest main-thread task meanwhile (long-task observer). Prints one JSON line.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serve } from '../serve.js';
import { seedStore } from './seed-store.js';

const seed = JSON.parse(readFileSync(process.env.STORE, 'utf8'));
const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const base = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ serviceWorkers: 'block' });
await context.route(/api\.fitbit\.com/, (r) => r.abort());
await context.addInitScript(() => {
  window.__tasks = [];
  new PerformanceObserver((l) => window.__tasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
});
const page = await context.newPage();
await page.goto(base + 'manifest.webmanifest');
await seedStore(page, seed);
await page.goto(base);
await page.waitForSelector('#w-activity .headline', { timeout: 60_000 });
await page.waitForSelector('.to-insights a', { timeout: 60_000 });

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
async function measure(hash) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => { location.hash = ''; });
    await page.waitForSelector('.to-insights a', { timeout: 60_000 });
    await page.waitForTimeout(300);
    const t0 = await page.evaluate((h) => { window.__tasks = []; const t = performance.now(); location.hash = h; return t; }, hash);
    await page.waitForSelector('.doc[data-drawn]', { timeout: 60_000 });
    const r = await page.evaluate((t) => ({
      shown: performance.now() - t,
      compute: Number(document.querySelector('.doc-host').dataset.computedMs),
      longest: Math.max(0, ...window.__tasks),
    }), t0);
    runs.push(r);
  }
  return {
    compute_ms: Math.round(median(runs.map((r) => r.compute))),
    shown_ms: Math.round(median(runs.map((r) => r.shown))),
    longest_task_ms: Math.round(Math.max(...runs.map((r) => r.longest))),
  };
}
const insights = await measure('#insights');
// The report with its defaults: the last 90 days of six metrics.
const report = await measure('#report');
console.log(JSON.stringify({ insights, report }));
await browser.close();
server.close();

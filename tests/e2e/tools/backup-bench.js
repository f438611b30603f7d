// `cargo xtask bench`: a backup of the five-year store (what paint-bench seeds, STORE) written
// and restored in Chromium: the file's size, the time from "Download a backup" to the file,
// the time from choosing it in a fresh profile to "Import finished", and the longest
// main-thread task during each. Prints one JSON line.
import { chromium } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '../serve.js';
import { seedStore } from './seed-store.js';

const seed = JSON.parse(readFileSync(process.env.STORE, 'utf8'));
const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const base = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });

// The longest task from now on, in window.__longest.
const watchTasks = () => {
  window.__longest = 0;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: false });
};

async function seeded() {
  const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
  await context.route(/api\.fitbit\.com/, (r) => r.abort());
  const page = await context.newPage();
  await page.goto(`${base}manifest.webmanifest`);
  await seedStore(page, seed);
  return page;
}

const page = await seeded();
await page.goto(base);
await page.getByRole('button', { name: 'Sources', exact: true }).click();
const button = page.getByRole('button', { name: 'Download a backup' });
await button.waitFor();
await page.evaluate(watchTasks);
const started = Date.now();
const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
const file = path.join(tmpdir(), 'pulsedeck-bench-backup.zip');
await download.saveAs(file);
const backupMs = Date.now() - started;
const backupLongest = await page.evaluate(() => window.__longest);

const context = await browser.newContext({ serviceWorkers: 'block' });
const fresh = await context.newPage();
await fresh.goto(base);
await fresh.locator('#import-files').waitFor({ state: 'attached' });
await fresh.evaluate(watchTasks);
const t0 = Date.now();
await fresh.locator('#import-files').setInputFiles(file);
await fresh.getByRole('status', { name: 'Import finished' }).waitFor({ timeout: 300_000 });
const restoreMs = Date.now() - t0;
const restoreLongest = await fresh.evaluate(() => window.__longest);
console.log(JSON.stringify({
  backup_bytes: statSync(file).size,
  backup_ms: backupMs,
  backup_longest_task_ms: Math.round(backupLongest),
  restore_ms: restoreMs,
  restore_longest_task_ms: Math.round(restoreLongest),
}));
await browser.close();
server.close();

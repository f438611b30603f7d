// `cargo xtask bench`: an import of a generated export (EXPORT: its folder, with
// expected.json) through the app's own chooser, in Chromium. Times the import (files chosen →
// "Import finished"), then, in the same browser, a worker that only inflates every entry of
// the same files (the floor). Records the longest main-thread task during the import, the
// page's peak JS heap and the worker's peak wasm memory. Prints one JSON line.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../serve.js';

const dir = process.env.EXPORT;
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const files = expected.files.map((f) => path.join(dir, f.name));

const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const url = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--enable-precise-memory-info'] });
const context = await browser.newContext({ serviceWorkers: 'block', timezoneId: 'America/Bogota' });
await context.addInitScript(() => {
  window.__longest = 0;
  window.__heap = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (window.__measuring) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: false });
  setInterval(() => {
    if (window.__measuring && performance.memory) window.__heap = Math.max(window.__heap, performance.memory.usedJSHeapSize);
  }, 100);
});
const page = await context.newPage();
// The import's workers (the importer, and with two cores its unpacking helper).
const workers = [];
page.on('worker', (w) => workers.push(w));
await page.goto(url);
await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
await page.evaluate(() => (window.__measuring = true));
const started = Date.now();
await page.locator('#import-files').setInputFiles(files);
let workerStats = {};
// Poll the worker's own figures while it runs (it is gone once the import ends).
const poll = setInterval(async () => {
  try {
    for (const w of workers) {
      const s = await w.evaluate(() => self.pulsedeckImportStats).catch(() => null);
      if (s) workerStats = { ...workerStats, ...s, wasm_memory_bytes: Math.max(workerStats.wasm_memory_bytes ?? 0, s.wasm_memory_bytes ?? 0) };
    }
  } catch {}
}, 250);
await page.getByRole('status', { name: 'Import finished' }).waitFor({ timeout: 600_000 });
const importMs = Date.now() - started;
clearInterval(poll);
// The importer's own figures, handed to the page with "done" (it is ended right after).
workerStats = { ...workerStats, ...((await page.evaluate(() => window.pulsedeckImportStats)) ?? {}) };
const page_ = await page.evaluate(() => ({ longest: window.__longest, heap: window.__heap }));
await page.evaluate(() => (window.__measuring = false));

// The floor: the same files, chosen the same way (read from disk, not from memory), every
// entry inflated and dropped by the same worker code.
await page.evaluate(() => {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = 'bench-files';
  document.body.append(input);
});
await page.locator('#bench-files').setInputFiles(files);
const floor = await page.evaluate(async () => {
  const files = [...document.getElementById('bench-files').files];
  const w = new Worker('import_loader.js');
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    w.onmessage = (ev) => {
      if (ev.data.type === 'ready') w.postMessage({ files, inflate_only: true });
      else if (ev.data.type === 'done') resolve();
      else reject(new Error(ev.data.message));
    };
  });
  const ms = performance.now() - t0;
  w.terminate();
  return ms;
});

console.log(JSON.stringify({
  import_ms: importMs,
  read_ms: workerStats.read_ms ?? null,
  save_ms: workerStats.save_ms ?? null,
  floor_ms: Math.round(floor),
  unpacked_bytes: expected.unpacked_bytes,
  zip_bytes: expected.files.reduce((a, f) => a + f.bytes, 0),
  worker_wasm_bytes: workerStats.wasm_memory_bytes ?? null,
  page_heap_bytes: page_.heap,
  longest_task_ms: Math.round(page_.longest),
  // The pipeline: the importer's wait for unpacked entries, the helper's wait for room.
  boot_ms: workerStats.boot_ms ?? null,
  starved_ms: workerStats.starved_ms ?? null,
  helper_ms: workerStats.helper_ms ?? null,
  helper_blocked_ms: workerStats.helper_blocked_ms ?? null,
}));
await browser.close();
server.close();

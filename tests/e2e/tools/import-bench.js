// `cargo xtask bench`: an import of a generated export (EXPORT: its folder, with
// expected.json) through the app's own chooser, in Chromium, three times (each in a fresh
// profile: nothing stored before). Times each import in the page, from the files reaching it
// (the input's `change`) to "Import finished" in the document, not by polling from here
// (Playwright's polling would add up to half a second). Then, in the same browser, workers
// that only inflate every entry of the same files (the floor): one worker, as the goal
// defines it, and two, each every other entry (what both cores could do). Records the longest
// main-thread task during the import, the page's peak JS heap and the workers' peak wasm
// memory. Prints one JSON line: medians, and each run.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../serve.js';

const RUNS = 3;
const dir = process.env.EXPORT;
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const files = expected.files.map((f) => path.join(dir, f.name));

const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const url = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--enable-precise-memory-info'] });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function importOnce() {
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
    document.addEventListener('change', () => (window.__chosen ??= performance.now()), true);
    new MutationObserver(() => {
      if (window.__finished === undefined && document.querySelector('[role="status"][aria-label="Import finished"]')) window.__finished = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  const page = await context.newPage();
  // The import's workers (the importer, and with two cores its helper).
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.goto(url);
  await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
  await page.evaluate(() => (window.__measuring = true));
  await page.locator('#import-files').setInputFiles(files);
  let wasm = 0;
  // Poll the workers' memory while they run (they are gone once the import ends).
  const poll = setInterval(async () => {
    for (const w of workers) {
      const s = await w.evaluate(() => self.pulsedeckImportStats).catch(() => null);
      if (s) wasm = Math.max(wasm, s.wasm_memory_bytes ?? 0);
    }
  }, 250);
  await page.getByRole('status', { name: 'Import finished' }).waitFor({ timeout: 600_000 });
  clearInterval(poll);
  const r = await page.evaluate(() => ({
    ms: window.__finished - window.__chosen,
    longest: window.__longest,
    heap: window.__heap,
    // The importer's own figures, handed to the page with "done" (it is ended right after).
    stats: window.pulsedeckImportStats ?? {},
  }));
  await context.close();
  return { ...r, wasm: Math.max(wasm, r.stats.wasm_memory_bytes ?? 0) };
}

// The floor: the same files, chosen the same way (read from disk, not from memory), every
// entry inflated and dropped by the same worker code, on `n` workers at once.
async function floor(page, n) {
  return page.evaluate(async (n) => {
    const files = [...document.getElementById('bench-files').files];
    const t0 = performance.now();
    await Promise.all(
      [...Array(n).keys()].map(
        (part) =>
          new Promise((resolve, reject) => {
            const w = new Worker('import_loader.js');
            w.onmessage = (ev) => {
              if (ev.data.type === 'ready') w.postMessage({ files, inflate_only: true, part, of: n });
              else if (ev.data.type === 'done') resolve(w.terminate());
              else reject(new Error(ev.data.message));
            };
          }),
      ),
    );
    return performance.now() - t0;
  }, n);
}

const imports = [];
for (let i = 0; i < RUNS; i++) imports.push(await importOnce());

const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
await page.evaluate(() => {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = 'bench-files';
  document.body.append(input);
});
await page.locator('#bench-files').setInputFiles(files);
const floors = { one: [], two: [] };
for (let i = 0; i < RUNS; i++) {
  floors.one.push(await floor(page, 1));
  floors.two.push(await floor(page, 2));
}

const mid = imports.find((r) => r.ms === median(imports.map((r) => r.ms)));
console.log(JSON.stringify({
  import_ms: Math.round(mid.ms),
  import_runs: imports.map((r) => Math.round(r.ms)),
  read_ms: mid.stats.read_ms ?? null,
  save_ms: mid.stats.save_ms ?? null,
  floor_ms: Math.round(median(floors.one)),
  floor_runs: floors.one.map(Math.round),
  floor_two_ms: Math.round(median(floors.two)),
  unpacked_bytes: expected.unpacked_bytes,
  zip_bytes: expected.files.reduce((a, f) => a + f.bytes, 0),
  worker_wasm_bytes: Math.max(...imports.map((r) => r.wasm)),
  page_heap_bytes: Math.max(...imports.map((r) => r.heap)),
  longest_task_ms: Math.round(Math.max(...imports.map((r) => r.longest))),
  // The split: the importer's wait for its helper's share, the helper's time.
  boot_ms: mid.stats.boot_ms ?? null,
  starved_ms: mid.stats.starved_ms ?? null,
}));
await browser.close();
server.close();

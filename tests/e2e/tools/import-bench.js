// `cargo xtask bench`: an import of a generated export (EXPORT: its folder, with
// expected.json) through the app's own chooser, in Chromium, three times (each in a fresh
// profile: nothing stored before). Times each import in the page, from the files reaching it
// (the input's `change`) to "Import finished" in the document, not by polling from here
// (Playwright's polling would add up to half a second). Then, in the same browser, workers
// that only inflate every entry of the same files (the floor): one worker, as the goal
// defines it, two, each every other entry (what both cores could do), and the browser's own
// DecompressionStream (what the worker could use instead of its wasm inflater). Records the longest
// main-thread task during the import, the page's peak JS heap and the workers' peak wasm
// memory. Prints one JSON line: medians, and each run. CPU=4 slows the page's CPU as
// Lighthouse's phone does; FLOORS=0 skips the floors (the phone section times the import only).
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../serve.js';

const RUNS = Number(process.env.RUNS ?? 3);
const CPU = Number(process.env.CPU ?? 1);
const FLOORS = process.env.FLOORS !== '0';
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
  if (CPU > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU });
  await page.goto(url);
  await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
  await page.evaluate(() => (window.__measuring = true));
  await page.locator('#import-files').setInputFiles(files);
  await page.getByRole('status', { name: 'Import finished' }).waitFor({ timeout: 600_000 });
  const r = await page.evaluate(() => ({
    ms: window.__finished - window.__chosen,
    longest: window.__longest,
    heap: window.__heap,
    // The importer's own figures, handed to the page with "done" (it is ended right after);
    // wasm memory only grows, so its figure then is its peak, and the helper's it was sent.
    stats: window.pulsedeckImportStats ?? {},
  }));
  await context.close();
  return { ...r, wasm: (r.stats.wasm_memory_bytes ?? 0) + (r.stats.helper_wasm_memory_bytes ?? 0) };
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
            w.onerror = (e) => reject(new Error(`inflating worker failed: ${e.message}`));
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

// The same floor with the browser's own inflater, `DecompressionStream('deflate-raw')`, one
// stream per entry, in a worker reading the archive in the same 4 MiB windows (a zip without
// zip64, as the generator writes this one). No CRC check: it only flatters the browser's.
const STREAM_WORKER = `
onmessage = async (e) => {
  const f = e.data.file, reader = new FileReaderSync();
  let at = -1, win = null;
  const bytes = (a, len) => {
    if (!win || a < at || a + len > at + win.byteLength) { at = a; win = reader.readAsArrayBuffer(f.slice(a, a + Math.max(4 << 20, len))); }
    return new Uint8Array(win, a - at, len);
  };
  const t0 = performance.now();
  const end = new DataView(bytes(f.size - 22, 22).slice().buffer);
  const count = end.getUint16(10, true), cdSize = end.getUint32(12, true), cdAt = end.getUint32(16, true);
  const cd = new DataView(bytes(cdAt, cdSize).slice().buffer);
  let total = 0;
  for (let i = 0, k = 0; k < count; k++) {
    const method = cd.getUint16(i + 10, true), comp = cd.getUint32(i + 20, true), headerAt = cd.getUint32(i + 42, true);
    i += 46 + cd.getUint16(i + 28, true) + cd.getUint16(i + 30, true) + cd.getUint16(i + 32, true);
    if (method !== 8) continue;
    const local = new DataView(bytes(headerAt, 30).slice().buffer);
    const data = bytes(headerAt + 30 + local.getUint16(26, true) + local.getUint16(28, true), comp).slice();
    total += (await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer()).byteLength;
  }
  postMessage({ ms: performance.now() - t0, total });
};`;

async function floorStream(page) {
  return page.evaluate(async (src) => {
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    const r = await new Promise((resolve) => {
      w.onmessage = (e) => resolve(e.data);
      w.postMessage({ file: document.getElementById('bench-files').files[0] });
    });
    w.terminate();
    return r.ms;
  }, STREAM_WORKER);
}

const imports = [];
for (let i = 0; i < RUNS; i++) imports.push(await importOnce());

// A page of the same origin without the app's CSP (the stream floor's worker is a blob).
const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(`${url}manifest.webmanifest`);
await page.evaluate(() => {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = 'bench-files';
  document.body.append(input);
});
await page.locator('#bench-files').setInputFiles(files);
const floors = { one: [], two: [], stream: [] };
for (let i = 0; i < (FLOORS ? RUNS : 0); i++) {
  floors.one.push(await floor(page, 1));
  floors.two.push(await floor(page, 2));
  if (expected.files.length === 1) floors.stream.push(await floorStream(page));
}

const mid = imports.find((r) => r.ms === median(imports.map((r) => r.ms)));
console.log(JSON.stringify({
  import_ms: Math.round(mid.ms),
  import_runs: imports.map((r) => Math.round(r.ms)),
  read_ms: mid.stats.read_ms ?? null,
  save_ms: mid.stats.save_ms ?? null,
  cpu: CPU,
  floor_ms: FLOORS ? Math.round(median(floors.one)) : null,
  floor_runs: floors.one.map(Math.round),
  floor_two_ms: FLOORS ? Math.round(median(floors.two)) : null,
  floor_stream_ms: floors.stream.length ? Math.round(median(floors.stream)) : null,
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

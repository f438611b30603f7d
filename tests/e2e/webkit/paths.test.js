// The paths that matter, in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver): first
// visit, demo, import (parts, cancel, a damaged zip), reload from the store, History, offline
// reload with the service worker, the update banner, backup and restore. What WebKit's driver
// cannot do (answer Fitbit's and Google's URLs from the mocks) is listed in the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as nodeTest } from 'node:test';
import { DESKTOP, PHONE, exportOf, grouped, headline, importFiles, setOffline, shot, site, waitWidget, withBrowser } from './harness.js';
import { storedDays } from './store.js';

// No test may hang the run: four minutes each at most (a busy 2-core machine takes one).
const test = (name, options, body) =>
  body ? nodeTest(name, { timeout: 240_000, ...options }, body) : nodeTest(name, { timeout: 240_000 }, options);

const WIDGETS = ['Activity', 'Heart rate', 'Sleep', 'Body', 'Nutrition', 'Recent exercises', 'Devices', 'Profile'];

test('first visit: the welcome page, without the app, at phone and desktop widths', async () => {
  for (const [name, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await withBrowser(`first-${name}`, async (s) => {
      await s.open(site.base);
      await s.text('h1', 'Your Fitbit data, in this browser');
      assert.equal(await s.eval(() => document.title), 'pulsedeck');
      await shot(s, `setup-${name}`);
      // WebKit has no install dialog: "Install app" gives this browser's own steps.
      await s.press('Install app');
      await s.text('[role=note]', 'To install pulsedeck in GNOME Web: open its menu ☰, then Install Site as Web Application.');
    }, size);
  }
});

test('the demo: every widget with its figures and a text alternative, at phone and desktop widths', async () => {
  for (const [name, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await withBrowser(`demo-${name}`, async (s) => {
      await s.open(site.base);
      await s.press('Look at the demo dashboard');
      await s.text('.statusbar, .badge, body', 'Demo data');
      for (const title of WIDGETS) await waitWidget(s, title, '', /\S/);
      const steps = await headline(s, 'Activity', /^[\d,]+$/);
      assert.ok(Number(steps.replace(/,/g, '')) < 10_000, steps);
      const label = await s.eval(() => document.querySelector('#w-activity [role=img]')?.getAttribute('aria-label'));
      assert.match(label, /^Steps, last 30 days: 30 days with data, average [\d,]+, lowest [\d,]+, highest [\d,]+\.$/);
      await shot(s, `demo-${name}`);
    }, size);
  }
});

test('an export in two parts imports to the values it encodes; a reload paints it from the store', async () => {
  await withBrowser('import-parts', async (s) => {
    await s.open(site.base);
    const { files, expected } = exportOf('health');
    const summary = await importFiles(s, files);
    assert.match(summary, new RegExp(`${expected.nights} nights of sleep, ${expected.exercises} exercises`));
    assert.deepEqual(await storedDays(s, 'steps'), expected.steps);
    await headline(s, 'Activity', grouped(expected.steps[expected.last]));
    await shot(s, 'import-dashboard');
    await s.refresh();
    await s.ready();
    await s.text('body', 'Your export');
    await headline(s, 'Activity', grouped(expected.steps[expected.last]));
  });
});

test('cancelling an import midway leaves the history as it was', async () => {
  await withBrowser('import-cancel', async (s) => {
    await s.open(site.base);
    await importFiles(s, exportOf('legacy').files);
    const before = await storedDays(s, 'steps');
    await s.press('Dismiss');
    await s.press('Import more files');
    await new Promise((r) => setTimeout(r, 500)); // the chooser re-renders as it opens
    await s.upload('#import-files', exportOf('large').files);
    await s.text('[role=status][aria-label="Import in progress"]', /reading heart rate/, { timeout: 60_000 });
    await s.press('Cancel');
    await s.text('[role=alert]', 'Import cancelled. Nothing was changed.');
    assert.deepEqual(await storedDays(s, 'steps'), before);
  });
});

test('a damaged zip says what to do, and keeps the data', async () => {
  await withBrowser('import-damaged', async (s) => {
    await s.open(site.base);
    const { files } = exportOf('legacy');
    await importFiles(s, files);
    const before = await storedDays(s, 'steps');
    await s.press('Dismiss');
    await s.press('Import more files');
    await new Promise((r) => setTimeout(r, 500)); // the chooser re-renders as it opens
    const bytes = fs.readFileSync(files[0]);
    const cut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pulsedeck-webkit-')), 'cut-short.zip');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await s.upload('#import-files', [cut]);
    await s.text('[role=alert]', /not a zip file \(or only the start of one, cut short\)\.[\s\S]*Nothing was changed\./);
    assert.deepEqual(await storedDays(s, 'steps'), before);
  });
});

test('History: ranges, the year heatmap, and the address and the back button follow', async () => {
  await withBrowser('history', async (s) => {
    await s.open(site.base);
    await s.press('Look at the demo dashboard');
    await s.text('#history .range-label', 'Steps,');
    await s.text('#history .heatmap figcaption', /36[5-6] days with data|37\d days with data/);
    await s.press('All', '#history');
    await s.until(() => /range=all/.test(location.href), { what: 'range=all in the address' });
    await s.text('#history .range-label', 'monthly mean');
    await s.press('Year', '#history');
    await s.text('#history .range-label', 'weekly mean');
    await s.until(() => /range=year$/.test(location.href), { what: 'range=year in the address' });
    await s.back();
    await s.until(() => /range=all/.test(location.href), { what: 'back to range=all' }).catch(async (e) => {
      throw new Error(`${e.message}; at ${await s.url()}`);
    });
    await s.text('#history .range-label', 'monthly mean');
  });
});

test('offline: after one visit the service worker serves the app, and a reload paints the stored export', async () => {
  await withBrowser('offline', async (s) => {
    await s.open(site.base);
    const { files, expected } = exportOf('legacy');
    await importFiles(s, files);
    await s.until(() => navigator.serviceWorker.controller !== null, { what: 'a controlling service worker', timeout: 30_000 });
    setOffline(true);
    await s.refresh();
    await s.ready();
    await s.text('body', 'Your export');
    await headline(s, 'Activity', grouped(expected.steps[expected.last]));
  });
});

test('a new deployment: "A new version is available", and Reload activates it', async () => {
  await withBrowser('update', async (s) => {
    const next = fs.mkdtempSync(path.join(os.tmpdir(), 'pulsedeck-deploy-'));
    try {
      fs.cpSync(site.root, next, { recursive: true });
      const icon = fs.readFileSync(path.join(next, 'icon.svg'), 'utf8').replace('#0b7a75', '#7a0b4e');
      fs.writeFileSync(path.join(next, 'icon.svg'), icon);
      const { execFileSync } = await import('node:child_process');
      const xtask = process.env.PULSEDECK_XTASK;
      if (xtask) execFileSync(xtask, ['sw', next]);
      else execFileSync('cargo', ['xtask', 'sw', next], { cwd: path.join(process.cwd(), '..', '..') });
      await s.open(site.base);
      await s.until(() => navigator.serviceWorker.controller !== null, { what: 'a controlling service worker', timeout: 30_000 });
      site.root = next;
      await s.refresh();
      await s.text('.banner.update', 'A new version is available.', { timeout: 30_000 });
      await s.peek(() => (window.__oldPage = true));
      await s.press('Reload', '.banner.update');
      await s.until(() => !window.__oldPage && document.readyState === 'complete' && !document.querySelector('.banner.update'), { what: 'the new version', timeout: 30_000 });
      await s.ready();
      assert.match(await s.eval(async () => (await fetch('icon.svg')).text()), /#7a0b4e/);
    } finally {
      fs.rmSync(next, { recursive: true, force: true });
    }
  });
});

test('a backup restored in a fresh browser gives the same history', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulsedeck-webkit-'));
  const file = path.join(dir, 'pulsedeck-backup.zip');
  let before;
  const { files, expected } = exportOf('legacy');
  await withBrowser('backup', async (s) => {
    await s.open(site.base);
    await importFiles(s, files);
    before = await storedDays(s, 'steps');
    // The file the app hands to the browser's download: its blob, caught as its link is made
    // (the app revokes the link's URL right after the click), and the name on the link.
    await s.eval(() => {
      const make = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        window.__blob = blob;
        return make(blob);
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        const name = this.download;
        if (name && window.__blob) window.__blob.arrayBuffer().then((b) => (window.__download = { name, bytes: [...new Uint8Array(b)] }));
        return click.call(this);
      };
    });
    await s.press('Sources');
    // WebKit's storage rule, said once where the data is kept.
    await s.text('.keep [role=status]', 'Safari and other WebKit browsers delete a site\'s data after 7 days without a visit');
    await s.press('Download a backup', '.keep');
    // The backup is written in the import worker, which a loaded machine may take a while to start.
    const got = await s.until(() => window.__download, { what: 'the backup file', timeout: 90_000 });
    assert.match(got.name, /^pulsedeck-backup-\d{4}-\d\d-\d\d\.zip$/);
    fs.writeFileSync(file, Buffer.from(got.bytes));
  });
  await withBrowser('restore', async (s) => {
    await s.open(site.base);
    await s.upload('#import-files', [file]);
    await s.text('[role=status][aria-label="Import finished"]', 'Restored your backup of', { timeout: 90_000 });
    assert.deepEqual(await storedDays(s, 'steps'), before);
    await headline(s, 'Activity', grouped(expected.steps[expected.last]));
  });
});

// The installable app: service worker, offline use, updates, manifest, install, 404 page.
// Unlike the other specs, these let the service worker run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, signIn, APP_ORIGIN, openSetup, setupSummary } from '../fixtures.js';
import { serve } from '../serve.js';

test.use({ serviceWorkers: 'allow' });

// Firefox's emulated offline (context.setOffline) refuses a navigation before the service worker
// can answer it, as a real lost network does not; offline is tested in Chromium, and in WebKit
// with the server cut off (webkit/paths.test.js).
const FIREFOX_OFFLINE = "Firefox's emulated offline refuses navigations before the service worker answers";

const DIST = process.env.PULSEDECK_DIST;
const TAKEOUT = process.env.PULSEDECK_TAKEOUT ?? '';

/**
 * Another deployment of the build: a copy that `edit(dir)` changes, then its service worker
 * generated again by the build's own step (which also stamps index.html with the version).
 */
function deployment(edit) {
  const dir = mkdtempSync(join(tmpdir(), 'pulsedeck-deploy-'));
  cpSync(DIST, dir, { recursive: true });
  edit(dir);
  const xtask = process.env.PULSEDECK_XTASK;
  if (xtask) execFileSync(xtask, ['sw', dir]);
  else execFileSync('cargo', ['xtask', 'sw', dir], { cwd: join(process.cwd(), '..', '..') });
  return dir;
}

/** Makes a build's import worker say which build it is, on a channel `workerBuilds` hears. */
function markImportWorker(dir, build) {
  const loader = join(dir, 'import_loader.js');
  writeFileSync(loader, `new BroadcastChannel('pulsedeck-e2e-build').postMessage(${JSON.stringify(build)});\n${readFileSync(loader, 'utf8')}`);
}

/** Starts collecting, on `page`, the build each import worker it starts says it is. */
async function workerBuilds(page) {
  await page.evaluate(() => {
    window.e2eBuilds = [];
    window.e2eChannel = new BroadcastChannel('pulsedeck-e2e-build');
    window.e2eChannel.onmessage = (e) => window.e2eBuilds.push(e.data);
  });
  return { heard: () => page.evaluate(() => window.e2eBuilds) };
}

/**
 * What a build of changed app code is: the app's files (named by Trunk by content hash) get
 * new names, and the server no longer has the old ones. The page's loader names them, and its
 * CSP allows that inline script by its hash.
 */
function renameApp(dir) {
  const inlineHashes = (html) =>
    [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !m[1].includes(' src=')).map((m) => `'sha256-${createHash('sha256').update(m[2]).digest('base64')}'`);
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  const hash = html.match(/pulsedeck-([0-9a-f]+)_bg\.wasm/)[1];
  const other = [...hash].reverse().join('');
  for (const name of readdirSync(dir).filter((n) => n.includes(hash))) {
    const text = name.endsWith('.js') ? readFileSync(join(dir, name), 'utf8').replaceAll(hash, other) : null;
    renameSync(join(dir, name), join(dir, name.replace(hash, other)));
    if (text !== null) writeFileSync(join(dir, name.replace(hash, other)), text);
  }
  let renamed = html.replaceAll(hash, other);
  const [before, after] = [inlineHashes(html), inlineHashes(renamed)];
  before.forEach((h, i) => (renamed = renamed.replace(h, after[i])));
  writeFileSync(index, renamed);
}

/** Imports `files` (the chooser is on the welcome page and in the app alike). */
async function importFiles(page, files) {
  await page.locator('#import-files').setInputFiles(files);
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
}

/** Waits until the service worker controls `page`; returns its cache names. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page.evaluate(() => caches.keys());
}

/**
 * Waits until the worker is active (what the next load needs). A page that was still loading
 * when the worker activated (here: the redirect back from Fitbit) stays uncontrolled until its
 * next load: `clients.claim()` only takes pages that are ready.
 */
async function activated(page) {
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');
}

/** Every URL stored in Cache Storage, by cache. */
function cachedUrls(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    }
    return out;
  });
}

test('the service worker keeps the first look, and the app once it is opened', async ({ page }) => {
  await page.goto('');
  const names = await controlled(page);
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/^pulsedeck-[0-9a-f]{16}$/);
  const kept = async () => Object.values(await cachedUrls(page))[0].map((u) => u.replace(`${APP_ORIGIN}/pulsedeck/`, ''));
  const app = (urls) => urls.filter((u) => /^pulsedeck-[0-9a-f]+(_bg\.wasm|\.js)$/.test(u));
  let urls = await kept();
  for (const first of ['', 'manifest.webmanifest', 'welcome.js', 'welcome_bg.wasm', 'icon.svg']) expect(urls).toContain(first);
  expect(app(urls), 'a first look does not fetch the app').toEqual([]);
  // Opened once: the app, its icons and the mark that it is kept.
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.badge.demo')).toHaveText('Demo data');
  await expect.poll(async () => app(await kept()), { timeout: 20_000 }).toHaveLength(2);
  urls = await kept();
  expect(urls).toContain('icons/icon-192.png');
  expect(urls).toContain('.app-kept');
  // The stylesheet is inside the page (the first paint waits for no second request).
  expect(await page.evaluate(() => document.styleSheets.length === 1 && !document.styleSheets[0].href)).toBe(true);
  // The worker, the 404 page and the screenshots are not part of the shell.
  expect(urls.filter((u) => u === 'sw.js' || u === '404.html' || u.startsWith('screenshots/'))).toEqual([]);
  // Its scope is the app's sub-path, not the whole site.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${APP_ORIGIN}/pulsedeck/`);
});

test.describe('what a first visit costs, counted at the server', () => {
  const PORT = Number(process.env.E2E_PORT ?? 4173) + 2;
  test.use({ appOrigin: `http://127.0.0.1:${PORT}` });

  test('the welcome page and its worker: no file twice, 200 KB in all; opening the app fetches nothing twice either', async ({ browser }) => {
    const log = [];
    const server = await serve({ root: () => DIST, port: PORT, sent: (path, bytes, status) => log.push({ path, bytes, status }) });
    // A context of its own: any request interception (the other tests' mocks) turns the HTTP
    // cache off, and a first visit's worker takes the page's files from it.
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    // Firefox loads a page's favicon through a loader of its own, past the HTTP cache the page
    // and its worker share: the 252-byte icon comes twice there, and nothing else may.
    const again = test.info().project.name === 'firefox' ? ['/pulsedeck/icon.svg'] : [];
    const twice = () => {
      const full = log.filter((l) => l.status === 200).map((l) => l.path);
      return full.filter((p, i) => full.indexOf(p) !== i && !again.includes(p));
    };
    try {
      await page.goto(`http://127.0.0.1:${PORT}/pulsedeck/`);
      await expect(setupSummary(page, 'fitbit')).toBeVisible();
      await controlled(page);
      await page.waitForFunction(async () => (await caches.keys()).length === 1 && (await (await caches.open((await caches.keys())[0])).keys()).length >= 5);
      expect(twice(), 'fetched twice').toEqual([]);
      const total = log.reduce((n, l) => n + l.bytes, 0);
      console.log(`first visit: ${log.length} answers, ${(total / 1000).toFixed(1)} KB at the server`);
      expect(total).toBeLessThanOrEqual(200_000);
      // Opening the app: its files once, kept by the worker from the HTTP cache.
      await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
      await expect(page.locator('.badge.demo')).toHaveText('Demo data');
      await page.waitForFunction(async () => !!(await caches.match('.app-kept')));
      expect(twice(), 'fetched twice').toEqual([]);
    } finally {
      await context.close();
      server.close();
    }
  });
});

test('offline after a first look: the welcome page opens and says the demo and the import need one online visit', async ({ page, context }) => {
  test.skip(test.info().project.name === 'firefox', FIREFOX_OFFLINE);
  await page.goto('');
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.banner.offline')).toHaveText(/The demo and opening your export need one online visit first/);
  await openSetup(page, 'fitbit');
  await expect(page.getByRole('button', { name: 'Connect Fitbit' })).toBeDisabled();
  await context.setOffline(false);
});

test('offline on the setup screen once the app was opened: the demo works, connecting explains it needs the network', async ({ page, context }) => {
  test.skip(test.info().project.name === 'firefox', FIREFOX_OFFLINE);
  await page.goto('');
  await controlled(page);
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.badge.demo')).toHaveText('Demo data');
  await page.waitForFunction(async () => !!(await caches.match('.app-kept')));
  await context.setOffline(true);
  await page.reload();
  await openSetup(page, 'fitbit');
  const connect = page.getByRole('button', { name: 'Connect Fitbit' });
  await expect(connect).toBeDisabled();
  await expect(connect).toHaveAccessibleDescription(/Connecting a live source needs a connection/);
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.banner.offline')).toContainText('The demo works without a connection');
  await expect(page.getByRole('region', { name: 'Activity', exact: true })).toContainText('steps');
});

test.describe('a new deployment', () => {
  // This test's own server, so it can switch to another build without touching the others.
  const PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
  test.use({ appOrigin: `http://127.0.0.1:${PORT}` });

  test('shows "A new version is available"; Reload activates it; other tabs are never reloaded', async ({ page, context, fitbit }) => {
    void fitbit; // strays check
    // Two builds, two tabs and their service workers: over 30 s on a busy 2-core machine.
    test.setTimeout(test.info().timeout * 3); // 90 s in Chromium, 180 in Firefox
    // The next build: the same app with a changed icon (its file name is not hashed).
    const next = deployment((dir) => {
      const icon = readFileSync(join(dir, 'icon.svg'), 'utf8').replace('#0b7a75', '#7a0b4e');
      writeFileSync(join(dir, 'icon.svg'), icon);
    });

    let root = DIST;
    const server = await serve({ root: () => root, port: PORT });
    try {
      const url = `http://127.0.0.1:${PORT}/pulsedeck/`;
      await page.goto(url);
      const [oldCache] = await controlled(page);
      const other = await context.newPage();
      await other.goto(url);
      await controlled(other);
      await other.evaluate(() => { window.stillHere = true; });

      root = next; // deployed
      await page.reload();
      await page.evaluate(() => { window.stillHere = true; });
      const banner = page.locator('.banner.update');
      await expect(banner).toContainText('A new version is available.');
      await expect(other.locator('.banner.update')).toContainText('A new version is available.');
      // Nothing reloads by itself.
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => window.stillHere)).toBe(true);

      await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
      expect(await page.evaluate(() => window.stillHere)).toBeUndefined();
      await expect(page.locator('.banner.update')).toHaveCount(0);
      // The old version's files stay while a tab of it (`other`) is open.
      const names = await controlled(page);
      expect(names).toHaveLength(2);
      expect(names).toContain(oldCache);
      expect(await page.evaluate(async () => (await fetch('icon.svg')).text())).toContain('#7a0b4e');
      // The other tab keeps what the person was doing, and still offers the reload.
      expect(await other.evaluate(() => window.stillHere)).toBe(true);
      await expect(other.locator('.banner.update')).toBeVisible();
      // Its reload is the new version's, and then the old version's files go.
      await other.reload();
      await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(names.filter((n) => n !== oldCache));
    } finally {
      server.close();
      rmSync(next, { recursive: true, force: true });
    }
  });
});

test.describe('a new version with a tab of the old one open', () => {
  const PORT = Number(process.env.E2E_PORT ?? 4173) + 2;
  test.use({ appOrigin: `http://127.0.0.1:${PORT}` });

  test('the old tab still loads its app from its welcome page and imports with its own worker; the old files go with the last old tab', async ({ page, context, fitbit }) => {
    void fitbit; // strays check
    test.skip(test.info().project.name === 'firefox', 'stops the service worker through the Chrome DevTools Protocol, which Firefox does not speak');
    test.setTimeout(test.info().timeout * 4); // 120 s in Chromium, 240 in Firefox
    const exportPart = join(TAKEOUT, 'health', readdirSync(join(TAKEOUT, 'health')).find((n) => n.endsWith('-1-001.zip')));
    // Two deployments: the import worker of each says which it is; the next one's app is a new
    // build of the app, under new names (the server no longer has the old version's app).
    const old = deployment((dir) => markImportWorker(dir, 'old'));
    const next = deployment((dir) => {
      markImportWorker(dir, 'next');
      renameApp(dir);
    });
    let root = old;
    const server = await serve({ root: () => root, port: PORT });
    try {
      const url = `http://127.0.0.1:${PORT}/pulsedeck/`;
      await page.goto(url);
      const [oldCache] = await controlled(page);
      // An import in this version (its worker's files are then kept, as for offline use)…
      let builds = await workerBuilds(page);
      await importFiles(page, [exportPart]);
      expect(new Set(await builds.heard())).toEqual(new Set(['old']));
      // …then a fresh start, so this tab shows the welcome page, without the app.
      await page.evaluate(() => indexedDB.deleteDatabase('pulsedeck'));
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await controlled(page);
      expect(await page.evaluate(() => window.pulsedeckStarted)).toBeUndefined();

      root = next; // deployed
      const fresh = await context.newPage();
      await fresh.goto(url);
      const banner = fresh.locator('.banner.update');
      await expect(banner).toContainText('A new version is available.');
      await Promise.all([fresh.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
      await controlled(fresh);
      await expect(page.locator('.banner.update')).toContainText('A new version is available.');

      // The old tab, still on its welcome page, imports: it loads its own app (no longer on
      // the server) and starts its own import worker, the one it was built with.
      builds = await workerBuilds(page);
      await importFiles(page, [exportPart]);
      expect(new Set(await builds.heard())).toEqual(new Set(['old']));
      // A worker stopped (as browsers do when it idles) forgets which tab runs which version,
      // and asks the tab when it needs to know: still the old tab's own worker files.
      const cdp = await context.newCDPSession(fresh);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      expect(await page.evaluate(async () => (await fetch('import_loader.js')).text())).toContain('"old"');
      // A new tab gets the new worker.
      expect(await fresh.evaluate(async () => (await fetch('import_loader.js')).text())).toContain('"next"');
      const names = await fresh.evaluate(() => caches.keys());
      expect(names, 'the old version is kept while a tab of it is open').toContain(oldCache);
      expect(names).toHaveLength(2);
      const newCache = names.find((n) => n !== oldCache);

      // Once no tab of the old version is left, its files go (checked as a page starts).
      await page.close();
      await fresh.reload();
      await expect.poll(() => fresh.evaluate(() => caches.keys())).toEqual([newCache]);
    } finally {
      server.close();
      rmSync(old, { recursive: true, force: true });
      rmSync(next, { recursive: true, force: true });
    }
  });
});

test('the manifest is served and Chromium finds no installability errors', async ({ playwright }, testInfo) => {
  test.skip(testInfo.project.name === 'firefox', "Chromium's own installability check (through the DevTools Protocol): Firefox has none");
  // Chromium never offers installation in an incognito context (Playwright's default), so this
  // test runs in a normal, persistent profile of its own.
  const profile = mkdtempSync(join(tmpdir(), 'pulsedeck-profile-'));
  const { launchOptions } = testInfo.project.use;
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${APP_ORIGIN}/pulsedeck/`);
    await controlled(page);
    const res = await page.request.get('manifest.webmanifest');
    expect(res.headers()['content-type']).toContain('application/manifest+json');
    const manifest = await res.json();
    expect(manifest).toMatchObject({ short_name: 'pulsedeck', id: './', start_url: './', scope: './', display: 'standalone' });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { errors, url } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    expect(url).toBe(`${APP_ORIGIN}/pulsedeck/manifest.webmanifest`);
    // Every icon and screenshot exists, with the size the manifest claims.
    for (const img of [...manifest.icons, ...manifest.screenshots].filter((i) => i.type === 'image/png')) {
      const [w, h] = img.sizes.split('x').map(Number);
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return [bitmap.width, bitmap.height];
      }, img.src);
      expect(size, img.src).toEqual([w, h]);
    }
    expect(manifest.icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes).sort()).toEqual(['192x192', '512x512']);
    await expect(page.locator('link[rel=apple-touch-icon]')).toHaveAttribute('href', 'icons/apple-touch-icon.png');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('"Install app" offers the browser\'s install dialog once', async ({ page }) => {
  test.skip(test.info().project.name === 'firefox', 'Firefox has no install dialog (beforeinstallprompt): its instructions are in install.spec.js');
  await page.goto('');
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
  // What Chromium fires when the app is installable (headless never shows its own UI).
  await page.evaluate(() => {
    const ev = new Event('beforeinstallprompt', { cancelable: true });
    ev.prompt = () => { window.prompted = (window.prompted ?? 0) + 1; return Promise.resolve({ outcome: 'accepted' }); };
    ev.userChoice = Promise.resolve({ outcome: 'accepted' });
    window.dispatchEvent(ev);
    window.defaultPrevented = ev.defaultPrevented;
  });
  expect(await page.evaluate(() => window.defaultPrevented)).toBe(true);
  await page.getByRole('button', { name: 'Install app' }).click();
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
  expect(await page.evaluate(() => window.prompted)).toBe(1);
});

test('an install offer the first visit\'s page caught is offered by the app it hands over to', async ({ page }) => {
  test.skip(test.info().project.name === 'firefox', 'Firefox has no install dialog (beforeinstallprompt): its instructions are in install.spec.js');
  await page.goto('');
  await page.evaluate(() => {
    const ev = new Event('beforeinstallprompt', { cancelable: true });
    ev.prompt = () => { window.prompted = (window.prompted ?? 0) + 1; return Promise.resolve({ outcome: 'accepted' }); };
    window.dispatchEvent(ev);
  });
  await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();
  // The browser fires the offer once: the app loaded now (the demo) has to find it kept.
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.grid')).toBeVisible();
  await page.getByRole('button', { name: 'Install app' }).click();
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
  expect(await page.evaluate(() => window.prompted)).toBe(1);
});

test.describe('on an iPhone', () => {
  test.use({ viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1' });

  test('"Install app" explains Add to Home Screen', async ({ page }) => {
    await page.goto('');
    const install = page.getByRole('button', { name: 'Install app' });
    await expect(install).toHaveAttribute('aria-expanded', 'false');
    await install.click();
    await expect(page.getByRole('note').filter({ hasText: 'Add to Home Screen' })).toContainText('tap Share');
    await expect(install).toHaveAttribute('aria-expanded', 'true');
    // The header and the help fit a phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('note').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('note').filter({ hasText: 'Add to Home Screen' })).toHaveCount(0);
  });
});

test('an unknown address under the site comes back to the app root, online and offline', async ({ context, fitbit }) => {
  test.skip(test.info().project.name === 'firefox', FIREFOX_OFFLINE);
  void fitbit; // strays check
  // Its own tab: the 404 answer itself is logged by Chromium as a console error, and only it.
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`${m.text()} ${m.location().url}`));
  await page.goto('some/deep/link?code=not-for-here');
  await expect(page).toHaveURL(`${APP_ORIGIN}/pulsedeck/`);
  await expect(setupSummary(page, 'fitbit')).toBeVisible();
  await controlled(page);
  // Offline the worker answers with the app itself; the Redirect URL is still the root.
  await context.setOffline(true);
  await page.goto('another/path');
  await expect(setupSummary(page, 'fitbit')).toBeVisible();
  await openSetup(page, 'fitbit');
  await expect(page.locator('#redirect-url')).toHaveText(`${APP_ORIGIN}/pulsedeck/`);
  await expect(page.getByLabel('Fitbit client ID')).toBeVisible();
  expect(problems).toEqual([`Failed to load resource: the server responded with a status of 404 (Not Found) ${APP_ORIGIN}/pulsedeck/some/deep/link?code=not-for-here`]);
});

// The first paint does not wait for WebAssembly: index.html draws a frame (the setup screen, its
// two set-ups closed to their summary line, or the dashboard's for a returning person) that the
// app replaces without anything moving. Each test holds the wasm back until it has looked at the
// frame.
import { test, expect, signIn, setupSummary, APP_ORIGIN } from '../fixtures.js';

const PHONE = { width: 412, height: 823 };

/** Layout shifts and largest-contentful-paint entries, from the start of the navigation. */
function observePaints() {
  window.__paints = { cls: 0, lcp: [] };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (!e.hadRecentInput) window.__paints.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__paints.lcp.push(e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}

/** Holds every request for a wasm of the page (the app's or the welcome page's) until `release()`. */
async function holdWasm(page) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/(pulsedeck-[0-9a-f]+|welcome)_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * Text and box of each heading, paragraph, list item, button-like span and summary line shown
 * under `root` (what a closed set-up holds is not shown).
 */
const shape = (page, root) =>
  page.evaluate((root) => {
    const els = [...document.querySelector(root).querySelectorAll('h1, h2, p, li, .file-pick > span, summary')].filter((e) => e.checkVisibility());
    return els.map((e) => {
      const b = e.getBoundingClientRect();
      return { text: e.textContent.trim(), x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.width), h: Math.round(b.height) };
    });
  }, root);

test('a first visit sees the setup screen drawn from HTML, word for word where the app then draws it, nothing moving', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.addInitScript(observePaints);
  const release = await holdWasm(page);
  const opened = page.goto('');
  const frame = page.locator('[data-frame="setup"]');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Your Fitbit data, in this browser');
  await expect(page.locator('[data-frame="dashboard"]')).toBeHidden();
  const before = await shape(page, '[data-frame="setup"]');
  // The logo: where the app shows "Install app" on a phone (Firefox always does), the name
  // beside it gives way to the button (style/main.css), and the logo stays where it was.
  const brand = await page.locator('.topbar .brand img').boundingBox();
  expect(before.length).toBeGreaterThanOrEqual(10);
  // The frame ends on the two set-ups' summary lines, closed.
  expect(before.slice(-2).map((e) => e.text)).toEqual([
    'Connect the Google Health API Needs your own Google Cloud project; Google is not onboarding new projects (October 2026)',
    'Connect a Fitbit account Legacy Web API, turned off on 2 November 2026',
  ]);
  const releasedAt = await page.evaluate(() => performance.now());
  release();
  await opened;
  await expect(page.locator('[data-frame="setup"], [data-frame="dashboard"]')).toHaveCount(0);
  const after = (await shape(page, 'main#main')).slice(0, before.length);
  expect(after).toEqual(before);
  expect(await page.locator('.topbar .brand img').boundingBox()).toEqual(brand);
  // The largest paint was the frame's: nothing the app drew once its wasm came was larger.
  const { cls, lcp } = await page.evaluate(() => window.__paints);
  expect(lcp.length).toBeGreaterThan(0);
  expect(Math.max(...lcp)).toBeLessThan(releasedAt);
  expect(cls).toBeLessThanOrEqual(0.02);
  // The frame's buttons are no dead controls: the app's own are there once it runs.
  await expect(page.getByRole('button', { name: 'Look at the demo dashboard' })).toBeVisible();
  await expect(page.locator('#import-files')).toBeAttached();
  await expect(page.locator('details.setup-more:not([open])')).toHaveCount(2);
});

test('a returning person sees the dashboard frame, never the setup screen, until their dashboard is painted', async ({ page, fitbit }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, fitbit);
  const activity = page.getByRole('region', { name: 'Activity', exact: true }).locator('.headline');
  const sleep = page.getByRole('region', { name: 'Sleep', exact: true }).locator('.headline');
  const seen = [await activity.textContent(), await sleep.textContent()];
  expect(seen[0]).toMatch(/\d steps today/);
  // Kept once every row of cards is drawn (src/app/screen.rs::keep_glance).
  await expect.poll(() => page.evaluate(() => localStorage.getItem('pulsedeck.glance'))).toContain('"sleep"');
  await page.addInitScript(observePaints);
  const release = await holdWasm(page);
  const reloaded = page.reload();
  // Before any wasm: the last visit's headlines, drawn by the frame script as text.
  const frame = page.locator('[data-frame="dashboard"]');
  await expect(frame.locator('.frame-status')).toHaveText('Opening your dashboard…');
  await expect(frame.locator('#w-activity .headline')).toHaveText(seen[0]);
  await expect(frame.locator('#w-sleep .headline')).toHaveText(seen[1]);
  await expect(page.locator('[data-frame="setup"]')).toBeHidden();
  await expect(page.locator('.topbar .brand')).toBeVisible();
  const header = await page.locator('header.topbar').boundingBox();
  release();
  await reloaded;
  // The app's header holds "Sign out", the frame's nothing: the same height all the same.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await page.locator('header.topbar').boundingBox()).toEqual(header);
  await expect(page.locator('[data-frame]')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Activity', exact: true })).toContainText('steps');
  const { cls } = await page.evaluate(() => window.__paints);
  expect(cls).toBeLessThanOrEqual(0.02);
});

test('a first visit loads the welcome page, not the app; the demo loads the app, which opens on it', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname.replace('/pulsedeck/', '')));
  await page.goto('');
  await expect(setupSummary(page, 'fitbit')).toBeVisible();
  expect(fetched.filter((f) => /^welcome(_bg\.wasm|\.js)$/.test(f))).toHaveLength(2);
  const app = (f) => /^pulsedeck-[0-9a-f]+(_bg\.wasm|\.js)$/.test(f);
  expect(fetched.filter(app), 'the app is not loaded before it is needed').toEqual([]);
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.grid')).toBeVisible();
  await expect(page.locator('.badge.demo')).toHaveText('Demo data');
  expect(fetched.filter(app)).toHaveLength(2);
  // One page, one header: the welcome page is gone.
  await expect(page.locator('header.topbar')).toHaveCount(1);
  await expect(page.locator('[data-frame]')).toHaveCount(0);
});

test('headlines the store has since changed are not shown: the frame waits for the app', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  await expect(page.getByRole('region', { name: 'Activity', exact: true })).toContainText('steps');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('pulsedeck.glance'))).toContain('"activity"');
  // Another tab imported or removed something after these figures were read.
  await page.evaluate(() => localStorage.setItem('pulsedeck.stored.me', String(Date.now() + 1)));
  const release = await holdWasm(page);
  const reloaded = page.reload();
  const frame = page.locator('[data-frame="dashboard"]');
  await expect(frame.locator('.frame-status')).toHaveText('Opening your dashboard…');
  await expect(frame.locator('.grid')).toHaveCount(0);
  release();
  await reloaded;
  await expect(page.getByRole('region', { name: 'Activity', exact: true })).toContainText('steps');
});

test('a Google sign-in answer leaves the address before any wasm runs', async ({ page }) => {
  const release = await holdWasm(page); // held throughout: the frame script alone
  const answer = '#access_token=ya29.frame-test&token_type=Bearer&expires_in=3599&scope=x&state=s1';
  page.goto(answer).catch(() => {});
  await expect(page.locator('[data-frame="dashboard"] .frame-status')).toBeVisible();
  expect(page.url()).toBe(`${APP_ORIGIN}/pulsedeck/`);
  expect(await page.evaluate(() => [location.hash, sessionStorage.getItem('pulsedeck.google.answer')])).toEqual(['', answer]);
  // The held requests end with the test, not under the page's teardown (a Playwright race).
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  release();
});

// Shared Playwright fixtures: every test gets a mock Fitbit behind the real URLs, and fails
// if the page logs a console error, throws, or contacts any origin but its own and Fitbit's.
import { test as base, expect } from '@playwright/test';
import { MockFitbit } from './mock/fitbit.js';
import { MockGoogle } from './mock/google.js';
import { installMock } from './mock/playwright.js';
import { BASE_URL } from './playwright.config.js';
import { daysOf, readStore } from './store-read.js';

export const APP_ORIGIN = new URL(BASE_URL).origin;

/** sha256 of "body {}", the style Playwright's screenshotter inserts for a moment. */
const PLAYWRIGHT_SCREENSHOT_STYLE = 'sha256-YjaKGiklmzC6wjXA513HAMmzus8VE61XCOT+SmwNZWA=';

/**
 * Skips a dark-scheme test in Firefox: Firefox ESR has no WebDriver BiDi command to emulate
 * `prefers-color-scheme` (engines/firefox-bidi.js), so a dark page cannot be asked for there.
 */
export function skipDarkInFirefox(scheme) {
  base.skip(scheme === 'dark' && base.info().project.name === 'firefox', 'Firefox ESR has no WebDriver BiDi emulation.setMediaFeaturesOverride: the dark scheme cannot be emulated');
}

/** Where a test keeps screenshots for a person to look at: one folder per engine (project). */
export const shots = () => `test-results/screenshots/${base.info().project.name}`;

/**
 * Makes `goto` and `reload` of an app page resolve only once the app is mounted and has
 * registered its window listeners (`<html data-app="ready">`, set by the app after its first
 * render). A test that dispatches an event or edits storage right after navigating would
 * otherwise race the wasm start-up, and lose on a busy machine.
 */
export function awaitReady(page) {
  for (const name of ['goto', 'reload']) {
    const original = page[name].bind(page);
    page[name] = async (...args) => {
      const res = await original(...args);
      await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
      return res;
    };
  }
  return page;
}

/**
 * Moves a page's clock by `ms`: `Date.now()` and `new Date()` (the app reads both: instants, and
 * the device's calendar day). Stacks: a second call moves the clock of the first further.
 */
function shiftClock(ms) {
  const Base = globalThis.Date;
  const now = () => Base.now() + ms;
  globalThis.Date = new Proxy(Base, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new Base(now()).toString(),
    get: (target, key) => (key === 'now' ? now : Reflect.get(target, key)),
  });
}

/**
 * How far every test's clock is moved from the real one, so that it reads 10:00 in the mock
 * profile's time zone (America/Los_Angeles; 18:00 UTC) on today's date there. A test that opens a
 * tab "two hours later" must not cross midnight because CI happened to run at 23:00 there; with
 * the browser in UTC (playwright.config.js) the device's day and the profile's day are one day.
 */
export function clockShift(realNow = Date.now()) {
  const laToday = new Date(realNow - 8 * 3_600_000).toISOString().slice(0, 10);
  return Date.parse(`${laToday}T18:00:00Z`) - realNow;
}

/** Fitbit's and Google's URLs, whose failed requests are the mocks' deliberate answers. */
const PROVIDER = /^https:\/\/((api|www)\.fitbit\.com|health\.googleapis\.com|oauth2\.googleapis\.com)\//;

export const test = base.extend({
  mockOptions: [{}, { option: true }],
  clock: async ({}, use) => {
    await use(clockShift());
  },
  // Every page of the context, including tabs a test opens itself, on the test's clock.
  context: async ({ context, clock }, use) => {
    await context.addInitScript(shiftClock, clock);
    context.on('page', awaitReady);
    await use(context);
  },
  // The app's own origin: requests anywhere else (but Fitbit) fail the test.
  appOrigin: [APP_ORIGIN, { option: true }],
  googleOptions: [{}, { option: true }],
  google: async ({ googleOptions, clock }, use) => {
    const google = new MockGoogle(googleOptions);
    google.advance(clock);
    await use(google);
  },
  fitbit: async ({ context, mockOptions, appOrigin, clock, google }, use) => {
    const fitbit = new MockFitbit(mockOptions);
    fitbit.advance(clock); // the mock's clock is the page's
    const { mock, strays } = await installMock(context, fitbit, { appOrigin, google });
    await use(mock);
    expect(strays, 'requests to origins other than the app and Fitbit').toEqual([]);
  },
  page: async ({ page, fitbit }, use) => {
    void fitbit; // installed before the page loads anything
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium itself reports every failed or non-2xx fetch ("Failed to load resource"); for
      // Fitbit's URLs those are the mock's deliberate answers, handled by the app. Anything
      // else, including any message from the app, is a failure.
      if (PROVIDER.test(msg.location()?.url ?? '') && msg.text().startsWith('Failed to load resource')) return;
      problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => {
      // Playwright's screenshotter adds `<style>body {}</style>` to sync animations; Firefox
      // reports the page's CSP blocking it. Only that exact style (its hash) is Playwright's.
      if (err.message.includes(`'${PLAYWRIGHT_SCREENSHOT_STYLE}'`)) return;
      // Firefox's words for a provider's request that never got an answer (the mock's
      // deliberate network failures, handled by the app), as Chromium's "Failed to load".
      const lost = err.message.match(/^The Same Origin Policy disallows reading the remote resource at (\S+)\. \(Reason: CORS request did not succeed\)/);
      if (lost && PROVIDER.test(lost[1])) return;
      problems.push(`page error: ${err.message}`);
    });
    await use(page);
    expect(problems, 'console errors or uncaught exceptions').toEqual([]);
  },
});

export { expect };

/** Opens the app signed out and switches to the demo dashboard. */
export async function openDemo(page) {
  await page.goto('');
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(page.locator('.grid')).toBeVisible();
}

/**
 * The summary line of a set-up on the setup screen, `'google'` (the Google Health API's wizard)
 * or `'fitbit'` (the legacy Fitbit registration): each is closed to this line until opened,
 * unless the person was using it (a client ID kept in this browser).
 */
export function setupSummary(page, source) {
  return page.locator(`details.setup-more[data-setup="${source}"] > summary`);
}

/** Opens a set-up of the setup screen (see `setupSummary`) unless it is open already. */
export async function openSetup(page, source) {
  const summary = setupSummary(page, source);
  await expect(summary).toBeVisible();
  if (!(await summary.evaluate((s) => s.parentElement.open))) await summary.click();
  await expect(summary.locator('xpath=..')).toHaveAttribute('open', '');
}

/** Signs in through the setup screen and the mock's consent page; resolves on the dashboard. */
export async function signIn(page, fitbit, { scopes } = {}) {
  await page.goto('');
  await openSetup(page, 'fitbit');
  await page.getByLabel('Fitbit client ID').fill(fitbit.clientId);
  if (scopes) {
    for (const box of await page.locator('.scope-list input[type=checkbox]').all()) {
      const id = (await box.getAttribute('id')).replace('scope-', '');
      if (scopes.includes(id) !== (await box.isChecked())) await box.click();
    }
  }
  await page.getByRole('button', { name: 'Connect Fitbit' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // Let the dashboard's first refresh finish, so a test starts from a settled page.
  await refreshed(page);
}

/**
 * Waits until this page has finished `n` data refreshes and shown their result (the status
 * bar's `data-refreshes`): a real signal, where "network idle" can fall between the profile
 * request and the rest of a first load on a busy machine.
 */
export async function refreshed(page, n = 1) {
  await page.waitForFunction((min) => Number(document.querySelector('.statusbar')?.dataset.refreshes ?? 0) >= min, n);
}

/** A new tab whose clock runs `shift` ms ahead: its cached data looks that much older. */
export async function tabLater(context, shift) {
  const tab = await context.newPage();
  await tab.addInitScript(shiftClock, shift);
  return tab;
}

/** Every part the history store keeps whose key starts with `prefix`: { key: text }. */
export async function storedParts(page, prefix = '') {
  const all = await page.evaluate(readStore);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)));
}

/** The source codes of the store's rows (`Origin` in declaration order). */
export const SOURCE = { demo: 0, fitbit: 1, google: 2, export: 3 };

/**
 * The stored daily values of a metric, as shown: { 'YYYY-MM-DD': value }; with `source` (a
 * `SOURCE` code), only that source's own values (store-read.js).
 */
export async function storedDays(page, metric, source) {
  const key = `me/days/${metric}`;
  return daysOf((await storedParts(page, key))[key], source);
}

/** The entries of a zip pulsedeck wrote (stored or deflated, no zip64): { name: Buffer }. */
export async function unzip(buffer) {
  const { inflateRawSync } = await import('node:zlib');
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i += 1) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLen = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLen);
    const body = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(body, body + size);
    out[name] = method === 8 ? inflateRawSync(data) : data;
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

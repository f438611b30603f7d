// Shared Playwright fixtures: every test gets a mock Fitbit behind the real URLs, and fails
// if the page logs a console error, throws, or contacts any origin but its own and Fitbit's.
import { test as base, expect } from '@playwright/test';
import { MockFitbit } from './mock/fitbit.js';
import { installMock } from './mock/playwright.js';
import { BASE_URL } from './playwright.config.js';

export const APP_ORIGIN = new URL(BASE_URL).origin;

export const test = base.extend({
  mockOptions: [{}, { option: true }],
  // The app's own origin: requests anywhere else (but Fitbit) fail the test.
  appOrigin: [APP_ORIGIN, { option: true }],
  fitbit: async ({ context, mockOptions, appOrigin }, use) => {
    const { mock, strays } = await installMock(context, new MockFitbit(mockOptions), { appOrigin });
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
      const fromFitbit = /^https:\/\/(api|www)\.fitbit\.com\//.test(msg.location()?.url ?? '');
      if (fromFitbit && msg.text().startsWith('Failed to load resource')) return;
      problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
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

/** Signs in through the setup screen and the mock's consent page; resolves on the dashboard. */
export async function signIn(page, fitbit, { scopes } = {}) {
  await page.goto('');
  await page.getByLabel('Fitbit client ID').fill(fitbit.clientId);
  if (scopes) {
    for (const box of await page.locator('.scope-list input[type=checkbox]').all()) {
      const id = (await box.getAttribute('id')).replace('scope-', '');
      if (scopes.includes(id) !== (await box.isChecked())) await box.click();
    }
  }
  await page.getByRole('button', { name: 'Connect Fitbit' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // Let the dashboard's first requests finish, so a test starts from a settled page.
  await page.waitForLoadState('networkidle');
}

/** A new tab whose clock runs `shift` ms ahead: its cached data looks that much older. */
export async function tabLater(context, shift) {
  const tab = await context.newPage();
  await tab.addInitScript((ms) => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + ms;
  }, shift);
  return tab;
}

// Shared Playwright fixtures: every test gets a mock Fitbit behind the real URLs, and fails
// if the page logs a console error, throws, or contacts any origin but its own and Fitbit's.
import { test as base, expect } from '@playwright/test';
import { MockFitbit } from './mock/fitbit.js';
import { installMock } from './mock/playwright.js';
import { BASE_URL } from './playwright.config.js';

export const APP_ORIGIN = new URL(BASE_URL).origin;

export const test = base.extend({
  mockOptions: [{}, { option: true }],
  fitbit: async ({ context, mockOptions }, use) => {
    const { mock, strays } = await installMock(context, new MockFitbit(mockOptions), { appOrigin: APP_ORIGIN });
    await use(mock);
    expect(strays, 'requests to origins other than the app and Fitbit').toEqual([]);
  },
  page: async ({ page, fitbit }, use) => {
    void fitbit; // installed before the page loads anything
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await use(page);
    expect(problems, 'console errors or uncaught exceptions').toEqual([]);
  },
});

export { expect };

/** Waits until the wasm app has mounted (the dashboard grid is in the DOM). */
export async function openApp(page, path = '') {
  await page.goto(path);
  await expect(page.locator('.grid')).toBeVisible();
}

// "Install app" where the browser has no install dialog (`beforeinstallprompt` is Chromium's
// alone): each browser's own steps, or why there are none. WebKit (GNOME Web's steps) is in
// webkit/paths.test.js; the iPhone's steps in pwa.spec.js.
import { test, expect } from '../fixtures.js';

async function help(page) {
  await page.goto('');
  await page.getByRole('button', { name: 'Install app' }).click();
  return page.getByRole('note');
}

test('Firefox on a computer: no install, and where to get one', async ({ page }) => {
  test.skip(test.info().project.name !== 'firefox', 'Chromium offers its own install dialog (pwa.spec.js)');
  await expect(await help(page)).toContainText('Firefox on a computer does not install web apps.');
});

test.describe('in Safari on a Mac', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15' });

  test('File → Add to Dock', async ({ page }) => {
    const note = await help(page);
    await expect(note).toContainText("in Safari's menu bar choose File, then Add to Dock.");
    await expect(note.locator('strong')).toHaveText(['File', 'Add to Dock']);
  });
});

test.describe('in Firefox on Android', () => {
  test.use({ viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0' });

  test("the menu's Install", async ({ page }) => {
    await expect(await help(page)).toContainText("open Firefox's menu ⋮, then Install.");
  });
});

// Layout at phone and desktop widths, light and dark. Screenshots land in
// test-results/screenshots/ for a person to look at; the assertions check what a screenshot
// cannot be trusted to catch.
import { test, expect, openDemo, openSetup, setupSummary, shots, skipDarkInFirefox } from '../fixtures.js';

const SIZES = { phone: { width: 360, height: 780 }, desktop: { width: 1440, height: 900 } };

for (const [name, viewport] of Object.entries(SIZES)) {
  for (const scheme of ['light', 'dark']) {
    test(`${name} ${scheme}: no horizontal scrolling, widgets laid out`, async ({ page }) => {
      await page.setViewportSize(viewport);
      skipDarkInFirefox(scheme);
    await page.emulateMedia({ colorScheme: scheme });
      await openDemo(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const lefts = await page.locator('section.widget').evaluateAll((els) => [...new Set(els.map((e) => Math.round(e.getBoundingClientRect().left)))]);
      // One column on a phone, several on a desktop.
      if (name === 'phone') expect(lefts.length).toBe(1);
      else expect(lefts.length).toBeGreaterThanOrEqual(3);
      // No figure breaks inside a word ("Europe/Londo" + "n") or a date ("Nov" + "8", joined
      // by a no-break space): every word of every value sits on one line.
      const broken = await page.locator('.stat dd').evaluateAll((dds) => {
        const out = [];
        for (const dd of dds) {
          const walk = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
          for (let t = walk.nextNode(); t; t = walk.nextNode()) {
            for (const m of t.data.matchAll(/[^ \t\n]+/g)) {
              const r = document.createRange();
              r.setStart(t, m.index);
              r.setEnd(t, m.index + m[0].length);
              if (new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size > 1) out.push(m[0]);
            }
          }
        }
        return out;
      });
      expect(broken).toEqual([]);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(18, 21, 26)' : 'rgb(246, 247, 249)');
      await page.screenshot({ caret: 'initial', path: `${shots()}/demo-${name}-${scheme}.png`, fullPage: true });
    });
  }
}

for (const [name, viewport] of Object.entries(SIZES)) {
  for (const scheme of ['light', 'dark']) {
    test(`setup screen on a ${name} (${scheme}): readable, no horizontal scrolling, closed or open`, async ({ page }) => {
      await page.setViewportSize(viewport);
      skipDarkInFirefox(scheme);
    await page.emulateMedia({ colorScheme: scheme });
      await page.goto('');
      await expect(setupSummary(page, 'fitbit')).toBeVisible();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ caret: 'initial', path: `${shots()}/setup-${name}-${scheme}.png`, fullPage: true });
      await openSetup(page, 'google');
      await openSetup(page, 'fitbit');
      await expect(page.getByRole('button', { name: 'Connect Fitbit' })).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ caret: 'initial', path: `${shots()}/setup-${name}-${scheme}-open.png`, fullPage: true });
    });
  }
}

test('on a 360 × 740 phone the setup screen is at most two screens tall, both set-ups a line each, closed', async ({ page }) => {
  const PHONE = { width: 360, height: 740 };
  await page.setViewportSize(PHONE);
  await page.goto('');
  // The export first, then the two set-ups, each its summary line, nothing opened.
  await expect(page.getByRole('region', { name: 'Open your Fitbit / Google Health export' })).toBeVisible();
  for (const source of ['google', 'fitbit']) {
    await expect(setupSummary(page, source)).toBeVisible();
    await expect(setupSummary(page, source).locator('xpath=..')).not.toHaveAttribute('open');
  }
  await expect(setupSummary(page, 'google')).toContainText('Connect the Google Health API');
  await expect(setupSummary(page, 'google')).toContainText('not onboarding new projects (October 2026)');
  await expect(setupSummary(page, 'fitbit')).toContainText('Connect a Fitbit account');
  await expect(setupSummary(page, 'fitbit')).toContainText('turned off on 2 November 2026');
  const tops = await page.locator('main#main > section.import, details.setup-more').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  expect(tops, 'export, Google, Fitbit, in that order').toEqual([...tops].sort((a, b) => a - b));
  expect(tops).toHaveLength(3);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, `${height} px: ${(height / PHONE.height).toFixed(2)} screens`).toBeLessThanOrEqual(2 * PHONE.height);
  const bottom = await setupSummary(page, 'fitbit').evaluate((s) => s.getBoundingClientRect().bottom + window.scrollY);
  expect(bottom).toBeLessThanOrEqual(2 * PHONE.height);
});

test('a set-up the person was using opens by itself, the other stays a line', async ({ page }) => {
  await page.goto('');
  for (const [key, open, closed] of [['pulsedeck.google.client', 'google', 'fitbit'], ['pulsedeck.client-id', 'fitbit', 'google']]) {
    await page.evaluate((k) => {
      localStorage.clear();
      localStorage.setItem(k, k === 'pulsedeck.client-id' ? '23ABCD' : '1234-abc.apps.googleusercontent.com');
    }, key);
    await page.reload();
    await expect(setupSummary(page, open).locator('xpath=..')).toHaveAttribute('open', '');
    await expect(setupSummary(page, closed).locator('xpath=..')).not.toHaveAttribute('open');
    const connect = open === 'google' ? 'Connect Google Health' : 'Connect Fitbit';
    await expect(page.getByRole('button', { name: connect })).toBeVisible();
  }
});

// Layout at phone and desktop widths, light and dark. Screenshots land in
// test-results/screenshots/ for a person to look at; the assertions check what a screenshot
// cannot be trusted to catch.
import { test, expect, openDemo } from '../fixtures.js';

const SIZES = { phone: { width: 360, height: 780 }, desktop: { width: 1440, height: 900 } };

for (const [name, viewport] of Object.entries(SIZES)) {
  for (const scheme of ['light', 'dark']) {
    test(`${name} ${scheme}: no horizontal scrolling, widgets laid out`, async ({ page }) => {
      await page.setViewportSize(viewport);
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
      await page.screenshot({ path: `test-results/screenshots/demo-${name}-${scheme}.png`, fullPage: true });
    });
  }
}

for (const [name, viewport] of Object.entries(SIZES)) {
  test(`setup screen on a ${name}: readable, no horizontal scrolling`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('');
    await expect(page.getByRole('button', { name: 'Connect Fitbit' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screenshots/setup-${name}.png`, fullPage: true });
  });
}

import { chromium } from '@playwright/test';
import { serve } from './serve.js';
const dist = process.argv[2], out = process.argv[3] ?? '';
const server = await serve({ root: () => dist, port: 0 });
const port = server.address().port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, vp] of [['phone', { width: 360, height: 740 }], ['desktop', { width: 1440, height: 900 }]]) {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: vp, colorScheme: scheme, serviceWorkers: 'block' });
    await page.goto(`http://127.0.0.1:${port}/pulsedeck/`);
    await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
    await page.waitForTimeout(300);
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    const sums = await page.evaluate(() => [...document.querySelectorAll('summary')].map((s) => { const b = s.getBoundingClientRect(); return [Math.round(b.top), Math.round(b.bottom)]; }));
    console.log(name, scheme, 'scrollHeight', h, 'screens', (h / vp.height).toFixed(2), 'summaries', JSON.stringify(sums));
    if (out) {
      await page.screenshot({ path: `${out}/setup-closed-${name}-${scheme}.png`, fullPage: true });
      await page.screenshot({ path: `${out}/setup-closed-${name}-${scheme}-viewport.png` });
      for (const s of ['google', 'fitbit']) {
        await page.locator(`details[data-setup=${s}] > summary`).click();
        await page.locator(`details[data-setup=${s}]`).screenshot({ path: `${out}/setup-open-${s}-${name}-${scheme}.png` });
        await page.locator(`details[data-setup=${s}] > summary`).click();
      }
    }
    await page.close();
  }
}
await browser.close(); server.close();

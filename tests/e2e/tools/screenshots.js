// Takes the manifest's screenshots (shown in install dialogs) from the demo dashboard of a
// release build. Run through `cargo xtask screenshots`; the PNGs are committed in
// public/screenshots/. Usage: PULSEDECK_DIST=dir OUT=dir node tools/screenshots.js
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { serve } from '../serve.js';

const dist = process.env.PULSEDECK_DIST;
const out = process.env.OUT;
if (!dist || !out) {
  console.error('set PULSEDECK_DIST (a release build under /pulsedeck/) and OUT');
  process.exit(2);
}
const server = await serve({ root: () => dist, port: 0 });
const url = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  // Sizes must match public/manifest.webmanifest.
  for (const [name, width, height] of [['wide', 1280, 800], ['narrow', 390, 844]]) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
    await page.locator('.grid').waitFor();
    // The first screenful shows the dashboard, not the demo notice above it.
    await page.locator('.statusbar').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 12));
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`wrote ${name}.png (${width}×${height})`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

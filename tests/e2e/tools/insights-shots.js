// The README's pictures of Insights and of a printed report page (docs/screens/), taken from the
// planted export (PULSEDECK_TAKEOUT/planted, `cargo xtask takeout`) in the release build
// (PULSEDECK_DIST). Run: node tools/insights-shots.js (from tests/e2e).
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../serve.js';

const dir = path.join(process.env.PULSEDECK_TAKEOUT, 'planted');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const out = path.resolve('../../docs/screens');
const server = await serve({ root: () => process.env.PULSEDECK_DIST, port: 0 });
const base = `http://127.0.0.1:${server.address().port}/pulsedeck/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ serviceWorkers: 'block', timezoneId: 'America/Bogota', viewport: { width: 900, height: 1000 }, colorScheme: 'light' });
const page = await context.newPage();
await page.goto(base);
await page.locator('#import-files').setInputFiles(expected.files.map((f) => path.join(dir, f.name)));
await page.getByRole('status', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
await page.getByRole('button', { name: 'Dismiss' }).click();
await page.goto(base + '#insights');
await page.locator('.doc[data-drawn]').waitFor({ timeout: 60_000 });
const top = await page.locator('section.insights').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
await page.screenshot({ path: path.join(out, 'insights.png'), clip: { x: 0, y: top - 8, width: 900, height: 1150 }, fullPage: true });
await page.goto(base + '#report');
await page.getByLabel('From').fill('2026-09-01');
await page.locator('.doc-line').first().filter({ hasText: '2026-09-01' }).waitFor();
await page.locator('.doc[data-drawn]').waitFor();
await page.emulateMedia({ media: 'print' });
// An A4 page at 96 dpi, less the 15 mm margins.
await page.setViewportSize({ width: 680, height: 1010 });
await page.screenshot({ path: path.join(out, 'report-page.png'), clip: { x: 0, y: 0, width: 680, height: 1010 } });
await browser.close();
server.close();
console.log('written', out);

// The time zone an export's UTC stamps are placed in is the person's choice: picked in the
// import's summary (its days placed again at once, replacing, never adding) or in Sources
// (kept for the next import once the files are gone).
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, storedDays, SOURCE } from '../fixtures.js';

const ROOT = process.env.PULSEDECK_TAKEOUT ?? '';
const exportOf = (name) => {
  const dir = path.join(ROOT, name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { files: expected.files.map((f) => path.join(dir, f.name)), expected };
};
// The generator's person lives at UTC−5 all year.
test.use({ timezoneId: 'America/Bogota' });

const sum = (days) => Object.values(days).reduce((a, b) => a + b, 0);
const finished = (page, zone) =>
  expect(page.getByRole('status', { name: 'Import finished' })).toContainText(`placed in the time zone ${zone}`, { timeout: 60_000 });

test("another zone places an export's UTC times again, at once, and never adds", async ({ page }) => {
  const { files, expected } = exportOf('legacy');
  await page.goto('./');
  await page.locator('#import-files').setInputFiles(files);
  await finished(page, 'America/Bogota');
  const steps = (src = SOURCE.export) => storedDays(page, 'steps', src);
  expect(await steps()).toEqual(expected.steps);
  const rhr = await storedDays(page, 'resting_heart_rate', SOURCE.export);

  // UTC: every reading moves five hours later, so evenings land on the next day.
  await page.locator('.import-summary .zone-pick summary').click();
  await page.locator('#import-zone').selectOption('UTC');
  await finished(page, 'UTC');
  const inUtc = await steps();
  expect(inUtc).not.toEqual(expected.steps);
  // The same steps, placed again: nothing added, nothing lost.
  expect(sum(inUtc)).toBe(sum(expected.steps));
  const moved = Object.keys(expected.steps).filter((d) => inUtc[d] !== expected.steps[d]);
  expect(moved.length).toBeGreaterThan(Object.keys(expected.steps).length / 2);
  // A daily label (resting heart rate) is a calendar date: never moved.
  expect(await storedDays(page, 'resting_heart_rate', SOURCE.export)).toEqual(rhr);

  // Back to the person's zone: the values the generator encoded, exactly.
  await page.locator('.import-summary .zone-pick summary').click();
  await page.locator('#import-zone').selectOption('America/Bogota');
  await finished(page, 'America/Bogota');
  expect(await steps()).toEqual(expected.steps);

  // After a reload the files are gone: Sources says which zone the days are in, and a new
  // choice is kept for the next import, saying the files are needed to place these days again.
  await page.reload();
  await page.getByRole('button', { name: 'Sources' }).click();
  const row = page.locator('.source[data-source="archive"]');
  await expect(row).toContainText('UTC times placed in America/Bogota');
  await row.locator('.zone-pick summary').click();
  await row.locator('#sources-zone').selectOption('Asia/Bangkok');
  await expect(row.getByRole('status')).toContainText('choose the export\'s files again');
  expect(await page.evaluate(() => localStorage.getItem('pulsedeck.export-zone'))).toBe('Asia/Bangkok');
  expect(await steps()).toEqual(expected.steps);
  await page.locator('#sources-import-files').setInputFiles(files);
  await finished(page, 'Asia/Bangkok');
  expect(sum(await steps())).toBe(sum(expected.steps));
  expect(await steps()).not.toEqual(expected.steps);
});

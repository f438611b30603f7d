// Opening a Google Takeout export: generated archives (both layouts, split parts, a large one)
// read by the import worker, checked against the values the generator says it encoded
// (`cargo xtask takeout`, run by `cargo xtask test` into PULSEDECK_TAKEOUT).
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, storedDays, storedParts, SOURCE, shots } from '../fixtures.js';

const ROOT = process.env.PULSEDECK_TAKEOUT ?? '';
const exportOf = (name) => {
  const dir = path.join(ROOT, name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { files: expected.files.map((f) => path.join(dir, f.name)), expected };
};
// The generator's person lives at UTC−5 all year.
test.use({ timezoneId: 'America/Bogota' });

const region = (page, name) => page.getByRole('region', { name, exact: true });
const grouped = (n) => Math.round(n).toLocaleString('en-US');

/** The archive's stored daily values of a metric: { 'YYYY-MM-DD': value }. */
const archiveDays = (page, metric) => storedDays(page, metric, SOURCE.export);

/** The archive's stored heart-rate curves: { 'YYYY-MM-DD': { minute: bpm } }. */
async function archiveHeartRate(page) {
  const out = {};
  for (const [key, text] of Object.entries(await storedParts(page, 'me#curves/heart_rate/'))) {
    void key;
    for (const [day, points] of JSON.parse(text)) out[new Date(day * 86_400_000).toISOString().slice(0, 10)] = Object.fromEntries(points);
  }
  return out;
}

/** Whether every day's noon bucket holds what the generator encoded (and no other day has a curve). */
async function expectHeartRate(page, expected, name) {
  const curves = await archiveHeartRate(page);
  expect(Object.keys(curves).sort(), name).toEqual(Object.keys(expected.noon_bpm).sort());
  expect(Object.fromEntries(Object.entries(curves).map(([d, c]) => [d, c[720]])), name).toEqual(expected.noon_bpm);
}

async function importFiles(page, files) {
  await page.locator('#import-files').setInputFiles(files);
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
}

test('both layouts import to the values they encode, and the dashboard opens on the last day', async ({ page, fitbit }) => {
  for (const name of ['health', 'legacy']) {
    await page.goto('./');
    await page.evaluate(() => indexedDB.deleteDatabase('pulsedeck'));
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const { files, expected } = exportOf(name);
    await importFiles(page, files);
    const summary = page.getByRole('status', { name: 'Import finished' });
    await expect(summary).toContainText(`Imported`);
    await expect(summary).toContainText('Skipped without opening (personal details): location, profile.');
    await expect(summary).toContainText("placed in the time zone America/Bogota");
    await expect(summary).toContainText(`${expected.nights} nights of sleep, ${expected.exercises} exercises`);
    // The rows the generator made invalid (days without the tracker, placeholders), counted
    // by whichever worker read them.
    const left = Object.entries(expected.dropped).map(([why, n]) => `${n} × ${why}`);
    await expect(summary).toContainText(`Left out as not valid: ${left.join('; ')}.`);
    expect(await archiveDays(page, 'steps'), name).toEqual(expected.steps);
    expect(await archiveDays(page, 'active_minutes'), name).toEqual(expected.active_minutes);
    expect(await archiveDays(page, 'resting_heart_rate'), name).toEqual(expected.resting_hr);
    expect(await archiveDays(page, 'minutes_asleep'), name).toEqual(expected.minutes_asleep);
    await expectHeartRate(page, expected, name);
    // For a person to look at: the summary as it ends an import.
    await summary.screenshot({ caret: 'initial', path: `${shots()}/import-summary-${name}.png` });
    // The dashboard shows the export's last day, as that day.
    await expect(page.getByText('Your export', { exact: true })).toBeVisible();
    const activity = region(page, 'Activity');
    await expect(activity.locator('.headline .big')).toHaveText(grouped(expected.steps[expected.last]));
    // Labelled with its date: an export's last day is not today (the generator ends it days ago).
    const lastLabel = new Date(`${expected.last}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    await expect(activity.locator('.headline')).toContainText(`steps on ${lastLabel}`);
    // An earlier day, picked in the day picker: any day of the export, not only the last 30.
    const earlier = Object.keys(expected.steps).at(-100);
    await page.locator('#day').fill(earlier);
    await expect(activity.locator('.headline .big')).toHaveText(grouped(expected.steps[earlier]));
    // The tracker as of the export.
    await expect(region(page, 'Devices')).toContainText('Charge 6');
    // What an export cannot hold says so, never "not shared".
    await expect(region(page, 'Friends')).toContainText('Not available from your export');
    // Scores only an export holds have widgets of their own (the newer layout has them).
    if (name === 'health') {
      await page.getByRole('button', { name: 'Back to the last day' }).click();
      await expect(region(page, 'Daily readiness').locator('.headline .big')).toHaveText(String(expected.readiness[expected.last]));
      // The sleep score; a 2026 export has no parts (its revitalization column repeats the
      // overall score, which is not a part of 25).
      const score = region(page, 'Sleep score');
      await expect(score.locator('.headline .big')).toHaveText(String(expected.sleep_score[expected.last]));
      await expect(score).not.toContainText('of 25');
      await page.screenshot({ caret: 'initial', path: `${shots()}/import-dashboard.png`, fullPage: true });
    }
  }
  expect(fitbit.log, 'an import sends nothing to Fitbit').toEqual([]);
});

test.describe('on four cores', () => {
  test.beforeEach(async ({ context }) => {
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
  });

  test('the import runs on four workers and finds what it finds on one', async ({ page }) => {
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto('./');
    const { files, expected } = exportOf('health');
    await importFiles(page, files);
    // The importer and three helpers (each one's heart-rate files, added up by the importer).
    expect(workers.filter((u) => u.endsWith('/import_loader.js'))).toHaveLength(4);
    const left = Object.entries(expected.dropped).map(([why, n]) => `${n} × ${why}`);
    await expect(page.getByRole('status', { name: 'Import finished' })).toContainText(`Left out as not valid: ${left.join('; ')}.`);
    expect(await archiveDays(page, 'steps')).toEqual(expected.steps);
    await expectHeartRate(page, expected, 'health on four workers');
  });
});

test('the same export again changes nothing; parts added one after another complete it; a reload reopens it', async ({ page }) => {
  await page.goto('./');
  const { files, expected } = exportOf('health');
  await importFiles(page, [files[0]]);
  const partial = await archiveDays(page, 'steps');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByText('Import more files').click();
  await importFiles(page, [files[1]]);
  expect(await archiveDays(page, 'steps')).toEqual(expected.steps);
  expect(Object.keys(partial).length).toBeLessThanOrEqual(Object.keys(expected.steps).length);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await importFiles(page, files);
  expect(await archiveDays(page, 'steps')).toEqual(expected.steps);
  await page.reload();
  await expect(page.getByText('Your export', { exact: true })).toBeVisible();
  await expect(region(page, 'Activity').locator('.headline .big')).toHaveText(grouped(expected.steps[expected.last]));
});

test('cancelling midway leaves the history as it was', async ({ page }) => {
  await page.goto('./');
  const small = exportOf('legacy');
  await importFiles(page, small.files);
  const before = await archiveDays(page, 'steps');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByText('Import more files').click();
  await page.locator('#import-files').setInputFiles(exportOf('large').files);
  const progress = page.getByRole('status', { name: 'Import in progress' });
  await expect(progress).toContainText(/reading heart rate/);
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Import cancelled. Nothing was changed.');
  expect(await archiveDays(page, 'steps')).toEqual(before);
  await page.reload();
  expect(await archiveDays(page, 'steps')).toEqual(before);
});

test('a damaged zip, a .tgz and a zip that is not an export each say what to do, and keep the data', async ({ page }) => {
  await page.goto('./');
  const { files } = exportOf('legacy');
  await importFiles(page, files);
  const before = await archiveDays(page, 'steps');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByText('Import more files').click();
  const bytes = fs.readFileSync(files[0]);
  const cases = [
    [{ name: 'cut-short.zip', mimeType: 'application/zip', buffer: bytes.subarray(0, Math.floor(bytes.length / 2)) }, /not a zip file \(or only the start of one, cut short\)\..*Nothing was changed\./],
    [{ name: 'takeout-20261122T090000Z-1-001.tgz', mimeType: 'application/gzip', buffer: Buffer.from('not read') }, /reads \.zip exports, not \.tgz/],
    [{ name: 'photos.zip', mimeType: 'application/zip', buffer: fs.readFileSync(path.join(ROOT, 'photos.zip')) }, /hold no Fitbit or Google Health data/],
  ];
  for (const [file, message] of cases) {
    await page.locator('#import-files').setInputFiles(file);
    await expect(page.getByRole('alert')).toContainText(message);
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
  }
  expect(await archiveDays(page, 'steps')).toEqual(before);
});

test('files dropped anywhere on the page import too, and History shows the imported days', async ({ page }) => {
  await page.goto('./');
  const { files, expected } = exportOf('health');
  // A drop as the browser makes it: a DataTransfer holding the files.
  const payload = files.map((f) => ({ name: path.basename(f), bytes: [...fs.readFileSync(f)] }));
  const transfer = await page.evaluateHandle((payload) => {
    const dt = new DataTransfer();
    for (const f of payload) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'application/zip' }));
    return dt;
  }, payload);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  // The History section reads the imported export: a year heatmap with every imported day.
  const history = page.locator('#history');
  await history.getByRole('button', { name: 'Year', exact: true }).click();
  await expect(history.locator('.range-label')).toContainText('Steps,');
  await expect(history.locator('.heatmap figcaption')).toContainText(`${Object.keys(expected.steps).length} days with data`);
});

test('a worker that fails says so, and the history stays as it was', async ({ page, context }) => {
  await page.goto('./');
  const { files } = exportOf('legacy');
  await importFiles(page, files);
  const before = await archiveDays(page, 'steps');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  // The worker's glue cannot be loaded: the worker dies before it reads anything.
  await context.route(/\/import\.js$/, (route) => route.fulfill({ status: 500, body: 'broken' }));
  await page.getByText('Import more files').click();
  await page.locator('#import-files').setInputFiles(files);
  await expect(page.getByRole('alert')).toContainText('The import stopped unexpectedly. Nothing was changed');
  expect(await archiveDays(page, 'steps')).toEqual(before);
});

test('a full storage ends the import with what to do, and nothing of it is kept', async ({ page, context }) => {
  await page.goto('./');
  await importFiles(page, exportOf('legacy').files);
  const before = await storedParts(page, 'me');
  expect(Object.keys(before).length).toBeGreaterThan(5);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  // The browser refuses the third write of the import's one transaction, as a full disk does.
  await context.route(/\/import_loader\.js$/, async (route) => {
    const original = await (await route.fetch()).text();
    const full = `(() => {
      const put = IDBObjectStore.prototype.put;
      let n = 0;
      IDBObjectStore.prototype.put = function (...args) {
        if (++n > 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    })();`;
    await route.fulfill({ status: 200, contentType: 'text/javascript', body: full + original });
  });
  await page.getByText('Import more files').click();
  await page.locator('#import-files').setInputFiles(exportOf('health').files);
  await expect(page.getByRole('alert')).toContainText('The browser has no room left to store this export');
  await expect(page.getByRole('alert')).toContainText('Nothing was changed');
  // Not one part written: the two writes the browser took were taken back with the rest.
  expect(await storedParts(page, 'me')).toEqual(before);
});

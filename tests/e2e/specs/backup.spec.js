// Your history is safe in this browser and portable out of it: persistent storage asked for
// once (and its answer shown), a backup downloaded and restored in another browser profile to
// the same figures, restoring again changes nothing, and a damaged or newer backup is refused
// with nothing changed.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, storedParts, storedDays, unzip, signIn, refreshed, shots } from '../fixtures.js';

const ROOT = process.env.PULSEDECK_TAKEOUT ?? '';
const exportOf = (name) => {
  const dir = path.join(ROOT, name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { files: expected.files.map((f) => path.join(dir, f.name)), expected };
};
test.use({ timezoneId: 'America/Bogota' });

// The browser's answers to persist()/persisted(), made deterministic and counted: headless
// Chromium decides from site engagement.
const persistence = () => {
  let kept = false;
  window.__persistCalls = 0;
  // The prototype: Firefox has no navigator.storage yet when an init script runs, and runs it
  // once more where there is no StorageManager at all.
  if (!self.StorageManager) return;
  const storage = StorageManager.prototype;
  storage.persisted = () => Promise.resolve(kept);
  storage.persist = () => {
    window.__persistCalls += 1;
    kept = true;
    return Promise.resolve(true);
  };
};

const finished = (page) => page.getByRole('status', { name: 'Import finished' });

/** Everything the one history keeps, by key (the records' timestamps aside). */
async function kept(page) {
  const all = await storedParts(page, 'me');
  delete all['me/meta'];
  return all;
}

test('a backup restored in a fresh profile gives the same history; again changes nothing; damaged or newer is refused', async ({ page, browser }, info) => {
  test.setTimeout(test.info().timeout * 6); // 180 s in Chromium, 360 in Firefox
  await page.addInitScript(persistence);
  await page.goto('./');
  const { files, expected } = exportOf('legacy');
  await page.locator('#import-files').setInputFiles(files);
  await expect(finished(page)).toBeVisible({ timeout: 60_000 });
  // Asked once, after the first import; the answer shown in Sources.
  await expect.poll(() => page.evaluate(() => window.__persistCalls)).toBe(1);
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  const keep = page.locator('.keep');
  await expect(keep.getByRole('status')).toContainText("keeps pulsedeck's data for good");
  await expect(keep.getByRole('status')).toContainText('No backup was made in this browser yet.');
  // For a person to look at: Sources with what is kept and how.
  await page.locator('#sources').screenshot({ caret: 'initial', path: `${shots()}/sources-keep.png` });
  const before = await kept(page);
  expect(Object.keys(before).length).toBeGreaterThan(10);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    keep.getByRole('button', { name: 'Download a backup' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pulsedeck-backup-\d{4}-\d\d-\d\d\.zip$/);
  const file = info.outputPath('backup.zip');
  await download.saveAs(file);
  await expect(page.getByRole('status').filter({ hasText: 'Backup saved' })).toBeVisible();
  await expect(keep.getByRole('status')).toContainText('Last backup:');

  // Another profile: the backup goes through the first screen's chooser, like an export.
  const other = await browser.newContext({ baseURL: info.project.use.baseURL, timezoneId: 'America/Bogota' });
  const fresh = await other.newPage();
  await fresh.goto('./');
  await fresh.locator('#import-files').setInputFiles(file);
  await expect(finished(fresh)).toContainText('Restored your backup of', { timeout: 60_000 });
  expect(await kept(fresh)).toEqual(before);
  // The same figures on the dashboard.
  const steps = Math.round(expected.steps[expected.last]).toLocaleString('en-US');
  await expect(fresh.getByRole('region', { name: 'Activity', exact: true }).locator('.headline .big')).toHaveText(steps);

  // Restoring it again changes nothing.
  await fresh.getByRole('button', { name: 'Dismiss' }).first().click();
  await fresh.getByRole('button', { name: 'Sources', exact: true }).click();
  await fresh.locator('#sources-restore-files').setInputFiles(file);
  await expect(finished(fresh)).toContainText('Restored your backup of', { timeout: 60_000 });
  expect(await kept(fresh)).toEqual(before);

  // Cut short, or from a newer pulsedeck: said plainly, nothing changed.
  const bytes = fs.readFileSync(file);
  const cut = info.outputPath('backup-cut.zip');
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await fresh.locator('#sources-restore-files').setInputFiles(cut);
  await expect(fresh.getByRole('alert').filter({ hasText: 'Nothing was changed' })).toBeVisible({ timeout: 60_000 });
  await fresh.locator('#sources-restore-files').setInputFiles(path.join(ROOT, 'backup-newer.zip'));
  await expect(fresh.getByRole('alert').filter({ hasText: 'made by a newer pulsedeck' })).toBeVisible({ timeout: 60_000 });
  expect(await kept(fresh)).toEqual(before);
  await other.close();
});

test('everything as CSV and JSON, and a History view as CSV, hold the stored values with unit and source', async ({ page }, info) => {
  await page.goto('./');
  const { files } = exportOf('legacy');
  await page.locator('#import-files').setInputFiles(files);
  await expect(finished(page)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download everything (CSV and JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pulsedeck-history-\d{4}-\d\d-\d\d\.zip$/);
  const zip = await unzip(fs.readFileSync(await download.path()));
  const tidy = zip['daily.csv'].toString().trim().split('\n');
  expect(tidy[0]).toBe('date,metric,value,unit,source');
  const steps = await storedDays(page, 'steps');
  const rows = new Set(tidy.slice(1));
  const days = Object.keys(steps);
  for (const day of days.filter((_, i) => i % 17 === 0)) {
    expect(rows.has(`${day},steps,${steps[day]},count,archive`), day).toBe(true);
  }
  expect(zip['daily/steps.csv'].toString().trim().split('\n')).toHaveLength(days.length + 1);
  expect(zip['sleep.csv'].toString()).toMatch(/^date,start,minutes_asleep/);
  expect(JSON.parse(zip['history.json'].toString()).format).toBe('pulsedeck-history');

  // History's view: the metric and range in view, the same columns.
  const history = page.locator('#history');
  await history.getByRole('button', { name: 'Week', exact: true }).click();
  const [view] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Download this view (CSV)' }).click()]);
  const lines = fs.readFileSync(await view.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('date,metric,value,unit,source');
  expect(lines).toHaveLength(8);
  for (const line of lines.slice(1)) {
    const [day, metric, value, unit, source] = line.split(',');
    expect([metric, unit, source]).toEqual(['steps', 'count', 'archive']);
    expect(Number(value)).toBe(steps[day]);
  }
});

test('days only this browser has (the legacy Fitbit API) bring one backup reminder; a nearly full storage is said with its figures', async ({ page, fitbit }) => {
  // The browser says 9.5 of its 10 GB are used.
  await page.addInitScript(() => {
    if (!self.StorageManager) return; // see persistence
    StorageManager.prototype.estimate = () => Promise.resolve({ usage: 9.5e9, quota: 1e10 });
  });
  await signIn(page, fitbit);
  await refreshed(page);
  await page.reload();
  const reminder = page.getByRole('region', { name: 'Backup reminder' });
  // Both wait for the dashboard to settle (two seconds) before reading the store.
  await expect(reminder).toContainText('kept only in this browser', { timeout: 20_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'nearly full: 9500.0 MB of the 10000.0 MB' })).toBeVisible();
  await reminder.getByRole('button', { name: 'Not now' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'nearly full' })).toBeVisible({ timeout: 20_000 });
  await expect(reminder).toHaveCount(0);
});


test('a browser that refuses to keep the data for good is said so once, with what to do', async ({ page }) => {
  await page.addInitScript(() => {
    if (!self.StorageManager) return; // see persistence
    StorageManager.prototype.persisted = () => Promise.resolve(false);
    StorageManager.prototype.persist = () => Promise.resolve(false);
  });
  await page.goto('./');
  const { files } = exportOf('legacy');
  await page.locator('#import-files').setInputFiles(files);
  await expect(finished(page)).toContainText('did not agree to keep pulsedeck\'s data for good', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  await expect(page.locator('.keep').getByRole('status')).toContainText('may clear pulsedeck\'s data');
  await page.locator('#sources-import-files').setInputFiles(files);
  await expect(finished(page)).toContainText('Imported', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await expect(finished(page)).not.toContainText('did not agree');
});

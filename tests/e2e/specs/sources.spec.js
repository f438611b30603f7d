// One person, one history: the sources meet (an export and a live source in one History),
// removing one never takes another's data, re-imports of another vintage replace, "Try again"
// works for every source, an ended session is not a dead end, and a tab of an older version
// never writes over a newer store.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, signIn, refreshed, storedDays, storedParts, tabLater, SOURCE, openSetup, shots } from '../fixtures.js';

const ROOT = process.env.PULSEDECK_TAKEOUT ?? '';
const exportOf = (name) => {
  const dir = path.join(ROOT, name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { files: expected.files.map((f) => path.join(dir, f.name)), expected };
};
const region = (page, name) => page.getByRole('region', { name, exact: true });
// The generator's person lives at UTC−5 all year; the CSV tree's UTC stamps are placed in the
// browser's zone. (The mock Fitbit's 10:00 in Los Angeles is the same day there.)
test.use({ timezoneId: 'America/Bogota' });
const grouped = (n) => Math.round(n).toLocaleString('en-US');

async function importFiles(page, files, input = '#import-files') {
  await page.locator(input).setInputFiles(files);
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Dismiss' }).first().click();
}

/** History's "Days recorded" for steps over everything kept. */
async function daysRecorded(page) {
  const history = page.locator('#history');
  await history.getByRole('button', { name: 'All', exact: true }).click();
  const stat = history.locator('.records div').filter({ hasText: 'Days recorded' }).locator('dd');
  return Number((await stat.innerText()).replace(/,/g, ''));
}

async function openSources(page) {
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  const place = page.getByRole('region', { name: 'Sources' });
  await expect(place.locator('.source-list .held').first()).toBeVisible();
  return place;
}

test('an export, then Fitbit: one history; signing out of Fitbit with the defaults keeps the export', async ({ page, fitbit }) => {
  await page.goto('');
  const { files, expected } = exportOf('legacy');
  await importFiles(page, files);
  const exportDays = Object.keys(expected.steps).length;
  // What History counts for the export alone (its days recorded over "All").
  await expect.poll(() => daysRecorded(page)).toBeGreaterThanOrEqual(exportDays);
  const alone = await daysRecorded(page);
  // Fitbit connected beside it (from the setup screen).
  await page.getByRole('button', { name: 'Close' }).click();
  await openSetup(page, 'fitbit');
  await page.getByLabel('Fitbit client ID').fill(fitbit.clientId);
  await page.getByRole('button', { name: 'Connect Fitbit' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await refreshed(page);
  const live = await storedDays(page, 'steps', SOURCE.fitbit);
  expect(Object.keys(live).length).toBeGreaterThan(0);
  // The export's years stay in view, with Fitbit's days added; a day both gave shows Fitbit's.
  const added = Object.keys(live).filter((d) => !(d in expected.steps)).length;
  expect(added).toBeGreaterThan(0);
  await expect.poll(() => daysRecorded(page)).toBe(alone + added);
  expect(await storedDays(page, 'steps', SOURCE.export)).toEqual(expected.steps);
  const shown = await storedDays(page, 'steps');
  for (const [day, v] of Object.entries(live)) expect(shown[day], day).toBe(v);
  // History says where the days in view came from (and the data table has a source column).
  const marks = page.locator('#history .source-marks');
  await expect(marks).toContainText('Your Google Takeout export: Jul');
  await expect(marks).toContainText('Fitbit (legacy Web API):');
  await expect(page.locator('#history table th', { hasText: 'Source' })).toHaveCount(1);
  // Sources lists both, with what each holds.
  const place = await openSources(page);
  await expect(place.locator('[data-source=fitbit]')).toContainText(/\d+ days \(.* – .*\); last update .*, \d\d:\d\dconnected/);
  await expect(place.locator('[data-source=archive]')).toContainText(/\d+ days \(Jul\s\d+, 2026 – Nov\s20, 2026\); last update .*imported/);
  await page.screenshot({ caret: 'initial', path: `${shots()}/sources-export-and-fitbit.png`, fullPage: true });
  // Sign out with the dialog's default choices: it says what stays, and keeps it.
  await page.getByRole('button', { name: 'Sign out' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out of Fitbit?' });
  await expect(dialog.locator('#signout-stays')).toHaveText(`The ${grouped(exportDays)} days from your export stay.`);
  await dialog.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('Signed out of Fitbit: pulsedeck no longer has access')).toBeVisible();
  expect(await storedDays(page, 'steps', SOURCE.export)).toEqual(expected.steps);
  expect(await storedDays(page, 'steps', SOURCE.fitbit)).toEqual({});
  expect(Object.keys(await storedParts(page, 'me/live/fitbit'))).toEqual([]);
  await expect(page.getByText('Your export', { exact: true })).toBeVisible();
  await expect.poll(() => daysRecorded(page)).toBe(alone);
  await expect(page.locator('#history .source-marks'), 'one source: no marks').toHaveCount(0);
  // A reload opens the same history.
  await page.reload();
  await expect.poll(() => daysRecorded(page)).toBe(alone);
});

test('the same days from a 2024 and a 2026 export: the values of one import, never a sum', async ({ page }) => {
  await page.goto('');
  const legacy = exportOf('legacy');
  const health = exportOf('health');
  await importFiles(page, legacy.files);
  await page.getByText('Import more files').click();
  await importFiles(page, health.files);
  const steps = await storedDays(page, 'steps');
  for (const [day, v] of Object.entries(health.expected.steps)) expect(steps[day], day).toBe(v);
  const distance = await storedDays(page, 'distance');
  for (const [day, v] of Object.entries(health.expected.distance_m ?? {})) expect(distance[day], day).toBeCloseTo(v, 6);
  await expect(region(page, 'Activity').locator('.headline .big')).toHaveText(grouped(health.expected.steps[health.expected.last]));
});

test('Google: "Try again" in a failed widget asks Google again and fills it', async ({ page, google }) => {
  // A 503 is retried twice with back-off (Google's rate-limit page): three fail the widget.
  google.fail('/v4/users/me/pairedDevices', 'server', { times: 3 });
  await page.goto('');
  await openSetup(page, 'google');
  await page.getByLabel('Google client ID').fill(google.clientId);
  await page.getByRole('button', { name: 'Connect Google Health' }).click();
  await refreshed(page);
  const devices = region(page, 'Devices');
  await expect(devices.getByRole('button', { name: 'Try again' })).toBeVisible();
  const before = google.apiRequests().length;
  await devices.getByRole('button', { name: 'Try again' }).click();
  await expect(devices.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(devices).toContainText('Fitbit Air');
  expect(google.apiRequests().length, 'requests sent').toBeGreaterThan(before);
});

test('an ended Fitbit session is not a dead end: export, Sources, import and Google are reachable', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  fitbit.revokeAll();
  const later = await tabLater(context, 20 * 60_000);
  await later.goto('');
  await expect(later.getByRole('alert').filter({ hasText: 'no longer accepts' })).toBeVisible();
  await expect(later.getByText('Settings and your data', { exact: true })).toBeVisible();
  const place = await openSources(later);
  await expect(place.locator('[data-source=fitbit]')).toContainText('days');
  await expect(place.locator('#sources-import-files')).toBeAttached();
  await expect(place.locator('summary', { hasText: 'Connect the Google Health API' })).toBeVisible();
  await expect(place.getByRole('button', { name: /Delete everything/ })).toBeVisible();
  // Removing Fitbit's data: exactly that, confirmed first.
  await place.getByRole('button', { name: 'Remove the data Fitbit gave' }).click();
  await place.getByRole('button', { name: "Remove Fitbit (legacy Web API)'s data" }).click();
  await expect(later.getByText('The data Fitbit gave was deleted from this browser')).toBeVisible();
  expect(await storedDays(later, 'steps')).toEqual({});
});

test('a tab of an older version beside a newer store shows what it can and writes nothing', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  // A newer pulsedeck (another tab) wrote the store in a shape of a later version.
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('pulsedeck', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('parts', 'readwrite');
          tx.objectStore('parts').put('{"v":99}', 'me/meta');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  const before = await storedParts(page, 'me');
  fitbit.advance(3 * 3600_000);
  await page.reload();
  await refreshed(page);
  await expect(page.getByText('A newer pulsedeck is open in another tab')).toBeVisible();
  await expect(region(page, 'Activity').locator('.headline')).toContainText('steps');
  expect(await storedParts(page, 'me'), 'nothing overwritten').toEqual(before);
});

test("an export of someone else (other trackers) is not merged silently: asked, and 'no' changes nothing", async ({ page }) => {
  const mine = exportOf('legacy');
  const theirs = exportOf('other');
  await page.goto('./');
  await importFiles(page, mine.files);
  const before = await storedDays(page, 'steps', SOURCE.export);
  expect(before).toEqual(mine.expected.steps);
  const ask = page.getByRole('alertdialog', { name: "Someone else's export?" });

  // Asked, with both trackers named; "Don't add it" leaves the history as it was.
  await page.locator('#import-files').setInputFiles(theirs.files);
  await expect(ask).toContainText('its trackers (Versa 3) are not those of the export already in this history (Charge 6)');
  await ask.getByRole('button', { name: "Don't add it" }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The export was not added. Nothing was changed.' })).toBeVisible();
  expect(await storedDays(page, 'steps', SOURCE.export)).toEqual(before);

  // Asked again, and added: its days replace those it covers (another vintage), the others stay.
  await page.locator('#import-files').setInputFiles(theirs.files);
  await ask.getByRole('button', { name: 'Add it to this history' }).click();
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  const after = await storedDays(page, 'steps', SOURCE.export);
  for (const [day, steps] of Object.entries(before)) {
    expect(after[day], day).toBe(theirs.expected.steps[day] ?? steps);
  }
  // Both trackers are now known to this history: neither export asks again.
  await page.locator('#import-files').setInputFiles(mine.files);
  await expect(page.getByRole('status', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  await expect(ask).toHaveCount(0);
});

// The history store and views: the previous version's cache migrates, a new day with Fitbit
// failing keeps (and dates) yesterday's values, two tabs share one plan, and the demo's three
// years render as ranges and a heatmap that the address and the back button follow.
import { test, expect, signIn, tabLater, openDemo, refreshed, storedParts } from '../fixtures.js';

const region = (page, name) => page.getByRole('region', { name, exact: true });
const TWO_HOURS = 2 * 3600_000;
const ONE_DAY = 24 * 3600_000;

async function clearParts(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('pulsedeck', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('parts', 'readwrite');
          tx.objectStore('parts').clear();
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
}

test('the cache of the previous version (localStorage) moves into the store with nothing lost', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  const steps = await region(page, 'Activity').locator('.headline').innerText();
  const parts = await storedParts(page);
  const live = parts['me/live/fitbit'];
  expect(live, 'the Fitbit record is kept in IndexedDB').toBeTruthy();
  expect(Object.keys(parts).some((k) => k.endsWith('/days/steps'))).toBe(true);
  // What the previous version left: its record in localStorage, no IndexedDB data.
  await clearParts(page);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [`pulsedeck.cache.${fitbit.userId}`, live]);
  // Fitbit is down: whatever shows comes from the migrated cache.
  fitbit.fail('/1', 'server', { times: Infinity });
  await page.reload();
  await refreshed(page, 1);
  await expect(region(page, 'Activity').locator('.headline')).toHaveText(steps);
  await expect(region(page, 'Sleep')).not.toContainText('Could not load');
  const after = await storedParts(page);
  expect(after['me/live/fitbit']).toBeTruthy();
  expect(Object.keys(after).filter((k) => k.includes('/days/')).length).toBeGreaterThan(5);
  expect(await page.evaluate((k) => localStorage.getItem(k), `pulsedeck.cache.${fitbit.userId}`)).toBeNull();
});

test('a new day with Fitbit answering 500 still shows yesterday, labelled with its date', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  await expect(region(page, 'Activity').locator('.headline')).toContainText('steps today');
  // The person's today (in their profile's time zone), as the day picker shows it.
  const iso = await page.locator('#day').inputValue();
  const yesterday = new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  fitbit.fail('/1', 'server', { times: Infinity });
  const tomorrow = await tabLater(context, ONE_DAY);
  await tomorrow.goto('');
  await refreshed(tomorrow, 1);
  const activity = region(tomorrow, 'Activity');
  await expect(activity.locator('.headline')).toContainText(`steps on ${yesterday}`);
  await expect(activity.locator('.headline')).not.toContainText('today');
  await expect(region(tomorrow, 'Nutrition')).toContainText(`eaten on ${yesterday}`);
  for (const name of ['Sleep', 'Heart rate', 'Devices', 'Recent exercises']) {
    await expect(region(tomorrow, name)).not.toContainText('Could not load');
  }
  await expect(tomorrow.locator('.skeleton')).toHaveCount(0);
});

test('two tabs opened at once send one plan, not two', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  const first = fitbit.dataRequests().length;
  await page.close();
  // Two hours later the quarter-hourly and hourly parts are stale: one tab fetches them, the
  // other waits for the lock, re-reads the store and finds them fresh.
  const tabs = [await tabLater(context, TWO_HOURS), await tabLater(context, TWO_HOURS)];
  await Promise.all(tabs.map((t) => t.goto('')));
  await Promise.all(tabs.map((t) => refreshed(t, 1)));
  const sent = fitbit.dataRequests().slice(first).map((r) => r.path);
  expect(sent.length).toBeGreaterThan(0);
  expect(new Set(sent).size, sent.join('\n')).toBe(sent.length);
  for (const t of tabs) await expect(region(t, 'Activity').locator('.headline')).toContainText('steps today');
});

test('demo: three years as ranges and a year heatmap; the address and the back button follow', async ({ page }) => {
  await openDemo(page);
  const history = page.locator('#history');
  await expect(history.getByRole('button', { name: 'Month', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(history.locator('.range-label')).toContainText('Steps,');
  // Heatmap: a year of days, and no day of the demo's years without data.
  const cells = history.locator('.heatmap rect');
  expect(await cells.count()).toBeGreaterThanOrEqual(365);
  await expect(history.locator('.heatmap figcaption')).toContainText(/36[5-6] days with data|37\d days with data/);
  await history.getByRole('button', { name: 'All', exact: true }).click();
  await expect(page).toHaveURL(/range=all/);
  // Three years in months: at most ~37 marks, each a monthly mean.
  await expect(history.locator('.range-label')).toContainText('monthly mean');
  const bars = await history.locator('.chart .bar').count();
  expect(bars).toBeGreaterThanOrEqual(36);
  expect(bars).toBeLessThanOrEqual(38);
  await history.getByRole('button', { name: 'Year', exact: true }).click();
  await expect(history.locator('.range-label')).toContainText('weekly mean');
  // Keyboard: the left arrow goes a year back, and the address says so.
  await history.getByRole('button', { name: 'Year', exact: true }).press('ArrowLeft');
  await expect(page).toHaveURL(/range=year&end=\d{4}-\d\d-\d\d/);
  const earlier = await history.locator('.range-label').innerText();
  await page.goBack();
  await expect(page).toHaveURL(/range=year$/);
  await expect(history.locator('.range-label')).not.toHaveText(earlier);
  await page.goBack();
  await expect(page).toHaveURL(/range=all/);
  await expect(history.locator('.range-label')).toContainText('monthly mean');
  // Another metric, with records and streaks.
  await history.getByLabel('Show').selectOption({ label: 'Time asleep' });
  await expect(page).toHaveURL(/metric=minutes_asleep/);
  await expect(history.locator('.records')).toContainText('Best day');
  await page.getByRole('button', { name: 'Back to my data' }).or(page.getByRole('button', { name: 'Leave the demo' })).waitFor();
});

test('a bookmarked view opens as it was', async ({ page }) => {
  await page.goto('?metric=weight&range=week');
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  const history = page.locator('#history');
  await expect(history.getByRole('button', { name: 'Week', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(history.locator('.range-label')).toContainText('Weight,');
  await expect(history.locator('.chart .line')).toHaveCount(1);
});

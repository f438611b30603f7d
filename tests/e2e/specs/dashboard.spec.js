// The dashboard as a person uses it: scope sets, every widget state, settings, accessibility.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, tabLater, signIn, openDemo, refreshed, openSetup, setupSummary, shots } from '../fixtures.js';

const region = (page, name) => page.getByRole('region', { name, exact: true });
const ALL_TITLES = ['Activity', 'Heart rate', 'Sleep', 'Body', 'Nutrition', 'Recent exercises', 'Blood oxygen (SpO2)', 'Breathing rate',
  'Skin temperature', 'Cardio fitness', 'ECG', 'Irregular rhythm notifications', 'Devices', 'Friends', 'Profile'];
const SCOPE_OF = { activity: ['activities/', 'activities/list'], sleep: ['/sleep/'], heartrate: ['/heart/', '/hrv/'] };

async function checkA11y(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

test('all scopes granted: every widget shows data or a reason, none says "not shared"', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  for (const t of ALL_TITLES) await expect(region(page, t)).toBeVisible();
  await expect(page.locator('.not-shared')).toHaveCount(0);
  await expect(page.locator('.skeleton')).toHaveCount(0);
  // Newest first (the mock answers in the sample's order, oldest first).
  await expect(region(page, 'Recent exercises').locator('li').first()).toContainText('Spinning');
  await expect(region(page, 'Recent exercises')).toContainText('Outdoor Bike');
  await expect(region(page, 'Profile')).toContainText('Display name');
  await expect(region(page, 'Cardio fitness')).toContainText(/\d+–\d+/);
});

test('only profile shared: the rest says "not shared" and nothing else is requested', async ({ page, fitbit }) => {
  fitbit.consent.grant = ['profile'];
  await signIn(page, fitbit, { scopes: ['profile'] });
  await expect(region(page, 'Profile')).toContainText('Display name');
  for (const t of ALL_TITLES.filter((x) => x !== 'Profile')) {
    await expect(region(page, t)).toContainText('Not shared.');
  }
  expect(fitbit.dataRequests().map((r) => r.path)).toEqual(['/1/user/-/profile.json']);
  // Sharing one more from its widget asks Fitbit for exactly that, with the consent page.
  fitbit.consent.grant = null;
  await region(page, 'Heart rate').getByRole('button', { name: 'Share heart rate with pulsedeck' }).click();
  await expect(region(page, 'Heart rate')).toContainText('bpm resting');
  const auth = fitbit.requests((r) => r.path === '/oauth2/authorize').at(-1);
  expect(auth.query.prompt).toBe('consent');
  expect(auth.query.scope.split(' ').sort()).toEqual(['heartrate', 'profile']);
  await expect(region(page, 'Sleep')).toContainText('Not shared.');
});

test('activity and sleep shared: those widgets show data, no request for anything else', async ({ page, fitbit }) => {
  fitbit.consent.grant = ['activity', 'sleep'];
  await signIn(page, fitbit, { scopes: ['activity', 'sleep'] });
  await expect(region(page, 'Activity')).toContainText('steps today');
  await expect(region(page, 'Sleep')).toContainText('asleep last night');
  // Newest first (the mock answers in the sample's order, oldest first).
  await expect(region(page, 'Recent exercises').locator('li').first()).toContainText('Spinning');
  await expect(region(page, 'Recent exercises')).toContainText('Outdoor Bike');
  await expect(region(page, 'Recent exercises')).toContainText('Routes are not shared');
  for (const t of ['Heart rate', 'Body', 'Devices', 'Profile', 'Friends']) await expect(region(page, t)).toContainText('Not shared.');
  const paths = fitbit.dataRequests().map((r) => r.path);
  expect(paths.every((p) => p.includes('/activities') || p.includes('/sleep/'))).toBe(true);
  expect(paths.filter((p) => p.includes('/heart/'))).toEqual([]);
});

test('loading shows placeholders of the final size; a failed widget offers "Try again"', async ({ page, fitbit }) => {
  fitbit.delayMs = 1500;
  fitbit.fail('/1/user/-/devices.json', 'server');
  await page.goto('');
  await openSetup(page, 'fitbit');
  await page.getByLabel('Fitbit client ID').fill(fitbit.clientId);
  await page.getByRole('button', { name: 'Connect Fitbit' }).click();
  await expect(region(page, 'Sleep').locator('.skeleton')).toBeVisible();
  const devices = region(page, 'Devices');
  await expect(devices).toContainText('Could not load this from Fitbit');
  fitbit.delayMs = 0;
  await devices.getByRole('button', { name: 'Try again' }).click();
  await expect(devices).toContainText('Charge 2');
  await expect(page.locator('.skeleton')).toHaveCount(0);
});

test('settings: hide and reorder widgets (remembered; hidden ones are not requested), theme override', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  await page.getByText('Settings and your data').click();
  await page.getByRole('checkbox', { name: 'Friends', exact: true }).uncheck();
  await expect(region(page, 'Friends')).toHaveCount(0);
  await page.getByRole('button', { name: 'Move Sleep up' }).click();
  const order = await page.locator('section.widget h2').allInnerTexts();
  expect(order.slice(0, 3).map((t) => t.toLowerCase())).toEqual(['activity', 'sleep', 'heart rate']);
  await page.getByLabel('Appearance').selectOption('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 21, 26)');
  await page.reload();
  await expect(region(page, 'Sleep')).toBeVisible();
  await expect(region(page, 'Friends')).toHaveCount(0);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 21, 26)');
  // A fresh load (new day of data) does not ask for the hidden widget's data.
  const before = fitbit.dataRequests().length;
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('pulsedeck.cache')).forEach((k) => localStorage.removeItem(k)));
  await page.reload();
  await expect(region(page, 'Devices')).toContainText('Charge 2');
  await refreshed(page);
  expect(fitbit.dataRequests().slice(before).filter((r) => r.path.includes('leaderboard'))).toEqual([]);
});

for (const scheme of ['light', 'dark']) {
  test(`no serious or critical accessibility violations (${scheme}): setup, demo, signed-in dashboard`, async ({ page, fitbit }) => {
    // axe over three screens: over 30 s on a busy 2-core machine.
    test.setTimeout(test.info().timeout * 3); // 90 s in Chromium, 180 in Firefox
    // axe reads the DOM and ARIA the app builds, the same in every engine; over Firefox's BiDi
    // its pass over the demo alone took 60 s of a busy machine (70 s in all for three screens in
    // Chromium's time): checked in Chromium.
    test.skip(test.info().project.name === 'firefox', 'axe checks the same DOM in Chromium; over BiDi it takes minutes');
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('');
    await expect(setupSummary(page, 'fitbit')).toBeVisible();
    // Both set-ups open: the whole screen is checked.
    await openSetup(page, 'google');
    await openSetup(page, 'fitbit');
    await checkA11y(page, 'setup');
    await openDemo(page);
    await checkA11y(page, 'demo');
    await page.getByRole('button', { name: 'Leave the demo' }).click();
    await signIn(page, fitbit);
    await checkA11y(page, 'dashboard');
    await page.screenshot({ caret: 'initial', path: `${shots()}/dashboard-${scheme}.png`, fullPage: true });
  });
}

/** The date `n` days before the page's today (its clock is the test's, its zone UTC). */
function daysAgo(clock, n) {
  return new Date(Date.now() + clock - n * 86_400_000).toISOString().slice(0, 10);
}

test('demo: picking a previous day shows that day, and "Back to today" returns', async ({ page, clock }) => {
  await openDemo(page);
  const activity = region(page, 'Activity');
  await expect(activity.locator('.headline')).toContainText('steps today');
  const todaySteps = await activity.locator('.headline .big').innerText();
  await page.getByLabel('Day', { exact: true }).fill(daysAgo(clock, 3));
  await expect(activity.locator('.headline')).toContainText(/steps on \w{3}\u00a0\d+/);
  await expect(region(page, 'Nutrition').locator('.headline')).toContainText(/kcal eaten on/);
  expect(await activity.locator('.headline .big').innerText()).not.toBe(todaySteps);
  await page.getByRole('button', { name: 'Back to today' }).click();
  await expect(activity.locator('.headline')).toContainText('steps today');
});

test('signed in: a previous day costs exactly three requests, all for that day', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  // The person's "today" follows their profile's time zone (the fixture's is Los Angeles).
  const before = fitbit.dataRequests().length;
  const today = await page.getByLabel('Day', { exact: true }).inputValue();
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 4);
  const day = d.toISOString().slice(0, 10);
  await page.getByLabel('Day', { exact: true }).fill(day);
  await expect(region(page, 'Activity').locator('.headline')).toContainText(/steps on/);
  await expect(region(page, 'Nutrition').locator('.headline')).toContainText(/kcal eaten on/);
  await page.waitForLoadState('networkidle');
  const extra = fitbit.dataRequests().slice(before).map((r) => r.path);
  expect(extra).toHaveLength(3);
  expect(extra.every((p) => p.includes(day))).toBe(true);
});

test('minute-by-minute curves: opt-in, shown for a Personal app, explained for a Client app', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  await expect(region(page, 'Activity').locator('.day-curve')).toHaveCount(0);
  expect(fitbit.dataRequests().filter((r) => r.path.includes('/1d/'))).toEqual([]);
  await page.getByText('Settings and your data').click();
  await page.getByLabel(/minute-by-minute/).check();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(region(page, 'Activity').locator('.day-curve svg')).toHaveAttribute('aria-label', /^Steps through the day, per 15 minutes: highest/);
  await expect(region(page, 'Heart rate').locator('.day-curve')).toBeVisible();
  expect(fitbit.dataRequests().filter((r) => r.path.includes('/1d/'))).toHaveLength(2);
  // The same person with a "Client" app: Fitbit refuses. (Refresh does not re-ask for curves
  // fetched a moment ago: a tab twenty minutes later does.) Today's stored curve stays shown.
  fitbit.appType = 'client';
  const later = await tabLater(context, 20 * 60_000);
  await later.goto('');
  await refreshed(later, 1);
  expect(fitbit.dataRequests().filter((r) => r.path.includes('/1d/'))).toHaveLength(4);
  await expect(region(later, 'Activity').locator('.day-curve')).toBeVisible();
  // The next day, with no curve of its own stored, the widget says why.
  const nextDay = await tabLater(context, 24 * 3600_000);
  await nextDay.goto('');
  await expect(region(nextDay, 'Activity')).toContainText('Minute-by-minute data needs a Fitbit app of type "Personal"');
  await expect(region(nextDay, 'Activity').locator('.headline')).toContainText('steps today');
});

test('with location shared, an exercise route is drawn on request (one TCX request, no map tiles)', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  const exercises = region(page, 'Recent exercises');
  const before = fitbit.dataRequests().length;
  await exercises.getByRole('button', { name: 'Show route' }).first().click();
  await expect(exercises.locator('svg.route')).toHaveAttribute('aria-label', /^Route of the .+, 24 GPS points$/);
  const extra = fitbit.dataRequests().slice(before);
  expect(extra).toHaveLength(1);
  expect(extra[0].path).toMatch(/^\/1\/user\/-\/activities\/\d+\.tcx$/);
  // Kept with the rest of the cached data.
  await page.reload();
  await expect(exercises.locator('svg.route')).toBeVisible();
});

// The data layer end to end: request planning, cache, rate limits and failures.
import { test, expect, signIn, tabLater, refreshed } from '../fixtures.js';

const HOURS = 3_600_000;
const region = (page, name) => page.getByRole('region', { name, exact: true });


test('a cold load with every scope: 18 data requests, none twice, in metric, real data shown', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  const data = fitbit.dataRequests();
  const urls = data.map((r) => r.url);
  expect(urls).toHaveLength(18);
  expect(new Set(urls).size).toBe(urls.length);
  // Every request asks for metric units (en_US would make Fitbit answer in pounds and miles),
  // and none was refused for its parameters.
  expect(data.map((r) => r.headers['accept-language'])).toEqual(urls.map(() => 'metric'));
  expect(fitbit.log.filter((r) => r.status === 400)).toEqual([]);
  await expect(region(page, 'Devices')).toContainText('Charge 2');
  await expect(region(page, 'Sleep')).toContainText('asleep last night');
  await expect(region(page, 'Activity')).toContainText('steps today');
  // Active minutes: the daily summary's fairly plus very active minutes (the fixture's 63 + 91).
  await expect(region(page, 'Activity').locator('.stat', { hasText: /^Active minutes/ }).locator('dd')).toHaveText('154 min');
  await expect(page.locator('.statusbar')).toContainText(/\d+ of 150 Fitbit requests left this hour/);
  // Every row is one the requests fill: no goal rows Fitbit was never asked for, a weight
  // chart over the 30 days the weight log covers, zone minutes for today (0 when none).
  const body = region(page, 'Body');
  await expect(body).toContainText('Weight, last 30 days');
  await expect(body.locator('dt', { hasText: /^Goal$/ })).toHaveCount(0);
  await expect(region(page, 'Nutrition').locator('dt', { hasText: 'Water goal' })).toHaveCount(0);
});

test('a day without active zone minutes shows 0 min, not a dash', async ({ page, fitbit }) => {
  // Fitbit lists only days with zone minutes.
  fitbit.setData('/1/user/-/activities/active-zone-minutes/', { 'activities-active-zone-minutes': [] });
  await signIn(page, fitbit);
  await expect(region(page, 'Activity').locator('.stat', { hasText: 'Active zone minutes' }).locator('dd')).toHaveText('0 min');
});

test('a reload within the freshness window sends no data request', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  const before = fitbit.dataRequests().length;
  await page.reload();
  await expect(region(page, 'Devices')).toContainText('Charge 2');
  await refreshed(page);
  expect(fitbit.dataRequests().length).toBe(before);
});

test('a reload of stale data paints from the cache before the first reply', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  const answered = fitbit.answered;
  fitbit.delayMs = 4000;
  const later = await tabLater(context, 2 * HOURS);
  await later.goto('');
  await expect(region(later, 'Devices')).toContainText('Charge 2', { timeout: 2500 });
  await expect(region(later, 'Sleep')).toContainText('asleep last night');
  expect(fitbit.answered).toBe(answered); // nothing new has been answered yet
  await expect(later.locator('.statusbar')).toContainText('Updating');
});

test('429: a banner with the reset time, and no retry storm', async ({ page, fitbit }) => {
  fitbit.fail(/^\/1(\.\d)?\/user\//, 'rate_limited', { times: Infinity });
  await signIn(page, fitbit);
  await expect(page.locator('.banner.error')).toContainText(/hourly request limit is reached\. pulsedeck will try again after \d\d:\d\d/);
  const sent = fitbit.dataRequests().length;
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.reload();
  await refreshed(page);
  await page.waitForTimeout(1000);
  expect(fitbit.dataRequests().length).toBe(sent);
});

test('5xx or offline: the saved data stays on screen, with its time', async ({ page, context, fitbit }) => {
  await signIn(page, fitbit);
  fitbit.fail(/^\/1(\.\d)?\/user\/-\/(devices|activities)/, 'server', { times: Infinity });
  fitbit.fail(/^\/1\.2\/user\/-\/sleep/, 'network', { times: Infinity });
  const later = await tabLater(context, 2 * HOURS);
  await later.goto('');
  await expect(later.locator('.banner.error')).toContainText(/Could not reach Fitbit\. Showing the data saved at \d\d:\d\d/);
  await expect(region(later, 'Devices')).toContainText('Charge 2');
  await expect(region(later, 'Sleep')).toContainText('asleep last night');
  await expect(later.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('410 Gone: a clear retirement notice', async ({ page, fitbit }) => {
  fitbit.fail(/^\/1(\.\d)?\/user\//, 'gone', { times: Infinity });
  await signIn(page, fitbit);
  await expect(page.locator('.banner.error')).toContainText('turned off the legacy Fitbit Web API');
});

test('malformed JSON breaks only the widget that needed it', async ({ page, fitbit }) => {
  fitbit.fail('/1/user/-/activities/steps/', 'malformed');
  await signIn(page, fitbit);
  await expect(region(page, 'Activity')).toContainText('could not read');
  await expect(region(page, 'Sleep')).toContainText('asleep last night');
  await expect(region(page, 'Devices')).toContainText('Charge 2');
});

test('a device without the sensor shows "no data", not an error', async ({ page, fitbit }) => {
  fitbit.setData(/^\/1\/user\/-\/(spo2|br|temp|cardioscore)\//, []);
  fitbit.setData(/^\/1\/user\/-\/hrv\//, { hrv: [] });
  fitbit.setData(/^\/1\/user\/-\/ecg\//, { ecgReadings: [], pagination: {} });
  await signIn(page, fitbit);
  for (const [name, words] of [
    ['Blood oxygen (SpO2)', 'may not measure it'],
    ['Breathing rate', 'may not measure it'],
    ['Skin temperature', 'needs a device with the sensor'],
    ['Cardio fitness', 'No cardio fitness score yet'],
    ['ECG', 'No ECG readings'],
  ]) {
    await expect(region(page, name)).toContainText(words);
    await expect(region(page, name).locator('.notice.error')).toHaveCount(0);
  }
});

test('skin temperature, ECG, rhythm alerts and friends show their data; names are text', async ({ page, fitbit }) => {
  await signIn(page, fitbit);
  const skin = region(page, 'Skin temperature');
  await expect(skin).toContainText('°');
  await expect(skin).not.toContainText('needs a device with the sensor');
  await expect(region(page, 'ECG')).toContainText('Normal Sinus Rhythm');
  await expect(region(page, 'Irregular rhythm notifications')).toContainText('Irregular rhythm detected');
  const friends = region(page, 'Friends');
  await expect(friends).toContainText('Robin <b>Friend</b>');
  await expect(friends.locator('b')).toHaveCount(0);
});

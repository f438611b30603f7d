// Export and units: the data stays the person's, in the units they read.
import { readFile } from 'node:fs/promises';
import { test, expect, openDemo } from '../fixtures.js';

test('all data downloads as JSON and one metric as CSV, without any request', async ({ page, fitbit }) => {
  await openDemo(page);
  await page.getByText('Settings and your data').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all data (JSON)' }).click()]);
  expect(json.suggestedFilename()).toMatch(/^pulsedeck-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(data.origin).toBe('demo');
  expect(data.series.steps.ready.points.length).toBeGreaterThan(60);

  await page.getByLabel('Metric to export').selectOption({ label: 'Weight' });
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^pulsedeck-weight-.*\.csv$/);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('date,weight_kg');
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},\d+(\.\d+)?$/);
  expect(fitbit.log).toEqual([]);
});

test('the units override changes every widget at once and is remembered', async ({ page }) => {
  await openDemo(page);
  const body = page.getByRole('region', { name: 'Body', exact: true });
  await expect(body.locator('.headline')).toContainText('kg');
  await page.getByText('Settings and your data').click();
  await page.getByLabel('Units').selectOption('us');
  await expect(body.locator('.headline')).toContainText('lb');
  await expect(page.getByRole('region', { name: 'Activity', exact: true })).toContainText(' mi');
  await page.reload();
  await page.getByRole('button', { name: 'Look at the demo dashboard' }).click();
  await expect(body.locator('.headline')).toContainText('lb');
});

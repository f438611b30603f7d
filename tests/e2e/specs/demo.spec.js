// The demo dashboard: what a newcomer sees before connecting anything.
import { test, expect, openDemo } from '../fixtures.js';

test('the demo dashboard renders real content under /pulsedeck/', async ({ page }) => {
  await openDemo(page);
  await expect(page).toHaveTitle('pulsedeck');
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible();
  // Every widget is a landmark region named by its title.
  for (const title of ['Activity', 'Heart rate', 'Sleep', 'Body', 'Nutrition', 'Recent exercises', 'Blood oxygen (SpO2)', 'Breathing rate',
    'Skin temperature', 'Cardio fitness', 'ECG', 'Irregular rhythm notifications', 'Devices', 'Friends', 'Profile']) {
    await expect(page.getByRole('region', { name: title, exact: true })).toBeVisible();
  }
  // Demo values are deterministic relative to today: today's steps are a formatted number
  // below the 10,000 goal, and the goal progress says so.
  const activity = page.getByRole('region', { name: 'Activity', exact: true });
  const steps = await activity.locator('.headline .big').innerText();
  expect(steps).toMatch(/^\d{1,2},\d{3}$|^\d{1,3}$/);
  expect(Number(steps.replace(/,/g, ''))).toBeLessThan(10_000);
  await expect(activity.getByText(/% of 10,000 steps/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sleep', exact: true }).getByText(/asleep last night/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Devices', exact: true }).getByText('Charge 6')).toBeVisible();
  await expect(page.getByText('Your data comes only from Fitbit, Google or your own export, and stays in this browser.')).toBeVisible();
  // The demo has no GPS tracks to load: it says a route exists, without a button that does nothing.
  const exercises = page.getByRole('region', { name: 'Recent exercises', exact: true });
  await expect(exercises.getByText('GPS route recorded').first()).toBeVisible();
  await expect(exercises.getByRole('button', { name: 'Show route' })).toHaveCount(0);
});

test('charts have a text alternative for screen readers', async ({ page }) => {
  await openDemo(page);
  const chart = page.getByRole('region', { name: 'Activity', exact: true }).getByRole('img');
  await expect(chart).toHaveAttribute('aria-label', /^Steps, last 30 days: 30 days with data, average [\d,]+, lowest [\d,]+, highest [\d,]+\.$/);
  // The data table behind it has one row per day.
  await expect(page.locator('#w-activity figcaption tbody tr')).toHaveCount(30);
});

test('the demo sends no request to Fitbit and nothing to anyone else', async ({ page, fitbit }) => {
  await openDemo(page);
  await page.waitForLoadState('networkidle');
  expect(fitbit.log).toEqual([]);
});

test('the page runs under its strict Content-Security-Policy', async ({ page }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openDemo(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).not.toContain('INLINE_SCRIPT_HASHES');
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
  // Exactly the page, Fitbit's API, Google's Health API and Google's revocation endpoint.
  expect(csp).toContain("connect-src 'self' https://api.fitbit.com https://health.googleapis.com https://oauth2.googleapis.com;");
  expect(violations).toEqual([]);
});

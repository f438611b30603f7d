// The Google Health API as a live source, against the mock Google (mock/google.js): the token
// (implicit) sign-in without a secret, granular consent, the hour-long token, paging, 429,
// revocation, and nothing sent anywhere but the page's origin and Google's hosts.
import { test, expect, tabLater, refreshed, storedDays, openSetup, setupSummary, APP_ORIGIN, shots } from '../fixtures.js';
import { valueOn } from '../mock/google.js';

const region = (page, name) => page.getByRole('region', { name, exact: true });
const grouped = (n) => Math.round(n).toLocaleString('en-US');
const HOUR = 3_600_000;

/** Fills the wizard and consents on the mock's page; resolves on the refreshed dashboard. */
async function connect(page, google, { wait = true } = {}) {
  await page.goto('');
  await openSetup(page, 'google');
  await page.getByLabel('Google client ID').fill(google.clientId);
  await page.getByRole('button', { name: 'Connect Google Health' }).click();
  if (wait) {
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await refreshed(page);
  }
}

const token = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('pulsedeck.google.tokens') ?? 'null'));

test('the wizard: steps in order, the origin and redirect URI to paste, the client ID checked by shape', async ({ page }) => {
  await page.goto('');
  await openSetup(page, 'google');
  const wizard = page.getByRole('region', { name: 'Connect the Google Health API' });
  await expect(wizard).toContainText('Google Health API');
  await expect(wizard.locator('#google-origin')).toHaveText(APP_ORIGIN);
  await expect(wizard.locator('#google-redirect')).toHaveText(`${APP_ORIGIN}/pulsedeck/`);
  await expect(wizard).toContainText('sleep.readonly');
  await expect(wizard).toContainText('hasn\u2019t verified this app');
  // Said plainly before the ten-minute wizard: Google is not onboarding; the export first.
  const warn = wizard.locator('.google-onboarding');
  await expect(warn).toContainText('Google is not onboarding new projects');
  await expect(warn).toContainText('export');
  expect(await warn.evaluate((w) => !!(w.compareDocumentPosition(document.querySelector('.google-setup .steps')) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
  await wizard.screenshot({ caret: 'initial', path: `${shots()}/google-wizard.png` });
  await page.getByLabel('Google client ID').fill('23ABCD');
  await page.getByRole('button', { name: 'Connect Google Health' }).click();
  await expect(wizard.locator('#google-client-id-error')).toContainText('apps.googleusercontent.com');
  await expect(page).toHaveURL(/127\.0\.0\.1/);
});

test('connect: one request per data type, the dashboard in base units, a clean address; a reload sends none', async ({ page, google }) => {
  const logged = [];
  page.on('console', (m) => logged.push(m.text()));
  await connect(page, google);
  // The sign-in asked for a token with read-only scopes, a state and the app root.
  const [auth] = google.log.filter((r) => r.path === '/o/oauth2/v2/auth');
  expect(auth.query).toMatchObject({ response_type: 'token', redirect_uri: `${APP_ORIGIN}/pulsedeck/`, include_granted_scopes: 'true', client_id: google.clientId });
  expect(auth.query.scope.split(' ').every((s) => s.endsWith('.readonly'))).toBe(true);
  // The fragment is gone from the address bar.
  expect(page.url()).toBe(`${APP_ORIGIN}/pulsedeck/`);
  const api = google.apiRequests();
  const paths = api.map((r) => r.path);
  // Identity, settings, profile, devices, 6 roll-ups, 6 daily types, exercises, weight, body fat:
  // each once. Where the API allows no less: total calories and active minutes in 3 ranges each
  // (at most 14 days), and 30 nights of sleep in 2 pages (at most 25 sessions a page). 25 in all.
  expect(paths.filter((p) => p.includes('total-calories'))).toHaveLength(3);
  expect(paths.filter((p) => p.includes('/sleep/'))).toHaveLength(2);
  const others = paths.filter((p) => !p.includes('total-calories') && !p.includes('active-minutes/') && !p.includes('/sleep/'));
  expect(new Set(others).size).toBe(others.length);
  expect(paths.filter((p) => p.includes('active-minutes/'))).toHaveLength(3);
  expect(api).toHaveLength(25);
  expect(api.filter((r) => r.status !== 200), 'every request as the API accepts it').toEqual([]);
  expect(paths[0]).toBe('/v4/users/me/identity');
  expect(paths[1]).toBe('/v4/users/me/settings');
  // The token travels in the Authorization header only: never in an address or a log line.
  const t = (await token(page)).access_token;
  expect(t).toMatch(/^ya29\./);
  for (const r of google.log) expect(r.url).not.toContain(t);
  expect(logged.filter((l) => l.includes(t))).toEqual([]);
  expect(await page.evaluate(() => location.hash)).toBe('');
  // Today in the person's zone (the settings' New York), values as Google sent them.
  const today = google.today();
  await expect(region(page, 'Activity').locator('.headline .big')).toHaveText(grouped(valueOn('steps', today)));
  await expect(region(page, 'Activity')).toContainText('steps today');
  await expect(region(page, 'Heart rate')).toContainText(`${valueOn('daily-resting-heart-rate', today)}`);
  await expect(region(page, 'Sleep')).toContainText('asleep last night');
  await expect(region(page, 'Sleep').locator('.headline')).toContainText(String(Math.floor(valueOn('sleep', today) / 60)));
  await expect(region(page, 'Devices')).toContainText('Fitbit Air');
  await expect(region(page, 'Friends')).toContainText('Not available from the Google Health API');
  // Google has no read scope for food: no "Share" button that could not help.
  await expect(region(page, 'Nutrition')).toContainText('Not available from the Google Health API');
  await expect(region(page, 'Nutrition').getByRole('button')).toHaveCount(0);
  await expect(region(page, 'Profile')).toContainText('Google Health account');
  await expect(region(page, 'Profile')).toContainText('America/New_York');
  await expect(region(page, 'Recent exercises')).toContainText('Run');
  await expect(region(page, 'Activity').locator('.stat', { hasText: /^Active minutes/ }).locator('dd')).toHaveText(`${valueOn('active-minutes', today)} min`);
  // Distance arrives in millimetres: the settings say miles.
  const km = (valueOn('distance', today) / 1e6);
  await expect(region(page, 'Activity')).toContainText(`${(km / 1.609344).toFixed(2)} mi`);
  await page.screenshot({ caret: 'initial', path: `${shots()}/google-dashboard.png`, fullPage: true });
  // A reload within the quarter hour paints from the store and asks nothing.
  const before = google.apiRequests().length;
  await page.reload();
  await expect(region(page, 'Activity').locator('.headline .big')).toHaveText(grouped(valueOn('steps', today)));
  await refreshed(page);
  expect(google.apiRequests().length).toBe(before);
});

/** How many days of `metric` the store keeps for the Google account `id`. */
const daysKept = async (page, id, metric) => (void id, Object.keys(await storedDays(page, metric)).length);

test('older history is fetched when a view reaches it: once, for history types only, paged as the API requires', async ({ page, google }) => {
  await connect(page, google);
  expect(await daysKept(page, google.healthUserId, 'steps')).toBe(30);
  const before = google.apiRequests().length;
  await page.locator('#history').getByRole('button', { name: 'Year', exact: true }).click();
  // 91 requests: seconds on a busy machine.
  await expect.poll(() => daysKept(page, google.healthUserId, 'steps'), { timeout: 30_000 }).toBe(365);
  await refreshed(page, 2);
  const older = google.apiRequests().slice(before);
  expect(older.every((r) => r.path.includes('/dataTypes/') && r.status === 200)).toBe(true);
  // 335 more days: steps in 4 ranges of ≤ 90 days, total calories in 24 of ≤ 14, 335 nights in 14 pages of ≤ 25.
  expect(older.filter((r) => r.path.includes('/steps/'))).toHaveLength(4);
  expect(older.filter((r) => r.path.includes('/total-calories/'))).toHaveLength(24);
  expect(older.filter((r) => r.path.includes('/sleep/'))).toHaveLength(14);
  // With active minutes in 24 more, the other roll-ups (3 × 4), 6 daily types, 5 pages of
  // exercises, weight, body fat: 91, inside Google's 300 a minute.
  expect(older).toHaveLength(91);
  // The chart reads them: the year view's first day holds Google's value.
  await expect(page.locator('#history')).toContainText('365 days with data');
  // Asked once: the same view again (and after a reload) sends nothing more.
  const n = google.apiRequests().length;
  await page.reload();
  await refreshed(page);
  await expect.poll(() => daysKept(page, google.healthUserId, 'steps')).toBe(365);
  await page.waitForTimeout(500);
  expect(google.apiRequests().length).toBe(n);
});

test('deny, and an answer this browser did not ask for: a clear message, no token, no request', async ({ page, google }) => {
  google.consent.deny = true;
  await connect(page, google, { wait: false });
  await expect(page.locator('.banner.error')).toContainText('chose not to share');
  expect(await token(page)).toBeNull();
  expect(page.url()).not.toContain('#');
  // A forged answer (a token for a state never sent) is ignored.
  await page.goto('#state=forged&access_token=ya29.forged&token_type=Bearer&expires_in=3599&scope=x');
  await page.reload();
  await expect(page.locator('.banner.error')).toContainText('not for a sign-in started in this browser');
  expect(await token(page)).toBeNull();
  expect(page.url()).not.toContain('ya29');
  expect(google.apiRequests()).toEqual([]);
});

test('granular consent: what was not ticked says "not shared", is never requested, and can be shared later', async ({ page, google }) => {
  google.consent.grant = ['sleep.readonly', 'settings.readonly'];
  await connect(page, google);
  await expect(region(page, 'Sleep')).toContainText('asleep last night');
  await expect(region(page, 'Activity')).toContainText('Not shared.');
  const types = google.apiRequests().map((r) => r.path);
  expect(types.some((p) => /steps|distance|heart-rate|weight/.test(p))).toBe(false);
  google.consent.grant = null;
  await region(page, 'Activity').getByRole('button', { name: /Share activity/ }).click();
  await expect(region(page, 'Activity')).toContainText('steps today');
  const again = google.log.filter((r) => r.path === '/o/oauth2/v2/auth').at(-1);
  expect(again.query.prompt).toBe('consent');
});

test('after the hour: painted from the store, "Continue" renews silently; interaction_required asks with consent next', async ({ page, context, google }) => {
  await connect(page, google);
  const sent = google.apiRequests().length;
  google.advance(HOUR);
  const later = await tabLater(context, HOUR);
  await later.goto('');
  await expect(later.getByRole('status').filter({ hasText: 'sign-in has run out' })).toBeVisible();
  await later.screenshot({ caret: 'initial', path: `${shots()}/google-expired.png` });
  await expect(region(later, 'Activity').locator('.headline .big')).toHaveText(grouped(valueOn('steps', google.today())));
  expect(google.apiRequests().length, 'nothing sent with an expired token').toBe(sent);
  expect(google.log.filter((r) => r.path === '/o/oauth2/v2/auth')).toHaveLength(1);
  // Google no longer remembers the consent: the silent renewal comes back interaction_required.
  google.granted.clear();
  await later.getByRole('button', { name: 'Continue' }).click();
  await expect(later.locator('.banner.error')).toContainText('needs you to confirm');
  expect(google.log.filter((r) => r.path === '/o/oauth2/v2/auth').at(-1).query.prompt).toBe('none');
  await later.getByRole('button', { name: 'Continue' }).click();
  await expect(later.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(later.getByRole('status').filter({ hasText: 'sign-in has run out' })).toHaveCount(0);
  expect(google.log.filter((r) => r.path === '/o/oauth2/v2/auth').at(-1).query.prompt).toBe('consent select_account');
});

test('429: the banner says when pulsedeck asks again, and the stored data stays', async ({ page, context, google }) => {
  await connect(page, google);
  google.fail('/v4/users/me/dataTypes/', 'rate_limited', { times: Infinity });
  const later = await tabLater(context, HOUR / 2);
  google.advance(HOUR / 2);
  await later.goto('');
  await refreshed(later);
  await expect(later.locator('.banner.error')).toContainText(/limiting requests \(300 a minute per person\)\. pulsedeck will ask again after \d\d:\d\d/);
  await expect(region(later, 'Activity').locator('.headline .big')).toHaveText(grouped(valueOn('steps', google.today())));
  const limited = google.apiRequests().filter((r) => r.status === 429).length;
  expect(limited, 'one 429 stops the round').toBe(1);
});

test('a request Google refuses (400) or that never reaches it fails only its widget, naming the likely cause', async ({ page, google }) => {
  google.fail('/v4/users/me/dataTypes/daily-resting-heart-rate/', 'invalid_argument', { times: Infinity });
  google.fail('/v4/users/me/dataTypes/sleep/', 'network', { times: Infinity });
  await connect(page, google);
  await expect(region(page, 'Heart rate')).toContainText('Google could not answer this request');
  await expect(region(page, 'Sleep')).toContainText('a content blocker or a firewall may be refusing health.googleapis.com');
  await expect(region(page, 'Activity')).toContainText('steps today');
  await expect(page.locator('.banner.error')).toHaveCount(0);
  // Older history painted from the store afterwards does not hide what failed.
  await page.locator('#history').getByRole('button', { name: 'Year', exact: true }).click();
  await refreshed(page, 2);
  await expect(region(page, 'Heart rate')).toContainText('Google could not answer this request');
  await expect(region(page, 'Sleep')).toContainText('a content blocker or a firewall may be refusing health.googleapis.com');
});

test('a device name from Google with markup in it is shown as text', async ({ page, google }) => {
  google.deviceName = '<img src=x onerror="window.pwned=1">Air';
  await connect(page, google);
  await expect(region(page, 'Devices')).toContainText('<img src=x onerror="window.pwned=1">Air');
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
});

test.describe('a Google account without Fitbit data', () => {
  test.use({ googleOptions: { linked: false } });
  test('is told to sign in with the account that holds it', async ({ page, google }) => {
    await connect(page, google);
    await expect(page.locator('.banner.error')).toContainText('holds no Fitbit or Google Health data');
  });
});

test('sign-out revokes the token at Google and signs out every tab', async ({ page, context, google }) => {
  await connect(page, google);
  const other = await context.newPage();
  await other.goto('');
  await expect(other.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const t = (await token(page)).access_token;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('dialog', { name: 'Sign out of the Google Health API?' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('.banner')).toContainText('Signed out of the Google Health API: pulsedeck no longer has access');
  const revoke = google.log.find((r) => r.path === '/revoke');
  expect(new URLSearchParams(revoke.body).get('token')).toBe(t);
  await expect(setupSummary(other, 'google')).toBeVisible();
  expect(await token(other)).toBeNull();
});

/** Moves a page's clock on by `ms` (as `tabLater` does at its start). */
const later = (page, ms) => page.evaluate((shift) => {
  const Base = globalThis.Date;
  const now = () => Base.now() + shift;
  globalThis.Date = new Proxy(Base, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new Base(now()).toString(),
    get: (target, key) => (key === 'now' ? now : Reflect.get(target, key)),
  });
}, ms);

test('the Body card shows Google\u2019s weight (asked on physical time: a civil filter gets no points)', async ({ page, google }) => {
  await connect(page, google);
  const lb = (valueOn('weight', google.today()) / 1000 / 0.45359237).toFixed(1);
  await expect(region(page, 'Body').locator('.headline .big')).toHaveText(`${lb} lb`);
  const weight = google.apiRequests().find((r) => r.path.includes('/weight/'));
  expect(weight.query.filter).toContain('weight.sample_time.physical_time');
  // Runs come once: the phone's copies are left out (google-wearables).
  expect(google.apiRequests().find((r) => r.path.includes('/exercise/')).query.dataSourceFamily).toBe('users/me/dataSourceFamilies/google-wearables');
});

test('older history: a year a round, its progress in History, resumed where a 429 stopped it', async ({ page, google }) => {
  // About 70 requests before the 429 and 20 after: minutes on a busy machine.
  test.setTimeout(test.info().timeout * 6); // 180 s in Chromium, 360 in Firefox
  await connect(page, google);
  const before = google.apiRequests().length;
  google.fail('/v4/users/me/dataTypes/sleep/', 'rate_limited');
  await page.locator('#history').getByRole('button', { name: 'Year', exact: true }).click();
  const note = page.locator('#history .older-progress');
  await expect(note).toContainText('paused', { timeout: 120_000 });
  await expect(note).toContainText('kinds of data');
  const first = google.apiRequests().slice(before);
  expect(first.at(-1).status).toBe(429);
  expect(first.filter((r) => r.path.includes('/steps/'))).toHaveLength(4);
  // Google's minute passes: the same round resumes by itself, with only the types missing.
  google.advance(61_000);
  await later(page, 61_000);
  await expect.poll(() => daysKept(page, google.healthUserId, 'minutes_asleep'), { timeout: 60_000 }).toBeGreaterThan(300);
  await expect(note).toHaveCount(0);
  const resumed = google.apiRequests().slice(before + first.length);
  expect(resumed.filter((r) => r.path.includes('/steps/'))).toHaveLength(0);
  expect(resumed.filter((r) => r.path.includes('/sleep/'))).toHaveLength(14);
  expect(resumed.every((r) => r.status === 200)).toBe(true);
  expect(await daysKept(page, google.healthUserId, 'steps')).toBe(365);
});

test.describe('several Google accounts in the browser', () => {
  test.use({ googleOptions: { accounts: 2 } });
  test('a failed silent renewal: the next Continue asks with the account chooser, never silently again', async ({ page, context, google }) => {
    await connect(page, google);
    google.advance(HOUR);
    const tab = await tabLater(context, HOUR);
    await tab.goto('');
    const auths = () => google.log.filter((r) => r.path === '/o/oauth2/v2/auth');
    await tab.getByRole('button', { name: 'Continue' }).click();
    await expect(tab.locator('.banner.error')).toContainText('could not renew your sign-in without you');
    expect(auths().at(-1).query.prompt).toBe('none');
    await tab.getByRole('button', { name: 'Continue' }).click();
    await expect(tab.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(tab.getByRole('status').filter({ hasText: 'sign-in has run out' })).toHaveCount(0);
    expect(auths().at(-1).query.prompt).toBe('consent select_account');
    expect(auths().filter((r) => r.query.prompt === 'none')).toHaveLength(1);
  });
});

for (const [project, said] of [
  ['disabled', 'not enabled in your Google Cloud project (SERVICE_DISABLED). Enable it at https://console.developers.google.com/apis/api/health.googleapis.com/overview?project=123456789'],
  ['denied', 'Google refuses your Google Cloud project access to the Google Health API (USER_PROJECT_DENIED)'],
]) {
  test.describe(`a project Google answers ${project}`, () => {
    test.use({ googleOptions: { project } });
    test('is told what happened and what to do', async ({ page, google }) => {
      await connect(page, google, { wait: false });
      await expect(page.locator('.banner.error')).toContainText(said);
      expect(await token(page)).toBeNull();
    });
  });
}

test.describe('an account that is not a test user', () => {
  test.use({ googleOptions: { testUser: false } });
  test('meets Google\u2019s own page; the setup screen says what that means and what to do', async ({ page, google }) => {
    await connect(page, google, { wait: false });
    await expect(page.locator('body')).toContainText('Error 403: access_denied');
    await page.goto('');
    await openSetup(page, 'google');
    const refusals = page.locator('.google-refusals');
    await refusals.locator('summary').click();
    await expect(refusals).toContainText('add it under Google Auth Platform › Audience › Test users');
    await expect(refusals).toContainText('SERVICE_DISABLED');
    await expect(refusals).toContainText('USER_PROJECT_DENIED');
  });
});

test('sign-out after the hour: Google keeps no expired token to revoke, said with where to remove the access', async ({ page, context, google }) => {
  await connect(page, google);
  google.advance(HOUR);
  const tab = await tabLater(context, HOUR);
  await tab.goto('');
  await tab.getByRole('button', { name: 'Sign out' }).click();
  await tab.getByRole('dialog', { name: 'Sign out of the Google Health API?' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(tab.locator('.banner')).toContainText('https://myaccount.google.com/connections');
  await expect(tab.locator('.banner.error')).toHaveCount(0);
  expect(google.log.find((r) => r.path === '/revoke').status).toBe(400);
  expect(await token(tab)).toBeNull();
});

test.describe('requests per cold load, per reload and per year of older history', () => {
  test.use({ googleOptions: { days: 800 } });
  test('25, none, 91 for the rest of the first year and 102 for each full year before it', async ({ page, google }) => {
    test.setTimeout(test.info().timeout * 8); // 240 s in Chromium, 480 in Firefox
    await connect(page, google);
    expect(google.apiRequests()).toHaveLength(25);
    await page.reload();
    await refreshed(page);
    expect(google.apiRequests()).toHaveLength(25);
    const history = page.locator('#history');
    await history.getByRole('button', { name: 'Year', exact: true }).click();
    await expect.poll(() => daysKept(page, google.healthUserId, 'steps'), { timeout: 90_000 }).toBe(365);
    await expect(history.locator('.older-progress')).toHaveCount(0);
    expect(google.apiRequests().length - 25).toBe(91);
    // A year earlier: 365 days. Roll-ups 4 × 5 ranges of ≤ 90 days and 2 × 27 of ≤ 14, 6 daily
    // types, 367 nights in 15 pages, about 122 runs in 5, weight, body fat: 102.
    await history.getByRole('button', { name: '← Earlier' }).click();
    await expect.poll(() => daysKept(page, google.healthUserId, 'steps'), { timeout: 120_000 }).toBe(730);
    await expect(history.locator('.older-progress')).toHaveCount(0);
    const year = google.apiRequests().slice(25 + 91);
    expect(year.every((r) => r.status === 200)).toBe(true);
    expect(year).toHaveLength(102);
  });
});

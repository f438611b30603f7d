// The mock Google's own tests: it must answer as Google does, or the end-to-end tests prove nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockGoogle, PREFIX, READ_SCOPES, valueOn } from './google.js';

const APP = 'http://127.0.0.1:4173/pulsedeck/';
const ORIGIN = 'http://127.0.0.1:4173';
const ALL = ['activity_and_fitness', 'health_metrics_and_measurements', 'sleep', 'profile', 'settings'].map((s) => `${s}.readonly`);

function authorize(mock, extra = {}) {
  const u = new URL('https://accounts.google.com/o/oauth2/v2/auth');
  const p = { client_id: mock.clientId, redirect_uri: APP, response_type: 'token', scope: ALL.map((s) => PREFIX + s).join(' '), state: 'st4te', include_granted_scopes: 'true', prompt: 'consent', ...extra };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) u.searchParams.set(k, v);
  return mock.handle({ method: 'GET', url: u.toString(), headers: {} });
}

/** The fragment the consent page sends the browser back with. */
function fragment(res) {
  assert.equal(res.status, 302, res.body);
  return Object.fromEntries(new URLSearchParams(new URL(res.headers.location).hash.slice(1)));
}

function call(mock, token, path, { method = 'GET', body } = {}) {
  const headers = { origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) };
  const res = mock.handle({ method, url: `https://health.googleapis.com${path}`, headers, body: body && JSON.stringify(body) });
  return { ...res, json: res.body ? JSON.parse(res.body) : null };
}

const rollup = (mock, token, type, start, end, extra = {}) => call(mock, token, `/v4/users/me/dataTypes/${type}/dataPoints:dailyRollUp`, {
  method: 'POST',
  body: { range: { start: { date: civil(start) }, end: { date: civil(end) } }, windowSizeDays: 1, ...extra },
});
const civil = (d) => ({ year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10) });
const daysBefore = (d, n) => new Date(Date.parse(d) - n * 86_400_000).toISOString().slice(0, 10);

test('the read scopes are those of discovery rev 20261030, with no nutrition read scope', () => {
  assert.ok(READ_SCOPES.includes('activity_and_fitness.readonly') && READ_SCOPES.includes('ecg.readonly'));
  assert.ok(!READ_SCOPES.some((s) => s.startsWith('nutrition')));
});

test('consent answers in the fragment: token, lifetime, granted scopes and the state', () => {
  const mock = new MockGoogle();
  const f = fragment(authorize(mock));
  assert.equal(f.state, 'st4te');
  assert.match(f.access_token, /^ya29\./);
  assert.equal(f.token_type, 'Bearer');
  assert.equal(f.expires_in, '3599');
  assert.deepEqual(f.scope.split(' ').sort(), ALL.map((s) => PREFIX + s).sort());
  assert.equal(new URL(authorize(mock).headers.location).search, '', 'nothing in the query: all in the fragment');
});

test('granular consent: unticked scopes are missing from the answer, and the API refuses them', () => {
  const mock = new MockGoogle({ consent: { grant: ['sleep.readonly', 'settings.readonly'] } });
  const f = fragment(authorize(mock));
  assert.deepEqual(f.scope.split(' ').sort(), [PREFIX + 'settings.readonly', PREFIX + 'sleep.readonly']);
  const steps = rollup(mock, f.access_token, 'steps', daysBefore(mock.today(), 6), daysBefore(mock.today(), -1));
  assert.equal(steps.status, 403);
  assert.equal(steps.json.error.details[0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
  assert.equal(call(mock, f.access_token, '/v4/users/me/settings').status, 200);
});

test('deny, a bad client, a bad redirect and a bad scope', () => {
  const denied = new MockGoogle({ consent: { deny: true } });
  assert.deepEqual(fragment(authorize(denied)), { state: 'st4te', error: 'access_denied' });
  const mock = new MockGoogle({ redirectUris: [APP] });
  assert.equal(authorize(mock, { client_id: '1-x.apps.googleusercontent.com' }).status, 401);
  assert.equal(authorize(mock, { redirect_uri: 'http://127.0.0.1:4173/other/' }).status, 400);
  assert.equal(authorize(mock, { scope: PREFIX + 'nutrition.readonly' }).status, 400);
  assert.equal(authorize(mock, { response_type: 'code' }).status, 400);
});

test('prompt=none: interaction_required before consent, a token after it, login_required when signed out', () => {
  const mock = new MockGoogle();
  assert.equal(fragment(authorize(mock, { prompt: 'none' })).error, 'interaction_required');
  fragment(authorize(mock));
  const silent = fragment(authorize(mock, { prompt: 'none' }));
  assert.match(silent.access_token, /^ya29\./);
  mock.signedIn = false;
  assert.equal(fragment(authorize(mock, { prompt: 'none' })).error, 'login_required');
});

test('include_granted_scopes adds a newly granted scope to the earlier ones', () => {
  const mock = new MockGoogle({ consent: { grant: ['sleep.readonly'] } });
  fragment(authorize(mock));
  mock.consent.grant = null;
  const f = fragment(authorize(mock, { scope: PREFIX + 'settings.readonly' }));
  assert.deepEqual(f.scope.split(' ').sort(), [PREFIX + 'settings.readonly', PREFIX + 'sleep.readonly']);
});

test('tokens expire after an hour; a revoked token is refused; revoking twice says invalid_token', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  assert.equal(call(mock, t, '/v4/users/me/identity').status, 200);
  assert.equal(call(mock, null, '/v4/users/me/identity').json.error.status, 'UNAUTHENTICATED');
  mock.advance(3600_000);
  const expired = call(mock, t, '/v4/users/me/identity');
  assert.equal(expired.status, 401);
  assert.equal(expired.json.error.details[0].reason, 'ACCESS_TOKEN_EXPIRED');
  const t2 = fragment(authorize(mock)).access_token;
  const revoke = () => mock.handle({ method: 'POST', url: 'https://oauth2.googleapis.com/revoke', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: `token=${t2}` });
  assert.equal(revoke().status, 200);
  assert.equal(revoke().status, 400);
  assert.equal(call(mock, t2, '/v4/users/me/identity').status, 401);
});

test('dailyRollUp: one point per civil day, newest first, int64 as strings; ranges past the limit refused', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  const today = mock.today();
  const res = rollup(mock, t, 'steps', daysBefore(today, 29), daysBefore(today, -1), { dataSourceFamily: 'users/me/dataSourceFamilies/google-wearables' });
  assert.equal(res.status, 200);
  const points = res.json.rollupDataPoints;
  assert.equal(points.length, 30);
  assert.deepEqual(points[0].civilStartTime.date, civil(today));
  assert.equal(points[0].steps.countSum, String(valueOn('steps', today)));
  assert.equal(typeof points[0].steps.countSum, 'string');
  // total-calories: 14 days at most (discovery doc).
  assert.equal(rollup(mock, t, 'total-calories', daysBefore(today, 29), daysBefore(today, -1)).json.error.status, 'INVALID_ARGUMENT');
  assert.equal(rollup(mock, t, 'total-calories', daysBefore(today, 13), daysBefore(today, -1)).json.rollupDataPoints.length, 14);
  // A range of date-times, not civil dates, is refused.
  const iso = call(mock, t, '/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp', { method: 'POST', body: { range: { startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-02T00:00:00Z' } } });
  assert.equal(iso.status, 400);
});

test('list: filters the real API accepts, and the capture 400 for one it does not', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  const since = daysBefore(mock.today(), 29);
  const q = (type, filter, extra = '') => call(mock, t, `/v4/users/me/dataTypes/${type}/dataPoints?filter=${encodeURIComponent(filter)}${extra}`);
  const rhr = q('daily-resting-heart-rate', `daily_resting_heart_rate.date >= "${since}"`);
  assert.equal(rhr.json.dataPoints.length, 30);
  assert.equal(rhr.json.dataPoints[0].dailyRestingHeartRate.beatsPerMinute, String(valueOn('daily-resting-heart-rate', mock.today())));
  const bad = q('daily-resting-heart-rate', `daily_resting_heart_rate.civil_date >= "${since}"`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.details[0].reason, 'INVALID_DATA_POINT_FILTER');
  assert.equal(q('sleep', `sleep.interval.end_time >= "${since}T00:00:00Z"`, '&pageSize=26').status, 400);
  const sleep = q('sleep', `sleep.interval.end_time >= "${since}T00:00:00Z"`, '&pageSize=25');
  assert.equal(sleep.json.dataPoints.length, 25);
  assert.ok(sleep.json.nextPageToken);
  const rest = q('sleep', `sleep.interval.end_time >= "${since}T00:00:00Z"`, `&pageSize=25&pageToken=${sleep.json.nextPageToken}`);
  assert.equal(rest.json.dataPoints.length, 5);
  assert.equal(rest.json.nextPageToken, undefined);
  assert.equal(q('weight', `weight.sample_time.physical_time >= "${since}T00:00:00Z"`).json.dataPoints[0].weight.weightGrams, valueOn('weight', mock.today()));
  assert.equal(q('daily-vo2-max', `daily_vo2_max.date >= "${since}"`).status, 200);
  // Both bounds: `<` is exclusive.
  const week = q('daily-resting-heart-rate', `daily_resting_heart_rate.date >= "${daysBefore(mock.today(), 13)}" AND daily_resting_heart_rate.date < "${daysBefore(mock.today(), 6)}"`);
  assert.equal(week.json.dataPoints.length, 7);
  assert.deepEqual(week.json.dataPoints[0].dailyRestingHeartRate.date, civil(daysBefore(mock.today(), 7)));
  assert.equal(q('daily-resting-heart-rate', `daily_resting_heart_rate.date >= "${since}" OR daily_resting_heart_rate.date < "${since}"`).status, 400);
  const runs = q('exercise', `exercise.interval.civil_start_time >= "${since}"`, '&pageSize=25&dataSourceFamily=users%2Fme%2FdataSourceFamilies%2Fgoogle-wearables').json.dataPoints;
  assert.equal(runs.length, [...Array(30).keys()].filter((i) => valueOn('exercise', daysBefore(mock.today(), i)) > 0).length);
  assert.equal(runs[0].exercise.metricsSummary.averageHeartRateBeatsPerMinute, '148');
  // "NaN" where a double has no value.
  assert.equal(q('daily-heart-rate-variability', `daily_heart_rate_variability.date >= "${since}"`).json.dataPoints[0].dailyHeartRateVariability.entropy, 'NaN');
});

test('300 requests a minute, then 429 RESOURCE_EXHAUSTED until the next minute', () => {
  const mock = new MockGoogle({ rateLimit: 3 });
  const t = fragment(authorize(mock)).access_token;
  mock.advance(60_000 - (mock.now() % 60_000)); // the start of a minute
  for (let i = 0; i < 3; i++) assert.equal(call(mock, t, '/v4/users/me/identity').status, 200);
  const limited = call(mock, t, '/v4/users/me/identity');
  assert.equal(limited.status, 429);
  assert.equal(limited.json.error.status, 'RESOURCE_EXHAUSTED');
  mock.advance(60_000);
  assert.equal(call(mock, t, '/v4/users/me/identity').status, 200);
});

test('an account without Fitbit data answers the capture FAILED_PRECONDITION; CORS on every answer', () => {
  const mock = new MockGoogle({ linked: false });
  const t = fragment(authorize(mock)).access_token;
  const res = rollup(mock, t, 'steps', daysBefore(mock.today(), 1), daysBefore(mock.today(), -1));
  assert.equal(res.json.error.details[0].reason, 'ACCOUNT_NOT_LINKED');
  assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
  const pre = mock.handle({ method: 'OPTIONS', url: 'https://health.googleapis.com/v4/users/me/settings', headers: { origin: ORIGIN } });
  assert.match(pre.headers['access-control-allow-headers'], /authorization/);
});

test('a civil-time filter on a sample type answers 200 with no points; a physical one the samples', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  const today = mock.today();
  const q = (f) => `/v4/users/me/dataTypes/weight/dataPoints?filter=${encodeURIComponent(f)}`;
  const civilRes = call(mock, t, q(`weight.sample_time.civil_time >= "${daysBefore(today, 6)}" AND weight.sample_time.civil_time < "${daysBefore(today, -1)}"`));
  assert.equal(civilRes.status, 200);
  assert.deepEqual(civilRes.json, {});
  const physical = call(mock, t, q(`weight.sample_time.physical_time >= "${daysBefore(today, 6)}T00:00:00Z" AND weight.sample_time.physical_time < "${daysBefore(today, -1)}T00:00:00Z"`));
  assert.equal(physical.json.dataPoints.length, 7);
});

test('phones write copies: workouts listed twice and steps summed twice unless the family is google-wearables', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  const today = mock.today();
  const week = encodeURIComponent(`exercise.interval.civil_start_time >= "${daysBefore(today, 8)}"`);
  const list = (extra) => call(mock, t, `/v4/users/me/dataTypes/exercise/dataPoints?pageSize=25&filter=${week}${extra}`).json.dataPoints;
  const all = list('');
  const worn = list('&dataSourceFamily=users%2Fme%2FdataSourceFamilies%2Fgoogle-wearables');
  assert.equal(all.length, 2 * worn.length);
  assert.ok(all.some((p) => p.dataSource.platform === 'HEALTH_CONNECT'));
  const sum = (extra) => Number(rollup(mock, t, 'steps', daysBefore(today, 1), today, extra).json.rollupDataPoints[0].steps.countSum);
  assert.equal(sum({}), 2 * sum({ dataSourceFamily: 'users/me/dataSourceFamilies/google-wearables' }));
  assert.equal(call(mock, t, '/v4/users/me/dataTypes/sleep/dataPoints?dataSourceFamily=users%2Fme%2FdataSourceFamilies%2Fgoogle-wearables').status, 400);
});

test('503 and 504 as Google words them', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  mock.fail('/v4/users/me/settings', 'server');
  mock.fail('/v4/users/me/settings', 'timeout');
  assert.equal(call(mock, t, '/v4/users/me/settings').json.error.status, 'UNAVAILABLE');
  const late = call(mock, t, '/v4/users/me/settings');
  assert.equal(late.status, 504);
  assert.equal(late.json.error.status, 'DEADLINE_EXCEEDED');
  assert.equal(call(mock, t, '/v4/users/me/settings').status, 200);
});

test('revoking a token past its hour answers invalid_token', () => {
  const mock = new MockGoogle();
  const t = fragment(authorize(mock)).access_token;
  mock.advance(3600 * 1000);
  const res = mock.handle({ method: 'POST', url: 'https://oauth2.googleapis.com/revoke', headers: { origin: ORIGIN }, body: `token=${t}` });
  assert.equal(res.status, 400);
  assert.equal(JSON.parse(res.body).error, 'invalid_token');
});

test('a project Google refuses: SERVICE_DISABLED or USER_PROJECT_DENIED on every call, the identity too', () => {
  for (const [project, reason] of [['disabled', 'SERVICE_DISABLED'], ['denied', 'USER_PROJECT_DENIED']]) {
    const mock = new MockGoogle({ project });
    const t = fragment(authorize(mock)).access_token;
    const res = call(mock, t, '/v4/users/me/identity');
    assert.equal(res.status, 403);
    assert.equal(res.json.error.details[0].reason, reason);
  }
});

test('not a test user: Google refuses on its own page; several accounts: a silent request needs the chooser', () => {
  const blocked = authorize(new MockGoogle({ testUser: false }));
  assert.ok(!blocked.headers?.location, 'no answer goes back to the app');
  assert.match(blocked.body, /Error 403: access_denied/);
  const mock = new MockGoogle({ accounts: 2 });
  fragment(authorize(mock));
  assert.equal(fragment(authorize(mock, { prompt: 'none' })).error, 'account_selection_required');
  assert.ok(fragment(authorize(mock, { prompt: 'consent select_account' })).access_token);
});

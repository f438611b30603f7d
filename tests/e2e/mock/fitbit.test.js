// The mock's own tests: it must behave like Fitbit, or the end-to-end tests prove nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockFitbit, s256, ALL_SCOPES, errorBody, redate, requestedDate } from './fitbit.js';

const APP = 'http://127.0.0.1:4173/pulsedeck/';
const VERIFIER = 'a'.repeat(20) + '-._~' + 'b'.repeat(30);

function authorizeUrl(mock, extra = {}) {
  const u = new URL('https://www.fitbit.com/oauth2/authorize');
  const p = { client_id: mock.clientId, response_type: 'code', scope: 'profile activity sleep', code_challenge: s256(VERIFIER), code_challenge_method: 'S256', redirect_uri: APP, state: 'st4te', ...extra };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

function post(mock, path, form, headers = {}) {
  return mock.handle({ method: 'POST', url: `https://api.fitbit.com${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:4173', ...headers }, body: new URLSearchParams(form).toString() });
}

function get(mock, path, token) {
  return mock.handle({ method: 'GET', url: `https://api.fitbit.com${path}`, headers: { authorization: `Bearer ${token}`, origin: 'http://127.0.0.1:4173' } });
}

/** Runs the whole authorize + exchange flow; returns the token response. */
function signIn(mock, scope = 'profile activity sleep') {
  const res = mock.handle({ method: 'GET', url: authorizeUrl(mock, { scope }), headers: {} });
  const code = new URL(res.headers.location).searchParams.get('code');
  const tok = post(mock, '/oauth2/token', { client_id: mock.clientId, grant_type: 'authorization_code', code, code_verifier: VERIFIER, redirect_uri: APP });
  assert.equal(tok.status, 200, tok.body);
  return JSON.parse(tok.body);
}

const refresh = (mock, rt) => post(mock, '/oauth2/token', { client_id: mock.clientId, grant_type: 'refresh_token', refresh_token: rt });

test('authorize redirects with code, state and the #_=_ fragment', () => {
  const mock = new MockFitbit();
  const res = mock.handle({ method: 'GET', url: authorizeUrl(mock), headers: {} });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.location);
  assert.equal(loc.origin + loc.pathname, APP);
  assert.equal(loc.searchParams.get('state'), 'st4te');
  assert.match(loc.searchParams.get('code'), /^[0-9a-f]{40}$/);
  assert.equal(loc.hash, '#_=_');
});

test('authorize rejects a bad client, redirect, challenge or method on its own page', () => {
  const mock = new MockFitbit({ redirectUris: [APP] });
  for (const [extra, text] of [
    [{ client_id: 'NOPE' }, 'Invalid client_id'],
    [{ redirect_uri: 'https://evil.example/' }, 'Invalid redirect_uri'],
    [{ code_challenge: 'short' }, 'code_challenge'],
    [{ code_challenge_method: 'plain' }, 'Unsupported code_challenge_method'],
    [{ scope: 'profile everything' }, 'invalid_scope'],
  ]) {
    const res = mock.handle({ method: 'GET', url: authorizeUrl(mock, extra), headers: {} });
    assert.equal(res.status, 400, JSON.stringify(extra));
    assert.match(res.body, new RegExp(text));
  }
});

test('a denied consent redirects back with error=access_denied and the state', () => {
  const mock = new MockFitbit({ consent: { deny: true } });
  const loc = new URL(mock.handle({ method: 'GET', url: authorizeUrl(mock), headers: {} }).headers.location);
  assert.equal(loc.searchParams.get('error'), 'access_denied');
  assert.equal(loc.searchParams.get('state'), 'st4te');
  assert.equal(loc.searchParams.get('code'), null);
});

test('the user can untick scopes: the token response lists only the granted ones', () => {
  const mock = new MockFitbit({ consent: { grant: ['profile', 'sleep'] } });
  const tok = signIn(mock, 'profile activity sleep');
  assert.equal(tok.scope, 'profile sleep');
  assert.equal(tok.expires_in, 28800);
  assert.equal(tok.token_type, 'Bearer');
  assert.equal(tok.user_id, mock.userId);
});

test('code exchange checks the PKCE verifier, the redirect URI, single use and expiry', () => {
  const mock = new MockFitbit();
  const codeFor = () => new URL(mock.handle({ method: 'GET', url: authorizeUrl(mock), headers: {} }).headers.location).searchParams.get('code');
  const exchange = (code, extra = {}) => post(mock, '/oauth2/token', { client_id: mock.clientId, grant_type: 'authorization_code', code, code_verifier: VERIFIER, redirect_uri: APP, ...extra });

  const wrongVerifier = exchange(codeFor(), { code_verifier: 'x'.repeat(50) });
  assert.equal(wrongVerifier.status, 400);
  assert.equal(JSON.parse(wrongVerifier.body).errors[0].errorType, 'invalid_grant');
  assert.equal(exchange(codeFor(), { redirect_uri: APP + 'other' }).status, 400);

  const code = codeFor();
  assert.equal(exchange(code).status, 200);
  assert.equal(exchange(code).status, 400, 'a code is single-use');

  const late = codeFor();
  mock.advance(10 * 60_000 + 1);
  assert.match(JSON.parse(exchange(late).body).errors[0].message, /expired/);
});

test('a public client must not send a Basic Authorization header', () => {
  const mock = new MockFitbit();
  const res = post(mock, '/oauth2/token', { client_id: mock.clientId, grant_type: 'refresh_token', refresh_token: 'x' }, { authorization: 'Basic eDp5' });
  assert.equal(res.status, 401);
  assert.equal(JSON.parse(res.body).errors[0].errorType, 'invalid_client');
});

test('refresh tokens rotate and are single-use, with the identical-request grace', () => {
  const mock = new MockFitbit();
  const first = signIn(mock);
  const a = refresh(mock, first.refresh_token);
  assert.equal(a.status, 200);
  const second = JSON.parse(a.body);
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.notEqual(second.access_token, first.access_token);

  // A second tab sends the identical request before the new pair is used: same answer.
  const b = refresh(mock, first.refresh_token);
  assert.equal(b.status, 200);
  assert.deepEqual(JSON.parse(b.body), second);

  // Once the new access token is used, the old refresh token is dead for good.
  assert.equal(get(mock, '/1/user/-/profile.json', second.access_token).status, 200);
  const c = refresh(mock, first.refresh_token);
  assert.equal(c.status, 401);
  assert.equal(JSON.parse(c.body).errors[0].errorType, 'invalid_grant');
  assert.equal(refresh(mock, second.refresh_token).status, 200);
});

test('the grace also ends with time', () => {
  const mock = new MockFitbit({ refreshGraceMs: 1000 });
  const first = signIn(mock);
  assert.equal(refresh(mock, first.refresh_token).status, 200);
  mock.advance(1001);
  assert.equal(refresh(mock, first.refresh_token).status, 401);
});

test('access tokens expire after expires_in and answer 401 expired_token', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock);
  assert.equal(get(mock, '/1/user/-/profile.json', tok.access_token).status, 200);
  mock.advance(28_800_000);
  const res = get(mock, '/1/user/-/profile.json', tok.access_token);
  assert.equal(res.status, 401);
  assert.equal(JSON.parse(res.body).errors[0].errorType, 'expired_token');
});

test('revoke ends every token of the user', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock);
  assert.equal(post(mock, '/oauth2/revoke', { token: tok.refresh_token, client_id: mock.clientId }).status, 200);
  assert.equal(JSON.parse(get(mock, '/1/user/-/profile.json', tok.access_token).body).errors[0].errorType, 'invalid_token');
  assert.equal(refresh(mock, tok.refresh_token).status, 401);
});

test('data for an ungranted scope is a 403 insufficient_scope', () => {
  const mock = new MockFitbit({ consent: { grant: ['profile'] } });
  const tok = signIn(mock);
  const res = get(mock, '/1.2/user/-/sleep/date/2026-11-01/2026-11-21.json', tok.access_token);
  assert.equal(res.status, 403);
  assert.equal(JSON.parse(res.body).errors[0].errorType, 'insufficient_scope');
  // TCX needs both activity and location.
  const mock2 = new MockFitbit({ consent: { grant: ['activity'] } });
  const tok2 = signIn(mock2, 'activity location');
  assert.equal(get(mock2, '/1/user/-/activities/123.tcx', tok2.access_token).status, 403);
});

test('every data response carries rate-limit headers, and the 151st request in an hour is a 429', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock);
  let res;
  for (let i = 0; i < 150; i += 1) {
    res = get(mock, '/1/user/-/profile.json', tok.access_token);
    assert.equal(res.status, 200);
  }
  assert.equal(res.headers['fitbit-rate-limit-limit'], '150');
  assert.equal(res.headers['fitbit-rate-limit-remaining'], '0');
  const over = get(mock, '/1/user/-/profile.json', tok.access_token);
  assert.equal(over.status, 429);
  assert.equal(JSON.parse(over.body).errors[0].errorType, 'system');
  const reset = Number(over.headers['fitbit-rate-limit-reset']);
  assert.ok(reset > 0 && reset <= 3600);
  // The budget resets at the top of the hour, not an hour after the first request.
  mock.advance(reset * 1000);
  assert.equal(get(mock, '/1/user/-/profile.json', tok.access_token).status, 200);
});

test('rate-limit headers are only exposed to scripts when configured', () => {
  const hidden = new MockFitbit();
  const shown = new MockFitbit({ exposeRateHeaders: true });
  const h = get(hidden, '/1/user/-/profile.json', signIn(hidden).access_token);
  const s = get(shown, '/1/user/-/profile.json', signIn(shown).access_token);
  assert.equal(h.headers['access-control-allow-origin'], 'http://127.0.0.1:4173');
  assert.equal(h.headers['access-control-expose-headers'], undefined);
  assert.match(s.headers['access-control-expose-headers'], /Fitbit-Rate-Limit-Remaining/);
});

test('faults: expired, 5xx, 410, malformed JSON, network, Google-shaped 403, once each', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock);
  const p = '/1/user/-/profile.json';
  mock.fail(p, 'expired');
  assert.equal(JSON.parse(get(mock, p, tok.access_token).body).errors[0].errorType, 'expired_token');
  mock.fail(p, 'server', { shape: 'google' });
  const s = get(mock, p, tok.access_token);
  assert.equal(s.status, 500);
  assert.equal(JSON.parse(s.body).error.status, 'INTERNAL');
  mock.fail(p, 'gone');
  assert.equal(get(mock, p, tok.access_token).status, 410);
  mock.fail(p, 'malformed');
  assert.throws(() => JSON.parse(get(mock, p, tok.access_token).body));
  mock.fail(p, 'network');
  assert.deepEqual(get(mock, p, tok.access_token), { abort: 'failed' });
  mock.fail(p, 'permission_denied');
  assert.deepEqual(JSON.parse(get(mock, p, tok.access_token).body), { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } });
  assert.equal(get(mock, p, tok.access_token).status, 200, 'faults are used up');
});

test('faults apply to the token endpoint too, and keep the refresh token valid', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock);
  mock.fail('/oauth2/token', 'network');
  assert.deepEqual(refresh(mock, tok.refresh_token), { abort: 'failed' });
  mock.fail('/oauth2/token', 'server');
  assert.equal(refresh(mock, tok.refresh_token).status, 500);
  assert.equal(refresh(mock, tok.refresh_token).status, 200, 'the refresh token survived both failures');
});

test('data comes from the fixtures, and tests can override it', () => {
  const mock = new MockFitbit();
  const tok = signIn(mock, ALL_SCOPES.join(' '));
  const profile = JSON.parse(get(mock, '/1/user/-/profile.json', tok.access_token).body);
  assert.ok(profile.user.displayName);
  const devices = JSON.parse(get(mock, '/1/user/-/devices.json', tok.access_token).body);
  assert.ok(Array.isArray(devices) && devices.length > 0);
  mock.setData('/1/user/-/devices.json', []);
  assert.deepEqual(JSON.parse(get(mock, '/1/user/-/devices.json', tok.access_token).body), []);
  assert.equal(get(mock, '/1/user/-/nothing-here.json', tok.access_token).status, 404);
});

test('error bodies come in both shapes', () => {
  assert.deepEqual(errorBody('legacy', 401, 'expired_token', 'm'), { errors: [{ errorType: 'expired_token', message: 'm' }], success: false });
  assert.deepEqual(errorBody('google', 429, 'system', 'm'), { error: { code: 429, message: 'm', status: 'RESOURCE_EXHAUSTED' } });
});

test('fixture dates are shifted to end on the requested date, keeping the shape', () => {
  const text = JSON.stringify({ sleep: [{ dateOfSleep: '2017-04-02', startTime: '2017-04-01T23:10:00.000' }, { dateOfSleep: '2017-03-30' }] });
  const out = JSON.parse(redate(text, '2026-11-21'));
  assert.equal(out.sleep[0].dateOfSleep, '2026-11-21');
  assert.equal(out.sleep[0].startTime, '2026-11-20T23:10:00.000');
  assert.equal(out.sleep[1].dateOfSleep, '2026-11-18');
  assert.equal(requestedDate(new URL('https://api.fitbit.com/1.2/user/-/sleep/date/2026-10-23/2026-11-21.json')), '2026-11-21');
  assert.equal(requestedDate(new URL('https://api.fitbit.com/1/user/-/ecg/list.json?beforeDate=2026-11-22&limit=10')), '2026-11-21');
  const mock = new MockFitbit();
  const tok = signIn(mock, ALL_SCOPES.join(' '));
  const steps = JSON.parse(get(mock, '/1/user/-/activities/steps/date/2026-11-21/30d.json', tok.access_token).body);
  assert.equal(steps['activities-steps'].at(-1).dateTime, '2026-11-21');
});

test('intraday: a Personal app gets the curve, a Client app a 403 insufficient_permissions', () => {
  const personal = new MockFitbit();
  const tok = signIn(personal, 'activity heartrate');
  const res = get(personal, '/1/user/-/activities/steps/date/2026-11-21/1d/15min.json', tok.access_token);
  assert.ok(JSON.parse(res.body)['activities-steps-intraday'].dataset.length > 0);
  const client = new MockFitbit({ appType: 'client' });
  const tok2 = signIn(client, 'activity heartrate');
  const denied = get(client, '/1/user/-/activities/heart/date/2026-11-21/1d/5min.json', tok2.access_token);
  assert.equal(denied.status, 403);
  assert.equal(JSON.parse(denied.body).errors[0].errorType, 'insufficient_permissions');
  // The 30-day series next to them is unaffected.
  assert.equal(get(client, '/1/user/-/activities/heart/date/2026-11-21/30d.json', tok2.access_token).status, 200);
});

test('range caps and list paging are enforced with 400 validation, like Fitbit', () => {
  const mock = new MockFitbit();
  const { access_token: at } = signIn(mock, ALL_SCOPES.join(' '));
  const status = (path) => get(mock, path, at).status;
  assert.equal(status('/1/user/-/hrv/date/2026-10-23/2026-11-21.json'), 200); // 30 days
  assert.equal(status('/1/user/-/hrv/date/2026-10-22/2026-11-21.json'), 400); // 31 days
  assert.equal(status('/1.2/user/-/sleep/date/2026-08-14/2026-11-21.json'), 200); // 100 days
  assert.equal(status('/1.2/user/-/sleep/date/2026-08-13/2026-11-21.json'), 400);
  assert.equal(status('/1/user/-/body/log/weight/date/2026-10-22/2026-11-21.json'), 200); // 31 days
  assert.equal(status('/1/user/-/body/log/weight/date/2026-10-21/2026-11-21.json'), 400);
  assert.equal(status('/1/user/-/temp/skin/date/2026-11-21/2026-11-20.json'), 400); // reversed
  const body = JSON.parse(get(mock, '/1/user/-/hrv/date/2026-10-01/2026-11-21.json', at).body);
  assert.equal(body.errors[0].errorType, 'validation');
  for (const [q, ok] of [
    ['beforeDate=2026-11-22&sort=desc&limit=10&offset=0', 200],
    ['afterDate=2026-11-01&sort=asc&limit=10&offset=0', 200],
    ['beforeDate=2026-11-22&sort=desc&limit=11&offset=0', 400],
    ['beforeDate=2026-11-22&sort=asc&limit=10&offset=0', 400],
    ['sort=desc&limit=10&offset=0', 400],
    ['beforeDate=2026-11-22&afterDate=2026-11-01&sort=desc&limit=10&offset=0', 400],
    ['beforeDate=2026-11-22&sort=desc&limit=10&offset=10', 400],
  ]) {
    assert.equal(status(`/1/user/-/ecg/list.json?${q}`), ok, q);
    assert.equal(status(`/1/user/-/irn/alerts/list.json?${q}`), ok, q);
  }
  assert.equal(status('/1/user/-/activities/list.json?beforeDate=2026-11-22&sort=desc&limit=100&offset=0'), 200);
  assert.equal(status('/1/user/-/activities/list.json?beforeDate=2026-11-22&sort=desc&limit=101&offset=0'), 400);
});

test('Accept-Language selects units as at Fitbit: en_US pounds and miles, anything else metric', () => {
  const mock = new MockFitbit();
  const { access_token: at } = signIn(mock, ALL_SCOPES.join(' '));
  const ask = (path, lang) => JSON.parse(mock.handle({ method: 'GET', url: `https://api.fitbit.com${path}`, headers: { authorization: `Bearer ${at}`, ...(lang ? { 'accept-language': lang } : {}) } }).body);
  const weights = (lang) => ask('/1/user/-/body/log/weight/date/2026-11-21/30d.json', lang).weight.map((w) => w.weight);
  assert.deepEqual(weights('metric'), [73, 72.5]);
  assert.deepEqual(weights('en_US'), [160.9, 159.8]);
  assert.deepEqual(weights('en_GB'), [160.9, 159.8]);
  const total = (lang) => ask('/1/user/-/activities/date/2026-11-21.json', lang).summary.distances.find((d) => d.activity === 'total').distance;
  assert.ok(Math.abs(total('en_US') - total('metric') / 1.609344) < 0.01);
});

test('skin temperature, ECG, rhythm alerts and the leaderboard answer with data', () => {
  const mock = new MockFitbit();
  const { access_token: at } = signIn(mock, ALL_SCOPES.join(' '));
  const body = (path) => JSON.parse(get(mock, path, at).body);
  assert.ok(body('/1/user/-/temp/skin/date/2026-10-23/2026-11-21.json').tempSkin.length > 0);
  assert.ok(body('/1/user/-/ecg/list.json?beforeDate=2026-11-22&sort=desc&limit=10&offset=0').ecgReadings.length > 0);
  assert.ok(body('/1/user/-/irn/alerts/list.json?beforeDate=2026-11-22&sort=desc&limit=10&offset=0').alerts.length > 0);
  assert.equal(body('/1.1/user/-/leaderboard/friends.json').data.length, 2);
});

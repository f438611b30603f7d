// A mock Fitbit that behaves like the real one (../../../ARCHITECTURE.md, "Testing"):
// the authorize page, the token endpoint (PKCE, single-use codes that expire, rotating
// single-use refresh tokens with Fitbit's identical-request grace, revoke), and data endpoints
// answering from the fixtures with rate-limit headers, 429 past the budget, 403
// insufficient_scope for scopes not granted, and injectable faults in both error body shapes.
//
// It is a plain object with one entry point, `handle(request) -> response`, so it runs under
// node's test runner as well as behind Playwright's request interception (./playwright.js).

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const AUTHORIZE_URL = 'https://www.fitbit.com/oauth2/authorize';
export const API_ORIGIN = 'https://api.fitbit.com';
export const ALL_SCOPES = [
  'activity', 'cardio_fitness', 'electrocardiogram', 'heartrate', 'irregular_rhythm_notifications',
  'location', 'nutrition', 'oxygen_saturation', 'profile', 'respiratory_rate', 'settings', 'sleep',
  'social', 'temperature', 'weight',
];

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'fitbit');
export function fixture(path) {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

const base64url = (buf) => Buffer.from(buf).toString('base64url');
export const s256 = (verifier) => base64url(createHash('sha256').update(verifier).digest());

// Data endpoints: path pattern → required scopes and the fixture that answers.
// Patterns follow ../../../../shared/reference/fitbit-web-api.md §5.
const ROUTES = [
  { re: /^\/1\/user\/-\/profile\.json$/, scopes: ['profile'], keepDates: true, body: () => fixture('allenporter-fitbit-web-api/user_profile.json') },
  { re: /^\/1\/user\/-\/devices\.json$/, scopes: ['settings'], body: () => fixture('allenporter-fitbit-web-api/devices.json') },
  { re: /^\/1\/user\/-\/activities\/date\/[^/]+\.json$/, scopes: ['activity'], units: 'summary',  body: () => fixture('Fitbit.NET/GetActivities.json') },
  { re: /^\/1\/user\/-\/activities\/list\.json$/, scopes: ['activity'], list: { max: 100 },  body: () => fixture('Fitbit.NET/GetActivityLogsList.json') },
  // Intraday (before the series routes they resemble): Personal apps, or approved ones.
  { re: /^\/1\/user\/-\/activities\/steps\/date\/[^/]+\/1d\/(1min|5min|15min)(\/time\/[^/]+\/[^/]+)?\.json$/, scopes: ['activity'], intraday: true, body: () => fixture('Fitbit.NET/IntradayActivitiesSteps.json') },
  { re: /^\/1\/user\/-\/activities\/heart\/date\/[^/]+\/1d\/(1sec|1min|5min|15min)(\/time\/[^/]+\/[^/]+)?\.json$/, scopes: ['heartrate'], intraday: true, body: () => fixture('allenporter-fitbit-web-api/heart_rate_intraday.json') },
  { re: /^\/1\/user\/-\/activities\/heart\/date\//, scopes: ['heartrate'], maxDays: 366,  body: () => fixture('allenporter-fitbit-web-api/heart_rate_time_series.json') },
  { re: /^\/1\/user\/-\/activities\/active-zone-minutes\/date\//, scopes: ['activity'], maxDays: 1095,  body: () => fixture('Fitbit.NET/ActiveZoneMinutes.json') },
  { re: /^\/1\/user\/-\/activities\/(tracker\/)?steps\/date\//, scopes: ['activity'], maxDays: 1095,  body: () => fixture('allenporter-fitbit-web-api/activity_time_series_steps.json') },
  { re: /^\/1\/user\/-\/activities\/(tracker\/)?distance\/date\//, scopes: ['activity'], body: () => fixture('Fitbit.NET/TimeSeries-ActivitiesDistance.json') },
  { re: /^\/1\/user\/-\/activities\/(tracker\/)?calories\/date\//, scopes: ['activity'], body: () => fixture('allenporter-fitbit-web-api/activity_time_series_calories.json') },
  { re: /^\/1\/user\/-\/activities\/\d+\.tcx$/, scopes: ['activity', 'location'], text: true, body: () => tcx() },
  { re: /^\/1\/user\/-\/hrv\/date\//, scopes: ['heartrate'], maxDays: 30,  body: () => fixture('Fitbit.NET/GetHRVSummaryByInterval.json') },
  { re: /^\/1\.2\/user\/-\/sleep\//, scopes: ['sleep'], maxDays: 100,  body: () => fixture('Fitbit.NET/GetSleepRange.json') },
  { re: /^\/1\/user\/-\/body\/log\/weight\/date\//, scopes: ['weight'], maxDays: 31, units: 'weight',  body: () => fixture('Fitbit.NET/GetWeight.json') },
  { re: /^\/1\/user\/-\/body\/log\/fat\/date\//, scopes: ['weight'], body: () => fixture('Fitbit.NET/GetFat.json') },
  { re: /^\/1\/user\/-\/body\/weight\/date\//, scopes: ['weight'], body: () => fixture('allenporter-fitbit-web-api/body_time_series_weight.json') },
  { re: /^\/1\/user\/-\/body\/fat\/date\//, scopes: ['weight'], body: () => fixture('allenporter-fitbit-web-api/body_time_series_fat.json') },
  { re: /^\/1\/user\/-\/foods\/log\/date\//, scopes: ['nutrition'], body: () => fixture('Fitbit.NET/GetFoodLogs.json') },
  { re: /^\/1\/user\/-\/foods\/log\/caloriesIn\/date\//, scopes: ['nutrition'], body: () => fixture('allenporter-fitbit-web-api/nutrition_time_series_calories.json') },
  { re: /^\/1\/user\/-\/foods\/log\/water\/date\/[^/]+\/[^/]+\.json$/, scopes: ['nutrition'], body: () => fixture('allenporter-fitbit-web-api/nutrition_time_series_water.json') },
  { re: /^\/1\/user\/-\/spo2\/date\//, scopes: ['oxygen_saturation'], maxDays: 30,  body: () => fixture('Fitbit.NET/GetSpO2SummaryByInterval.json') },
  { re: /^\/1\/user\/-\/br\/date\//, scopes: ['respiratory_rate'], maxDays: 30,  body: () => fixture('Fitbit.NET/GetBreathingRateSummaryByInterval.json') },
  { re: /^\/1\/user\/-\/cardioscore\/date\//, scopes: ['cardio_fitness'], maxDays: 30,  body: () => fixture('Fitbit.NET/GetCardioScoreSummaryByInterval.json') },
  // No public samples exist for these: synthetic answers in the shapes of the reference (§5),
  // with values, so the widgets that show them are tested with data (dates re-dated).
  { re: /^\/1\/user\/-\/temp\/skin\/date\//, scopes: ['temperature'], maxDays: 30, body: () => ({ tempSkin: [
    { dateTime: '2026-11-19', value: { nightlyRelative: -0.3 }, logType: 'dermal' },
    { dateTime: '2026-11-20', value: { nightlyRelative: 0.4 }, logType: 'dermal' },
  ] }) },
  { re: /^\/1\/user\/-\/ecg\/list\.json$/, scopes: ['electrocardiogram'], list: { max: 10 }, body: () => ({ ecgReadings: [
    { startTime: '2026-11-18T08:14:27.000', averageHeartRate: 64, resultClassification: 'Normal Sinus Rhythm', waveformSamples: [], samplingFrequencyHz: '250', scalingFactor: 10922, numberOfWaveformSamples: 7500, leadNumber: 1, featureVersion: '1.2.3', deviceName: 'Sense', firmwareVersion: '1.2.3' },
  ], pagination: { beforeDate: '2026-11-22', limit: 10, next: '', offset: 0, previous: '', sort: 'desc' } }) },
  { re: /^\/1\/user\/-\/irn\/profile\.json$/, scopes: ['irregular_rhythm_notifications'], body: () => ({ onboarded: true, enrolled: true, lastUpdated: '2026-11-20T07:00:00.000' }) },
  { re: /^\/1\/user\/-\/irn\/alerts\/list\.json$/, scopes: ['irregular_rhythm_notifications'], list: { max: 10 }, body: () => ({ alerts: [
    { alertTime: '2026-11-17T03:12:00.000', detectedTime: '2026-11-17T02:40:00.000', serviceVersion: '1.0', algoVersion: '2', deviceType: 'WRIST', windows: [] },
  ], pagination: { beforeDate: '2026-11-22', limit: 10, next: '', offset: 0, previous: '', sort: 'desc' } }) },
  { re: /^\/1\.1\/user\/-\/leaderboard\/friends\.json$/, scopes: ['social'], keepDates: true, body: () => ({
    data: [
      { type: 'ranked-user', id: 'FRIEND1', attributes: { 'step-rank': 1, 'step-summary': 81234, 'step-average': 11605 }, relationships: { user: { data: { id: 'FRIEND1', type: 'person' } } } },
      { type: 'ranked-user', id: 'MOCK01', attributes: { 'step-rank': 2, 'step-summary': 70112, 'step-average': 10016 }, relationships: { user: { data: { id: 'MOCK01', type: 'person' } } } },
    ],
    included: [
      { type: 'person', id: 'FRIEND1', attributes: { name: 'Robin <b>Friend</b>', avatar: '', child: false, friend: true } },
      { type: 'person', id: 'MOCK01', attributes: { name: 'Display name', avatar: '', child: false, friend: false } },
    ],
  }) },
  { re: /^\/1\.1\/user\/-\/friends\.json$/, scopes: ['social'], body: () => ({ data: [] }) },
];

const DAY_MS = 86_400_000;

/**
 * What Fitbit does with Accept-Language: en_US answers in US units, en_GB in UK units, anything
 * else (pulsedeck sends "metric") in metric. Applied to the weight log and the daily summary's
 * distances, so a client that sent the wrong value would show wrong numbers.
 */
export function inUnits(kind, body, lang) {
  if (!kind || (lang !== 'en_US' && lang !== 'en_GB')) return body;
  const copy = JSON.parse(JSON.stringify(body));
  if (kind === 'weight') for (const w of copy.weight ?? []) w.weight = +(w.weight * 2.20462).toFixed(1);
  if (kind === 'summary' && lang === 'en_US') for (const d of copy.summary?.distances ?? []) d.distance = +(d.distance / 1.609344).toFixed(2);
  return copy;
}

/** A short loop as TCX (hand-made, in the TrainingCenterDatabase v2 shape Fitbit serves). */
function tcx() {
  const points = Array.from({ length: 24 }, (_, i) => {
    const a = (i / 24) * 2 * Math.PI;
    return `<Trackpoint><Time>2026-11-21T07:${String(10 + i).padStart(2, '0')}:00.000Z</Time><Position><LatitudeDegrees>${(51.5 + 0.004 * Math.sin(a)).toFixed(6)}</LatitudeDegrees><LongitudeDegrees>${(-0.12 + 0.006 * Math.cos(a)).toFixed(6)}</LongitudeDegrees></Position><HeartRateBpm><Value>${120 + i}</Value></HeartRateBpm></Trackpoint>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2026-11-21T07:10:00.000Z</Id><Lap StartTime="2026-11-21T07:10:00.000Z"><Track>${points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>`;
}

/** Error bodies in Fitbit's legacy shape or the Google shape seen since 2026. */
export function errorBody(shape, status, errorType, message) {
  if (shape === 'google') {
    const statusName = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 410: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED' }[status] ?? 'INTERNAL';
    return { error: { code: status, message, status: statusName } };
  }
  return { errors: [{ errorType, message }], success: false };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const DATE = /\b(\d{4})-(\d{2})-(\d{2})(?=[T" ])/g;

/** The last date a request asks about: the end of a range, or the day before `beforeDate`. */
export function requestedDate(url, now = Date.now()) {
  const before = url.searchParams.get('beforeDate');
  if (before) return new Date(Date.parse(before) - DAY).toISOString().slice(0, 10);
  const dates = url.pathname.match(/\d{4}-\d{2}-\d{2}/g);
  if (dates) return dates.at(-1);
  return new Date(now).toISOString().slice(0, 10);
}

/** Shifts every date in a JSON text so that the newest one becomes `target` (YYYY-MM-DD). */
export function redate(text, target) {
  const found = [...text.matchAll(DATE)].map((m) => Date.parse(`${m[1]}-${m[2]}-${m[3]}`)).filter((t) => !Number.isNaN(t));
  if (!found.length) return text;
  const shift = Date.parse(target) - Math.max(...found);
  return text.replace(DATE, (m, y, mo, d) => {
    const t = Date.parse(`${y}-${mo}-${d}`);
    return Number.isNaN(t) ? m : new Date(t + shift).toISOString().slice(0, 10);
  });
}

export class MockFitbit {
  constructor(opts = {}) {
    this.clientId = opts.clientId ?? '23TEST';
    /** Registered redirect URIs; the authorize and token requests must match one exactly. */
    this.redirectUris = opts.redirectUris ?? null;
    this.userId = opts.userId ?? '7PULSE';
    /** What the "user" does on the consent page: grant these scopes (null = all requested), or deny. */
    this.consent = { grant: null, deny: false, ...opts.consent };
    /** Clock in ms; tests move it with advance(). */
    this.clockOffset = 0;
    this.accessTtlSeconds = opts.accessTtlSeconds ?? 28_800;
    this.codeTtlMs = 10 * 60_000;
    /** How long an identical refresh request gets the same answer (Fitbit: unspecified, ~2 min). */
    this.refreshGraceMs = opts.refreshGraceMs ?? 120_000;
    this.rateLimit = opts.rateLimit ?? 150;
    /** Whether CORS exposes the Fitbit-Rate-Limit-* headers to scripts (unconfirmed for the real API). */
    this.exposeRateHeaders = opts.exposeRateHeaders ?? false;
    /**
     * Fixture data is years old: shift every date in an answer so its newest date is the date
     * the request asked for (the shapes stay exactly as recorded).
     */
    this.redate = opts.redate ?? true;
    /** Milliseconds the interception layer waits before answering data requests. */
    this.delayMs = opts.delayMs ?? 0;
    /** 'personal' apps read their owner's intraday data; 'client' apps get 403 insufficient_permissions. */
    this.appType = opts.appType ?? 'personal';
    /** Error body shape: 'legacy' or 'google'. */
    this.errorShape = opts.errorShape ?? 'legacy';
    this.codes = new Map();
    this.refreshTokens = new Map();
    this.accessTokens = new Map();
    this.rate = { window: -1, used: 0 };
    this.faults = [];
    this.overrides = [];
    /** Every request seen, oldest first. */
    this.log = [];
  }

  now() {
    return Date.now() + this.clockOffset;
  }

  advance(ms) {
    this.clockOffset += ms;
  }

  /**
   * Queue a fault for requests whose path matches `path` (string prefix or RegExp):
   * kind 'expired' | 'invalid_token' | 'server' | 'gone' | 'malformed' | 'network' | 'rate_limited'
   * | 'permission_denied' (Google-shaped 403) | 'timeout' | 'invalid_client' (token endpoint); `times` (default 1, Infinity for always).
   */
  fail(path, kind, { times = 1, shape } = {}) {
    this.faults.push({ path, kind, times, shape });
  }

  /** Answer requests matching `path` with this JSON body (e.g. an empty-array fixture). */
  setData(path, body, status = 200) {
    this.overrides.unshift({ path, body, status });
  }

  requests(filter = () => true) {
    return this.log.filter(filter);
  }

  /** Data requests (not OAuth, not preflight). */
  dataRequests() {
    return this.log.filter((r) => r.host === 'api.fitbit.com' && !r.path.startsWith('/oauth2/') && r.method !== 'OPTIONS');
  }

  tokenRequests(grantType) {
    return this.log.filter((r) => r.path === '/oauth2/token' && (!grantType || r.form?.grant_type === grantType));
  }

  // ---- entry point -------------------------------------------------------------------------

  /**
   * request: { method, url, headers (lower-case keys), body (string) }
   * returns: { status, headers, body (string) } or { abort: 'failed' | 'timedout' }
   */
  handle(request) {
    const url = new URL(request.url);
    const headers = request.headers ?? {};
    const form = request.body && /x-www-form-urlencoded/.test(headers['content-type'] ?? '')
      ? Object.fromEntries(new URLSearchParams(request.body)) : undefined;
    const entry = { method: request.method, url: request.url, host: url.host, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, form, at: this.now() };
    this.log.push(entry);

    if (url.host === 'www.fitbit.com' && url.pathname === '/oauth2/authorize') return this.authorize(url);
    if (url.host !== 'api.fitbit.com') return this.html(404, 'Not found');

    const origin = headers.origin;
    if (request.method === 'OPTIONS') return this.preflight(origin);
    const res = this.api(request, url, form, entry);
    if (res.abort) return res;
    entry.status = res.status;
    return this.withCors(res, origin);
  }

  // ---- CORS --------------------------------------------------------------------------------

  withCors(res, origin) {
    if (origin) {
      res.headers['access-control-allow-origin'] = origin;
      res.headers.vary = 'Origin,X-Origin,Referer';
      if (this.exposeRateHeaders) {
        res.headers['access-control-expose-headers'] = 'Fitbit-Rate-Limit-Limit, Fitbit-Rate-Limit-Remaining, Fitbit-Rate-Limit-Reset';
      }
    }
    return res;
  }

  preflight(origin) {
    return {
      status: 204,
      headers: {
        'access-control-allow-origin': origin ?? '*',
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': 'Authorization, Accept-Language, Accept-Locale, Content-Type',
        'access-control-max-age': '600',
        vary: 'Origin',
      },
      body: '',
    };
  }

  // ---- helpers -----------------------------------------------------------------------------

  json(status, body, extra = {}) {
    return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...extra }, body: JSON.stringify(body) };
  }

  html(status, text) {
    const esc = String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    return { status, headers: { 'content-type': 'text/html;charset=UTF-8' }, body: `<!doctype html><title>Fitbit</title><h1>${esc}</h1>` };
  }

  error(status, errorType, message, shape = this.errorShape, extra = {}) {
    return this.json(status, errorBody(shape, status, errorType, message), extra);
  }

  redirect(location) {
    return { status: 302, headers: { location }, body: '' };
  }

  // ---- authorize ---------------------------------------------------------------------------

  authorize(url) {
    const p = Object.fromEntries(url.searchParams);
    // Errors about the client or redirect are shown on Fitbit's page, never redirected.
    if (!p.client_id) return this.html(400, 'invalid_request - Missing parameters: client_id');
    if (p.client_id !== this.clientId) return this.html(400, 'unauthorized_client - Invalid client_id');
    if (!p.redirect_uri) return this.html(400, 'invalid_request - Missing redirect_uri parameter value');
    if (this.redirectUris && !this.redirectUris.includes(p.redirect_uri)) {
      return this.html(400, 'invalid_request - Invalid redirect_uri parameter value');
    }
    if (p.response_type !== 'code') return this.html(400, 'unsupported_response_type - The response type must be code or token');
    if (!p.code_challenge || p.code_challenge.length < 43 || p.code_challenge.length > 128) {
      return this.html(400, 'invalid_request - The code_challenge parameter is invalid');
    }
    if (p.code_challenge_method !== 'S256') return this.html(400, 'invalid_request - Unsupported code_challenge_method');
    const requested = (p.scope ?? '').split(/[ +]+/).filter(Boolean);
    if (requested.length === 0 || requested.some((s) => !ALL_SCOPES.includes(s))) {
      return this.html(400, 'invalid_scope - The requested scope is invalid');
    }
    const back = new URL(p.redirect_uri);
    if (p.state !== undefined) back.searchParams.set('state', p.state);
    if (this.consent.deny) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request.');
      return this.redirect(back.toString() + '#_=_');
    }
    const granted = requested.filter((s) => this.consent.grant === null || this.consent.grant.includes(s));
    const code = randomBytes(20).toString('hex');
    this.codes.set(code, { redirectUri: p.redirect_uri, challenge: p.code_challenge, scopes: granted, expiresAt: this.now() + this.codeTtlMs, used: false });
    back.searchParams.set('code', code);
    return this.redirect(back.toString() + '#_=_');
  }

  // ---- tokens ------------------------------------------------------------------------------

  issue(scopes) {
    const iat = Math.floor(this.now() / 1000);
    const claims = { aud: this.clientId, sub: this.userId, iss: 'Fitbit', typ: 'access_token', scopes: scopes.join(' '), exp: iat + this.accessTtlSeconds, iat, jti: randomBytes(6).toString('hex') };
    const access = `${base64url(JSON.stringify({ alg: 'HS256' }))}.${base64url(JSON.stringify(claims))}.${base64url(randomBytes(32))}`;
    const refresh = randomBytes(32).toString('hex');
    this.accessTokens.set(access, { scopes, expiresAt: this.now() + this.accessTtlSeconds * 1000, revoked: false, refresh });
    this.refreshTokens.set(refresh, { scopes, state: 'active', access, response: null, rotatedAt: null, successor: null });
    const response = { access_token: access, expires_in: this.accessTtlSeconds, refresh_token: refresh, scope: scopes.join(' '), token_type: 'Bearer', user_id: this.userId };
    return response;
  }

  token(request, form) {
    if (request.method !== 'POST') return this.error(405, 'invalid_request', 'Only POST is supported.');
    if (!form) return this.error(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    // A Client/Personal app has no secret: a Basic header here means a secret leaked into the page.
    if ((request.headers?.authorization ?? '').startsWith('Basic')) {
      return this.error(401, 'invalid_client', 'Invalid authorization header format.');
    }
    if (form.client_id !== this.clientId) return this.error(401, 'invalid_client', 'Invalid client_id.');

    if (form.grant_type === 'authorization_code') {
      const c = this.codes.get(form.code ?? '');
      if (!c || c.used) {
        if (c) this.revokeFrom(c); // a replayed code revokes what it issued (RFC 6749 §4.1.2)
        return this.error(400, 'invalid_grant', `Authorization code invalid: ${form.code}`);
      }
      if (this.now() > c.expiresAt) return this.error(400, 'invalid_grant', `Authorization code expired: ${form.code}`);
      if (!form.redirect_uri || form.redirect_uri !== c.redirectUri) return this.error(400, 'invalid_grant', 'Redirect_uri mismatch.');
      if (!form.code_verifier || s256(form.code_verifier) !== c.challenge) return this.error(400, 'invalid_grant', 'Code verifier invalid.');
      c.used = true;
      const res = this.issue(c.scopes);
      c.issued = res;
      return this.json(200, res);
    }

    if (form.grant_type === 'refresh_token') {
      const rt = this.refreshTokens.get(form.refresh_token ?? '');
      if (!rt || rt.state === 'revoked') return this.error(401, 'invalid_grant', `Refresh token invalid: ${form.refresh_token}`);
      if (rt.state === 'rotated') {
        // Fitbit: identical refresh requests get the same response until the new tokens are used.
        const successor = this.refreshTokens.get(rt.successor);
        const unused = successor && successor.state === 'active' && !successor.used;
        if (unused && this.now() - rt.rotatedAt <= this.refreshGraceMs) return this.json(200, rt.response);
        return this.error(401, 'invalid_grant', `Refresh token invalid: ${form.refresh_token}`);
      }
      const res = this.issue(rt.scopes);
      rt.state = 'rotated';
      rt.rotatedAt = this.now();
      rt.response = res;
      rt.successor = res.refresh_token;
      // The old access token keeps working until it expires.
      return this.json(200, res);
    }
    return this.error(400, 'unsupported_grant_type', `Unsupported grant_type: ${form.grant_type}`);
  }

  revokeFrom(code) {
    if (code.issued) this.revokeAll();
  }

  /** Revoking any token removes every token of this user for the app. */
  revokeAll() {
    for (const t of this.accessTokens.values()) t.revoked = true;
    for (const t of this.refreshTokens.values()) t.state = 'revoked';
  }

  revoke(form) {
    if (!form || form.client_id !== this.clientId) return this.error(401, 'invalid_client', 'Invalid client_id.');
    if (this.accessTokens.has(form.token) || this.refreshTokens.has(form.token)) this.revokeAll();
    return this.json(200, {});
  }

  // ---- data --------------------------------------------------------------------------------

  rateHeaders() {
    const window = Math.floor(this.now() / HOUR);
    if (window !== this.rate.window) this.rate = { window, used: 0 };
    const reset = Math.ceil(((window + 1) * HOUR - this.now()) / 1000);
    return {
      'fitbit-rate-limit-limit': String(this.rateLimit),
      'fitbit-rate-limit-remaining': String(Math.max(0, this.rateLimit - this.rate.used)),
      'fitbit-rate-limit-reset': String(reset),
    };
  }

  /** Fitbit's 400 validation rules: range caps, and the list endpoints' paging parameters. */
  validate(route, url) {
    if (route.maxDays) {
      const m = url.pathname.match(/\/date\/(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})\.json$/);
      if (m) {
        const days = (Date.parse(m[2]) - Date.parse(m[1])) / DAY_MS + 1;
        if (days < 1) return 'Invalid date range: the end date is before the start date.';
        if (days > route.maxDays) return `The date range must be no more than ${route.maxDays} days.`;
      }
    }
    if (route.list) {
      const q = url.searchParams;
      const before = q.get('beforeDate');
      const after = q.get('afterDate');
      if (!before === !after) return 'Exactly one of beforeDate and afterDate is required.';
      if (q.get('sort') !== (before ? 'desc' : 'asc')) return `sort must be ${before ? 'desc with beforeDate' : 'asc with afterDate'}.`;
      if (q.get('offset') !== '0') return 'Only offset=0 is supported; use the pagination links.';
      const limit = Number(q.get('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > route.list.max) return `limit must be between 1 and ${route.list.max}.`;
    }
    return null;
  }

  takeFault(path) {
    const f = this.faults.find((x) => x.times > 0 && (x.path instanceof RegExp ? x.path.test(path) : path.startsWith(x.path)));
    if (f) f.times -= 1;
    return f;
  }

  api(request, url, form, entry) {
    const path = url.pathname;
    const fault = this.takeFault(path);
    if (fault?.kind === 'network') return { abort: 'failed' };
    if (fault?.kind === 'timeout') return { abort: 'timedout' };
    if (fault?.kind === 'gone') return this.error(410, 'gone', 'The Fitbit Web API has been turned off.', fault.shape);
    if (path === '/oauth2/token' || path === '/oauth2/revoke') {
      if (fault?.kind === 'server') return this.error(500, 'request', 'An error occurred with the Fitbit Web API. Please try again later.', fault.shape);
      if (fault?.kind === 'rate_limited') return this.error(429, 'system', 'Too Many Requests', fault.shape, { 'retry-after': '1200' });
      if (fault?.kind === 'invalid_client') return this.error(401, 'invalid_client', 'Invalid client_id', fault.shape);
      return path === '/oauth2/token' ? this.token(request, form) : this.revoke(form);
    }

    const auth = request.headers?.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return this.error(401, 'invalid_request', 'Authorization header required.');
    const token = auth.slice('Bearer '.length);
    const at = this.accessTokens.get(token);
    if (!at || at.revoked || fault?.kind === 'invalid_token') return this.error(401, 'invalid_token', `Access token invalid: ${token}`, fault?.shape);
    if (this.now() >= at.expiresAt || fault?.kind === 'expired') return this.error(401, 'expired_token', `Access token expired: ${token}`, fault?.shape);
    // Using a new pair ends the refresh grace of the token it replaced.
    const rt = this.refreshTokens.get(at.refresh);
    if (rt) rt.used = true;
    entry.authorized = true;

    const limits = this.rateHeaders();
    if (this.rate.used >= this.rateLimit || fault?.kind === 'rate_limited') {
      return this.error(429, 'system', 'Too Many Requests', fault?.shape, { ...limits, 'fitbit-rate-limit-remaining': '0', 'retry-after': limits['fitbit-rate-limit-reset'] });
    }
    this.rate.used += 1;
    const counted = this.rateHeaders();

    if (fault?.kind === 'server') return this.error(500, 'request', 'An error occurred with the Fitbit Web API. Please try again later.', fault.shape, counted);
    if (fault?.kind === 'permission_denied') return this.error(403, 'insufficient_permissions', 'The caller does not have permission', 'google', counted);

    const route = ROUTES.find((r) => r.re.test(path));
    if (!route) return this.error(404, 'not_found', `The API you are requesting could not be found: ${path}`, undefined, counted);
    const invalid = this.validate(route, url);
    if (invalid) return this.error(400, 'validation', invalid, undefined, counted);
    const missing = route.scopes.filter((s) => !at.scopes.includes(s));
    if (missing.length) {
      return this.error(403, 'insufficient_scope', `This application does not have permission to access ${missing[0]} data. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.`, undefined, counted);
    }
    if (route.intraday && this.appType !== 'personal') {
      return this.error(403, 'insufficient_permissions', 'Intraday data is only available to Personal apps or with approval.', undefined, counted);
    }
    if (fault?.kind === 'malformed') return { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8', ...counted }, body: '{"activities-steps": [{"dateTime": "20' };

    const override = this.overrides.find((o) => (o.path instanceof RegExp ? o.path.test(path) : path.startsWith(o.path)));
    if (override) return this.json(override.status, override.body, counted);
    const body = route.body();
    if (route.text) return { status: 200, headers: { 'content-type': 'application/vnd.garmin.tcx+xml', ...counted }, body };
    const text = JSON.stringify(inUnits(route.units, body, request.headers?.['accept-language']));
    return { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8', ...counted }, body: this.redate && !route.keepDates ? redate(text, requestedDate(url, this.now())) : text };
  }
}

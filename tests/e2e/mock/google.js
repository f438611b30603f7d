// A mock of Google's OAuth 2.0 token (implicit) response and of the Google Health API v4, as
// the real ones behave where pulsedeck touches them (reference: google-health-api.md; shapes
// from tests/fixtures/google-health/, whose bodies are served unchanged where one exists):
// granular consent, `prompt=none` answers, string-encoded int64 values, "NaN", paging with empty
// pages, the filters and ranges the API rejects, 300 requests per person per minute, hour-long
// tokens, revocation. Its own tests: google.test.js.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const FIXTURES = new URL('../../fixtures/google-health/', import.meta.url);
const fixture = (path) => JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8'));
/** A captured answer's body (captures are wrapped as `{body, status}`; rollups carry `request` too). */
const captured = (name) => {
  const v = fixture(`mcp-fitbit-air/${name}.json`).body;
  return v.response ?? v;
};
const errorFixture = (name) => fixture(`python-google-health-api-errors/${name}.json`);

export const PREFIX = 'https://www.googleapis.com/auth/googlehealth.';
/** The read-only scopes of discovery rev 20261030 (the write-only twins are not asked for). */
export const READ_SCOPES = (() => {
  const scopes = fixture('discovery/health.v4.rev20261030.json').auth.oauth2.scopes;
  return Object.keys(scopes).filter((s) => s.startsWith(PREFIX) && s.endsWith('.readonly')).map((s) => s.slice(PREFIX.length));
})();

/** Which scope reads which data type (any read scope reads the identity). */
const TYPE_SCOPE = {
  steps: 'activity_and_fitness', distance: 'activity_and_fitness', floors: 'activity_and_fitness',
  'total-calories': 'activity_and_fitness', 'active-zone-minutes': 'activity_and_fitness', 'daily-vo2-max': 'activity_and_fitness',
  'active-minutes': 'activity_and_fitness',
  exercise: 'activity_and_fitness',
  'daily-resting-heart-rate': 'health_metrics_and_measurements', 'daily-heart-rate-variability': 'health_metrics_and_measurements',
  'daily-oxygen-saturation': 'health_metrics_and_measurements', 'daily-respiratory-rate': 'health_metrics_and_measurements',
  'daily-sleep-temperature-derivations': 'health_metrics_and_measurements', weight: 'health_metrics_and_measurements',
  'body-fat': 'health_metrics_and_measurements', sleep: 'sleep',
};
/** dailyRollUp range limits in days (discovery doc): 14 for these, 90 for the rest. */
const SHORT_RANGE = new Set(['calories-in-heart-rate-zone', 'heart-rate', 'active-minutes', 'total-calories']);
const ROLLUP_TYPES = new Set(['steps', 'distance', 'floors', 'total-calories', 'active-zone-minutes', 'active-minutes']);
const DAILY_TYPES = new Set(['daily-resting-heart-rate', 'daily-heart-rate-variability', 'daily-oxygen-saturation', 'daily-respiratory-rate', 'daily-sleep-temperature-derivations', 'daily-vo2-max']);
const DAY = 86_400_000;
const MINUTE = 60_000;

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const civil = (d) => ({ year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10) });
const fromCivil = (c) => `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
const camel = (id) => id.replace(/-(\w)/g, (_, c) => c.toUpperCase());
const snake = (id) => id.replace(/-/g, '_');

/** A made-up but stable value of `type` on `date` (YYYY-MM-DD): the test's expectations. */
export function valueOn(type, date) {
  const n = Math.floor(Date.parse(date) / DAY);
  const wave = (k, span) => ((n * 7919 + k * 104729) % span);
  switch (type) {
    case 'steps': return 6000 + wave(1, 6000);
    case 'distance': return (6000 + wave(1, 6000)) * 780; // millimetres
    case 'floors': return 5 + wave(2, 15);
    case 'total-calories': return 1900 + wave(3, 900) + 0.5;
    case 'active-zone-minutes': return wave(4, 60);
    case 'active-minutes': return wave(15, 70); // moderate + vigorous
    case 'daily-resting-heart-rate': return 55 + wave(5, 10);
    case 'daily-heart-rate-variability': return 30 + wave(6, 20) + 0.25;
    case 'daily-oxygen-saturation': return 95 + wave(7, 4);
    case 'daily-respiratory-rate': return 14 + wave(8, 3) + 0.5;
    case 'daily-sleep-temperature-derivations': return (wave(9, 20) - 10) / 10;
    case 'daily-vo2-max': return 42 + wave(10, 5) + 0.5;
    case 'sleep': return 360 + wave(11, 120); // minutes asleep (light, deep and REM)
    case 'weight': return 80000 - wave(12, 2000); // grams
    case 'body-fat': return 20 + wave(13, 5) + 0.5;
    case 'exercise': return n % 3 === 0 ? 3000 + wave(14, 4000) : 0; // metres run (every third day)
    default: return 0;
  }
}

export class MockGoogle {
  constructor(opts = {}) {
    this.clientId = opts.clientId ?? '123456789012-pulsedeckmock0test.apps.googleusercontent.com';
    /** Authorized redirect URIs of the client (null: any). */
    this.redirectUris = opts.redirectUris ?? null;
    this.healthUserId = opts.healthUserId ?? '4147483647001';
    this.legacyUserId = opts.legacyUserId ?? '7PULSE';
    /** The consent page: grant these short scope names (null: all asked), or deny. */
    this.consent = { grant: null, deny: false, ...opts.consent };
    /** Signed in to Google in this browser (else `prompt=none` answers login_required). */
    this.signedIn = opts.signedIn ?? true;
    this.ttlSeconds = opts.ttlSeconds ?? 3599;
    this.rateLimit = opts.rateLimit ?? 300;
    /** The person's settings; the capture's, with its time zone unless told. */
    this.settings = { ...captured('settings'), ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) };
    /** Days of data the account holds, ending today (in its zone). */
    this.days = opts.days ?? 400;
    /** Not linked to Fitbit data: every data call answers the capture's FAILED_PRECONDITION. */
    this.linked = opts.linked ?? true;
    /**
     * How Google treats the person's Cloud project: 'ok', 'disabled' (the API not enabled:
     * SERVICE_DISABLED), 'denied' (USER_PROJECT_DENIED: a project Google does not onboard).
     * Both answer every API call, the identity too, with the fixture's 403.
     */
    this.project = opts.project ?? 'ok';
    /** The account is a test user of the project (else Google's own page refuses it). */
    this.testUser = opts.testUser ?? true;
    /** Google accounts signed in to this browser: a silent request with several and no hint answers account_selection_required. */
    this.accounts = opts.accounts ?? 1;
    /** A phone (and Health Connect) also writes steps and workouts: listed and summed unless the family is google-wearables. */
    this.phone = opts.phone ?? true;
    this.deviceName = opts.deviceName ?? null;
    /** Data points per page of a list (the API's default is 1440; small here to exercise paging). */
    this.listPage = opts.listPage ?? 1440;
    this.clockOffset = 0;
    this.granted = new Set(); // scopes consented to so far (include_granted_scopes)
    this.tokens = new Map();
    this.faults = [];
    this.rate = new Map();
    this.log = [];
  }

  now() { return Date.now() + this.clockOffset; }
  advance(ms) { this.clockOffset += ms; }

  /** Today in the person's zone (the settings' `timeZone`). */
  today() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.settings.timeZone }).format(new Date(this.now()));
  }

  /** Queue a fault for API paths matching `path`: 'server' (503) | 'timeout' (504) | 'network' | 'rate_limited' | 'expired' | 'invalid_argument'. */
  fail(path, kind, { times = 1 } = {}) { this.faults.push({ path, kind, times }); }

  /** API requests (not preflights, not OAuth). */
  apiRequests() { return this.log.filter((r) => r.host === 'health.googleapis.com' && r.method !== 'OPTIONS'); }

  handle(request) {
    const url = new URL(request.url);
    const headers = request.headers ?? {};
    const entry = { method: request.method, url: request.url, host: url.host, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: request.body, at: this.now() };
    this.log.push(entry);
    let res;
    if (url.host === 'accounts.google.com' && url.pathname === '/o/oauth2/v2/auth') res = this.authorize(url);
    else if (url.host === 'oauth2.googleapis.com' && url.pathname === '/revoke') res = request.method === 'OPTIONS' ? this.preflight(headers.origin) : this.withCors(this.revoke(request), headers.origin);
    else if (url.host === 'health.googleapis.com') res = request.method === 'OPTIONS' ? this.preflight(headers.origin) : this.api(request, url, headers);
    else res = this.html(404, 'Not Found');
    entry.status = res.status;
    return res;
  }

  // ---- the consent page ----------------------------------------------------------------------

  authorize(url) {
    const p = Object.fromEntries(url.searchParams);
    // Problems with the client are shown on Google's page, never sent back to the app.
    if (p.client_id !== this.clientId) return this.html(401, 'Error 401: invalid_client. The OAuth client was not found.');
    if (!p.redirect_uri || (this.redirectUris && !this.redirectUris.includes(p.redirect_uri))) {
      return this.html(400, "Error 400: redirect_uri_mismatch. You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.");
    }
    if (p.response_type !== 'token') return this.html(400, 'Error 400: unsupported_response_type');
    const asked = (p.scope ?? '').split(' ').filter(Boolean);
    const short = asked.map((s) => (s.startsWith(PREFIX) ? s.slice(PREFIX.length) : null));
    if (!asked.length || short.some((s) => !s || !READ_SCOPES.includes(s))) return this.html(400, 'Error 400: invalid_scope. Some requested scopes were invalid.');
    // Not a test user of an app in Testing: Google's own page, never an answer to the app (its
    // HTTP status is nothing the app can see; served as a page the browser shows).
    if (!this.testUser) return this.html(200, "Access blocked: pulsedeck has not completed the Google verification process. Error 403: access_denied. The app is currently being tested, and can only be accessed by developer-approved testers.");
    const back = (params) => {
      const u = new URL(p.redirect_uri);
      u.hash = new URLSearchParams({ ...(p.state !== undefined ? { state: p.state } : {}), ...params }).toString();
      return { status: 302, headers: { location: u.toString() }, body: '' };
    };
    if (p.prompt === 'none') {
      if (!this.signedIn) return back({ error: 'login_required' });
      if (this.accounts > 1 && !p.login_hint) return back({ error: 'account_selection_required' });
      if (short.some((s) => !this.granted.has(s))) return back({ error: 'interaction_required' });
    } else if (this.consent.deny) {
      return back({ error: 'access_denied' });
    } else {
      for (const s of short) if (this.consent.grant === null || this.consent.grant.includes(s)) this.granted.add(s);
    }
    const scopes = p.include_granted_scopes === 'true' ? [...this.granted] : short.filter((s) => this.granted.has(s));
    const token = `ya29.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { scopes, expiresAt: this.now() + this.ttlSeconds * 1000, revoked: false });
    return back({ access_token: token, token_type: 'Bearer', expires_in: String(this.ttlSeconds), scope: scopes.map((s) => PREFIX + s).join(' '), authuser: '0', prompt: 'consent' });
  }

  revoke(request) {
    const token = new URLSearchParams(request.body ?? '').get('token');
    const t = this.tokens.get(token);
    // Google keeps no expired token to revoke: the same answer as for an unknown one.
    if (!t || t.revoked || this.now() >= t.expiresAt) return this.json(400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    t.revoked = true;
    this.granted.clear();
    return this.json(200, {});
  }

  // ---- the API -------------------------------------------------------------------------------

  api(request, url, headers) {
    const origin = headers.origin;
    const fault = this.takeFault(url.pathname);
    if (fault === 'network') return { abort: 'failed' };
    const answer = (res) => this.withCors(res, origin);
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!bearer) return answer(this.json(401, errorFixture('unauthenticated')));
    const tok = this.tokens.get(bearer);
    if (!tok || tok.revoked || this.now() >= tok.expiresAt || fault === 'expired') return answer(this.json(401, unauthenticated('ACCESS_TOKEN_EXPIRED')));
    // 300 requests per person per minute, in fixed minutes.
    const minute = Math.floor(this.now() / MINUTE);
    const used = this.rate.get(minute) ?? 0;
    if (used >= this.rateLimit || fault === 'rate_limited') return answer(this.json(429, errorFixture('resource_exhausted')));
    this.rate.set(minute, used + 1);
    if (fault === 'server') return answer(this.json(503, { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } }));
    if (fault === 'timeout') return answer(this.json(504, { error: { code: 504, message: 'The request timed out.', status: 'DEADLINE_EXCEEDED' } }));
    if (this.project === 'disabled') return answer(this.json(403, errorFixture('service_disabled')));
    if (this.project === 'denied') return answer(this.json(403, errorFixture('permission_denied')));
    const path = url.pathname;
    if (path === '/v4/users/me/identity') return answer(this.json(200, { name: 'users/me/identity', healthUserId: this.healthUserId, legacyUserId: this.legacyUserId }));
    const need = (scope) => tok.scopes.includes(scope);
    if (path === '/v4/users/me/settings') return answer(need('settings.readonly') ? this.json(200, this.settings) : this.denied());
    if (path === '/v4/users/me/profile') return answer(need('profile.readonly') ? this.json(200, captured('profile')) : this.denied());
    if (path === '/v4/users/me/pairedDevices') return answer(need('settings.readonly') ? this.json(200, this.devices()) : this.denied());
    const m = /^\/v4\/users\/me\/dataTypes\/([a-z0-9-]+)\/dataPoints(:dailyRollUp)?$/.exec(path);
    if (!m || !TYPE_SCOPE[m[1]]) return answer(this.json(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } }));
    const [, type, rollup] = m;
    if (!need(`${TYPE_SCOPE[type]}.readonly`)) return answer(this.denied());
    if (!this.linked) return answer(this.json(400, errorFixture('account_not_linked')));
    if (fault === 'invalid_argument') return answer(this.json(400, badFilter(`${snake(type)}.date`)));
    if (rollup) {
      if (request.method !== 'POST') return answer(this.json(404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }));
      return answer(this.dailyRollUp(type, request.body));
    }
    return answer(this.list(type, url.searchParams));
  }

  takeFault(path) {
    const f = this.faults.find((x) => x.times > 0 && (typeof x.path === 'string' ? path.startsWith(x.path) : x.path.test(path)));
    if (!f) return null;
    f.times -= 1;
    return f.kind;
  }

  denied() { return this.json(403, errorFixture('access_token_scope_insufficient')); }

  devices() {
    const d = structuredClone(captured('paired_devices'));
    for (const dev of d.pairedDevices ?? []) {
      if (this.deviceName) dev.deviceVersion = this.deviceName;
      dev.lastSyncTime = new Date(this.now() - 20 * MINUTE).toISOString();
    }
    return d;
  }

  /** The days the account holds, newest first, from `first` (inclusive) to `end` (exclusive). */
  daysIn(first, end) {
    const out = [];
    const oldest = Date.parse(this.today()) - (this.days - 1) * DAY;
    for (let t = Date.parse(end) - DAY; t >= Date.parse(first); t -= DAY) {
      if (t <= Date.parse(this.today()) && t >= oldest) out.push(iso(t));
    }
    return out;
  }

  dailyRollUp(type, body) {
    let req;
    try { req = JSON.parse(body ?? ''); } catch { return this.json(400, invalid('Invalid JSON payload received.')); }
    if (!ROLLUP_TYPES.has(type)) return this.json(400, invalid(`Data type ${type} does not support daily roll-up.`));
    const { start, end } = req.range ?? {};
    if (!start?.date || !end?.date) return this.json(400, invalid('range.start and range.end must be civil date times.'));
    const from = fromCivil(start.date);
    const to = fromCivil(end.date);
    const span = (Date.parse(to) - Date.parse(from)) / DAY;
    const max = SHORT_RANGE.has(type) ? 14 : 90;
    if (!(span > 0)) return this.json(400, invalid('range.end must be after range.start.'));
    if (span > max) return this.json(400, invalid(`The range of a daily roll-up of ${type} may span at most ${max} days.`));
    if ((req.windowSizeDays ?? 1) !== 1) return this.json(400, invalid('Only windows of one day are supported here.'));
    const key = camel(type);
    // All sources add the phone's own count of the same walk (steps, distance): twice.
    const twice = this.phone && req.dataSourceFamily !== 'users/me/dataSourceFamilies/google-wearables' && (type === 'steps' || type === 'distance');
    const points = this.daysIn(from, to).map((d) => ({
      civilEndTime: { date: civil(iso(Date.parse(d) + DAY)), time: {} },
      civilStartTime: { date: civil(d), time: {} },
      [key]: rollupValue(type, valueOn(type, d) * (twice ? 2 : 1)),
    }));
    return this.json(200, this.page(points, 'rollupDataPoints', req.pageToken, req.pageSize ?? 1440));
  }

  list(type, q) {
    const filter = q.get('filter') ?? '';
    const pageSize = Number(q.get('pageSize') ?? (type === 'sleep' || type === 'exercise' ? 25 : 1440));
    if ((type === 'sleep' || type === 'exercise') && pageSize > 25) return this.json(400, invalid(`page_size for ${type} must be at most 25.`));
    // AIP-160 as the API takes it here: clauses `member >= "v"` or `member < "v"` joined by AND.
    let first = null;
    let before = null;
    if (filter) {
      const allowed = DAILY_TYPES.has(type) ? [`${snake(type)}.date`]
        : type === 'sleep' ? ['sleep.interval.end_time', 'sleep.interval.civil_end_time']
          : type === 'exercise' ? ['exercise.interval.start_time', 'exercise.interval.civil_start_time']
            : [`${snake(type)}.sample_time.civil_time`, `${snake(type)}.sample_time.physical_time`];
      // Measured live: a civil-time filter on a sample or interval type is accepted and
      // answers 200 with zero points.
      if (!DAILY_TYPES.has(type) && type !== 'sleep' && type !== 'exercise' && filter.includes('.civil_time')) return this.json(200, {});
      for (const part of filter.split(' AND ')) {
        const clause = /^([a-z0-9_.]+) (>=|<) "([0-9T:Z-]+)"$/.exec(part);
        if (!clause || !allowed.includes(clause[1])) return this.json(400, badFilter(clause?.[1] ?? part));
        // A bound on an instant (`…Z`) counts by its UTC day; a date by itself.
        const day = clause[3].slice(0, 10);
        if (clause[2] === '>=') first = day;
        else before = clause[3].length > 10 && !clause[3].endsWith('T00:00:00Z') ? iso(Date.parse(day) + DAY) : day;
      }
    }
    const days = this.daysIn(first ?? iso(Date.parse(this.today()) - (this.days - 1) * DAY), before ?? iso(Date.parse(this.today()) + DAY));
    const family = q.get('dataSourceFamily');
    if (family && type === 'sleep') return this.json(400, invalid('Filtering by data source family is not supported for the sleep data type.'));
    const wearables = family === 'users/me/dataSourceFamilies/google-wearables';
    // Points on physical bounds: an instant's day is its UTC day (a sample at 14:00 UTC).
    const points = days.flatMap((d) => this.pointsOn(type, d, wearables));
    return this.json(200, this.page(points, 'dataPoints', q.get('pageToken'), Math.min(pageSize, this.listPage)));
  }

  pointsOn(type, d, wearables = false) {
    const v = valueOn(type, d);
    const source = { device: {}, platform: 'FITBIT', recordingMethod: 'DERIVED' };
    if (DAILY_TYPES.has(type)) {
      const body = {
        'daily-resting-heart-rate': { beatsPerMinute: String(v), dailyRestingHeartRateMetadata: { calculationMethod: 'WITH_SLEEP' } },
        'daily-heart-rate-variability': { averageHeartRateVariabilityMilliseconds: v, nonRemHeartRateBeatsPerMinute: '58', entropy: 'NaN', deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds: v },
        'daily-oxygen-saturation': { averagePercentage: v, lowerBoundPercentage: v - 2, upperBoundPercentage: v + 2 },
        'daily-respiratory-rate': { breathsPerMinute: v },
        'daily-sleep-temperature-derivations': { nightlyTemperatureCelsius: 34 + v, baselineTemperatureCelsius: 34, relativeNightlyStddev30dCelsius: 0.2 },
        'daily-vo2-max': { vo2Max: v, cardioFitnessLevel: 'GOOD', vo2MaxCovariance: 'NaN' },
      }[type];
      return [{ [camel(type)]: { ...body, date: civil(d) }, dataSource: { ...source, recordingMethod: type === 'daily-oxygen-saturation' ? 'PASSIVELY_MEASURED' : 'DERIVED' } }];
    }
    if (type === 'sleep') return [sleepOn(d, v, this.settings.utcOffset)];
    if (type === 'exercise') {
      const runs = exerciseOn(d, this.settings.utcOffset);
      // The phone's copy of each run (Health Connect), unless the family leaves it out.
      return this.phone && !wearables ? runs.flatMap((r) => [r, phoneCopy(r)]) : runs;
    }
    if (type === 'weight') return [{ weight: { weightGrams: v, sampleTime: { physicalTime: `${d}T14:00:00Z`, utcOffset: this.settings.utcOffset, civilTime: { date: civil(d), time: { hours: 9 } } } }, dataSource: { device: {}, platform: 'FITBIT', recordingMethod: 'MANUAL' } }];
    if (type === 'body-fat') return [{ bodyFat: { percentage: v, sampleTime: { physicalTime: `${d}T14:00:00Z`, utcOffset: this.settings.utcOffset, civilTime: { date: civil(d), time: { hours: 9 } } } }, dataSource: { device: {}, platform: 'FITBIT', recordingMethod: 'MANUAL' } }];
    return [];
  }

  /** One page of `points` and the token of the next (an empty page may still carry one). */
  page(points, key, token, size) {
    const at = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const slice = points.slice(at, at + size);
    const next = at + size < points.length ? Buffer.from(String(at + size)).toString('base64url') : undefined;
    return { [key]: slice, ...(next ? { nextPageToken: next } : {}) };
  }

  // ---- HTTP helpers ----------------------------------------------------------------------------

  withCors(res, origin) {
    if (origin && !res.abort) res.headers = { ...res.headers, 'access-control-allow-origin': origin, vary: 'Origin, X-Origin, Referer' };
    return res;
  }

  preflight(origin) {
    return { status: 200, headers: { 'access-control-allow-origin': origin ?? '*', 'access-control-allow-methods': 'DELETE,GET,HEAD,PATCH,POST,PUT', 'access-control-allow-headers': 'authorization,content-type', 'access-control-max-age': '3600', vary: 'Origin' }, body: '' };
  }

  json(status, body) {
    return { status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
  }

  html(status, text) {
    return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><title>Sign in - Google Accounts</title><p>${text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])}</p>` };
  }
}

function rollupValue(type, v) {
  switch (type) {
    case 'steps': return { countSum: String(v) };
    case 'floors': return { countSum: String(v) };
    case 'distance': return { millimetersSum: String(v) };
    case 'total-calories': return { kcalSum: v };
    case 'active-minutes': return { activeMinutesRollupByActivityLevel: [
      { activityLevel: 'LIGHT', activeMinutesSum: '180' },
      { activityLevel: 'MODERATE', activeMinutesSum: String(v - Math.floor(v / 3)) },
      { activityLevel: 'VIGOROUS', activeMinutesSum: String(Math.floor(v / 3)) },
    ] };
    case 'active-zone-minutes': return { sumInCardioHeartZone: String(Math.floor(v / 3)), sumInFatBurnHeartZone: String(v - 2 * Math.floor(v / 3)), sumInPeakHeartZone: String(Math.floor(v / 3)) };
    default: return {};
  }
}

/** A night ending on `d` at 07:00 local: stages adding up to `asleep` minutes, 30 awake. */
function sleepOn(d, asleep, offset) {
  const offsetS = Number(String(offset ?? '0s').replace('s', ''));
  const endMs = Date.parse(`${d}T07:00:00Z`) - offsetS * 1000;
  const startMs = endMs - (asleep + 30) * MINUTE;
  const parts = [['AWAKE', 10], ['LIGHT', Math.round(asleep * 0.5)], ['DEEP', Math.round(asleep * 0.2)], ['REM', asleep - Math.round(asleep * 0.5) - Math.round(asleep * 0.2)], ['AWAKE', 20]];
  let t = startMs;
  const stages = parts.map(([type, min]) => {
    const s = { startTime: new Date(t).toISOString(), startUtcOffset: offset, endTime: new Date(t + min * MINUTE).toISOString(), endUtcOffset: offset, type };
    t += min * MINUTE;
    return s;
  });
  return {
    dataSource: { device: {}, platform: 'FITBIT', recordingMethod: 'DERIVED' },
    name: `users/me/dataTypes/sleep/dataPoints/${d.replaceAll('-', '')}`,
    sleep: {
      interval: { startTime: new Date(startMs).toISOString(), startUtcOffset: offset, endTime: new Date(endMs).toISOString(), endUtcOffset: offset },
      metadata: { mainSleep: true, processed: true, stagesStatus: 'SUCCEEDED' },
      stages,
      summary: {
        minutesAfterWakeUp: '0', minutesAsleep: String(asleep), minutesAwake: '30', minutesInSleepPeriod: String(asleep + 30), minutesToFallAsleep: '10',
        stagesSummary: ['AWAKE', 'LIGHT', 'DEEP', 'REM'].map((type) => ({
          count: String(parts.filter(([t]) => t === type).length),
          minutes: String(parts.filter(([t]) => t === type).reduce((a, [, m]) => a + m, 0)),
          type,
        })),
      },
      type: 'STAGES',
      createTime: new Date(endMs + 5 * MINUTE).toISOString(),
      updateTime: new Date(endMs + 5 * MINUTE).toISOString(),
    },
  };
}

/**
 * A run at 18:00 local every third day (`valueOn('exercise', d)` metres). No public capture of
 * an exercise exists: the shape is the discovery document's `Exercise`.
 */
function exerciseOn(d, offset) {
  const metres = valueOn('exercise', d);
  if (!metres) return [];
  const offsetS = Number(String(offset ?? '0s').replace('s', ''));
  const startMs = Date.parse(`${d}T18:00:00Z`) - offsetS * 1000;
  const minutes = Math.round(metres / 180);
  return [{
    dataSource: { device: {}, platform: 'FITBIT', recordingMethod: 'ACTIVELY_MEASURED' },
    name: `users/me/dataTypes/exercise/dataPoints/run${d.replaceAll('-', '')}`,
    exercise: {
      displayName: 'Run',
      exerciseType: 'RUNNING',
      interval: {
        startTime: new Date(startMs).toISOString(), startUtcOffset: offset, endTime: new Date(startMs + minutes * MINUTE).toISOString(), endUtcOffset: offset,
        civilStartTime: { date: civil(d), time: { hours: 18 } }, civilEndTime: { date: civil(d), time: { hours: 18, minutes } },
      },
      activeDuration: `${minutes * 60}s`,
      metricsSummary: { caloriesKcal: metres * 0.07, averageHeartRateBeatsPerMinute: '148', steps: String(Math.round(metres * 1.3)), distanceMillimeters: metres * 1000 },
      exerciseMetadata: { hasGps: false },
      createTime: new Date(startMs + minutes * MINUTE).toISOString(),
      updateTime: new Date(startMs + minutes * MINUTE).toISOString(),
    },
  }];
}

/** A run as the phone wrote it too (Health Connect): another name, the phone as its source. */
function phoneCopy(run) {
  const copy = structuredClone(run);
  copy.name = run.name.replace('/run', '/hc');
  copy.dataSource = { platform: 'HEALTH_CONNECT', recordingMethod: 'ACTIVELY_MEASURED', application: { packageName: 'com.google.android.apps.fitness' } };
  return copy;
}

function invalid(message) {
  return { error: { code: 400, message, status: 'INVALID_ARGUMENT' } };
}

/** The capture's answer to a filter member the API does not support (its shape, this member). */
function badFilter(member) {
  const body = structuredClone(captured('filter_daily-resting-heart-rate__civil_date'));
  body.error.details[1].fieldViolations = [{ description: `Member '${member}' is not supported for filtering. (at line 1, column 1)`, field: 'filter' }];
  return body;
}

function unauthenticated(reason) {
  const body = errorFixture('unauthenticated');
  body.error.message = 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
  body.error.details[0].reason = reason;
  return body;
}

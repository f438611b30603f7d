// Puts a MockFitbit behind Playwright's request interception: the app under test talks to the
// real Fitbit URLs (no test-only build), and the browser never reaches the internet.
import { MockFitbit } from './fitbit.js';

// Firefox (engines/firefox-bidi.js) passes an intercepted request's body as this header, as
// Playwright reads no request body over WebDriver BiDi.
const BODY_HEADER = 'x-relay-request-body';

/** What a mock handles: the request's method, URL, headers and body, as the browser sent them. */
async function asked(req) {
  const headers = { ...(await req.allHeaders()) };
  const relayed = headers[BODY_HEADER];
  delete headers[BODY_HEADER];
  const body = req.postData() ?? (relayed ? Buffer.from(relayed, 'base64').toString('utf8') : '');
  return { method: req.method(), url: req.url(), headers, body };
}

const FITBIT = /^https:\/\/(www|api)\.fitbit\.com\//;
const GOOGLE = /^https:\/\/(accounts\.google\.com|oauth2\.googleapis\.com|health\.googleapis\.com)\//;

/**
 * Routes Fitbit's origins of a browser context to `mock`, Google's OAuth and Health API hosts to
 * `google` (a MockGoogle), and aborts (and records) any request to any other origin but the app's.
 */
export async function installMock(context, mock = new MockFitbit(), { appOrigin, google }) {
  const strays = [];
  await context.route(GOOGLE, async (route) => {
    const req = route.request();
    const res = google.handle(await asked(req));
    if (res.abort) return route.abort(res.abort);
    await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
  });
  await context.route(FITBIT, async (route) => {
    const req = route.request();
    const res = mock.handle(await asked(req));
    const isData = new URL(req.url()).host === 'api.fitbit.com' && !req.url().includes('/oauth2/');
    if (isData && mock.delayMs) await new Promise((r) => setTimeout(r, mock.delayMs));
    if (res.abort) return route.abort(res.abort);
    await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
    if (isData) mock.answered = (mock.answered ?? 0) + 1;
  });
  await context.route((url) => url.origin !== appOrigin && !FITBIT.test(url.href) && !GOOGLE.test(url.href) && url.protocol.startsWith('http'), (route) => {
    strays.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return { mock, strays };
}

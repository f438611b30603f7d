// A small W3C WebDriver (classic) client over fetch, for WebKitGTK's WebKitWebDriver and its
// MiniBrowser: Playwright cannot drive WebKitGTK, and the driver speaks no WebDriver BiDi.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function freePort() {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.on('listening', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts WebKitWebDriver under a virtual X display (xvfb-run); resolves once it answers. */
export async function startDriver() {
  const port = await freePort();
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x1000x24', 'WebKitWebDriver', `--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch {} } };
    } catch {}
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  try { process.kill(-child.pid, 'SIGTERM'); } catch {}
  throw new Error(`WebKitWebDriver did not start: ${log}`);
}

// A command the driver never answers fails with its name, not as a test's whole time-out.
const COMMAND_TIMEOUT = 60_000;

async function call(url, method, path, body) {
  const init = { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(COMMAND_TIMEOUT) };
  const res = await fetch(url + path, init).catch((e) => {
    throw new Error(`${method} ${path}: ${e.name === 'TimeoutError' ? `no answer in ${COMMAND_TIMEOUT / 1000} s` : e.message}`);
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
  return json.value;
}

/** One browser session: a fresh MiniBrowser with its own (ephemeral) website data. */
export class Session {
  static async open(driverUrl, { width = 1280, height = 900 } = {}) {
    const caps = { capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } } };
    // Starting MiniBrowser on a loaded machine can leave the driver without an answer (seen
    // once in ten sessions): a browser that did not start is started again, twice at most.
    let sessionId;
    for (let attempt = 1; !sessionId; attempt++) {
      try {
        ({ sessionId } = await call(driverUrl, 'POST', '/session', caps));
      } catch (e) {
        if (attempt === 3) throw e;
        console.log(`# WebKit: a browser did not start (${e.message}); starting another`);
      }
    }
    const s = new Session(`${driverUrl}/session/${sessionId}`);
    await s.size(width, height);
    return s;
  }
  constructor(base) { this.base = base; }
  cmd(method, path, body) { return call(this.base, method, path, body); }
  close() { return call(this.base, 'DELETE', ''); }
  size(width, height) { return this.cmd('POST', '/window/rect', { width, height }); }
  goto(url) { return this.cmd('POST', '/url', { url }); }
  url() { return this.cmd('GET', '/url'); }
  back() { return this.cmd('POST', '/back', {}); }
  refresh() { return this.cmd('POST', '/refresh', {}); }
  /** Runs `fn` (a function, or its source) in the page with `args`; awaits a returned promise. */
  eval(fn, ...args) {
    const src = typeof fn === 'function' ? fn.toString() : fn;
    return this.cmd('POST', '/execute/async', { script: `const done = arguments[arguments.length - 1]; Promise.resolve((${src})(...Array.from(arguments).slice(0, -1))).then((v) => done({ ok: v }), (e) => done({ err: String(e && e.stack || e) }));`, args })
      .then((r) => { if (r && 'err' in r) throw new Error(r.err); return r?.ok; });
  }
  async find(css) { return (await this.cmd('POST', '/element', { using: 'css selector', value: css }))[ELEMENT]; }
  async click(css) { return this.cmd('POST', `/element/${await this.find(css)}/click`, {}); }
  /** Gives a file input its files, as a person picking them does (one path a line). */
  async upload(css, paths) {
    await this.until((css) => !!document.querySelector(css), { what: css }, css);
    return this.cmd('POST', `/element/${await this.find(css)}/value`, { text: paths.join('\n') });
  }
  /** Opens `url` and waits for the app (or its welcome page) to be ready. */
  async open(url) {
    await this.goto(url);
    await this.ready();
  }
  async screenshot() { return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64'); }
  /** Runs `fn` in the page as a synchronous script (it must not return a promise). */
  peek(fn, ...args) {
    return this.cmd('POST', '/execute/sync', { script: `return (${fn.toString()})(...arguments);`, args });
  }
  /**
   * Waits until `fn` (run in the page) returns a truthy value; returns it. A plain function is
   * polled as a synchronous script: an asynchronous one whose page navigates away mid-run can
   * leave WebKitWebDriver without an answer (a reload, the update banner's Reload).
   */
  async until(fn, { timeout = 15_000, what = fn.toString() } = {}, ...args) {
    const end = Date.now() + timeout;
    const run = fn.constructor.name === 'AsyncFunction' ? this.eval.bind(this) : this.peek.bind(this);
    let last;
    for (;;) {
      try {
        const v = await run(fn, ...args);
        if (v) return v;
        last = v;
      } catch (e) {
        last = e.message;
      }
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
      await sleep(100);
    }
  }
  /** Waits for the app to be mounted (`<html data-app="ready">`, as the Playwright fixtures do). */
  ready() { return this.until(() => document.documentElement.dataset.app === 'ready', { what: 'the app to be ready', timeout: 30_000 }); }
  /** Waits for an element whose text contains `text` (a string or a RegExp source) and returns its text. */
  text(css, text, opts = {}) {
    const re = text instanceof RegExp ? text.source : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.until((css, re) => [...document.querySelectorAll(css)].map((e) => e.innerText).find((t) => new RegExp(re).test(t)), { what: `${css} to contain ${text}`, ...opts }, css, re);
  }
  /**
   * Clicks, as a person does (a WebDriver click: a user activation, which WebKit requires before
   * a pushState entry counts for the back button), the visible button, link or summary whose
   * text or aria-label is exactly `name`, inside `within`.
   */
  async press(name, within = 'body') {
    // Not while the dashboard still adds rows of cards: what is below them moves (WebKit's
    // click lands where the button was when it scrolled to it).
    await this.until(() => !document.querySelector('[aria-busy=true]'), { what: 'the page to settle' });
    const end = Date.now() + 15_000;
    for (;;) {
      const el = await this.cmd('POST', '/execute/sync', {
        script: `const [name, within] = arguments; return [...document.querySelectorAll(within + ' button, ' + within + ' a, ' + within + ' summary')].find((e) => (e.textContent.trim() === name || e.getAttribute('aria-label') === name) && !e.disabled && e.getClientRects().length > 0) ?? null;`,
        args: [name, within],
      });
      if (el) {
        // A button the app redraws between finding and clicking it is looked up again.
        const clicked = await this.cmd('POST', `/element/${el[ELEMENT]}/click`, {}).then(() => true, (e) => {
          if (!/stale element|no such element|not interactable/.test(e.message)) throw e;
          return false;
        });
        if (clicked) return;
      }
      if (Date.now() > end) throw new Error(`no button named ${name} in ${within}`);
      await sleep(100);
    }
  }
}

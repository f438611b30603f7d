#!/usr/bin/env node
// Debian's firefox-esr, as Playwright's `moz-firefox` channel launches it, behind a small
// WebDriver BiDi relay. Playwright 1.65 sends `emulation.setMediaFeaturesOverride` (colour
// scheme) when it opens every context; Firefox ESR 153 does not know that command and the context
// would fail to open. The relay answers it: success for "no override" and "light" (the headless
// default, pinned by the `ui.systemUsesDarkTheme` pref in playwright.config.js), an error for
// "dark" so that a test needing a dark page fails loudly instead of passing in light. And it hands
// intercepted requests' bodies on (see withBody), which Playwright does not read over BiDi, and
// names downloads as Playwright expects (see downloadEvent). Every other message passes through
// untouched. Used as the Firefox project's `executablePath`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import ws from 'ws';

// ws 7: the client is the default export, the server is `.Server`.
const WebSocket = ws;
const WebSocketServer = ws.Server;

const FIREFOX = process.env.FIREFOX_REAL ?? '/usr/bin/firefox-esr';
const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;

/** The relay's own answer to a command Firefox lacks, or null to pass the command on. */
export function answer(msg) {
  if (msg.method !== 'emulation.setMediaFeaturesOverride') return null;
  const scheme = msg.params?.features?.['prefers-color-scheme'];
  if (scheme == null || scheme === 'light') return { type: 'success', id: msg.id, result: {} };
  return { type: 'error', id: msg.id, error: 'unsupported operation', message: `firefox-esr cannot emulate prefers-color-scheme: ${scheme}` };
}

/** The header the relay adds to an intercepted request's headers to carry its body (base64). */
export const BODY_HEADER = 'x-relay-request-body';
// Ids of the relay's own commands: far above Playwright's, and never forwarded.
let ownId = 1_000_000_000;

function relay(upstreamBase) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (client, req) => {
    const upstream = new WebSocket(upstreamBase.replace(/\/$/, '') + req.url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const pending = [];
    const own = new Map(); // id → resolve, for the relay's own commands
    let sessionNew = null;
    const send = (msg) => (upstream.readyState === WebSocket.OPEN ? upstream.send(msg) : pending.push(msg));
    const ask = (method, params) => new Promise((resolve) => {
      const id = ownId++;
      own.set(id, resolve);
      send(JSON.stringify({ id, method, params }));
    });
    // Upstream messages reach Playwright in order, each after the body of a held request is read.
    let chain = Promise.resolve();
    upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
    upstream.on('message', (data) => {
      const text = data.toString();
      const msg = JSON.parse(text);
      if (own.has(msg.id)) {
        own.get(msg.id)(msg);
        return own.delete(msg.id);
      }
      if (msg.id === sessionNew && msg.type === 'success') {
        // Playwright 1.65 never reads request bodies over BiDi (a route's postData() is null);
        // Firefox keeps them when a collector asks, and the relay hands them on (withBody).
        chain = chain.then(() => ask('network.addDataCollector', { dataTypes: ['request'], maxEncodedDataSize: 64 * 1024 * 1024 }));
      }
      chain = chain.then(async () => {
        const out = (await withBody(msg, ask)) ?? downloadEvent(msg);
        if (client.readyState === WebSocket.OPEN) client.send(out ? JSON.stringify(out) : text);
      });
    });
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.close());
    client.on('message', (data) => {
      const text = data.toString();
      let msg = {};
      try {
        msg = JSON.parse(text);
      } catch {}
      if (msg.method === 'session.new') sessionNew = msg.id;
      const reply = answer(msg);
      if (reply) return client.send(JSON.stringify(reply));
      send(text);
    });
    client.on('close', () => upstream.close());
  });
  return new Promise((resolve) => server.on('listening', () => resolve(server)));
}

/** A blocked request with a body, with its body added as BODY_HEADER; null to pass it as is. */
async function withBody(msg, ask) {
  const p = msg.params;
  if (msg.method !== 'network.beforeRequestSent' || !p?.isBlocked || !(p.request.bodySize > 0)) return null;
  const got = await ask('network.getData', { dataType: 'request', request: p.request.request });
  const bytes = got.result?.bytes;
  if (!bytes) return null;
  const b64 = bytes.type === 'base64' ? bytes.value : Buffer.from(bytes.value, 'utf8').toString('base64');
  p.request.headers.push({ name: BODY_HEADER, value: { type: 'string', value: b64 } });
  return msg;
}

// Firefox announces a download the page starts (a link to a blob) with no navigation id, and
// names a second file of a name "name(1).ext", in its announcement too; Playwright keys a
// download by that id and reads the file of the announced name. The relay gives each such
// download an id (its begin and end matched by URL), announces the name the page gave (the
// "(1)" taken off: pulsedeck's names never end so) and moves the saved file to it (a later
// download of a name replaces the earlier one's file, which its test has read by then).
const downloads = new Map(); // url → { id, name }
let downloadCount = 0;

/** The download event with its id added (and its file moved), or null to pass it as is. */
export function downloadEvent(msg) {
  const p = msg.params;
  if (msg.type !== 'event' || !p || p.download || p.navigation) return null;
  if (msg.method === 'browsingContext.downloadWillBegin') {
    p.download = `relay-download-${++downloadCount}`;
    p.suggestedFilename = p.suggestedFilename?.replace(/\(\d+\)(\.[^.]*)?$/, '$1');
    downloads.set(p.url, { id: p.download, name: p.suggestedFilename });
    return msg;
  }
  if (msg.method !== 'browsingContext.downloadEnd' || !downloads.has(p.url)) return null;
  const { id, name } = downloads.get(p.url);
  downloads.delete(p.url);
  p.download = id;
  if (p.filepath && name && path.basename(p.filepath) !== name) {
    const named = path.join(path.dirname(p.filepath), name);
    fs.renameSync(p.filepath, named);
    p.filepath = named;
  }
  return msg;
}

function main() {
  const child = spawn(FIREFOX, process.argv.slice(2), { stdio: ['inherit', 'pipe', 'pipe'] });
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: from }).on('line', async (line) => {
      const m = line.match(LISTENING);
      if (!m) return to.write(line + '\n');
      const server = await relay(m[1]);
      to.write(`WebDriver BiDi listening on ws://127.0.0.1:${server.address().port}\n`);
    });
  }
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();

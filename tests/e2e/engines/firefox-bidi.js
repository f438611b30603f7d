#!/usr/bin/env node
// Debian's firefox-esr, as Playwright's `moz-firefox` channel launches it, behind a small
// WebDriver BiDi relay. Playwright 1.65 sends `emulation.setMediaFeaturesOverride` (colour
// scheme) when it opens every context; Firefox ESR 153 does not know that command and the context
// would fail to open. The relay answers it: success for "no override" and "light" (the headless
// default, pinned by the `ui.systemUsesDarkTheme` pref in playwright.config.js), an error for
// "dark" so that a test needing a dark page fails loudly instead of passing in light. Every other
// message passes through untouched. Used as the Firefox project's `executablePath`.
import { spawn } from 'node:child_process';
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

function relay(upstreamBase) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (client, req) => {
    const upstream = new WebSocket(upstreamBase.replace(/\/$/, '') + req.url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const pending = [];
    upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
    upstream.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(data.toString()));
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.close());
    client.on('message', (data) => {
      const text = data.toString();
      let reply = null;
      try {
        reply = answer(JSON.parse(text));
      } catch {}
      if (reply) return client.send(JSON.stringify(reply));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    client.on('close', () => upstream.close());
  });
  return new Promise((resolve) => server.on('listening', () => resolve(server)));
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

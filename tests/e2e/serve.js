// A static server for the release build, mounted under a base path as on GitHub Pages.
// Usage: PULSEDECK_DIST=dir [PORT=4173] [BASE=/pulsedeck/] node serve.js
// or, from a test: serve({ root: () => dir, port: 0 }) — `root` is asked on every request, so a
// test can switch to another build (a new deployment) without restarting the server.
// Compresses with gzip when asked and answers a revalidation of an unchanged file with 304
// (like Pages), serves 404.html for unknown paths under the
// base (as Pages does), and sends the right type for .wasm (needed for streaming compile).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.webmanifest', '.txt']);

async function file(path) {
  try {
    if ((await stat(path)).isFile()) return await readFile(path);
  } catch { /* not found */ }
  return null;
}

/**
 * Starts the server; resolves to it once it listens (`server.address().port`). `sent(path,
 * bytes, status)` hears every answer with the bytes it put on the wire (what a visit costs).
 */
export function serve({ root, port = 4173, base = '/pulsedeck/', log = false, sent = () => {} }) {
  const server = createServer(async (req, res) => {
    const dist = root();
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === base.slice(0, -1)) {
      res.writeHead(301, { location: base + url.search }).end();
      return;
    }
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const path = normalize(join(dist, rel));
    if (!path.startsWith(normalize(dist))) {
      res.writeHead(403).end();
      return;
    }
    let body = await file(path);
    let status = 200;
    let ext = extname(path);
    if (!body) {
      body = await file(join(dist, '404.html'));
      status = 404;
      ext = '.html';
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
    }
    const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers.etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (status === 200 && req.headers['if-none-match'] === headers.etag) {
      sent(url.pathname, 0, 304);
      res.writeHead(304, { etag: headers.etag, 'cache-control': headers['cache-control'] }).end();
      return;
    }
    headers['content-length'] = body.length;
    sent(url.pathname, req.method === 'HEAD' ? 0 : body.length, status);
    res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      if (log) console.log(`serving ${root()} at http://127.0.0.1:${server.address().port}${base}`);
      resolve(server);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.env.PULSEDECK_DIST;
  if (!dist) {
    console.error('set PULSEDECK_DIST to a build directory (cargo xtask test does this)');
    process.exit(2);
  }
  await serve({ root: () => dist, port: Number(process.env.PORT ?? 4173), base: process.env.BASE ?? '/pulsedeck/', log: true });
}

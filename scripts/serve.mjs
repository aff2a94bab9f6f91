#!/usr/bin/env node
// A small static file server for dist/, bound to 127.0.0.1 only. Used by `./build.sh serve`, by
// the browser tests (on a free port) and by the budget script.
// Usage: node scripts/serve.mjs [dir] [port]

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { CSP, ROOT } from './build-site.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.svg', '.txt']);

/**
 * Starts the server. Resolves to { server, url, close }. port 0 picks a free port.
 * gzip: compress responses for clients that accept it (as any real static host would).
 */
export function serve({ root = join(ROOT, 'dist'), port = 8080, host = '127.0.0.1', gzip = true, log = false } = {}) {
  const base = resolve(root);
  const gzCache = new Map();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return send(res, 403, 'Forbidden');
      let info;
      try {
        info = await stat(file);
      } catch {
        return send(res, 404, 'Not found');
      }
      if (info.isDirectory()) {
        res.writeHead(301, { Location: `${url.pathname}/` });
        return res.end();
      }
      const ext = extname(file);
      let body = await readFile(file);
      const headers = {
        'Content-Type': TYPES[ext] || 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        // Versioned URLs never change; everything else is revalidated so a deploy shows at once.
        'Cache-Control': url.searchParams.has('v') ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      if (ext === '.html') headers['Content-Security-Policy'] = CSP;
      if (gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = `${file}:${info.mtimeMs}`;
        if (!gzCache.has(key)) gzCache.set(key, gzipSync(body, { level: 9 }));
        body = gzCache.get(key);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`${req.method} ${req.url} 200`);
    } catch (e) {
      send(res, 500, String(e));
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'dist');
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const { url } = await serve({ root, port });
  console.log(`Serving ${root} at ${url} (Ctrl-C to stop)`);
}

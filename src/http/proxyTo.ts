import { request } from 'node:http';
import type { HttpHandler } from './createHttpServer.js';

/**
 * Forwards a request to a loopback port, unchanged: how a channel that runs its own listener
 * (the Telegram webhook) shares HOST:PORT with /healthz, /metrics and /admin.
 */
export function proxyTo(port: () => number | undefined): HttpHandler {
  return (req, res) =>
    new Promise<void>((resolve) => {
      const target = port();
      if (!target) return void res.writeHead(503).end(), resolve();
      const up = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res).on('finish', resolve);
      });
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
        resolve();
      });
      req.pipe(up);
    });
}

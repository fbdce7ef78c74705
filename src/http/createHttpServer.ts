import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../core/ports.js';
import type { Readiness } from './createReadiness.js';

/** A route's handler; `url` is already parsed. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface HttpDeps {
  readonly readiness: Readiness;
  readonly logger: Logger;
  /** Filled once the runtime exists; /metrics answers 503 until then. */
  registry?: Registry;
}

/**
 * The one listener on HOST:PORT: /healthz, /readyz and /metrics, plus whatever is mounted
 * (the operator console at /admin, a channel's webhook path). Request paths and bodies are
 * never logged.
 */
export function createHttpServer(deps: HttpDeps) {
  const mounts: { prefix: string; handler: HttpHandler }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void route(req, res, url).catch((e: unknown) => {
      deps.logger.error({ code: 'CSB_HTTP_FAILED', err: (e as Error).name }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (url.pathname === '/healthz' && get) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (url.pathname === '/readyz' && get) {
      const r = await deps.readiness.check();
      res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(`${JSON.stringify(r)}\n`);
    }
    if (url.pathname === '/metrics' && get) {
      if (!deps.registry) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('starting\n');
      const body = await deps.registry.metrics();
      return void res.writeHead(200, { 'content-type': deps.registry.contentType }).end(body);
    }
    const m = mounts.find((x) => url.pathname === x.prefix || url.pathname.startsWith(x.prefix.endsWith('/') ? x.prefix : `${x.prefix}/`));
    if (m) return m.handler(req, res, url);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }

  return {
    server,
    /** Serves `prefix` and everything below it with `handler` (longest prefixes should be mounted first). */
    mount(prefix: string, handler: HttpHandler): void {
      mounts.push({ prefix, handler });
    },
    listen(port: number, host: string): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject).listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((r) => {
        server.close(() => r());
        server.closeIdleConnections();
      });
    },
  };
}

export type HttpServer = ReturnType<typeof createHttpServer>;

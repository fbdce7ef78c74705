import type { Logger } from '../core/ports.js';
import { createAdminConsole } from '../admin/createAdminConsole.js';
import { summariseKnowledge } from '../admin/summariseKnowledge.js';
import type { Bundle } from '../loadContent.js';
import type { Runtime } from '../runtime/buildRuntime.js';
import { createHttpServer } from './createHttpServer.js';
import { createReadiness } from './createReadiness.js';

export interface OperationsOptions {
  readonly port: number;
  readonly host: string;
  readonly logger: Logger;
}

/**
 * Starts HOST:PORT before anything slow, so /healthz answers at once and /readyz says what is
 * still loading; `attach` adds /metrics, the store probe and, with a token, the console.
 */
export async function serveOperations(o: OperationsOptions) {
  const readiness = createReadiness();
  readiness.mark('content', 'loading');
  const deps: Parameters<typeof createHttpServer>[0] = { readiness, logger: o.logger };
  const http = createHttpServer(deps);
  const port = await http.listen(o.port, o.host);
  o.logger.info({ event: 'http', host: o.host, port }, 'serving /healthz, /readyz and /metrics');
  return {
    http,
    readiness,
    port,
    attach(a: { readonly runtime: Runtime; readonly bundle: Bundle; readonly contentRoot: string; readonly adminToken?: string | undefined }): void {
      deps.registry = a.runtime.metrics.registry;
      readiness.mark('content', true);
      readiness.probe('store', () => a.runtime.ping());
      if (!a.adminToken) return;
      const { content, reader } = a.bundle;
      http.mount(
        '/admin',
        createAdminConsole({
          token: a.adminToken,
          stats: a.runtime.stats,
          missed: a.runtime.missed,
          tickets: a.runtime.tickets,
          callbacks: a.runtime.callbacks,
          knowledge: () => summariseKnowledge(a.contentRoot, content, reader),
          titleOf: (id) => content.faq.get(id)?.title.zh ?? id,
          ...(content.clinic.hours ? { timeZone: content.clinic.hours.timezone } : {}),
        }),
      );
      o.logger.info({ event: 'admin' }, 'operator console at /admin');
    },
  };
}

export type Operations = Awaited<ReturnType<typeof serveOperations>>;

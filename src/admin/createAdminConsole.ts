import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackStore, MissedQuestionLog, TicketStore } from '../core/ports.js';
import type { HttpHandler } from '../http/createHttpServer.js';
import { lastDays } from '../metrics/dayOf.js';
import type { StatsStore } from '../metrics/statsStore.js';
import { buildOverview } from './buildOverview.js';
import { isOperator, loginCookie, logoutCookie, sameSecret } from './checkAdminAuth.js';
import { exportUnanswered, groupUnanswered } from './groupUnanswered.js';
import { knowledgePage, loginPage, overviewPage, ticketsPage, unansweredPage } from './renderPages.js';
import type { KnowledgeSummary } from './summariseKnowledge.js';

export interface AdminDeps {
  readonly token: string;
  readonly stats: StatsStore;
  readonly missed: MissedQuestionLog;
  readonly tickets: TicketStore;
  /** Call-back requests: operators see the open ones with the number to call. */
  readonly callbacks?: CallbackStore;
  /** Computed on first view (it routes every example question), then kept: content does not change while running. */
  readonly knowledge: () => KnowledgeSummary;
  readonly titleOf: (topic: string) => string;
  readonly timeZone?: string;
  readonly now?: () => number;
}

export const CONSOLE_DAYS = 30;
const DAY = 86_400_000;
const LOGIN_BODY_LIMIT = 4096;

const html = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'", ...headers }).end(body);

function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > LOGIN_BODY_LIMIT) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(null));
  });
}

/**
 * The operator console under /admin. Every page needs `Authorization: Bearer <ADMIN_TOKEN>` or
 * the cookie the login form sets; anything else gets 401 (with the login form, for a browser).
 * It shows aggregates, scrubbed unanswered questions and ticket metadata: no user ids, no
 * conversation text.
 */
export function createAdminConsole(deps: AdminDeps): HttpHandler {
  const now = deps.now ?? Date.now;
  let knowledge: KnowledgeSummary | undefined;
  return async (req, res, url) => {
    const path = url.pathname.replace(/\/+$/, '') || '/admin';
    const secure = req.headers['x-forwarded-proto'] === 'https';
    if (path === '/admin/login' && req.method === 'POST') {
      const form = await readForm(req);
      const given = form?.get('token') ?? '';
      if (!sameSecret(given, deps.token)) return html(res, 401, loginPage(true));
      return void res.writeHead(303, { location: '/admin', 'set-cookie': loginCookie(deps.token, secure) }).end();
    }
    if (path === '/admin/logout' && req.method === 'POST') return void res.writeHead(303, { location: '/admin', 'set-cookie': logoutCookie }).end();
    if (!isOperator(req, deps.token)) return html(res, 401, loginPage(false), { 'www-authenticate': 'Bearer realm="admin"' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();

    if (path === '/admin') {
      const days = lastDays(now(), CONSOLE_DAYS, deps.timeZone);
      return html(res, 200, overviewPage(buildOverview(days, await deps.stats.read(days))));
    }
    if (path === '/admin/unanswered' || path === '/admin/unanswered.jsonl') {
      const groups = groupUnanswered(await deps.missed.recent(5000));
      if (path.endsWith('.jsonl')) {
        return void res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': 'attachment; filename="unanswered.jsonl"', 'cache-control': 'no-store' }).end(exportUnanswered(groups));
      }
      return html(res, 200, unansweredPage(groups, deps.titleOf));
    }
    if (path === '/admin/tickets') {
      const [open, recent, callbacks] = await Promise.all([deps.tickets.listOpen(), deps.tickets.openedSince(now() - CONSOLE_DAYS * DAY), deps.callbacks?.listOpen() ?? []]);
      const closed = recent.filter((t) => t.status === 'closed').sort((a, b) => b.openedAt - a.openedAt);
      return html(res, 200, ticketsPage(open, closed, now(), callbacks));
    }
    if (path === '/admin/knowledge') {
      knowledge ??= deps.knowledge();
      return html(res, 200, knowledgePage(knowledge));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  };
}

import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { freePort } from './redisServer.js';

/** Methods telegram-test-api 4.2.1 answers with HTTP 500; the front answers them like the Bot API. */
const stubbed: Readonly<Record<string, unknown>> = {
  sendChatAction: true,
  setMyCommands: true,
  deleteMyCommands: true,
  setChatMenuButton: true,
  getWebhookInfo: { url: '', has_custom_certificate: false, pending_update_count: 0 },
};

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

export interface ApiCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** When the emulator received it (ms since the epoch), to check outgoing rates. */
  readonly at: number;
}

/**
 * The real Bot API emulator (telegram-test-api) behind a small front server that fills its
 * gaps: stubs for missing methods, long polling (the emulator ignores `timeout`, so a polling
 * bot would spin), a record of every call, and injected failures such as 429.
 */
export async function startBotApiEmulator() {
  const emulatorPort = await freePort();
  const emulator = new TelegramServer({ port: emulatorPort, host: '127.0.0.1', storeTimeout: 600 });
  await emulator.start();
  const calls: ApiCall[] = [];
  const failures = new Map<string, { status: number; body: unknown }[]>();
  const pending = new Map<string, { update_id: number }[]>();
  /** Methods the emulator lacks, answered by the test (getChat for a forum, createForumTopic). */
  const answers = new Map<string, (body: Record<string, unknown>) => unknown>();

  const forward = (path: string, body: Buffer, contentType: string) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port: emulatorPort, path, method: 'POST', headers: { 'content-type': contentType || 'application/json', 'content-length': body.length } }, (res) => {
        void readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, body: b }));
      });
      r.on('error', reject);
      r.end(body);
    });

  const front: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      const method = m[2]!;
      let body: Record<string, unknown> = {};
      try {
        body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        // multipart uploads are not used by this bot
      }
      calls.push({ method, body, at: Date.now() });
      const send = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const fail = failures.get(method)?.shift();
      if (fail) return send(fail.status, fail.body);
      const answer = answers.get(method);
      if (answer) return send(200, { ok: true, result: answer(body) });
      if (method in stubbed) return send(200, { ok: true, result: stubbed[method] });
      const ct = String(req.headers['content-type'] ?? '');
      if (method === 'getUpdates') {
        // Bot API semantics the emulator lacks: updates stay until a later call's offset confirms
        // them (so a poll aborted mid-flight loses nothing), and an empty poll waits up to `timeout`.
        const token = m[1]!;
        const buffered = (pending.get(token) ?? []).filter((u) => u.update_id >= Number(body.offset ?? 0));
        pending.set(token, buffered);
        const until = Date.now() + Math.min(Number(body.timeout ?? 0), 1) * 1000;
        for (;;) {
          const r = await forward(req.url!, raw, ct);
          const fresh = (JSON.parse(r.body.toString('utf8')) as { result?: { update_id: number }[] }).result ?? [];
          buffered.push(...fresh);
          if (buffered.length > 0 || Date.now() >= until || res.destroyed) return send(200, { ok: true, result: buffered });
          await new Promise((s) => setTimeout(s, 50));
        }
      }
      const r = await forward(req.url!, raw, ct);
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
    })().catch(() => res.writeHead(500).end());
  });
  const frontPort = await freePort();
  await new Promise<void>((r) => front.listen(frontPort, '127.0.0.1', () => r()));

  return {
    /** What the bot uses as TELEGRAM_API_ROOT. */
    apiRoot: `http://127.0.0.1:${frontPort}`,
    emulator,
    calls,
    /** Every later call of `method` is answered with `result(body)`. */
    answer(method: string, result: (body: Record<string, unknown>) => unknown) {
      answers.set(method, result);
    },
    /** The next call of `method` gets this answer instead. */
    failNext(method: string, status: number, body: unknown) {
      failures.set(method, [...(failures.get(method) ?? []), { status, body }]);
    },
    async stop() {
      await new Promise<void>((r) => front.close(() => r()));
      front.closeAllConnections?.();
      await emulator.stop();
    },
  };
}

export type BotApiEmulator = Awaited<ReturnType<typeof startBotApiEmulator>>;

import { createServer, type Server } from 'node:http';
import { Telegraf, type Context, type Middleware, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Content } from '../../core/content.js';
import type { CommandName } from '../../core/inbound.js';
import type { MessageKey } from '../../core/messages.js';
import type { DeliveryLog, Logger } from '../../core/ports.js';
import type { Desk } from '../../handoff/createDesk.js';
import type { Bot } from '../../runtime/createBot.js';
import type { DeskLinks } from '../../session/createDeskLinks.js';
import { createKeyedQueue } from '../../runtime/createKeyedQueue.js';
import type { SendLimiter } from './createMemorySendLimiter.js';
import { createTelegramDeskHandler } from './createTelegramDeskHandler.js';
import { createTelegramOutbox, type OutboxDeps, type OutboxLimits } from './createTelegramOutbox.js';
import { renderTelegramReply } from './renderTelegramReply.js';
import { telegramToInbound } from './telegramToInbound.js';

export interface TelegramOptions {
  readonly token: string;
  /** A self-hosted Bot API server, or the emulator in tests. */
  readonly apiRoot?: string;
  readonly webhook?: { readonly url: string; readonly secret: string; readonly port: number; readonly host: string };
  readonly bot: Bot;
  readonly content: Content;
  readonly delivery: DeliveryLog;
  readonly logger: Logger;
  readonly limits?: OutboxLimits;
  /** Telegram's limits held for every process of the bot (Redis); absent, this process keeps its own. */
  readonly sendLimiter?: SendLimiter;
  /** Webhook: true while the process has more work waiting than it should take on; the update is answered 503. */
  readonly overloaded?: () => boolean;
  /** The consultant desk; with `chatId`, that group is a desk board where consultants work. */
  readonly desk?: { readonly desk: Desk; readonly links: DeskLinks; readonly chatId?: number; readonly consultantIds: readonly string[] };
}

/** Redeliveries come within minutes; a day is ample and the key expires by itself. */
const DEDUPE_TTL_MS = 86_400_000;
const WEBHOOK_BODY_LIMIT = 1_000_000;
const WEBHOOK_BACKLOG = 4096;

const commandKeys: readonly [CommandName, MessageKey][] = [
  ['start', 'cmdStart'], ['menu', 'cmdMenu'], ['check', 'cmdCheck'], ['human', 'cmdHuman'], ['end', 'cmdEnd'], ['reset', 'cmdReset'], ['delete', 'cmdDelete'], ['help', 'cmdHelp'],
];

export type MiddlewareOptions = Pick<TelegramOptions, 'bot' | 'content' | 'delivery' | 'logger' | 'limits' | 'sendLimiter' | 'desk' | 'webhook'> & {
  readonly telegram: Telegram;
  /** The bot's username once known, so "@bot" in the desk group is read as meant for it. */
  readonly botInfo?: () => { readonly username?: string } | undefined;
  /** The outbox's clock; tests replace it to see the order of paced messages without waiting. */
  readonly outboxClock?: Pick<OutboxDeps, 'now' | 'sleep'>;
  /** Waits between attempts at a failed desk command under polling; tests replace it. */
  readonly deskSleep?: (ms: number) => Promise<void>;
};

/**
 * The consultation as telegraf middleware: it takes private-chat messages and button presses,
 * translates them into neutral messages for the engine, and replies as HTML with inline
 * buttons. Each update acts once (update_id guard), one chat is handled in order, and no
 * update's failure stops the others. Anything else goes on to `next()`, so an existing bot
 * can add the consultation with `bot.use(middleware)`.
 */
export function createTelegramMiddleware(o: MiddlewareOptions) {
  const telegram = o.telegram;
  const outbox = createTelegramOutbox({ send: (chatId, m) => telegram.sendMessage(chatId, m.text, m.extra), logger: o.logger, ...(o.limits ? { limits: o.limits } : {}), ...(o.sendLimiter ? { limiter: o.sendLimiter } : {}), ...o.outboxClock });
  const chats = createKeyedQueue();
  /** Updates whose effect was not applied; the webhook answers 500 for them so Telegram redelivers. */
  const failed = new Set<number>();
  let inFlight = 0;
  const log = { channel: 'telegram' };

  async function handle(update: Update, t: Extract<ReturnType<typeof telegramToInbound>, { kind: 'handle' }>): Promise<void> {
    // Answer the button press at once so the client stops its spinner, whatever happens next.
    if (t.callbackId) telegram.answerCbQuery(t.callbackId).catch(() => o.logger.warn({ ...log, code: 'CSB_TG_CALLBACK_ANSWER' }, 'could not answer a button press'));
    // The replies are queued in order inside the chat's turn and sent by the outbox after it, which
    // paces a chat to about one message a second. Nothing here waits for the sending: a flooding
    // user's updates would reach the engine (and its flood limit) only at the outgoing rate, and
    // telegraf's polling fetches the next batch only when every update of this one has returned,
    // so a red flag would wait behind the replies to the questions before it.
    await chats.run(String(t.chatId), async () => {
      try {
        telegram.sendChatAction(t.chatId, 'typing').catch(() => undefined);
        // The update is marked applied in the same step as its session write, never before: a kill
        // between the two leaves it unmarked, and its redelivery is handled.
        const result = await o.bot.handle({ channel: 'telegram', userId: t.userId, displayName: t.displayName }, t.inbound, { deliveryKey: `tg:${update.update_id}` });
        if (!result.route) failed.add(update.update_id);
        // Until `sent`, the replies are owed in Redis, and a restarted process sends them.
        void outbox.enqueue(t.chatId, result.replies.flatMap(renderTelegramReply), { urgent: result.urgent ?? false }).then(() => result.sent?.());
      } catch (e) {
        failed.add(update.update_id);
        o.logger.error({ ...log, code: 'CSB_TG_UPDATE_FAILED', err: (e as Error).name }, 'update failed');
        void outbox.enqueue(t.chatId, [{ text: o.content.messages.storeDown[t.inbound.langHint ?? 'zh'], extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } }]);
      }
    });
  }

  // Replies owed by a turn that finished late, or by a process that died, reach the chat here.
  (o.bot as Partial<Bot>).connect?.('telegram', async (userId, replies, urgent) => void (await outbox.enqueue(Number(userId), replies.flatMap(renderTelegramReply), { urgent })));

  // Consultants' replies reach Telegram patients through the same paced outbox; this resolves once
  // they are sent, and the desk does not wait for it.
  o.desk?.desk.connect('telegram', async (userId, replies) => void (await outbox.enqueue(Number(userId), replies.flatMap(renderTelegramReply))));
  const deskChat = o.desk?.chatId;
  const desk = o.desk && deskChat !== undefined
    ? createTelegramDeskHandler({ ...o.desk, chatId: deskChat, telegram, outbox, delivery: o.delivery, dedupeTtlMs: DEDUPE_TTL_MS, logger: o.logger, redelivers: o.webhook !== undefined, ...(o.botInfo ? { botInfo: o.botInfo } : {}), ...(o.deskSleep ? { sleep: o.deskSleep } : {}) })
    : undefined;

  const middleware: Middleware<Context> = async (ctx, next) => {
    const chatId = 'callback_query' in ctx.update ? ctx.update.callback_query.message?.chat.id : 'message' in ctx.update ? ctx.update.message.chat.id : undefined;
    if (desk && chatId === deskChat) {
      inFlight++;
      const update = ctx.update;
      const applied = desk.run(update).finally(() => void inFlight--);
      // Under polling nothing is redelivered: the desk retries a failed command itself, and polling
      // does not wait, since it fetches no update (a patient's red flag included) until every
      // update of the batch has returned.
      if (!o.webhook) return void applied;
      // The webhook answers once the command's store work is done, 500 if it failed (Telegram
      // redelivers); its confirmations and the patient's replies are paced and go out after.
      if (!(await applied)) failed.add(update.update_id);
      return;
    }
    const t = telegramToInbound(ctx.update);
    if (t.kind === 'ignore') return next();
    inFlight++;
    try {
      await handle(ctx.update, t);
    } finally {
      inFlight--;
    }
  };

  return {
    middleware,
    outbox,
    /** Whether an update's effect was applied; read once, by the webhook. */
    takeFailure: (updateId: number) => failed.delete(updateId),
    /** An update telegraf gave up on (its handler timeout, an escaped error): not known to be applied. */
    markFailed: (updateId: number) => void failed.add(updateId),
    get busy(): boolean {
      return inFlight > 0 || outbox.pending > 0 || (desk?.pending ?? 0) > 0;
    },
  };
}

/**
 * The Telegram channel: a telegraf bot running the consultation middleware, by long polling or
 * by a webhook that checks Telegram's secret header and answers 200 only for applied updates.
 */
export function createTelegramChannel(o: TelegramOptions) {
  const telegraf = new Telegraf(o.token, { telegram: { ...(o.apiRoot ? { apiRoot: o.apiRoot } : {}), webhookReply: false }, handlerTimeout: 60_000 });
  const consultation = createTelegramMiddleware({ ...o, telegram: telegraf.telegram, botInfo: () => telegraf.botInfo });
  telegraf.use(consultation.middleware);
  let server: Server | undefined;
  const log = { channel: 'telegram' };
  // Replaces telegraf's default handler, which prints the whole update (the user's words) and stops polling.
  telegraf.catch((e, ctx) => {
    // Telegraf returns here while the handler may still run: the webhook must not answer 200 for it.
    // If the work is applied after all, the redelivery finds it done (update_id guard).
    if (o.webhook) consultation.markFailed(ctx.update.update_id);
    if ((e as Error).name === 'TimeoutError') o.logger.warn({ ...log, code: 'CSB_TG_HANDLER_TIMEOUT' }, 'update outlived the handler timeout');
    else o.logger.error({ ...log, code: 'CSB_TG_MIDDLEWARE', err: (e as Error).name }, 'update failed');
  });

  async function registerCommands(): Promise<void> {
    for (const lang of ['zh', 'en'] as const) {
      const commands = commandKeys.map(([command, key]) => ({ command, description: o.content.messages[key][lang] }));
      await telegraf.telegram.setMyCommands(commands, lang === 'zh' ? { language_code: 'zh' } : {}).catch(() => o.logger.warn({ ...log, code: 'CSB_TG_COMMANDS' }, 'could not register commands'));
    }
  }

  function serveWebhook(w: NonNullable<TelegramOptions['webhook']>): Promise<Server> {
    const path = new URL(w.url).pathname;
    const s = createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== path) return void res.writeHead(404).end();
      if (req.headers['x-telegram-bot-api-secret-token'] !== w.secret) return void res.writeHead(403).end();
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > WEBHOOK_BODY_LIMIT) {
          res.writeHead(413).end();
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (res.writableEnded) return;
        let update: Update;
        try {
          update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
          if (typeof update?.update_id !== 'number') throw new Error('no update_id');
        } catch {
          return void res.writeHead(400).end();
        }
        // Shed before the update costs a Redis command: Telegram redelivers a 503 later, when the
        // backlog has drained, instead of this process queueing work it cannot finish in time.
        if (o.overloaded?.()) {
          o.logger.warn({ ...log, code: 'CSB_TG_SHED' }, 'overloaded: update refused with 503 for redelivery');
          return void res.writeHead(503, { 'retry-after': '1' }).end();
        }
        telegraf
          .handleUpdate(update)
          .then(() => {
            const bad = consultation.takeFailure(update.update_id);
            res.writeHead(bad ? 500 : 200).end();
          })
          .catch(() => res.writeHead(500).end());
      });
    });
    // A deep accept queue: a burst of deliveries waits to be read instead of being reset (Node's default is 511).
    return new Promise((resolve, reject) => s.once('error', reject).listen(w.port, w.host, WEBHOOK_BACKLOG, () => resolve(s)));
  }

  return {
    telegraf,
    outbox: consultation.outbox,
    async start(): Promise<void> {
      telegraf.botInfo ??= await telegraf.telegram.getMe();
      await registerCommands();
      if (o.webhook) {
        server = await serveWebhook(o.webhook);
        await telegraf.telegram.setWebhook(o.webhook.url, { secret_token: o.webhook.secret });
        o.logger.info({ ...log, mode: 'webhook' }, 'telegram channel started');
      } else {
        // launch() resolves only when polling stops; failures there are logged, not thrown at start.
        void telegraf.launch().catch((e: unknown) => o.logger.error({ ...log, code: 'CSB_TG_POLLING', err: (e as Error).name }, 'polling stopped'));
        o.logger.info({ ...log, mode: 'polling' }, 'telegram channel started');
      }
    },
    /** Stops taking updates, then lets the ones in progress finish and their replies go out. */
    async stop(): Promise<void> {
      if (!o.webhook) {
        try {
          telegraf.stop('shutdown');
        } catch {
          // not running
        }
      }
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      for (let i = 0; i < 300 && consultation.busy; i++) await new Promise((r) => setTimeout(r, 100));
    },
    get webhookPort(): number | undefined {
      const a = server?.address();
      return typeof a === 'object' && a ? a.port : undefined;
    },
  };
}

export type TelegramChannel = ReturnType<typeof createTelegramChannel>;

import { Redis } from 'ioredis';
import { Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramMiddleware } from '../../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk } from '../../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../../src/session/createRedisTicketStore.js';
import { shippedBundle } from '../../support/bundle.js';
import { redisUrl } from '../../support/redis.js';
import { redisBot } from '../../support/runtime.js';

const GROUP = -100570;
const A = 5701;
const B = 5702;
const DAY = 86_400_000;
const WEBHOOK = { url: 'https://bot.example.test/tg', secret: 's', port: 0, host: '127.0.0.1' };

interface Sent {
  readonly chat: number;
  readonly text: string;
}

/**
 * The desk group driven through the middleware with a fake Bot API: a chat listed in `held` never
 * gets its message through (the call never returns), as if it were paced behind a long queue.
 * Redis without an offline queue: while disconnected every command fails at once, like an outage.
 */
async function setup(opts: { webhook?: boolean; held?: ReadonlySet<number>; deskSleep?: (ms: number) => Promise<void> } = {}) {
  const redis = new Redis(redisUrl(), { db: 57, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  const { bot, logger, logs } = redisBot(redis);
  const tickets = createRedisTicketStore(redis, DAY);
  const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set([`telegram:${A}`, `telegram:${B}`]), logger, remindAfterMs: DAY });
  desk.attach(bot);
  bot.attachDesk(desk);
  const host = new Telegraf('1:x');
  host.botInfo = { id: 1, is_bot: true, first_name: 'host', username: 'host_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
  const sent: Sent[] = [];
  host.telegram.callApi = (async (method: string, payload: { chat_id?: number; text?: string }) => {
    if (method !== 'sendMessage') return true;
    if (opts.held?.has(Number(payload.chat_id))) return new Promise(() => undefined);
    sent.push({ chat: Number(payload.chat_id), text: payload.text ?? '' });
    return { message_id: sent.length, date: 0, chat: { id: payload.chat_id } };
  }) as never;
  const consultation = createTelegramMiddleware({
    telegram: host.telegram, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger,
    limits: { ...telegramLimits, perGroupPerMinute: 1000 },
    desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(A), String(B)] },
    ...(opts.webhook ? { webhook: WEBHOOK } : {}),
    ...(opts.deskSleep ? { deskSleep: opts.deskSleep } : {}),
  });
  host.use(consultation.middleware);
  let id = 0;
  const patient = (chat: number, text: string) =>
    host.handleUpdate({ update_id: ++id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'P' }, from: { id: chat, is_bot: false, first_name: '张三' }, text } } as never);
  /** A consultant's message in the group; resolves to its update_id once the middleware returned. */
  async function consultant(from: number, text: string, updateId = ++id): Promise<number> {
    await host.handleUpdate({ update_id: updateId, message: { message_id: updateId, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'desk' }, from: { id: from, is_bot: false, first_name: from === A ? 'Li' : 'Wang' }, text } } as never);
    return updateId;
  }
  /** Waits for a message, from the `from`th on, that the code under test sends in the background (paced, not awaited). */
  async function until(what: (m: Sent) => boolean, label: string, from = 0): Promise<Sent> {
    for (let i = 0; i < 1500; i++) {
      const hit = sent.slice(from).find(what);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${label} in ${sent.map((m) => m.text.slice(0, 40)).join(' | ')}`);
  }
  /** A patient asks for a human; resolves to their ticket's number, read from the case card. */
  async function ticketFor(chat: number): Promise<number> {
    const from = sent.length;
    await patient(chat, '转人工');
    const card = await until((m) => m.chat === GROUP && /🆕 工单 #\d+/.test(m.text), `card for ${chat}`, from);
    return Number(/#(\d+)/.exec(card.text)![1]);
  }
  cleanup.push(() => redis.quit().then(() => undefined, () => undefined));
  const outage = {
    async begin(): Promise<void> {
      const ended = new Promise((r) => redis.once('end', r));
      redis.disconnect();
      await ended;
    },
    end: () => redis.connect(),
  };
  return { outage, tickets, sent, logs, consultation, patient, consultant, until, ticketFor };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('desk commands wait for their store work, not for anyone\u2019s delivery', () => {
  it('confirms a second consultant\u2019s /take while the first patient\u2019s delivery is still held', async () => {
    const P1 = 5711;
    const P2 = 5712;
    const s = await setup({ webhook: true, held: new Set([P1]) });
    const n1 = await s.ticketFor(P1);
    const n2 = await s.ticketFor(P2);
    await s.consultant(A, `/take ${n1}`);
    await s.consultant(B, `/take ${n2}`);
    // In webhook mode each returns once its ticket and the patient's session are written.
    expect((await s.tickets.get(n1))?.status).toBe('active');
    expect((await s.tickets.get(n2))?.status).toBe('active');
    await s.until((m) => m.chat === GROUP && m.text.startsWith(`✅ #${n2} 已由 Wang 接单`), 'second confirmation');
    await s.until((m) => m.chat === P2 && /顾问已接入/.test(m.text), 'second patient told');
    expect(s.sent.filter((m) => m.chat === P1)).toEqual([]); // still held
  });
});

describe('a desk command that fails on the store', () => {
  it('under polling is retried with backoff until Redis is back, and reaches the patient once', async () => {
    const P = 5721;
    const waits: number[] = [];
    let s: Awaited<ReturnType<typeof setup>> | undefined;
    s = await setup({
      deskSleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) await s!.outage.end(); // Redis comes back during the second wait
      },
    });
    const n = await s.ticketFor(P);
    await s.outage.begin();
    await s.consultant(A, `#${n} 您好,我是李顾问`);
    await s.until((m) => m.chat === P && m.text === '顾问:您好,我是李顾问', 'the answer');
    expect(waits).toEqual([1000, 2000]);
    expect(s.sent.filter((m) => m.chat === P && m.text.startsWith('顾问:'))).toHaveLength(1);
    expect(s.logs.join('\n')).not.toMatch(/CSB_DESK_FAILED/);
  });

  it('under polling is given up after four attempts and logged', async () => {
    const waits: number[] = [];
    const s = await setup({ deskSleep: async (ms) => void waits.push(ms) });
    const n = await s.ticketFor(5731);
    await s.outage.begin();
    await s.consultant(A, `/close ${n}`);
    for (let i = 0; i < 1500 && s.consultation.busy; i++) await new Promise((r) => setTimeout(r, 10));
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(s.logs.join('\n')).toMatch(/"level":50.*"code":"CSB_DESK_FAILED".*"attempts":4/);
  });

  it('in webhook mode is reported failed, so Telegram redelivers it', async () => {
    const s = await setup({ webhook: true });
    const n = await s.ticketFor(5741);
    await s.outage.begin();
    const answer = await s.consultant(A, `#${n} 您好`);
    expect(s.consultation.takeFailure(answer)).toBe(true);
    await s.outage.end();
    // Telegram redelivers the same update: now it is applied, once however often it comes.
    for (let i = 0; i < 2; i++) {
      await s.consultant(A, `#${n} 您好`, answer);
      expect(s.consultation.takeFailure(answer)).toBe(false);
    }
    await s.until((m) => m.chat === 5741 && m.text === '顾问:您好', 'the answer');
    expect(s.sent.filter((m) => m.chat === 5741 && m.text.startsWith('顾问:'))).toHaveLength(1);
  });
});

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisFloodGuard } from '../../src/session/createFloodGuard.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const TOKEN = '888:PRIVACY-TOKEN';
const GROUP = -100777;
const CONSULTANT = 5151;
const PATIENT = 7_770_001_234;
const OTHER = 7_770_009_876;
const MARKER = 'MARKER-OKAPI';
const PHONE = '13912345678';
const NAME = 'Okapiname';
const DAY = 86_400_000;

/** Every value in the database as text, to search it for what must not be stored. */
async function dump(redis: Redis): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const k of await redis.keys('*')) {
    const type = await redis.type(k);
    const v = type === 'string' ? await redis.get(k) : type === 'hash' ? JSON.stringify(await redis.hgetall(k)) : type === 'list' ? JSON.stringify(await redis.lrange(k, 0, -1)) : type === 'set' ? JSON.stringify(await redis.smembers(k)) : JSON.stringify(await redis.zrange(k, 0, -1));
    out.set(k, v ?? '');
  }
  return out;
}

describe('privacy of logs and keys: scripted conversations through the Telegram channel and desk', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let logs: string[];
  let tag: ReturnType<typeof redisBot>['tag'];

  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(34);
    const r = redisBot(redis, { flood: createRedisFloodGuard(redis, { maxMessages: 15, windowMs: 10_000 }) });
    logs = r.logs;
    tag = r.tag;
    const desk = createDesk({ tickets: createRedisTicketStore(redis, DAY), content: shippedBundle().content, consultants: new Set([`telegram:${CONSULTANT}`]), logger: r.logger, remindAfterMs: 600_000 });
    desk.attach(r.bot);
    r.bot.attachDesk(desk);
    channel = createTelegramChannel({
      token: TOKEN, apiRoot: api.apiRoot, bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger,
      limits: { ...telegramLimits, perGroupPerMinute: 1000, perChatPerSecond: 50, perChatBurst: 50 },
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  const sentTo = (chat: number) => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chat)).map((u) => ({ text: String((u.message as { text?: string }).text ?? ''), message_id: u.messageId }));
  async function waitFor(chat: number, count: number): Promise<{ text: string; message_id: number }[]> {
    const until = Date.now() + 8000;
    while (sentTo(chat).length < count) {
      if (Date.now() > until) throw new Error(`chat ${chat}: ${sentTo(chat).length} of ${count}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return sentTo(chat);
  }
  async function say(client: ReturnType<typeof api.emulator.getClient>, chat: number, text: string) {
    const before = sentTo(chat).length;
    await client.sendMessage(client.makeMessage(text));
    await waitFor(chat, before + 1);
    await new Promise((r) => setTimeout(r, 60));
  }

  it('logs no marker phrase, phone number, checklist answer, name or raw id, and gives every key a TTL', async () => {
    const p = api.emulator.getClient(TOKEN, { userId: PATIENT, chatId: PATIENT, firstName: NAME, type: 'private' });
    const o = api.emulator.getClient(TOKEN, { userId: OTHER, chatId: OTHER, firstName: NAME, type: 'private' });
    const c = api.emulator.getClient(TOKEN, { userId: CONSULTANT, chatId: GROUP, firstName: 'Li', type: 'group', chatTitle: 'desk' });
    for (const m of [`${MARKER} 你好`, `火星上能种土豆吗 ${MARKER}`, '我适合做吗', '同意', '是', '不确定', '否', `我电话${PHONE}`, '转人工']) await say(p, PATIENT, m);
    await say(o, OTHER, `${MARKER} 孕妇可以打干细胞吗`);
    await say(o, OTHER, '转人工');
    const card = (await waitFor(GROUP, 1))[0]!;
    const n = Number(/#(\d+)/.exec(card.text)?.[1]);
    await c.sendMessage(c.makeMessage(`/take ${n}`));
    await waitFor(PATIENT, sentTo(PATIENT).length + 1);
    await c.sendMessage({ ...c.makeMessage(`您好 ${MARKER}`), reply_to_message: { message_id: card.message_id, date: 0, chat: { id: GROUP, type: 'group' } } } as never);
    await waitFor(PATIENT, sentTo(PATIENT).length + 1);
    await say(p, GROUP, `我的电话是 ${PHONE},${MARKER}`); // relayed to the desk
    await new Promise((r) => setTimeout(r, 300));

    const joined = logs.join('\n');
    expect(logs.length).toBeGreaterThan(10);
    for (const secret of [MARKER, PHONE, String(PATIENT), String(OTHER), String(CONSULTANT), NAME, '不确定', '火星', '您好']) expect(joined, secret).not.toContain(secret);

    const all = await redis.keys('*');
    for (const prefix of ['csb:seen:tg:', 'csb:desk:', 'csb:ticket:', 'csb:tickets:', 'csb:missed', `csb:{${tag({ channel: 'telegram', userId: String(PATIENT) })}}:flood`]) expect(all.some((k) => k.startsWith(prefix)), prefix).toBe(true);
    const noTtl = [];
    for (const k of all) if ((await redis.pttl(k)) <= 0) noTtl.push(k);
    expect(noTtl).toEqual([]);
  });

  it('leaves no key and no stored value of the user after 删除我的数据, and keeps the other user', async () => {
    const p = api.emulator.getClient(TOKEN, { userId: PATIENT, chatId: PATIENT, firstName: NAME, type: 'private' });
    const me = tag({ channel: 'telegram', userId: String(PATIENT) });
    const ticket = await redis.get(`csb:{${me}}:ticket`);
    expect(ticket).not.toBeNull();
    await say(p, PATIENT, '删除我的数据');
    await new Promise((r) => setTimeout(r, 300));
    const values = await dump(redis);
    expect([...values.keys()].filter((k) => k.includes(me) || k.startsWith(`csb:ticket:${ticket}`))).toEqual([]);
    const leaks = [...values].filter(([, v]) => v.includes(me) || v.includes(String(PATIENT)) || v.includes(PHONE));
    expect(leaks).toEqual([]);
    const other = tag({ channel: 'telegram', userId: String(OTHER) });
    expect([...values.keys()].some((k) => k.includes(other))).toBe(true);
  });
});

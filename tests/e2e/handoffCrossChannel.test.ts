import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';
import { startWechatMock, waitUntil, type WechatMock } from '../support/wechatMock.js';

const TOKEN = '888:CROSS-TOKEN';
const GROUP = -100600;
const CONSULTANT = 5151;
const DAY = 86_400_000;

describe('a WeChat patient served from the Telegram desk', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let telegram: TelegramChannel;
  let wechat: WechatMock;

  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(21);
    const { bot, logger } = redisBot(redis);
    const content = shippedBundle().content;
    const desk = createDesk({ tickets: createRedisTicketStore(redis, DAY), content, consultants: new Set([`telegram:${CONSULTANT}`]), logger, remindAfterMs: 600_000 });
    desk.attach(bot);
    bot.attachDesk(desk);
    telegram = createTelegramChannel({
      token: TOKEN, apiRoot: api.apiRoot, bot, content, delivery: createRedisDeliveryLog(redis), logger,
      limits: { ...telegramLimits, perGroupPerMinute: 1000 },
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    });
    await telegram.start();
    wechat = await startWechatMock({ bot, content, delivery: createRedisDeliveryLog(redis), logger });
    desk.connect('wechat', (userId, replies) => wechat.channel.deliver(userId, replies));
  });
  afterAll(async () => {
    await wechat.stop();
    await telegram.stop();
    await api.stop();
    await redis.quit();
  });

  const group = () => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(GROUP)).map((u) => (u.message as unknown as { text: string }).text);
  const say = (text: string) => {
    const c = api.emulator.getClient(TOKEN, { userId: CONSULTANT, chatId: GROUP, firstName: 'Li', type: 'group', chatTitle: 'desk' });
    return c.sendMessage(c.makeMessage(text));
  };

  it('carries the whole round trip across channels', async () => {
    const p = wechat.patient({ name: '王小明' });
    const opened = (await p.say('我想找人工顾问')).join('\n');
    expect(opened).toMatch(/已为您转接人工顾问/);

    await waitUntil(() => group().some((t) => /工单 #\d+ · wechat · 王\*\*/.test(t)), 'the case card in the Telegram group');
    const n = Number(/#(\d+) · wechat/.exec(group().find((t) => t.includes('· wechat ·'))!)![1]);

    await say(`/take ${n}`);
    expect((await p.next()).join('\n')).toMatch(/顾问已接入/);

    await say(`#${n} 您好,我是李顾问`);
    expect(await p.next()).toEqual(['顾问:您好,我是李顾问']);

    p.contact.say('我有类风湿,能做吗').to(wechat.self);
    await waitUntil(() => group().includes(`#${n} 王**:我有类风湿,能做吗`), 'the relayed patient message');

    await say(`/close ${n}`);
    expect((await p.next()).join('\n')).toMatch(/1–5/);
    expect((await p.say('5')).join('\n')).toMatch(/感谢您的评价/);
    await waitUntil(() => group().some((t) => t.includes(`#${n} 已由 Li 结束`)), 'the close notice');
  });
});

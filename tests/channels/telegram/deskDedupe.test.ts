import { Telegraf } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { createTelegramMiddleware } from '../../../src/channels/telegram/createTelegramChannel.js';
import { createDesk } from '../../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../../src/session/createDeskLinks.js';
import { createMemoryTicketStore } from '../../../src/session/createMemoryTicketStore.js';
import { shippedBundle } from '../../support/bundle.js';
import { testRedis } from '../../support/redis.js';
import { redisBot } from '../../support/runtime.js';

const GROUP = -100700;
const CONSULTANT = 7171;
const DAY = 86_400_000;

describe('the Telegram desk', () => {
  it('acts once on a desk update delivered three times', async () => {
    const redis = await testRedis(63);
    const { bot, logger } = redisBot(redis);
    const desk = createDesk({ tickets: createMemoryTicketStore(DAY), content: shippedBundle().content, consultants: new Set([`telegram:${CONSULTANT}`]), logger, remindAfterMs: 10 * 60_000 });
    desk.attach(bot);
    const host = new Telegraf('1:x');
    host.botInfo = { id: 1, is_bot: true, first_name: 'host', username: 'host_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
    const toGroup: string[] = [];
    host.telegram.callApi = (async (method: string, payload: { chat_id?: number; text?: string }) => {
      if (method === 'sendMessage' && payload.chat_id === GROUP) toGroup.push(payload.text ?? '');
      return { message_id: toGroup.length, date: 0, chat: { id: payload.chat_id } };
    }) as never;
    const consultation = createTelegramMiddleware({
      telegram: host.telegram, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger,
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    });
    host.use(consultation.middleware);
    const queue = { update_id: 900, message: { message_id: 5, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'desk' }, from: { id: CONSULTANT, is_bot: false, first_name: 'C' }, text: '/queue' } };
    for (let i = 0; i < 3; i++) await host.handleUpdate(structuredClone(queue) as never);
    // Desk commands run in their own queue; the same command once more, with a new id, marks its end.
    await host.handleUpdate({ ...structuredClone(queue), update_id: 901 } as never);
    for (let i = 0; i < 200 && toGroup.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(toGroup).toHaveLength(2); // one answer to update 900, one to 901
    await redis.quit();
  });
});

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk, type Desk } from '../../src/handoff/createDesk.js';
import { loadCannedReplies } from '../../src/knowledge/loadCannedReplies.js';
import { createRedisCallbackStore } from '../../src/session/createRedisCallbackStore.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const TOKEN = '778:DESK-TWO';
const GROUP = -100600;
const CONSULTANT = 5151;
const OUTSIDER = 6161;
const DAY = 86_400_000;
const replies = loadCannedReplies(projectRoot);

interface Sent {
  chat_id: number | string;
  text: string;
  message_id: number;
  message_thread_id?: number;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

/**
 * Issue 18 on the Telegram Bot API emulator: a patient, a consultant group and an outsider.
 * Every assertion waits for a message or its absence after a quiet moment; no timing is measured.
 */
describe('the Telegram desk never drops a consultant\u2019s word (issue 18)', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let desk: Desk;
  /** The desk's clock runs ahead by this much, to reach reminders and the queue timeout. */
  let ahead = 0;
  let logs: string[] = [];

  async function boot() {
    const { bot, logger, logs: lines } = redisBot(redis);
    logs = lines;
    if (!replies.ok) throw new Error('replies.yaml invalid');
    desk = createDesk({
      tickets: createRedisTicketStore(redis, DAY), content: shippedBundle().content, consultants: new Set([`telegram:${CONSULTANT}`]), logger,
      remindAfterMs: 10 * 60_000, timeoutMs: 30 * 60_000, callbacks: createRedisCallbackStore(redis, DAY), replies: replies.value, now: () => Date.now() + ahead,
    });
    desk.attach(bot);
    bot.attachDesk(desk);
    channel = createTelegramChannel({
      token: TOKEN, apiRoot: api.apiRoot, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger,
      limits: { ...telegramLimits, perGroupPerMinute: 1000 },
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    });
    await channel.start();
  }

  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(19);
    await boot();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  const sentTo = (chat: number): Sent[] => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chat)).map((u) => ({ ...(u.message as unknown as Sent), message_id: u.messageId }));
  async function waitFor(chat: number, what: (m: Sent) => boolean, label: string, from = 0, ms = 8000): Promise<Sent> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = sentTo(chat).slice(from).find(what);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`chat ${chat}: no ${label} in ${sentTo(chat).map((m) => m.text.slice(0, 50)).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const after = (chat: number) => {
    const seen = sentTo(chat).length;
    return (what: (m: Sent) => boolean, label: string) => waitFor(chat, what, label, seen);
  };
  const quiet = () => new Promise((r) => setTimeout(r, 500));
  const patient = (id: number, name = '张三丰') => api.emulator.getClient(TOKEN, { userId: id, chatId: id, firstName: name, type: 'private' });
  const member = (id = CONSULTANT) => api.emulator.getClient(TOKEN, { userId: id, chatId: GROUP, firstName: id === CONSULTANT ? 'Li' : 'Outsider', type: 'group', chatTitle: 'desk' });
  const replyTo = (m: Sent) => ({ reply_to_message: { message_id: m.message_id, date: 0, chat: { id: GROUP, type: 'group' } } });
  async function say(text: string, extra: Record<string, unknown> = {}, id = CONSULTANT) {
    const c = member(id);
    await c.sendMessage({ ...c.makeMessage(text), ...extra } as never);
  }
  async function press(data: string, msg: Sent, id = CONSULTANT) {
    const c = member(id);
    await c.sendCallback(c.makeCallbackQuery(data, { message: { message_id: msg.message_id, chat: { id: GROUP, type: 'group', title: 'desk' } } } as never));
  }
  async function request(id: number): Promise<{ n: number; card: Sent }> {
    const next = after(GROUP);
    const p = patient(id);
    await p.sendMessage(p.makeMessage('转人工'));
    const card = await next((m) => /🆕 工单 #\d+/.test(m.text), 'case card');
    return { n: Number(/#(\d+)/.exec(card.text)![1]), card };
  }

  it('multi-actor run: restart before take, take, answers by reply to the card and to the taken notice, close, rating, back to the bot', async () => {
    const P = 41;
    const p = patient(P);
    const toPatient = after(P);
    await p.sendMessage(p.makeMessage('干细胞治疗费用大概多少'));
    await toPatient(() => true, 'an answer');
    const { n, card } = await request(P);
    // The card is a summary: reason, channel, language, wait, the topic asked and its article.
    expect(card.text).toMatch(new RegExp(`工单 #${n} · telegram · 张\\*\\* · 中文 · 已等待 0 分钟`));
    expect(card.text).toMatch(/原因:患者要求人工/);
    expect(card.text).toMatch(/已问主题:.+(seed \d+.*)/);

    // The outsider in the group: ignored, whether replying to the card or pressing Take.
    const group = after(GROUP);
    await say('我来回答', replyTo(card), OUTSIDER);
    await press(`desk|take|${n}`, card, OUTSIDER);
    // The outsider's own private chat is just another conversation with the bot.
    const o = patient(OUTSIDER, 'Outsider');
    const toOutsider = after(OUTSIDER);
    await o.sendMessage(o.makeMessage('你好'));
    await toOutsider(() => true, 'the bot\u2019s answer to the outsider');
    await quiet();
    expect(sentTo(GROUP).filter((m) => /我来回答|Outsider|已由 Outsider/.test(m.text))).toEqual([]);
    void group;

    await channel.stop();
    await boot();

    const taken = after(GROUP);
    const joined = after(P);
    await press(`desk|take|${n}`, card);
    await joined((m) => /顾问已接入/.test(m.text), 'taken');
    const notice = await taken((m) => new RegExp(`✅ #${n} 已由 Li 接单`).test(m.text), 'taken notice');

    let next = after(P);
    await say('您好,我是李顾问', replyTo(card));
    await next((m) => m.text === '顾问:您好,我是李顾问', 'reply to the card');
    next = after(P);
    await say('费用要面诊后才能确定', replyTo(notice));
    await next((m) => m.text === '顾问:费用要面诊后才能确定', 'reply to the taken notice');

    const relayed = after(GROUP);
    await p.sendMessage(p.makeMessage('好的,谢谢'));
    const line = await relayed((m) => m.text.startsWith(`#${n} 张**:`), 'relayed line');
    next = after(P);
    await say('不客气', replyTo(line));
    await next((m) => m.text === '顾问:不客气', 'reply to a relayed line');

    const closed = after(P);
    await say(`/close ${n}`);
    const rate = await closed((m) => /1–5/.test(m.text), 'rating question');
    const alert = after(GROUP);
    const two = rate.reply_markup!.inline_keyboard!.flat().find((b) => b.text === '2')!;
    await p.sendCallback(p.makeCallbackQuery(two.callback_data, { message: { message_id: rate.message_id, chat: { id: P, type: 'private', first_name: 'Z' } } } as never));
    await alert((m) => m.text === `⚠️ #${n} 患者评分 2/5,请关注。`, 'low-rating alert');
    expect(await createRedisTicketStore(redis, DAY).get(n)).toMatchObject({ status: 'closed', rating: 2, consultant: 'Li' });

    const back = after(P);
    const beforeGroup = sentTo(GROUP).length;
    await p.sendMessage(p.makeMessage('孕妇可以做干细胞吗'));
    await back((m) => /孕/.test(m.text), 'the bot answers again');
    await quiet();
    expect(sentTo(GROUP)).toHaveLength(beforeGroup); // no longer relayed
    expect(logs.join('\n')).not.toMatch(/张三丰|费用要面诊|好的,谢谢/);
  });

  it('hints at once when a desk message names no ticket, and leaves the consultants\u2019 chat alone', async () => {
    const { n } = await request(42);
    const stats = after(GROUP);
    await say('/stats');
    const answer = await stats((m) => /今日工单/.test(m.text), 'stats');
    let hint = after(GROUP);
    await say('您好', replyTo(answer));
    const h = await hint((m) => /没有发给任何患者/.test(m.text), 'hint');
    expect(h.text).toMatch(new RegExp(`#${n}\\(等待中\\)`));
    hint = after(GROUP);
    await say('/take');
    await hint((m) => /没有发给任何患者/.test(m.text), 'hint for a bare /take');
    const count = sentTo(GROUP).length;
    await say('今天谁值班?');
    await quiet();
    expect(sentTo(GROUP)).toHaveLength(count);
  });

  it('sends canned replies by /r KEY, #n /r KEY and from a button list, relayed like typed answers', async () => {
    const { n, card } = await request(43);
    let next = after(43);
    await say('/r hello', replyTo(card));
    await next((m) => m.text === '顾问:您好,我是中科西部干细胞的顾问,很高兴为您服务。请问有什么可以帮您?', '/r hello');
    const list = after(GROUP);
    await say(`#${n} /r`);
    const buttons = await list((m) => m.text.startsWith(`#${n} 可用话术`), 'canned list');
    const check = buttons.reply_markup!.inline_keyboard!.flat().find((b) => b.callback_data === `desk|r|${n}|check`)!;
    next = after(43);
    await press(check.callback_data, buttons);
    await next((m) => /稍后在这里回复您/.test(m.text), 'canned reply from a button');
    const refused = after(GROUP);
    await say(`#${n} /r hours`);
    await refused((m) => /需要 \{hours\}/.test(m.text), 'hours unknown: not sent');
    expect((await createRedisTicketStore(redis, DAY).get(n))?.transcript.filter((l) => l.from === 'consultant')).toHaveLength(2);
  });

  it('quotes a patient\u2019s lines so they cannot pass for the bot\u2019s, and strips bidi controls', async () => {
    const { n } = await request(44);
    const relayed = after(GROUP);
    const p = patient(44);
    await p.sendMessage(p.makeMessage('好\n✅ #1 已由 王顾问 接单。\n\u202E操作:/take 1'));
    const line = await relayed((m) => m.text.startsWith(`#${n} 张**:`), 'relayed line');
    expect(line.text.split('\n').slice(1).every((l) => l.startsWith('│ '))).toBe(true);
    expect(line.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('tells a patient nobody took in time, offers a call back, and the desk sees it in /queue until the patient erases it', async () => {
    const { n } = await request(45);
    const reminded = after(GROUP);
    const told = after(45);
    ahead = 31 * 60_000;
    await desk.remind();
    await reminded((m) => new RegExp(`⏰ 仍在等待 #${n}`).test(m.text), 'reminder');
    const offer = await told((m) => /顾问暂时都没能接入/.test(m.text), 'timeout message');
    const timeoutNotice = await waitFor(GROUP, (m) => new RegExp(`⏳ #${n} 已等待`).test(m.text), 'timeout notice');
    ahead = 0;
    void timeoutNotice;

    const p = patient(45);
    const cb = offer.reply_markup!.inline_keyboard!.flat().find((b) => /留电话/.test(b.text))!;
    let next = after(45);
    await p.sendCallback(p.makeCallbackQuery(cb.callback_data, { message: { message_id: offer.message_id, chat: { id: 45, type: 'private', first_name: 'Z' } } } as never));
    expect((await next((m) => /同意保存吗/.test(m.text), 'consent')).text).toMatch(/1 天后自动删除/);
    next = after(45);
    await p.sendMessage(p.makeMessage('同意'));
    await next((m) => /电话号码/.test(m.text), 'ask phone');
    next = after(45);
    await p.sendMessage(p.makeMessage('13912345678'));
    await next((m) => /方便接听/.test(m.text), 'ask time');
    const card = after(GROUP);
    next = after(45);
    await p.sendMessage(p.makeMessage('明天上午'));
    await next((m) => /已记录您的回电请求/.test(m.text), 'saved');
    await card((m) => /📞 回电 C\d+ · 13912345678 · 方便时间 明天上午/.test(m.text), 'call-back card');
    const q = after(GROUP);
    await say('/queue');
    expect((await q((m) => m.text.startsWith('队列'), 'queue')).text).toMatch(/📞 回电 C\d+ · 13912345678/);
    expect(logs.join('\n')).not.toMatch(/13912345678|明天上午/);

    next = after(45);
    await p.sendMessage(p.makeMessage('删除我的数据'));
    await next((m) => /已全部删除/.test(m.text), 'erased');
    expect(await createRedisCallbackStore(redis, DAY).listOpen()).toEqual([]);
    for (const key of await redis.keys('csb:callback*')) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('routes a reply to a reminder to its patient', async () => {
    const { n } = await request(47);
    const reminded = after(GROUP);
    ahead = 11 * 60_000;
    await desk.remind();
    ahead = 0;
    const reminder = await reminded((m) => m.text.startsWith(`⏰ 仍在等待 #${n}`), 'reminder');
    const next = after(47);
    await say('抱歉久等', replyTo(reminder));
    await next((m) => m.text === '顾问:抱歉久等', 'reply to the reminder');
  });

  it('in a forum supergroup opens a topic per ticket, and everything written in it reaches that patient', async () => {
    let thread = 900;
    api.answer('getChat', () => ({ id: GROUP, type: 'supergroup', title: 'desk', is_forum: true }));
    api.answer('createForumTopic', (b) => ({ message_thread_id: ++thread, name: b.name, icon_color: 0 }));
    await channel.stop();
    await boot();
    const { n, card } = await request(46);
    expect(card.message_thread_id).toBe(thread);
    const topic = { message_thread_id: thread, is_topic_message: true, chat: { id: GROUP, type: 'supergroup', title: 'desk', is_forum: true } };
    const next = after(46);
    await say('您好,这里是工单专属话题', topic);
    await next((m) => m.text === '顾问:您好,这里是工单专属话题', 'topic message');
    const relayed = after(GROUP);
    const p = patient(46);
    await p.sendMessage(p.makeMessage('收到'));
    expect((await relayed((m) => m.text.startsWith(`#${n} 张**:收到`), 'relayed into the topic')).message_thread_id).toBe(thread);
  });
});

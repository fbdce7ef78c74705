import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WechatRoomMessage } from '../../src/channels/wechat/attachWechatConsultation.js';
import { createWechatBoard } from '../../src/channels/wechat/createWechatBoard.js';
import { createWechatDeskHandler } from '../../src/channels/wechat/createWechatDeskHandler.js';
import type { DeskBoard } from '../../src/core/ports.js';
import { createDesk, type Desk } from '../../src/handoff/createDesk.js';
import { loadCannedReplies } from '../../src/knowledge/loadCannedReplies.js';
import { createRedisCallbackStore } from '../../src/session/createRedisCallbackStore.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';
import { numberOf, startWechatMock, waitUntil, type WechatMock, type WechatPatient } from '../support/wechatMock.js';

const DAY = 86_400_000;
const DESK = '顾问工作群';
const QUOTE_RULE = '- - - - - - - - - - - - - - -';

/** Issue 18 on the WeChat room desk, through wechaty's puppet-mock; no timing is measured. */
describe('the WeChat room desk never drops a consultant\u2019s word (issue 18)', () => {
  let redis: Redis;
  let wx: WechatMock;
  let desk: Desk;
  let consultant: WechatPatient;
  let ahead = 0;
  let deskRoom: ReturnType<WechatMock['room']>;
  const posts: string[] = [];
  let onRoom: (m: WechatRoomMessage) => Promise<void> = async () => undefined;

  beforeAll(async () => {
    redis = await testRedis(18);
    const { bot, logger } = redisBot(redis);
    const content = shippedBundle().content;
    wx = await startWechatMock({ bot, content, delivery: createRedisDeliveryLog(redis), logger, consultantRoom: DESK, onRoomMessage: (m) => onRoom(m) });
    consultant = wx.patient({ name: '李顾问' });
    const replies = loadCannedReplies(projectRoot);
    if (!replies.ok) throw new Error('replies.yaml invalid');
    desk = createDesk({
      tickets: createRedisTicketStore(redis, DAY), content, consultants: new Set([`wechat:${consultant.contact.id}`]), logger, remindAfterMs: 10 * 60_000, timeoutMs: 30 * 60_000,
      callbacks: createRedisCallbackStore(redis, DAY), replies: replies.value, now: () => Date.now() + ahead,
    });
    desk.attach(bot);
    bot.attachDesk(desk);
    desk.connect('wechat', (userId, r) => wx.channel.deliver(userId, r));
    deskRoom = wx.room(DESK, [consultant.contact]);
    const board: DeskBoard = createWechatBoard({ wechaty: wx.channel.wechaty, room: DESK, send: async (id, r, opts) => {
      posts.push(...r.map((x) => x.text));
      await wx.channel.deliver(id, r, opts);
    } });
    desk.addBoard(board);
    onRoom = createWechatDeskHandler(desk, () => board);
  });
  afterAll(async () => {
    await wx.stop();
    await redis.quit();
  });

  async function post(match: RegExp, from = 0): Promise<string> {
    await waitUntil(() => posts.slice(from).some((p) => match.test(p)), `desk post ${match}`);
    return posts.slice(from).find((p) => match.test(p))!;
  }
  async function consultantSays(text: string, mention = false) {
    consultant.contact.say(text, ...(mention ? [[wx.self]] : [])).to(deskRoom);
  }
  const quote = (quoted: string, answer: string) => `「咨询助手:${quoted}」\n${QUOTE_RULE}\n${answer}`;
  async function request(p: WechatPatient): Promise<{ n: number; card: string }> {
    const from = posts.length;
    await p.say('转人工');
    const card = await post(/🆕 工单 #\d+/, from);
    return { n: Number(/#(\d+)/.exec(card)![1]), card };
  }

  it('routes quotes of the card and the taken notice, canned replies and the low-rating alert', async () => {
    const p = wx.patient({ name: '王五' });
    const { n, card } = await request(p);
    expect(card).toMatch(new RegExp(`接 ${n}`)); // WeChat has no buttons: typed commands
    let from = posts.length;
    await consultantSays(`接 ${n}`);
    expect((await p.next()).join('\n')).toMatch(/顾问已接入/);
    const notice = await post(new RegExp(`✅ #${n} 已由 李顾问 接单`), from);

    await consultantSays(quote(card.split('\n')[0]!, '您好,我是李顾问'));
    expect(await p.next()).toEqual(['顾问:您好,我是李顾问']);
    await consultantSays(quote(notice, '请问您想了解什么'));
    expect(await p.next()).toEqual(['顾问:请问您想了解什么']);

    await consultantSays(`#${n} /r check`);
    expect((await p.next()).join('')).toMatch(/^顾问:好的,这个问题我需要先核实一下/);
    from = posts.length;
    await consultantSays(`#${n} /r`);
    expect(await post(new RegExp(`#${n} 可用话术`), from)).toMatch(/hello/);

    from = posts.length;
    p.contact.say('好的\n🆕 工单 #99 · wechat · 假** · 中文\n\u202E接 99').to(wx.self);
    const relayed = await post(new RegExp(`^#${n} 王\\*+:`), from).catch((e: Error) => { throw new Error(`${e.message}: ${posts.slice(from).join(' | ')}`); });
    expect(relayed.split('\n').slice(1).every((l) => l.startsWith('│ '))).toBe(true);
    expect(relayed).not.toMatch(/\u202E/);

    await consultantSays(`结束 ${n}`);
    const rating = (await p.next()).join('\n');
    from = posts.length;
    await p.say(numberOf(rating, /^1$/));
    expect(await post(new RegExp(`⚠️ #${n} 患者评分 1/5`), from)).toBeTruthy();
  });

  it('hints when a message meant for the bot names no ticket, and ignores the consultants\u2019 own chat', async () => {
    let from = posts.length;
    await consultantSays('在吗', true);
    expect(await post(/没有发给任何患者/, from)).toMatch(/进行中的工单/);
    from = posts.length;
    await consultantSays('今天谁值班?');
    await new Promise((r) => setTimeout(r, 500));
    expect(posts.slice(from)).toEqual([]);
  });

  it('on a queue timeout tells the patient, takes a call-back request by typed numbers, and lists it for the desk', async () => {
    const p = wx.patient({ name: '赵六' });
    await request(p);
    await p.next(1).catch(() => undefined); // the queue position
    ahead = 31 * 60_000;
    await desk.remind();
    ahead = 0;
    const offer = (await p.next()).join('\n');
    const timeout = offer.includes('没能接入') ? offer : (await p.next()).join('\n');
    expect(timeout).toMatch(/顾问暂时都没能接入/);
    expect((await p.say(numberOf(timeout, /留电话/))).join('')).toMatch(/同意保存吗/);
    await p.say('同意');
    await p.say('13712345678');
    const from = posts.length;
    expect((await p.say('周末')).join('')).toMatch(/已记录您的回电请求/);
    const card = await post(/📞 回电 C\d+ · 13712345678 · 方便时间 周末/, from);
    const c = Number(/C(\d+)/.exec(card)![1]);
    await consultantSays('队列');
    await post(/📞 回电 C\d+ · 13712345678/, from + 1);
    await consultantSays(`已回电 ${c}`);
    await post(new RegExp(`回电 C${c} 已由 李顾问 完成`), from + 1);
  });
});

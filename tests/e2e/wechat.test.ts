import type { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, types, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WechatRoomMessage } from '../../src/channels/wechat/attachWechatConsultation.js';
import { WechatyConsultation } from '../../src/channels/wechat/WechatyConsultation.js';
import type { Bot } from '../../src/runtime/createBot.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { captureLogs, redisBot } from '../support/runtime.js';
import { numberOf, startWechatMock, waitUntil, type WechatMock, type WechatPatient } from '../support/wechatMock.js';

const last = (xs: string[]): string => xs[xs.length - 1]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DESK = '顾问工作群';

describe('WeChat channel on the mock puppet, on real Redis', () => {
  let redis: Redis;
  let wx: WechatMock;
  let logs: string[];
  let tag: ReturnType<typeof redisBot>['tag'];
  const desk: WechatRoomMessage[] = [];
  let handled = 0;

  beforeAll(async () => {
    redis = await testRedis(10);
    const r = redisBot(redis);
    logs = r.logs;
    tag = r.tag;
    const bot: Pick<Bot, 'handle'> = { handle: (ref, inbound, opts) => (handled++, r.bot.handle(ref, inbound, opts)) };
    wx = await startWechatMock({
      bot,
      content: shippedBundle().content,
      delivery: createRedisDeliveryLog(redis),
      logger: r.logger,
      autoAcceptFriends: true,
      consultantRoom: DESK,
      onRoomMessage: async (m) => void desk.push(m),
    });
  });
  afterAll(async () => {
    await wx.stop();
    await redis.quit();
  });

  /** Starts the self-check from the menu by numbers and agrees; returns the first question. */
  async function startChecklist(p: WechatPatient): Promise<string> {
    const menu = last(await p.say('菜单'));
    const consent = last(await p.say(numberOf(menu, /自测/)));
    expect(consent).toMatch(/敏感个人信息/);
    return last(await p.say(numberOf(consent, /^同意/)));
  }

  it('shows the menu as numbered lines on "菜单" and on "0"', async () => {
    const p = wx.patient();
    const menu = last(await p.say('菜单'));
    expect(menu).toMatch(/请选择/);
    expect(menu).toMatch(/回复数字: 1\. 常见问题 {2}2\. 适宜性初步自测 {2}3\. 人工顾问$/);
    expect(last(await p.say('0'))).toBe(menu);
  });

  it('never hands its own messages to the engine', async () => {
    const p = wx.patient();
    const before = handled;
    await p.say('菜单');
    await sleep(300);
    expect(handled - before).toBe(1);
  });

  it('answers an FAQ question with the doctor reminder and numbered follow-ups', async () => {
    const p = wx.patient();
    const reply = (await p.say('孕妇可以打干细胞吗')).join('\n');
    expect(reply).toMatch(/孕/);
    expect(reply).toMatch(/医生/);
    expect(numberOf(reply, /开始自测/)).toMatch(/^\d$/);
  });

  it('runs the whole checklist by numbers to "none found"', async () => {
    const p = wx.patient();
    let m = await startChecklist(p);
    for (let i = 1; i <= 6; i++) {
      expect(m).toMatch(new RegExp(`${i}/6`));
      expect(m).toMatch(/回复数字: 1\. 是 {2}2\. 否 {2}3\. 不确定/);
      m = last(await p.say(numberOf(m, /^否$/)));
    }
    expect(m).toMatch(/未发现所列的禁忌情况/);
    expect(numberOf(m, /人工顾问/)).toMatch(/^\d$/);
  });

  it('runs the checklist by numbers to every kind of flag: not recommended, defer, caution, unsure', async () => {
    const p = wx.patient();
    let m = await startChecklist(p);
    for (const answer of [/^是$/, /^不确定$/, /^是$/, /^是$/, /^否$/, /^是$/]) m = last(await p.say(numberOf(m, answer)));
    expect(m).toMatch(/目前不建议/);
    expect(m).toMatch(/先治疗/);
    expect(m).toMatch(/慎重评估/);
    expect(m).toMatch(/不确定,需要与医生核实/);
  });

  it('runs the checklist by words to "none found"', async () => {
    const p = wx.patient();
    await p.say('我适合做干细胞吗');
    let m = last(await p.say('同意'));
    for (const answer of ['没有', '否', '不是', '没', '没有', '否']) {
      expect(m).toMatch(/\/6/);
      m = last(await p.say(answer));
    }
    expect(m).toMatch(/未发现所列的禁忌情况/);
  });

  it('runs the checklist by words to every kind of flag', async () => {
    const p = wx.patient();
    await p.say('我适合做干细胞吗');
    let m = last(await p.say('同意'));
    for (const answer of ['是', '不清楚', '是的', '有', '不是', '有']) m = last(await p.say(answer));
    expect(m).toMatch(/目前不建议/);
    expect(m).toMatch(/先治疗/);
    expect(m).toMatch(/慎重评估/);
    expect(m).toMatch(/不确定,需要与医生核实/);
  });

  it('gives the "text only" reply to every kind of non-text message', async () => {
    const p = wx.patient();
    const kinds = [types.Message.Image, types.Message.Audio, types.Message.Video, types.Message.Emoticon, types.Message.Url, types.Message.MiniProgram, types.Message.Attachment, types.Message.Location];
    for (const type of kinds) {
      p.send(type);
      expect(last(await p.next()), types.Message[type]).toMatch(/只能读懂文字/);
    }
  });

  it('ignores group chats, system notices and official accounts, without asking the engine', async () => {
    const p = wx.patient();
    const official = wx.patient({ type: types.Contact.Official });
    const before = handled;
    p.contact.say('孕妇可以做吗').to(wx.room('家人群', [p.contact]));
    p.send(types.Message.Unknown, '你已添加了患者,现在可以开始聊天了。');
    p.send(types.Message.Recalled);
    official.contact.say('本周健康资讯').to(wx.self);
    await sleep(500);
    expect(handled).toBe(before);
    expect(p.inbox).toEqual([]);
    expect(official.inbox).toEqual([]);
    expect(desk).toEqual([]);
  });

  it('hands texts in the consultants’ room to the desk, and nothing from other rooms', async () => {
    const consultant = wx.patient({ name: '李顾问' });
    const room = wx.room(DESK, [consultant.contact]);
    consultant.contact.say('#1 您好,我是顾问', [wx.self]).to(room);
    consultant.contact.say('另一个群的话').to(wx.room('其他群', [consultant.contact]));
    await waitUntil(() => desk.length >= 1, 'desk message');
    await sleep(300);
    expect(desk).toEqual([{ roomId: room.id, roomTopic: DESK, senderId: consultant.contact.id, senderName: '李顾问', text: '#1 您好,我是顾问', mentionsSelf: true, deliveryKey: expect.stringMatching(/^wxdesk:/) }]);
    expect(consultant.inbox).toEqual([]);
  });

  it('answers a message delivered twice with the same id once', async () => {
    const p = wx.patient();
    const id = p.send(types.Message.Text, '菜单');
    p.redeliver(id);
    p.redeliver(id);
    await p.next(1);
    await sleep(500);
    expect(p.inbox.length).toBe(1);
    const stored = decodeSession((await redis.hget(keys.session(tag({ channel: 'wechat', userId: p.contact.id })), 'data')) ?? '');
    expect(stored.ok && stored.value.messages).toBe(1); // took effect once, not only answered once
  });

  it('handles one contact’s messages in order', async () => {
    const p = wx.patient();
    p.contact.say('菜单').to(wx.self);
    p.contact.say('孕妇可以打干细胞吗').to(wx.self);
    p.contact.say('0').to(wx.self);
    await waitUntil(() => p.inbox.length >= 3, 'three replies');
    await sleep(300);
    expect(p.inbox[0]).toMatch(/请选择/);
    expect(p.inbox.slice(1, -1).join('\n')).toMatch(/孕/);
    expect(p.inbox.at(-1)).toMatch(/请选择/);
  });

  it('erases everything of the user on "删除我的数据"', async () => {
    const p = wx.patient();
    await p.say('孕妇可以打干细胞吗');
    const user = tag({ channel: 'wechat', userId: p.contact.id });
    expect(await redis.exists(keys.session(user))).toBe(1);
    const done = last(await p.say('删除我的数据'));
    expect(done).toMatch(/已全部删除/);
    expect(await redis.exists(keys.session(user))).toBe(0);
  });

  it('accepts a friend request and greets the new contact with the welcome and menu', async () => {
    const accept = vi.spyOn(wx.puppet, 'friendshipAccept');
    const p = wx.patient();
    await p.befriend();
    const [welcome] = await p.next();
    expect(accept).toHaveBeenCalledOnce();
    expect(welcome).toMatch(/中科西部干细胞/);
    expect(welcome).toMatch(/回复数字: 1\. 常见问题/);
  });

  it('sends a consultant’s reply proactively through the paced queue, with numbered choices', async () => {
    const p = wx.patient();
    await wx.channel.deliver(p.contact.id, [{ text: '顾问:您好,请问哪里不舒服?', choices: [{ id: 'a', label: '好的' }] }]);
    expect(await p.next()).toEqual(['顾问:您好,请问哪里不舒服?\n\n回复数字: 1. 好的']);
  });

  it('logs no message text, no names and no raw WeChat ids', async () => {
    const all = logs.join('\n');
    expect(all).toMatch(/"channel":"wechat"/);
    expect(all).not.toMatch(/孕妇|删除我的数据|顾问工作群|李顾问|患者\d|咨询助手/);
    expect(all).not.toContain(wx.self.id);
  });
});

describe('WeChat channel: failures and long answers', () => {
  it('answers politely when handling a message fails, and logs the failure without the text', async () => {
    const redis = await testRedis(12);
    const { logger, lines } = captureLogs();
    const broken: Pick<Bot, 'handle'> = { handle: () => Promise.reject(new Error('engine exploded')) };
    const wx = await startWechatMock({ bot: broken, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger });
    try {
      const p = wx.patient();
      const reply = await p.say('我的病历号是123456');
      expect(reply).toEqual([shippedBundle().content.messages.storeDown.zh]);
      expect(lines.join('\n')).toMatch(/"level":50.*CSB_WX_MESSAGE_FAILED/);
      expect(lines.join('\n')).not.toMatch(/123456/);
    } finally {
      await wx.stop();
      await redis.quit();
    }
  });

  it('splits a 5,000-character answer at paragraph boundaries, with the numbered choices at the end', async () => {
    const redis = await testRedis(12);
    const base = shippedBundle().content;
    const about = base.faq.get('about')!;
    const paragraph = '干细胞科普。'.repeat(100); // 600 characters
    const long = { ...about, answer: { zh: Array.from({ length: 8 }, () => paragraph).join('\n\n'), en: about.answer.en } };
    const content = { ...base, faq: new Map([...base.faq, ['about', long]]) };
    const r = redisBot(redis, { content });
    const wx = await startWechatMock({ bot: r.bot, content, delivery: createRedisDeliveryLog(redis), logger: r.logger });
    try {
      const p = wx.patient();
      const parts = await p.say('你们是什么机构');
      expect(parts.length).toBeGreaterThanOrEqual(4);
      expect(parts.every((m) => m.length <= 1500)).toBe(true);
      expect(parts.slice(0, 3).every((m) => m.endsWith('。'))).toBe(true); // cut between paragraphs
      expect(parts.slice(0, -1).join('')).not.toMatch(/回复数字/);
      expect(last(parts)).toMatch(/回复数字/);
    } finally {
      await wx.stop();
      await redis.quit();
    }
  });

  it('leaves friend requests alone unless auto-accept is on', async () => {
    const redis = await testRedis(12);
    const r = redisBot(redis);
    const wx = await startWechatMock({ bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger, autoAcceptFriends: false });
    try {
      const accept = vi.spyOn(wx.puppet, 'friendshipAccept');
      const p = wx.patient();
      await p.befriend();
      await sleep(400);
      expect(accept).not.toHaveBeenCalled();
      expect(p.inbox).toEqual([]);
    } finally {
      await wx.stop();
      await redis.quit();
    }
  });

  it('works as a Wechaty plugin on a host bot, and stops answering once uninstalled', async () => {
    const redis = await testRedis(12);
    const r = redisBot(redis);
    log.level('silent'); // the plugin leaves the host's wechaty log alone; this host wants it quiet
    const dir = mkdtempSync(join(tmpdir(), 'csb-wechat-plugin-'));
    const mocker = new mock.Mocker();
    const host = WechatyBuilder.build({ name: join(dir, 'host'), puppet: new PuppetMock({ mocker }) });
    const uninstall = host.use(WechatyConsultation({ bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger, autoAcceptFriends: false, sendGapMs: 1 }));
    try {
      await host.start();
      const self = mocker.createContact({ name: 'host', type: types.Contact.Individual });
      const loggedIn = new Promise((ok) => host.once('login', ok));
      mocker.login(self);
      await loggedIn;
      const patient = mocker.createContact({ name: 'p', type: types.Contact.Individual });
      const said: string[] = [];
      host.on('message', (m) => void (m.self() && said.push(m.text())));
      patient.say('菜单').to(self);
      await waitUntil(() => said.length > 0, 'a reply from the plugin');
      expect(said[0]).toMatch(/请选择[\s\S]*回复数字/);
      uninstall();
      patient.say('菜单').to(self);
      await sleep(400);
      expect(said.length).toBe(1);
    } finally {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
      await redis.quit();
    }
  });

  it('logs a logout at error level with a code an operator alerts on', async () => {
    const redis = await testRedis(12);
    const r = redisBot(redis);
    const wx = await startWechatMock({ bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger });
    try {
      expect(wx.qr.join('')).toMatch(/Scan with WeChat to log in: https:\/\/wechaty\.js\.org\/qrcode\//);
      expect(r.logs.join('\n')).toMatch(/"event":"login"/);
      await wx.puppet.logout();
      await waitUntil(() => r.logs.some((l) => l.includes('CSB_WX_LOGGED_OUT')), 'logout alert');
      expect(r.logs.find((l) => l.includes('CSB_WX_LOGGED_OUT'))).toMatch(/"level":50/);
    } finally {
      await wx.stop();
      await redis.quit();
    }
  });
});

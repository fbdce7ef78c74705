import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.js';
import { startKfApiEmulator, until, type KfApiEmulator, type Sent } from '../../support/kfApiEmulator.js';
import { testRedis } from '../../support/redis.js';
import { startWecom } from '../../support/wecomSetup.js';

let redis: Redis;
beforeAll(async () => void (redis = await testRedis(41)));
afterAll(async () => void (await redis.quit()));

const texts = (inbox: readonly Sent[]) => inbox.map((m) => m.text ?? m.menu?.head ?? '');
const menuItem = (m: Sent | undefined, label: RegExp) => m?.menu?.items.find((i) => label.test(i.content));

describe('WeCom channel against the kf emulator (pages of 2 messages)', () => {
  let emu: KfApiEmulator;
  let wecom: Awaited<ReturnType<typeof startWecom>>;
  beforeAll(async () => {
    emu = await startKfApiEmulator({ pageSize: 2 });
    wecom = await startWecom(emu, redis);
  });
  afterAll(async () => {
    await wecom.channel.stop();
    await emu.stop();
  });

  it('answers URL verification with the decrypted echostr exactly, and refuses a bad signature', async () => {
    expect(await emu.verify('1616140317555161061')).toEqual({ status: 200, body: '1616140317555161061' });
    expect((await emu.verify('1616140317555161061', true)).status).toBe(403);
  });

  it('greets a customer who opens the chat with one welcome_code message holding the menu', async () => {
    await emu.enter('wm-welcome', 'poster', 'clinic-door');
    const [welcome] = await until(() => emu.inbox('wm-welcome').length >= 1 && emu.inbox('wm-welcome'), 'the welcome');
    expect(welcome).toMatchObject({ via: 'on_event', msgtype: 'msgmenu' });
    expect(welcome!.menu!.head).toContain('您好');
    expect(wecom.logs.some((l) => l.includes('"scene":"poster"') && l.includes('"sceneParam":"clinic-door"'))).toBe(true);
  });

  it('answers FAQ text, and the self-check by menu click and by typed number', async () => {
    const user = 'wm-faq';
    await emu.say(user, '干细胞治疗安全吗');
    await until(() => emu.inbox(user).length >= 1, 'the FAQ answer');
    expect(texts(emu.inbox(user)).join('\n')).toContain('风险');
    await emu.say(user, '菜单');
    const menu = await until(() => emu.inbox(user).find((m) => menuItem(m, /自测/)), 'the menu');
    const item = menuItem(menu, /自测/)!;
    await emu.say(user, item.content, item.id);
    const consent = await until(() => emu.inbox(user).find((m) => m.menu?.items.some((i) => /同意/.test(i.content))), 'the consent question');
    expect(consent.menu!.head).toContain('健康');
    await emu.say(user, '1'); // "同意,开始" by its number
    await until(() => emu.inbox(user).length >= 4, 'the first checklist question');
    expect(emu.misuse).toEqual([]);
  });

  it('handles every message of a backlog exactly once across pages', async () => {
    const users = ['wm-p1', 'wm-p2', 'wm-p3', 'wm-p4', 'wm-p5'];
    for (const u of users) await emu.say(u, '费用多少', undefined, true);
    await emu.settled();
    await wecom.channel.idle();
    expect(users.map((u) => emu.inbox(u).length)).toEqual([1, 1, 1, 1, 1]);
    expect(emu.calls.filter((c) => c.path === 'kf/sync_msg').length).toBeGreaterThan(3);
  });

  it('answers an emergency while the bot holds the session', async () => {
    await emu.say('wm-sos', '我胸口剧痛喘不上气');
    await until(() => emu.inbox('wm-sos').length >= 1, 'the emergency answer');
    expect(texts(emu.inbox('wm-sos')).join('')).toContain('120');
  });

  it('fetches one new token when the old one expires mid-conversation, and keeps answering', async () => {
    const user = 'wm-token';
    await emu.say(user, '费用多少');
    await until(() => emu.inbox(user).length >= 1, 'the first answer');
    const issued = emu.tokensIssued;
    emu.expireToken();
    await emu.say(user, '干细胞治疗安全吗');
    await until(() => emu.inbox(user).length >= 2, 'the answer after expiry');
    expect(emu.tokensIssued).toBe(issued + 1);
    expect(emu.misuse).toEqual([]);
  });

  it('hands off to the pool, stays silent while a human holds the chat, and asks for the rating at the end', async () => {
    const user = 'wm-human';
    await emu.say(user, '转人工');
    await until(() => emu.state(user) === 2, 'the session in the pool');
    expect(texts(emu.inbox(user)).join('')).toContain('人工顾问');
    const open = (await wecom.tickets.listOpen()).find((t) => t.userId.endsWith(`|${user}`));
    expect(open).toMatchObject({ channel: 'wecom', status: 'waiting' });

    await emu.servicerTakes(user, 'zhangsan');
    await until(() => emu.inbox(user).some((m) => m.via === 'on_event'), 'the taken notice');
    const before = emu.inbox(user).length;
    await emu.say(user, '我想问一下费用');
    await emu.servicerSays(user, '您好,我是顾问');
    await emu.say(user, '我胸口剧痛喘不上气');
    await emu.settled();
    await wecom.channel.idle();
    expect(emu.inbox(user).length).toBe(before);
    expect((await wecom.tickets.get(open!.number))?.status).toBe('active');

    await emu.servicerEnds(user);
    const rating = await until(() => emu.inbox(user).find((m) => m.via === 'on_event' && m.menu?.items.length === 5), 'the rating question');
    expect(rating.menu!.items.map((i) => i.content)).toEqual(['1', '2', '3', '4', '5']);
    const five = rating.menu!.items[4]!;
    await emu.say(user, five.content, five.id);
    await until(() => emu.inbox(user).length >= before + 2, 'the thanks');
    expect((await wecom.tickets.get(open!.number))).toMatchObject({ status: 'closed', rating: 5 });
    expect(emu.misuse).toEqual([]);
  });

  it('after a restart resumes from the stored cursor and answers nothing twice', async () => {
    await emu.say('wm-before', '费用多少');
    await until(() => emu.inbox('wm-before').length >= 1, 'an answer before the restart');
    await wecom.channel.stop();
    await emu.say('wm-during', '费用多少', undefined, true); // arrives while the bot is down
    const counts = () => [...['wm-welcome', 'wm-faq', 'wm-p1', 'wm-sos', 'wm-token', 'wm-human', 'wm-before']].map((u) => emu.inbox(u).length);
    const seen = counts();
    wecom = await startWecom(emu, redis, { prefix: wecom.prefix });
    await until(() => emu.inbox('wm-during').length >= 1, 'the message sent while down');
    await emu.settled();
    await wecom.channel.idle();
    expect(counts()).toEqual(seen);
    expect(emu.inbox('wm-during')).toHaveLength(1);
    expect(emu.misuse).toEqual([]);
  });
});

describe('WeCom limits and direct handoff', () => {
  let emu: KfApiEmulator;
  beforeAll(async () => void (emu = await startKfApiEmulator()));
  afterAll(async () => void (await emu.stop()));

  it('never sends more than 5 messages for one customer message, however long the turn', async () => {
    const long = Array.from({ length: 12 }, (_, i) => `第${i}段` + '说明'.repeat(300)).join('\n\n');
    const replies: Reply[] = Array.from({ length: 8 }, () => ({ text: long }));
    const bot = { handle: async () => ({ replies, route: { route: 'faq' as const, id: 'x', score: 1 } }) };
    const wecom = await startWecom(emu, redis, { bot, prefix: 'limits:' });
    await emu.say('wm-budget', '说说');
    await until(() => emu.inbox('wm-budget').length >= 5, 'five messages');
    await emu.settled();
    await wecom.channel.idle();
    expect(emu.inbox('wm-budget')).toHaveLength(5);
    expect(emu.misuse).toEqual([]);
    await wecom.channel.stop();
  });

  it('hands a session straight to WECOM_SERVICER and tells the patient with the transfer msg_code', async () => {
    // The same store as the test before: one deployment, one cached token, one cursor.
    const wecom = await startWecom(emu, redis, { servicer: 'lisi', prefix: 'limits:' });
    await emu.say('wm-direct', '转人工');
    await until(() => emu.state('wm-direct') === 3, 'the servicer session');
    await until(() => emu.inbox('wm-direct').some((m) => m.via === 'on_event'), 'the taken notice');
    const t = (await wecom.tickets.listOpen()).find((x) => x.userId.endsWith('|wm-direct'));
    expect(t).toMatchObject({ status: 'active', consultant: 'lisi' });
    expect(emu.misuse).toEqual([]);
    await wecom.channel.stop();
  });
});

import { describe, expect, it } from 'vitest';
import type { Inbound, UserRef } from '../../src/core/inbound.js';
import type { Reply } from '../../src/core/reply.js';
import type { Sender } from '../../src/core/ports.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createMemoryTicketStore } from '../../src/session/createMemoryTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { captureLogs } from '../support/runtime.js';

const DAY = 86_400_000;
const consultant = { platform: 'telegram', id: '1', name: 'Li' };
const APOLOGY = '抱歉,系统暂时繁忙';

/** What the bot answers a desk event with: the patient's replies, or (`down`) the store's apology. */
type Answer = 'ok' | 'down';

async function setup(answers: Answer[], send: Sender) {
  const { logger, lines } = captureLogs();
  const tickets = createMemoryTicketStore(DAY);
  const events: string[] = [];
  const posted: string[] = [];
  const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set(['telegram:1']), logger, remindAfterMs: DAY, sleep: async () => undefined });
  desk.attach({
    async handle(_ref: UserRef, inbound: Inbound) {
      const answer = answers.shift() ?? 'ok';
      if (inbound.kind === 'desk') events.push(`${inbound.event}:${answer}`);
      if (answer === 'down') return { replies: [{ text: APOLOGY }], route: null };
      return { replies: [{ text: inbound.kind === 'desk' ? `patient sees ${inbound.event}` : '' }], route: { route: 'handoff' as const, id: null, score: null } };
    },
  });
  desk.addBoard({ platform: 'test', post: async (text) => void posted.push(text) });
  desk.connect('telegram', send);
  const opened = await tickets.open({ user: 'u', channel: 'telegram', userId: '42', displayName: '张**', reason: 'asked', urgent: false, lang: 'zh', openedAt: 0, screening: null, transcript: [] });
  return { desk, tickets, n: opened.ticket.number, events, posted, lines };
}

describe('the desk hands the patient\u2019s replies to their channel', () => {
  it('returns from a command while the patient\u2019s delivery is still held', async () => {
    const handed: (readonly Reply[])[] = [];
    let called: () => void = () => undefined;
    const sendCalled = new Promise<void>((r) => (called = r));
    // A channel whose sending never finishes: paced behind a long queue, say.
    const s = await setup([], (_user, replies) => (handed.push(replies), called(), new Promise<void>(() => undefined)));
    const acted = s.desk.act(consultant, { kind: 'take', n: s.n }).then((answer) => ({ answer }));
    // Once the send has started, the command must finish with the microtasks it has left.
    const held = sendCalled.then(() => new Promise<'still waiting'>((r) => setImmediate(() => r('still waiting'))));
    expect(await Promise.race([acted, held])).toEqual({ answer: null });
    expect(handed).toEqual([[{ text: 'patient sees taken' }]]);
    expect((await s.tickets.get(s.n))?.status).toBe('active');
  });

  it('fails a command whose event the patient\u2019s session could not take, and sends them no apology', async () => {
    const handed: (readonly Reply[])[] = [];
    const s = await setup(['down'], async (_user, replies) => void handed.push(replies));
    await expect(s.desk.act(consultant, { kind: 'reply', n: s.n, text: '您好' })).rejects.toThrow(/session/);
    expect(handed).toEqual([]);
    expect((await s.tickets.get(s.n))?.transcript).toEqual([]);
  });

  it('closes a ticket only after the patient\u2019s conversation took the close, so a retry still reaches them', async () => {
    const handed: (readonly Reply[])[] = [];
    const s = await setup(['down', 'ok'], async (_user, replies) => void handed.push(replies));
    await expect(s.desk.act(consultant, { kind: 'close', n: s.n })).rejects.toThrow();
    expect((await s.tickets.get(s.n))?.status).not.toBe('closed');
    expect(await s.desk.act(consultant, { kind: 'close', n: s.n })).toBeNull();
    expect(s.events).toEqual(['closed:down', 'closed:ok']);
    expect(handed).toEqual([[{ text: 'patient sees closed' }]]);
    expect((await s.tickets.get(s.n))?.status).toBe('closed');
  });

  it('logs a send that still fails after its retries and tells the desk, after the command returned', async () => {
    const s = await setup([], async () => Promise.reject(new Error('channel down')));
    expect(await s.desk.act(consultant, { kind: 'reply', n: s.n, text: '您好' })).toBeNull();
    await s.desk.idle();
    expect(s.lines.join('\n')).toMatch(/"level":50.*"code":"CSB_DESK_RELAY_FAILED".*"attempts":3/);
    expect(s.posted).toContain(`#${s.n} 消息未能送达患者(渠道未连接或患者已屏蔽机器人)。`);
  });
});

import { describe, expect, it } from 'vitest';
import type { DeskBoard, Ticket } from '../../src/core/ports.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createMemoryTicketStore } from '../../src/session/createMemoryTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { captureLogs } from '../support/runtime.js';

const ticket: Ticket = {
  number: 7, user: 'u', channel: 'telegram', userId: 'raw-id-7', displayName: '张**', reason: 'asked', urgent: false, lang: 'zh', openedAt: 0,
  screening: null, transcript: [{ from: 'patient', text: '私密病史', at: 0 }], status: 'waiting', consultant: null, takenAt: null, closedAt: null, reminded: false, rating: null,
};

function setup(board: DeskBoard) {
  const { logger, lines } = captureLogs();
  const waits: number[] = [];
  const desk = createDesk({
    tickets: createMemoryTicketStore(86_400_000), content: shippedBundle().content, consultants: new Set(), logger, remindAfterMs: 60_000,
    sleep: async (ms) => void waits.push(ms),
  });
  desk.addBoard(board);
  return { desk, lines, waits };
}

describe('desk posts: fire and track', () => {
  it('hands the post to the board at once and settles only when the board is done', async () => {
    let release: () => void = () => undefined;
    const posted: string[] = [];
    const s = setup({ platform: 'test', post: (text) => (posted.push(text), new Promise<void>((r) => (release = r))) });
    let settled = false;
    const announced = s.desk.announce(ticket).then(() => void (settled = true));
    expect(posted).toHaveLength(1); // queued synchronously, in call order
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await announced;
    await s.desk.idle();
    expect(settled).toBe(true);
  });

  it('retries a failed post with backoff and logs nothing when it finally goes through', async () => {
    let failures = 2;
    const posted: string[] = [];
    const s = setup({ platform: 'test', post: async (text) => {
      if (failures-- > 0) throw new Error('group unreachable');
      posted.push(text);
    } });
    await s.desk.announce(ticket);
    expect(posted).toHaveLength(1);
    expect(s.waits).toEqual([2000, 4000]);
    expect(s.lines.join('\n')).not.toMatch(/CSB_DESK_POST/);
  });

  it('gives up after three attempts with CSB_DESK_POST, the ticket number and no text, and never rejects', async () => {
    const s = setup({ platform: 'test', post: async () => Promise.reject(new Error('bot removed from group')) });
    await expect(s.desk.announce(ticket)).resolves.toBeUndefined();
    const logs = s.lines.join('\n');
    expect(logs).toMatch(/"level":50.*"code":"CSB_DESK_POST".*"ticket":7.*"attempts":3/);
    expect(logs).not.toMatch(/私密病史|raw-id-7|张/);
  });

  it('posts an urgent alert card with the family and recent lines, no ticket and no buttons', async () => {
    const posts: { text: string; opts: Parameters<DeskBoard['post']>[1] }[] = [];
    const s = setup({ platform: 'test', post: async (text, opts) => void posts.push({ text, opts }) });
    expect(s.desk.available).toBe(true);
    await s.desk.alert({ channel: 'wechat', displayName: '李*', family: 'stroke', lang: 'zh', transcript: [{ from: 'patient', text: '嘴巴歪了', at: 0 }] });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.opts).toEqual({ urgent: true });
    expect(posts[0]!.text).toMatch(/^🚨 紧急情况提醒 · wechat · 李\* · 中文\n类型:卒中征象/);
    expect(posts[0]!.text).toMatch(/患者:嘴巴歪了/);
    expect(posts[0]!.text).not.toMatch(/#\d|\/take/);
  });

  it('is not available with no consultant chat', () => {
    const desk = createDesk({ tickets: createMemoryTicketStore(86_400_000), content: shippedBundle().content, consultants: new Set(), logger: captureLogs().logger, remindAfterMs: 60_000 });
    expect(desk.available).toBe(false);
  });
});

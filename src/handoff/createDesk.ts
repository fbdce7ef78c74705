import type { Content } from '../core/content.js';
import type { Inbound } from '../core/inbound.js';
import type { DeskBoard, HandoffDesk, Logger, Sender, Ticket, TicketStore } from '../core/ports.js';
import type { Bot } from '../runtime/createBot.js';
import type { DeskCommand } from './parseDeskCommand.js';
import { renderAlertCard, type EmergencyAlert } from './renderAlertCard.js';
import { renderCaseCard } from './renderCaseCard.js';

/** Who acted in a desk chat: platform and the platform's id, checked against the allow-list. */
export interface Actor {
  readonly platform: string;
  readonly id: string;
  readonly name: string;
}

export interface DeskDeps {
  readonly tickets: TicketStore;
  readonly content: Content;
  /** "telegram:123", "wechat:wxid_abc": the only people who can take, reply or close. */
  readonly consultants: ReadonlySet<string>;
  readonly logger: Logger;
  readonly remindAfterMs: number;
  readonly now?: () => number;
  /** Where "today" starts for /stats. */
  readonly timezone?: string;
  /** Waits between attempts at a desk post; tests replace it. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Attempts for one post to one board before it is given up and logged. */
const POST_ATTEMPTS = 3;
const POST_RETRY_MS = 2_000;

const minutes = (ms: number) => `${Math.max(0, Math.round(ms / 60_000))} 分钟`;

/**
 * The consultant desk: announces tickets on every board, turns consultants' commands into
 * events for the patient's conversation (through the bot, so they are ordered with the
 * patient's own messages), and sends the result to the patient's channel. With no board
 * configured, tickets are only stored; a board added later sees them through /queue.
 */
export function createDesk(deps: DeskDeps) {
  const now = deps.now ?? Date.now;
  const boards: DeskBoard[] = [];
  const senders = new Map<string, Sender>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let bot: Pick<Bot, 'handle'> | undefined;
  /** Posts not yet sent or given up; `idle` waits for them (shutdown, tests). */
  const inFlight = new Set<Promise<void>>();

  /** One post to one board, retried with backoff; a post that still fails is logged. Never rejects. */
  async function postTo(b: DeskBoard, text: string, opts: Parameters<DeskBoard['post']>[1]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await b.post(text, opts);
      } catch {
        if (attempt >= POST_ATTEMPTS) {
          deps.logger.error({ code: 'CSB_DESK_POST', board: b.platform, ticket: opts?.ticket, attempts: attempt }, 'could not post to the desk');
          return;
        }
        await sleep(POST_RETRY_MS * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Fire and track: every board gets the post at once (so posts keep their order in the boards'
   * outboxes), and nobody has to wait for it. The promise says when all boards are done; callers
   * in a patient's turn must not await it, since a desk group is paced to 20 messages a minute.
   */
  function postAll(text: string, opts?: Parameters<DeskBoard['post']>[1]): Promise<void> {
    const run = Promise.all(boards.map((b) => postTo(b, text, opts))).then(() => undefined);
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  }

  /** Sends an event into the patient's conversation and the bot's replies to their channel. */
  async function deliver(t: Ticket, inbound: Inbound): Promise<'sent' | 'gone' | 'unreachable'> {
    if (!bot) return 'unreachable';
    const result = await bot.handle({ channel: t.channel, userId: t.userId }, inbound);
    if (result.replies.length === 0) return 'gone';
    const send = senders.get(t.channel);
    if (!send) return 'unreachable';
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await send(t.userId, result.replies);
        return 'sent';
      } catch {
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
    deps.logger.error({ code: 'CSB_DESK_RELAY_FAILED', ticket: t.number, channel: t.channel }, 'could not reach the patient');
    return 'unreachable';
  }

  const undelivered = (n: number, how: 'gone' | 'unreachable') =>
    how === 'gone' ? `#${n} 患者已结束咨询或删除了数据,消息未发送。` : `#${n} 消息未能送达患者(渠道未连接或患者已屏蔽机器人)。`;

  async function act(actor: Actor, cmd: DeskCommand): Promise<string | null> {
    if (!deps.consultants.has(`${actor.platform}:${actor.id}`)) return null; // not on the allow-list: ignored
    const log = { platform: actor.platform, command: cmd.kind };
    deps.logger.info(log, 'desk command');
    switch (cmd.kind) {
      case 'queue': {
        const open = await deps.tickets.listOpen();
        if (!open.length) return '当前没有等待或进行中的工单。';
        return open.map((t) => `#${t.number} ${t.status === 'waiting' ? '等待中' : `进行中(${t.consultant})`} · ${minutes(now() - t.openedAt)} · ${t.displayName} · ${t.channel}${t.urgent ? ' · 🚨' : ''}`).join('\n');
      }
      case 'stats': {
        const today = await deps.tickets.openedSince(startOfDay(now(), deps.timezone ?? 'Asia/Shanghai'));
        const waits = today.filter((t) => t.takenAt !== null).map((t) => t.takenAt! - t.openedAt).sort((a, b) => a - b);
        const ratings = today.flatMap((t) => (t.rating === null ? [] : [t.rating]));
        const median = waits.length ? minutes(waits[Math.floor((waits.length - 1) / 2)]!) : '—';
        const avg = ratings.length ? (ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(1) : '—';
        return `今日工单 ${today.length} · 等待中位数 ${median} · 平均评分 ${avg}(${ratings.length} 条)`;
      }
      case 'take': {
        const r = await deps.tickets.take(cmd.n, actor.name, now());
        if (r.kind === 'missing') return `#${cmd.n} 不存在。`;
        if (r.kind === 'closed') return `#${cmd.n} 已结束。`;
        if (r.kind === 'already') return `#${cmd.n} 已由 ${r.by} 接单。`;
        const how = await deliver(r.ticket, { kind: 'desk', event: 'taken' });
        await postAll(`✅ #${cmd.n} 已由 ${actor.name} 接单。`);
        return how === 'sent' ? null : undelivered(cmd.n, how);
      }
      case 'reply': {
        let t = await deps.tickets.get(cmd.n);
        if (!t || t.status === 'closed') return `#${cmd.n} 不存在或已结束。`;
        if (t.status === 'waiting') {
          // Answering an untaken ticket takes it: the patient must not get two consultants.
          const r = await deps.tickets.take(cmd.n, actor.name, now());
          if (r.kind === 'already') return `#${cmd.n} 已由 ${r.by} 接单。`;
          if (r.kind === 'taken') t = r.ticket;
        }
        const how = await deliver(t, { kind: 'desk', event: 'reply', text: cmd.text });
        if (how === 'sent') await deps.tickets.append(cmd.n, { from: 'consultant', text: cmd.text, at: now() });
        return how === 'sent' ? null : undelivered(cmd.n, how);
      }
      case 'close': {
        const t = await deps.tickets.get(cmd.n);
        if (!t || t.status === 'closed') return `#${cmd.n} 不存在或已结束。`;
        await deps.tickets.close(cmd.n, now());
        await deliver(t, { kind: 'desk', event: 'closed' });
        await postAll(`☑️ #${cmd.n} 已由 ${actor.name} 结束。`);
        return null;
      }
    }
  }

  // Each returns once the post is queued on every board; the promise settles when it is sent or given up.
  const desk: HandoffDesk & { alert(a: EmergencyAlert): Promise<void> } = {
    announce: (t) => postAll(renderCaseCard(t, deps.content), { ticket: t.number, actions: true, urgent: t.urgent }),
    alert: (a) => postAll(renderAlertCard(a), { urgent: true }),
    relay: (t, text) => postAll(`#${t.number} ${t.displayName}:${text}`, { ticket: t.number }),
    notice: (n, event) => postAll(event === 'patient-ended' ? `#${n} 患者已结束咨询。` : `#${n} 用户已删除其数据,工单已关闭并清除。`),
  };

  return {
    ...desk,
    act,
    addBoard: (b: DeskBoard) => void boards.push(b),
    connect: (channel: string, send: Sender) => void senders.set(channel, send),
    attach: (b: Pick<Bot, 'handle'>) => void (bot = b),
    /** Whether any consultant chat is configured: only then may a patient be told consultants were alerted. */
    get available(): boolean {
      return boards.length > 0;
    },
    /** Resolves when every desk post made so far is sent or given up. */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    isConsultant: (a: Pick<Actor, 'platform' | 'id'>) => deps.consultants.has(`${a.platform}:${a.id}`),
    /** Re-announces tickets nobody took in time and tells their patients, once. */
    async remind(): Promise<void> {
      for (const t of await deps.tickets.listOpen()) {
        if (t.status !== 'waiting' || t.reminded || now() - t.openedAt < deps.remindAfterMs) continue;
        await deps.tickets.markReminded(t.number);
        await postAll(renderCaseCard(t, deps.content, { reminder: true }), { ticket: t.number, actions: true });
        await senders.get(t.channel)?.(t.userId, [{ text: deps.content.messages.handoffStillWaiting[t.lang] }]).catch(() => undefined);
      }
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;

/** Midnight of `at`'s day in `timezone`, as epoch ms. */
function startOfDay(at: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return at - ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 - (at % 1000);
}

import { cutText, TEXT_LIMITS } from '../core/cutText.js';
import type { Content } from '../core/content.js';
import type { Inbound } from '../core/inbound.js';
import type { CallbackStore, DeskBoard, HandoffDesk, Logger, Sender, Ticket, TicketStore } from '../core/ports.js';
import type { CannedReply } from '../knowledge/loadCannedReplies.js';
import type { Bot } from '../runtime/createBot.js';
import { fillCannedReply } from './fillCannedReply.js';
import type { DeskCommand } from './parseDeskCommand.js';
import { quotePatientText } from './quotePatientText.js';
import { renderAlertCard, type EmergencyAlert } from './renderAlertCard.js';
import { renderCaseCard, waited } from './renderCaseCard.js';
import { renderCallbackCard, renderCannedList, renderDeskHint, renderQueue } from './renderDeskLists.js';

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
  /** A ticket nobody took within this long: the patient is told and offered a call back (HANDOFF_TIMEOUT_MINUTES). */
  readonly timeoutMs?: number;
  /** Call-back requests, listed under /queue and marked done with /called. */
  readonly callbacks?: CallbackStore;
  /** knowledge/replies.yaml, for "/r KEY". */
  readonly replies?: ReadonlyMap<string, CannedReply>;
  readonly now?: () => number;
  /** Where "today" starts for /stats. */
  readonly timezone?: string;
  /** Waits between attempts at a desk post; tests replace it. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Attempts for one post to one board before it is given up and logged. */
const POST_ATTEMPTS = 3;
const POST_RETRY_MS = 2_000;
/** Attempts at handing a patient's replies to their channel; waits of 0.5 and 1 s between them. */
const SEND_ATTEMPTS = 3;
const SEND_RETRY_MS = 500;


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
  /** Posts and patient sends not yet done or given up; `idle` waits for them (shutdown, tests). */
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
    return track(Promise.all(boards.map((b) => postTo(b, text, opts))).then(() => undefined));
  }

  function track(run: Promise<void>): Promise<void> {
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  }

  const undelivered = (n: number, how: 'gone' | 'unreachable') =>
    how === 'gone' ? `#${n} 患者已结束咨询或删除了数据,消息未发送。` : `#${n} 消息未能送达患者(渠道未连接或患者已屏蔽机器人)。`;

  /**
   * Sends an event into the patient's conversation, and hands the bot's replies to their channel
   * without waiting for them to go out: a channel paces its sends (Telegram, one a second per
   * chat), and no desk command may wait for a patient's delivery. Throws when the patient's session
   * could not be read or saved, so that the command is tried again rather than reported done.
   */
  async function deliver(t: Ticket, inbound: Inbound, deliveryKey: string | undefined): Promise<'sent' | 'again' | 'gone' | 'unreachable'> {
    if (!bot) return 'unreachable';
    // With the desk update's key the event is applied to the patient's conversation once, however
    // often the update is retried or redelivered; its reply is then owed until sent.
    const result = await bot.handle({ channel: t.channel, userId: t.userId }, inbound, deliveryKey ? { deliveryKey } : {});
    if (result.route?.route === 'duplicate') return 'again';
    // No route: the store failed and the bot answered its apology. The event was not applied, and
    // the apology is not the consultant's to send.
    if (result.route === null) throw Object.assign(new Error('the patient’s session could not be read or saved'), { name: 'PatientSessionUnavailable' });
    if (result.replies.length === 0) return 'gone';
    const send = senders.get(t.channel);
    if (!send) return 'unreachable';
    void track(sendTo(send, t, result.replies).then(() => result.sent?.()));
    return 'sent';
  }

  /** Retries a send that failed; one that still fails is logged and reported to the desk. Never rejects. */
  async function sendTo(send: Sender, t: Ticket, replies: Parameters<Sender>[1]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(t.userId, replies);
      } catch {
        if (attempt >= SEND_ATTEMPTS) {
          deps.logger.error({ code: 'CSB_DESK_RELAY_FAILED', ticket: t.number, channel: t.channel, attempts: attempt }, 'could not reach the patient');
          void postAll(undelivered(t.number, 'unreachable'), { ticket: t.number });
          return;
        }
        await sleep(SEND_RETRY_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** A consultant's answer to the patient, typed or canned: taking the ticket first if nobody has. */
  async function answer(actor: Actor, n: number, text: string, deliveryKey: string | undefined): Promise<string | null> {
    let t = await deps.tickets.get(n);
    if (!t || t.status === 'closed') return `#${n} 不存在或已结束。`;
    if (t.status === 'waiting') {
      // Answering an untaken ticket takes it: the patient must not get two consultants.
      const r = await deps.tickets.take(n, actor.name, now());
      if (r.kind === 'already') return `#${n} 已由 ${r.by} 接单。`;
      if (r.kind === 'taken') t = r.ticket;
    }
    const how = await deliver(t, { kind: 'desk', event: 'reply', text }, deliveryKey);
    if (how === 'sent') await deps.tickets.append(n, { from: 'consultant', text: cutText(text, TEXT_LIMITS.line), at: now() });
    return how === 'sent' || how === 'again' ? null : undelivered(n, how);
  }

  /** `deliveryKey`: the desk update's id, so a retried or redelivered command reaches the patient once. */
  async function act(actor: Actor, cmd: DeskCommand | { readonly kind: 'hint' }, opts: { readonly deliveryKey?: string } = {}): Promise<string | null> {
    if (!deps.consultants.has(`${actor.platform}:${actor.id}`)) return null; // not on the allow-list: ignored
    const log = { platform: actor.platform, command: cmd.kind };
    deps.logger.info(log, 'desk command');
    switch (cmd.kind) {
      case 'queue':
        return renderQueue(await deps.tickets.listOpen(), (await deps.callbacks?.listOpen()) ?? [], now());
      case 'hint':
        return renderDeskHint(await deps.tickets.listOpen());
      case 'called': {
        const c = await deps.callbacks?.done(cmd.n, actor.name);
        return c ? `📞 回电 C${cmd.n} 已由 ${c.doneBy} 完成。` : `回电 C${cmd.n} 不存在。`;
      }
      case 'canned': {
        const n = cmd.n;
        if (n === null) return renderDeskHint(await deps.tickets.listOpen());
        const replies = deps.replies ?? new Map<string, CannedReply>();
        if (cmd.key === null) return renderCannedList(n, replies).text;
        const r = replies.get(cmd.key);
        if (!r) return `#${n} 没有话术 “${cmd.key}”。发送 “#${n} /r” 查看全部。`;
        const t = await deps.tickets.get(n);
        if (!t || t.status === 'closed') return `#${n} 不存在或已结束。`;
        const filled = fillCannedReply(r, t.lang, deps.content);
        if ('missing' in filled) return `#${n} 话术 “${r.key}” 需要 {${filled.missing}},但 knowledge/clinic.yaml 未设置,未发送。`;
        return answer(actor, n, filled.text, opts.deliveryKey);
      }
      case 'stats': {
        const today = await deps.tickets.openedSince(startOfDay(now(), deps.timezone ?? 'Asia/Shanghai'));
        const waits = today.filter((t) => t.takenAt !== null).map((t) => t.takenAt! - t.openedAt).sort((a, b) => a - b);
        const ratings = today.flatMap((t) => (t.rating === null ? [] : [t.rating]));
        const median = waits.length ? waited(waits[Math.floor((waits.length - 1) / 2)]!) : '—';
        const avg = ratings.length ? (ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(1) : '—';
        return `今日工单 ${today.length} · 等待中位数 ${median} · 平均评分 ${avg}(${ratings.length} 条)`;
      }
      case 'take': {
        const r = await deps.tickets.take(cmd.n, actor.name, now());
        if (r.kind === 'missing') return `#${cmd.n} 不存在。`;
        if (r.kind === 'closed') return `#${cmd.n} 已结束。`;
        if (r.kind === 'already') return `#${cmd.n} 已由 ${r.by} 接单。`;
        const how = await deliver(r.ticket, { kind: 'desk', event: 'taken' }, opts.deliveryKey);
        // Posts are paced at 20 a minute: the command returns once they are queued.
        void postAll(`✅ #${cmd.n} 已由 ${actor.name} 接单。回复本消息即可答复患者。`, { ticket: cmd.n });
        return how === 'sent' || how === 'again' ? null : undelivered(cmd.n, how);
      }
      case 'reply':
        return answer(actor, cmd.n, cutText(cmd.text, TEXT_LIMITS.relay), opts.deliveryKey);
      case 'close': {
        const t = await deps.tickets.get(cmd.n);
        if (!t || t.status === 'closed') return `#${cmd.n} 不存在或已结束。`;
        // The patient first: if closing the ticket then fails, a retry finds it open and closes it
        // (the patient's conversation ignores a second "closed"); the other order would leave the
        // patient waiting on a ticket a retry reports as already closed.
        await deliver(t, { kind: 'desk', event: 'closed' }, opts.deliveryKey);
        await deps.tickets.close(cmd.n, now());
        void postAll(`☑️ #${cmd.n} 已由 ${actor.name} 结束。`, { ticket: cmd.n });
        return null;
      }
    }
  }

  // Each returns once the post is queued on every board; the promise settles when it is sent or given up.
  const desk: Required<HandoffDesk> & { alert(a: EmergencyAlert): Promise<void> } = {
    announce: (t) => postAll(renderCaseCard(t, deps.content, { now: now() }), { ticket: t.number, actions: true, urgent: t.urgent }),
    alert: (a) => postAll(renderAlertCard(a), { urgent: true }),
    // Quoted: a patient's lines can never pass for the bot's own.
    relay: (t, text) => postAll(`#${t.number} ${t.displayName}:${quotePatientText(text)}`, { ticket: t.number }),
    notice: (n, event) => postAll(event === 'patient-ended' ? `#${n} 患者已结束咨询。` : `#${n} 用户已删除其数据,工单已关闭并清除。`, event === 'patient-ended' ? { ticket: n } : {}),
    lowRating: (n, score) => postAll(`⚠️ #${n} 患者评分 ${score}/5,请关注。`, { ticket: n }),
    callbackRequested: (c) => postAll(renderCallbackCard(c, now())),
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
    /**
     * Re-announces tickets nobody took in time and tells their patients, once; past the timeout,
     * tells the patient honestly and offers a call back, once. The ticket stays in the queue.
     */
    async remind(): Promise<void> {
      for (const t of await deps.tickets.listOpen()) {
        if (t.status !== 'waiting') continue;
        const age = now() - t.openedAt;
        if (!t.reminded && age >= deps.remindAfterMs) {
          await deps.tickets.markReminded(t.number);
          // Paced sends are queued, not awaited: one sweep must not wait minutes for a group's pace.
          void postAll(renderCaseCard(t, deps.content, { reminder: true, now: now() }), { ticket: t.number, actions: true });
          void senders.get(t.channel)?.(t.userId, [{ text: deps.content.messages.handoffStillWaiting[t.lang] }]).catch(() => undefined);
        }
        if (deps.timeoutMs !== undefined && !t.timedOut && age >= deps.timeoutMs) {
          await deps.tickets.markTimedOut(t.number);
          // Keyed by the ticket: every process sweeps, the patient is told once.
          await deliver(t, { kind: 'desk', event: 'timeout' }, `timeout:${t.number}`);
          void postAll(`⏳ #${t.number} 已等待 ${waited(age)} 无人接单,已如实告知患者并提供留电回访;工单仍在队列中。`, { ticket: t.number });
        }
      }
    },
    /** "/r" without a key on a platform with buttons: the list for ticket `n`. */
    cannedList: (n: number) => renderCannedList(n, deps.replies ?? new Map()),
  };
}

export type Desk = ReturnType<typeof createDesk>;

/** Midnight of `at`'s day in `timezone`, as epoch ms. */
function startOfDay(at: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return at - ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 - (at % 1000);
}

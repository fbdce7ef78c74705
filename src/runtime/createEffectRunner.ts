import type { UserRef } from '../core/inbound.js';
import type { TranscriptLine } from '../core/ports.js';
import type { Effect, Reply } from '../core/reply.js';
import { maskName } from '../handoff/maskName.js';
import { keys } from '../session/keys.js';
import type { BotDeps, BotDesk } from './createBot.js';

/**
 * Performs a turn's effects after its session is saved: tickets, relays, ratings, call-backs,
 * missed questions, alerts and erasure. Split from the runner so a turn left owed by a dead
 * process (PendingTurns) is finished by exactly the same code.
 */
export function createEffectRunner(deps: BotDeps, desk: () => BotDesk | undefined) {
  const now = deps.now ?? Date.now;

  /**
   * Desk posts leave the patient's turn: the desk queues, retries and logs them, and a desk group
   * is paced to 20 messages a minute, so awaiting one here could hold the 120 reply for a minute.
   * Only what must be durable (the ticket, the transcript line) is awaited.
   */
  const toDesk = (post: Promise<void> | undefined, ticket?: number): void =>
    void post?.catch(() => deps.logger.error({ code: 'CSB_DESK_POST', ticket }, 'could not post to the desk'));

  /** No ticket and no queue, and no store needed: the card tells consultants, the patient has the 120 reply already. */
  function alertDesk(user: string, ref: UserRef, transcript: readonly TranscriptLine[], e: Extract<Effect, { type: 'alertDesk' }>): void {
    const d = desk();
    toDesk(d?.alert({ channel: ref.channel, displayName: maskName(ref.displayName), family: e.family, lang: e.lang, transcript: transcript.map((l) => ({ ...l })) }));
    deps.logger.error({ user, channel: ref.channel, code: 'CSB_EMERGENCY', family: e.family, desk: d?.available ?? false }, 'emergency: patient told to call 120');
  }

  /** One effect; returns the replies only storage can tell (queue position). */
  async function performOne(user: string, ref: UserRef, transcript: readonly TranscriptLine[], e: Effect): Promise<Reply[]> {
    const channel = ref.channel;
    const d = desk();
    switch (e.type) {
      case 'openTicket': {
        const opened = await deps.tickets.open({ user, channel, userId: ref.userId, displayName: maskName(ref.displayName), reason: e.reason, urgent: e.urgent, lang: e.lang, openedAt: now(), screening: e.screening, transcript: transcript.map((l) => ({ ...l })) });
        // An emergency is announced even on an open ticket: consultants must see it now.
        if (opened.created || e.urgent) toDesk(d?.announce(e.urgent ? { ...opened.ticket, urgent: true } : opened.ticket), opened.ticket.number);
        if (e.urgent) deps.logger.error({ user, channel, code: 'CSB_EMERGENCY', event: 'emergency', ticket: opened.ticket.number }, 'emergency flagged to consultants');
        else deps.logger.info({ user, channel, event: 'handoff', reason: e.reason, ticket: opened.ticket.number }, 'handoff requested');
        return opened.position > 0 && !e.urgent ? [{ text: deps.content.messages.handoffQueue[e.lang].replace('{position}', String(opened.position)) }] : [];
      }
      case 'relayToDesk': {
        const t = await deps.tickets.latest(user);
        if (t && t.status !== 'closed') {
          await deps.tickets.append(t.number, { from: 'patient', text: e.text, at: now() });
          toDesk(d?.relay(t, e.text), t.number);
        }
        return [];
      }
      case 'closeTicket': {
        const t = await deps.tickets.latest(user);
        if (t && t.status !== 'closed') {
          await deps.tickets.close(t.number, now());
          toDesk(d?.notice(t.number, 'patient-ended'), t.number);
        }
        return [];
      }
      case 'rate': {
        const t = await deps.tickets.latest(user);
        if (t) await deps.tickets.rate(t.number, e.score);
        if (t && e.score <= 2) toDesk(d?.lowRating?.(t.number, e.score), t.number);
        return [];
      }
      case 'requestCallback': {
        // The number goes to the store and the desk only; the log says that a request exists.
        const c = await deps.callbacks?.request({ user, channel, lang: e.lang, reason: e.reason, phone: e.phone, when: e.when, requestedAt: now() });
        if (c) toDesk(d?.callbackRequested?.(c));
        deps.logger.info({ user, channel, event: 'callback', reason: e.reason, callback: c?.number ?? null }, 'call-back requested');
        return [];
      }
      case 'recordMissed':
        await deps.missed.record(user, { at: now(), text: e.text, best: e.best });
        return [];
      case 'alertDesk':
        alertDesk(user, ref, transcript, e);
        return [];
      case 'falseAlarm':
        deps.logger.info({ user, channel, code: 'CSB_FALSE_ALARM' }, 'patient said the alarm was not an emergency');
        return [];
      case 'eraseUser': {
        // Every store at once; allSettled, so no rejection is left unobserved while another is awaited.
        const results = await Promise.allSettled([
          deps.sessions.delete(keys.session(user)), deps.missed.eraseUser(user), deps.tickets.eraseUser(user), deps.flood?.forget(user), deps.callbacks?.eraseUser(user), deps.pending?.eraseUser(user),
        ]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        const open = (results[2] as PromiseFulfilledResult<number[]>).value;
        for (const n of open) toDesk(d?.notice(n, 'patient-erased'), n);
        deps.logger.info({ user, channel, event: 'erased' }, 'user data erased');
        return [];
      }
    }
  }

  return {
    alertDesk,
    /**
     * Performs `effects` from `from` on, in order, telling `progress` after each one, so a turn
     * finished by another process resumes after the last effect that completed.
     */
    async perform(user: string, ref: UserRef, transcript: readonly TranscriptLine[], effects: readonly Effect[], from = 0, progress?: (done: number) => Promise<void>): Promise<Reply[]> {
      const extra: Reply[] = [];
      for (let i = from; i < effects.length; i++) {
        extra.push(...(await performOne(user, ref, transcript, effects[i]!)));
        if (progress) await progress(i + 1);
      }
      return extra;
    },
  };
}

import type { UserRef } from '../core/inbound.js';
import type { Logger, OwedTurn, PendingTurns } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import type { createEffectRunner } from './createEffectRunner.js';
import { decodeOwedTurn } from './owedTurnCodec.js';

/** Sends a user's replies outside their own turn: a late answer, or one a dead process owed. */
export type ReplySender = (userId: string, replies: readonly Reply[], urgent: boolean) => Promise<void>;

/** What a handled message gave, as far as sending it late is concerned. */
export interface LateWork {
  readonly replies: readonly Reply[];
  readonly urgent?: boolean;
  readonly sent?: () => void;
  readonly sendable: boolean;
}

/**
 * This process's side of the owed turns: which it is finishing now, how a finished one is
 * cleared, and how one saved by a dead process (or by work that passed its deadline) is
 * finished and its replies sent through the channel's sender.
 */
export function createOwedTurns(pending: PendingTurns | undefined, effects: ReturnType<typeof createEffectRunner>, logger: Logger) {
  const senders = new Map<string, ReplySender>();
  /** "user|id" of the turns finishing in this process now; the sweep leaves them alone. */
  const active = new Set<string>();

  /** The turn is no longer owed once its replies are out; a failure here only means they may go twice. */
  function finish(user: string, id: string): void {
    active.delete(`${user}|${id}`);
    pending?.finish(user, id).catch(() => logger.warn({ user, code: 'CSB_TURN_FINISH' }, 'could not clear a finished turn; its replies may be sent again'));
  }

  return {
    active,
    finish,
    connect(channel: string, send: ReplySender): void {
      senders.set(channel, send);
    },

    /** The replies of work that finished after its apology: sent through the channel's sender. */
    sendLate(user: string, ref: UserRef, h: LateWork): void {
      if (!h.sendable || h.replies.length === 0) return;
      const send = senders.get(ref.channel);
      if (!send) return void logger.error({ user, channel: ref.channel, code: 'CSB_TURN_NO_SENDER' }, 'a late reply has no sender in this process');
      send(ref.userId, h.replies, h.urgent ?? false).then(
        () => h.sent?.(),
        () => logger.error({ user, channel: ref.channel, code: 'CSB_TURN_SEND_FAILED' }, 'a late reply could not be sent'),
      );
    },

    /** Finishes a turn saved by a process that died before it was done: remaining effects, then its replies. */
    async resume(t: OwedTurn): Promise<boolean> {
      const k = `${t.user}|${t.id}`;
      if (active.has(k) || !pending) return false;
      const read = decodeOwedTurn(t.body);
      if (!read.ok) {
        logger.warn({ user: t.user, code: 'CSB_TURN_UNREADABLE' }, 'an owed turn could not be read; dropped');
        await pending.finish(t.user, t.id);
        return false;
      }
      const body = read.value;
      const send = senders.get(body.ref.channel);
      if (!send) {
        logger.error({ user: t.user, channel: body.ref.channel, code: 'CSB_TURN_NO_SENDER' }, 'an owed turn has no sender in this process');
        return false;
      }
      active.add(k);
      try {
        const extra = await effects.perform(t.user, body.ref, body.transcript, body.effects, t.done, (n) => pending.progress(t.user, t.id, n));
        await send(body.ref.userId, [...body.replies, ...extra], body.urgent);
        await pending.finish(t.user, t.id);
        logger.info({ user: t.user, channel: body.ref.channel, code: 'CSB_TURN_RESUMED', from: t.done }, 'finished a turn another process left owed');
        return true;
      } finally {
        active.delete(k);
      }
    },
  };
}

import type { Logger, OwedTurn, PendingTurns } from '../core/ports.js';

export interface TurnSweeperDeps {
  readonly pending: PendingTurns;
  /** Finishes one claimed turn (the bot's `resume`); false when it was left for later. */
  readonly resume: (t: OwedTurn) => Promise<boolean>;
  readonly logger: Logger;
  /** Between sweeps, and between heartbeats: a quarter of the heartbeat's 12 s life. */
  readonly intervalMs?: number;
  /** A turn younger than this is still its owner's business, whatever the heartbeat says. */
  readonly graceMs?: number;
}

/**
 * Keeps this process's heartbeat, and finishes the turns that processes which stopped beating
 * (killed, crashed) left owed: their effects from where they stopped, then their replies.
 */
export function createTurnSweeper(d: TurnSweeperDeps) {
  const intervalMs = d.intervalMs ?? 3_000;
  const graceMs = d.graceMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    await d.pending.heartbeat();
    let finished = 0;
    for (const t of await d.pending.claimOrphans(graceMs, 50)) {
      try {
        if (await d.resume(t)) finished++;
      } catch (e) {
        d.logger.warn({ user: t.user, code: 'CSB_TURN_RESUME_FAILED', err: (e as Error).name }, 'an owed turn could not be finished yet; the next sweep retries');
      }
    }
    return finished;
  }

  /** One sweep at a time; a failed one (Redis away) is logged and the next tick tries again. */
  function sweep(): Promise<number> {
    running ??= sweepOnce()
      .catch((e: unknown) => {
        d.logger.warn({ code: 'CSB_TURN_SWEEP', err: (e as Error).name }, 'owed-turn sweep failed');
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  }

  return {
    sweep,
    /** Beats at once, so this process's first turns are never taken for a dead one's. */
    async start(): Promise<void> {
      await d.pending.heartbeat().catch(() => undefined);
      timer = setInterval(() => void sweep(), intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

import type { Bot } from '../../runtime/createBot.js';
import { createRandom } from './createRandom.js';
import type { UserScript } from './userScript.js';

export interface UsersRun {
  readonly bot: Bot;
  readonly scripts: readonly UserScript[];
  /** Distinguishes this run's users from earlier ones (fresh sessions every run). */
  readonly runId: string;
  /** Pause between a reply and the user's next message; null sends at once (saturation). */
  readonly thinkMs: readonly [min: number, max: number] | null;
  /** Called after message `index` of a user has been answered, before the next one. */
  readonly onReplied?: (user: number, index: number) => Promise<void> | void;
}

export interface UsersResult {
  readonly messages: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  /** Messages that got the "store unavailable" apology instead of a routed reply. */
  readonly failed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every user runs its script concurrently, one message at a time: it waits for the reply (and,
 * when paced, a think time) before the next. Paced users also start spread over one think
 * time, as real users do not all arrive in the same millisecond.
 */
export async function runUsers(run: UsersRun): Promise<UsersResult> {
  const rnd = createRandom(run.scripts.length);
  const latenciesMs: number[] = [];
  let failed = 0;
  const think = () => (run.thinkMs ? run.thinkMs[0] + rnd() * (run.thinkMs[1] - run.thinkMs[0]) : 0);
  const t0 = performance.now();
  await Promise.all(
    run.scripts.map(async (script, user) => {
      const ref = { channel: 'bench', userId: `${run.runId}-${user}` };
      if (run.thinkMs) await sleep(rnd() * run.thinkMs[1]);
      for (const [index, text] of script.messages.entries()) {
        const start = performance.now();
        // Each message is a channel delivery: marked with its session write, owed until "sent".
        const handled = await run.bot.handle(ref, { kind: 'text', text }, { deliveryKey: `bench:${run.runId}-${user}-${index}` });
        handled.sent?.();
        latenciesMs.push(performance.now() - start);
        if (handled.route === null) failed++;
        await run.onReplied?.(user, index);
        const pause = think();
        if (pause) await sleep(pause);
      }
    }),
  );
  return { messages: latenciesMs.length, seconds: (performance.now() - t0) / 1000, latenciesMs, failed };
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports.js';
import { createKeyedQueue } from '../../runtime/createKeyedQueue.js';
import type { KfClient } from './createKfClient.js';
import type { WecomStore } from './createWecomStore.js';
import { readKfMessage, type KfMessage } from './readKfMessage.js';

export interface KfSyncDeps {
  readonly client: KfClient;
  readonly store: WecomStore;
  readonly logger: Logger;
  readonly handle: (m: KfMessage) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** sync_msg keeps messages for days; a msgid is remembered longer than that. */
const SEEN_TTL_MS = 5 * 86_400_000;
const CURSOR_TTL_MS = 30 * 86_400_000;
/** The callback's Token is valid for 10 minutes. */
const TOKEN_TTL_MS = 600_000;
/** One process syncs an account at a time; the lock is renewed on every page. */
const LOCK_TTL_MS = 60_000;
const RETRY_MS = [1_000, 5_000, 15_000];
const log = { channel: 'wecom' };

type SyncPage = { next_cursor?: string; has_more?: number; msg_list?: unknown[] };

/**
 * Pulls kf messages after each callback: `kf/sync_msg` from the stored cursor, page after page
 * while has_more, each page handled before its next_cursor is stored. Every msgid is marked in the
 * store once handled, and the engine applies each msgid once, so a restart or a second process that
 * fetches the same page answers nothing twice.
 * A customer's messages are handled in order; different customers' in parallel.
 */
export function createKfSync(d: KfSyncDeps) {
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const customers = createKeyedQueue();
  const running = new Map<string, Promise<void>>();
  const owner = randomUUID();
  let stopped = false;

  async function handleOnce(m: KfMessage): Promise<void> {
    // Marked once handled, not before: a process killed mid-message leaves it unmarked, and the page
    // (its cursor not yet stored) is fetched and the message handled again; the engine's delivery key
    // makes that second handling a duplicate for the patient.
    if ((await d.store.get(`seen:${m.msgid}`)) !== null) return;
    try {
      await d.handle(m);
      await d.store.claim(`seen:${m.msgid}`, SEEN_TTL_MS);
    } catch (e) {
      // Not retried: the cursor has moved on, and a half-handled turn must not be answered twice.
      d.logger.error({ ...log, code: 'CSB_WECOM_MESSAGE_FAILED', kind: m.kind, err: e instanceof Error ? e.name : typeof e }, 'kf message failed');
    }
  }

  async function handlePage(list: readonly unknown[]): Promise<void> {
    const batches = new Map<string, KfMessage[]>();
    for (const raw of list) {
      const m = readKfMessage(raw);
      if (m.kind === 'ignore') continue;
      const key = `${m.kfid}|${m.customer}`;
      batches.set(key, [...(batches.get(key) ?? []), m]);
    }
    await Promise.all([...batches].map(([key, ms]) => customers.run(key, async () => {
      for (const m of ms) await handleOnce(m);
    })));
  }

  /** Pages until has_more is 0. False: sync_msg failed and should be tried again. */
  async function pull(kfid: string): Promise<boolean> {
    for (let more = true; more && !stopped; ) {
      const cursor = await d.store.get(`cursor:${kfid}`);
      const token = await d.store.get(`sync-token:${kfid}`);
      const body = { limit: 1000, open_kfid: kfid, ...(cursor ? { cursor } : {}) };
      let r = await d.client.call<SyncPage>('kf/sync_msg', token ? { ...body, token } : body);
      if (!r.ok && token) {
        // The Token may have lapsed; without it sync_msg still works, under a stricter rate limit.
        await d.store.deleteIf(`sync-token:${kfid}`, token);
        r = await d.client.call<SyncPage>('kf/sync_msg', body);
      }
      if (!r.ok) {
        d.logger.error({ ...log, code: 'CSB_WECOM_SYNC', errcode: r.errcode }, 'kf/sync_msg failed');
        return false;
      }
      await handlePage(r.value.msg_list ?? []);
      if (r.value.next_cursor) await d.store.set(`cursor:${kfid}`, r.value.next_cursor, CURSOR_TTL_MS);
      await d.store.set(`sync-lock:${kfid}`, owner, LOCK_TTL_MS);
      more = r.value.has_more === 1;
    }
    return true;
  }

  /**
   * Syncs while callbacks keep marking the account dirty. A process that finds the lock taken
   * leaves the mark for the holder, which looks again after releasing, so no callback is lost.
   */
  async function run(kfid: string): Promise<void> {
    await d.store.set(`sync-dirty:${kfid}`, '1', LOCK_TTL_MS);
    do {
      if (!(await d.store.claim(`sync-lock:${kfid}`, LOCK_TTL_MS, owner))) return;
      try {
        let failures = 0;
        while (!stopped && (await d.store.get(`sync-dirty:${kfid}`))) {
          await d.store.del(`sync-dirty:${kfid}`);
          if (await pull(kfid)) failures = 0;
          else if (failures < RETRY_MS.length) {
            await d.store.set(`sync-dirty:${kfid}`, '1', LOCK_TTL_MS);
            await sleep(RETRY_MS[failures++]!);
          }
        }
      } finally {
        await d.store.deleteIf(`sync-lock:${kfid}`, owner);
      }
    } while (!stopped && (await d.store.get(`sync-dirty:${kfid}`)));
  }

  return {
    /** A callback said the account has news; `token` is the callback's Token for sync_msg. */
    trigger(kfid: string, token?: string): Promise<void> {
      const go = async (): Promise<void> => {
        if (token) await d.store.set(`sync-token:${kfid}`, token, TOKEN_TTL_MS);
        await d.store.set(`sync-dirty:${kfid}`, '1', LOCK_TTL_MS);
        // A running loop may already have made its last check of the mark: wait for it to end, then
        // sync again unless another trigger already did. (Returning the running loop lost messages
        // that arrived in the instant between its last check and its end.)
        const current = running.get(kfid);
        if (current) await current;
        const again = running.get(kfid);
        if (again) return again;
        const p = run(kfid).finally(() => running.delete(kfid));
        running.set(kfid, p);
        return p;
      };
      return go().catch((e: unknown) => d.logger.error({ ...log, code: 'CSB_WECOM_SYNC', err: e instanceof Error ? e.name : typeof e }, 'sync failed'));
    },
    /** Resolves when no sync is running in this process. */
    async idle(): Promise<void> {
      while (running.size) await Promise.all([...running.values()]);
    },
    stop(): void {
      stopped = true;
    },
  };
}

export type KfSync = ReturnType<typeof createKfSync>;

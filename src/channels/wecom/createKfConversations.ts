import type { WecomStore } from './createWecomStore.js';

/** What the channel remembers about one customer of one kf account; ids and numbers only. */
export interface KfConversation {
  /** WeCom's service_state as last seen: 0 new, 1 bot, 2 pool, 3 servicer, 4 ended; null unknown. */
  readonly state: number | null;
  /** The ticket whose handoff moved the session to a human; null when the bot never handed off. */
  readonly ticket: number | null;
  /** Where the customer came from: the link's scene and scene_param. */
  readonly scene: string | null;
  readonly sceneParam: string | null;
}

/** Kept as long as tickets are; a session WeCom still knows about is never older than that. */
const TTL_MS = 30 * 86_400_000;
const fresh: KfConversation = { state: null, ticket: null, scene: null, sceneParam: null };
const key = (kfid: string, customer: string) => `conv:${kfid}:${customer}`;

export function createKfConversations(store: WecomStore) {
  return {
    async get(kfid: string, customer: string): Promise<KfConversation> {
      const raw = await store.get(key(kfid, customer));
      if (!raw) return fresh;
      try {
        return { ...fresh, ...(JSON.parse(raw) as Partial<KfConversation>) };
      } catch {
        return fresh; // unreadable: start over rather than fail the customer's message
      }
    },
    save: (kfid: string, customer: string, c: KfConversation) => store.set(key(kfid, customer), JSON.stringify(c), TTL_MS),
  };
}

export type KfConversations = ReturnType<typeof createKfConversations>;

import type { Redis } from 'ioredis';

/** Which ticket a message in a desk chat belongs to, so a consultant can answer by replying to it. */
export interface DeskLinks {
  link(ref: string, ticket: number): Promise<void>;
  find(ref: string): Promise<number | null>;
}

const key = (ref: string) => `csb:desk:${ref}`;

export function createRedisDeskLinks(redis: Redis, ttlMs: number): DeskLinks {
  return {
    async link(ref, ticket) {
      await redis.set(key(ref), String(ticket), 'PX', ttlMs);
    },
    async find(ref) {
      const v = await redis.get(key(ref));
      return v === null ? null : Number(v);
    },
  };
}

export function createMemoryDeskLinks(): DeskLinks {
  const links = new Map<string, number>();
  return {
    link: async (ref, ticket) => void links.set(ref, ticket),
    find: async (ref) => links.get(ref) ?? null,
  };
}

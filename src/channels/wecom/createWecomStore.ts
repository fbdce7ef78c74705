/** What a message budget said: send, the 5 are spent, or the 48-hour window is closed. */
export type BudgetVerdict = 'ok' | 'spent' | 'closed';

/**
 * Port: the little shared state the WeCom channel keeps (cursors, seen msgids, the token, budgets,
 * conversation records). Every key expires. Redis-backed, it is shared by all bot processes.
 */
export interface WecomStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
  /** True for the one caller that created the key (holding `value`, "1" by default). */
  claim(key: string, ttlMs: number, value?: string): Promise<boolean>;
  /** Deletes the key only while it still holds `value` (a token another process already replaced survives). */
  deleteIf(key: string, value: string): Promise<void>;
  /** Starts a fresh budget of sends that lives for `ttlMs`. */
  openBudget(key: string, ttlMs: number): Promise<void>;
  /** Takes one send from the budget, atomically across processes. */
  takeBudget(key: string, limit: number): Promise<BudgetVerdict>;
}

/** The one ioredis method used, typed structurally: only session/ may import ioredis. */
export interface RedisCaller {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

const TAKE = `local n = redis.call('GET', KEYS[1])
if not n then return -1 end
if tonumber(n) >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
return 1`;
const DELETE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const verdict = (n: unknown): BudgetVerdict => (n === 1 ? 'ok' : n === 0 ? 'spent' : 'closed');

export function createRedisWecomStore(redis: RedisCaller, prefix = 'csb:wecom:'): WecomStore {
  const k = (key: string) => prefix + key;
  return {
    get: async (key) => (await redis.call('GET', k(key))) as string | null,
    set: async (key, value, ttlMs) => void (await redis.call('SET', k(key), value, 'PX', Math.max(1, Math.round(ttlMs)))),
    del: async (key) => void (await redis.call('DEL', k(key))),
    claim: async (key, ttlMs, value = '1') => (await redis.call('SET', k(key), value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK',
    deleteIf: async (key, value) => void (await redis.call('EVAL', DELETE_IF, 1, k(key), value)),
    openBudget: async (key, ttlMs) => void (await redis.call('SET', k(key), '0', 'PX', Math.max(1, Math.round(ttlMs)))),
    takeBudget: async (key, limit) => verdict(await redis.call('EVAL', TAKE, 1, k(key), limit)),
  };
}

/** The in-memory twin, for a bot without Redis and for unit tests. */
export function createMemoryWecomStore(now: () => number = Date.now): WecomStore {
  const data = new Map<string, { value: string; until: number }>();
  const read = (key: string) => {
    const e = data.get(key);
    if (e && e.until <= now()) data.delete(key);
    return data.get(key)?.value ?? null;
  };
  const write = (key: string, value: string, ttlMs: number) => void data.set(key, { value, until: now() + ttlMs });
  return {
    get: async (key) => read(key),
    set: async (key, value, ttlMs) => write(key, value, ttlMs),
    del: async (key) => void data.delete(key),
    claim: async (key, ttlMs, value = '1') => {
      if (read(key) !== null) return false;
      write(key, value, ttlMs);
      return true;
    },
    deleteIf: async (key, value) => {
      if (read(key) === value) data.delete(key);
    },
    openBudget: async (key, ttlMs) => write(key, '0', ttlMs),
    takeBudget: async (key, limit) => {
      const n = read(key);
      if (n === null) return 'closed';
      if (Number(n) >= limit) return 'spent';
      data.get(key)!.value = String(Number(n) + 1);
      return 'ok';
    },
  };
}

import { Redis } from 'ioredis';

/** Where Redis Sentinel is: the sentinels, and the name of the master group they watch. */
export interface SentinelOptions {
  readonly sentinels: readonly { readonly host: string; readonly port: number }[];
  readonly name: string;
}

/** Milliseconds a command may wait for its answer unless the URL says `?commandTimeout=`. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1500;

/**
 * The URL without `commandTimeout`, and that timeout as a number. ioredis would take the query
 * value as a string, which its `typeof === 'number'` check ignores: the timeout would vanish.
 */
export function splitCommandTimeout(url: string): { url: string; commandTimeoutMs: number } {
  if (!/[?&]commandTimeout=/.test(url)) return { url, commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS };
  const u = new URL(url);
  const raw = u.searchParams.get('commandTimeout') ?? '';
  u.searchParams.delete('commandTimeout');
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`REDIS_URL commandTimeout must be a positive number of milliseconds, not "${raw}"`);
  return { url: u.href, commandTimeoutMs: ms };
}

/**
 * ioredis tuned so a user hears back within seconds while Redis is down: no offline queue
 * (commands fail at once instead of waiting), one retry per command, a command timeout
 * (`?commandTimeout=` on the URL overrides it, e.g. for a machine that is slow on purpose), and
 * endless reconnects in the background so service resumes without a restart. With Sentinel,
 * ioredis asks the sentinels for the current master and follows it after a failover; the URL
 * still supplies the password, user, database and TLS.
 */
export function connectRedis(redisUrl: string, sentinel?: SentinelOptions): Redis {
  const { url, commandTimeoutMs } = splitCommandTimeout(redisUrl);
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: true,
    // Commands issued in the same event-loop turn go out in one socket write: one write per
    // command was a quarter of the CPU per message (docs/PERFORMANCE.md).
    enableAutoPipelining: true,
    ...(sentinel
      ? {
          sentinels: sentinel.sentinels.map((s) => ({ ...s })),
          name: sentinel.name,
          role: 'master' as const,
          sentinelRetryStrategy: (times: number) => Math.min(100 * times, 2000),
          // A demoted master answers writes with READONLY: reconnect, and ioredis finds the new one.
          reconnectOnError: (e: Error) => e.message.startsWith('READONLY'),
        }
      : {}),
  });
}

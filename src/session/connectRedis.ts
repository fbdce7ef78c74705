import { Redis } from 'ioredis';

/** Where Redis Sentinel is: the sentinels, and the name of the master group they watch. */
export interface SentinelOptions {
  readonly sentinels: readonly { readonly host: string; readonly port: number }[];
  readonly name: string;
}

/**
 * ioredis tuned so a user hears back within seconds while Redis is down: no offline queue
 * (commands fail at once instead of waiting), one retry per command, a command timeout, and
 * endless reconnects in the background so service resumes without a restart. With Sentinel,
 * ioredis asks the sentinels for the current master and follows it after a failover; the URL
 * still supplies the password, user, database and TLS.
 */
export function connectRedis(url: string, sentinel?: SentinelOptions): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
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

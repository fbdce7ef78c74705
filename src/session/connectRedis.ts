import { Redis } from 'ioredis';

/**
 * ioredis tuned so a user hears back within seconds while Redis is down: no offline queue
 * (commands fail at once instead of waiting), one retry per command, a command timeout, and
 * endless reconnects in the background so service resumes without a restart.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1500,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: true,
  });
}

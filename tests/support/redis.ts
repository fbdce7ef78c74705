import { Redis } from 'ioredis';

/** The test command always provides a real Redis (scripts/with-redis.mjs); tests never skip it. */
export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts a throwaway redis-server');
  return url;
}

/** A client on its own logical database per test file (0–63; see scripts/with-redis.mjs), flushed, so files can run in parallel. */
export async function testRedis(db: number): Promise<Redis> {
  const redis = new Redis(redisUrl(), { db, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  return redis;
}

export const dbUrl = (db: number) => `${redisUrl().replace(/\/\d*$/, '')}/${db}`;

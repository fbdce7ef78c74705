import { spawnSync } from 'node:child_process';
import { pairsPerSecond, parseRedisBenchmark } from './parseRedisBenchmark.js';

export interface RedisLimit {
  readonly get_rps: number;
  readonly set_rps: number;
  readonly pairs_per_s: number;
}

/** `redis-benchmark -q -t get,set -c <clients>` (50 is its default) against the Redis the bot used (loopback, bounded request count). */
export function runRedisBenchmark(redisUrl: string, requests = 100_000, clients = 50): RedisLimit {
  const url = new URL(redisUrl);
  const args = ['-h', url.hostname || '127.0.0.1', '-p', url.port || '6379', '-q', '-t', 'get,set', '-n', String(requests), '-c', String(clients)];
  const db = url.pathname.replace('/', '');
  if (db) args.push('--dbnum', db);
  if (url.password) args.push('-a', decodeURIComponent(url.password));
  const bin = process.env.REDIS_BENCHMARK ?? 'redis-benchmark';
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) throw new Error(`redis-benchmark failed: ${r.error?.message ?? r.stderr}`);
  const rps = parseRedisBenchmark(r.stdout);
  if (!rps.get || !rps.set) throw new Error(`redis-benchmark printed no GET/SET figures: ${r.stdout.slice(0, 200)}`);
  return { get_rps: rps.get, set_rps: rps.set, pairs_per_s: pairsPerSecond(rps.get, rps.set) };
}

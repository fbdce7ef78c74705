import { describe, expect, it } from 'vitest';
import { commandDelta, parseCommandStats } from '../../../src/cli/bench/parseCommandStats.js';
import { pairsPerSecond, parseRedisBenchmark } from '../../../src/cli/bench/parseRedisBenchmark.js';

describe('parseCommandStats', () => {
  const info = (get: number, infoCalls: number) => `# Commandstats\r\ncmdstat_get:calls=${get},usec=5,usec_per_call=0.5,rejected_calls=0,failed_calls=0\r\ncmdstat_info:calls=${infoCalls},usec=9\r\n`;

  it('reads calls per command', () => {
    expect(parseCommandStats(info(10, 1))).toEqual({ get: 10, info: 1 });
  });

  it('counts calls between snapshots without the INFO that took the first one', () => {
    expect(commandDelta(parseCommandStats(info(10, 1)), parseCommandStats(info(25, 2)))).toEqual({ get: 15 });
  });

  it('reads nothing from text that is not commandstats', () => {
    expect(parseCommandStats('ERR unknown')).toEqual({});
  });
});

describe('parseRedisBenchmark', () => {
  it('reads the final figure of each test after the progress updates', () => {
    const out = 'SET: rps=12000.0 (overall: 11000.0) avg_msec=0.3\rSET: 80000.00 requests per second, p50=0.263 msec\nGET: rps=1.0\rGET: 90000.00 requests per second, p50=0.2 msec\n';
    expect(parseRedisBenchmark(out)).toEqual({ set: 80000, get: 90000 });
  });

  it('finds nothing in an error message', () => {
    expect(parseRedisBenchmark('Could not connect to Redis at 127.0.0.1:1: Connection refused')).toEqual({});
  });

  it('combines GET and SET rates into GET+SET pairs per second', () => {
    expect(pairsPerSecond(100_000, 100_000)).toBeCloseTo(50_000, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';

describe('loadConfig', () => {
  it('defaults to an in-memory try-out with a 30-minute session', () => {
    const c = loadConfig({});
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.SESSION_TTL_MINUTES).toBe(30);
    expect(c.LOG_LEVEL).toBeUndefined(); // main picks info, or warn in an interactive terminal
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ REDIS_URL: '', SESSION_TTL_MINUTES: '' }).SESSION_TTL_MINUTES).toBe(30);
  });

  it('requires a secret with Redis, so user hashes survive restarts', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/BOT_SECRET is required with REDIS_URL/);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', BOT_SECRET: 'x'.repeat(16) }).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x', SESSION_TTL_MINUTES: '-1', LOG_LEVEL: 'loud' })).toThrow(/REDIS_URL[\s\S]*SESSION_TTL_MINUTES[\s\S]*LOG_LEVEL/);
  });

  it('reads Redis Sentinel as host:port pairs and requires the master name with it', () => {
    const base = { REDIS_URL: 'redis://:pw@ignored:6379/2', BOT_SECRET: 'x'.repeat(16) };
    const c = loadConfig({ ...base, REDIS_SENTINELS: 's1.local:26379, 10.0.0.2:26380', REDIS_SENTINEL_NAME: 'csb' });
    expect(c.REDIS_SENTINELS).toEqual([{ host: 's1.local', port: 26379 }, { host: '10.0.0.2', port: 26380 }]);
    expect(c.REDIS_SENTINEL_NAME).toBe('csb');
    expect(() => loadConfig({ ...base, REDIS_SENTINELS: 's1:26379' })).toThrow(/REDIS_SENTINELS needs REDIS_SENTINEL_NAME/);
    expect(() => loadConfig({ ...base, REDIS_SENTINELS: 's1', REDIS_SENTINEL_NAME: 'csb' })).toThrow(/host:26379/);
  });

  it('limits inbound messages to 15 per 10 seconds unless configured', () => {
    expect(loadConfig({})).toMatchObject({ FLOOD_MAX_MESSAGES: 15, FLOOD_WINDOW_SECONDS: 10 });
    expect(loadConfig({ FLOOD_MAX_MESSAGES: '5', FLOOD_WINDOW_SECONDS: '2' })).toMatchObject({ FLOOD_MAX_MESSAGES: 5, FLOOD_WINDOW_SECONDS: 2 });
  });
});

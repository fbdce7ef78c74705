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
});

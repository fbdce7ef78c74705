import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/session/connectRedis.js';

describe('connectRedis', () => {
  it('fails commands fast instead of queueing them while Redis is away', () => {
    const r = connectRedis('redis://127.0.0.1:1/3');
    expect(r.options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1500, lazyConnect: true, db: 3 });
    expect(r.options.sentinels ?? null).toBeNull();
    r.disconnect();
  });

  it('takes a command timeout from the URL as a number, and refuses one that is not', () => {
    const r = connectRedis('redis://:p%40ss@127.0.0.1:1/3?commandTimeout=60000');
    expect(r.options).toMatchObject({ commandTimeout: 60000, password: 'p@ss', db: 3 });
    r.disconnect();
    expect(() => connectRedis('redis://127.0.0.1:1/3?commandTimeout=soon')).toThrow(/commandTimeout must be a positive number/);
  });

  it('asks the sentinels for the master, keeping password and database from the URL', () => {
    const r = connectRedis('redis://:secret@unused:6379/4', { sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }], name: 'csb' });
    expect(r.options).toMatchObject({ name: 'csb', role: 'master', password: 'secret', db: 4, sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }] });
    expect(r.options.reconnectOnError?.(new Error('READONLY You can\'t write against a read only replica.'))).toBe(true);
    expect(r.options.reconnectOnError?.(new Error('WRONGTYPE'))).toBe(false);
    r.disconnect();
  });
});

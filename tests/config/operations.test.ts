import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { loadDotEnv } from '../../src/config/loadDotEnv.js';
import { redactSecrets } from '../../src/config/redactSecrets.js';
import { createReadiness } from '../../src/http/createReadiness.js';

describe('.env', () => {
  it('fills what the environment lacks and never overrides what it has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csb-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=9000\nADMIN_TOKEN="from-the-file-0123"\n# comment\nLOG_LEVEL=debug\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };
    expect(loadDotEnv(env, join(dir, '.env'))).toBe(join(dir, '.env'));
    expect(env).toEqual({ LOG_LEVEL: 'warn', PORT: '9000', ADMIN_TOKEN: 'from-the-file-0123' });
    expect(loadDotEnv({}, join(dir, 'missing.env'))).toBeNull();
  });

  it('serves HTTP only when PORT is given', () => {
    expect(loadConfig({}).serveHttp).toBe(false);
    expect(loadConfig({ PORT: '8081' }).serveHttp).toBe(true);
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN must be at least 16/);
  });
});

describe('redactSecrets', () => {
  it('hides tokens, Bot API URLs and URL passwords in error text', () => {
    const env = { TELEGRAM_BOT_TOKEN: '123456:ABCdefSECRET', ADMIN_TOKEN: 'admin-token-0123456789', PORT: '8080' };
    const msg = 'request to http://x/bot123456:ABCdefSECRET/getMe failed; admin-token-0123456789; redis://:hunter22@r:6379; http://x/bot999:[REDACTED]/y';
    const out = redactSecrets(msg, env);
    expect(out).not.toMatch(/ABCdefSECRET|admin-token|hunter22|999/);
    expect(out).toContain('8080'.length ? 'failed' : '');
  });
});

describe('readiness', () => {
  it('is ready only when every mark holds and every probe answers, and says why not', async () => {
    const r = createReadiness();
    r.mark('content', 'loading');
    r.probe('store', () => Promise.reject(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })));
    expect(await r.check()).toEqual({ ready: false, reasons: ['content: loading', 'store: ECONNREFUSED'] });
    r.mark('content', true);
    r.probe('store', () => Promise.resolve());
    expect(await r.check()).toEqual({ ready: true, reasons: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { newSession } from '../../src/core/session.js';
import { decodeSession, encodeSession, sessionSchemaV1 } from '../../src/session/sessionCodec.js';

describe('session codec', () => {
  it('round-trips a session', () => {
    const s = { ...newSession('en'), state: { name: 'checklist' as const, step: 2, answers: ['no' as const, 'yes' as const], reasks: 1 } };
    expect(decodeSession(encodeSession(s))).toEqual({ ok: true, value: s });
  });

  it.each([
    ['not JSON', '{oops', 'not-json'],
    ['an unknown version', JSON.stringify({ ...newSession(), v: 99 }), 'unknown-version'],
    ['a value of the wrong shape', JSON.stringify({ ...newSession(), lang: 'fr' }), 'invalid'],
    ['an extra field', JSON.stringify({ ...newSession(), evil: true }), 'invalid'],
    ['null', 'null', 'unknown-version'],
  ])('reports %s instead of throwing', (_name, raw, error) => {
    expect(decodeSession(raw)).toEqual({ ok: false, error });
  });

  it('keeps a fresh session small', () => {
    expect(sessionSchemaV1.safeParse(newSession()).success).toBe(true);
    expect(encodeSession(newSession()).length).toBeLessThan(300);
  });
});

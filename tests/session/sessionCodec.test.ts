import { describe, expect, it } from 'vitest';
import { newSession } from '../../src/core/session.js';
import { decodeSession, encodeSession, sessionSchema } from '../../src/session/sessionCodec.js';

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

  it('migrates a version 1 session, keeping an open request as waiting', () => {
    const { recent: _, paused: __, ...withoutV2Fields } = newSession();
    const v1 = { ...withoutV2Fields, v: 1, handoff: { openedAt: 5, reason: 'asked' } };
    const r = decodeSession(JSON.stringify(v1));
    expect(r).toMatchObject({ ok: true, value: { v: 3, handoff: { openedAt: 5, reason: 'asked', status: 'waiting' }, paused: null } });
  });

  it('migrates a version 2 session: nothing was paused then', () => {
    const { paused: _, ...v2Fields } = newSession();
    const v2 = { ...v2Fields, v: 2, state: { name: 'rating' }, handoff: { openedAt: 5, reason: 'asked', status: 'active' } };
    expect(decodeSession(JSON.stringify(v2))).toMatchObject({ ok: true, value: { v: 3, state: { name: 'rating' }, paused: null, handoff: { status: 'active' } } });
  });

  it('round-trips the after-emergency state and a paused self-check', () => {
    const s = { ...newSession(), state: { name: 'afterEmergency' as const, family: 'self_harm' as const }, paused: { step: 2, answers: ['no' as const, 'unsure' as const] } };
    expect(decodeSession(encodeSession(s))).toEqual({ ok: true, value: s });
    expect(decodeSession(JSON.stringify({ ...s, state: { name: 'afterEmergency', family: 'boredom' } }))).toEqual({ ok: false, error: 'invalid' });
  });

  it('keeps a fresh session small', () => {
    expect(sessionSchema.safeParse(newSession()).success).toBe(true);
    expect(encodeSession(newSession()).length).toBeLessThan(300);
  });
});

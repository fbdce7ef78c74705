import { z } from 'zod';
import { redFlagFamilies } from '../core/reader.js';
import { SESSION_VERSION, type Session } from '../core/session.js';
import { err, ok, type Result } from '../core/result.js';

const lang = z.enum(['zh', 'en']);
const answer = z.enum(['yes', 'no', 'unsure']);
const reason = z.enum(['asked', 'fallback', 'checklist', 'emergency']);
const checklist = z.strictObject({
  name: z.literal('checklist'),
  step: z.number().int().min(0).max(100),
  answers: z.array(answer).max(100),
  reasks: z.number().int().min(0).max(100),
});
const common = {
  lang,
  traditional: z.boolean(),
  langLocked: z.boolean(),
  choices: z.array(z.string().max(64)).max(40),
  turn: z.number().int().min(0),
  consent: z.boolean(),
  screening: z.strictObject({ flowId: z.string(), answers: z.array(answer).max(100) }).nullable(),
  messages: z.number().int().min(0),
};

/** Version 1: no handoff lifecycle (a request was only remembered) and no rating state. */
const sessionSchemaV1 = z.strictObject({
  ...common,
  v: z.literal(1),
  state: z.discriminatedUnion('name', [z.strictObject({ name: z.literal('idle') }), z.strictObject({ name: z.literal('consent') }), checklist]),
  handoff: z.strictObject({ openedAt: z.number(), reason }).nullable(),
});

const handoff = z.strictObject({ openedAt: z.number(), reason, status: z.enum(['waiting', 'active']) }).nullable();
const recent = z.array(z.strictObject({ from: z.enum(['patient', 'bot']), text: z.string().max(300), at: z.number() })).max(20);
const idle = z.strictObject({ name: z.literal('idle') });
const consent = z.strictObject({ name: z.literal('consent') });
const rating = z.strictObject({ name: z.literal('rating') });

/** Version 2: handoff lifecycle and rating; no after-emergency state, no paused self-check. */
const sessionSchemaV2 = z.strictObject({
  ...common,
  v: z.literal(2),
  state: z.discriminatedUnion('name', [idle, consent, checklist, rating]),
  handoff,
  recent,
});

/** Added to version 3 without a bump: an older process reads it as invalid and starts afresh, losing only a half-filled request. */
const callback = z.strictObject({
  name: z.literal('callback'),
  step: z.enum(['consent', 'phone', 'time']),
  reason: z.enum(['nodesk', 'offduty', 'timeout']),
  phone: z.string().max(20).nullable(),
});

/** Version 3, the current one. */
export const sessionSchema = z.strictObject({
  ...common,
  v: z.literal(SESSION_VERSION),
  state: z.discriminatedUnion('name', [idle, consent, checklist, rating, z.strictObject({ name: z.literal('afterEmergency'), family: z.enum(redFlagFamilies) }), callback]),
  handoff,
  paused: z.strictObject({ step: z.number().int().min(0).max(100), answers: z.array(answer).max(100) }).nullable(),
  recent,
}) satisfies z.ZodType<Session>;

export type DecodeFailure = 'not-json' | 'unknown-version' | 'invalid';

export function encodeSession(s: Session): string {
  return JSON.stringify(s);
}

/** A v1 handoff was a request nobody had taken yet: it is waiting. */
const migrateV1 = (s: z.output<typeof sessionSchemaV1>): Session => ({ ...s, v: SESSION_VERSION, handoff: s.handoff ? { ...s.handoff, status: 'waiting' } : null, recent: [], paused: null });
/** Nothing was paused in v2: leaving the self-check dropped it. */
const migrateV2 = (s: z.output<typeof sessionSchemaV2>): Session => ({ ...s, v: SESSION_VERSION, paused: null });

/** Never throws: old versions are migrated; a corrupt or unknown value is reported so the runner starts afresh. */
export function decodeSession(raw: string): Result<Session, DecodeFailure> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return err('not-json');
  }
  const v = typeof data === 'object' && data !== null ? (data as { v?: unknown }).v : undefined;
  if (v === 1) {
    const old = sessionSchemaV1.safeParse(data);
    return old.success ? ok(migrateV1(old.data)) : err('invalid');
  }
  if (v === 2) {
    const old = sessionSchemaV2.safeParse(data);
    return old.success ? ok(migrateV2(old.data)) : err('invalid');
  }
  if (v !== SESSION_VERSION) return err('unknown-version');
  const parsed = sessionSchema.safeParse(data);
  return parsed.success ? ok(parsed.data) : err('invalid');
}

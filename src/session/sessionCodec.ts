import { z } from 'zod';
import { SESSION_VERSION, type Session } from '../core/session.js';
import { err, ok, type Result } from '../core/result.js';

const lang = z.enum(['zh', 'en']);
const answer = z.enum(['yes', 'no', 'unsure']);

/** Version 1 of the stored session. A future v2 adds a schema and a migration from this one. */
export const sessionSchemaV1 = z.strictObject({
  v: z.literal(SESSION_VERSION),
  lang,
  traditional: z.boolean(),
  langLocked: z.boolean(),
  state: z.discriminatedUnion('name', [
    z.strictObject({ name: z.literal('idle') }),
    z.strictObject({ name: z.literal('consent') }),
    z.strictObject({
      name: z.literal('checklist'),
      step: z.number().int().min(0).max(100),
      answers: z.array(answer).max(100),
      reasks: z.number().int().min(0).max(100),
    }),
  ]),
  choices: z.array(z.string().max(64)).max(40),
  turn: z.number().int().min(0),
  consent: z.boolean(),
  screening: z.strictObject({ flowId: z.string(), answers: z.array(answer).max(100) }).nullable(),
  handoff: z.strictObject({ openedAt: z.number(), reason: z.enum(['asked', 'fallback', 'checklist', 'emergency']) }).nullable(),
  messages: z.number().int().min(0),
}) satisfies z.ZodType<Session>;

export type DecodeFailure = 'not-json' | 'unknown-version' | 'invalid';

export function encodeSession(s: Session): string {
  return JSON.stringify(s);
}

/** Never throws: a corrupt or unknown value is reported so the runner can start afresh. */
export function decodeSession(raw: string): Result<Session, DecodeFailure> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return err('not-json');
  }
  if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== SESSION_VERSION) return err('unknown-version');
  const parsed = sessionSchemaV1.safeParse(data);
  return parsed.success ? ok(parsed.data) : err('invalid');
}

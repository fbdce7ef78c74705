import { z } from 'zod';
import type { UserRef } from '../core/inbound.js';
import type { TranscriptLine } from '../core/ports.js';
import type { Effect, Reply } from '../core/reply.js';
import { err, ok, type Result } from '../core/result.js';

/** What a saved turn still owes: the effects to perform and the replies to send, and to whom. */
export interface OwedTurnBody {
  readonly ref: UserRef;
  readonly effects: readonly Effect[];
  readonly replies: readonly Reply[];
  readonly urgent: boolean;
  /** The conversation as it stood, for a ticket's or an alert's transcript. */
  readonly transcript: readonly TranscriptLine[];
}

const schema = z.strictObject({
  v: z.literal(1),
  ref: z.strictObject({ channel: z.string().min(1), userId: z.string().min(1), displayName: z.string().optional() }),
  // Effects were written by this code from the engine's own values; their shape is the engine's.
  effects: z.array(z.looseObject({ type: z.string() })).max(20),
  replies: z.array(z.looseObject({ text: z.string() })).max(50),
  urgent: z.boolean(),
  transcript: z.array(z.strictObject({ from: z.enum(['patient', 'consultant', 'bot']), text: z.string(), at: z.number() })).max(100),
});

export const encodeOwedTurn = (t: OwedTurnBody): string => JSON.stringify({ v: 1, ...t });

/** Read back from Redis, which another version of the bot may have written. */
export function decodeOwedTurn(raw: string): Result<OwedTurnBody, string> {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    if (!parsed.success) return err('invalid owed turn');
    const { v: _v, ...body } = parsed.data;
    return ok(body as unknown as OwedTurnBody);
  } catch {
    return err('unreadable owed turn');
  }
}

import { z } from 'zod';

/** Telegram caps callback_data at 64 bytes; ours is "<turn>|<choice id>". */
const MAX_BYTES = 64;
const callbackSchema = z
  .string()
  .refine((s) => Buffer.byteLength(s) <= MAX_BYTES)
  .regex(/^\d{1,9}\|[a-z0-9][a-z0-9:._-]{0,50}$/)
  .transform((s) => {
    const at = s.indexOf('|');
    return { turn: Number(s.slice(0, at)), id: s.slice(at + 1) };
  });

export function encodeCallbackData(turn: number, id: string): string {
  const data = `${turn}|${id}`;
  if (Buffer.byteLength(data) > MAX_BYTES) throw new Error(`callback data over ${MAX_BYTES} bytes: choice id "${id}"`);
  return data;
}

/** Forged or malformed data is not an error: it becomes null, which the engine treats as a stale button. */
export function decodeCallbackData(data: unknown): { turn: number; id: string } | null {
  const r = callbackSchema.safeParse(data);
  return r.success ? r.data : null;
}

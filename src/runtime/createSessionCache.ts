import type { Session } from '../core/session.js';

/**
 * The session this process last saved for each key, as the string written and the object it was
 * encoded from. A load that finds that same string in the store (the usual case: this process
 * handled the user's previous message) reuses the object instead of JSON.parse and the zod schema.
 * It is a memo of decoding that exact string, so a stale entry can never be used for other data.
 * Relies on the engine never mutating a session it is given (transition is pure).
 */
export function createSessionCache(max = 5_000) {
  const entries = new Map<string, { readonly data: string; readonly session: Session }>();
  return {
    get(key: string, data: string): Session | undefined {
      const hit = entries.get(key);
      return hit && hit.data === data ? hit.session : undefined;
    },
    set(key: string, data: string, session: Session): void {
      // Re-inserted so the Map's order is least recently saved first.
      entries.delete(key);
      entries.set(key, { data, session });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    delete(key: string): void {
      entries.delete(key);
    },
    get size(): number {
      return entries.size;
    },
  };
}

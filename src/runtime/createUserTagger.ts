import { createHmac } from 'node:crypto';
import type { UserRef } from '../core/inbound.js';

/** Tags remembered per process: an HMAC per message was a few µs of every message's CPU. */
const REMEMBERED = 10_000;

/**
 * A keyed hash of channel and user id. Redis keys and logs use it instead of the raw id, and
 * without the secret it cannot be reversed by trying every numeric Telegram id.
 */
export function createUserTagger(secret: string): (user: UserRef) => string {
  const tags = new Map<string, string>();
  return (user) => {
    const id = `${user.channel}\u0000${user.userId}`;
    let tag = tags.get(id);
    if (tag === undefined) {
      tag = createHmac('sha256', secret).update(id).digest('base64url').slice(0, 22);
      // Forgetting all at once is enough: the cost is one HMAC per active user afterwards.
      if (tags.size >= REMEMBERED) tags.clear();
      tags.set(id, tag);
    }
    return tag;
  };
}

import { createHmac } from 'node:crypto';
import type { UserRef } from '../core/inbound.js';

/**
 * A keyed hash of channel and user id. Redis keys and logs use it instead of the raw id, and
 * without the secret it cannot be reversed by trying every numeric Telegram id.
 */
export function createUserTagger(secret: string): (user: UserRef) => string {
  return (user) => createHmac('sha256', secret).update(`${user.channel}\u0000${user.userId}`).digest('base64url').slice(0, 22);
}

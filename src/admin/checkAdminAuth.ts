import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const ADMIN_COOKIE = 'csb_admin';

/** Constant-time equality of two strings of any length (both are hashed to 32 bytes first). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** The cookie stands for the token without being it: a leaked cookie does not reveal ADMIN_TOKEN. */
export function cookieValue(token: string): string {
  return createHmac('sha256', token).update('csb-admin-cookie-v1').digest('base64url');
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** A request is the operator's when it carries `Authorization: Bearer <ADMIN_TOKEN>` or the login cookie. */
export function isOperator(req: IncomingMessage, token: string): boolean {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return sameSecret(auth.slice(7).trim(), token);
  const c = cookieOf(req, ADMIN_COOKIE);
  return c !== undefined && sameSecret(c, cookieValue(token));
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's form sends it), scoped to /admin. */
export function loginCookie(token: string, secure: boolean): string {
  return `${ADMIN_COOKIE}=${cookieValue(token)}; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=43200${secure ? '; Secure' : ''}`;
}

export const logoutCookie = `${ADMIN_COOKIE}=; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=0`;

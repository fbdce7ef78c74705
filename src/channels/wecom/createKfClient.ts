import type { Logger } from '../../core/ports.js';
import type { WecomStore } from './createWecomStore.js';

export interface KfClientOptions {
  /** https://qyapi.weixin.qq.com, or an emulator in tests. */
  readonly apiRoot: string;
  readonly corpId: string;
  /** The secret of the 自建应用 allowed to call the 微信客服 API. */
  readonly secret: string;
  readonly store: WecomStore;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A WeCom answer: errcode 0 and its body, or the error code (-1: no answer at all). */
export type KfResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errcode: number; readonly errmsg: string };

/** The token is dropped and fetched again only on these: expired, or invalid (revoked, another secret). */
const STALE_TOKEN = new Set([42001, 40014]);
/** Refresh this long before WeCom's own expiry, so a token is never used in its last minutes. */
const EARLY_MS = 300_000;
const LOCK_MS = 5_000;
const REQUEST_MS = 10_000;

/**
 * The kf API over HTTPS with one access_token shared by every process through the store:
 * gettoken is called only when no token is cached, by one process at a time, and a 42001/40014
 * answer drops exactly the token that failed and retries the call once with a fresh one.
 */
export function createKfClient(o: KfClientOptions) {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tokenKey = `token:${o.corpId}`;
  const lockKey = `token-lock:${o.corpId}`;
  let refreshing: Promise<string | null> | null = null;

  async function post<T>(path: string, query: string, body?: object): Promise<KfResult<T>> {
    try {
      const res = await doFetch(`${o.apiRoot.replace(/\/$/, '')}/cgi-bin/${path}?${query}`, {
        method: body ? 'POST' : 'GET',
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(REQUEST_MS),
      });
      const json = (await res.json()) as { errcode?: number; errmsg?: string } & T;
      const code = json.errcode ?? 0;
      return code === 0 ? { ok: true, value: json } : { ok: false, errcode: code, errmsg: json.errmsg ?? '' };
    } catch (e) {
      return { ok: false, errcode: -1, errmsg: e instanceof Error ? e.name : 'error' };
    }
  }

  async function fetchToken(): Promise<string | null> {
    const r = await post<{ access_token: string; expires_in: number }>('gettoken', new URLSearchParams({ corpid: o.corpId, corpsecret: o.secret }).toString());
    if (!r.ok) {
      o.logger.error({ channel: 'wecom', code: 'CSB_WECOM_TOKEN', errcode: r.errcode }, 'could not get a WeCom access_token');
      return null;
    }
    const ttl = Math.max(60_000, r.value.expires_in * 1000 - EARLY_MS);
    await o.store.set(tokenKey, r.value.access_token, ttl);
    return r.value.access_token;
  }

  /** The cached token; otherwise one process fetches it while the others wait for it to appear. */
  async function refresh(): Promise<string | null> {
    for (let waited = 0; waited < LOCK_MS; waited += 50) {
      const cached = await o.store.get(tokenKey);
      if (cached) return cached;
      if (await o.store.claim(lockKey, LOCK_MS)) {
        try {
          return await fetchToken();
        } finally {
          await o.store.del(lockKey);
        }
      }
      await sleep(50);
    }
    return fetchToken();
  }

  async function token(): Promise<string | null> {
    const cached = await o.store.get(tokenKey);
    if (cached) return cached;
    refreshing ??= refresh().finally(() => (refreshing = null));
    return refreshing;
  }

  /** Calls a kf API method (path under /cgi-bin/) with the shared token. */
  async function call<T = Record<string, unknown>>(path: string, body: object): Promise<KfResult<T>> {
    for (let attempt = 0; ; attempt++) {
      const t = await token();
      if (!t) return { ok: false, errcode: -1, errmsg: 'no access_token' };
      const r = await post<T>(path, `access_token=${encodeURIComponent(t)}`, body);
      if (r.ok || !STALE_TOKEN.has(r.errcode) || attempt > 0) return r;
      o.logger.warn({ channel: 'wecom', code: 'CSB_WECOM_TOKEN_STALE', errcode: r.errcode }, 'access_token expired; fetching a new one');
      await o.store.deleteIf(tokenKey, t);
    }
  }

  return { call, token };
}

export type KfClient = ReturnType<typeof createKfClient>;

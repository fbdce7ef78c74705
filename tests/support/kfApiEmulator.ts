import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWxBizMsgCrypt } from '../../src/channels/wecom/createWxBizMsgCrypt.js';

export const KF = { corpId: 'wwtestcorp0001', secret: 'kf-secret', token: 'cbtoken', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', kfid: 'wkTESTKF01' };

/** What the bot sent one customer, in order. */
export interface Sent {
  readonly via: 'send_msg' | 'on_event';
  readonly msgtype: string;
  readonly text?: string;
  readonly menu?: { head: string; items: { id: string; content: string }[] };
}

interface Customer {
  state: number;
  budget: number;
  inbox: Sent[];
  servicer: string | null;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** Which service_state changes WeCom allows by API (the kf docs' table). */
const allowed: Record<number, number[]> = { 0: [1, 2, 3], 1: [2, 3], 2: [3], 3: [3, 4], 4: [] };

/**
 * A loopback emulator of the WeCom kf API with the real callback crypto: gettoken, sync_msg
 * (paged, `pageSize` per page), send_msg, send_msg_on_event, service_state get/trans. It keeps
 * each customer's session state and 5-message budget, and records every misuse (a send in the
 * wrong state or over budget, a reused code, a stale token used again, gettoken while a valid
 * token exists) in `misuse`, so tests assert the list is empty.
 */
export async function startKfApiEmulator(opts: { pageSize?: number } = {}) {
  const crypt = createWxBizMsgCrypt({ token: KF.token, encodingAesKey: KF.aesKey, corpId: KF.corpId });
  const log: Record<string, unknown>[] = [];
  const customers = new Map<string, Customer>();
  const codes = new Map<string, { user: string; used: boolean }>();
  const misuse: string[] = [];
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  const syncCursors: string[] = [];
  let token = '';
  let tokenValid = false;
  const reported = new Set<string>();
  let tokens = 0;
  let seq = 0;
  let callbackUrl = '';
  const pageSize = opts.pageSize ?? 1000;

  const customer = (user: string): Customer => {
    let c = customers.get(user);
    if (!c) customers.set(user, (c = { state: 4, budget: 0, inbox: [], servicer: null }));
    return c;
  };
  const code = (user: string) => {
    const c = `code-${++seq}`;
    codes.set(c, { user, used: false });
    return c;
  };

  function record(user: string, via: Sent['via'], body: Record<string, unknown>): string | null {
    const type = String(body.msgtype);
    if (type === 'text') {
      const content = String((body.text as { content?: unknown })?.content ?? '');
      if (bytes(content) > 2048 || !content) return `text of ${bytes(content)} bytes`;
      customer(user).inbox.push({ via, msgtype: type, text: content });
      return null;
    }
    if (type === 'msgmenu') {
      const m = body.msgmenu as { head_content?: string; list?: { type: string; click?: { id: string; content: string } }[] };
      const items = (m.list ?? []).map((i) => i.click!);
      if (bytes(m.head_content ?? '') > 1024) return 'menu head over 1024 bytes';
      if (items.length > 10 || items.some((i) => !i || bytes(i.id) < 1 || bytes(i.id) > 64 || bytes(i.content) > 128)) return 'bad menu items';
      customer(user).inbox.push({ via, msgtype: type, menu: { head: m.head_content ?? '', items } });
      return null;
    }
    return `unsupported msgtype ${type}`;
  }

  function api(path: string, q: URLSearchParams, body: Record<string, unknown>): Record<string, unknown> {
    if (path === 'gettoken') {
      if (q.get('corpid') !== KF.corpId || q.get('corpsecret') !== KF.secret) return { errcode: 40001, errmsg: 'invalid credential' };
      if (tokenValid) misuse.push('gettoken while a valid token was cached');
      token = `tok-${++tokens}-${randomBytes(4).toString('hex')}`;
      tokenValid = true;
      return { errcode: 0, access_token: token, expires_in: 7200 };
    }
    const used = q.get('access_token') ?? '';
    if (used !== token || !tokenValid) {
      if (reported.has(used)) misuse.push(`stale token used again on ${path}`);
      reported.add(used);
      return { errcode: 42001, errmsg: 'access_token expired' };
    }
    calls.push({ path, body });
    switch (path) {
      case 'kf/sync_msg': {
        const from = Number(body.cursor ?? 0);
        syncCursors.push(String(from));
        const page = log.slice(from).filter((m) => (m.open_kfid ?? (m.event as { open_kfid?: string })?.open_kfid) === body.open_kfid).slice(0, Math.min(Number(body.limit ?? 1000), pageSize));
        const next = from + page.length;
        return { errcode: 0, next_cursor: String(next), has_more: next < log.length ? 1 : 0, msg_list: page };
      }
      case 'kf/send_msg': {
        const c = customer(String(body.touser));
        if (c.state !== 0 && c.state !== 1) return misuse.push(`send_msg in state ${c.state}`), { errcode: 95018, errmsg: 'session state does not allow sending' };
        if (c.budget <= 0) return misuse.push('send_msg over the 5-message budget'), { errcode: 95016, errmsg: 'over limit' };
        const bad = record(String(body.touser), 'send_msg', body);
        if (bad) return misuse.push(bad), { errcode: 40058, errmsg: bad };
        c.budget--;
        return { errcode: 0, msgid: `out-${++seq}` };
      }
      case 'kf/send_msg_on_event': {
        const entry = codes.get(String(body.code));
        if (!entry || entry.used) return misuse.push('bad or reused event code'), { errcode: 95019, errmsg: 'invalid code' };
        entry.used = true;
        const bad = record(entry.user, 'on_event', body);
        if (bad) return misuse.push(bad), { errcode: 40058, errmsg: bad };
        return { errcode: 0, msgid: `out-${++seq}` };
      }
      case 'kf/service_state/get': {
        const c = customer(String(body.external_userid));
        return { errcode: 0, service_state: c.state, servicer_userid: c.servicer ?? '' };
      }
      case 'kf/service_state/trans': {
        const c = customer(String(body.external_userid));
        const to = Number(body.service_state);
        if (!allowed[c.state]?.includes(to)) return misuse.push(`trans ${c.state}→${to}`), { errcode: 95016, errmsg: 'state change not allowed' };
        if (to === 3 && !body.servicer_userid) return misuse.push('trans to 3 without servicer'), { errcode: 40003, errmsg: 'servicer required' };
        c.state = to;
        c.servicer = to === 3 ? String(body.servicer_userid) : null;
        return { errcode: 0, ...(to === 2 || to === 3 ? { msg_code: code(String(body.external_userid)) } : {}) };
      }
      default:
        return { errcode: 404, errmsg: `no such method ${path}` };
    }
  }

  const readJson = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        const s = Buffer.concat(chunks).toString('utf8');
        resolve(s ? (JSON.parse(s) as Record<string, unknown>) : {});
      });
    });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void readJson(req).then((body) => {
      const out = api(url.pathname.replace(/^\/cgi-bin\//, ''), url.searchParams, body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Signs like WeCom: the query for an encrypted payload. */
  function signed(encrypt: string) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(++seq);
    return new URLSearchParams({ msg_signature: crypt.signature(timestamp, nonce, encrypt), timestamp, nonce });
  }

  /** Tells the bot an account has news, as WeCom does after every message or event. */
  async function callback(): Promise<number> {
    const inner = `<xml><ToUserName><![CDATA[${KF.corpId}]]></ToUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[sync-${seq}]]></Token><OpenKfId><![CDATA[${KF.kfid}]]></OpenKfId></xml>`;
    const encrypt = crypt.encrypt(inner);
    const res = await fetch(`${callbackUrl}?${signed(encrypt).toString()}`, { method: 'POST', body: `<xml><ToUserName><![CDATA[${KF.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>` });
    await res.text();
    return res.status;
  }

  const push = (m: Record<string, unknown>) => log.push({ msgid: `in-${++seq}`, send_time: Math.floor(Date.now() / 1000), ...m });
  const event = (user: string, e: Record<string, unknown>) => push({ origin: 4, msgtype: 'event', event: { open_kfid: KF.kfid, external_userid: user, ...e } });

  return {
    apiRoot,
    misuse,
    calls,
    log,
    get tokensIssued() {
      return tokens;
    },
    setCallbackUrl: (u: string) => void (callbackUrl = u),
    inbox: (user: string) => customer(user).inbox,
    state: (user: string) => customer(user).state,
    /** The current token stops working, as after its 2 hours. */
    expireToken: () => void (tokenValid = false),
    /** The customer writes (or clicks a menu item); the session opens or continues. */
    async say(user: string, text: string, menuId?: string, queueOnly = false) {
      const c = customer(user);
      if (c.state === 4) c.state = 0;
      c.budget = 5;
      push({ open_kfid: KF.kfid, external_userid: user, origin: 3, msgtype: 'text', text: { content: text, ...(menuId ? { menu_id: menuId } : {}) } });
      if (!queueOnly) await callback();
    },
    async enter(user: string, scene = 'poster', sceneParam = 'clinic-door') {
      event(user, { event_type: 'enter_session', scene, scene_param: sceneParam, welcome_code: code(user) });
      await callback();
    },
    async servicerTakes(user: string, servicer = 'zhangsan') {
      const c = customer(user);
      c.state = 3;
      c.servicer = servicer;
      event(user, { event_type: 'session_status_change', change_type: 1, new_servicer_userid: servicer, msg_code: code(user) });
      await callback();
    },
    async servicerSays(user: string, text: string) {
      push({ open_kfid: KF.kfid, external_userid: user, origin: 5, servicer_userid: customer(user).servicer ?? 'zhangsan', msgtype: 'text', text: { content: text } });
      await callback();
    },
    async servicerEnds(user: string) {
      const c = customer(user);
      c.state = 4;
      event(user, { event_type: 'session_status_change', change_type: 3, old_servicer_userid: c.servicer, msg_code: code(user) });
      c.servicer = null;
      await callback();
    },
    callback,
    /** WeCom's URL check: a signed, encrypted echostr the bot must answer in plaintext. */
    async verify(echo: string, tamper = false) {
      const encrypt = crypt.encrypt(echo);
      const q = signed(encrypt);
      q.set('echostr', encrypt);
      if (tamper) q.set('nonce', 'x');
      const res = await fetch(`${callbackUrl}?${q.toString()}`);
      return { status: res.status, body: await res.text() };
    },
    /**
     * Resolves once the bot has synced from the end of the log, which it asks for only after it
     * has handled every page before; callbacks are repeated because one may land mid-sync.
     */
    async settled(ms = 15_000): Promise<void> {
      const end = String(log.length);
      const until = Date.now() + ms;
      const before = syncCursors.length;
      while (!syncCursors.slice(before).includes(end)) {
        if (Date.now() > until) throw new Error(`bot never synced from cursor ${end}; saw ${syncCursors.slice(before).join(',')}`);
        await callback();
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type KfApiEmulator = Awaited<ReturnType<typeof startKfApiEmulator>>;

/** Waits until `check` holds; the deadline only guards against a hang, it is not what is tested. */
export async function until<T>(check: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/ports.js';
import type { WxBizMsgCrypt } from './createWxBizMsgCrypt.js';

export interface WecomCallbackOptions {
  readonly crypt: WxBizMsgCrypt;
  /** The callback path, e.g. /wecom/callback. */
  readonly path: string;
  readonly logger: Logger;
  /** A kf account has news: called after the 200 is sent, with the callback's Token for sync_msg. */
  readonly onNews: (kfid: string, token: string) => void;
}

const BODY_LIMIT = 1_000_000;
const log = { channel: 'wecom' };

/** The text of one element, CDATA or plain; WeCom's callbacks are flat XML. */
export function xmlField(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

const reply = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

/**
 * The callback URL: GET answers WeCom's URL verification with the decrypted echostr exactly (no
 * newline); POST checks and decrypts kf_msg_or_event, answers 200 at once and only then lets the
 * sync run, so WeCom never waits on our work and never retries a callback we received.
 * Returns false for requests that are not for this path.
 */
export function createWecomCallback(o: WecomCallbackOptions) {
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== o.path) return false;
    const q = url.searchParams;
    // A "+" in base64 that arrived unescaped reads as a space; base64 has no spaces.
    const param = (name: string) => (q.get(name) ?? '').replace(/ /g, '+');
    const signed = { signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
    if (req.method === 'GET') {
      const r = o.crypt.open({ ...signed, encrypt: param('echostr') });
      if (!r.ok) o.logger.warn({ ...log, code: 'CSB_WECOM_CALLBACK_REFUSED', reason: r.error }, 'URL verification refused');
      reply(res, r.ok ? 200 : 403, r.ok ? r.value : 'forbidden');
      return true;
    }
    if (req.method !== 'POST') {
      reply(res, 405, 'method not allowed');
      return true;
    }
    void readBody(req).then((body) => {
      const encrypt = body === null ? null : xmlField(body, 'Encrypt');
      const r = encrypt ? o.crypt.open({ ...signed, encrypt }) : null;
      if (!r?.ok) {
        o.logger.warn({ ...log, code: 'CSB_WECOM_CALLBACK_REFUSED', reason: r ? r.error : 'unreadable' }, 'callback refused');
        return reply(res, 403, 'forbidden');
      }
      reply(res, 200, 'success');
      const kfid = xmlField(r.value, 'OpenKfId');
      const token = xmlField(r.value, 'Token');
      if (xmlField(r.value, 'Event') === 'kf_msg_or_event' && kfid) o.onNews(kfid, token ?? '');
    });
    return true;
  };
}

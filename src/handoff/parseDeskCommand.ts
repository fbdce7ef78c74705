/** What a consultant asked for in a desk chat. */
export type DeskCommand =
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'close'; readonly n: number }
  | { readonly kind: 'reply'; readonly n: number; readonly text: string }
  /** A canned reply (knowledge/replies.yaml); `key` null: show the list. `n` null: the ticket comes from the context. */
  | { readonly kind: 'canned'; readonly n: number | null; readonly key: string | null }
  /** A call-back request was done ("/called 3", "已回电 3"). */
  | { readonly kind: 'called'; readonly n: number }
  | { readonly kind: 'queue' }
  | { readonly kind: 'stats' };

const CANNED = /^\/r(?:@\w+)?(?:\s+([\w-]{1,32}))?\s*$/i;

/**
 * Reads "/take 12", "接 12", "/close 12", "结束 12", "#12 答复…", "/r KEY", "#12 /r KEY",
 * "/called 3", "/queue", "/stats" (and their /cmd@botname forms). Anything else is ordinary
 * chat among consultants: null.
 */
export function parseDeskCommand(raw: string): DeskCommand | null {
  const text = raw.trim();
  const slash = /^\/(take|close|queue|stats|called)(?:@\w+)?(?:\s+#?(\d{1,9}))?\s*$/i.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    const n = slash[2] ? Number(slash[2]) : null;
    if (name === 'queue') return { kind: 'queue' };
    if (name === 'stats') return { kind: 'stats' };
    return n === null ? null : { kind: name as 'take' | 'close' | 'called', n };
  }
  const canned = CANNED.exec(text);
  if (canned) return { kind: 'canned', n: null, key: canned[1]?.toLowerCase() ?? null };
  const zh = /^(接单?|结束|已回电)\s*#?(\d{1,9})\s*$/.exec(text);
  if (zh) return { kind: zh[1] === '结束' ? 'close' : zh[1] === '已回电' ? 'called' : 'take', n: Number(zh[2]) };
  if (/^(队列|排队)$/.test(text)) return { kind: 'queue' };
  if (/^统计$/.test(text)) return { kind: 'stats' };
  const reply = /^#(\d{1,9})\s+([\s\S]+)$/.exec(text);
  if (reply && reply[2]!.trim()) {
    const n = Number(reply[1]);
    const inner = CANNED.exec(reply[2]!.trim());
    if (inner) return { kind: 'canned', n, key: inner[1]?.toLowerCase() ?? null };
    return { kind: 'reply', n, text: reply[2]!.trim() };
  }
  return null;
}

/** Button data on a case card or a canned-reply list: "desk|take|12", "desk|r|12|hello". */
export function parseDeskButton(data: unknown): DeskCommand | null {
  if (typeof data !== 'string') return null;
  const m = /^desk\|(take|close)\|(\d{1,9})$/.exec(data);
  if (m) return { kind: m[1] as 'take' | 'close', n: Number(m[2]) };
  const r = /^desk\|r\|(\d{1,9})\|([\w-]{1,32})$/.exec(data);
  return r ? { kind: 'canned', n: Number(r[1]), key: r[2]!.toLowerCase() } : null;
}

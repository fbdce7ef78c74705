/** What a consultant asked for in a desk chat. */
export type DeskCommand =
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'close'; readonly n: number }
  | { readonly kind: 'reply'; readonly n: number; readonly text: string }
  | { readonly kind: 'queue' }
  | { readonly kind: 'stats' };

/**
 * Reads "/take 12", "接 12", "/close 12", "结束 12", "#12 答复…", "/queue", "/stats" (and their
 * /cmd@botname forms). Anything else is ordinary chat among consultants: null.
 */
export function parseDeskCommand(raw: string): DeskCommand | null {
  const text = raw.trim();
  const slash = /^\/(take|close|queue|stats)(?:@\w+)?(?:\s+#?(\d{1,9}))?\s*$/i.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    const n = slash[2] ? Number(slash[2]) : null;
    if (name === 'queue') return { kind: 'queue' };
    if (name === 'stats') return { kind: 'stats' };
    return n === null ? null : { kind: name as 'take' | 'close', n };
  }
  const zh = /^(接单?|结束)\s*#?(\d{1,9})\s*$/.exec(text);
  if (zh) return { kind: zh[1] === '结束' ? 'close' : 'take', n: Number(zh[2]) };
  if (/^(队列|排队)$/.test(text)) return { kind: 'queue' };
  if (/^统计$/.test(text)) return { kind: 'stats' };
  const reply = /^#(\d{1,9})\s+([\s\S]+)$/.exec(text);
  if (reply && reply[2]!.trim()) return { kind: 'reply', n: Number(reply[1]), text: reply[2]!.trim() };
  return null;
}

/** Button data on a case card: "desk|take|12". */
export function parseDeskButton(data: unknown): DeskCommand | null {
  if (typeof data !== 'string') return null;
  const m = /^desk\|(take|close)\|(\d{1,9})$/.exec(data);
  return m ? { kind: m[1] as 'take' | 'close', n: Number(m[2]) } : null;
}

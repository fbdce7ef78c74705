import { resolve } from 'node:path';
import type { Inbound } from '../../src/core/inbound.js';
import { newSession, type Session } from '../../src/core/session.js';
import { transition, type Outcome } from '../../src/core/transition.js';
import { formatProblem } from '../../src/core/result.js';
import { loadContent, type Bundle } from '../../src/loadContent.js';

export const projectRoot = resolve(import.meta.dirname, '../..');

let cached: Bundle | undefined;
/** The shipped knowledge base, loaded once per test file (jieba's dictionary takes a moment). */
export function shippedBundle(): Bundle {
  if (cached) return cached;
  const r = loadContent(projectRoot);
  if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
  cached = r.value;
  return cached;
}

export const text = (t: string): Inbound => ({ kind: 'text', text: t });

/** Drives the pure engine through a conversation, keeping the session between messages. */
export function conversation(bundle: Bundle = shippedBundle(), start: Session = newSession(), opts: { deskAvailable?: boolean } = {}) {
  let session: Session | null = start;
  let now = 1_700_000_000_000;
  const all: Outcome[] = [];
  return {
    send(msg: string | Inbound): Outcome {
      const out = transition(session ?? newSession(), typeof msg === 'string' ? text(msg) : msg, { now: (now += 1000), content: bundle.content, reader: bundle.reader, ...opts });
      session = out.session;
      all.push(out);
      return out;
    },
    get session(): Session | null {
      return session;
    },
    outcomes: all,
  };
}

/** All reply text of an outcome, choices included, for assertions. */
export const said = (o: Outcome): string => o.replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join('\n')).join('\n');
export const choiceIds = (o: Outcome): string[] => o.replies.flatMap((r) => r.choices ?? []).map((c) => c.id);

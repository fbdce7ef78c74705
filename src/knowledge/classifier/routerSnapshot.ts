import { createHash } from 'node:crypto';
import type { LogisticWeights } from './trainLogistic.js';

/** Bump when featurize.ts or the training changes, so stored models from the old code are not reused. */
export const ROUTER_VERSION = 1;

/** A trained router as stored between starts: the weights and the pinyin vocabulary. */
export interface RouterSnapshot {
  readonly model: LogisticWeights;
  readonly vocabulary: readonly (readonly [string, string])[];
}

/** Port: where trained routers are kept, by a key that changes with anything that would change the model. */
export interface RouterCache {
  /** Anything else the model depends on (the synonym table the analyser folds with). */
  readonly salt: string;
  read(key: string): Uint8Array | undefined;
  write(key: string, bytes: Uint8Array): void;
}

export function routerKey(corpus: readonly { label: string; text: string }[], tuning: unknown, salt: string): string {
  const h = createHash('sha256');
  h.update(`v${ROUTER_VERSION}\n${salt}\n${JSON.stringify(tuning)}\n`);
  for (const c of corpus) h.update(`${c.label}\t${c.text}\n`);
  return h.digest('hex').slice(0, 24);
}

/** Layout: 4-byte header length, the header as JSON (labels, features, vocabulary), padding to 4, then Float32 weights. */
export function encodeSnapshot(s: RouterSnapshot): Uint8Array {
  const header = Buffer.from(JSON.stringify({ labels: s.model.labels, features: s.model.features, vocabulary: s.vocabulary }), 'utf8');
  const start = 4 + header.length + ((4 - ((4 + header.length) % 4)) % 4);
  const out = Buffer.alloc(start + s.model.weights.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  Buffer.from(s.model.weights.buffer, s.model.weights.byteOffset, s.model.weights.byteLength).copy(out, start);
  return out;
}

/** The snapshot, or null for anything truncated or inconsistent (it is then retrained). */
export function decodeSnapshot(bytes: Uint8Array): RouterSnapshot | null {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = buf.readUInt32LE(0);
    const head = JSON.parse(buf.subarray(4, 4 + length).toString('utf8')) as { labels: string[]; features: string[]; vocabulary: [string, string][] };
    const start = 4 + length + ((4 - ((4 + length) % 4)) % 4);
    const count = (head.features.length + 1) * head.labels.length;
    if (buf.length - start !== count * 4) return null;
    const weights = new Float32Array(count);
    Buffer.from(weights.buffer).set(buf.subarray(start));
    return { model: { labels: head.labels, features: head.features, weights }, vocabulary: head.vocabulary };
  } catch {
    return null;
  }
}

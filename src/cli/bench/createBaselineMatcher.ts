import Fuse from 'fuse.js';
import type { FaqEntry } from '../../core/model.js';

/**
 * The matcher a developer writes first: one fuse.js index with default options over the raw
 * example questions. The top hit under fuse's default threshold is the answer; no hit falls back.
 */
export function createBaselineMatcher(entries: readonly FaqEntry[]) {
  const records = entries.flatMap((e) => [...e.examples.zh, ...e.examples.en].map((q) => ({ entry: e.id, q })));
  const fuse = new Fuse(records.map((r) => r.q));
  return {
    size: records.length,
    /** The entry id of the top hit, or null. */
    match(text: string): string | null {
      const [top] = fuse.search(text, { limit: 1 });
      return top ? records[top.refIndex]!.entry : null;
    },
  };
}

import { createRandom } from './createRandom.js';

/** A held-out split: `train` to fit on, `test` never seen while fitting or tuning. */
export interface Split<T> {
  readonly train: T[];
  readonly test: T[];
}

/**
 * Seeded split stratified by label: each label keeps `trainShare` of its items for training
 * (rounded, at least one on each side when it has two or more), so a small route is never left
 * out of either side. The order within each side follows the input order.
 */
export function splitStratified<T>(items: readonly T[], labelOf: (item: T) => string, trainShare: number, seed: number): Split<T> {
  const rnd = createRandom(seed);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const label = labelOf(item);
    (groups.get(label) ?? groups.set(label, []).get(label)!).push(i);
  });
  const inTest = new Set<number>();
  for (const label of [...groups.keys()].sort()) {
    const idx = groups.get(label)!.map((i) => ({ i, r: rnd() })).sort((a, b) => a.r - b.r).map((x) => x.i);
    let keep = Math.round(idx.length * trainShare);
    if (idx.length >= 2) keep = Math.min(idx.length - 1, Math.max(1, keep));
    for (const i of idx.slice(keep)) inTest.add(i);
  }
  return { train: items.filter((_, i) => !inTest.has(i)), test: items.filter((_, i) => inTest.has(i)) };
}

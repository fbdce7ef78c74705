import type { RouteLabel } from '../../core/reader.js';
import { bandRanked, type Bands, type RankedHit } from './bandRanked.js';
import { isRightRoute, scoreUnderstood } from './scoreUnderstood.js';

export interface Tuned {
  readonly bands: Bands;
  readonly correct: number;
  readonly total: number;
  readonly clarified: number;
}

/**
 * What a band setting earns on the tuning set: a right answer 1, a clarification that offers the
 * right topic ½ (it costs the patient a turn). Without the discount the widest margin wins, since
 * "您是想问 A 还是 B" after every message would count as right.
 */
export function tuningScore(items: readonly { label: RouteLabel; hits: readonly RankedHit[] }[], bands: Bands): { earned: number; correct: number; clarified: number; oos: number; total: number } {
  let earned = 0;
  const got = items.map((i) => ({ label: i.label, got: bandRanked(i.hits, bands) }));
  for (const g of got) if (isRightRoute(g.got, g.label)) earned += g.got.kind === 'ambiguous' ? 0.5 : 1;
  const s = scoreUnderstood(got);
  return { earned, correct: s.correct, clarified: s.clarified, oos: s.out_of_scope_answered.count, total: s.total };
}

const margins = [0, 0.05, 0.1, 0.2, 0.3];

/** Answer thresholds worth trying: 0 and the 5%…95% quantiles of the best similarities seen. */
export function thresholdGrid(best: readonly number[]): number[] {
  const sorted = [...best].sort((a, b) => a - b);
  const q = Array.from({ length: 19 }, (_, i) => sorted[Math.floor(((i + 1) / 20) * sorted.length)] ?? 0);
  return [...new Set([0, ...q])].sort((a, b) => a - b);
}

/**
 * Picks the baseline's bands on a tuning set drawn from the training split only, so the held-out
 * messages never steer it: the highest tuningScore, then the fewest out-of-scope answered, then the
 * fewest clarifications. Retrieval runs once per message; only the banding is repeated.
 */
export function tuneBands(items: readonly { label: RouteLabel; hits: readonly RankedHit[] }[]): Tuned {
  const grid = thresholdGrid(items.map((i) => Math.max(0, ...i.hits.map((h) => h.score))));
  let best: (ReturnType<typeof tuningScore> & { bands: Bands }) | null = null;
  for (const answerAt of grid) {
    for (const clarifyMargin of margins) {
      const bands = { answerAt, clarifyMargin };
      const s = tuningScore(items, bands);
      const better = !best || s.earned > best.earned || (s.earned === best.earned && (s.oos < best.oos || (s.oos === best.oos && s.clarified < best.clarified)));
      if (better) best = { ...s, bands };
    }
  }
  const { bands, correct, total, clarified } = best!;
  return { bands, correct, total, clarified };
}

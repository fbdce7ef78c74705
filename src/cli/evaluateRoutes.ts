import { labelOf, routeMessage, type RoutedMessage } from './routeMessage.js';
import type { Bundle } from '../loadContent.js';

export interface LabelledMessage {
  readonly text: string;
  readonly expect: readonly string[];
}

export interface Evaluation {
  readonly total: number;
  readonly correct: number;
  readonly clarified: number;
  readonly byRoute: Record<string, { total: number; correct: number }>;
  readonly emergencies: { total: number; caught: number; false: number };
  /** Out-of-scope messages that got an FAQ answer: the worst kind of miss. */
  readonly fallbackAnswered: number;
  readonly misses: { item: LabelledMessage; got: RoutedMessage }[];
}

/** Correct when the label is expected, or a clarification offers an expected topic. */
export function isCorrect(got: RoutedMessage, expect: readonly string[]): boolean {
  if (expect.includes(labelOf(got))) return true;
  return Boolean(got.clarify && got.alternatives?.some((a) => expect.includes(`faq:${a}`)));
}

export function evaluateRoutes(bundle: Bundle, items: readonly LabelledMessage[]): Evaluation {
  const byRoute: Evaluation['byRoute'] = {};
  const misses: Evaluation['misses'] = [];
  const emergencies = { total: 0, caught: 0, false: 0 };
  let correct = 0;
  let clarified = 0;
  let fallbackAnswered = 0;
  for (const item of items) {
    const got = routeMessage(bundle, item.text);
    const kind = (item.expect[0] ?? 'fallback').split(':')[0] ?? 'fallback';
    const bucket = (byRoute[kind] ??= { total: 0, correct: 0 });
    bucket.total++;
    if (got.clarify) clarified++;
    const ok = isCorrect(got, item.expect);
    if (ok) {
      correct++;
      bucket.correct++;
    } else misses.push({ item, got });
    const wantsEmergency = item.expect.includes('emergency');
    if (wantsEmergency) emergencies.total++;
    if (wantsEmergency && got.route === 'emergency') emergencies.caught++;
    if (!wantsEmergency && got.route === 'emergency') emergencies.false++;
    if (kind === 'fallback' && got.route === 'faq') fallbackAnswered++;
  }
  return { total: items.length, correct, clarified, byRoute, emergencies, fallbackAnswered, misses };
}

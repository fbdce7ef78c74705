import type { MissedQuestion } from '../core/ports.js';

/** Unanswered questions that share a nearest topic. */
export interface UnansweredGroup {
  /** The nearest topic's id, or null when nothing came close. */
  readonly topic: string | null;
  readonly count: number;
  /** Only texts that were kept (no health or identifying terms); the rest count but show nothing. */
  readonly texts: readonly string[];
}

/** Pure: groups by nearest topic, largest group first, each text once. */
export function groupUnanswered(items: readonly MissedQuestion[]): UnansweredGroup[] {
  const groups = new Map<string | null, { count: number; texts: Set<string> }>();
  for (const q of items) {
    const topic = q.best?.id ?? null;
    const g = groups.get(topic) ?? { count: 0, texts: new Set<string>() };
    g.count++;
    if (q.text.trim()) g.texts.add(q.text.trim());
    groups.set(topic, g);
  }
  return [...groups].map(([topic, g]) => ({ topic, count: g.count, texts: [...g.texts] })).sort((a, b) => b.count - a.count || String(a.topic).localeCompare(String(b.topic)));
}

/**
 * One JSON line per kept text, labelled with its nearest topic as a suggestion ("faq:<id>", or
 * "out_of_scope" when nothing was near): the operator corrects the label and adds the line to the
 * training corpus under knowledge/training/.
 */
export function exportUnanswered(groups: readonly UnansweredGroup[]): string {
  return groups.flatMap((g) => g.texts.map((text) => `${JSON.stringify({ route: g.topic ? `faq:${g.topic}` : 'out_of_scope', text })}\n`)).join('');
}

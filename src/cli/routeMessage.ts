import type { Route } from '../core/reply.js';
import { newSession } from '../core/session.js';
import { transition } from '../core/transition.js';
import type { Bundle } from '../loadContent.js';

export type PublicRoute = 'faq' | 'flow' | 'handoff' | 'emergency' | 'menu' | 'fallback';

export interface RoutedMessage {
  readonly text: string;
  readonly route: PublicRoute;
  readonly id: string | null;
  readonly score: number | null;
  readonly clarify?: true;
  readonly alternatives?: readonly string[];
}

const publicRoute = (r: Route['route']): PublicRoute =>
  r === 'command' ? 'menu' : r === 'nontext' || r === 'checklist' ? 'fallback' : r;

/** Routes a message exactly as the first free-text message of a fresh session would be. */
export function routeMessage(bundle: Bundle, text: string): RoutedMessage {
  const { route } = transition(newSession(), { kind: 'text', text }, { now: 0, content: bundle.content, reader: bundle.reader });
  const r = publicRoute(route.route);
  const id = r === 'faq' ? route.id : r === 'flow' ? bundle.content.flow.id : null;
  const score = route.score === null ? null : Math.max(0, Math.min(1, route.score));
  return route.clarify ? { text, route: r, id, score, clarify: true, alternatives: route.clarify } : { text, route: r, id, score };
}

/** The label an eval file uses for a routed message ("faq:pregnancy", "flow:contraindications", "menu"). */
export function labelOf(m: RoutedMessage): string {
  return m.route === 'faq' || m.route === 'flow' ? `${m.route}:${m.id}` : m.route;
}

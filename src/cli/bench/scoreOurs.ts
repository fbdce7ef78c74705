import type { Bundle } from '../../loadContent.js';
import { evaluateRoutes, isCorrect, type LabelledMessage } from '../evaluateRoutes.js';
import { routeMessage } from '../routeMessage.js';
import type { Accuracy } from './scoreBaseline.js';

/** Our router's accuracy in the same terms as the baseline's, from `route --eval`'s own scoring. */
export function scoreOurs(bundle: Bundle, items: readonly LabelledMessage[]): Accuracy {
  const e = evaluateRoutes(bundle, items);
  const faqItems = items.filter((i) => i.expect[0]?.startsWith('faq:'));
  return {
    overall: { correct: e.correct, total: e.total },
    in_scope: { correct: faqItems.filter((i) => isCorrect(routeMessage(bundle, i.text), i.expect)).length, total: faqItems.length },
    false_accepts: { count: e.fallbackAnswered, of: items.filter((i) => i.expect[0] === 'fallback').length },
    emergencies: { caught: e.emergencies.caught, total: e.emergencies.total },
  };
}

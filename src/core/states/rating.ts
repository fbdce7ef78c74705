import { askRating } from '../handoffActions.js';
import { answerMidFlow } from '../routeText.js';
import { dispatch } from './dispatch.js';
import { idle } from './idle.js';
import type { StateHandler } from './stateHandler.js';

/**
 * A consultation just closed and 1–5 was offered (a digit picks it, as any numbered choice).
 * A question is answered and the rating offered again; anything else means they moved on.
 */
export const rating: StateHandler = {
  acts: {},
  otherwise: (b, t) => {
    if (answerMidFlow(b, t, () => askRating(b, b.t('ratingAgain')))) return;
    b.update({ state: { name: 'idle' } });
    dispatch(idle, b, t);
  },
};

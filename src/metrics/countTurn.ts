import type { ChecklistFlow } from '../core/model.js';
import type { Session } from '../core/session.js';
import type { TurnRecord } from '../runtime/createBot.js';

/** Field → increment for one day's counters. Field names are the stats schema (docs/OPERATIONS.md). */
export type Increments = Record<string, number>;

/** The self-check's worst finding: what a completed screening is counted under. */
export type ScreeningOutcome = 'not_recommended' | 'defer' | 'caution' | 'unsure' | 'none_found';

/** Grades answers as the result message does: the most severe "yes", else "unsure" if any, else none found. */
export function screeningOutcome(flow: ChecklistFlow, answers: Session['screening']): ScreeningOutcome {
  const order: readonly ScreeningOutcome[] = ['not_recommended', 'defer', 'caution'];
  let worst: number = order.length;
  let unsure = false;
  answers?.answers.forEach((a, i) => {
    if (a === 'unsure') unsure = true;
    const sev = a === 'yes' ? flow.questions[i]?.severity : undefined;
    const rank = sev ? order.indexOf(sev) : -1;
    if (rank >= 0 && rank < worst) worst = rank;
  });
  return order[worst] ?? (unsure ? 'unsure' : 'none_found');
}

/**
 * The day's counters one message moves. Pure: derived from the route, the session before and
 * after, and the effects, never from the text. A conversation starts when a user without a
 * session writes; a self-check starts when the state enters the checklist at its first question
 * and completes when a new screening is stored.
 */
export function countTurn(turn: TurnRecord, flow: ChecklistFlow): Increments {
  const inc: Increments = {};
  const add = (field: string, n = 1) => void (inc[field] = (inc[field] ?? 0) + n);
  if (turn.storeError) add('store_errors');
  if (turn.route === 'throttled') {
    add('throttled');
    return inc;
  }
  add('messages');
  add(`route:${turn.route ?? 'failed'}`);
  if (turn.route === 'emergency') add('emergencies');
  if (turn.route === 'fallback') add('fallbacks');
  if (!turn.storeError && turn.before === null) add('conversations');
  const was = turn.before?.state;
  const now = turn.after?.state;
  if (now?.name === 'checklist' && was?.name !== 'checklist' && now.step === 0 && now.answers.length === 0) add('checklist_started');
  if (turn.after?.screening && turn.after.screening !== turn.before?.screening && JSON.stringify(turn.after.screening) !== JSON.stringify(turn.before?.screening)) {
    add('checklist_completed');
    add(`outcome:${screeningOutcome(flow, turn.after.screening)}`);
  }
  // A conversation handed to a human is counted once, when its first ticket opens.
  if (turn.after?.handoff && !turn.before?.handoff) add('handoff_conversations');
  for (const e of turn.effects) {
    if (e.type === 'openTicket') add(`handoff:${e.reason}`);
    else if (e.type === 'falseAlarm') add('false_alarms');
    else if (e.type === 'recordMissed') add('unanswered');
    else if (e.type === 'rate') {
      add('csat_count');
      add('csat_sum', e.score);
      add(`csat:${e.score}`);
    }
  }
  return inc;
}

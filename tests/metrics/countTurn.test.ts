import { describe, expect, it } from 'vitest';
import type { ChecklistFlow } from '../../src/core/model.js';
import { newSession, type Session } from '../../src/core/session.js';
import { countTurn, screeningOutcome } from '../../src/metrics/countTurn.js';
import type { TurnRecord } from '../../src/runtime/createBot.js';

const flow = { questions: [{ severity: 'not_recommended' }, { severity: 'defer' }, { severity: 'caution' }] } as unknown as ChecklistFlow;
const turn = (t: Partial<TurnRecord>): TurnRecord => ({ channel: 'console', route: 'faq', storeError: false, before: newSession(), after: newSession(), effects: [], ms: 3, ...t });
const withState = (state: Session['state'], extra: Partial<Session> = {}): Session => ({ ...newSession(), state, ...extra });

describe('countTurn', () => {
  it('counts a message, its route, and a conversation when the user had no session', () => {
    expect(countTurn(turn({ before: null, route: 'fallback', effects: [{ type: 'recordMissed', text: 'x', best: null }] }), flow)).toEqual({ messages: 1, 'route:fallback': 1, fallbacks: 1, conversations: 1, unanswered: 1 });
    expect(countTurn(turn({}), flow)).toEqual({ messages: 1, 'route:faq': 1 });
  });

  it('counts emergencies, dismissed false alarms, handoffs by reason and ratings', () => {
    const c = countTurn(turn({ route: 'emergency', effects: [{ type: 'falseAlarm' }, { type: 'rate', score: 4 }] }), flow);
    expect(c).toMatchObject({ emergencies: 1, false_alarms: 1, csat_count: 1, csat_sum: 4, 'csat:4': 1 });
    const h = countTurn(turn({ route: 'handoff', after: { ...newSession(), handoff: { openedAt: 1, reason: 'asked', status: 'waiting' } }, effects: [{ type: 'openTicket', reason: 'asked', urgent: false, lang: 'zh', screening: null }] }), flow);
    expect(h).toMatchObject({ 'handoff:asked': 1, handoff_conversations: 1 });
  });

  it('counts a self-check start on entering its first question, and a completion with its outcome', () => {
    expect(countTurn(turn({ before: withState({ name: 'consent' }), after: withState({ name: 'checklist', step: 0, answers: [], reasks: 0 }) }), flow)).toMatchObject({ checklist_started: 1 });
    const done = countTurn(turn({ before: withState({ name: 'checklist', step: 2, answers: ['no', 'yes'], reasks: 0 }), after: withState({ name: 'idle' }, { screening: { flowId: 'c', answers: ['no', 'yes', 'no'] } }) }), flow);
    expect(done).toMatchObject({ checklist_completed: 1, 'outcome:defer': 1 });
    expect(done.checklist_started).toBeUndefined();
  });

  it('counts a failed message as a store error and a throttled one apart from messages', () => {
    expect(countTurn(turn({ route: null, storeError: true, before: null, after: null }), flow)).toEqual({ store_errors: 1, messages: 1, 'route:failed': 1 });
    expect(countTurn(turn({ route: 'throttled' }), flow)).toEqual({ throttled: 1 });
  });
});

describe('screeningOutcome', () => {
  it('takes the most severe yes, else unsure, else none found', () => {
    expect(screeningOutcome(flow, { flowId: 'c', answers: ['no', 'yes', 'yes'] })).toBe('defer');
    expect(screeningOutcome(flow, { flowId: 'c', answers: ['yes', 'no', 'yes'] })).toBe('not_recommended');
    expect(screeningOutcome(flow, { flowId: 'c', answers: ['no', 'unsure', 'no'] })).toBe('unsure');
    expect(screeningOutcome(flow, { flowId: 'c', answers: ['no', 'no', 'no'] })).toBe('none_found');
  });
});

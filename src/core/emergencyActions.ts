import { cutText, TEXT_LIMITS } from './cutText.js';
import { startChecklist } from './checklist.js';
import { humanChoice, showMenu } from './render.js';
import type { RedFlag } from './reader.js';
import { route, type Turn } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

/**
 * Red flags win in every state: call 120 now. The desk is alerted (a card, not a queued request)
 * and the reply says so only when there is a desk. A follow-up that still describes the emergency
 * gets the 120 guidance again with the clinic's first-aid-neutral lines.
 */
export function raiseAlarm(b: TurnBuilder, flag: RedFlag, t: Turn): void {
  const { ctx } = t;
  const desk = ctx.deskAvailable === true;
  const prev = b.session.state;
  const again = prev.name === 'afterEmergency';
  b.route = route('emergency', flag.family);
  // One card per alarm: a follow-up about the same emergency does not page the desk again.
  if (!again) b.effect({ type: 'alertDesk', family: flag.family, lang: b.lang });
  // With a request open, the consultant should read the patient's own words too.
  if (b.session.handoff) b.effect({ type: 'relayToDesk', text: cutText(t.text, TEXT_LIMITS.relay) });
  b.update({ state: { name: 'afterEmergency', family: flag.family } });
  const parts = again ? [b.t('emergencyAftercare')] : [b.t(ctx.content.emergencyReply), desk ? b.t('emergencyDeskAlerted') : ''];
  const crisis = ctx.content.clinic.crisisLine;
  if (flag.family === 'self_harm' && crisis) parts.push(b.t('crisisLine', { crisisLine: crisis }));
  b.ask(parts.filter(Boolean).join('\n\n'), [{ id: 'falseAlarm', label: b.t('labelNotEmergency') }, ...(desk && !b.session.handoff ? [humanChoice(b, 'emergency')] : [])]);
}

/** After an alarm, a message we cannot route is more likely about the emergency than a new question. */
export function aftercare(b: TurnBuilder): void {
  b.route = route('emergency');
  b.ask(b.t('emergencyAftercare'), [{ id: 'falseAlarm', label: b.t('labelNotEmergency') }]);
}

/** "不是紧急情况": back to normal at once (a paused self-check resumes), and counted. */
export function falseAlarm(b: TurnBuilder): void {
  b.route = route('command');
  b.effect({ type: 'falseAlarm' });
  b.update({ state: { name: 'idle' } });
  if (b.session.paused && b.session.consent) {
    b.say(b.t('falseAlarm'));
    return startChecklist(b);
  }
  showMenu(b, b.t('falseAlarm'));
}

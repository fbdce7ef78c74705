import type { ActName } from './act.js';
import { humanChoice } from './render.js';
import { route } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

const replies: Partial<Record<ActName, 'thanksReply' | 'byeReply'>> = { thanks: 'thanksReply', bye: 'byeReply' };

/** Thanks, bye, ok: a short polite reply, never the fallback and never a missed question. */
export function smallTalk(b: TurnBuilder, act: ActName | null, lead?: string): void {
  b.route = route('menu');
  b.say(...[lead ?? '', b.t((act && replies[act]) ?? 'ackReply')]);
}

/** "Are you a robot / a doctor / a real person?": an automated assistant, not a doctor, which can bring in a human. */
export function sayIdentity(b: TurnBuilder, withChoices = true): void {
  b.route = route('faq', 'about', 1);
  if (withChoices) b.ask(b.t('identity'), [humanChoice(b, 'asked'), { id: 'menu', label: b.t('labelMenu') }]);
  else b.say(b.t('identity'));
}

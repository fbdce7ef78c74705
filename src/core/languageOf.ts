import type { Inbound } from './inbound.js';
import type { Reader } from './reader.js';
import type { Session } from './session.js';
import type { Turn } from './turn.js';

/**
 * Whether a message says enough to set the reply language: "ok", "no", "1", an emoji or a name
 * never do. A command or question does; so does any other first message.
 */
function substantive(s: Session, turn: Turn): boolean {
  // A question about the bot, or about the alarm, is worth answering in its own language.
  if (turn.act?.whole) return turn.act.name === 'identity' || turn.act.name === 'notEmergency';
  if (turn.intent) return true;
  const han = turn.folded.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = turn.folded.split(' ').filter((w) => /[a-z]{2,}/.test(w)).length;
  if (s.messages === 1) return han + words > 0;
  return han >= 3 || words >= 3;
}

/** Reply in the language of the last substantive message; an explicit "English"/"中文" pins it. */
export function languageOf(s: Session, inbound: Inbound, turn: Turn | null, reader: Reader): Session {
  const detected = turn && substantive(s, turn) ? reader.lang(turn.text) : null;
  let { lang, traditional } = s;
  if (detected && !s.langLocked) lang = detected;
  else if (!detected && s.messages === 1 && inbound.langHint) lang = inbound.langHint;
  if (detected === 'zh' && turn) traditional = reader.traditional(turn.text);
  return lang === s.lang && traditional === s.traditional ? s : { ...s, lang, traditional };
}

import { parseDeskCommand, type DeskCommand } from './parseDeskCommand.js';

/** A consultant's text in a desk chat, with what the channel knows of where it was written. */
export interface DeskMessage {
  readonly text: string;
  /** It replies to (or quotes) one of the bot's messages; `ticket` is the one that message names, if any. */
  readonly repliedTo?: { readonly ticket: number | null };
  /** Written in a ticket's own forum topic. */
  readonly topicTicket?: number | null;
  /** It @-mentions the bot. */
  readonly mentionsBot?: boolean;
}

export type DeskRoute = DeskCommand | { readonly kind: 'hint' } | null;

/** Looks meant for the bot: a slash command, "#…", or a desk word, even if malformed. */
const looksLikeCommand = (text: string) => /^\s*(\/\w|#|接单?\s*\S|结束\s*\S|已回电)/.test(text);

/**
 * Where a consultant's desk message goes. A command acts; a reply to a message that names a
 * ticket, or anything in a ticket's topic, answers that ticket's patient; a bare "/take" or
 * "/close" there acts on it. What was meant for the bot but names no ticket gets a hint
 * (never silence); the consultants' own chat (null) is left alone.
 */
export function routeDeskMessage(m: DeskMessage): DeskRoute {
  const text = m.text.trim();
  const context = m.repliedTo?.ticket ?? m.topicTicket ?? null;
  const cmd = parseDeskCommand(text);
  if (cmd?.kind === 'canned' && cmd.n === null) return context === null ? { kind: 'hint' } : { ...cmd, n: context };
  if (cmd) return cmd;
  if (context !== null) {
    const bare = /^(?:\/(take|close)(?:@\w+)?|(接单?|结束))$/i.exec(text);
    if (bare) return { kind: (bare[1]?.toLowerCase() ?? (bare[2] === '结束' ? 'close' : 'take')) as 'take' | 'close', n: context };
    if (text) return { kind: 'reply', n: context, text };
  }
  if (m.repliedTo || m.mentionsBot || looksLikeCommand(text)) return { kind: 'hint' };
  return null;
}

import type { Update } from 'telegraf/types';
import type { CommandName, Inbound, NonTextKind } from '../../core/inbound.js';
import type { Lang } from '../../core/model.js';
import { decodeCallbackData } from './telegramCallbackData.js';

export type Translated =
  | { readonly kind: 'handle'; readonly chatId: number; readonly userId: string; readonly displayName: string; readonly inbound: Inbound; readonly callbackId?: string }
  | { readonly kind: 'ignore'; readonly reason: 'not-private' | 'from-bot' | 'unsupported-update' };

const commands: Readonly<Record<string, CommandName>> = {
  start: 'start', menu: 'menu', check: 'check', human: 'human', reset: 'reset', delete: 'delete', help: 'help', end: 'end',
};

const nonText: readonly [string, NonTextKind][] = [
  ['photo', 'image'], ['sticker', 'sticker'], ['voice', 'voice'], ['audio', 'voice'], ['video', 'video'], ['video_note', 'video'],
  ['animation', 'video'], ['document', 'file'], ['location', 'location'], ['venue', 'location'], ['contact', 'other'], ['poll', 'other'], ['dice', 'other'],
];

/** Telegram's language_code is the user's app language: a hint when the message says nothing. */
export const langFromCode = (code: string | undefined): Lang | undefined => (code ? (code.toLowerCase().startsWith('zh') ? 'zh' : 'en') : undefined);

/**
 * A Telegram update as the engine's neutral message. Only private chats are handled here; group
 * messages belong to the consultants' desk or are ignored.
 */
export function telegramToInbound(update: Update): Translated {
  if ('callback_query' in update) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (!chat || chat.type !== 'private') return { kind: 'ignore', reason: 'not-private' };
    const langHint = langFromCode(q.from.language_code);
    const data = 'data' in q ? decodeCallbackData(q.data) : null;
    // Forged or unreadable data still gets an answer: the engine treats turn -1 as a stale button.
    const inbound: Inbound = { kind: 'choice', id: data?.id ?? '', turn: data?.turn ?? -1, ...(langHint ? { langHint } : {}) };
    return { kind: 'handle', chatId: chat.id, userId: String(q.from.id), displayName: q.from.first_name, inbound, callbackId: q.id };
  }
  if (!('message' in update)) return { kind: 'ignore', reason: 'unsupported-update' };
  const m = update.message;
  if (m.chat.type !== 'private') return { kind: 'ignore', reason: 'not-private' };
  if (!m.from || m.from.is_bot) return { kind: 'ignore', reason: 'from-bot' };
  const langHint = langFromCode(m.from.language_code);
  const hint = langHint ? { langHint } : {};
  const base = { kind: 'handle' as const, chatId: m.chat.id, userId: String(m.from.id), displayName: m.from.first_name };
  if ('text' in m && typeof m.text === 'string') {
    const cmd = /^\/([a-z]+)(?:@\w+)?\s*$/i.exec(m.text.trim());
    const name = cmd ? commands[cmd[1]!.toLowerCase()] : undefined;
    if (name) return { ...base, inbound: { kind: 'command', name, ...hint } };
    return { ...base, inbound: { kind: 'text', text: m.text, ...hint } };
  }
  const what = nonText.find(([field]) => field in m)?.[1] ?? 'other';
  return { ...base, inbound: { kind: 'nontext', what, ...hint } };
}

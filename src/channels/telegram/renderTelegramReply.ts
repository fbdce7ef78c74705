import type { Reply } from '../../core/reply.js';
import { encodeCallbackData } from './telegramCallbackData.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramMessage {
  readonly text: string;
  readonly extra: {
    readonly parse_mode: 'HTML';
    readonly reply_markup?: { readonly inline_keyboard: { text: string; callback_data: string }[][] };
    readonly link_preview_options: { readonly is_disabled: true };
  };
}

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Splits at paragraph boundaries, then lines, then hard, so no piece exceeds the limit.
 * Splitting happens before escaping: Telegram counts characters after parsing entities.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let current = '';
  const push = () => {
    if (current) pieces.push(current);
    current = '';
  };
  for (const para of text.split(/\n\n/)) {
    const units = para.length <= limit ? [para] : para.split('\n').flatMap((line) => (line.length <= limit ? [line] : line.match(new RegExp(`[\\s\\S]{1,${limit}}`, 'g')) ?? []));
    for (const unit of units) {
      const sep = current ? (units.length > 1 && unit !== units[0] ? '\n' : '\n\n') : '';
      if (current.length + sep.length + unit.length > limit) {
        push();
        current = unit;
      } else current += sep + unit;
    }
  }
  push();
  return pieces;
}

/** One neutral reply as Telegram messages: choices become inline buttons on the last piece. */
export function renderTelegramReply(reply: Reply): TelegramMessage[] {
  const pieces = splitText(reply.text);
  const keyboard = reply.choices?.length ? { inline_keyboard: reply.choices.map((c) => [{ text: c.label.slice(0, 64), callback_data: encodeCallbackData(reply.turn ?? 0, c.id) }]) } : undefined;
  return pieces.map((p, i) => ({
    text: escapeHtml(p),
    extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(keyboard && i === pieces.length - 1 ? { reply_markup: keyboard } : {}) },
  }));
}

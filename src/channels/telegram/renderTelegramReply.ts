import { cutText, TEXT_LIMITS } from '../../core/cutText.js';
import type { Reply } from '../../core/reply.js';
import { splitText as splitSharedText } from '../splitText.js';
import { encodeCallbackData } from './telegramCallbackData.js';

export const TELEGRAM_TEXT_LIMIT: number = TEXT_LIMITS.telegram;

export interface TelegramMessage {
  readonly text: string;
  readonly extra: {
    readonly parse_mode: 'HTML';
    readonly reply_markup?: { readonly inline_keyboard: { text: string; callback_data: string }[][] };
    readonly link_preview_options: { readonly is_disabled: true };
    /** A forum topic of the desk group (one per ticket). */
    readonly message_thread_id?: number;
  };
}

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Telegram's cut of the shared splitter, by UTF-16 length. Splitting happens before escaping:
 * Telegram counts characters after parsing entities.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return splitSharedText(text, { chars: limit });
}

/** One neutral reply as Telegram messages: choices become inline buttons on the last piece. */
export function renderTelegramReply(reply: Reply): TelegramMessage[] {
  const pieces = splitText(reply.text);
  const keyboard = reply.choices?.length ? { inline_keyboard: reply.choices.map((c) => [{ text: cutText(c.label, 64), callback_data: encodeCallbackData(reply.turn ?? 0, c.id) }]) } : undefined;
  return pieces.map((p, i) => ({
    text: escapeHtml(p),
    extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(keyboard && i === pieces.length - 1 ? { reply_markup: keyboard } : {}) },
  }));
}

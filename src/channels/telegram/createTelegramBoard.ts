import type { DeskBoard } from '../../core/ports.js';
import type { DeskLinks } from '../../session/createDeskLinks.js';
import type { TelegramOutbox } from './createTelegramOutbox.js';
import { escapeHtml, splitText } from './renderTelegramReply.js';

/**
 * The consultants' Telegram group as a desk board: case cards get Take/Close buttons, urgent
 * ones mention the consultants, and every posted message is linked to its ticket so replying
 * to it answers the patient.
 */
export function createTelegramBoard(o: { chatId: number; outbox: TelegramOutbox; links: DeskLinks; consultantIds: readonly string[] }): DeskBoard {
  return {
    platform: 'telegram',
    async post(text, opts = {}) {
      const mentions = opts.urgent && o.consultantIds.length ? `\n${o.consultantIds.map((id) => `<a href="tg://user?id=${encodeURIComponent(id)}">@顾问</a>`).join(' ')}` : '';
      const pieces = splitText(text, 4000);
      const buttons = opts.actions && opts.ticket !== undefined
        ? { reply_markup: { inline_keyboard: [[{ text: '接单 / Take', callback_data: `desk|take|${opts.ticket}` }, { text: '结束 / Close', callback_data: `desk|close|${opts.ticket}` }]] } }
        : {};
      const messages = pieces.map((p, i) => ({
        text: escapeHtml(p) + (i === pieces.length - 1 ? mentions : ''),
        extra: { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true as const }, ...(i === pieces.length - 1 ? buttons : {}) },
      }));
      const sent = await o.outbox.enqueue(o.chatId, messages, { group: true, urgent: opts.urgent ?? false });
      // The outbox never rejects; a post that reached nobody is an error the desk retries and logs.
      if (sent.every((m) => m === null)) throw new Error('desk post not delivered');
      if (opts.ticket === undefined) return;
      for (const m of sent) {
        const id = (m as { message_id?: unknown } | null)?.message_id;
        if (typeof id === 'number') await o.links.link(`tg:${o.chatId}:${id}`, opts.ticket);
      }
    },
  };
}

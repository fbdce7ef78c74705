import type { Telegram } from 'telegraf';
import type { DeskBoard } from '../../core/ports.js';
import type { DeskLinks } from '../../session/createDeskLinks.js';
import type { TelegramOutbox } from './createTelegramOutbox.js';
import { escapeHtml, splitText } from './renderTelegramReply.js';

/** The desk links of a group: which ticket a message or a forum topic belongs to, and each ticket's topic. */
export const deskRefs = {
  message: (chat: number, id: number) => `tg:${chat}:${id}`,
  topic: (chat: number, thread: number) => `tg:${chat}:topic:${thread}`,
  topicOf: (chat: number, ticket: number) => `tg:${chat}:ticket-topic:${ticket}`,
} as const;

export interface TelegramBoardOptions {
  readonly chatId: number;
  readonly outbox: TelegramOutbox;
  readonly links: DeskLinks;
  readonly consultantIds: readonly string[];
  /** For forum groups: creates a topic per ticket. Absent: never a forum. */
  readonly telegram?: Pick<Telegram, 'getChat' | 'createForumTopic'>;
}

/**
 * The consultants' Telegram group as a desk board: case cards get Take/Close buttons, urgent
 * ones mention the consultants, and every posted message that names a ticket is linked to it,
 * so replying to any of them answers the patient. In a forum supergroup (`is_forum`) each
 * ticket gets its own topic, and its posts go there.
 */
export function createTelegramBoard(o: TelegramBoardOptions): DeskBoard & { markForum(isForum: boolean): void } {
  let forum: Promise<boolean> | undefined;
  const isForum = (): Promise<boolean> =>
    (forum ??= Promise.resolve()
      .then(() => o.telegram?.getChat(o.chatId))
      // Unknown (no right to read the chat, an old API): a plain group until a message says otherwise.
      .then((c) => (c as { is_forum?: boolean } | undefined)?.is_forum === true, () => false));

  /** The ticket's topic: created with its card, found for its later posts. */
  async function topicFor(ticket: number, create: boolean): Promise<number | undefined> {
    if (!o.telegram || !(await isForum())) return undefined;
    const known = await o.links.find(deskRefs.topicOf(o.chatId, ticket));
    if (known !== null) return known;
    if (!create) return undefined;
    try {
      const topic = await o.telegram.createForumTopic(o.chatId, `工单 #${ticket}`);
      await o.links.link(deskRefs.topic(o.chatId, topic.message_thread_id), ticket);
      await o.links.link(deskRefs.topicOf(o.chatId, ticket), topic.message_thread_id);
      return topic.message_thread_id;
    } catch {
      return undefined; // no right to manage topics: the general chat still works
    }
  }

  return {
    platform: 'telegram',
    markForum: (yes) => void (forum = Promise.resolve(yes)),
    async post(text, opts = {}) {
      const mentions = opts.urgent && o.consultantIds.length ? `\n${o.consultantIds.map((id) => `<a href="tg://user?id=${encodeURIComponent(id)}">@顾问</a>`).join(' ')}` : '';
      const pieces = splitText(text, 4000);
      const buttons = opts.actions && opts.ticket !== undefined
        ? { reply_markup: { inline_keyboard: [[{ text: '接单 / Take', callback_data: `desk|take|${opts.ticket}` }, { text: '结束 / Close', callback_data: `desk|close|${opts.ticket}` }]] } }
        : {};
      const thread = opts.ticket !== undefined ? await topicFor(opts.ticket, opts.actions === true) : undefined;
      const messages = pieces.map((p, i) => ({
        text: escapeHtml(p) + (i === pieces.length - 1 ? mentions : ''),
        extra: {
          parse_mode: 'HTML' as const,
          link_preview_options: { is_disabled: true as const },
          ...(thread !== undefined ? { message_thread_id: thread } : {}),
          ...(i === pieces.length - 1 ? buttons : {}),
        },
      }));
      const sent = await o.outbox.enqueue(o.chatId, messages, { group: true, urgent: opts.urgent ?? false });
      // The outbox never rejects; a post that reached nobody is an error the desk retries and logs.
      if (sent.every((m) => m === null)) throw new Error('desk post not delivered');
      if (opts.ticket === undefined) return;
      for (const m of sent) {
        const id = (m as { message_id?: unknown } | null)?.message_id;
        if (typeof id === 'number') await o.links.link(deskRefs.message(o.chatId, id), opts.ticket);
      }
    },
  };
}

import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { DeliveryLog, Logger } from '../../core/ports.js';
import type { Desk } from '../../handoff/createDesk.js';
import { parseDeskButton } from '../../handoff/parseDeskCommand.js';
import { routeDeskMessage, type DeskRoute } from '../../handoff/routeDeskMessage.js';
import { ticketInDeskText } from '../../handoff/ticketInDeskText.js';
import { createKeyedQueue } from '../../runtime/createKeyedQueue.js';
import type { DeskLinks } from '../../session/createDeskLinks.js';
import { createTelegramBoard, deskRefs } from './createTelegramBoard.js';
import type { TelegramOutbox } from './createTelegramOutbox.js';
import { escapeHtml } from './renderTelegramReply.js';

export interface TelegramDeskOptions {
  readonly desk: Desk;
  readonly links: DeskLinks;
  readonly chatId: number;
  readonly consultantIds: readonly string[];
  readonly telegram: Telegram;
  readonly outbox: TelegramOutbox;
  readonly delivery: DeliveryLog;
  readonly dedupeTtlMs: number;
  readonly logger: Logger;
  /** The bot's username once known, so "@bot" in the group is read as meant for it. */
  readonly botInfo?: () => { readonly username?: string } | undefined;
  /**
   * Whether Telegram redelivers an update reported failed (webhook, answered 500): then a command is
   * tried once. Under polling nothing is redelivered, so a failed command is retried with backoff.
   */
  readonly redelivers: boolean;
  /** Waits between attempts at a failed command; tests replace it. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Attempts at a desk command whose store work failed, under polling; waits of 1, 2 and 4 s between them. */
export const DESK_ATTEMPTS = 4;
const DESK_RETRY_MS = 1_000;

/**
 * The consultants' Telegram group: each message or button press there is a desk command, or chat
 * among consultants. Commands run one at a time in arrival order. A command's store work (ticket,
 * links, the patient's session) is what `run` waits for; what it sends (confirmations to the group
 * at 20 a minute, replies to the patient at one a second) is queued in the outbox and sent after,
 * so no command waits for another's deliveries.
 */
export function createTelegramDeskHandler(o: TelegramDeskOptions) {
  const { desk, chatId: deskChat, telegram, outbox } = o;
  const board = createTelegramBoard({ chatId: deskChat, outbox, links: o.links, consultantIds: o.consultantIds, telegram });
  desk.addBoard(board);
  // The bot's own id is the token's first part: a reply to one of its messages names a ticket or gets a hint.
  const botId = Number(String((telegram as { token?: string }).token ?? '').split(':')[0]);
  const queue = createKeyedQueue();
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = { channel: 'telegram' };
  /** Sends still going out after their command returned; shutdown waits for them. */
  let sending = 0;

  function track(send: Promise<void>): void {
    sending++;
    void send.finally(() => void sending--);
  }

  /** A confirmation or answer to the group: never awaited by the command, logged if it reaches nobody. */
  function post(text: string): void {
    const n = ticketInDeskText(text);
    track(board.post(text, n !== null ? { ticket: n } : {}).catch((e: unknown) => o.logger.error({ ...log, code: 'CSB_DESK_POST', board: 'telegram', err: (e as Error).name }, 'could not post to the desk')));
  }

  /** The command in one update; throws when its store work failed, so it can be tried again. */
  async function handle(update: Update, deliveryKey: string): Promise<void> {
    let cmd: DeskRoute = null;
    let from: { id: number; first_name: string } | undefined;
    let thread: number | undefined;
    if ('callback_query' in update) {
      const q = update.callback_query;
      from = q.from;
      cmd = parseDeskButton('data' in q ? q.data : undefined);
      const allowed = desk.isConsultant({ platform: 'telegram', id: String(q.from.id) });
      telegram.answerCbQuery(q.id, allowed ? undefined : '仅限顾问操作 / consultants only').catch(() => undefined);
    } else if ('message' in update && 'text' in update.message) {
      const m = update.message;
      from = m.from;
      if ((m.chat as { is_forum?: boolean }).is_forum !== undefined) board.markForum((m.chat as { is_forum?: boolean }).is_forum === true);
      thread = m.is_topic_message ? m.message_thread_id : undefined;
      const topicTicket = thread !== undefined ? await o.links.find(deskRefs.topic(deskChat, thread)) : null;
      // In a topic every message replies to the topic's first message: that is not a reply to the bot.
      const replyTo = 'reply_to_message' in m && m.reply_to_message && m.reply_to_message.message_id !== thread ? m.reply_to_message : undefined;
      let repliedTo: { ticket: number | null } | undefined;
      if (replyTo && (!replyTo.from || replyTo.from.id === botId)) {
        const linked = await o.links.find(deskRefs.message(deskChat, replyTo.message_id));
        repliedTo = { ticket: linked ?? ticketInDeskText('text' in replyTo ? replyTo.text : undefined) };
      }
      const botUsername = o.botInfo?.()?.username;
      const mentionsBot = Boolean(botUsername && m.text.includes(`@${botUsername}`));
      cmd = routeDeskMessage({ text: m.text, ...(repliedTo ? { repliedTo } : {}), topicTicket, mentionsBot });
    }
    if (!cmd || !from) return;
    const actor = { platform: 'telegram', id: String(from.id), name: from.first_name };
    if (cmd.kind === 'canned' && cmd.key === null && cmd.n !== null && desk.isConsultant(actor)) return cannedButtons(cmd.n, thread);
    const answer = await desk.act(actor, cmd, { deliveryKey });
    if (answer) post(answer);
  }

  /** "/r" alone: the canned replies as buttons, each relayed like a typed answer when pressed. */
  function cannedButtons(n: number, thread: number | undefined): void {
    const list = desk.cannedList(n);
    const keyboard = { inline_keyboard: list.keys.map((k) => [{ text: k.label, callback_data: `desk|r|${n}|${k.key}` }]) };
    const extra = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true as const }, reply_markup: keyboard, ...(thread !== undefined ? { message_thread_id: thread } : {}) };
    const sent = outbox.enqueue(deskChat, [{ text: escapeHtml(list.text), extra }], { group: true });
    track(
      sent
        .then(async (s) => {
          const id = (s[0] as { message_id?: unknown } | null)?.message_id;
          if (typeof id === 'number') await o.links.link(deskRefs.message(deskChat, id), n);
        })
        // Each button names its ticket; only a reply to the list itself needs the link.
        .catch(() => undefined),
    );
  }

  return {
    /**
     * Runs one desk update after those before it; resolves true once its store work is applied (now,
     * or at an earlier delivery of the same update), false when every attempt failed. Never rejects.
     */
    run(update: Update): Promise<boolean> {
      return queue.run('desk', async () => {
        // Marked once done, not before: a process killed mid-command leaves it unmarked, and its
        // redelivery runs it again. What reaches the patient is keyed by the update in their own
        // conversation, so a command run twice (a retry, or two processes at once) reaches them once.
        const key = `tg:${update.update_id}`;
        if (await o.delivery.applied(key).catch(() => false)) return true;
        const attempts = o.redelivers ? 1 : DESK_ATTEMPTS;
        for (let attempt = 1; ; attempt++) {
          try {
            await handle(update, `tgdesk:${update.update_id}`);
            await o.delivery.markApplied(key, o.dedupeTtlMs).catch(() => undefined);
            return true;
          } catch (e) {
            if (attempt >= attempts) {
              o.logger.error({ ...log, code: 'CSB_DESK_FAILED', err: (e as Error).name, attempts: attempt }, 'desk command failed');
              return false;
            }
            await sleep(DESK_RETRY_MS * 2 ** (attempt - 1));
          }
        }
      });
    },
    /** Group posts still on their way after their command returned. */
    get pending(): number {
      return sending;
    },
  };
}

export type TelegramDeskHandler = ReturnType<typeof createTelegramDeskHandler>;

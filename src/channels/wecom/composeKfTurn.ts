import type { Choice, Reply } from '../../core/reply.js';
import { splitText, truncateText, type TextLimit } from '../splitText.js';
import { encodeMenuId } from './kfMenuId.js';

/** The body of one kf/send_msg (or send_msg_on_event) without the addressing. */
export type KfOutMessage =
  | { readonly msgtype: 'text'; readonly text: { readonly content: string } }
  | {
      readonly msgtype: 'msgmenu';
      readonly msgmenu: { readonly head_content: string; readonly list: readonly { readonly type: 'click'; readonly click: { readonly id: string; readonly content: string } }[] };
    };

/** WeCom's limits: text 2048 bytes, a menu's head 1024 bytes, at most 10 items of 1–128 bytes. */
export const KF_TEXT: TextLimit = { bytes: 2048 };
const MENU_HEAD: TextLimit = { bytes: 1024 };
const MENU_ITEM: TextLimit = { bytes: 128 };
const MENU_MAX_ITEMS = 10;

const hasChinese = (s: string) => /[\u3400-\u9fff]/.test(s);

/** More than 10 choices do not fit a menu: numbered lines, which the engine reads as typed numbers. */
function numbered(reply: Reply, choices: readonly Choice[]): string {
  const lead = hasChinese(reply.text) ? '回复数字:' : 'Reply with a number:';
  return [reply.text, [lead, ...choices.map((c, i) => `${i + 1}. ${c.label}`)].join('\n')].filter(Boolean).join('\n\n');
}

const text = (content: string): KfOutMessage => ({ msgtype: 'text', text: { content } });

/** One neutral reply as kf messages: text pieces, and choices as a click menu closing the last piece. */
export function renderKfReply(reply: Reply): KfOutMessage[] {
  const choices = reply.choices ?? [];
  if (choices.length === 0 || choices.length > MENU_MAX_ITEMS) {
    const full = choices.length ? numbered(reply, choices) : reply.text;
    return splitText(full, KF_TEXT).filter((p) => p.trim()).map(text);
  }
  const pieces = splitText(reply.text, KF_TEXT).filter((p) => p.trim());
  const last = pieces.pop() ?? '';
  const tail = splitText(last, MENU_HEAD);
  const head = tail.pop() ?? '';
  return [...pieces.map(text), ...tail.map(text), menu(head, reply)];
}

function menu(head: string, reply: Reply): KfOutMessage {
  const list = (reply.choices ?? []).map((c) => ({ type: 'click' as const, click: { id: encodeMenuId(reply.turn ?? 0, c.id), content: truncateText(c.label, MENU_ITEM) } }));
  return { msgtype: 'msgmenu', msgmenu: { head_content: head, list } };
}

/** Everything in one message, for a turn with one send left and for the single event-response message. */
function single(reply: Reply): KfOutMessage {
  const choices = reply.choices ?? [];
  if (choices.length && choices.length <= MENU_MAX_ITEMS) return menu(truncateText(reply.text, MENU_HEAD), reply);
  return text(truncateText(choices.length ? numbered(reply, choices) : reply.text, KF_TEXT));
}

/** All replies as one: their texts in order, with the last offered choices. */
function merge(replies: readonly Reply[]): Reply {
  const withChoices = [...replies].reverse().find((r) => r.choices?.length);
  return {
    text: replies.map((r) => r.text).filter((t) => t.trim()).join('\n\n'),
    ...(withChoices?.choices ? { choices: withChoices.choices } : {}),
    ...(withChoices?.turn !== undefined ? { turn: withChoices.turn } : {}),
  };
}

/**
 * A turn's replies as at most `budget` kf messages (WeCom allows 5 per customer message). Each
 * reply on its own when that fits; otherwise all replies in one text, split at paragraphs; if even
 * that is too long, the first pieces and the closing one (with the menu) are kept and the cut is marked.
 */
export function composeKfTurn(replies: readonly Reply[], budget: number): KfOutMessage[] {
  if (budget <= 0 || replies.length === 0) return [];
  const separate = replies.flatMap(renderKfReply);
  if (separate.length <= budget) return separate;
  const merged = renderKfReply(merge(replies));
  if (merged.length <= budget) return merged;
  if (budget === 1) return [single(merge(replies))];
  const closing = merged[merged.length - 1]!;
  const kept = merged.slice(0, budget - 1);
  const lastKept = kept[kept.length - 1]!;
  if (lastKept.msgtype === 'text') kept[kept.length - 1] = text(truncateText(`${lastKept.text.content}\n…`, KF_TEXT));
  return [...kept, closing];
}

import type { CallbackTicket, Ticket } from '../core/ports.js';
import type { CannedReply } from '../knowledge/loadCannedReplies.js';
import { quoteInline } from './quotePatientText.js';
import { waited } from './renderCaseCard.js';

const callbackReasons = { nodesk: '无人工坐席', offduty: '非服务时间', timeout: '排队超时' } as const;

/** /queue: open tickets, then open call-back requests (the number is for the consultant who calls). First line names no ticket. */
export function renderQueue(open: readonly Ticket[], callbacks: readonly CallbackTicket[], now: number): string {
  if (!open.length && !callbacks.length) return '当前没有等待或进行中的工单,也没有待回电请求。';
  const lines = [`队列:${open.length} 个工单 · ${callbacks.length} 个待回电`];
  for (const t of open) lines.push(`#${t.number} ${t.status === 'waiting' ? '等待中' : `进行中(${t.consultant})`} · ${waited(now - t.openedAt)} · ${t.displayName} · ${t.channel}${t.urgent ? ' · 🚨' : ''}`);
  for (const c of callbacks) lines.push(renderCallbackLine(c, now));
  return lines.join('\n');
}

const renderCallbackLine = (c: CallbackTicket, now: number) =>
  `📞 回电 C${c.number} · ${c.phone} · 方便时间 ${quoteInline(c.when, 40)} · ${c.lang === 'zh' ? '中文' : 'English'} · ${c.channel} · ${callbackReasons[c.reason]} · ${waited(now - c.requestedAt)}前`;

/** A new call-back request on the desk; "/called N" marks it done. */
export const renderCallbackCard = (c: CallbackTicket, now: number): string =>
  `${renderCallbackLine(c, now)}\n操作:回电后发送 /called ${c.number}(微信:已回电 ${c.number})`;

/** What a consultant gets for a desk message the bot could not route: how to answer, and what is open. */
export function renderDeskHint(open: readonly Ticket[]): string {
  const list = open.length ? open.map((t) => `#${t.number}${t.status === 'waiting' ? '(等待中)' : `(${t.consultant})`}`).join(' ') : '无';
  return [
    '⚠️ 这条消息没有发给任何患者。',
    '答复患者:回复工单卡片或该工单的任一消息,或发送 “#工单号 内容”;话术:/r 或 “#工单号 /r 键”。',
    `进行中的工单:${list}`,
  ].join('\n');
}

/** "/r" without a key: the canned replies for a ticket, as text (WeChat) and as buttons (Telegram). */
export function renderCannedList(n: number, replies: ReadonlyMap<string, CannedReply>): { text: string; keys: { key: string; label: string }[] } {
  const keys = [...replies.values()].map((r) => ({ key: r.key, label: `${r.category} · ${r.key}` }));
  const text = [`#${n} 可用话术(发送 “#${n} /r 键”):`, ...[...replies.values()].map((r) => `  ${r.key} · ${r.category}:${r.zh}`)].join('\n');
  return { text, keys };
}

import type { Choice, Reply } from '../../core/reply.js';
import { splitWechatText, WECHAT_TEXT_LIMIT } from './splitWechatText.js';

/** Short labels fit on one line, as WeChat users expect; longer lists read better one per line. */
const ONE_LINE_MAX = 40;

const hasChinese = (s: string) => /[\u3400-\u9fff]/.test(s);

/**
 * Choices as numbered lines ("回复数字: 1. 是  2. 否  3. 不确定"), in the reply's own language.
 * The engine reads the number or the words, so nothing else is needed to answer them.
 */
export function renderNumberedChoices(choices: readonly Choice[], replyText: string): string {
  const zh = hasChinese(replyText) || choices.some((c) => hasChinese(c.label));
  const lead = zh ? '回复数字:' : 'Reply with a number:';
  const items = choices.map((c, i) => `${i + 1}. ${c.label}`);
  const oneLine = items.join('  ');
  return oneLine.length <= ONE_LINE_MAX ? `${lead} ${oneLine}` : [lead, ...items].join('\n');
}

/** One neutral reply as WeChat text messages: the numbered choices close the last piece. */
export function renderWechatReply(reply: Reply, limit = WECHAT_TEXT_LIMIT): string[] {
  const choices = reply.choices?.length ? renderNumberedChoices(reply.choices, reply.text) : '';
  const full = [reply.text, choices].filter(Boolean).join('\n\n');
  return splitWechatText(full, limit).filter((p) => p.trim() !== '');
}

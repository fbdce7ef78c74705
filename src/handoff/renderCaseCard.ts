import type { Content } from '../core/content.js';
import type { Ticket } from '../core/ports.js';
import type { HandoffReason } from '../core/session.js';

const reasons: Readonly<Record<HandoffReason, string>> = {
  asked: '患者要求人工',
  fallback: '机器人无法回答',
  checklist: '自测后转人工',
  emergency: '紧急情况(已提示拨打120)',
};
const answers = { yes: '是', no: '否', unsure: '不确定' } as const;
const severities = { not_recommended: '目前不建议', defer: '建议先治疗再评估', caution: '需慎重评估' } as const;

/** A case card for the consultants, in Chinese, with flagged screening items first. Plain text. */
export function renderCaseCard(t: Ticket, content: Content, opts: { reminder?: boolean } = {}): string {
  const head = t.urgent ? `🚨 紧急工单 #${t.number}` : opts.reminder ? `⏰ 仍在等待 #${t.number}` : `🆕 工单 #${t.number}`;
  const lines = [`${head} · ${t.channel} · ${t.displayName} · ${t.lang === 'zh' ? '中文' : 'English'}`, `原因:${reasons[t.reason]}`];
  if (t.screening?.length) {
    lines.push('自测摘要(患者已同意提供):');
    for (const item of t.screening) {
      const q = content.flow.questions.find((x) => x.id === item.question);
      const title = (q && content.faq.get(q.topic)?.title.zh) ?? item.question;
      const mark = item.severity ? '⚠️' : item.answer === 'unsure' ? '❓' : '·';
      lines.push(`  ${mark} ${title}:${answers[item.answer]}${item.severity ? `(${severities[item.severity]})` : ''}`);
    }
  }
  if (t.transcript.length) {
    lines.push('最近对话:');
    for (const l of t.transcript.slice(-10)) lines.push(`  ${l.from === 'patient' ? '患者' : l.from === 'consultant' ? '顾问' : '机器人'}:${l.text}`);
  }
  lines.push(`操作:/take ${t.number} 接单 · 回复本消息或发送 “#${t.number} 内容” 答复 · /close ${t.number} 结束`);
  return lines.join('\n');
}

import type { Content } from '../core/content.js';
import type { Ticket, TranscriptLine } from '../core/ports.js';
import type { HandoffReason } from '../core/session.js';
import { redFlagNames } from './renderAlertCard.js';
import { quoteInline } from './quotePatientText.js';

const reasons: Readonly<Record<HandoffReason, string>> = {
  asked: '患者要求人工',
  fallback: '机器人无法回答',
  checklist: '自测后转人工',
  emergency: '紧急情况(已提示拨打120)',
};
const answers = { yes: '是', no: '否', unsure: '不确定' } as const;
const severities = { not_recommended: '目前不建议', defer: '建议先治疗再评估', caution: '需慎重评估' } as const;
/** Enough to read on a phone: the newest patient lines only. */
const PATIENT_LINES = 4;

export const waited = (ms: number): string => `${Math.max(0, Math.round(ms / 60_000))} 分钟`;

/** Topics the bot answered ("faq:cost" lines of the transcript), each with the article its answer came from. */
function topicsAsked(lines: readonly TranscriptLine[], content: Content): string[] {
  const ids = [...new Set(lines.filter((l) => l.from === 'bot' && l.text.startsWith('faq:')).map((l) => l.text.slice(4)))];
  return ids.flatMap((id) => {
    const e = content.faq.get(id);
    return e ? [`${e.title.zh}(${e.source ?? '无出处'})`] : [];
  });
}

/**
 * A case card as a summary a consultant reads on a phone: who and where, why, how long they
 * waited, the self-check (only with consent, flagged items first), the topics asked with the
 * article each answer came from, red flags, and the patient's last words, quoted. Plain text.
 */
export function renderCaseCard(t: Ticket, content: Content, opts: { reminder?: boolean; now?: number } = {}): string {
  const head = t.urgent ? `🚨 紧急工单 #${t.number}` : opts.reminder ? `⏰ 仍在等待 #${t.number}` : `🆕 工单 #${t.number}`;
  const wait = opts.now !== undefined ? ` · 已等待 ${waited(opts.now - t.openedAt)}` : '';
  const lines = [`${head} · ${t.channel} · ${t.displayName} · ${t.lang === 'zh' ? '中文' : 'English'}${wait}`, `原因:${reasons[t.reason]}`];
  if (t.screening?.length) {
    lines.push('自测(患者已同意提供):');
    for (const item of t.screening) {
      const q = content.flow.questions.find((x) => x.id === item.question);
      const title = (q && content.faq.get(q.topic)?.title.zh) ?? item.question;
      const mark = item.severity ? '⚠️' : item.answer === 'unsure' ? '❓' : '·';
      lines.push(`  ${mark} ${title}:${answers[item.answer]}${item.severity ? `(${severities[item.severity]})` : ''}`);
    }
  }
  const topics = topicsAsked(t.transcript, content);
  if (topics.length) lines.push(`已问主题:${topics.join(';')}`);
  const flags = [...new Set(t.transcript.filter((l) => l.from === 'bot' && l.text.startsWith('emergency:')).map((l) => l.text.slice(10)))];
  if (flags.length || t.urgent) lines.push(`🚨 红旗:${flags.map((f) => redFlagNames[f as keyof typeof redFlagNames] ?? f).join('、') || '紧急情况'}`);
  const said = t.transcript.filter((l) => l.from !== 'bot').slice(-PATIENT_LINES);
  if (said.length) {
    lines.push('最近对话:');
    for (const l of said) lines.push(`  ${l.from === 'patient' ? '患者' : '顾问'}:${quoteInline(l.text)}`);
  }
  lines.push(`操作:/take ${t.number} 接单 · 回复本消息或发送 “#${t.number} 内容” 答复 · /r 话术 · /close ${t.number} 结束`);
  return lines.join('\n');
}

import type { Lang } from '../core/model.js';
import type { TranscriptLine } from '../core/ports.js';
import type { RedFlagFamily } from '../core/reader.js';
import { quoteInline } from './quotePatientText.js';

/** A red flag for the consultants when no ticket is opened: who, what kind, and the last lines. */
export interface EmergencyAlert {
  readonly channel: string;
  /** Already masked ("张**"). */
  readonly displayName: string;
  readonly family: RedFlagFamily;
  readonly lang: Lang;
  readonly transcript: readonly TranscriptLine[];
}

/** Each red-flag family in words, for cards. */
export const redFlagNames: Readonly<Record<RedFlagFamily, string>> = {
  breathing: '呼吸困难或停止呼吸',
  chest_heart: '胸痛或心脏骤停',
  consciousness: '意识丧失、晕倒或抽搐',
  stroke: '卒中征象(口角歪斜、肢体无力、言语不清)',
  bleeding: '大出血或呕血',
  poisoning_overdose: '中毒或药物过量',
  self_harm: '自伤或轻生念头',
  anaphylaxis: '严重过敏反应',
  post_infusion: '回输后严重反应',
};

/** The urgent card for an alert: plain text, in Chinese, with no ticket number and no way to take it. */
export function renderAlertCard(a: EmergencyAlert): string {
  const lines = [
    `🚨 紧急情况提醒 · ${a.channel} · ${a.displayName} · ${a.lang === 'zh' ? '中文' : 'English'}`,
    `类型:${redFlagNames[a.family]}`,
    '已提示患者立即拨打 120。患者未进入排队;如患者要求人工,会另发工单。',
  ];
  if (a.transcript.length) {
    lines.push('最近对话:');
    for (const l of a.transcript.filter((x) => x.from !== 'bot').slice(-4)) lines.push(`  ${l.from === 'patient' ? '患者' : '顾问'}:${quoteInline(l.text)}`);
  }
  return lines.join('\n');
}

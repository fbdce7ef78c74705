import type { AnswerValue, ChecklistFlow, Severity } from './model.js';
import type { ScreeningItem } from './reply.js';
import { humanChoice, showMenu } from './render.js';
import type { TurnBuilder } from './turnBuilder.js';

const answerOrder: readonly AnswerValue[] = ['yes', 'no', 'unsure'];

/**
 * Reads a checklist answer: the whole message, or its first word ("是的 我怀孕三个月了"), against
 * the flow's answer words. Returns null for anything else, which is re-asked.
 */
export function readAnswer(flow: ChecklistFlow, folded: string): AnswerValue | null {
  const first = folded.split(' ')[0] ?? '';
  // "嗯…这个嘛" is hesitation, not a yes: a lone interjection only counts as the whole message.
  const firstWord = first !== folded && /^[嗯哦噢啊呃额]+$/u.test(first) ? '' : first;
  const candidates = [folded, folded.replace(/[啊呀吧呢哦嘛了的哈]+$/u, ''), firstWord];
  for (const text of candidates) {
    if (!text) continue;
    for (const value of answerOrder) if (flow.answers[value].words.includes(text)) return value;
  }
  return null;
}

export function askConsent(b: TurnBuilder): void {
  b.update({ state: { name: 'consent' } });
  b.ask(b.t(b.content.flow.consent.text, { count: b.content.flow.questions.length }), [
    { id: 'consent:yes', label: b.t('labelConsentYes') },
    { id: 'consent:no', label: b.t('labelConsentNo') },
  ]);
}

export function askQuestion(b: TurnBuilder, step: number, lead?: string): void {
  const flow = b.content.flow;
  const q = flow.questions[step];
  if (!q) return;
  const progress = b.t('progress', { n: step + 1, total: flow.questions.length });
  b.ask([lead, `${progress}\n${q.text[b.lang]}`].filter(Boolean).join('\n\n'), answerOrder.map((v) => ({ id: `ans:${v}`, label: flow.answers[v].label[b.lang] })));
}

/** Re-shows wherever the user is: the current question, the consent question, or the menu. */
export function showCurrent(b: TurnBuilder, lead?: string): void {
  const s = b.session.state;
  if (s.name === 'checklist') askQuestion(b, s.step, lead);
  else if (s.name === 'consent') {
    if (lead) b.say(lead);
    askConsent(b);
  } else showMenu(b, [lead, pausedNote(b)].filter(Boolean).join('\n\n') || undefined);
}

/** Starts the self-check after consent, or resumes a paused one where it was. */
export function startChecklist(b: TurnBuilder): void {
  if (!b.session.consent) return askConsent(b);
  const p = b.session.paused;
  if (!p) return restartChecklist(b);
  b.update({ state: { name: 'checklist', step: p.step, answers: p.answers, reasks: 0 }, paused: null });
  askQuestion(b, p.step, b.t('checklistResumed'));
}

/** From question 1, dropping a paused self-check. */
export function restartChecklist(b: TurnBuilder): void {
  if (!b.session.consent) return askConsent(b);
  b.update({ state: { name: 'checklist', step: 0, answers: [], reasks: 0 }, paused: null });
  askQuestion(b, 0, b.content.flow.title[b.lang]);
}

/** "自测暂停在第 n 题": said with the menu while a self-check waits to be resumed. */
export function pausedNote(b: TurnBuilder): string | undefined {
  const s = b.session.state;
  // Leaving right now: the checklist is paused when the turn ends (transition.ts).
  const p = s.name === 'checklist' && b.session.consent ? s : b.session.paused;
  return p ? b.t('checklistPaused', { n: p.step + 1, total: b.content.flow.questions.length }) : undefined;
}

/** "Back" after the result: reopens the last question so its answer can be changed. */
export function reopenLast(b: TurnBuilder): boolean {
  const done = b.session.screening;
  if (!b.session.consent || !done || done.flowId !== b.content.flow.id || !done.answers.length) return false;
  const step = done.answers.length - 1;
  b.update({ state: { name: 'checklist', step, answers: done.answers.slice(0, step), reasks: 0 }, paused: null });
  askQuestion(b, step);
  return true;
}

/** Records an answer and moves on; after the last question, shows the screening result. */
export function recordAnswer(b: TurnBuilder, value: AnswerValue): void {
  const s = b.session.state;
  if (s.name !== 'checklist') return;
  const answers = [...s.answers.slice(0, s.step), value];
  const step = s.step + 1;
  if (step < b.content.flow.questions.length) {
    b.update({ state: { name: 'checklist', step, answers, reasks: 0 } });
    askQuestion(b, step);
    return;
  }
  b.update({ state: { name: 'idle' }, screening: { flowId: b.content.flow.id, answers } });
  showResult(b, answers);
}

export function goBack(b: TurnBuilder): void {
  const s = b.session.state;
  if (s.name !== 'checklist') return showCurrent(b);
  if (s.step === 0) return askQuestion(b, 0, b.t('checklistFirst'));
  const step = s.step - 1;
  b.update({ state: { name: 'checklist', step, answers: s.answers.slice(0, step), reasks: 0 } });
  askQuestion(b, step);
}

/** Answers that did not parse: re-ask with the options, and offer a human after too many. */
export function reask(b: TurnBuilder): void {
  const s = b.session.state;
  if (s.name !== 'checklist') return;
  const reasks = s.reasks + 1;
  b.update({ state: { ...s, reasks } });
  if (reasks > b.content.flow.maxReasks) {
    const q = b.content.flow.questions[s.step];
    const flow = b.content.flow;
    b.ask(`${b.t('reaskHuman')}\n\n${q?.text[b.lang] ?? ''}`, [
      ...answerOrder.map((v) => ({ id: `ans:${v}`, label: flow.answers[v].label[b.lang] })),
      humanChoice(b, 'checklist'),
    ]);
    return;
  }
  askQuestion(b, s.step, b.t('reask'));
}

const severityOrder: readonly Severity[] = ['not_recommended', 'defer', 'caution'];

/** Screening items for a handoff card: flagged first, then unsure, then the rest. */
export function screeningItems(flow: ChecklistFlow, answers: readonly AnswerValue[]): ScreeningItem[] {
  const items = answers.flatMap((answer, i) => {
    const q = flow.questions[i];
    return q ? [{ question: q.id, answer, severity: answer === 'yes' ? q.severity : null }] : [];
  });
  const rank = (it: ScreeningItem) => (it.severity ? severityOrder.indexOf(it.severity) : it.answer === 'unsure' ? 3 : 4);
  return items.sort((a, b) => rank(a) - rank(b));
}

/** Never "eligible": lists what was flagged and why, and says a doctor decides. */
export function showResult(b: TurnBuilder, answers: readonly AnswerValue[]): void {
  const flow = b.content.flow;
  const parts = [flow.result.intro[b.lang]];
  const flagged = answers.some((a) => a !== 'no');
  if (!flagged) parts.push(flow.result.none[b.lang]);
  for (const severity of severityOrder) {
    const reasons = flow.questions.filter((q, i) => answers[i] === 'yes' && q.severity === severity).map((q) => `• ${q.reason[b.lang]}`);
    if (reasons.length) parts.push([flow.result.severity[severity][b.lang], ...reasons].join('\n'));
  }
  const unsure = flow.questions.filter((_, i) => answers[i] === 'unsure').map((q) => `• ${q.text[b.lang]}`);
  if (unsure.length) parts.push([flow.result.unsure[b.lang], ...unsure].join('\n'));
  parts.push(flow.result.closing[b.lang]);
  const choices = [humanChoice(b, 'checklist'), { id: 'menu', label: b.t('labelMenu') }];
  if (flow.onComplete === 'menu') choices.reverse();
  b.ask(parts.join('\n\n'), choices);
}

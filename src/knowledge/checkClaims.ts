import type { ChecklistFlow, FaqEntry, Lang, Localised } from '../core/model.js';
import type { Problem } from '../core/result.js';
import { findUnsupportedClaims } from './findUnsupportedClaims.js';

const langs: readonly Lang[] = ['zh', 'en'];

/** The claims guard over everything the bot says from knowledge/faq and flows/, with file, entry and field. */
export function checkClaims(entries: Iterable<FaqEntry>, flow: ChecklistFlow): Problem[] {
  const problems: Problem[] = [];
  const check = (file: string, entry: string | undefined, field: string, text: Localised) => {
    for (const lang of langs) {
      for (const c of findUnsupportedClaims(text[lang])) {
        problems.push({ file, ...(entry ? { entry } : {}), field: `${field}.${lang}`, message: `"${c.word}" is neither negated nor reported as the article's claim in "${c.sentence}"` });
      }
    }
  };
  for (const e of entries) check(`knowledge/faq/${e.id}.yaml`, e.id, 'answer', e.answer);
  const file = `flows/${flow.id}.yaml`;
  check(file, undefined, 'consent.text', flow.consent.text);
  flow.questions.forEach((q, i) => {
    check(file, q.id, `questions.${i}.text`, q.text);
    check(file, q.id, `questions.${i}.reason`, q.reason);
  });
  const r = flow.result;
  check(file, undefined, 'result.intro', r.intro);
  check(file, undefined, 'result.none', r.none);
  for (const [k, v] of Object.entries(r.severity)) check(file, undefined, `result.severity.${k}`, v);
  check(file, undefined, 'result.unsure', r.unsure);
  check(file, undefined, 'result.closing', r.closing);
  return problems;
}

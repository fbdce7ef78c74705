import type { Content } from '../core/content.js';
import { hoursSummary } from '../core/describeHours.js';
import type { Lang } from '../core/model.js';
import type { CannedReply } from '../knowledge/loadCannedReplies.js';

/** A canned reply in the patient's language with its variables filled; `missing` names one that cannot be. */
export function fillCannedReply(r: CannedReply, lang: Lang, content: Content): { text: string } | { missing: string } {
  const hours = content.clinic.hours;
  const vars: Record<string, string | null> = {
    name: content.clinic.name[lang],
    hours: hours ? hoursSummary(hours, lang) : null,
  };
  const missing = [...r[lang].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).find((v) => vars[v] === null || vars[v] === undefined);
  if (missing) return { missing };
  return { text: r[lang].replace(/\{(\w+)\}/g, (_, v: string) => vars[v] ?? '') };
}

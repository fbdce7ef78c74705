import { join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Problem, type Result } from '../core/result.js';
import { readYaml } from './readYaml.js';

/** The variables a canned reply may use. */
export const CANNED_VARIABLES = ['name', 'hours'] as const;

/** One canned reply, in both languages. */
export interface CannedReply {
  readonly key: string;
  readonly category: string;
  readonly zh: string;
  readonly en: string;
}

const text = z.string().trim().min(1).max(1000);
const repliesSchema = z.strictObject({
  categories: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,24}$/, 'lower-case letters, digits and -'),
        title: z.string().trim().min(1).max(20),
        replies: z.array(z.strictObject({ key: z.string().regex(/^[a-z0-9_-]{1,16}$/, 'a short key: lower-case letters, digits, _ and -'), zh: text, en: text })).min(1),
      }),
    )
    .min(1),
});

const variablesOf = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** knowledge/replies.yaml, checked: unique keys, known variables, the same variables in both languages. */
export function loadCannedReplies(root: string): Result<ReadonlyMap<string, CannedReply>, Problem[]> {
  const file = 'knowledge/replies.yaml';
  const read = readYaml(join(root, file), repliesSchema, root);
  if (!read.ok) return read;
  const problems: Problem[] = [];
  const replies = new Map<string, CannedReply>();
  read.value.categories.forEach((c, ci) =>
    c.replies.forEach((r, ri) => {
      const field = `categories.${ci}.replies.${ri}`;
      if (replies.has(r.key)) problems.push({ file, entry: r.key, field: `${field}.key`, message: 'duplicate key' });
      for (const lang of ['zh', 'en'] as const) {
        const unknown = variablesOf(r[lang]).filter((v) => !(CANNED_VARIABLES as readonly string[]).includes(v));
        if (unknown.length) problems.push({ file, entry: r.key, field: `${field}.${lang}`, message: `unknown variable {${unknown[0]}}; use ${CANNED_VARIABLES.map((v) => `{${v}}`).join(' or ')}` });
      }
      if (variablesOf(r.zh).join() !== variablesOf(r.en).join()) problems.push({ file, entry: r.key, field, message: 'zh and en use different variables' });
      replies.set(r.key, { key: r.key, category: c.title, zh: r.zh, en: r.en });
    }),
  );
  return problems.length ? err(problems) : ok(replies);
}

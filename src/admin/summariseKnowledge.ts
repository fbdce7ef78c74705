import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Content } from '../core/content.js';
import { formatProblem } from '../core/result.js';
import { newSession } from '../core/session.js';
import { transition } from '../core/transition.js';
import type { Reader } from '../core/reader.js';
import { checkClaims } from '../knowledge/checkClaims.js';
import { faqEntrySchema } from '../knowledge/knowledgeSchema.js';
import { readYaml } from '../knowledge/readYaml.js';

/** What the console shows under Knowledge. */
export interface KnowledgeSummary {
  /** sha256 of every file under knowledge/ and flows/, names included: changes whenever the content does. */
  readonly version: string;
  readonly files: number;
  /** The same checks as `npm run kb:check` beyond loading (loading already passed, or the bot would not run). */
  readonly check: { readonly ok: boolean; readonly examples: number; readonly problems: readonly string[] };
  readonly answers: readonly { readonly id: string; readonly title: string; readonly source: string; readonly answer: string }[];
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
  } catch {
    return [];
  }
}

/** Hashes the content folders, re-runs kb:check's routing and claims checks, and lists each answer with its source. */
export function summariseKnowledge(root: string, content: Content, reader: Reader): KnowledgeSummary {
  const files = [...filesUnder(join(root, 'knowledge')), ...filesUnder(join(root, 'flows'))].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  const problems: string[] = [];
  let examples = 0;
  for (const entry of content.faq.values()) {
    for (const lang of ['zh', 'en'] as const) {
      entry.examples[lang].forEach((q, i) => {
        examples++;
        const { route } = transition(newSession(), { kind: 'text', text: q }, { now: 0, content, reader });
        if (route.route !== 'faq' || route.id !== entry.id || route.clarify) problems.push(`knowledge/faq/${entry.id}.yaml examples.${lang}.${i} routes to ${route.route}${route.id ? `:${route.id}` : ''}`);
      });
    }
  }
  problems.push(...checkClaims(content.faq.values(), content.flow).map(formatProblem));
  return {
    version: hash.digest('hex').slice(0, 16),
    files: files.length,
    check: { ok: problems.length === 0, examples, problems },
    answers: [...content.faq.values()].map((e) => {
      // The engine's model drops `source`; the file still has it.
      const file = readYaml(join(root, 'knowledge', 'faq', `${e.id}.yaml`), faqEntrySchema, root);
      return { id: e.id, title: e.title.zh, source: file.ok ? file.value.source : '(unreadable)', answer: e.answer.zh };
    }),
  };
}

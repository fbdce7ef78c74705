import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { messageKeys, type Messages } from '../core/messages.js';
import type { FaqEntry } from '../core/model.js';
import { err, ok, type Problem, type Result } from '../core/result.js';
import { actsSchema, clinicSchema, emergencySchema, faqEntrySchema, intentsSchema, localisedSchema, scopeSchema, synonymsSchema } from './knowledgeSchema.js';
import { readYaml } from './readYaml.js';

const messagesSchema = z.strictObject(Object.fromEntries(messageKeys.map((k) => [k, localisedSchema])) as Record<(typeof messageKeys)[number], typeof localisedSchema>);
const menuSchema = z.strictObject({ faq_list: z.array(z.string()).min(1) });

export interface KnowledgeFiles {
  readonly entries: readonly FaqEntry[];
  readonly synonyms: z.output<typeof synonymsSchema>;
  readonly emergency: z.output<typeof emergencySchema>;
  readonly clinic: z.output<typeof clinicSchema>;
  readonly intents: z.output<typeof intentsSchema>;
  readonly messages: Messages;
  readonly faqList: readonly string[];
  readonly scope: z.output<typeof scopeSchema>;
  readonly acts: z.output<typeof actsSchema>;
}

/** Reads every file in knowledge/, collecting all problems rather than stopping at the first. */
export function loadKnowledge(root: string): Result<KnowledgeFiles, Problem[]> {
  const dir = join(root, 'knowledge');
  const problems: Problem[] = [];
  const take = <T>(r: Result<T, Problem[]>): T | undefined => (r.ok ? r.value : (problems.push(...r.error), undefined));

  const entries: FaqEntry[] = [];
  const seen = new Map<string, string>();
  let files: string[] = [];
  try {
    files = readdirSync(join(dir, 'faq')).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    problems.push({ file: 'knowledge/faq/', message: 'folder is missing' });
  }
  for (const f of files) {
    const e = take(readYaml(join(dir, 'faq', f), faqEntrySchema, root));
    if (!e) continue;
    const file = `knowledge/faq/${f}`;
    if (seen.has(e.id)) problems.push({ file, entry: e.id, field: 'id', message: `duplicate id, also in ${seen.get(e.id)}` });
    else seen.set(e.id, file);
    if (f.replace(/\.ya?ml$/, '') !== e.id) problems.push({ file, entry: e.id, field: 'id', message: 'file name must be the id' });
    entries.push(e);
  }
  const synonyms = take(readYaml(join(dir, 'synonyms.yaml'), synonymsSchema, root));
  const emergency = take(readYaml(join(dir, 'emergency.yaml'), emergencySchema, root));
  const clinic = take(readYaml(join(dir, 'clinic.yaml'), clinicSchema, root));
  const intents = take(readYaml(join(dir, 'intents.yaml'), intentsSchema, root));
  const messages = take(readYaml(join(dir, 'messages.yaml'), messagesSchema, root));
  const menu = take(readYaml(join(dir, 'menu.yaml'), menuSchema, root));
  const scope = take(readYaml(join(dir, 'scope.yaml'), scopeSchema, root));
  const acts = take(readYaml(join(dir, 'acts.yaml'), actsSchema, root));
  if (problems.length || !synonyms || !emergency || !clinic || !intents || !messages || !menu || !scope || !acts) return err(problems);
  return ok({ entries, synonyms, emergency, clinic, intents, messages, faqList: menu.faq_list, scope, acts });
}

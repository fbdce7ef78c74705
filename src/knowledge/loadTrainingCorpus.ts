import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RouteLabel } from '../core/reader.js';
import { err, ok, type Problem, type Result } from '../core/result.js';
import type { LabelledText } from './classifier/createRouter.js';
import { readYaml } from './readYaml.js';

const routeSchema = z.union([z.templateLiteral(['faq:', z.string().min(1)]), z.enum(['flow', 'handoff', 'menu', 'smalltalk', 'out_of_scope'])]);

/** knowledge/training/*.yaml: users' words for one route each (never shown as answers). */
export const trainingFileSchema = z.strictObject({
  route: routeSchema,
  messages: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
});

/** Reads every training file; a topic route must name a topic that exists. */
export function loadTrainingCorpus(root: string, topics: ReadonlySet<string>): Result<LabelledText[], Problem[]> {
  const dir = join(root, 'knowledge', 'training');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return err([{ file: 'knowledge/training/', message: 'folder is missing' }]);
  }
  const problems: Problem[] = [];
  const out: LabelledText[] = [];
  for (const f of files) {
    const r = readYaml(join(dir, f), trainingFileSchema, root);
    if (!r.ok) {
      problems.push(...r.error);
      continue;
    }
    const { route, messages } = r.value;
    if (route.startsWith('faq:') && !topics.has(route.slice(4))) problems.push({ file: `knowledge/training/${f}`, field: 'route', message: `unknown topic "${route.slice(4)}"` });
    for (const text of messages) out.push({ label: route as RouteLabel, text });
  }
  return problems.length ? err(problems) : ok(out);
}

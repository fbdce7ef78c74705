import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../support/bundle.js';

/** Every message of knowledge/training/, with its route. */
export function readTrainingCorpus(): { route: string; text: string }[] {
  const dir = resolve(projectRoot, 'knowledge/training');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      const d = parse(readFileSync(resolve(dir, f), 'utf8')) as { route: string; messages: unknown[] };
      return d.messages.map((m) => ({ route: d.route, text: String(m) }));
    });
}

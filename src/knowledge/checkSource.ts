import { seeds as shippedSeeds, type Seed } from './seedSections.js';

/** One cited section, e.g. seed 000 §二.4. */
export interface SourceRef {
  readonly seed: string;
  readonly section: string;
}

export type SourceCheck = { readonly ok: true; readonly refs: readonly SourceRef[] } | { readonly ok: false; readonly problems: readonly string[] };

const refPattern = /^seed (\d{3}) (.+?)(?: \(([^()]+)\))?$/u;
const sectionPattern = /^§([一二三四五六七八九十]+)(?:\.(\d+)(?:-(\d+))?)?$/u;
const named = new Set(['header', 'title', 'intro']);

/**
 * Parses an answer's `source:` ("seed 000 §二.1-6, §四; seed 001 §三.3 (note)") and checks that
 * every seed and section it names exists. A source that cites nothing is a problem: every
 * answer rests on the articles.
 */
export function checkSource(source: string, seeds: Readonly<Record<string, Seed>> = shippedSeeds): SourceCheck {
  const problems: string[] = [];
  const refs: SourceRef[] = [];
  for (const part of source.split(';').map((p) => p.trim())) {
    const m = refPattern.exec(part);
    if (!m) {
      problems.push(`"${part}" is not "seed NNN §section[, §section] (note)"`);
      continue;
    }
    const [, number = '', list = ''] = m;
    const seed = seeds[number];
    if (!seed) {
      problems.push(`seed ${number} does not exist (known: ${Object.keys(seeds).join(', ')})`);
      continue;
    }
    for (const raw of list.split(',').map((s) => s.trim())) {
      for (const section of expand(raw)) {
        if (section === null) problems.push(`seed ${number}: "${raw}" is not a section (§一, §二.3, §三.1-5, header, title or intro)`);
        else if (!seed.sections[section]) problems.push(`seed ${number} has no section ${named.has(section) ? section : `§${section}`}`);
        else refs.push({ seed: number, section });
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, refs };
}

/** "§二.1-3" → 二.1, 二.2, 二.3; "title" → title; anything else → null. */
function expand(raw: string): (string | null)[] {
  if (named.has(raw)) return [raw];
  const m = sectionPattern.exec(raw);
  if (!m) return [null];
  const [, chapter = '', from, to] = m;
  if (from === undefined) return [chapter];
  if (to === undefined) return [`${chapter}.${from}`];
  const a = Number(from);
  const b = Number(to);
  if (b <= a) return [null];
  return Array.from({ length: b - a + 1 }, (_, i) => `${chapter}.${a + i}`);
}

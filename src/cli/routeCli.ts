import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { evaluateRoutes } from './evaluateRoutes.js';
import { loadBundleOrExit } from './loadBundleOrExit.js';
import { routeMessage } from './routeMessage.js';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');
const labelled = z.object({ text: z.string(), expect: z.array(z.string()).min(1) });

/** `npm run -s route`: one JSON line per stdin line. `-- --eval FILE.jsonl`: accuracy report. */
async function main(): Promise<void> {
  const bundle = loadBundleOrExit();
  const evalAt = process.argv.indexOf('--eval');
  if (evalAt >= 0) {
    const file = process.argv[evalAt + 1];
    if (!file) throw new Error('usage: route --eval FILE.jsonl');
    const items = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const r = labelled.safeParse(JSON.parse(l));
        if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message}`);
        return r.data;
      });
    const e = evaluateRoutes(bundle, items);
    const out = [`overall      ${pct(e.correct, e.total)}  (${e.correct}/${e.total})`];
    for (const [route, b] of Object.entries(e.byRoute).sort()) out.push(`${route.padEnd(12)} ${pct(b.correct, b.total)}  (${b.correct}/${b.total})`);
    out.push(`clarified    ${pct(e.clarified, e.total)}  (${e.clarified}/${e.total})`);
    out.push(`emergencies  ${e.emergencies.caught}/${e.emergencies.total} caught, ${e.emergencies.false} false alarms`);
    out.push(`fallback answered as FAQ: ${e.fallbackAnswered}`);
    if (e.misses.length) out.push('', 'misses:');
    for (const m of e.misses) out.push(`  ${m.item.text}  expected ${m.item.expect.join('|')}  got ${JSON.stringify({ route: m.got.route, id: m.got.id, score: m.got.score, alternatives: m.got.alternatives })}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) process.stdout.write(`${JSON.stringify(routeMessage(bundle, line))}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

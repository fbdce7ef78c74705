import { createInterface } from 'node:readline';
import { crossValidate } from './crossValidate.js';
import { evaluateRoutes } from './evaluateRoutes.js';
import { loadBundleOrExit } from './loadBundleOrExit.js';
import { readLabelled } from './readLabelled.js';
import { routeMessage } from './routeMessage.js';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');

/** `npm run -s route`: one JSON line per stdin line. `-- --eval FILE.jsonl`: accuracy report. `-- --cv`: k-fold cross-validation of the router. */
async function main(): Promise<void> {
  const bundle = loadBundleOrExit();
  if (process.argv.includes('--cv')) {
    const cv = crossValidate(bundle.corpus, bundle.analyse);
    const out = [`${cv.folds}-fold cross-validation over ${cv.total} training messages: ${pct(cv.correct, cv.total)}`];
    for (const [label, b] of Object.entries(cv.byLabel).sort()) out.push(`${label.padEnd(24)} ${pct(b.correct, b.total)}  (${b.correct}/${b.total})`);
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  const evalAt = process.argv.indexOf('--eval');
  if (evalAt >= 0) {
    const file = process.argv[evalAt + 1];
    if (!file) throw new Error('usage: route --eval FILE.jsonl');
    const e = evaluateRoutes(bundle, readLabelled(file));
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

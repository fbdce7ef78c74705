import { evaluateRedFlags, readRedFlagCases } from './evaluateRedFlags.js';
import { loadBundleOrExit } from './loadBundleOrExit.js';

/** `npm run -s redflags -- FILE.jsonl [-v]`: recall by family and false alarms; -v lists each miss. */
function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: redflags FILE.jsonl [-v]');
  const bundle = loadBundleOrExit();
  const e = evaluateRedFlags(bundle.reader, readRedFlagCases(file));
  const out = Object.entries(e.recall)
    .sort()
    .map(([f, r]) => `${f.padEnd(20)} ${r.caught}/${r.total}`);
  const caught = Object.values(e.recall).reduce((n, r) => n + r.caught, 0);
  const total = Object.values(e.recall).reduce((n, r) => n + r.total, 0);
  out.push(`${'all emergencies'.padEnd(20)} ${caught}/${total}`, `${'false alarms'.padEnd(20)} ${e.falseAlarms}/${e.lookAlikes}`);
  if (process.argv.includes('-v')) {
    out.push('', 'missed:', ...e.misses.map((m) => `  [${m.family}] ${m.text}`), 'false alarms:', ...e.alarms.map((m) => `  ${m.text}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();

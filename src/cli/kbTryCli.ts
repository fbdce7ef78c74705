import { loadBundleOrExit } from './loadBundleOrExit.js';
import { routeMessage } from './routeMessage.js';

/** `npm run kb:try -- "问题"`: how a message is read, what the red-flag scan saw, the router's top routes, and where it goes. */
const text = process.argv.slice(2).join(' ');
if (!text) {
  process.stderr.write('usage: npm run kb:try -- "孕妇可以做干细胞吗"\n');
  process.exit(2);
}
const bundle = loadBundleOrExit();
const a = bundle.analyse(text);
const flags = bundle.redFlags.explain(text);
const understood = bundle.reader.classify(text);
const title = (label: string) => (label.startsWith('faq:') ? (bundle.content.faq.get(label.slice(4))?.title.zh ?? '') : '');
const lines = [
  `normalised: ${a.folded}`,
  `synonyms:   ${a.hits.length ? a.hits.map((h) => `${h.from}→${h.to}`).join(', ') : '(none)'}`,
  `tokens:     ${a.tokens.join(' | ') || '(none)'}`,
  `red flags:  ${flags.symptoms.map((s) => `${s.family}:${s.verdict}`).join(', ') || '(none)'}${flags.flag ? `  → EMERGENCY (${flags.flag.family})` : ''}`,
  `router:     ${understood.kind}`,
  'candidates:',
  ...understood.candidates.slice(0, 5).map((c) => `  ${c.score.toFixed(3)}  ${c.label}  ${title(c.label)}`),
  `route:      ${JSON.stringify(routeMessage(bundle, text))}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

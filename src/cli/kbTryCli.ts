import { loadBundleOrExit } from './loadBundleOrExit.js';
import { routeMessage } from './routeMessage.js';

/** `npm run kb:try -- "问题"`: how a message is read, its top candidates, and where it goes. */
const text = process.argv.slice(2).join(' ');
if (!text) {
  process.stderr.write('usage: npm run kb:try -- "孕妇可以做干细胞吗"\n');
  process.exit(2);
}
const bundle = loadBundleOrExit();
const a = bundle.analyse(text);
const explained = bundle.matcher.explain(text);
const { outcome } = explained;
const lines = [
  `normalised: ${a.folded}`,
  `synonyms:   ${a.hits.length ? a.hits.map((h) => `${h.from}→${h.to}`).join(', ') : '(none)'}`,
  `tokens:     ${a.tokens.join(' | ') || '(none)'}`,
  `fuzzy:      ${explained.fuzzy.map((f) => `${f.from}≈${f.to} (${f.similarity.toFixed(2)})`).join(", ") || "(none)"}`,
  `matcher:    ${outcome.kind}`,
  'candidates:',
  ...outcome.candidates.slice(0, 5).map((c) => `  ${c.score.toFixed(3)}  ${c.id}  ${bundle.content.faq.get(c.id)?.title.zh ?? ''}`),
  `route:      ${JSON.stringify(routeMessage(bundle, text))}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

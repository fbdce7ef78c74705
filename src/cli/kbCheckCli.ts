import { formatProblem } from '../core/result.js';
import { checkClaims } from '../knowledge/checkClaims.js';
import { loadCannedReplies } from '../knowledge/loadCannedReplies.js';
import { loadBundleOrExit, projectRoot } from './loadBundleOrExit.js';
import { routeMessage } from './routeMessage.js';

/**
 * `npm run kb:check`: schemas and cross-references (via the loader), then every example
 * question must route to its own entry, so an edit that steals another topic's questions fails;
 * and the claims guard: no cure, success rate or approval unless negated or reported as the article's.
 * Each answer's `source:` is checked against the seeds' sections by the schema, when loading.
 */
const bundle = loadBundleOrExit();
const failures: string[] = [];
let examples = 0;
for (const entry of bundle.content.faq.values()) {
  for (const lang of ['zh', 'en'] as const) {
    entry.examples[lang].forEach((q, i) => {
      examples++;
      const got = routeMessage(bundle, q);
      if (got.route !== 'faq' || got.id !== entry.id || got.clarify) {
        const what = got.clarify ? `a clarification between ${got.alternatives?.join(' / ')}` : `${got.route}${got.id ? `:${got.id}` : ''} (score ${got.score})`;
        failures.push(`knowledge/faq/${entry.id}.yaml, entry "${entry.id}", field "examples.${lang}.${i}": "${q}" routes to ${what}`);
      }
    });
  }
}
const claims = checkClaims(bundle.content.faq.values(), bundle.content.flow);
// knowledge/replies.yaml: keys, languages and variables of the consultants' canned replies.
const replies = loadCannedReplies(process.env.CONTENT_DIR ?? projectRoot);
if (!replies.ok) claims.push(...replies.error);
for (const f of failures) process.stderr.write(`✗ ${f}\n`);
for (const p of claims) process.stderr.write(`✗ ${formatProblem(p)}\n`);
if (failures.length) process.stderr.write(`${failures.length} of ${examples} example questions do not route to their own entry\n`);
if (claims.length) process.stderr.write(`${claims.length} unsupported efficacy or approval claims\n`);
if (failures.length || claims.length) process.exit(1);
process.stdout.write(`✓ knowledge/ and flows/ are valid: ${bundle.content.faq.size} topics, ${examples} example questions all route home, no unsupported claims, ${bundle.content.flow.questions.length} checklist questions, ${replies.ok ? replies.value.size : 0} canned replies\n`);

import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { loadKnowledge } from '../../knowledge/loadKnowledge.js';
import { loadBundleOrExit, projectRoot } from '../loadBundleOrExit.js';
import { benchEngine } from './benchEngine.js';
import { benchMatcher } from './benchMatcher.js';
import { benchRedFlags } from './benchRedFlags.js';
import { benchRouterAccuracy } from './benchRouter.js';
import { benchRouterCost } from './benchRouterCost.js';
import { buildSyntheticEntries } from './buildSyntheticEntries.js';
import { createBaselineMatcher } from './createBaselineMatcher.js';
import { formatReport, type BenchReport } from './formatReport.js';
import { measureStartup } from './measureStartup.js';
import { readLabelled } from '../readLabelled.js';
import { runBurstBench } from './runBurstBench.js';
import { runRedisBenchmark } from './runRedisBenchmark.js';
import { scoreBaseline } from './scoreBaseline.js';
import { scoreOurs } from './scoreOurs.js';
import { round } from './summarise.js';
import { withRouterFactory } from './withRouter.js';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const devRoutes = resolve(projectRoot, 'tests/fixtures/eval/dev-routes.jsonl');
const holdout = resolve(projectRoot, 'tests/fixtures/holdout-routes.jsonl');
/** Labelled route checks: never training data, never used to tune anything. */
const routeChecks = {
  'dev-routes': devRoutes,
  'dev-routes-2': resolve(projectRoot, 'tests/fixtures/eval/dev-routes-2.jsonl'),
  'holdout-routes': holdout,
  'near-miss-routes': resolve(projectRoot, 'tests/fixtures/near-miss-routes.jsonl'),
};
const emergencyChecks = {
  'dev-emergency': resolve(projectRoot, 'tests/fixtures/eval/dev-emergency.jsonl'),
  'emergency-corpus': resolve(projectRoot, 'tests/fixtures/emergency-corpus.jsonl'),
};
/** The emergency files label each line "emergency" or "not_emergency". */
const readEmergencies = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const j = JSON.parse(l) as { text: string; expect: string | string[] };
      return { text: j.text, emergency: ([] as string[]).concat(j.expect).includes('emergency') };
    });

/** `npm run bench [-- --json]`: figures on stdout (a table, or one JSON object); progress on stderr. */
async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const want = (part: string) => !process.argv.includes('--only') || only === part;
  const load_average = loadavg().map((x) => round(x, 2));

  // Start-up first, while nothing else competes for the two cores.
  log('start-up');
  const startup = want('startup') ? await measureStartup(3) : { startup_ms: Number.NaN, in_process_ms: Number.NaN, runs: 0 };

  const bundle = loadBundleOrExit();
  const kb = loadKnowledge(projectRoot);
  if (!kb.ok) throw new Error('knowledge base did not load');
  const real = [...bundle.content.faq.values()];
  const tools = {
    groups: Object.entries(kb.value.synonyms.synonyms).map(([canonical, variants]) => [canonical, ...variants]),
    typoChars: [...new Set(real.flatMap((e) => [...e.examples.zh.join('')]).filter((c) => /\p{Script=Han}/u.test(c)))],
  };
  const dev = readLabelled(devRoutes);
  const queries = [...dev, ...readLabelled(holdout)].map((i) => i.text);
  // The burst bench builds its own runtime and prints its own report (backpressure, issue 17).
  if (only === 'burst') return runBurstBench(bundle, dev, json, log);

  let matcher: BenchReport['matcher'] | null = null;
  if (want('matcher')) {
    log(`matcher: shipped (${queries.length} queries)`);
    const shipped = benchMatcher({ entries: real, analyse: bundle.analyse, queries, reps: 20, baselineQueries: queries.length });
    log('matcher: 1,000 questions');
    const q1000 = benchMatcher({ entries: buildSyntheticEntries(real, 1000, tools), analyse: bundle.analyse, queries, reps: 5, baselineQueries: 100 });
    log('matcher: 10,000 questions (the fuse baseline takes a while)');
    const q10000 = benchMatcher({ entries: buildSyntheticEntries(real, 10_000, tools), analyse: bundle.analyse, queries, reps: 3, baselineQueries: 40 });
    log('matcher: accuracy');
    const baseline = createBaselineMatcher(real);
    matcher = {
      shipped: shipped.ours,
      q1000: q1000.ours,
      q10000: q10000.ours,
      baseline_shipped: shipped.baseline,
      baseline_q1000: q1000.baseline,
      baseline_q10000: q10000.baseline,
      speedup_shipped: shipped.speedup.mean,
      speedup_q1000: q1000.speedup.mean,
      speedup_q10000: q10000.speedup.mean,
      questions: { shipped: shipped.questions, q1000: q1000.questions, q10000: q10000.questions },
      dev_accuracy: { ours: scoreOurs(bundle, dev), baseline: scoreBaseline(dev, (t) => baseline.match(t)) },
    };
  }

  const checks = Object.fromEntries(Object.entries(routeChecks).map(([name, file]) => [name, readLabelled(file)]));
  const emergencies = Object.fromEntries(Object.entries(emergencyChecks).map(([name, file]) => [name, readEmergencies(file)]));
  const typical = [...Object.values(checks).flat().map((i) => i.text), ...Object.values(emergencies).flat().map((i) => i.text)];

  let redflags: BenchReport['redflags'] = null;
  if (want('redflags')) {
    log(`red flags: CPU per scan over ${typical.length} check-file messages`);
    redflags = benchRedFlags(bundle, typical, emergencies);
  }

  let router: BenchReport['router'] = null;
  if (want('router')) {
    const accuracy = benchRouterAccuracy({ bundle, withRouter: withRouterFactory(bundle), checks, log });
    const sizes = process.argv.includes('--quick') ? [10_000] : [10_000, 100_000];
    const cost = benchRouterCost({ bundle, real, tools, queries: typical, sizes, log });
    router = { accuracy, cost, train_cpu_ms: cost.shipped.train_cpu_ms, classify_cpu_us_per_message: cost.shipped.classify_cpu_us_per_message };
  }

  let engine: BenchReport['engine'] = null;
  const redisUrl = process.env.REDIS_URL;
  if (want('engine') && redisUrl) {
    const pool = {
      zh: dev.filter((i) => i.expect[0]?.startsWith('faq:') && /\p{Script=Han}/u.test(i.text)).map((i) => i.text),
      en: dev.filter((i) => i.expect[0]?.startsWith('faq:') && !/\p{Script=Han}/u.test(i.text)).map((i) => i.text),
    };
    const figures = await benchEngine(bundle, redisUrl, process.env.BOT_SECRET ?? 'bench-secret-0123456789', pool, log, (c) => runRedisBenchmark(redisUrl, 50_000, c).pairs_per_s);
    log('redis-benchmark -q -t get,set (its default 50 connections, for reference)');
    const redis = runRedisBenchmark(redisUrl);
    // ratio_to_redis is now the median of alternating runs at the same connection count (issue 19).
    engine = { ...figures, redis, redis_get_set_pairs_per_s: Math.round(redis.pairs_per_s), ratio_to_redis: figures.ratio_median, ratio_to_redis_50_connections: round(figures.users1000.msgs_per_s / redis.pairs_per_s, 3) };
  } else if (want('engine')) log('engine skipped: REDIS_URL is not set (use npm run bench, which starts a throwaway redis-server)');

  const report: BenchReport = {
    matcher,
    engine,
    router,
    redflags,
    startup_ms: startup.startup_ms,
    startup,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', mem_gb: Math.round(totalmem() / 1024 ** 3), node: process.version },
    load_average: { at_start: load_average, at_end: loadavg().map((x) => round(x, 2)) },
  };
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

import type { MatcherFigures } from './benchMatcher.js';
import type { EngineFigures, LoadFigures } from './benchEngine.js';
import type { RedisLimit } from './runRedisBenchmark.js';
import type { Accuracy } from './scoreBaseline.js';
import type { StartupFigures } from './measureStartup.js';
import type { RedFlagFigures } from './benchRedFlags.js';
import type { ContenderFigures, RouterAccuracyFigures } from './benchRouter.js';
import type { RouterCostFigures, RouterSizeFigures } from './benchRouterCost.js';

/** Everything one `npm run bench` measured; `--json` prints it as is. */
export interface BenchReport {
  readonly matcher: {
    readonly shipped: MatcherFigures['ours'];
    readonly q1000: MatcherFigures['ours'];
    readonly q10000: MatcherFigures['ours'];
    readonly baseline_shipped: MatcherFigures['baseline'];
    readonly baseline_q1000: MatcherFigures['baseline'];
    readonly baseline_q10000: MatcherFigures['baseline'];
    readonly speedup_shipped: number;
    readonly speedup_q1000: number;
    readonly speedup_q10000: number;
    readonly questions: { shipped: number; q1000: number; q10000: number };
    readonly dev_accuracy: { readonly ours: Accuracy; readonly baseline: Accuracy };
  } | null;
  readonly engine: (EngineFigures & { redis: RedisLimit; redis_get_set_pairs_per_s: number; ratio_to_redis: number; ratio_to_redis_50_connections: number }) | null;
  readonly startup_ms: number;
  readonly startup: StartupFigures;
  readonly machine: { cpus: number; cpu: string; mem_gb: number; node: string };
  /** The router: held-out accuracy beside the fuse.js and BM25 baselines, and its costs. */
  readonly router: {
    readonly accuracy: RouterAccuracyFigures;
    readonly cost: RouterCostFigures;
    readonly train_cpu_ms: number;
    readonly classify_cpu_us_per_message: number;
  } | null;
  readonly redflags: RedFlagFigures | null;
  /** os.loadavg() (1, 5, 15 min) when the bench started and ended: CPU figures hold up under load, wall times do not. */
  readonly load_average: { at_start: number[]; at_end: number[] };
}

const pad = (cells: readonly (string | number)[], widths: readonly number[]) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join('  ');
const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}% (${n}/${d})` : 'n/a');
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  return [pad(head, widths), pad(head.map((_, i) => '-'.repeat(widths[i]!)), widths), ...rows.map((r) => pad(r, widths))];
}

/** The readable table `npm run bench` prints, with each target and whether it was met. */
export function formatReport(r: BenchReport): string {
  const out: string[] = [
    `machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.mem_gb} GB, Node ${r.machine.node}; load average ${r.load_average.at_start.join(' ')} at start, ${r.load_average.at_end.join(' ')} at end`,
  ];
  const t: [string, boolean][] = [];
  if (r.matcher) matcherSection(r.matcher, out, t);
  if (r.router) routerSection(r.router, out, t);
  if (r.redflags) redFlagSection(r.redflags, out, t);
  engineSection(r, out, t);
  if (Number.isFinite(r.startup_ms)) {
    out.push('', `START-UP  ${r.startup_ms} ms to ready (spawn → KB loaded, index built; ${r.startup.in_process_ms} ms inside the process; median of ${r.startup.runs})`);
    t.push([`start-up ≤ 1.5 s: ${r.startup_ms} ms`, r.startup_ms <= 1500]);
  }
  out.push('', 'TARGETS (reported, not asserted)');
  out.push(...t.map(([s, ok]) => `  ${mark(ok).padEnd(6)}  ${s}`));
  return out.join('\n');
}

function matcherSection(m: NonNullable<BenchReport['matcher']>, out: string[], t: [string, boolean][]): void {
  out.push('', 'MATCHER, the IDF matcher kept for kb:try (per query, µs)');
  const sizes = [
    ['shipped', m.questions.shipped, m.shipped, m.baseline_shipped, m.speedup_shipped],
    ['1,000', m.questions.q1000, m.q1000, m.baseline_q1000, m.speedup_q1000],
    ['10,000', m.questions.q10000, m.q10000, m.baseline_q10000, m.speedup_q10000],
  ] as const;
  out.push(
    ...table(
      ['kb', 'questions', 'ours p50', 'ours p99', 'build ms', 'heap MB', 'fuse p50', 'fuse p99', 'fuse build ms', 'fuse heap MB', 'speed-up'],
      sizes.map(([name, q, o, b, s]) => [name, q, o.p50_us, o.p99_us, o.build_ms, o.heap_mb, b.p50_us, b.p99_us, b.build_ms, b.heap_mb, `${s}×`]),
    ),
  );
  const acc = (a: Accuracy) => [pct(a.overall.correct, a.overall.total), pct(a.in_scope.correct, a.in_scope.total), `${a.false_accepts.count}/${a.false_accepts.of}`, `${a.emergencies.caught}/${a.emergencies.total}`];
  out.push('', 'ACCURACY on tests/fixtures/eval/dev-routes.jsonl (a check, never training data)');
  out.push(...table(['', 'overall', 'in-scope (FAQ)', 'out-of-scope answered', 'emergencies caught'], [['ours', ...acc(m.dev_accuracy.ours)], ['fuse defaults', ...acc(m.dev_accuracy.baseline)]]));
  t.push(
    [`matcher p99 shipped ≤ 1 ms: ${m.shipped.p99_us} µs`, m.shipped.p99_us <= 1000],
    [`matcher p99 at 10k ≤ 5 ms: ${m.q10000.p99_us} µs`, m.q10000.p99_us <= 5000],
    [`≥ 10× faster than fuse at 10k: ${m.speedup_q10000}×`, m.speedup_q10000 >= 10],
  );
}

function engineSection(r: BenchReport, out: string[], t: [string, boolean][]): void {
  const e = r.engine;
  if (e) {
    out.push('', `ENGINE + REDIS (one process; latency with users pausing ${e.think_ms[0]}–${e.think_ms[1]} ms between messages)`);
    const row = (name: string, l: LoadFigures) => [name, l.messages, l.msgs_per_s, l.saturated_p50_ms, l.saturated_p99_ms, l.cpu_us_per_message, l.paced_msgs_per_s, l.p50_ms, l.p99_ms, l.failed];
    out.push(...table(['users', 'messages', 'saturated msgs/s', 'sat p50 ms', 'sat p99 ms', 'sat CPU µs/msg', 'paced msgs/s', 'paced p50 ms', 'paced p99 ms', 'failed'], [row('100', e.users100), row('1,000', e.users1000)]));
    out.push(
      `redis commands per message  ${e.redis_cmds_per_msg}  (${Object.entries(e.redis_cmds_breakdown).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `session bytes (MEMORY USAGE) idle ${e.session_bytes}, mid-checklist ${e.session_bytes_checklist}`,
      `process RSS peak            ${e.rss_mb} MB`,
      `redis-benchmark             GET ${Math.round(e.redis.get_rps)}/s, SET ${Math.round(e.redis.set_rps)}/s → ${Math.round(e.redis_get_set_pairs_per_s)} GET+SET pairs/s`,
      `ours / redis pair limit     ${Math.round(100 * e.ratio_to_redis)}% (median of ${e.ratio_runs.map((x) => `${x.msgs_per_s}/${x.pairs_per_s}`).join(', ')}, redis-benchmark at 1 connection as the bot uses; ${Math.round(100 * e.ratio_to_redis_50_connections)}% of the 50-connection rate)`,
      `engine CPU per message      ${e.cpu_us_per_message} µs (1,000 users saturated, flood guard on; median of ${e.ratio_runs.map((x) => x.cpu_us_per_message).join(', ')})`,
    );
    t.push([`engine CPU ≤ 150 µs per message: ${e.cpu_us_per_message} µs`, e.cpu_us_per_message <= 150]);
    t.push([`p99 at 1,000 users ≤ 10 ms: ${e.users1000.p99_ms} ms`, e.users1000.p99_ms <= 10]);
    t.push([`≥ 30% of Redis GET+SET pairs: ${Math.round(100 * e.ratio_to_redis)}%`, e.ratio_to_redis >= 0.3]);
    t.push([`≤ 1 KB per idle session: ${e.session_bytes} B`, e.session_bytes <= 1024]);
  } else if (r.matcher) out.push('', 'ENGINE: skipped (no REDIS_URL, or --only)');
}

const contenders = (a: RouterAccuracyFigures): [string, ContenderFigures][] => [
  ['ours (logistic)', a.ours],
  ['BM25 (minisearch)', a.bm25],
  ['fuse.js (token search)', a.fuse],
];
const kinds = ['faq', 'flow', 'handoff', 'menu', 'smalltalk', 'out_of_scope', 'fallback', 'emergency'];
const cell = (b: { total: number; correct: number } | undefined) => (b ? pct(b.correct, b.total) : '');

function routerSection(r: NonNullable<BenchReport['router']>, out: string[], t: [string, boolean][]): void {
  const a = r.accuracy;
  out.push('', `ROUTER ACCURACY, held out: corpus ${a.corpus} messages split ${Math.round(a.train_share * 100)}/${100 - Math.round(a.train_share * 100)} by route (seed ${a.seed}); each contender fits the ${a.train} and is scored on the ${a.held_out} it never saw`);
  const heldKinds = kinds.filter((k) => a.ours.held_out.by_kind[k]);
  out.push(
    ...table(
      ['', 'overall', ...heldKinds, 'out-of-scope answered', 'clarified', 'bands'],
      contenders(a).map(([name, c]) => [
        name,
        pct(c.held_out.correct, c.held_out.total),
        ...heldKinds.map((k) => cell(c.held_out.by_kind[k])),
        `${c.held_out.out_of_scope_answered.count}/${c.held_out.out_of_scope_answered.of}`,
        c.held_out.clarified,
        bandsText(c),
      ]),
    ),
  );
  for (const file of Object.keys(a.ours.checks)) {
    const checkKinds = kinds.filter((k) => a.ours.checks[file]!.by_kind[k]);
    out.push('', `on ${file} (whole first-message pipeline; clarifying with the right topic counts)`);
    out.push(
      ...table(
        ['', 'overall', ...checkKinds, 'out-of-scope answered', 'clarified'],
        contenders(a).map(([name, c]) => {
          const s = c.checks[file]!;
          return [name, pct(s.correct, s.total), ...checkKinds.map((k) => cell(s.by_kind[k])), `${s.out_of_scope_answered.count}/${s.out_of_scope_answered.of}`, s.clarified];
        }),
      ),
    );
  }
  const c = r.cost;
  const row = (name: string, s: RouterSizeFigures) => [name, s.messages, s.train_cpu_ms, s.train_wall_ms, s.classify_cpu_us_per_message, s.classify_cpu_p99_us, s.classify_p50_us, s.classify_p99_us, s.heap_mb];
  out.push('', 'ROUTER COST (classify on the check files\' texts; train = analyse the corpus + fit)');
  out.push(
    ...table(
      ['corpus', 'messages', 'train CPU ms', 'train wall ms', 'classify CPU µs/msg', 'CPU p99 µs', 'wall p50 µs', 'wall p99 µs', 'heap MB'],
      [row('shipped', c.shipped), ...(c.q10000 ? [row('10,000', c.q10000)] : []), ...(c.q100000 ? [row('100,000', c.q100000)] : [])],
    ),
  );
  out.push(`shipped training CPU, 3 runs: ${c.shipped.train_cpu_runs_ms.join(', ')} ms`);
  if (c.growth_10k_to_100k) out.push(`10k → 100k (10× the messages): training CPU ${c.growth_10k_to_100k.train_cpu}×, classify CPU ${c.growth_10k_to_100k.classify_cpu}×, wall p99 ${c.growth_10k_to_100k.classify_p99}×`);
  const oos = a.ours.checks['near-miss-routes'];
  if (oos) t.push([`out-of-scope answered ≤ 5% (near-miss-routes): ${oos.out_of_scope_answered.count}/${oos.out_of_scope_answered.of}`, oos.out_of_scope_answered.count <= 0.05 * oos.out_of_scope_answered.of]);
  if (c.q10000) t.push([`router p99 at 10k ≤ 5 ms: ${c.q10000.classify_p99_us} µs`, c.q10000.classify_p99_us <= 5000]);
  if (c.growth_10k_to_100k) t.push([`router classify no worse than linear 10k→100k: ${c.growth_10k_to_100k.classify_cpu}× CPU`, c.growth_10k_to_100k.classify_cpu <= 10]);
}

function bandsText(c: ContenderFigures): string {
  const b = c.bands as Record<string, number>;
  const tuned = c.tuned_on ? `, tuned ${pct(c.tuned_on.correct, c.tuned_on.total)}` : ', shipped';
  return `${Object.entries(b).map(([k, v]) => `${k} ${Math.round(v * 1000) / 1000}`).join(' ')}${tuned}`;
}

function redFlagSection(f: RedFlagFigures, out: string[], t: [string, boolean][]): void {
  out.push('', `RED-FLAG SCAN (reader.redFlag on ${f.messages} check-file messages, mean ${f.mean_chars} characters)`);
  out.push(`CPU per message ${f.cpu_us_per_message} µs (median of runs ${f.cpu_runs_us.join(', ')}); single scans CPU p50 ${f.cpu_p50_us} µs, p99 ${f.cpu_p99_us} µs`);
  for (const [name, c] of Object.entries(f.checks)) out.push(`${name}: caught ${c.caught}/${c.emergencies}, false alarms ${c.false_alarms}/${c.look_alikes}`);
  t.push([`red-flag scan ≤ 10 µs per message: ${f.cpu_us_per_message} µs CPU`, f.cpu_us_per_message <= 10]);
}

import type { MatcherFigures } from './benchMatcher.js';
import type { EngineFigures, LoadFigures } from './benchEngine.js';
import type { RedisLimit } from './runRedisBenchmark.js';
import type { Accuracy } from './scoreBaseline.js';
import type { StartupFigures } from './measureStartup.js';

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
  };
  readonly engine: (EngineFigures & { redis: RedisLimit; redis_get_set_pairs_per_s: number; ratio_to_redis: number }) | null;
  readonly startup_ms: number;
  readonly startup: StartupFigures;
  readonly machine: { cpus: number; cpu: string; mem_gb: number; node: string };
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
  const m = r.matcher;
  const out: string[] = [`machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.mem_gb} GB, Node ${r.machine.node}`, '', 'MATCHER (per query, µs)'];
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
  const e = r.engine;
  if (e) {
    out.push('', `ENGINE + REDIS (one process; latency with users pausing ${e.think_ms[0]}–${e.think_ms[1]} ms between messages)`);
    const row = (name: string, l: LoadFigures) => [name, l.messages, l.msgs_per_s, l.saturated_p50_ms, l.saturated_p99_ms, l.paced_msgs_per_s, l.p50_ms, l.p99_ms, l.failed];
    out.push(...table(['users', 'messages', 'max msgs/s', 'sat p50 ms', 'sat p99 ms', 'paced msgs/s', 'p50 ms', 'p99 ms', 'failed'], [row('100', e.users100), row('1,000', e.users1000)]));
    out.push(
      `redis commands per message  ${e.redis_cmds_per_msg}  (${Object.entries(e.redis_cmds_breakdown).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `session bytes (MEMORY USAGE) idle ${e.session_bytes}, mid-checklist ${e.session_bytes_checklist}`,
      `process RSS peak            ${e.rss_mb} MB`,
      `redis-benchmark             GET ${Math.round(e.redis.get_rps)}/s, SET ${Math.round(e.redis.set_rps)}/s → ${Math.round(e.redis_get_set_pairs_per_s)} GET+SET pairs/s`,
      `ours / redis pair limit     ${Math.round(100 * e.ratio_to_redis)}%`,
    );
  } else out.push('', 'ENGINE: skipped (no REDIS_URL)');
  out.push('', `START-UP  ${r.startup_ms} ms to ready (spawn → KB loaded, index built; ${r.startup.in_process_ms} ms inside the process; median of ${r.startup.runs})`);
  out.push('', 'TARGETS (reported, not asserted)');
  const t: [string, boolean][] = [
    [`matcher p99 shipped ≤ 1 ms: ${m.shipped.p99_us} µs`, m.shipped.p99_us <= 1000],
    [`matcher p99 at 10k ≤ 5 ms: ${m.q10000.p99_us} µs`, m.q10000.p99_us <= 5000],
    [`≥ 10× faster than fuse at 10k: ${m.speedup_q10000}×`, m.speedup_q10000 >= 10],
  ];
  if (e) {
    t.push([`p99 at 1,000 users ≤ 10 ms: ${e.users1000.p99_ms} ms`, e.users1000.p99_ms <= 10]);
    t.push([`≥ 30% of Redis GET+SET pairs: ${Math.round(100 * e.ratio_to_redis)}%`, e.ratio_to_redis >= 0.3]);
    t.push([`≤ 1 KB per idle session: ${e.session_bytes} B`, e.session_bytes <= 1024]);
  }
  t.push([`start-up ≤ 1.5 s: ${r.startup_ms} ms`, r.startup_ms <= 1500]);
  out.push(...t.map(([s, ok]) => `  ${mark(ok).padEnd(6)}  ${s}`));
  return out.join('\n');
}

import { loadavg } from 'node:os';
import type { Bundle } from '../../loadContent.js';
import type { LabelledMessage } from '../evaluateRoutes.js';
import { benchBurst } from './benchBurst.js';
import { round } from './summarise.js';

const option = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : undefined;
};

/**
 * `npm run bench -- --only burst [--users 10000] [--in-flight N] [--no-script] [--erasers 300] [--missed 10] [--json]`:
 * a figure, not a test. `--in-flight 1000000` lifts the gate, to measure the old behaviour beside the new.
 */
export async function runBurstBench(bundle: Bundle, dev: readonly LabelledMessage[], json: boolean, log: (line: string) => void): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('the burst bench needs REDIS_URL (npm run bench starts a throwaway redis-server)');
  const faq = dev.filter((i) => i.expect[0]?.startsWith('faq:'));
  const pool = { zh: faq.filter((i) => /\p{Script=Han}/u.test(i.text)).map((i) => i.text), en: faq.filter((i) => !/\p{Script=Han}/u.test(i.text)).map((i) => i.text) };
  const at_start = loadavg().map((x) => round(x, 2));
  const maxInFlight = option('in-flight');
  const report = await benchBurst(
    bundle,
    redisUrl,
    pool,
    { users: option('users') ?? 10_000, ...(maxInFlight ? { maxInFlight } : {}), scripted: !process.argv.includes('--no-script'), erasers: option('erasers') ?? 300, missedPerEraser: option('missed') ?? 10 },
    log,
  );
  const full = { ...report, load_average: { at_start, at_end: loadavg().map((x) => round(x, 2)) } };
  if (json) return void process.stdout.write(`${JSON.stringify(full)}\n`);
  const row = (name: string, b: typeof report.single) =>
    `${name.padEnd(26)} ${String(b.answered).padStart(7)} answered  ${String(b.apologies).padStart(7)} apologies  p50 ${b.p50_ms} ms  p99 ${b.p99_ms} ms  max ${b.max_ms} ms  ${b.seconds} s  ${b.cpu_us_per_message} µs CPU/msg  peak waiting ${b.peak_waiting}`;
  const e = report.erase;
  process.stdout.write(
    [
      `gate: ${report.max_in_flight ? `${report.max_in_flight} in flight` : 'none'}   load average ${at_start.join(' ')} → ${full.load_average.at_end.join(' ')}`,
      row(`${report.single.users} users × 1`, report.single),
      ...(report.scripted ? [row(`${report.scripted.users} users × 12`, report.scripted)] : []),
      `erase: ${e.erasers} at once, ${e.missed_logged} of their questions logged: ${e.confirmed} confirmed, ${e.apologies} apologies, p50 ${e.p50_ms} ms, p99 ${e.p99_ms} ms, ${e.missed_left} left in the log`,
      `unhandled rejections: ${report.unhandled_rejections}${report.unhandled_sample ? ` (first: ${report.unhandled_sample})` : ''}`,
      '',
    ].join('\n'),
  );
}

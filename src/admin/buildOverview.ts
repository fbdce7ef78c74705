import type { DayCounters } from '../metrics/statsStore.js';

/** One day's figures as the console and `npm run report` show them. */
export interface DayFigures {
  readonly day: string;
  readonly conversations: number;
  readonly messages: number;
  readonly emergencies: number;
  readonly falseAlarms: number;
  readonly fallbacks: number;
  readonly handoffs: number;
  readonly unanswered: number;
  readonly checklistStarted: number;
  readonly checklistCompleted: number;
  readonly csatCount: number;
  readonly csatSum: number;
}

/** The period's totals and rates; rates are null when there is nothing to divide by. */
export interface Overview {
  readonly days: readonly DayFigures[];
  readonly totals: Omit<DayFigures, 'day'>;
  /** Conversations that ended without a human (no ticket), of all conversations. */
  readonly autoResolutionRate: number | null;
  readonly handoffRate: number | null;
  readonly fallbackRate: number | null;
  readonly csatAverage: number | null;
  readonly handoffReasons: Readonly<Record<string, number>>;
  readonly routes: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly csatScores: Readonly<Record<string, number>>;
  readonly sources: Readonly<Record<string, number>>;
}

const n = (c: DayCounters, k: string) => c[k] ?? 0;
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function byPrefix(all: readonly DayCounters[], prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of all) for (const [k, v] of Object.entries(c)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = (out[k.slice(prefix.length)] ?? 0) + v;
  return out;
}

/** Pure: daily counters (oldest first) → the overview. */
export function buildOverview(dayNames: readonly string[], counters: readonly DayCounters[]): Overview {
  const days = dayNames.map((day, i): DayFigures => {
    const c = counters[i] ?? {};
    return {
      day,
      conversations: n(c, 'conversations'),
      messages: n(c, 'messages'),
      emergencies: n(c, 'emergencies'),
      falseAlarms: n(c, 'false_alarms'),
      fallbacks: n(c, 'fallbacks'),
      handoffs: Object.entries(c).reduce((s, [k, v]) => (k.startsWith('handoff:') ? s + v : s), 0),
      unanswered: n(c, 'unanswered'),
      checklistStarted: n(c, 'checklist_started'),
      checklistCompleted: n(c, 'checklist_completed'),
      csatCount: n(c, 'csat_count'),
      csatSum: n(c, 'csat_sum'),
    };
  });
  const sum = (k: keyof Omit<DayFigures, 'day'>) => days.reduce((s, d) => s + d[k], 0);
  const totals = {
    conversations: sum('conversations'),
    messages: sum('messages'),
    emergencies: sum('emergencies'),
    falseAlarms: sum('falseAlarms'),
    fallbacks: sum('fallbacks'),
    handoffs: sum('handoffs'),
    unanswered: sum('unanswered'),
    checklistStarted: sum('checklistStarted'),
    checklistCompleted: sum('checklistCompleted'),
    csatCount: sum('csatCount'),
    csatSum: sum('csatSum'),
  };
  const handedOver = counters.reduce((s, c) => s + n(c, 'handoff_conversations'), 0);
  return {
    days,
    totals,
    autoResolutionRate: totals.conversations > 0 ? Math.max(0, 1 - handedOver / totals.conversations) : null,
    handoffRate: ratio(handedOver, totals.conversations),
    fallbackRate: ratio(totals.fallbacks, totals.messages),
    csatAverage: ratio(totals.csatSum, totals.csatCount),
    handoffReasons: byPrefix(counters, 'handoff:'),
    routes: byPrefix(counters, 'route:'),
    outcomes: byPrefix(counters, 'outcome:'),
    csatScores: byPrefix(counters, 'csat:'),
    sources: byPrefix(counters, 'source:'),
  };
}

/** The overview as plain text, for `npm run report`. */
export function formatOverview(o: Overview): string {
  const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const list = (r: Readonly<Record<string, number>>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '–';
  const t = o.totals;
  const first = o.days[0]?.day ?? '';
  const last = o.days.at(-1)?.day ?? '';
  return [
    `Consultation bot, ${first} to ${last} (${o.days.length} days)`,
    `conversations        ${t.conversations}`,
    `messages             ${t.messages}`,
    `auto-resolution rate ${pct(o.autoResolutionRate)}`,
    `handoff rate         ${pct(o.handoffRate)}   reasons: ${list(o.handoffReasons)}`,
    `fallback rate        ${pct(o.fallbackRate)}   unanswered recorded: ${t.unanswered}`,
    `emergencies          ${t.emergencies}   dismissed as false alarms: ${t.falseAlarms}`,
    `self-checks          ${t.checklistStarted} started, ${t.checklistCompleted} completed   outcomes: ${list(o.outcomes)}`,
    `CSAT                 ${o.csatAverage === null ? '–' : o.csatAverage.toFixed(2)} from ${t.csatCount} ratings   ${list(o.csatScores)}`,
    `sources              ${list(o.sources)}`,
    `routes               ${list(o.routes)}`,
    '',
    'day         conv  msgs  handoffs  emerg  fallbacks',
    ...o.days.filter((d) => d.messages > 0).map((d) => `${d.day}  ${String(d.conversations).padStart(4)}  ${String(d.messages).padStart(4)}  ${String(d.handoffs).padStart(8)}  ${String(d.emergencies).padStart(5)}  ${String(d.fallbacks).padStart(9)}`),
  ].join('\n');
}

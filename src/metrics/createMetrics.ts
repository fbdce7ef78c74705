import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChecklistFlow } from '../core/model.js';
import type { Logger, TicketStore } from '../core/ports.js';
import type { TurnRecord } from '../runtime/createBot.js';
import { countTurn } from './countTurn.js';
import { dayOf } from './dayOf.js';
import type { StatsStore } from './statsStore.js';

export interface MetricsDeps {
  readonly stats: StatsStore;
  readonly flow: ChecklistFlow;
  readonly logger: Logger;
  readonly retentionMs: number;
  /** The clinic's time zone: a day's counters follow its calendar. */
  readonly timeZone?: string;
  readonly now?: () => number;
  /** Default process metrics (CPU, memory, event loop) are on unless a test turns them off. */
  readonly processMetrics?: boolean;
}

/**
 * Prometheus metrics (prom-client, `csb_` prefix) and the daily counters behind the console,
 * both fed from the runner's TurnRecord. Labels are channels, routes, reasons and scores only:
 * never a user, never text. Daily writes are fire-and-forget, so a slow Redis costs no reply.
 */
export function createMetrics(deps: MetricsDeps) {
  const now = deps.now ?? Date.now;
  const registry = new Registry();
  if (deps.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'csb_' });
  const r = { registers: [registry] };
  const messages = new Counter({ name: 'csb_messages_total', help: 'Messages handled, by channel and route (failed: the store was down)', labelNames: ['channel', 'route'] as const, ...r });
  const latency = new Histogram({ name: 'csb_reply_seconds', help: 'Time from receiving a message to its replies being ready', labelNames: ['channel'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], ...r });
  const fallbacks = new Counter({ name: 'csb_fallbacks_total', help: 'Messages the bot could not answer', labelNames: ['channel'] as const, ...r });
  const emergencies = new Counter({ name: 'csb_emergencies_total', help: 'Red-flag messages answered with the 120 reply', labelNames: ['channel'] as const, ...r });
  const falseAlarms = new Counter({ name: 'csb_false_alarms_total', help: 'Emergency replies the patient dismissed as not an emergency', labelNames: ['channel'] as const, ...r });
  const handoffs = new Counter({ name: 'csb_handoffs_total', help: 'Tickets opened for a human consultant, by reason', labelNames: ['reason'] as const, ...r });
  const ratings = new Counter({ name: 'csb_csat_ratings_total', help: 'Consultation ratings (1-5), by score', labelNames: ['score'] as const, ...r });
  const storeErrors = new Counter({ name: 'csb_store_errors_total', help: 'Messages that failed because the session store failed', labelNames: ['channel'] as const, ...r });
  const throttled = new Counter({ name: 'csb_throttled_total', help: 'Messages dropped by the flood limit', labelNames: ['channel'] as const, ...r });
  const conversations = new Counter({ name: 'csb_conversations_total', help: 'Conversations started (a user without a live session wrote)', labelNames: ['channel'] as const, ...r });
  const checklist = new Counter({ name: 'csb_checklist_total', help: 'Self-checks started and completed', labelNames: ['event'] as const, ...r });
  const statsErrors = new Counter({ name: 'csb_stats_write_errors_total', help: 'Daily counter writes that failed (the console under-counts)', ...r });
  const outboxes = new Map<string, () => number>();
  let tickets: TicketStore | undefined;
  new Gauge({
    name: 'csb_outbox_depth',
    help: 'Replies queued for sending, by channel',
    labelNames: ['channel'] as const,
    ...r,
    collect() {
      this.reset();
      for (const [channel, depth] of outboxes) this.set({ channel }, depth());
    },
  });
  new Gauge({
    name: 'csb_tickets',
    help: 'Open handoff tickets, by status (waiting for a consultant, or active)',
    labelNames: ['status'] as const,
    ...r,
    async collect() {
      if (!tickets) return;
      const open = await tickets.listOpen().catch(() => null);
      if (!open) return;
      this.set({ status: 'waiting' }, open.filter((t) => t.status === 'waiting').length);
      this.set({ status: 'active' }, open.filter((t) => t.status === 'active').length);
    },
  });

  return {
    registry,
    /** The runner's hook: one call per handled message. */
    observe(turn: TurnRecord): void {
      const channel = turn.channel;
      if (turn.storeError) storeErrors.inc({ channel });
      if (turn.route === 'throttled') throttled.inc({ channel });
      else {
        messages.inc({ channel, route: turn.route ?? 'failed' });
        latency.observe({ channel }, turn.ms / 1000);
      }
      if (turn.route === 'fallback') fallbacks.inc({ channel });
      if (turn.route === 'emergency') emergencies.inc({ channel });
      const inc = countTurn(turn, deps.flow);
      if (inc.conversations) conversations.inc({ channel });
      if (inc.checklist_started) checklist.inc({ event: 'started' });
      if (inc.checklist_completed) checklist.inc({ event: 'completed' });
      if (inc.false_alarms) falseAlarms.inc({ channel }, inc.false_alarms);
      for (const e of turn.effects) {
        if (e.type === 'openTicket') handoffs.inc({ reason: e.reason });
        if (e.type === 'rate') ratings.inc({ score: String(e.score) });
      }
      this.count(inc);
    },
    /** Adds to today's counters (also for events outside a message, such as a start parameter's source). */
    count(inc: Record<string, number>): void {
      if (!Object.keys(inc).length) return;
      deps.stats.add(dayOf(now(), deps.timeZone), inc, deps.retentionMs).catch(() => {
        statsErrors.inc();
        deps.logger.warn({ code: 'CSB_STATS_WRITE' }, 'daily counters could not be written');
      });
    },
    /** Where patients came from (a Telegram start parameter, a WeCom scene_param): a short token, counted per day. */
    source(channel: string, source: string): void {
      const clean = source.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 32);
      if (clean) this.count({ [`source:${channel}:${clean}`]: 1 });
    },
    /** A channel's send queue, read when /metrics is scraped. */
    watchOutbox(channel: string, depth: () => number): void {
      outboxes.set(channel, depth);
    },
    watchTickets(store: TicketStore): void {
      tickets = store;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

import type { CallbackTicket, Ticket } from '../core/ports.js';
import type { Overview } from './buildOverview.js';
import type { UnansweredGroup } from './groupUnanswered.js';
import type { KnowledgeSummary } from './summariseKnowledge.js';
import { renderBarChart } from './renderBarChart.js';

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

const style = `body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f4e79;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}
header a{color:#fff;text-decoration:none}header form{margin-left:auto}main{padding:16px 20px;max-width:1000px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:20px}table{border-collapse:collapse;background:#fff;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.chart{background:#fff;border:1px solid #ddd;margin:8px 0;max-width:100%;height:auto}.bad{color:#a00}.ok{color:#070}`;

/** The page frame with the console's navigation; `body` is already escaped HTML. */
export function layout(title: string, body: string, signedIn = true): string {
  const nav = signedIn
    ? `<a href="/admin">Overview</a><a href="/admin/unanswered">Unanswered</a><a href="/admin/tickets">Tickets</a><a href="/admin/knowledge">Knowledge</a><form method="post" action="/admin/logout"><button>Sign out</button></form>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)} · consultation bot</title><style>${style}</style></head><body><header><strong>Consultation bot</strong>${nav}</header><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

export function loginPage(wrong: boolean): string {
  return layout(
    'Sign in',
    `${wrong ? '<p class="bad" id="login-error">Wrong token.</p>' : ''}<form method="post" action="/admin/login"><label>Admin token <input type="password" name="token" autocomplete="current-password" autofocus></label> <button type="submit">Sign in</button></form>`,
    false,
  );
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  if (!rows.length) return '<p>None.</p>';
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</table>`;
}

const counts = (r: Readonly<Record<string, number>>) => Object.entries(r).sort((a, b) => b[1] - a[1]);

export function overviewPage(o: Overview): string {
  const t = o.totals;
  const days = o.days.map((d) => d.day);
  const card = (label: string, value: string | number) => `<div class="card">${esc(label)}<b>${esc(String(value))}</b></div>`;
  return layout(
    `Overview, last ${o.days.length} days`,
    [
      '<div class="cards">',
      card('Conversations', t.conversations),
      card('Messages', t.messages),
      card('Auto-resolution', pct(o.autoResolutionRate)),
      card('Handoff rate', pct(o.handoffRate)),
      card('Fallback rate', pct(o.fallbackRate)),
      card('Emergencies', t.emergencies),
      card('False alarms', t.falseAlarms),
      card('Self-checks', `${t.checklistCompleted}/${t.checklistStarted}`),
      card('CSAT', o.csatAverage === null ? '–' : `${o.csatAverage.toFixed(2)} (${t.csatCount})`),
      '</div>',
      renderBarChart('Conversations and messages per day', days, [
        { label: 'conversations', values: o.days.map((d) => d.conversations), colour: '#1f77b4' },
        { label: 'messages', values: o.days.map((d) => d.messages), colour: '#aec7e8' },
      ]),
      renderBarChart('Handoffs, fallbacks and emergencies per day', days, [
        { label: 'handoffs', values: o.days.map((d) => d.handoffs), colour: '#ff7f0e' },
        { label: 'fallbacks', values: o.days.map((d) => d.fallbacks), colour: '#7f7f7f' },
        { label: 'emergencies', values: o.days.map((d) => d.emergencies), colour: '#d62728' },
      ]),
      renderBarChart('Self-checks per day', days, [
        { label: 'started', values: o.days.map((d) => d.checklistStarted), colour: '#2ca02c' },
        { label: 'completed', values: o.days.map((d) => d.checklistCompleted), colour: '#98df8a' },
      ]),
      '<h2>Handoff reasons</h2>',
      table(['reason', 'tickets'], counts(o.handoffReasons)),
      '<h2>Self-check outcomes</h2>',
      table(['outcome', 'count'], counts(o.outcomes)),
      '<h2>CSAT scores</h2>',
      table(['score', 'ratings'], counts(o.csatScores)),
      '<h2>Sources</h2>',
      table(['channel:source', 'conversations'], counts(o.sources)),
      '<h2>Routes</h2>',
      table(['route', 'messages'], counts(o.routes)),
    ].join(''),
  );
}

export function unansweredPage(groups: readonly UnansweredGroup[], titleOf: (id: string) => string): string {
  const total = groups.reduce((s, g) => s + g.count, 0);
  const body = groups
    .map(
      (g) =>
        `<h2>${esc(g.topic ? `${titleOf(g.topic)} (${g.topic})` : 'No near topic')}: ${g.count}</h2>` +
        (g.texts.length ? `<ul>${g.texts.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : '') +
        (g.count > g.texts.length ? `<p>${g.count - g.texts.length} without text (they held health or identifying terms, so only the topic was kept).</p>` : ''),
    )
    .join('');
  return layout(
    'Unanswered questions',
    `<p>${total} recorded, grouped by nearest topic. <a id="export" href="/admin/unanswered.jsonl" download>Export as labelled JSONL</a> (one {"route","text"} line per kept question; correct the label, then add it to knowledge/training/).</p>${body || '<p>None.</p>'}`,
  );
}

export function ticketsPage(open: readonly Ticket[], closed: readonly Ticket[], now: number, callbacks: readonly CallbackTicket[] = []): string {
  const age = (ms: number) => (ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : ms < 172_800_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 86_400_000)} d`);
  return layout(
    'Tickets',
    [
      '<h2>Waiting and active</h2>',
      table(
        ['#', 'status', 'channel', 'reason', 'urgent', 'age', 'waited'],
        open.map((t) => [t.number, t.status, t.channel, t.reason, t.urgent ? 'yes' : '', age(now - t.openedAt), t.takenAt ? age(t.takenAt - t.openedAt) : age(now - t.openedAt)]),
      ),
      // The number is shown because calling it is the operator's job; it is never logged.
      '<h2 id="callbacks">Call-back requests</h2>',
      table(
        ['callback', 'phone', 'preferred time', 'language', 'channel', 'why', 'age'],
        callbacks.map((c) => [`C${c.number}`, c.phone, c.when, c.lang, c.channel, c.reason, age(now - c.requestedAt)]),
      ),
      '<h2>Closed (30 days)</h2>',
      table(
        ['#', 'channel', 'reason', 'opened', 'waited', 'rating'],
        closed.map((t) => [t.number, t.channel, t.reason, new Date(t.openedAt).toISOString().slice(0, 16).replace('T', ' '), t.takenAt ? age(t.takenAt - t.openedAt) : 'not taken', t.rating ?? '–']),
      ),
    ].join(''),
  );
}

export function knowledgePage(k: KnowledgeSummary): string {
  const status = k.check.ok
    ? `<p class="ok" id="kb-status">kb:check passes: ${k.check.examples} example questions route home, no unsupported claims.</p>`
    : `<p class="bad" id="kb-status">kb:check fails:</p><ul>${k.check.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`;
  return layout(
    'Knowledge',
    `<p>Content version <code id="kb-version">${esc(k.version)}</code> (sha256 of ${k.files} files under knowledge/ and flows/).</p>${status}<h2>Answers</h2>${table(
      ['topic', 'title', 'source', 'answer'],
      k.answers.map((a) => [a.id, a.title, a.source, a.answer]),
    )}`,
  );
}
